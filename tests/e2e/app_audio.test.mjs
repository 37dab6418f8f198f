// Sound on the call screen: each tile's level bar follows that person's audio (Chromium's
// fake microphone beeps), the one speaking is highlighted, and a muted microphone shows
// no level on either side.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { artifactsDir, useServerAndBrowser } from './lib/harness.mjs';
import { click, closeApps, twoInACall } from './lib/app.mjs';

const fixture = useServerAndBrowser({ before, after });

// The highest level the bar of tile `id` shows within `ms` (the fake microphone beeps
// about once a second), sampled every animation frame in the page.
const peakLevel = (page, id, ms) => page.evaluate(({ id, ms }) => new Promise((resolve) => {
  let peak = 0;
  const end = performance.now() + ms;
  const look = () => {
    const bar = window.parley.widgets().find((w) => w.kind === 'level' && w.id === id);
    peak = Math.max(peak, bar?.value ?? 0);
    if (performance.now() < end) requestAnimationFrame(look); else resolve(peak);
  };
  look();
}), { id, ms });

test('level bars follow the voices, the speaker is highlighted, muting silences the bar', { timeout: 120_000 }, async () => {
  const { ada, bob } = await twoInACall(fixture.browser, fixture.server.url, 'ui-audio');
  const bobId = bob.id;
  try {

    const heard = await peakLevel(ada.page, bobId, 4_000);
    assert.ok(heard > 0.02, `Bob's bar on Ada's screen peaked at ${heard}`);
    assert.ok((await peakLevel(ada.page, 'self', 3_000)) > 0.02, 'Ada sees her own microphone working');
    await ada.page.waitForFunction((bobId) => window.parley.widgets().some((w) => w.kind === 'speaker' && w.id === bobId),
                                   bobId, { timeout: 10_000 });
    await ada.page.screenshot({ path: path.join(artifactsDir, 'app-audio-speaker.png') });

    await click(bob.page, 'Microphone on', { kind: 'toggle' });
    await bob.page.waitForFunction(() => window.parley.snapshot().call.microphoneOn === false);
    await ada.page.waitForFunction((bobId) => window.parley.widgets().some((w) => w.kind === 'badge' && w.label === 'Muted' && w.id === bobId),
                                   bobId, { timeout: 10_000 });
    // Give the smoothed level time to fall, then it must stay silent through several beeps.
    await ada.page.waitForFunction((bobId) => (window.parley.widgets().find((w) => w.kind === 'level' && w.id === bobId)?.value ?? 1) < 0.005,
                                   bobId, { timeout: 10_000 });
    const whileMuted = await peakLevel(ada.page, bobId, 3_000);
    assert.ok(whileMuted < 0.005, `Bob is muted but his bar peaked at ${whileMuted}`);
    assert.deepEqual(ada.errors, []);
    assert.deepEqual(bob.errors, []);
  } finally {
    await closeApps(ada, bob);
  }
});
