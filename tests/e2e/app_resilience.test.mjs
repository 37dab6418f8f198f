// The app when the server is not there: Join while it is down says so on a banner and
// joins once it is back; a server crash mid-call shows "Reconnecting" while the video
// goes on, then "Reconnected".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { artifactsDir, launchBrowser, startServer } from './lib/harness.mjs';
import { joinFromLobby, liveTile, openApp, shoot } from './lib/app.mjs';
import { comparePixels } from './lib/pixels.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const banner = (page, pattern, timeoutMs = 20_000) => page.waitForFunction((source) =>
  window.parley.widgets().some((w) => w.kind === 'banner' && new RegExp(source).test(w.label)),
pattern.source, { timeout: timeoutMs });

test('server down at Join, then back; a crash mid-call: banners, and the call goes on', { timeout: 150_000 }, async () => {
  let server = await startServer();
  const ada = await openApp(browser, `${server.url}?room=ui-outage`);
  const bob = await openApp(browser, `${server.url}?room=ui-outage`);
  try {
    await server.kill();
    // joinFromLobby waits for a server welcome; here there is none yet.
    const typing = joinFromLobby(ada.page, { name: 'Ada' });
    await banner(ada.page, /cannot be reached/);
    await ada.page.screenshot({ path: path.join(artifactsDir, 'app-server-unreachable.png') });

    server = await startServer({ port: server.port });
    await typing;  // joined once the server is back (its backoff retries)
    await joinFromLobby(bob.page, { name: 'Bob' });
    const bobOnAda = await liveTile(ada.page, 'Bob');

    await server.kill();
    await banner(ada.page, /Reconnecting to the server/);
    // Peer to peer, the video goes on while there is no server.
    const before = await shoot(ada.page, bobOnAda);
    const uploads = await ada.page.evaluate(() => window.parley.snapshot().video.uploads);
    await ada.page.waitForFunction((then) => window.parley.snapshot().video.uploads >= then + 15, uploads, { timeout: 10_000 });
    const { changedFraction } = await comparePixels(ada.page, before, await shoot(ada.page, bobOnAda));
    assert.ok(changedFraction > 0.01, `Bob's tile froze while the server was down (${changedFraction})`);

    server = await startServer({ port: server.port });
    await banner(ada.page, /^Reconnected\.$/, 40_000);
    const state = await ada.page.evaluate(() => window.parley.snapshot().call);
    assert.deepEqual(state.participants.map((p) => [p.name, p.connection]), [['Bob', 'connected']]);
    assert.deepEqual(ada.errors.filter((e) => !e.includes('WebSocket')), []);
  } finally {
    await ada.context.close();
    await bob.context.close();
    await server.stop();
  }
});
