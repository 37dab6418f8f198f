// `tools/run --with-turn`, as a newcomer runs it: coturn starts with a secret made for the
// run, parley-server hands out its STUN and TURN URLs, and a browser's allocation with the
// credentials from its welcome succeeds - the two share the secret. Stopping the server
// stops coturn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { assertLoopbackOnly, launchBrowser } from './lib/harness.mjs';

const RUN = fileURLToPath(new URL('../../tools/run', import.meta.url));

// Every process named turnserver on this machine's view (the test's own namespace shares
// the pid space): only the one tools/run started can be ours.
const coturnPids = () => {
  try {
    return execFileSync('pgrep', ['-x', 'turnserver'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

function startRun(args) {
  const child = spawn(RUN, ['--no-build', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tools/run did not start:\n${output.join('')}`)), 30_000);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
      const match = stdout.match(/running at (http:\/\/\S+)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`tools/run exited with ${code}:\n${output.join('')}`)); });
  });
  return { child, url, output };
}

// Joins a room over the server's WebSocket from `page` and gathers candidates with the
// welcome's ICE servers, relay only: a relay candidate means coturn took the credentials.
const gatherWithWelcome = (page) => page.evaluate(async () => {
  const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/');
  const welcome = await new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('no welcome within 10 s')), 10_000);
    ws.onopen = () => ws.send(JSON.stringify({ type: 'join', room: 'turn-check', peerId: 'probe' }));
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'welcome') resolve(message);
    };
    ws.onerror = () => reject(new Error('the signaling socket failed'));
  });
  const pc = new RTCPeerConnection({ iceServers: welcome.iceServers, iceTransportPolicy: 'relay' });
  pc.createDataChannel('probe');
  const types = [];
  const gathered = new Promise((resolve) => {
    pc.onicecandidate = (event) => { if (event.candidate) types.push(event.candidate.type); else resolve(); };
  });
  await pc.setLocalDescription();
  await Promise.race([gathered, new Promise((resolve) => { setTimeout(resolve, 15_000); })]);
  pc.close();
  ws.close();
  return { iceServers: welcome.iceServers, types };
});

test('tools/run --with-turn: coturn and parley-server share a fresh secret; both stop together', { timeout: 90_000 }, async () => {
  assertLoopbackOnly();
  assert.deepEqual(coturnPids(), [], 'a coturn is already running');
  const run = startRun(['--with-turn']);
  const browser = await launchBrowser();
  try {
    const url = await run.url;
    const page = await browser.newPage();
    await page.goto(url);
    const { iceServers, types } = await gatherWithWelcome(page);
    const stun = iceServers.find((server) => [server.urls].flat().some((u) => u.startsWith('stun:')));
    assert.deepEqual([stun?.urls].flat(), ['stun:127.0.0.1:3478'], 'STUN from the same coturn');
    const turn = iceServers.find((server) => server.username);
    assert.deepEqual(turn.urls, ['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp']);
    assert.match(turn.username, /^\d+:probe$/);
    assert.ok(types.includes('relay'), `no relay candidate: coturn refused the credentials (${types})`);
    assert.match(run.output.join(''), /open relay/, 'the open relay is said');
    assert.equal(coturnPids().length, 1);
  } finally {
    await browser.close();
    const exited = new Promise((resolve) => run.child.once('exit', resolve));
    run.child.kill('SIGTERM');
    await exited;
  }
  assert.deepEqual(coturnPids(), [], 'coturn outlived the server');
});
