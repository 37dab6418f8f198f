// The app as a person uses it: type a name and a room, click Join, see the other person's
// live video in a tile, leave. Found by label, clicked with the mouse, typed with the
// keyboard; pixels read from screenshots of the WebGL canvas.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { artifactsDir, useServerAndBrowser } from './lib/harness.mjs';
import { click, findWidget, joinFromLobby, liveTile, openApp, shoot, widgetGone } from './lib/app.mjs';
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
    // Textures follow decoded frames, not UI frames.
    assert.ok(adaState.video.uploads <= adaState.video.presentedFrames,
              `uploads ${adaState.video.uploads} > presented frames ${adaState.video.presentedFrames}`);

    await click(bob.page, 'Leave');
    await widgetGone(ada.page, 'Bob', { kind: 'tile' });
    await bob.page.waitForFunction(() => window.parley.snapshot().screen === 'lobby', null, { timeout: 10_000 });
    await findWidget(bob.page, 'Join');
    assert.deepEqual(ada.errors, []);
    assert.deepEqual(bob.errors, []);
  } finally {
    await ada.context.close();
    await bob.context.close();
  }
});
