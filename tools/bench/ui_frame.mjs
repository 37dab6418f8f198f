// UI frame cost of the ImGui app with 1 and with 4 remote video tiles: the app's own
// per-frame CPU time (ImGui NewFrame to RenderDrawData plus texture uploads, measured
// inside the page: window.parley.snapshot().frameMs over its last 600 frames), and GL
// texture uploads against video frames decoded (getVideoPlaybackQuality of the app's
// hidden <video> elements, the self-view included, as are its uploads).
// Run by tools/bench/ui-frame (which builds, serves and isolates the network).
//
// The remote people are tools/bench/pages/tile-peer.html pages: each sends a 640x480 fake
// camera to the app only, so the room is N+1 people without N^2 connections.
import { createRequire } from 'node:module';
import path from 'node:path';

const [nodeModules, serverUrl, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 10);
const { chromium } = createRequire(path.resolve(nodeModules, 'noop.js'))('playwright-core');
const signalingUrl = serverUrl.replace(/^http/, 'ws');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader', '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
    '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required'],
});

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  return context.newPage();
}

// Clicks a widget of the app by label once it sits still, as the e2e tests do.
async function click(page, label) {
  const handle = await page.waitForFunction((label) => {
    const widget = window.parley.widgets().find((w) => w.label === label);
    const frame = window.parley.snapshot().frames;
    const before = window.__seen?.[label];
    (window.__seen ??= {})[label] = widget && { frame, rect: JSON.stringify(widget.rect) };
    return widget && before && before.frame !== frame && before.rect === JSON.stringify(widget.rect) ? widget : null;
  }, label, { timeout: 20_000, polling: 50 });
  const { rect } = await handle.jsonValue();
  await page.mouse.click(rect.x + rect.width / 2, rect.y + rect.height / 2);
}

async function measure(tiles) {
  const room = `bench-ui-${tiles}`;
  const peers = [];
  for (let i = 0; i < tiles; i++) {
    const page = await newPage();
    await page.goto(`${serverUrl}__bench/tile-peer.html?room=${room}&peerId=tile${i}&offerTo=Meter` +
                    `&server=${encodeURIComponent(signalingUrl)}`);
    await page.waitForFunction(() => window.peer.joined || window.peer.error, null, { timeout: 20_000 });
    peers.push(page);
  }
  const app = await newPage();
  await app.goto(`${serverUrl}?room=${room}`);
  await app.waitForFunction(() => window.parley?.ready, null, { timeout: 30_000 });
  await click(app, 'Your name');
  await app.waitForFunction(() => window.parley.widgets().some((w) => w.label === 'Your name' && w.active));
  await app.keyboard.type('Meter');
  await click(app, 'Join');
  await app.waitForFunction((tiles) => {
    const call = window.parley.snapshot().call;
    return call && call.participants.filter((p) => p.video.width > 0).length === tiles;
  }, tiles, { timeout: 60_000 });

  const counters = () => app.evaluate(() => {
    const videos = [...document.querySelectorAll('#parley-videos video')];
    const decoded = videos.reduce((sum, v) => sum + v.getVideoPlaybackQuality().totalVideoFrames, 0);
    const { video, frameMs } = window.parley.snapshot();
    return { decoded, uploads: video.uploads, frameMs };
  });
  await app.waitForTimeout(2_000);  // warm-up: bitrate ramps, layout settles
  const start = await counters();
  await app.waitForTimeout(seconds * 1_000);
  const end = await counters();
  await app.context().close();
  for (const page of peers) await page.context().close();
  return {
    tiles,
    p50: end.frameMs.p50,
    p95: end.frameMs.p95,
    drawP50: end.frameMs.drawP50,
    drawP95: end.frameMs.drawP95,
    frames: end.frameMs.samples,
    uploads: end.uploads - start.uploads,
    decoded: end.decoded - start.decoded,
  };
}

const results = [];
for (const tiles of [1, 4]) results.push(await measure(tiles));
await browser.close();

const pad = (text, width) => String(text).padStart(width);
console.log(`UI frame CPU time and texture uploads over ${seconds} s (after 2 s warm-up)\n`);
console.log(`${'remote tiles'.padEnd(14)}${pad('p50 ms', 8)}${pad('p95 ms', 8)}${pad('draw p50', 10)}${pad('draw p95', 10)}` +
            `${pad('uploads', 9)}${pad('decoded', 9)}${pad('uploads/decoded', 17)}`);
for (const r of results) {
  console.log(`${String(r.tiles).padEnd(14)}${pad(r.p50.toFixed(2), 8)}${pad(r.p95.toFixed(2), 8)}` +
              `${pad(r.drawP50.toFixed(2), 10)}${pad(r.drawP95.toFixed(2), 10)}${pad(r.uploads, 9)}` +
              `${pad(r.decoded, 9)}${pad((r.uploads / r.decoded).toFixed(3), 17)}`);
}
console.log('\np50/p95: the app\'s texture uploads + NewFrame..RenderDrawData per frame, last 600 frames');
console.log('draw: NewFrame..RenderDrawData alone (no uploads)');
