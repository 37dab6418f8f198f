// Calls that survive what goes wrong: the signaling server dying mid-call, and a person
// who refuses camera and microphone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, startServer } from './lib/harness.mjs';
import {
  assertNoPageErrors, closeAll, expectFramesAdvance, expectLiveVideo, joinEmbed, tileVideo, waitForEvent,
} from './lib/call.mjs';

const VGA = { width: 640, height: 480 };
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test('media flows through a signaling server crash; both rejoin and a third peer can call them',
  { timeout: 150_000 }, async () => {
    let server = await startServer();
    const ada = await joinEmbed(browser, server, 'restart', 'Ada');
    const bob = await joinEmbed(browser, server, 'restart', 'Bob');
    let cy = null;
    try {
      await expectLiveVideo(ada.page, tileVideo(bob.peerId), VGA);
      await expectLiveVideo(bob.page, tileVideo(ada.peerId), VGA);

      await server.kill();  // SIGKILL: no goodbye, sockets just die
      for (const person of [ada, bob]) {
        await waitForEvent(person.page, 'connection-state',
                           { where: (d) => d.peerId === null && d.state === 'reconnecting' });
      }
      // Peer to peer, the call goes on while there is no server at all.
      await expectFramesAdvance(ada.page, tileVideo(bob.peerId), { frames: 30 });
      await expectFramesAdvance(bob.page, tileVideo(ada.peerId), { frames: 30 });

      server = await startServer({ port: server.port });
      for (const person of [ada, bob]) {
        const rejoined = await waitForEvent(person.page, 'joined', { where: (d) => d.rejoined, timeoutMs: 30_000 });
        assert.equal(rejoined.peerId, person.peerId, 'rejoined with the same id');
      }
      await expectFramesAdvance(ada.page, tileVideo(bob.peerId), { frames: 30 });
      await expectFramesAdvance(bob.page, tileVideo(ada.peerId), { frames: 30 });
      for (const [person, other] of [[ada, bob], [bob, ada]]) {
        const peers = await person.page.evaluate(() => window.embed.client.peers);
        assert.deepEqual(peers.map((p) => [p.peerId, p.state]), [[other.peerId, 'connected']], 'no ghost, no duplicate');
        const left = await person.page.evaluate(() => window.embed.events.filter((e) => e.event === 'peer-left'));
        assert.deepEqual(left, [], 'nobody was dropped along the way');
      }

      cy = await joinEmbed(browser, server, 'restart', 'Cy');
      await expectLiveVideo(cy.page, tileVideo(ada.peerId), VGA);
      await expectLiveVideo(cy.page, tileVideo(bob.peerId), VGA);
      await expectLiveVideo(ada.page, tileVideo(cy.peerId), VGA);
      await expectLiveVideo(bob.page, tileVideo(cy.peerId), VGA);
      assertNoPageErrors(cy);
    } finally {
      await closeAll(ada, bob, cy);
      await server.stop();
    }
  });

test('a person who denies camera and microphone is told so and still joins receive-only',
  { timeout: 90_000 }, async () => {
    const server = await startServer();
    const denying = await launchBrowser({ withoutFakeUi: true });  // headless: the prompt says no
    const ann = await joinEmbed(browser, server, 'denied', 'Ann');
    const dee = await joinEmbed(denying, server, 'denied', 'Dee');
    try {
      const error = await waitForEvent(dee.page, 'error');
      assert.equal(error.code, 'permission-denied');
      assert.equal(error.fatal, false);
      assert.match(error.message, /denied/);
      assert.match(await dee.page.locator('#log').innerText(), /permission-denied: Camera and microphone access was denied/,
                   'the page shows the message');
      // Receive-only: Dee sees and hears Ann; Ann's side of the call is up too.
      await expectLiveVideo(dee.page, tileVideo(ann.peerId), VGA);
      await ann.page.waitForFunction(() => window.embed.client.peers[0]?.state === 'connected', null, { timeout: 20_000 });
      assert.deepEqual(await dee.page.evaluate(() => window.embed.client.localStream.getTracks().length), 0);
      assertNoPageErrors(ann);
    } finally {
      await closeAll(ann, dee);
      await denying.close();
      await server.stop();
    }
  });
