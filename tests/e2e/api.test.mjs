// The JavaScript API's lifecycle (web/parley.js): join() always settles, leave() and
// destroy() end everything, and no camera or microphone stays live after a call ends -
// whether it ended by leave(), destroy(), a refusal or an abort. Each page records every
// RTCPeerConnection and every track getUserMedia gave it, so the test can see them end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, useServerAndBrowser } from './lib/harness.mjs';
import { joinEmbed, waitForEvent } from './lib/call.mjs';

const fixture = useServerAndBrowser({ before, after });

// A page with Parley loaded and nothing joined, recording connections and tracks.
// window.gumDelayMs makes getUserMedia answer that much later (a slow permission prompt).
async function apiPage(server = fixture.server) {
  const context = await fixture.browser.newContext();
  await context.addInitScript(() => {
    window.madeConnections = [];
    window.madeTracks = [];
    window.gumDelayMs = 0;
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(...args) { super(...args); window.madeConnections.push(this); }
    };
    const devices = navigator.mediaDevices;
    const getUserMedia = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      const stream = await getUserMedia(constraints);
      window.madeTracks.push(...stream.getTracks());
      await new Promise((resolve) => { setTimeout(resolve, window.gumDelayMs); });
      return stream;
    };
    // Every live track and open connection the page holds.
    window.liveResources = () => ({
      tracks: window.madeTracks.filter((track) => track.readyState !== 'ended').length,
      connections: window.madeConnections.filter((pc) => pc.signalingState !== 'closed').length,
      made: window.madeTracks.length,
    });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
  await page.goto(`${server.url}examples/embed.html`);  // no room in the URL: joins nothing
  await page.waitForFunction(() => typeof window.Parley?.create === 'function');
  return { context, page, errors };
}

// Waits until the page has made `made` tracks and none of them is live any more.
async function expectAllTracksEnded(page, { made = 2, timeoutMs = 10_000 } = {}) {
  await page.waitForFunction((made) => {
    const live = window.liveResources();
    return live.made >= made && live.tracks === 0;
  }, made, { timeout: timeoutMs }).catch(async (error) => {
    const live = await page.evaluate(() => window.liveResources());
    throw new Error(`tracks still live: ${JSON.stringify(live)} (${error.message})`);
  });
}

// Runs `body` with a page and closes its context afterwards.
async function withPage(body, server) {
  const person = await apiPage(server);
  try {
    await body(person.page);
    assert.deepEqual(person.errors, []);
  } finally {
    await person.context.close();
  }
}

test('a second join() rejects at once, the first resolves; leave() ends the call and its media', { timeout: 60_000 }, async () => {
  await withPage(async (page) => {
    const result = await page.evaluate(async () => {
      const client = await Parley.create({ rehearse: false });
      const left = [];
      client.on('left', (detail) => left.push(detail.reason));
      const badRoom = await client.join('no spaces!', 'Ada').then(() => 'resolved', (error) => error.code);
      const first = client.join('api-double', 'Ada');
      const second = await client.join('api-double', 'Ada').then(() => 'resolved', (error) => error.code);
      const joined = await first;
      const third = await client.join('api-double', 'Ada').then(() => 'resolved', (error) => error.code);
      const leaving = client.leave();
      const settled = leaving instanceof Promise && (await leaving) === undefined;
      window.client = client;
      return { badRoom, second, third, joined: Boolean(joined.peerId), settled, left };
    });
    assert.equal(result.badRoom, 'bad-room', "core's room-id rule, asked through the module");
    assert.equal(result.second, 'join-in-progress');
    assert.equal(result.joined, true);
    assert.equal(result.third, 'already-joined');
    assert.equal(result.settled, true, 'leave() returns a promise that resolves');
    assert.deepEqual(result.left, ['left']);
    await expectAllTracksEnded(page);
  });
});

test('leave() while the camera prompt is open rejects the join and stops the late tracks', { timeout: 60_000 }, async () => {
  await withPage(async (page) => {
    const code = await page.evaluate(async () => {
      window.gumDelayMs = 1500;  // "Allow" is clicked after Leave
      const client = await Parley.create({ rehearse: false });
      const joining = client.join('api-leave-early', 'Ada');
      await client.leave();
      return joining.then(() => 'resolved', (error) => error.code);
    });
    assert.equal(code, 'left');
    await expectAllTracksEnded(page);
  });
});

test('join() after leave() starts a new call on the same client, which connects', { timeout: 60_000 }, async () => {
  await withPage(async (page) => {
    const result = await page.evaluate(async () => {
      const bob = await Parley.create({ rehearse: false, video: false });
      await bob.join('api-again', 'Bob');
      const ada = await Parley.create({ rehearse: false, video: false });
      await ada.join('api-again', 'Ada');
      await ada.leave();
      const connected = new Promise((resolve) => {
        ada.on('connection-state', ({ peerId, state }) => {
          if (peerId === bob.peerId && state === 'connected') resolve(true);
        });
      });
      const again = await ada.join('api-again', 'Ada');
      await connected;
      const peers = ada.peers.map((peer) => peer.name);
      await ada.destroy();
      await bob.destroy();
      return { rejoined: Boolean(again.peerId), peers };
    });
    assert.equal(result.rejoined, true);
    assert.deepEqual(result.peers, ['Bob']);
    await expectAllTracksEnded(page);
    assert.equal((await page.evaluate(() => window.liveResources())).connections, 0);
  });
});

test('a room-full refusal rejects join() and leaves no track live', { timeout: 60_000 }, async () => {
  const small = await startServer({ args: ['--room-capacity', '1'] });
  try {
    await withPage(async (page) => {
      await page.evaluate(async () => {
        window.first = await Parley.create({ rehearse: false, audio: false, video: false });
        await window.first.join('api-full', 'First');
      });
      // A second page: its tracks are the refused client's alone.
      await withPage(async (refused) => {
        const outcome = await refused.evaluate(async () => {
          const client = await Parley.create({ rehearse: false });
          const left = new Promise((resolve) => client.on('left', resolve));
          const code = await client.join('api-full', 'Second').then(() => 'resolved', (error) => error.code);
          return { code, left: (await left).reason };
        });
        assert.deepEqual(outcome, { code: 'room-full', left: 'room-full' });
        await expectAllTracksEnded(refused);
      }, small);
    }, small);
  } finally {
    await small.stop();
  }
});

test('destroy() closes every connection and track, and the client cannot be used after', { timeout: 60_000 }, async () => {
  await withPage(async (page) => {
    const result = await page.evaluate(async () => {
      const ada = await Parley.create();  // with the rehearsal: its connections count too
      const bob = await Parley.create({ rehearse: false });
      await ada.join('api-destroy', 'Ada');
      await bob.join('api-destroy', 'Bob');
      const adaId = ada.peerId;
      await new Promise((resolve) => {
        bob.on('connection-state', ({ peerId, state }) => {
          if (peerId === adaId && state === 'connected') resolve();
        });
      });
      const before = window.liveResources();
      await ada.destroy();
      await bob.destroy();
      let after;
      try {
        ada.setMicrophone(false);
        after = 'no error';
      } catch (error) {
        after = error.code;
      }
      const join = await ada.join('api-destroy', 'Ada').then(() => 'resolved', (error) => error.code);
      return { before, after, join };
    });
    assert.ok(result.before.connections >= 2 && result.before.tracks >= 2, JSON.stringify(result.before));
    assert.equal(result.after, 'destroyed');
    assert.equal(result.join, 'destroyed');
    await expectAllTracksEnded(page, { made: 4 });
    await page.waitForFunction(() => window.liveResources().connections === 0, null, { timeout: 5_000 });
  });
});

test('join() to an unreachable server settles by its abort signal or its timeout', { timeout: 60_000 }, async () => {
  await withPage(async (page) => {
    const result = await page.evaluate(async () => {
      // Port 9 (discard) on loopback: nothing listens; the client keeps retrying.
      const client = await Parley.create({ rehearse: false, signalingUrl: 'ws://127.0.0.1:9/' });
      const left = [];
      client.on('left', ({ reason }) => left.push(reason));
      const controller = new AbortController();
      const joining = client.join('api-abort', 'Ada', { signal: controller.signal });
      setTimeout(() => controller.abort(), 500);
      const aborted = await joining.then(() => 'resolved', (error) => error.code);
      const timedOut = await client.join('api-abort', 'Ada', { timeoutMs: 500 })
        .then(() => 'resolved', (error) => error.code);
      const preAborted = await client.join('api-abort', 'Ada', { signal: AbortSignal.abort() })
        .then(() => 'resolved', (error) => error.code);
      return { aborted, timedOut, preAborted, left };
    });
    assert.equal(result.aborted, 'aborted');
    assert.equal(result.timedOut, 'timeout');
    assert.equal(result.preAborted, 'aborted');
    assert.deepEqual(result.left, ['left', 'left']);
    await expectAllTracksEnded(page, { made: 4 });
  });
});

test('events embedders expect: active-speaker, connection-quality, devices', { timeout: 90_000 }, async () => {
  const room = 'api-insights';
  const people = [];
  try {
    // Microphones only: the fake one beeps, loud enough to be the speaker.
    for (const name of ['Ann', 'Ben']) {
      people.push(await joinEmbed(fixture.browser, fixture.server, room, name, { query: '&video=0' }));
    }
    const [ann, ben] = people;
    const quality = await waitForEvent(ann.page, 'connection-quality', { timeoutMs: 30_000 });
    assert.equal(quality.peerId, ben.peerId);
    assert.equal(quality.quality, 'good', JSON.stringify(quality));  // loopback: RTT ~0
    assert.equal(typeof quality.rttMs, 'number');

    const speaker = await waitForEvent(ann.page, 'active-speaker', { where: (d) => d.peerId !== null, timeoutMs: 30_000 });
    assert.ok([ann.peerId, ben.peerId].includes(speaker.peerId), JSON.stringify(speaker));
    assert.equal(speaker.self, speaker.peerId === ann.peerId);

    await ann.page.evaluate(() => navigator.mediaDevices.dispatchEvent(new Event('devicechange')));
    const devices = await waitForEvent(ann.page, 'devices');
    assert.ok(devices.microphones.length >= 1, JSON.stringify(devices));
    assert.ok(devices.microphones.every((d) => typeof d.deviceId === 'string' && typeof d.label === 'string'));
    for (const person of people) assert.deepEqual(person.errors, []);
  } finally {
    for (const person of people) await person.context.close();
  }
});

test('join() with your own MediaStream sends clones of its tracks and leaves yours running', { timeout: 60_000 }, async () => {
  await withPage(async (page) => {
    const result = await page.evaluate(async () => {
      // A canvas the page paints and a tone: media no camera produced.
      const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
      const paint = canvas.getContext('2d');
      const timer = setInterval(() => {
        paint.fillStyle = `hsl(${Date.now() % 360} 80% 50%)`;
        paint.fillRect(0, 0, 320, 180);
      }, 50);
      const audio = new AudioContext();
      const tone = audio.createOscillator();
      const sink = audio.createMediaStreamDestination();
      tone.connect(sink);
      tone.start();
      const own = new MediaStream([...canvas.captureStream(20).getVideoTracks(), ...sink.stream.getAudioTracks()]);

      // A second client in the page hears and sees what the first sends.
      const viewer = await Parley.create({ rehearse: false, audio: false, video: false });
      const received = new Set();
      const bothKinds = new Promise((resolve) => viewer.on('track', ({ kind }) => {
        received.add(kind);
        if (received.size === 2) resolve();
      }));
      await viewer.join('api-own-stream', 'Viewer');
      const sender = await Parley.create({ rehearse: false });
      const refused = await sender.join('api-own-stream', 'Own', { stream: 'camera' })
        .then(() => null, (error) => error.name);
      await sender.join('api-own-stream', 'Own', { stream: own });
      const sent = sender.localStream.getTracks();
      const arrived = await Promise.race([bothKinds.then(() => true), new Promise((r) => setTimeout(() => r(false), 20_000))]);
      const whileIn = {
        refused,
        captured: window.madeTracks.length,
        sentKinds: sent.map((t) => t.kind).sort(),
        sentAreClones: sent.every((t) => !own.getTracks().includes(t)),
        arrived,
      };
      await sender.leave();
      await viewer.leave();
      clearInterval(timer);
      return { ...whileIn, clonesEnded: sent.every((t) => t.readyState === 'ended'),
               oursLive: own.getTracks().every((t) => t.readyState === 'live') };
    });
    assert.deepEqual(result, { refused: 'TypeError', captured: 0, sentKinds: ['audio', 'video'],
                               sentAreClones: true, arrived: true, clonesEnded: true, oursLive: true });
  });
});
