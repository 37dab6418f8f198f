// The app starts in a real browser: parley-server serves the page, the wasm module
// loads, and Dear ImGui draws its first frame into the WebGL2 canvas.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { artifactsDir, useServerAndBrowser, waitForApp, watchForErrors } from './lib/harness.mjs';
import { summarisePixels } from './lib/pixels.mjs';
import { click, findWidget } from './lib/app.mjs';

const fixture = useServerAndBrowser({ before, after });

async function openApp(url) {
  const page = await fixture.browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchForErrors(page);
  await page.goto(url);
  const snapshot = await waitForApp(page);
  return { page, errors, snapshot };
}

test('ImGui draws its UI into the WebGL2 canvas without errors', { timeout: 60_000 }, async () => {
  const { page, errors, snapshot } = await openApp(fixture.server.url);

  assert.ok(snapshot.frames >= 1, `frames: ${snapshot.frames}`);
  assert.ok(snapshot.drawnVertices > 0, 'ImGui produced no vertices');
  assert.deepEqual(snapshot.framebuffer, { width: 1280, height: 720 });
  const isWebGL2 = await page.evaluate(() => Module.ctx instanceof WebGL2RenderingContext);
  assert.ok(isWebGL2, 'the canvas context is not WebGL2');

  // Wait for a second frame so the screenshot shows a presented frame, not the first swap.
  await page.waitForFunction((first) => window.parley.snapshot().frames > first, snapshot.frames);
  const png = await page.locator('#canvas').screenshot({ path: path.join(artifactsDir, 'first-frame.png') });
  const background = snapshot.clearColour.map((channel) => Math.round(channel * 255));
  const pixels = await summarisePixels(page, png, background);

  assert.equal(pixels.width, 1280);
  // The lobby window covers a visible part of the canvas and has text and widgets in it.
  assert.ok(pixels.differingFraction > 0.05, `only ${(pixels.differingFraction * 100).toFixed(2)}% of pixels are UI`);
  assert.ok(pixels.differingFraction < 0.9, 'the canvas is not showing the clear colour at all');
  // Window, title bar, input frames, button and text each have their own colour; ImGui's
  // default font is a pixel font, so text adds no anti-aliased shades.
  assert.ok(pixels.distinctColours >= 6, `only ${pixels.distinctColours} colours: no widgets drawn`);
  assert.ok(pixels.brightPixels > 500, `only ${pixels.brightPixels} near-white pixels: no text drawn`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the room in the page URL pre-fills the lobby', { timeout: 60_000 }, async () => {
  for (const suffix of ['?room=team-sync', '#team-sync']) {
    const { page, errors, snapshot } = await openApp(fixture.server.url + suffix);
    assert.equal(snapshot.lobby.room, 'team-sync', suffix);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('an invalid room in the URL is not pre-filled', { timeout: 60_000 }, async () => {
  const { page, errors, snapshot } = await openApp(`${fixture.server.url}?room=${encodeURIComponent('../etc/passwd')}`);
  assert.equal(snapshot.lobby.room, '');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the canvas follows the window size', { timeout: 60_000 }, async () => {
  const { page, errors } = await openApp(fixture.server.url);
  await page.setViewportSize({ width: 800, height: 600 });
  await page.waitForFunction(() => {
    const { width, height } = window.parley.snapshot().framebuffer;
    return width === 800 && height === 600;
  }, null, { timeout: 10_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a HiDPI screen the drawing buffer has device pixels and clicks still land', { timeout: 60_000 }, async () => {
  const context = await fixture.browser.newContext({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await page.goto(fixture.server.url);
  await waitForApp(page);
  await page.waitForFunction(() => {
    const { framebuffer, pixelRatio } = window.parley.snapshot();
    return pixelRatio === 2 && framebuffer.width === 2000 && framebuffer.height === 1400;
  }, null, { timeout: 10_000 });
  // Widgets are reported in CSS pixels: the lobby sits in the middle of the 1000 px page.
  const join = await findWidget(page, 'Join');
  assert.ok(Math.abs(join.rect.x + join.rect.width / 2 - 500) < 2, `Join centred at ${join.rect.x + join.rect.width / 2}`);
  await click(page, 'New room');
  await page.waitForFunction(() => window.parley.snapshot().lobby.room.length === 26, null, { timeout: 5_000 });
  await page.screenshot({ path: path.join(artifactsDir, 'first-frame-hidpi.png') });
  assert.deepEqual(errors, []);
  await context.close();
});
