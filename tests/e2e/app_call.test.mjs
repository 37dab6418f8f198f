// The app as a person uses it: type a name and a room, click Join, see the other person's
// live video in a tile, leave. Found by label, clicked with the mouse, typed with the
// keyboard; pixels read from screenshots of the WebGL canvas.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { artifactsDir, launchBrowser, useServerAndBrowser } from './lib/harness.mjs';
import {
  click, closeApps, findWidget, joinFromLobby, liveTile, openApp, selfId, settledWidget, shoot, twoInACall,
  widgetGone,
} from './lib/app.mjs';
import { comparePixels } from './lib/pixels.mjs';

const fixture = useServerAndBrowser({ before, after });

// Two screenshots of a tile some frames apart: live video changes a good part of it.
async function expectLivePixels(page, rect, artifactName) {
  const first = await shoot(page, rect, path.join(artifactsDir, `${artifactName}-1.png`));
  const framesThen = await page.evaluate(() => window.parley.snapshot().video.uploads);
  await page.waitForFunction((then) => window.parley.snapshot().video.uploads >= then + 15, framesThen,
                             { timeout: 10_000 });
  const second = await shoot(page, rect, path.join(artifactsDir, `${artifactName}-2.png`));
  const { changedFraction, distinctColours } = await comparePixels(page, first, second);
  assert.ok(distinctColours > 20, `${artifactName}: ${distinctColours} colours - a blank tile, not video`);
  assert.ok(changedFraction > 0.01, `${artifactName}: only ${(changedFraction * 100).toFixed(2)}% of pixels changed - frozen`);
}

test('two people join by typing and clicking, see each other live, and one leaves', { timeout: 120_000 }, async () => {
  const ada = await openApp(fixture.browser, fixture.server.url);
  const bob = await openApp(fixture.browser, fixture.server.url);
  try {
    await joinFromLobby(ada.page, { name: 'Ada', room: 'ui-two' });
    await joinFromLobby(bob.page, { name: 'Bob', room: 'ui-two' });

    const bobOnAda = await liveTile(ada.page, 'Bob');
    const adaOnBob = await liveTile(bob.page, 'Ada');
    assert.ok(bobOnAda.width > 200 && bobOnAda.height > 100, `tile ${JSON.stringify(bobOnAda)}`);
    await expectLivePixels(ada.page, bobOnAda, 'app-call-ada-sees-bob');
    await expectLivePixels(bob.page, adaOnBob, 'app-call-bob-sees-ada');
    await ada.page.screenshot({ path: path.join(artifactsDir, 'app-call-ada.png') });
    await bob.page.screenshot({ path: path.join(artifactsDir, 'app-call-bob.png') });

    const adaState = await ada.page.evaluate(() => window.parley.snapshot());
    assert.deepEqual(adaState.call.participants.map((p) => [p.name, p.connection]), [['Bob', 'connected']]);
    // The app asks for 1280x720; the sender may scale it down while bandwidth ramps up.
    const { width, height } = adaState.call.participants[0].video;
    assert.ok(Math.abs(width / height - 16 / 9) < 0.02, `Bob's video is ${width}x${height}, not 16:9`);
    // Textures follow decoded frames, not UI frames (counted over the same two seconds; the
    // lobby preview's frames before the call are not in the videos shown now).
    const counters = () => ada.page.evaluate(() => ({
      uploads: window.parley.snapshot().video.uploads,
      decoded: [...document.querySelectorAll('#parley-videos video')]
        .reduce((sum, video) => sum + video.getVideoPlaybackQuality().totalVideoFrames, 0),
    }));
    const start = await counters();
    await ada.page.waitForFunction((then) => window.parley.snapshot().video.uploads >= then + 40, start.uploads,
                                   { timeout: 10_000 });
    const end = await counters();
    const [uploads, decoded] = [end.uploads - start.uploads, end.decoded - start.decoded];
    assert.ok(uploads <= decoded * 1.05 + 1, `${uploads} uploads for ${decoded} decoded frames`);
    assert.ok(adaState.video.uploads <= adaState.video.framesReady,
              `uploads ${adaState.video.uploads} > frames ready ${adaState.video.framesReady}`);

    // At 800x600 everything still fits: tiles and every control inside the window.
    await ada.page.setViewportSize({ width: 800, height: 600 });
    await ada.page.waitForFunction(() => window.parley.snapshot().framebuffer.width === 800, null, { timeout: 10_000 });
    await settledWidget(ada.page, 'Leave');
    const small = await ada.page.evaluate(() => window.parley.widgets());
    for (const widget of small.filter((w) => ['tile', 'toggle', 'button'].includes(w.kind))) {
      const { x, y, width, height } = widget.rect;
      assert.ok(x >= 0 && y >= 0 && x + width <= 800 && y + height <= 600, `${widget.label} at ${JSON.stringify(widget.rect)}`);
    }
    assert.equal(small.filter((w) => w.kind === 'toggle').length, 6, 'microphone, camera, share, chat, files, stats');
    await ada.page.screenshot({ path: path.join(artifactsDir, 'app-call-800x600.png') });

    await click(bob.page, 'Leave');
    await widgetGone(ada.page, 'Bob', { kind: 'tile' });
    await bob.page.waitForFunction(() => window.parley.snapshot().screen === 'lobby', null, { timeout: 10_000 });
    await findWidget(bob.page, 'Join');
    assert.deepEqual(ada.errors, []);
    assert.deepEqual(bob.errors, []);
  } finally {
    await closeApps(ada, bob);
  }
});

async function badgeOn(page, label, peerId, { timeoutMs = 10_000 } = {}) {
  await page.waitForFunction(({ label, peerId }) =>
    window.parley.widgets().some((w) => w.kind === 'badge' && w.label === label && w.id === peerId),
  { label, peerId }, { timeout: timeoutMs });
}
async function badgeOff(page, label, peerId, { timeoutMs = 10_000 } = {}) {
  await page.waitForFunction(({ label, peerId }) =>
    !window.parley.widgets().some((w) => w.kind === 'badge' && w.label === label && w.id === peerId),
  { label, peerId }, { timeout: timeoutMs });
}

test('microphone and camera switched by clicking (and by shortcut) show on the other side', { timeout: 120_000 }, async () => {
  const { ada, bob } = await twoInACall(fixture.browser, fixture.server.url, 'ui-switches');
  const adaId = ada.id;
  try {

    const mic = await click(ada.page, 'Microphone on', { kind: 'toggle' });
    assert.equal(mic.checked, true);
    await badgeOn(bob.page, 'Muted', adaId);
    await badgeOn(ada.page, 'Muted', 'self');
    assert.equal((await findWidget(ada.page, 'Microphone off', { kind: 'toggle' })).checked, false);

    await click(ada.page, 'Camera on', { kind: 'toggle' });
    await badgeOn(bob.page, 'Camera off', adaId);
    await ada.page.screenshot({ path: path.join(artifactsDir, 'app-switches-ada-off.png') });
    await bob.page.screenshot({ path: path.join(artifactsDir, 'app-switches-bob-sees-ada-off.png') });

    await click(ada.page, 'Camera off', { kind: 'toggle' });
    await badgeOff(bob.page, 'Camera off', adaId);
    await expectLivePixels(bob.page, await liveTile(bob.page, 'Ada'), 'app-switches-camera-back');

    await ada.page.keyboard.press('m');  // the shortcut the tooltip names
    await badgeOff(bob.page, 'Muted', adaId);
    assert.deepEqual(ada.errors, []);
    assert.deepEqual(bob.errors, []);
  } finally {
    await closeApps(ada, bob);
  }
});

test('the copied invite link opens the same room in a third browser, which joins by clicking', { timeout: 120_000 }, async () => {
  const ada = await openApp(fixture.browser, fixture.server.url);
  const cyBrowser = await launchBrowser();
  try {
    await ada.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await joinFromLobby(ada.page, { name: 'Ada', room: 'ui-invite' });
    await click(ada.page, 'Copy invite link');
    await ada.page.waitForFunction(() => window.parley.widgets().some((w) => w.kind === 'toast' && w.label.startsWith('Invite link copied')),
                                   null, { timeout: 10_000 });
    const link = await ada.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(link, new URL('?room=ui-invite', fixture.server.url).href);

    const cy = await openApp(cyBrowser, link);
    assert.equal((await cy.page.evaluate(() => window.parley.snapshot())).lobby.room, 'ui-invite');
    await joinFromLobby(cy.page, { name: 'Cy' });
    await expectLivePixels(cy.page, await liveTile(cy.page, 'Ada'), 'app-invite-cy-sees-ada');
    await liveTile(ada.page, 'Cy');
    assert.deepEqual(cy.errors, []);
    assert.deepEqual(ada.errors, []);
  } finally {
    await ada.context.close();
    await cyBrowser.close();
  }
});

test('denied camera and microphone: the app says so and the call goes on receive-only', { timeout: 120_000 }, async () => {
  const denying = await launchBrowser({ withoutFakeUi: true });  // headless: the prompt says no
  const ann = await openApp(fixture.browser, `${fixture.server.url}?room=ui-denied`);
  const dee = await openApp(denying, `${fixture.server.url}?room=ui-denied`);
  try {
    await joinFromLobby(ann.page, { name: 'Ann' });
    await joinFromLobby(dee.page, { name: 'Dee' });
    const toast = await dee.page.waitForFunction(() =>
      window.parley.widgets().find((w) => w.kind === 'toast' && /denied/.test(w.label)) ?? null, null, { timeout: 20_000 });
    assert.match((await toast.jsonValue()).label, /Camera and microphone access was denied/);
    await dee.page.screenshot({ path: path.join(artifactsDir, 'app-denied.png') });
    await expectLivePixels(dee.page, await liveTile(dee.page, 'Ann'), 'app-denied-dee-sees-ann');
    await badgeOn(dee.page, 'Camera off', 'self');
    const deeId = await selfId(dee.page);
    await badgeOn(ann.page, 'Camera off', deeId);
    await badgeOn(ann.page, 'Muted', deeId);
    assert.deepEqual(ann.errors, []);
  } finally {
    await ann.context.close();
    await dee.context.close();
    await denying.close();
  }
});
