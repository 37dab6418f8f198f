// A page that loses its network for longer than the server's idle timeout comes back
// into its own seat (issue 19, part 5): the server held the seat and told the room
// nothing, so the peer connections that never ended carry media, chat and a file transfer
// on once packets flow again - with a reference-design client in the room, which would
// have made a second connection for any peer-joined or offer it got, and did not.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, startServer } from './lib/harness.mjs';
import {
  assertNoPageErrors, closeAll, expectFramesAdvance, joinEmbed, joinReferenceClient, referenceVideo, tileVideo,
  waitForEvent,
} from './lib/call.mjs';
import { acceptEveryFile, fileEvent, makeFile, receivedDigest, sendFile } from './lib/files.mjs';
import { clientPortsTo, cutOff } from './lib/outage.mjs';

const MiB = 1024 * 1024;
const IDLE_TIMEOUT_S = 3;

// The value of a gauge on the server's /metrics, once it is `value` (bounded wait).
async function metricReaches(server, name, value, { timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let seen = null;
  while (Date.now() < deadline) {
    const page = await (await fetch(`${server.url}metrics`)).text();
    seen = Number(page.match(new RegExp(`^${name} (\\d+)$`, 'm'))?.[1]);
    if (seen === value) return;
    await new Promise((resolve) => { setTimeout(resolve, 200); });
  }
  throw new Error(`${name} stayed ${seen}, not ${value}, for ${timeoutMs} ms`);
}

// The page's peer connections that belong to a call (a prepared spare has no remote
// description yet), by state.
const callConnections = (person) => person.page.evaluate(() => window.madeConnections
  .filter((pc) => pc.signalingState !== 'closed' && pc.remoteDescription)
  .map((pc) => pc.connectionState));

test('offline past the idle timeout: back in the same seat, media, chat and a file go on, a reference client keeps its one connection',
  { timeout: 240_000 }, async () => {
    const server = await startServer({ args: ['--idle-timeout', String(IDLE_TIMEOUT_S), '--id-hold', '60'] });
    const browser = await launchBrowser();
    const query = '&video=320x240';
    let ada = null;
    let ref = null;
    let bob = null;
    let outage = null;
    try {
      ada = await joinEmbed(browser, server, 'offline', 'Ada', { query, recordConnections: true });
      ref = await joinReferenceClient(browser, server, 'offline', 'ref', { recordConnections: true });
      const before = clientPortsTo(server.port);
      bob = await joinEmbed(browser, server, 'offline', 'Bob', { query, recordConnections: true });
      const bobSockets = [...clientPortsTo(server.port)].filter((port) => !before.has(port));

      await expectFramesAdvance(ada.page, tileVideo(bob.peerId));
      await expectFramesAdvance(bob.page, tileVideo(ada.peerId));
      await expectFramesAdvance(bob.page, tileVideo('ref'));
      await expectFramesAdvance(ref.page, referenceVideo(bob.peerId));
      await bob.page.waitForFunction((ada) => window.embed.client.chatReady(ada), ada.peerId, { timeout: 20_000 });
      const referenceConnections = await ref.page.evaluate(() => window.madeConnections.length);
      assert.equal(referenceConnections, 2, 'the reference page has one connection to each Parley page');

      // A file from Ada to Bob, under way when Bob's network goes.
      await acceptEveryFile(bob);
      await acceptEveryFile(ada);
      const digest = await makeFile(ada, { name: 'across.bin', size: 48 * MiB });
      await sendFile(ada, bob.peerId, 'across.bin');
      await fileEvent(bob, (d) => d.name === 'across.bin' && d.bytes > 0);
      outage = await cutOff(bob, { tcpPorts: bobSockets });
      const atCut = await bob.page.evaluate(() => window.files.events.filter((d) => d.name === 'across.bin').at(-1));
      assert.notEqual(atCut.state, 'done', 'the transfer was cut midway');

      await ada.page.evaluate(() => window.embed.client.sendChat('sent while Bob was away'));
      // The server drops Bob's silent socket and holds his seat; his connections go down.
      await metricReaches(server, 'parley_away_members', 1);
      await bob.page.waitForFunction(
        () => window.madeConnections.some((pc) => pc.iceConnectionState === 'disconnected'), null, { timeout: 20_000 });

      await outage.restore();
      const rejoined = await waitForEvent(bob.page, 'joined', { where: (d) => d.rejoined, timeoutMs: 30_000 });
      assert.equal(rejoined.peerId, bob.peerId, 'the same seat');
      await metricReaches(server, 'parley_away_members', 0);

      // Media, both ways, with everyone.
      await expectFramesAdvance(ada.page, tileVideo(bob.peerId), { frames: 30, timeoutMs: 30_000 });
      await expectFramesAdvance(bob.page, tileVideo(ada.peerId), { frames: 30, timeoutMs: 30_000 });
      await expectFramesAdvance(bob.page, tileVideo('ref'), { frames: 30, timeoutMs: 30_000 });
      await expectFramesAdvance(ref.page, referenceVideo(bob.peerId), { frames: 30, timeoutMs: 30_000 });
      // Chat: what was said meanwhile arrives, and Bob can answer.
      await waitForEvent(bob.page, 'chat', { where: (d) => d.text === 'sent while Bob was away', timeoutMs: 30_000 });
      await bob.page.evaluate(() => window.embed.client.sendChat('back again'));
      await waitForEvent(ada.page, 'chat', { where: (d) => d.text === 'back again' && d.name === 'Bob' });
      // The file: complete, byte for byte.
      await fileEvent(bob, (d) => d.name === 'across.bin' && d.state === 'done', { timeoutMs: 120_000 });
      assert.equal(await receivedDigest(bob, 'across.bin'), digest);

      // Nobody left, nobody was made twice.
      for (const [person, others] of [[ada, [bob.peerId, 'ref']], [bob, [ada.peerId, 'ref']]]) {
        const peers = await person.page.evaluate(() => window.embed.client.peers.map((p) => [p.peerId, p.state]));
        assert.deepEqual(peers.sort(), others.map((id) => [id, 'connected']).sort(), `${person.name}'s peers`);
        const left = await person.page.evaluate(() => window.embed.events.filter((e) => e.event === 'peer-left'));
        assert.deepEqual(left, [], `${person.name} saw nobody leave`);
        await person.page.waitForFunction(() => window.madeConnections
          .filter((pc) => pc.signalingState !== 'closed' && pc.remoteDescription).length === 2, null, { timeout: 10_000 })
          .catch(async () => assert.fail(`${person.name}'s connections: ${await callConnections(person)}`));
      }
      const reference = await ref.page.evaluate(() => ({
        made: window.madeConnections.length,
        mapped: [...window.reference.chat.peers.values()].map((pc) => [window.madeConnections.indexOf(pc), pc.connectionState]),
      }));
      assert.equal(reference.made, referenceConnections, 'the reference page made no second connection');
      assert.deepEqual(reference.mapped.sort(), [[0, 'connected'], [1, 'connected']],
                       'its first connections, both still up');
      assertNoPageErrors(ada, ref);
      // Bob's page saw its own outage: requests it made while offline failed. Nothing else.
      const unexpected = bob.errors.filter((line) => !/^request failed: /.test(line));
      assert.deepEqual(unexpected, [], "Bob's page reported errors");
    } finally {
      await outage?.restore();
      await closeAll(ada, ref, bob);
      await browser.close();
      await server.stop();
    }
  });
