// File transfer throughput: a 32 MiB file sent between two fresh browsers by (a) Parley,
// (b) the reference design's sender (16 KiB FileReader chunks, no flow control) and (c)
// the best plain-JavaScript sender we could write (64 KiB messages, a 128 KiB send queue,
// 1 MiB reads) - tools/bench/pages/plain-transfer.html, and (d) that sender hashing every
// MiB with WebCrypto on both sides, as Parley does to verify its chunks. MB/s = file bytes / (receiver has
// the whole file - sender starts); for Parley "starts" is sendFile(), so its figure
// includes the offer, the accept and SHA-256 of every chunk on both sides, and "whole"
// means verified.
// Then one 512 MiB Parley transfer, reporting how much each side's wasm heap grew.
// CPU=1 also prints where each sender's transfers spent CPU, by Chromium process and thread;
// JS_PROFILE=1 the functions with the most self time on both Parley pages' main threads.
// Run by tools/bench/file-transfer (which builds, serves and isolates the network).
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumArgs } from '../lib/chromium_args.mjs';

const [nodeModules, serverUrl, runsArg, megabytesArg, bigArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const size = Number(megabytesArg ?? 32) * 1024 * 1024;
const bigSize = Number(bigArg ?? 512) * 1024 * 1024;
const { chromium } = createRequire(path.resolve(nodeModules, 'noop.js'))('playwright-core');
const signalingUrl = serverUrl.replace(/^http/, 'ws');
const ARGS = chromiumArgs();
const STALL_MS = 60_000;
const JS_PROFILE = process.env.JS_PROFILE === '1';
const IDLE_SECONDS = Number(process.env.IDLE ?? 0);
const CPU = process.env.CPU === '1' || IDLE_SECONDS > 0;
let roomNumber = 0;

// CPU=1: CPU seconds of every thread of every Chromium process, keyed "process/thread"
// (thread names without their numbers), from /proc; a transfer's is the difference of
// two snapshots. Each run has a browser of its own, so every Chromium process is its.
function chromiumThreadCpu() {
  const cpu = new Map();
  if (!CPU) return cpu;
  const ticksPerSecond = 100;  // USER_HZ on Linux
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.startsWith('/usr/lib/chromium/')) continue;
      const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
      const kind = type === 'utility' ? (/--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1] ?? type) : type;
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const thread = stat.slice(stat.indexOf('(') + 1, close).replace(/[\d/]+$/, '');
        const fields = stat.slice(close + 2).split(' ');
        const key = `${kind}/${thread}`;
        cpu.set(key, (cpu.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
      }
    } catch {
      // a process or thread that ended meanwhile
    }
  }
  // Loopback traffic (the bench's network namespace has nothing else): packets and KiB.
  const lo = fs.readFileSync('/proc/net/dev', 'utf8').split('\n').find((line) => line.trim().startsWith('lo:'));
  const fields = lo.split(':')[1].trim().split(/\s+/).map(Number);
  cpu.set('net/packets', fields[1]);
  cpu.set('net/KiB', fields[0] / 1024);
  return cpu;
}
const isNet = (key) => key.startsWith('net/');
const cpuSince = (before) => {
  const spent = new Map();
  for (const [key, seconds] of chromiumThreadCpu()) spent.set(key, seconds - (before.get(key) ?? 0));
  return spent;
};

async function withBrowser(work) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

async function page(browser, url) {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(url);
  return p;
}

// (b) or (c): one transfer; MB/s, or null if it stalled (with what the sender threw).
function plainRun(mode) {
  return withBrowser(async (browser) => {
    const room = `plain-${mode}-${++roomNumber}`;
    const base = `${serverUrl}__bench/plain-transfer.html?server=${encodeURIComponent(signalingUrl)}&room=${room}&mode=${mode}`;
    // The sender joins first: the reference flow has the peer already in the room offer.
    const sender = await page(browser, `${base}&role=send&peerId=tx`);
    await sender.waitForFunction(() => window.transfer.joined, null, { timeout: 20_000 });
    const receiver = await page(browser, `${base}&role=receive&peerId=rx`);
    await sender.waitForFunction(() => window.transfer.ready, null, { timeout: 20_000 });
    await receiver.waitForFunction(() => window.transfer.ready, null, { timeout: 20_000 });
    const cpuBefore = chromiumThreadCpu();
    await sender.evaluate((size) => window.startSending(size), size);
    try {
      await receiver.waitForFunction((size) => window.transfer.bytes === size, size, { timeout: STALL_MS, polling: 50 });
    } catch {
      return { mbps: null, errors: await sender.evaluate(() => window.transfer.errors) };
    }
    const cpu = cpuSince(cpuBefore);
    const started = await sender.evaluate(() => window.transfer.startedAt);
    const done = await receiver.evaluate(() => window.transfer.doneAt);
    return { mbps: size / 1e6 / ((done - started) / 1000), errors: await sender.evaluate(() => window.transfer.errors), cpu };
  });
}

// Two embed pages joined and connected, Ben accepting every file.
async function parleyPair(browser, room) {
  const join = async (name) => {
    const p = await page(browser, `${serverUrl}examples/embed.html?room=${room}&name=${name}&video=0&audio=0`);
    await p.waitForFunction(() => window.embed.client?.peerId, null, { timeout: 20_000 });
    await p.evaluate(() => {
      window.files = [];
      window.embed.client.on('file', (d) => {
        window.files.push({ state: d.state, at: Date.now(), error: d.error });
        window.lastFile = { state: d.state, bytes: d.bytes, error: d.error };
        if (d.direction === 'incoming' && d.state === 'offered') window.embed.client.acceptFile(d.key);
      });
    });
    return p;
  };
  const ann = await join('Ann');
  const ben = await join('Ben');
  const benId = await ben.evaluate(() => window.embed.client.peerId);
  const annId = await ann.evaluate(() => window.embed.client.peerId);
  await ann.waitForFunction((id) => window.embed.client.chatReady(id), benId, { timeout: 20_000 });
  await ben.waitForFunction((id) => window.embed.client.chatReady(id), annId, { timeout: 20_000 });
  return { ann, ben, benId };
}

// A file of random bytes made in the page (as the plain senders do).
function fileInPage(ann, bytes) {
  return ann.evaluate((bytes) => {
    const parts = [];
    for (let done = 0; done < bytes; done += 65536) {
      const part = new Uint8Array(Math.min(65536, bytes - done));
      crypto.getRandomValues(part);
      parts.push(part);
    }
    window.benchFile = new File(parts, 'bench.bin');
  }, bytes);
}

// A file of random bytes on disk, picked through a file input as a person would. Chromium
// cannot read back an in-memory Blob this large in a headless profile ("could not be
// read"), and a file on disk is what a person sends anyway.
async function fileOnDisk(ann, bytes) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-')), 'big.bin');
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(1024 * 1024);
  for (let done = 0; done < bytes; done += block.length) {
    crypto.randomFillSync(block);
    fs.writeSync(fd, block, 0, Math.min(block.length, bytes - done));
  }
  fs.closeSync(fd);
  await ann.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-file';
    input.onchange = () => { window.benchFile = input.files[0]; };
    document.body.appendChild(input);
  });
  await ann.setInputFiles('#bench-file', file);
  await ann.waitForFunction(() => window.benchFile, null, { timeout: 20_000 });
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

async function parleySend(ann, ben, benId, bytes, timeout) {
  const started = await ann.evaluate((id) => { const t = Date.now(); window.embed.client.sendFile(id, window.benchFile); return t; }, benId);
  const ended = (p) => p.waitForFunction(() => window.files.find((f) => ['done', 'failed', 'cancelled'].includes(f.state)) ?? null,
                                          null, { timeout, polling: 50 }).then((h) => h.jsonValue());
  // The receiver's end, or the sender's if it gave up first (a file it could not read).
  const senderGaveUp = ended(ann).then((f) => (f.state === 'done' ? new Promise(() => {}) : f), () => new Promise(() => {}));
  const done = await Promise.race([ended(ben), senderGaveUp]).catch(async (error) => {
    // Say where each side was, so a stall can be told from a slow transfer.
    const last = (p) => p.evaluate(() => JSON.stringify(window.lastFile));
    throw new Error(`${error.message}; sender last reported ${await last(ann)}, receiver ${await last(ben)}`);
  });
  if (done.state !== 'done') throw new Error(`Parley transfer ${done.state}: ${done.error}`);
  const accepted = await ben.evaluate(() => window.files.find((f) => f.state === 'transferring')?.at);
  return { mbps: bytes / 1e6 / ((done.at - started) / 1000), transferOnlyMbps: bytes / 1e6 / ((done.at - accepted) / 1000) };
}

function parleyRun() {
  return withBrowser(async (browser) => {
    const { ann, ben, benId } = await parleyPair(browser, `parley-${++roomNumber}`);
    const errors = await ann.evaluate(() => window.embed.events.filter((e) => e.event === 'error').map((e) => e.detail.message));
    await fileInPage(ann, size);
    const profilers = JS_PROFILE ? await Promise.all([ann, ben].map(startJsProfile)) : [];
    const cpuBefore = chromiumThreadCpu();
    const result = await parleySend(ann, ben, benId, size, STALL_MS);
    const cpu = cpuSince(cpuBefore);
    for (const [i, stop] of profilers.entries()) printJsProfile(i === 0 ? 'sender' : 'receiver', await stop());
    return { ...result, errors, cpu };
  });
}

// JS_PROFILE=1: V8's sampling profile of a page's main thread (CDP Profiler) during each
// Parley transfer, printed as the functions with the most self time.
async function startJsProfile(p) {
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => (await cdp.send('Profiler.stop')).profile;
}

function printJsProfile(label, profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url || '')}`.trim();
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`  ${label} main thread, ${total.toFixed(0)} ms sampled; most self time:`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`    ${ms.toFixed(1).padStart(8)} ms  ${key}`);
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (v) => (v === null ? '   -  ' : v.toFixed(2).padStart(6));

// IDLE=N: CPU seconds per second of a connected pair that sends nothing for N seconds,
// Parley's embed pages against the plain pages: what a transfer pays for besides bytes.
async function idleRun(name, connectedPair) {
  return withBrowser(async (browser) => {
    await connectedPair(browser);
    await new Promise((resolve) => setTimeout(resolve, 1000));  // connection settled
    const before = chromiumThreadCpu();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const spent = cpuSince(before);
    const perSecond = new Map([...spent].map(([key, seconds]) => [key, seconds / IDLE_SECONDS]));
    return { name, perSecond };
  });
}

async function plainPair(browser) {
  const room = `plain-idle-${++roomNumber}`;
  const base = `${serverUrl}__bench/plain-transfer.html?server=${encodeURIComponent(signalingUrl)}&room=${room}&mode=best`;
  const sender = await page(browser, `${base}&role=send&peerId=tx`);
  await sender.waitForFunction(() => window.transfer.joined, null, { timeout: 20_000 });
  const receiver = await page(browser, `${base}&role=receive&peerId=rx`);
  await sender.waitForFunction(() => window.transfer.ready, null, { timeout: 20_000 });
  await receiver.waitForFunction(() => window.transfer.ready, null, { timeout: 20_000 });
}

if (IDLE_SECONDS > 0) {
  const idle = [await idleRun('parley', (browser) => parleyPair(browser, `parley-idle-${++roomNumber}`)),
                await idleRun('plain', plainPair)];
  console.log(`CPU seconds per second of a connected pair sending nothing (${IDLE_SECONDS} s), Chromium threads:`);
  console.log(`${'process/thread'.padEnd(44)}  parley   plain`);
  const keys = [...new Set(idle.flatMap((r) => [...r.perSecond.keys()]))]
    .filter((key) => !isNet(key)).sort((a, b) => (idle[0].perSecond.get(b) ?? 0) - (idle[0].perSecond.get(a) ?? 0)).slice(0, 14);
  for (const key of keys) console.log(`${key.padEnd(44)} ${idle.map((r) => fmt(r.perSecond.get(key) ?? 0)).join('  ')}`);
  const total = (r) => [...r.perSecond].filter(([key]) => !isNet(key)).reduce((a, [, b]) => a + b, 0);
  console.log(`${'all threads'.padEnd(44)} ${idle.map((r) => fmt(total(r))).join('  ')}`);
}

if (runs > 0) {
  const results = { parley: [], reference: [], best: [], verified: [] };
  for (let run = 0; run < runs; run++) {
    results.parley.push(await parleyRun());
    results.reference.push(await plainRun('reference'));
    results.best.push(await plainRun('best'));
    results.verified.push(await plainRun('verified'));
  }
  console.log(`File transfer, ${size / 1024 / 1024} MiB, fresh browser per transfer, ${runs} runs each (MB/s = 10^6 bytes/s)`);
  console.log('sender                          runs (MB/s)                      median  stalls');
  for (const [name, label] of [['parley', '(a) Parley'], ['reference', '(b) reference, 16 KiB, no flow control'], ['best', '(c) plain JS, 64 KiB, flow control'],
                             ['verified', '(d) (c) + SHA-256 of every MiB, both sides']]) {
    const values = results[name].map((r) => r.mbps);
    const stalls = values.filter((v) => v === null).length;
    console.log(`${label.padEnd(40)} ${values.map(fmt).join(' ')}   ${fmt(median(values))}  ${stalls}`);
    for (const r of results[name]) if (r.errors?.length) console.log(`    errors: ${r.errors.join('; ')}`);
  }
  const parley = median(results.parley.map((r) => r.mbps));
  const ratio = (other) => (other === null ? 'n/a (every run stalled)' : (parley / other).toFixed(2));
  console.log(`Parley, transfer only (accept -> verified): median ${fmt(median(results.parley.map((r) => r.transferOnlyMbps)))} MB/s`);
  console.log(`Ratios of medians: Parley / best plain JS = ${ratio(median(results.best.map((r) => r.mbps)))} (target >= 1.0), ` +
              `Parley / reference = ${ratio(median(results.reference.map((r) => r.mbps)))} (target >= 1.5; stalled runs left out), ` +
              `Parley / plain JS hashing as Parley does = ${ratio(median(results.verified.map((r) => r.mbps)))}`);
  if (CPU) printCpu(results);
}

// Mean CPU seconds per transfer of the busiest Chromium threads, for each sender.
function printCpu(results) {
  const names = ['parley', 'reference', 'best', 'verified'];
  const mean = {};
  const keys = new Set();
  for (const name of names) {
    mean[name] = new Map();
    const done = results[name].filter((r) => r.cpu);
    for (const r of done) {
      for (const [key, seconds] of r.cpu) {
        mean[name].set(key, (mean[name].get(key) ?? 0) + seconds / done.length);
        keys.add(key);
      }
    }
  }
  const total = (name) => [...mean[name]].filter(([key]) => !isNet(key)).reduce((a, [, b]) => a + b, 0);
  console.log(`CPU seconds per ${size / 1024 / 1024} MiB transfer (mean over runs), Chromium threads:`);
  console.log(`${'process/thread'.padEnd(44)}  parley  refer.    best  b.+sha`);
  const busiest = [...keys].filter((key) => !isNet(key)).sort((a, b) => (mean.parley.get(b) ?? 0) - (mean.parley.get(a) ?? 0)).slice(0, 14);
  for (const key of busiest) {
    console.log(`${key.padEnd(44)} ${names.map((n) => fmt(mean[n].get(key) ?? 0)).join('  ')}`);
  }
  console.log(`${'all threads'.padEnd(44)} ${names.map((n) => fmt(total(n))).join('  ')}`);
  for (const key of ['net/packets', 'net/KiB'])
    console.log(`${`loopback ${key.slice(4)}`.padEnd(44)} ${names.map((n) => String(Math.round(mean[n].get(key) ?? 0)).padStart(7)).join(' ')}`);
}

if (bigSize > 0) {
  await withBrowser(async (browser) => {
    const { ann, ben, benId } = await parleyPair(browser, `parley-big-${++roomNumber}`);
    const heap = (p) => p.evaluate(() => window.embed.client.wasmHeapBytes);
    const before = [await heap(ann), await heap(ben)];
    const removeFile = await fileOnDisk(ann, bigSize);
    const result = await parleySend(ann, ben, benId, bigSize, 600_000).finally(removeFile);
    const after = [await heap(ann), await heap(ben)];
    const mib = (b) => (b / 1024 / 1024).toFixed(1);
    console.log(`${bigSize / 1024 / 1024} MiB Parley transfer: ${result.mbps.toFixed(2)} MB/s; wasm heap sender ${mib(before[0])} -> ${mib(after[0])} MiB, ` +
                `receiver ${mib(before[1])} -> ${mib(after[1])} MiB (growth ${mib(after[0] - before[0])} / ${mib(after[1] - before[1])} MiB)`);
  });
}
