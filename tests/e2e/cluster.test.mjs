// A cluster as `tools/cluster` starts it - redis-server, three parley-server instances
// sharing rooms through it, HAProxy in front - with browsers: a call whose two people are on
// different instances (video both ways, chat, a file whose SHA-256 matches), a call that
// goes on while Redis is stopped for 15 s (and a newcomer who joins after), a four-person
// mesh spread over the three instances, a call through HAProxy whose instance drains
// (SIGTERM: the person on it moves to another instance and resumes), and - last, as it
// kills an instance - a call through HAProxy that outlives the instance one person was on.
// The drain and the kill take whichever instance HAProxy chose for that person.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/harness.mjs';
import { expectFramesAdvance, expectLiveVideo, joinEmbed, tileVideo, waitForEvent } from './lib/call.mjs';
import { acceptEveryFile, fileEvent, makeFile, receivedDigest, sendFile } from './lib/files.mjs';

const CLUSTER = fileURLToPath(new URL('../../tools/cluster', import.meta.url));
// This file runs in a loopback-only namespace of its own: these ports are free.
const PORT = 8080;
const INSTANCES = 3;
const REDIS_PORT = PORT + INSTANCES + 1;  // as tools/cluster chooses it
const instanceUrl = (i) => ({ url: `http://127.0.0.1:${PORT + i}/` });
const balancer = { url: `http://127.0.0.1:${PORT}/` };

let cluster;
let browser;

function startCluster() {
  const child = spawn(CLUSTER, ['--no-build', '--instances', String(INSTANCES), '--port', String(PORT)],
                      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PARLEY_CLUSTER_KEEP_LOGS: '1' } });
  const output = [];
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tools/cluster did not start:\n${output.join('')}`)), 30_000);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
      if (/running at http:\/\/127\.0\.0\.1:\d+\//.test(stdout)) { clearTimeout(timer); resolve(); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`tools/cluster exited with ${code}:\n${output.join('')}`)); });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { child, started, output, stop };
}

// The pid of a process of the cluster, by its command line (the test's namespace shares
// the pid space, so the port makes it ours).
const pidOf = (pattern) => Number(execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n')[0]);
const instancePid = (i) => pidOf(`parley-server --host 127.0.0.1 --port ${PORT + i} `);

// A room's members as Redis holds them: peer id -> {i: node, n: name, ...}.
function members_of(room) {
  const lines = execFileSync('redis-cli', ['-p', String(REDIS_PORT), 'HGETALL', `parley:{${room}}:members`],
                             { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  const members = {};
  for (let i = 0; i + 1 < lines.length; i += 2) members[lines[i]] = JSON.parse(lines[i + 1]);
  return members;
}

// Which instance (1..INSTANCES) holds `peer`'s socket, as Redis says (null: none).
function instanceOf(room, peer) {
  const match = /^instance-(\d+)-/.exec(members_of(room)[peer]?.i ?? '');
  return match ? Number(match[1]) : null;
}
// Instances still running: the drain and the kill below take one each.
const running = new Set(Array.from({ length: INSTANCES }, (_, i) => i + 1));

async function metric(i, name) {
  const text = await (await fetch(`${instanceUrl(i).url}metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

async function until(condition, { timeoutMs = 20_000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
}

// Nobody in the call saw anyone leave (a move between instances is not a departure).
async function assertNobodyLeft(people) {
  for (const person of people) {
    const left = await person.page.evaluate(() => window.embed.events.filter((e) => e.event === 'peer-left').length);
    assert.equal(left, 0, `${person.name} saw someone leave`);
  }
}

// A chat message sent now reaches the other person (signaling works after the change).
async function chatArrives(from, to, text) {
  await from.page.evaluate((message) => window.embed.client.sendChat(message), text);
  await waitForEvent(to.page, 'chat', { where: `(d) => d.text === ${JSON.stringify(text)}` });
}

before(async () => {
  cluster = startCluster();
  await cluster.started;
  for (let i = 1; i <= INSTANCES; ++i) {
    await until(async () => (await fetch(`${instanceUrl(i).url}readyz`)).status === 200 &&
                            await metric(i, 'parley_cluster_connected') === 1, { what: `instance ${i} ready` });
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
  // Nothing of the cluster outlives it.
  assert.throws(() => pidOf(`redis-server 127.0.0.1:${REDIS_PORT}`));
  assert.throws(() => pidOf('haproxy -f .*parley-cluster'));
});

test('two people on two instances: video both ways, chat and a verified file', { timeout: 180_000 }, async () => {
  const ann = await joinEmbed(browser, instanceUrl(1), 'across', 'Ann');
  const ben = await joinEmbed(browser, instanceUrl(2), 'across', 'Ben');
  try {
    assert.equal(await metric(1, 'parley_signaling_connections'), 1);
    assert.equal(await metric(2, 'parley_signaling_connections'), 1);
    await expectLiveVideo(ann.page, tileVideo(ben.peerId), { width: 640, height: 480 });
    await expectLiveVideo(ben.page, tileVideo(ann.peerId), { width: 640, height: 480 });

    for (const person of [ann, ben]) {
      const other = person === ann ? ben : ann;
      await person.page.waitForFunction((id) => window.embed.client.chatReady(id), other.peerId, { timeout: 20_000 });
    }
    await ann.page.evaluate(() => window.embed.client.sendChat('hello from instance 1'));
    const chat = await waitForEvent(ben.page, 'chat', { where: (d) => d.text === 'hello from instance 1' });
    assert.equal(chat.from, ann.peerId);

    await acceptEveryFile(ben);
    const digest = await makeFile(ann, { name: 'across.bin', size: 2 * 1024 * 1024 });
    await sendFile(ann, ben.peerId, 'across.bin');
    await fileEvent(ben, (d) => d.name === 'across.bin' && d.state === 'done');
    assert.equal(await receivedDigest(ben, 'across.bin'), digest);

    // The offer, answer and candidates crossed instances over Redis.
    assert.ok(await metric(1, 'parley_cluster_published_total') > 0);
    assert.ok(await metric(2, 'parley_cluster_received_total') > 0);
    assert.deepEqual([...ann.errors, ...ben.errors], []);
  } finally {
    for (const person of [ann, ben]) await person.context.close();
  }
});

test('Redis stopped for 15 s mid-call: the call goes on, and a newcomer joins across instances after', { timeout: 180_000 }, async () => {
  const ann = await joinEmbed(browser, instanceUrl(1), 'outage', 'Ann', { query: '&video=320x240' });
  const ben = await joinEmbed(browser, instanceUrl(2), 'outage', 'Ben', { query: '&video=320x240' });
  const people = [ann, ben];
  const redis = pidOf(`redis-server 127.0.0.1:${REDIS_PORT}`);
  try {
    await expectFramesAdvance(ann.page, tileVideo(ben.peerId));
    process.kill(redis, 'SIGSTOP');  // stopped, not gone: its connections hang
    const stoppedAt = Date.now();
    await until(async () => await metric(1, 'parley_cluster_connected') === 0 &&
                            await metric(2, 'parley_cluster_connected') === 0, { what: 'Redis noticed as gone' });
    const ready = await (await fetch(`${instanceUrl(1).url}readyz`)).text();
    assert.match(ready, /^degraded/);
    // Media is peer to peer: it never noticed.
    await expectFramesAdvance(ann.page, tileVideo(ben.peerId), { frames: 30 });
    await expectFramesAdvance(ben.page, tileVideo(ann.peerId), { frames: 30 });
    await until(async () => Date.now() - stoppedAt >= 15_000, { what: '15 s of outage' });
    process.kill(redis, 'SIGCONT');
    const backAt = Date.now();
    await until(async () => await metric(1, 'parley_cluster_connected') === 1 &&
                            await metric(2, 'parley_cluster_connected') === 1, { what: 'Redis noticed as back' });
    assert.ok(Date.now() - backAt < 5_000, `reconnected ${Date.now() - backAt} ms after Redis returned`);

    const cy = await joinEmbed(browser, instanceUrl(1), 'outage', 'Cy', { query: '&video=320x240' });
    people.push(cy);
    await expectFramesAdvance(cy.page, tileVideo(ben.peerId));
    await expectFramesAdvance(cy.page, tileVideo(ann.peerId));
    await expectFramesAdvance(ben.page, tileVideo(cy.peerId));
    // Nobody was announced twice or lost on the way: each heard of the other and of Cy once.
    for (const person of [ann, ben]) {
      const events = await person.page.evaluate(() => window.embed.events.map((e) => [e.event, e.detail?.peerId]));
      assert.equal(events.filter(([e]) => e === 'peer-left').length, 0, `${person.name} saw someone leave`);
      const joined = events.filter(([e]) => e === 'peer-joined').map(([, id]) => id).sort();
      const other = person === ann ? ben : ann;
      assert.deepEqual(joined, [other.peerId, cy.peerId].sort(), `${person.name}'s peer-joined events`);
    }
  } finally {
    try { process.kill(redis, 'SIGCONT'); } catch { /* gone */ }
    for (const person of people) await person.context.close();
  }
});

// Each person sees the three others' video, wherever they are connected.
test('a four-person mesh over three instances', { timeout: 180_000 }, async () => {
  const people = [];
  try {
    for (const [i, name] of [[1, 'Ann'], [2, 'Ben'], [3, 'Cy'], [1, 'Di']]) {
      people.push(await joinEmbed(browser, instanceUrl(i), 'mesh', name, { query: '&video=160x120' }));
    }
    assert.deepEqual([await metric(1, 'parley_signaling_connections'), await metric(2, 'parley_signaling_connections'),
                      await metric(3, 'parley_signaling_connections')], [2, 1, 1]);
    for (const person of people) {
      for (const other of people) {
        if (other !== person) await expectFramesAdvance(person.page, tileVideo(other.peerId));
      }
    }
    // Everyone heard of each other person exactly once (the API tells a welcome's members as
    // peer-joined too); the server side of "never both" is ClusterBus's and ClusterRooms's.
    for (const person of people) {
      const joined = await person.page.evaluate(() => window.embed.events.filter((e) => e.event === 'peer-joined').map((e) => e.detail.peerId));
      const others = people.filter((p) => p !== person).map((p) => p.peerId);
      assert.deepEqual(joined.sort(), others.sort(), `${person.name} hears of each other person once`);
    }
    assert.deepEqual(people.flatMap((p) => p.errors), []);
  } finally {
    for (const person of people) await person.context.close();
  }
});

// The instance Ann's socket is on (through HAProxy) is stopped with SIGTERM: it tells her
// to reconnect, she comes back through HAProxy on another instance and resumes her seat.
test('through HAProxy, an instance drains and its person moves without losing the call', { timeout: 180_000 }, async () => {
  const people = [];
  try {
    // Ann goes through the balancer; the instance it chose for her is the one drained.
    // (Waiting for it to choose a given one made the test depend on HAProxy's choices:
    // leastconn also counts the page's HTTP connections.)
    const ann = await joinEmbed(browser, balancer, 'drain', 'Ann', { query: '&video=320x240' });
    people.push(ann);
    const annOn = instanceOf('drain', ann.peerId);
    assert.ok(running.has(annOn), `Ann is on instance ${annOn}`);
    const benOn = [...running].find((i) => i !== annOn);
    const ben = await joinEmbed(browser, instanceUrl(benOn), 'drain', 'Ben', { query: '&video=320x240' });
    people.push(ben);
    await expectFramesAdvance(ann.page, tileVideo(ben.peerId));
    await expectFramesAdvance(ben.page, tileVideo(ann.peerId));

    const drained = instancePid(annOn);
    process.kill(drained, 'SIGTERM');
    running.delete(annOn);
    // Ann is joined again (a resume: her seat, her peer connection) on another instance,
    // and the drained one exits once the seat it sent away has been taken.
    await waitForEvent(ann.page, 'joined', { where: (d) => d.rejoined, timeoutMs: 20_000 });
    await until(async () => running.has(instanceOf('drain', ann.peerId)), { what: "Ann's seat moved" });
    await until(async () => { try { process.kill(drained, 0); return false; } catch { return true; } },
                { timeoutMs: 15_000, what: `instance ${annOn} exited` });
    await expectFramesAdvance(ann.page, tileVideo(ben.peerId), { frames: 30 });
    await expectFramesAdvance(ben.page, tileVideo(ann.peerId), { frames: 30 });
    await assertNobodyLeft(people);
    await chatArrives(ben, ann, 'after the drain');
  } finally {
    for (const person of people) await person.context.close();
  }
});

test('through HAProxy, a call outlives the instance one person was on being killed', { timeout: 180_000 }, async () => {
  const people = [];
  try {
    // Ann through the balancer, Ben on the other instance still running.
    const ann = await joinEmbed(browser, balancer, 'failover', 'Ann', { query: '&video=320x240' });
    people.push(ann);
    const annOn = instanceOf('failover', ann.peerId);
    assert.ok(running.has(annOn), `Ann is on instance ${annOn}`);
    const benOn = [...running].find((i) => i !== annOn);
    const ben = await joinEmbed(browser, instanceUrl(benOn), 'failover', 'Ben', { query: '&video=320x240' });
    people.push(ben);
    await expectFramesAdvance(ann.page, tileVideo(ben.peerId));
    await expectFramesAdvance(ben.page, tileVideo(ann.peerId));

    // Kill Ann's instance: a crash, no goodbye.
    process.kill(instancePid(annOn), 'SIGKILL');
    running.delete(annOn);

    // Media never depended on the instance: it keeps flowing both ways, nobody leaves, and
    // Ann is joined again (through HAProxy, on the instance still up: Ben's).
    await expectFramesAdvance(ann.page, tileVideo(ben.peerId), { frames: 30 });
    await expectFramesAdvance(ben.page, tileVideo(ann.peerId), { frames: 30 });
    await until(async () => await metric(benOn, 'parley_signaling_connections') === 2,
                { timeoutMs: 30_000, what: `both on instance ${benOn}` });
    // Her seat moved with her (resumed, not joined anew): Redis has both on Ben's instance,
    // so when the dead instance is reaped nobody leaves.
    const members = members_of('failover');
    assert.deepEqual(Object.keys(members).sort(), [ann.peerId, ben.peerId].sort());
    for (const record of Object.values(members)) assert.match(record.i, new RegExp(`^instance-${benOn}-`));
    await assertNobodyLeft([ann, ben]);
    await chatArrives(ann, ben, 'after the crash');
  } finally {
    for (const person of people) await person.context.close();
  }
});
