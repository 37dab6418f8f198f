// tools/bench/netlab: calls across the network lab (tests/netlab/lib/lab.mjs), figures and
// ratios from one run.
//
//   1. Call setup by path: B's join() to the first decoded remote frame on both peers
//      (tools/bench/pages/parley-setup.html, as tools/bench/call-setup times it), with both
//      LANs unNATed (host candidates connect), behind cone NATs (server-reflexive) and
//      behind symmetric NATs (only coturn relays); ratios to the first. Each call's selected
//      candidate pair is read from getStats and printed, so a figure is never labelled with
//      a path the call did not take.
//   2. File transfer: MB/s of a MIB MiB file (the embedding example's sendFile, send ->
//      the receiver's "done"), cone NATs (direct) and symmetric NATs (through TURN).
//   3. Recovery after a link flap: B's uplink down for 5 s, then up; from the link's return
//      to video advancing both ways again, p50/p95 over FLAPS flaps, for Parley and, in the
//      same lab, for the reference design's client with the design's ICE-restart logic
//      (tools/bench/pages/reference-robust.html). Cone NATs, STUN only, for both.
//
// argv: node_modules directory (unused: harness.mjs reads PARLEY_NODE_MODULES), calls, file
// MiB, file runs, flaps, and the parts to run (comma-separated: setup, files, flaps).
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { withLab, TURN_ADDRESS } from '../../tests/netlab/lib/lab.mjs';
import { joinEmbed, recordPeerConnections, tileVideo, waitForEvent } from '../../tests/e2e/lib/call.mjs';
import { acceptEveryFile, fileEvent, makeFile, sendFile } from '../../tests/e2e/lib/files.mjs';
import { selectedPaths } from '../../tests/netlab/lib/paths.mjs';

const [, , , callsArg, mibArg, fileRunsArg, flapsArg, partsArg] = process.argv;
const PARTS = new Set((partsArg || 'setup,files,flaps').split(','));
const CALLS = Number(callsArg ?? 5);
const MIB = Number(mibArg ?? 16);
const FILE_RUNS = Number(fileRunsArg ?? 2);
const FLAPS = Number(flapsArg ?? 10);
const BENCH_PAGES = fileURLToPath(new URL('./pages', import.meta.url));
const OUTAGE_MS = 5_000;
const RECOVERY_BOUND_MS = 45_000;  // a flap not recovered by then counts as not recovered

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value) => (value === undefined ? '   -' : `${value.toFixed(0).padStart(5)} ms`);

// A lab with coturn, parley-server (serverArgs from coturn's) and two LANs, each with a
// browser; `work` gets them all.
async function inLab({ natA, natB, turn: withTurn = true }, work) {
  return withLab(async (lab) => {
    const turn = await lab.startCoturn();
    const server = await lab.startServer({ args: turn.serverArgs({ turn: withTurn }), extraPages: { __bench: BENCH_PAGES } });
    const lanA = await lab.addLan('a', { nat: natA });
    const lanB = await lab.addLan('b', { nat: natB });
    const browserA = await lanA.launchBrowser();
    const browserB = await lanB.launchBrowser();
    return work({ lab, server, turn, lanA, lanB, browserA, browserB });
  });
}

// [1] One call on parley-setup pages: A is in the room and sending; B's join is timed.
async function timedSetup({ server, browserA, browserB }, room) {
  const pages = [];
  for (const browser of [browserA, browserB]) {
    const context = await browser.newContext();
    await recordPeerConnections(context);
    const page = await context.newPage();
    await page.goto(`${server.url}__bench/parley-setup.html`);
    await page.evaluate(() => window.prepare());
    pages.push({ context, page });
  }
  try {
    const [a, b] = pages;
    await a.page.evaluate((room) => window.join(room), room);
    await a.page.waitForFunction(() => window.bench.sendingVideo, null, { timeout: 20_000 });
    await b.page.evaluate((room) => { window.join(room); }, room);
    for (const { page } of pages) {
      await page.waitForFunction(() => window.bench.firstFrameAt !== null, null, { timeout: 40_000, polling: 50 });
    }
    const [benchA, benchB] = await Promise.all(pages.map(({ page }) => page.evaluate(() => window.bench)));
    const [path] = await selectedPaths(b.page);
    return { setupMs: Math.max(benchA.firstFrameAt, benchB.firstFrameAt) - benchB.joinCalledAt, path };
  } finally {
    for (const { context } of pages) await context.close();
  }
}

// [2] One file from A to B over the embedding example: MB/s from send to B's "done".
async function timedFile({ server, browserA, browserB }, room) {
  const ada = await joinEmbed(browserA, server, room, 'Ada', { query: '&video=320x240' });
  const bob = await joinEmbed(browserB, server, room, 'Bob', { query: '&video=320x240', recordConnections: true });
  try {
    await bob.page.waitForFunction((ada) => window.embed.client.chatReady(ada), ada.peerId, { timeout: 30_000 });
    await acceptEveryFile(bob);
    await acceptEveryFile(ada);
    const name = `${room}.bin`;
    await makeFile(ada, { name, size: MIB * 1024 * 1024 });
    const startedAt = Date.now();
    await sendFile(ada, bob.peerId, name);
    await fileEvent(bob, (d, name) => d.name === name && d.state === 'done', { timeoutMs: 300_000, arg: name });
    const seconds = (Date.now() - startedAt) / 1000;
    const [path] = await selectedPaths(bob.page).catch(() => []);
    return { mbPerSecond: (MIB * 1024 * 1024) / 1e6 / seconds, path };
  } finally {
    await ada.context.close();
    await bob.context.close();
  }
}

// Frames each selector's <video> has decoded so far, per page.
const framesOf = (page, selector) =>
  page.evaluate((s) => document.querySelector(s)?.getVideoPlaybackQuality().totalVideoFrames ?? 0, selector);

// Until both videos decode `frames` more than now; ms it took, or null past the bound.
async function untilBothAdvance(views, { frames = 3, timeoutMs = RECOVERY_BOUND_MS } = {}) {
  const startedAt = Date.now();
  const start = await Promise.all(views.map(({ page, selector }) => framesOf(page, selector)));
  for (;;) {
    const now = await Promise.all(views.map(({ page, selector }) => framesOf(page, selector)));
    if (now.every((count, i) => count >= start[i] + frames)) return Date.now() - startedAt;
    if (Date.now() - startedAt > timeoutMs) return null;
    await sleep(50);
  }
}

// [3] FLAPS flaps of B's uplink during one call; recovery times (null: not recovered).
async function flapRecoveries(lanB, views) {
  const recoveries = [];
  for (let flap = 0; flap < FLAPS; flap++) {
    // A settled call before each flap: video flowing both ways, then 2 s of it.
    if (await untilBothAdvance(views, { frames: 10, timeoutMs: 60_000 }) === null) {
      recoveries.push(null);
      continue;
    }
    await sleep(2_000);
    lanB.setLink(false);
    await sleep(OUTAGE_MS);
    lanB.setLink(true);
    recoveries.push(await untilBothAdvance(views));
  }
  return recoveries;
}

async function parleyFlaps(setup) {
  const { server, browserA, browserB, lanB } = setup;
  // The camera the reference client gets from getUserMedia({video: true}): 640x480.
  const ada = await joinEmbed(browserA, server, 'flap-parley', 'Ada', { query: '&video=640x480' });
  const bob = await joinEmbed(browserB, server, 'flap-parley', 'Bob', { query: '&video=640x480' });
  try {
    return await flapRecoveries(lanB, [
      { page: ada.page, selector: tileVideo(bob.peerId) },
      { page: bob.page, selector: tileVideo(ada.peerId) },
    ]);
  } finally {
    await ada.context.close();
    await bob.context.close();
  }
}

async function referenceFlaps(setup) {
  const { server, browserA, browserB, lanB } = setup;
  const signalingUrl = server.url.replace(/^http/, 'ws');
  const ice = JSON.stringify([{ urls: `stun:${TURN_ADDRESS}:3478` }]);
  const people = [];
  for (const [browser, peerId] of [[browserA, 'ada'], [browserB, 'bob']]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}__bench/reference-robust.html?room=flap-reference&peerId=${peerId}` +
      `&server=${encodeURIComponent(signalingUrl)}&ice=${encodeURIComponent(ice)}`);
    await page.waitForFunction(() => document.getElementById('local').srcObject !== null, null, { timeout: 20_000 });
    people.push({ context, page });
  }
  try {
    const recoveries = await flapRecoveries(lanB, [
      { page: people[0].page, selector: '#remote-bob' },
      { page: people[1].page, selector: '#remote-ada' },
    ]);
    const restarts = await Promise.all(people.map(({ page }) => page.evaluate(() => window.reference.restarts)));
    const fatal = await Promise.all(people.map(({ page }) => page.evaluate(() => window.reference.fatal)));
    return { recoveries, restarts, fatal };
  } finally {
    for (const { context } of people) await context.close();
  }
}

const pathName = (path) => (path ? `${path.local}/${path.remote}` : 'none');
const summary = (recoveries) => {
  const done = recoveries.filter((value) => value !== null);
  return { done, p50: done.length ? percentile(done, 50) : undefined, p95: done.length ? percentile(done, 95) : undefined };
};

console.log(`network lab benchmark: ${CALLS} calls per path, ${FILE_RUNS} x ${MIB} MiB files, ${FLAPS} flaps per client\n`);

const setups = {};
const files = {};
for (const [label, nat] of [['direct (no NAT)', 'none'], ['server-reflexive (cone NATs)', 'cone'], ['relay (symmetric NATs)', 'symmetric']]) {
  const withFiles = PARTS.has('files') && nat !== 'none';
  if (!PARTS.has('setup') && !withFiles) continue;
  await inLab({ natA: nat, natB: nat }, async (setup) => {
    if (PARTS.has('setup')) {
      setups[label] = [];
      for (let call = 0; call < CALLS; call++) setups[label].push(await timedSetup(setup, `setup-${nat}-${call}`));
    }
    if (!withFiles) return;
    files[label] = [];
    for (let run = 0; run < FILE_RUNS; run++) files[label].push(await timedFile(setup, `file-${nat}-${run}`));
  });
}

if (PARTS.has('setup')) printSetups();
if (PARTS.has('files')) printFiles();
if (PARTS.has('flaps')) await flapsPart();

function printSetups() {
  const baseSetup = median(Object.values(setups)[0].map((call) => call.setupMs));
  console.log(`call setup (B's join -> first decoded remote frame on both), median of ${CALLS}:`);
  for (const [label, calls] of Object.entries(setups)) {
    const value = median(calls.map((call) => call.setupMs));
    const paths = [...new Set(calls.map((call) => pathName(call.path)))].join(', ');
    console.log(`  ${label.padEnd(30)} ${ms(value)}  x${(value / baseSetup).toFixed(2)}   runs: ${calls.map((call) => call.setupMs.toFixed(0)).join(' ')}   paths (local/remote): ${paths}`);
  }
}

function printFiles() {
  const fileLabels = Object.keys(files);
  const baseFile = median(files[fileLabels[0]].map((run) => run.mbPerSecond));
  console.log(`\nfile transfer, ${MIB} MiB, median of ${FILE_RUNS}:`);
  for (const label of fileLabels) {
    const value = median(files[label].map((run) => run.mbPerSecond));
    const paths = [...new Set(files[label].map((run) => pathName(run.path)))].join(', ');
    console.log(`  ${label.padEnd(30)} ${value.toFixed(2).padStart(6)} MB/s  x${(value / baseFile).toFixed(2)}   runs: ${files[label].map((run) => run.mbPerSecond.toFixed(2)).join(' ')}   paths: ${paths}`);
  }
}

async function flapsPart() {
  let parley;
  let reference;
  await inLab({ natA: 'cone', natB: 'cone', turn: false }, async (setup) => {
    parley = summary(await parleyFlaps(setup));
    const result = await referenceFlaps(setup);
    reference = { ...summary(result.recoveries), restarts: result.restarts, fatal: result.fatal };
  });
  console.log(`\nrecovery after a ${OUTAGE_MS / 1000} s uplink cut (link back -> video advancing both ways), cone NATs, STUN only:`);
  console.log(`  parley                          p50 ${ms(parley.p50)}  p95 ${ms(parley.p95)}   recovered ${parley.done.length}/${FLAPS}   runs: ${parley.done.map((v) => v.toFixed(0)).join(' ')}`);
  console.log(`  reference + design's restarts   p50 ${ms(reference.p50)}  p95 ${ms(reference.p95)}   recovered ${reference.done.length}/${FLAPS}   runs: ${reference.done.map((v) => v.toFixed(0)).join(' ')}`);
  console.log(`    (its ICE restarts: ${reference.restarts.join(' + ')}; gave up: ${reference.fatal.filter(Boolean).length ? reference.fatal.join(', ') : 'never'})`);
  if (parley.p50 !== undefined && reference.p50 !== undefined) {
    console.log(`  p50 ratio reference / parley: x${(reference.p50 / parley.p50).toFixed(2)}`);
  }
  console.log(`(not recovered within ${RECOVERY_BOUND_MS / 1000} s counts as not recovered)`);
}
