// Real calls between headless Chromium pages through parley-server, using the embedding
// API (web/parley.js) without the ImGui UI. Fake camera: 640x480 with moving content.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, startServer } from './lib/harness.mjs';
import { assertNoPageErrors, expectLiveAudio, expectLiveVideo, joinEmbed, waitForEvent } from './lib/call.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('two people in one room see and hear each other', { timeout: 90_000 }, async () => {
  const ada = await joinEmbed(browser, server, 'two-people', 'Ada');
  const bob = await joinEmbed(browser, server, 'two-people', 'Bob');
  try {
    await expectLiveVideo(ada.page, bob.peerId, { width: 640, height: 480 });
    await expectLiveVideo(bob.page, ada.peerId, { width: 640, height: 480 });
    await expectLiveAudio(ada.page, bob.peerId);
    await expectLiveAudio(bob.page, ada.peerId);
    const joined = await waitForEvent(ada.page, 'peer-joined');
    assert.equal(joined.name, 'Bob');
    assertNoPageErrors(ada, bob);
  } finally {
    await ada.context.close();
    await bob.context.close();
  }
});
