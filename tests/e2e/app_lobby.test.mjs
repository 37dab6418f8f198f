// The lobby before a call: a live self-preview, camera and microphone pickers filled from
// the browser's devices, going without a camera, and what a person who denied access sees
// and can still do - all by clicking.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { artifactsDir, launchBrowser, useServerAndBrowser } from './lib/harness.mjs';
import {
  click, closeApps, findWidget, joinFromLobby, liveTile, openApp, shoot, widgetGone,
} from './lib/app.mjs';
import { comparePixels } from './lib/pixels.mjs';

const fixture = useServerAndBrowser({ before, after });

const lobbyDevices = (page) => page.evaluate(() => window.parley.snapshot().lobby.devices);

async function expectLivePreview(page, name) {
  await page.waitForFunction(() => window.parley.snapshot().lobby.devices.previewing, null, { timeout: 20_000 });
  const { rect } = await findWidget(page, 'Self-preview', { kind: 'preview' });
  const first = await shoot(page, rect, path.join(artifactsDir, `${name}-1.png`));
  const then = await page.evaluate(() => window.parley.snapshot().video.uploads);
  await page.waitForFunction((then) => window.parley.snapshot().video.uploads >= then + 10, then, { timeout: 10_000 });
  const second = await shoot(page, rect, path.join(artifactsDir, `${name}-2.png`));
  const { changedFraction, distinctColours } = await comparePixels(page, first, second);
  assert.ok(distinctColours > 20 && changedFraction > 0.01, `preview: ${distinctColours} colours, ${changedFraction} changed`);
}

test('the lobby previews the camera, lists the devices and can join without a camera', { timeout: 120_000 }, async () => {
  const ada = await openApp(fixture.browser, `${fixture.server.url}?room=ui-lobby`);
  const bob = await openApp(fixture.browser, `${fixture.server.url}?room=ui-lobby`);
  try {
    await expectLivePreview(ada.page, 'lobby-preview');
    const devices = await lobbyDevices(ada.page);
    assert.ok(devices.cameras.length >= 1, JSON.stringify(devices));
    assert.ok(devices.microphones.length >= 1, JSON.stringify(devices));
    assert.equal(devices.camera, devices.cameras[0], 'the first camera is picked once devices are known');
    await ada.page.screenshot({ path: path.join(artifactsDir, 'lobby-with-preview.png') });

    // Camera picker -> "None": the preview goes, the call is joined without video.
    await click(ada.page, 'Camera', { kind: 'combo' });
    await click(ada.page, 'None - join without camera', { kind: 'option' });
    await ada.page.waitForFunction(() => window.parley.snapshot().lobby.devices.camera === null, null, { timeout: 5_000 });
    await findWidget(ada.page, 'Self-preview', { kind: 'preview-empty' });

    await joinFromLobby(ada.page, { name: 'Ada' });
    await joinFromLobby(bob.page, { name: 'Bob' });
    await liveTile(ada.page, 'Bob');
    const adaId = await ada.page.evaluate(() => window.parley.snapshot().call.selfId);
    await bob.page.waitForFunction((adaId) => window.parley.widgets().some((w) => w.kind === 'badge' && w.label === 'Camera off' && w.id === adaId),
                                   adaId, { timeout: 20_000 });
    const adaOnBob = await bob.page.evaluate((adaId) => window.parley.snapshot().call.participants.find((p) => p.peerId === adaId), adaId);
    assert.equal(adaOnBob.microphoneOn, true, 'the microphone was kept');
    assert.equal(await ada.page.evaluate(() => window.parley.widgets().some((w) => w.kind === 'toast')), false,
                 'going without a camera by choice is not an error');

    // Back in the lobby after leaving, the preview runs again with the same choice.
    await click(ada.page, 'Leave');
    await findWidget(ada.page, 'Join');
    assert.equal((await lobbyDevices(ada.page)).camera, null);
    await click(ada.page, 'Camera', { kind: 'combo' });
    await click(ada.page, devices.cameras[0], { kind: 'option' });
    await expectLivePreview(ada.page, 'lobby-preview-again');
    assert.deepEqual(ada.errors, []);
    assert.deepEqual(bob.errors, []);
  } finally {
    await closeApps(ada, bob);
  }
});

test('denied access: the lobby says so, offers to continue without, and the call works receive-only', { timeout: 120_000 }, async () => {
  const denying = await launchBrowser({ withoutFakeUi: true });  // headless: the prompt says no
  const ann = await openApp(fixture.browser, `${fixture.server.url}?room=ui-lobby-denied`);
  const dee = await openApp(denying, `${fixture.server.url}?room=ui-lobby-denied`);
  try {
    await dee.page.waitForFunction(() => window.parley.widgets().some((w) =>
      w.kind === 'message' && w.label.startsWith('Camera and microphone access was denied')), null, { timeout: 20_000 });
    await dee.page.screenshot({ path: path.join(artifactsDir, 'lobby-denied.png') });
    await click(dee.page, 'Continue without camera and microphone');
    await widgetGone(dee.page, 'Continue without camera and microphone');
    const devices = await lobbyDevices(dee.page);
    assert.equal(devices.camera, null);
    assert.equal(devices.microphone, null);

    await joinFromLobby(ann.page, { name: 'Ann' });
    await joinFromLobby(dee.page, { name: 'Dee' });
    await liveTile(dee.page, 'Ann');
    assert.equal(await dee.page.evaluate(() => window.parley.widgets().some((w) => w.kind === 'toast')), false,
                 'no error toast: the person chose to go without');
    assert.deepEqual(ann.errors, []);
  } finally {
    await closeApps(ann, dee);
    await denying.close();
  }
});
