// Call setup time: from the second peer's join to the first decoded remote frame on both
// peers, for Parley (the JavaScript API over the wasm core) and for the reference
// design's plain JavaScript client, through the same parley-server, alternating.
// Run by tools/bench/call-setup (which builds, serves and isolates the network).
//
// Each call uses fresh browser contexts. Peer A joins first and is settled in the room -
// confirmed by the server and sending its camera (Parley: its joined and local-tracks
// events; plain JS: the server's welcome, which it ignores but we see, after its
// getUserMedia) - as a peer that was there before would be; then B's join is called and
// timing starts. Media acquisition for B is inside the
// timed span for both clients (Parley's join() and the reference's start() both begin
// with getUserMedia).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { chromiumArgs } from '../lib/chromium_args.mjs';

const [nodeModules, serverUrl, callsArg, stepsScript] = process.argv.slice(2);
const calls = Number(callsArg ?? 21);
// With a steps script (STEPS=1), every page records when each step of its call happens.
const steps = stepsScript ? { parley: [], 'plain-js': [] } : null;
const { chromium } = createRequire(path.resolve(nodeModules, 'noop.js'))('playwright-core');

// EXTRA_CHROMIUM_ARGS: switches added for an experiment only, e.g.
// "--js-flags=--no-wasm-lazy-compilation" prices lazy wasm compilation (no site can set it).
const extraArgs = (process.env.EXTRA_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [...chromiumArgs(), ...extraArgs],
});
const signalingUrl = serverUrl.replace(/^http/, 'ws');

// CPU that all of Chromium's processes spend in the CPU_WINDOW_MS (200) ms after B's join,
// by process type: the 2 cores are shared by both pages, the browser, the GPU and network
// processes, so a client's extra work slows every step of the other's call too. Chromium
// reports each process's CPU time in 10 ms ticks: the figure is a mean over the calls.
const cdp = await browser.newBrowserCDPSession();
const cpuWindowMs = Number(process.env.CPU_WINDOW_MS ?? 200);
const cpuByProcess = async () => {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return new Map(processInfo.map(({ id, type, cpuTime }) => [id, { type, ms: cpuTime * 1000 }]));
};
// Reads the clocks now; `used` resolves with {total, <process type>: ms} after the window.
async function startCpuWindow() {
  const before = await cpuByProcess();
  const used = (async () => {
    await pause(cpuWindowMs);
    const spentBy = { total: 0 };
    for (const [id, { type, ms }] of await cpuByProcess()) {
      const spent = ms - (before.get(id)?.ms ?? 0);
      spentBy.total += spent;
      spentBy[type] = (spentBy[type] ?? 0) + spent;
    }
    return spentBy;
  })();
  return { used };
}

async function page() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  if (steps) await context.addInitScript({ path: stepsScript });
  return { context, page: await context.newPage() };
}

// Both pages share Chromium's one fake camera, which delivers a frame every 50 ms (20 fps),
// and a call's first frames are the first camera frames after its connection is up. With
// fixed waits before B's join, every call would meet the camera at the same phase - a
// different one for each client, since they wait for A differently - and the comparison
// would measure where that phase falls rather than the clients. So B joins after a pause
// that spreads the phase evenly over two camera frames; call i pauses as long for both.
const CAMERA_PHASE_SPAN_MS = 100;
const phasePause = (i) => ((i * 0.6180339887) % 1) * CAMERA_PHASE_SPAN_MS;
const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

const clients = {
  async parley(room, pauseMs, onJoin) {
    const peers = [await page(), await page()];
    for (const { page: p } of peers) {
      await p.goto(`${serverUrl}__bench/parley-setup.html`);
      await p.evaluate(() => window.prepare());
    }
    await peers[0].page.evaluate((room) => window.join(room), room);  // resolves once joined
    await peers[0].page.waitForFunction(() => window.bench.sendingVideo);
    await pause(pauseMs);
    await onJoin();
    await peers[1].page.evaluate((room) => { window.join(room); }, room);
    return peers;
  },
  async 'plain-js'(room, pauseMs, onJoin) {
    const peers = [await page(), await page()];
    for (const [i, { page: p }] of peers.entries()) {
      await p.goto(`${serverUrl}__test/reference-client.html?manual=1&room=${room}&peerId=p${i}` +
                   `&server=${encodeURIComponent(signalingUrl)}`);
      await p.waitForFunction(() => window.reference.chat.signaling.ws.readyState === 1);
      await p.evaluate(() => {
        const now = () => performance.timeOrigin + performance.now();
        window.bench = { joinCalledAt: null, firstFrameAt: null, welcomed: false };
        const { chat } = window.reference;
        chat.signaling.ws.addEventListener('message', (event) => {
          if (JSON.parse(event.data).type === 'welcome') window.bench.welcomed = true;
        });
        const show = chat.onRemoteStream;
        chat.onRemoteStream = (peerId, stream) => {
          show(peerId, stream);
          document.getElementById(`remote-${peerId}`)
            .requestVideoFrameCallback(() => { window.bench.firstFrameAt ??= now(); });
        };
        window.join = () => { window.bench.joinCalledAt = now(); chat.start(); };
      });
    }
    await peers[0].page.evaluate(() => window.join());
    await peers[0].page.waitForFunction(() => window.bench.welcomed);
    await pause(pauseMs);
    await onJoin();
    await peers[1].page.evaluate(() => window.join());
    return peers;
  },
};

// What a page knows about its call, for a call that did not complete.
const diagnose = (p) => p.evaluate(() => ({
  bench: window.bench,
  peers: window.client?.peers,
  events: window.benchEvents,
}));

// TRACE_DIR=dir: a Chromium trace (every process: pages, browser, network service) of the
// first few timed calls, one file per call, to open in chrome://tracing or Perfetto. With
// STEPS=1 each step of the call is marked in it (console.timeStamp).
const traceDir = process.env.TRACE_DIR;
let callsLeftToTrace = Number(process.env.TRACE_CALLS ?? 4);
const TRACE_CATEGORIES = ['toplevel', 'mojom', 'ipc', 'webrtc', 'v8', 'v8.execute', 'v8.wasm',
  'disabled-by-default-v8.compile', 'disabled-by-default-v8.gc', 'blink', 'devtools.timeline',
  'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.cpu_profiler'];

async function timeOneCall(kind, room, pauseMs = 0) {
  const tracing = traceDir && !room.startsWith('warm-up') && callsLeftToTrace-- > 0;
  if (tracing) await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
  let cpuWindow = null;
  const peers = await clients[kind](room, pauseMs, async () => { cpuWindow = (await startCpuWindow()).used; });
  try {
    for (const { page: p } of peers) await p.waitForFunction(() => window.bench.firstFrameAt !== null, null, { timeout: 30_000 });
    const [a, b] = await Promise.all(peers.map(({ page: p }) => p.evaluate(() => window.bench)));
    if (!room.startsWith('warm-up')) cpuUsed[kind].push(await cpuWindow);
    if (steps) {
      const traces = await Promise.all(peers.map(({ page: p }) => p.evaluate(() => window.setupTrace)));
      const call = {};
      for (const [role, trace, bench] of [['A', traces[0], a], ['B', traces[1], b]]) {
        for (const [step, at] of trace) call[`${role} ${step}`] = at - b.joinCalledAt;
        call[`${role} first frame`] = bench.firstFrameAt - b.joinCalledAt;
      }
      steps[kind].push(call);
    }
    return Math.max(a.firstFrameAt, b.firstFrameAt) - b.joinCalledAt;
  } catch (error) {
    const states = await Promise.all(peers.map(({ page: p }) => diagnose(p)));
    console.error(`${kind} call in ${room} did not complete: ${error.message.split('\n')[0]}`);
    console.error(JSON.stringify(states, null, 1));
    return null;  // counted as a failure, not as a time
  } finally {
    if (tracing) fs.writeFileSync(path.join(traceDir, `${room}.json`), await browser.stopTracing());
    for (const { context } of peers) await context.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const results = { parley: [], 'plain-js': [] };
const cpuUsed = { parley: [], 'plain-js': [] };
await timeOneCall('parley', 'warm-up');  // first launch costs (wasm compile cache, codecs)
await timeOneCall('plain-js', 'warm-up-js');
const failures = { parley: 0, 'plain-js': 0 };
for (let i = 0; i < calls; ++i) {
  for (const kind of i % 2 ? ['plain-js', 'parley'] : ['parley', 'plain-js']) {
    const time = await timeOneCall(kind, `setup-${kind}-${i}`, phasePause(i));
    if (time === null) failures[kind]++;
    else results[kind].push(time);
  }
}
await browser.close();

// The mean of the middle 80 %: the median jumps by a display frame (16.7 ms) when the
// middle call moves from one side of a frame to the other; this shows the trend beside it.
const trimmedMean = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const cut = Math.floor(sorted.length / 10);
  const middle = sorted.slice(cut, sorted.length - cut);
  return middle.reduce((sum, v) => sum + v, 0) / middle.length;
};

// How sure the ratio of medians is: a bootstrap over the calls (resampled with
// replacement, 2000 times, a fixed seed so a run's figures can be reproduced from its
// times), its 2.5th and 97.5th percentiles. A target is shown only if the whole
// interval is on its side.
function bootstrapRatio(numerator, denominator, rounds = 2000) {
  let seed = 0x2545f491;
  const random = () => {  // xorshift32
    seed ^= seed << 13; seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5; seed >>>= 0;
    return seed / 2 ** 32;
  };
  const resample = (values) => values.map(() => values[Math.floor(random() * values.length)]);
  const ratios = [];
  for (let i = 0; i < rounds; ++i) ratios.push(median(resample(numerator)) / median(resample(denominator)));
  ratios.sort((x, y) => x - y);
  return [ratios[Math.floor(rounds * 0.025)], ratios[Math.floor(rounds * 0.975)]];
}

const parley = median(results.parley);
const plain = median(results['plain-js']);
const parleyTrimmed = trimmedMean(results.parley);
const plainTrimmed = trimmedMean(results['plain-js']);
console.log(`call setup (second join -> first decoded frame on both peers), median of ${calls} calls each`);
console.log(`  plain JS (reference flow)  ${plain.toFixed(0).padStart(6)} ms   runs: ${results['plain-js'].map((v) => v.toFixed(0)).join(' ')}`);
console.log(`  parley (wasm core + API)   ${parley.toFixed(0).padStart(6)} ms   runs: ${results.parley.map((v) => v.toFixed(0)).join(' ')}`);
const [ratioLow, ratioHigh] = bootstrapRatio(results.parley, results['plain-js']);
console.log(`  parley / plain JS = ${(parley / plain).toFixed(3)}   (target <= 1.0; 95 % bootstrap interval ${ratioLow.toFixed(3)}-${ratioHigh.toFixed(3)})`);
console.log(`  mean of the middle 80 %: plain JS ${plainTrimmed.toFixed(0)} ms, parley ${parleyTrimmed.toFixed(0)} ms, ratio ${(parleyTrimmed / plainTrimmed).toFixed(3)}`);
console.log(`  calls that did not complete in 30 s: parley ${failures.parley}, plain JS ${failures['plain-js']}`);
const meanCpu = (kind) => {
  const types = [...new Set(cpuUsed[kind].flatMap(Object.keys))];
  return Object.fromEntries(types.map((type) => [type,
    cpuUsed[kind].reduce((sum, used) => sum + (used[type] ?? 0), 0) / cpuUsed[kind].length]));
};
const cpu = { parley: meanCpu('parley'), 'plain-js': meanCpu('plain-js') };
const cpuLine = (used) => `total ${used.total.toFixed(0)}, renderers ${(used.renderer ?? 0).toFixed(0)}, ` +
  `browser ${(used.browser ?? 0).toFixed(0)}, other ${(used.total - (used.renderer ?? 0) - (used.browser ?? 0)).toFixed(0)}`;
console.log(`  CPU ms in the ${cpuWindowMs} ms after the join (mean): plain JS ${cpuLine(cpu['plain-js'])}; parley ${cpuLine(cpu.parley)}`);
if (steps) {
  // Each step's median time after B's join (ms), for the steps either client took.
  const names = new Set([...steps.parley, ...steps['plain-js']].flatMap(Object.keys));
  const at = (kind, name) => {
    const times = steps[kind].map((call) => call[name]).filter((t) => t !== undefined);
    return times.length ? median(times) : null;
  };
  const rows = [...names].map((name) => [name, at('plain-js', name), at('parley', name)]);
  rows.sort((x, y) => (x[1] ?? x[2]) - (y[1] ?? y[2]));
  const cell = (t) => (t === null ? '-' : t.toFixed(0)).padStart(9);
  if (process.env.STEPS_JSON) fs.writeFileSync(process.env.STEPS_JSON, JSON.stringify(steps));
  console.log('\nsteps, median ms after B\'s join (A was in the room, B joins):');
  console.log(`  ${'step'.padEnd(34)}${'plain JS'.padStart(9)}${'parley'.padStart(9)}`);
  for (const [name, plainAt, parleyAt] of rows) console.log(`  ${name.padEnd(34)}${cell(plainAt)}${cell(parleyAt)}`);
}
console.log(JSON.stringify({ calls, parley_ms: parley, plain_js_ms: plain, ratio: parley / plain, ratio_interval: [ratioLow, ratioHigh], trimmed_ratio: parleyTrimmed / plainTrimmed, cpu_ms: cpu, runs: results, failures }));
