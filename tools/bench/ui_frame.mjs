// UI frame cost of the ImGui app with 1 and with 4 remote video tiles: the thread CPU time
// of each UI frame (ImGui NewFrame to RenderDrawData plus texture uploads - the page's
// requestAnimationFrame callback - from a Chromium trace), the same frames' wall-clock
// time as the page measures it (window.parley.snapshot().frameMs, last 600 frames), and GL
// texture uploads against video frames decoded (getVideoPlaybackQuality of the app's
// hidden <video> elements, the self-view included, as are its uploads).
// Run by tools/bench/ui-frame (which builds, serves and isolates the network).
//
// The remote people are tools/bench/pages/tile-peer.html pages: each sends a 640x480 fake
// camera to the app only, so the room is N+1 people without N^2 connections.
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromiumArgs } from '../lib/chromium_args.mjs';

const [nodeModules, serverUrl, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 10);
const { chromium } = createRequire(path.resolve(nodeModules, 'noop.js'))('playwright-core');
const signalingUrl = serverUrl.replace(/^http/, 'ws');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: chromiumArgs({ webgl: true }),
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

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};

// The thread CPU time (ms) of each requestAnimationFrame callback of the app's page - its
// UI frame, plus Emscripten's few microseconds around it - from a Chromium trace. Unlike
// the page's own wall-clock figure, this leaves out the time the main thread waited for a
// core while the browser's encoders and decoders had both.
function animationFrameCpu(trace) {
  const frames = (trace.traceEvents ?? trace).filter((e) => e.name === 'FireAnimationFrame' && e.ph === 'X' &&
                                                             typeof e.tdur === 'number');
  // Tracing is started for the app's page; should another renderer appear, the app's is
  // the one drawing every frame.
  const perProcess = new Map();
  for (const e of frames) perProcess.set(e.pid, (perProcess.get(e.pid) ?? 0) + 1);
  const [appPid] = [...perProcess.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (appPid === undefined) throw new Error('the trace has no animation frames');
  return frames.filter((e) => e.pid === appPid).map((e) => e.tdur / 1000);
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
  await browser.startTracing(app, { categories: ['devtools.timeline'] });
  const start = await counters();
  await app.waitForTimeout(seconds * 1_000);
  const end = await counters();
  const cpu = animationFrameCpu(JSON.parse((await browser.stopTracing()).toString()));
  await app.context().close();
  for (const page of peers) await page.context().close();
  return {
    tiles,
    p50: end.frameMs.p50,
    p95: end.frameMs.p95,
    drawP50: end.frameMs.drawP50,
    drawP95: end.frameMs.drawP95,
    cpuP50: percentile(cpu, 50),
    cpuP95: percentile(cpu, 95),
    cpuFrames: cpu.length,
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
console.log(`${'remote tiles'.padEnd(14)}${pad('cpu p50', 9)}${pad('cpu p95', 9)}${pad('p50 ms', 8)}${pad('p95 ms', 8)}` +
            `${pad('draw p50', 10)}${pad('draw p95', 10)}${pad('uploads', 9)}${pad('decoded', 9)}${pad('uploads/decoded', 17)}`);
for (const r of results) {
  console.log(`${String(r.tiles).padEnd(14)}${pad(r.cpuP50.toFixed(2), 9)}${pad(r.cpuP95.toFixed(2), 9)}` +
              `${pad(r.p50.toFixed(2), 8)}${pad(r.p95.toFixed(2), 8)}` +
              `${pad(r.drawP50.toFixed(2), 10)}${pad(r.drawP95.toFixed(2), 10)}${pad(r.uploads, 9)}` +
              `${pad(r.decoded, 9)}${pad((r.uploads / r.decoded).toFixed(3), 17)}`);
}
console.log('\ncpu p50/p95: thread CPU time of each UI frame (the requestAnimationFrame callback: texture');
console.log('  uploads + NewFrame..RenderDrawData) from a Chromium trace of the measured seconds');
console.log('p50/p95: the same frames timed by the page itself, wall clock (includes waiting for a core),');
console.log('  last 600 frames; draw: NewFrame..RenderDrawData alone (no uploads), wall clock');
