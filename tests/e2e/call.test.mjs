// Real calls between headless Chromium pages through parley-server, using the embedding
// API (web/parley.js) without the ImGui UI. Fake camera: 640x480 with moving content;
// fake screen: 1280x720.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { useServerAndBrowser } from './lib/harness.mjs';
import {
  assertNoPageErrors, closeAll, expectLiveAudio, expectLiveVideo, expectVideoSize, joinEmbed,
  recordPeerConnections, tileVideo, waitForEvent,
} from './lib/call.mjs';

const fixture = useServerAndBrowser({ before, after });

const VGA = { width: 640, height: 480 };

// First, while no page holds the camera: the browser shares one capture device among its
// pages, and a running device keeps the size its first user asked for.
test('by default the camera is asked for at an ideal 1280x720', { timeout: 60_000 }, async () => {
  const cy = await joinEmbed(fixture.browser, fixture.server, 'default-size', 'Cy', { query: '' });
  try {
    await expectVideoSize(cy.page, tileVideo('self'), { width: 1280, height: 720 });
    assertNoPageErrors(cy);
  } finally {
    await closeAll(cy);
  }
});

// Parley.create() rehearses a call (src/core/call/connection_rehearsal.h): two clients
// inside the page connect over the browser's real RTCPeerConnections, and both connections
// are closed when it reports.
test('create() rehearses a call inside the page and leaves no connection open', { timeout: 60_000 }, async () => {
  const context = await fixture.browser.newContext();
  try {
    await recordPeerConnections(context);
    const page = await context.newPage();
    await page.goto(`${fixture.server.url}examples/embed.html`);  // no room: it joins nothing
    const seen = await page.evaluate(async () => {
      const client = await Parley.create({ rehearse: false });
      const connected = await new Promise((resolve) => { client._native.rehearse(resolve); });
      const made = window.madeConnections.length;
      const states = window.madeConnections.map((pc) => pc.connectionState);
      return { connected, made, states };
    });
    assert.equal(seen.connected, true, 'the two clients connected');
    assert.equal(seen.made, 2, 'one connection per rehearsing client');
    assert.deepEqual(seen.states, ['closed', 'closed'], 'closed before it reported');
    // The default rehearses too; whatever create() waited, the connections end closed.
    await page.evaluate(() => Parley.create());
    await page.waitForFunction(() => window.madeConnections.length === 4 &&
      window.madeConnections.every((pc) => pc.connectionState === 'closed'), null, { timeout: 10_000 });
  } finally {
    await context.close();
  }
});

test('two people in one room see and hear each other', { timeout: 90_000 }, async () => {
  const ada = await joinEmbed(fixture.browser, fixture.server, 'two-people', 'Ada');
  const bob = await joinEmbed(fixture.browser, fixture.server, 'two-people', 'Bob');
  try {
    await expectLiveVideo(ada.page, tileVideo(bob.peerId), VGA);
    await expectLiveVideo(bob.page, tileVideo(ada.peerId), VGA);
    await expectLiveAudio(ada.page, bob.peerId);
    await expectLiveAudio(bob.page, ada.peerId);
    assert.equal((await waitForEvent(ada.page, 'peer-joined')).name, 'Bob');
    assert.equal((await waitForEvent(bob.page, 'peer-joined')).name, 'Ada', 'names reach the answerer too');
    // Stats: sampled once a second into figures, over a direct (host) path on loopback.
    await ada.page.waitForFunction(async (id) => {
      const stats = (await window.embed.client.getStats())[id];
      return stats?.history.length >= 3 && stats.inboundKbps > 50 && stats.outboundKbps > 50;
    }, bob.peerId, { timeout: 20_000, polling: 500 });
    const stats = (await ada.page.evaluate(() => window.embed.client.getStats()))[bob.peerId];
    assert.equal(stats.candidateType, 'host');
    assert.equal(stats.width, 640);
    assert.equal(stats.height, 480);
    assert.match(stats.codec, /^video\//);
    assert.ok(stats.rttMs !== null && stats.rttMs < 100, `rtt ${stats.rttMs} ms`);
    assert.ok(stats.fps > 0, `fps ${stats.fps}`);
    assertNoPageErrors(ada, bob);
  } finally {
    await closeAll(ada, bob);
  }
});

test('four people form a full mesh: everyone decodes the other three', { timeout: 150_000 }, async () => {
  const people = [];
  try {
    for (const name of ['Ann', 'Ben', 'Cat', 'Dan']) {
      people.push(await joinEmbed(fixture.browser, fixture.server, 'mesh-of-four', name, { query: '&video=320x240' }));
    }
    for (const viewer of people) {
      for (const other of people) {
        if (other === viewer) continue;
        // Frames arriving and advancing; the size may adapt under four encoders' load.
        await viewer.page.waitForSelector(tileVideo(other.peerId), { timeout: 30_000 });
        await expectLiveVideo(viewer.page, tileVideo(other.peerId),
                              { width: 320, height: 240, frames: 5, timeoutMs: 30_000 });
      }
      const peers = await viewer.page.evaluate(() => window.embed.client.peers.map((p) => p.state));
      assert.deepEqual(peers, ['connected', 'connected', 'connected']);
    }
    assertNoPageErrors(...people);
  } finally {
    await closeAll(...people);
  }
});

test('a peer that leaves or closes its tab is gone for the others, with its resources', { timeout: 90_000 }, async () => {
  const ada = await joinEmbed(fixture.browser, fixture.server, 'leaving', 'Ada');
  const bob = await joinEmbed(fixture.browser, fixture.server, 'leaving', 'Bob');
  const cy = await joinEmbed(fixture.browser, fixture.server, 'leaving', 'Cy');
  try {
    await expectLiveVideo(ada.page, tileVideo(bob.peerId), VGA);
    await expectLiveVideo(ada.page, tileVideo(cy.peerId), VGA);

    await bob.page.evaluate(() => window.embed.client.leave());  // leaves by the API
    await cy.page.close();                                         // closes the tab
    for (const gone of [bob, cy]) {
      await ada.page.waitForFunction((id) => window.embed.events.some((e) => e.event === 'peer-left' && e.detail.peerId === id),
                                     gone.peerId, { timeout: 20_000 });
      await ada.page.waitForSelector(`#tile-${gone.peerId}`, { state: 'detached', timeout: 5_000 });
      const released = await ada.page.evaluate((id) => window.embed.client.remoteStream(id), gone.peerId);
      assert.equal(released, null, 'the API no longer holds its stream');
    }
    assert.deepEqual(await ada.page.evaluate(() => window.embed.client.peers), []);
    assertNoPageErrors(ada, bob);
  } finally {
    await closeAll(ada, bob, cy);
  }
});

// Neither sends anything at first, so neither is given a track (audio and video are
// negotiated recvonly); a screen shared later makes video sendrecv, which renegotiates.
test('without camera or microphone no track is given until a screen is shared', { timeout: 90_000 }, async () => {
  const ada = await joinEmbed(fixture.browser, fixture.server, 'nothing-then-screen', 'Ada', { query: '&video=0&audio=0' });
  const bob = await joinEmbed(fixture.browser, fixture.server, 'nothing-then-screen', 'Bob', { query: '&video=0&audio=0' });
  try {
    await ada.page.waitForFunction((id) => window.embed.client.chatReady(id), bob.peerId, { timeout: 20_000 });
    await bob.page.waitForFunction((id) => window.embed.client.chatReady(id), ada.peerId, { timeout: 20_000 });
    const trackKinds = (person) => person.page.evaluate(() => window.embed.events.filter((e) => e.event === 'track').map((e) => e.detail.kind));
    assert.deepEqual(await trackKinds(bob), [], 'Bob was given a track Ada never sends');
    await ada.page.evaluate(() => window.embed.client.startScreenShare());
    await expectLiveVideo(bob.page, tileVideo(ada.peerId), { width: 1280, height: 720, timeoutMs: 30_000 });
    assert.deepEqual(await trackKinds(bob), ['video'], 'only the screen, no audio track');
    assert.deepEqual(await trackKinds(ada), [], 'Bob still sends nothing');
    assertNoPageErrors(ada, bob);
  } finally {
    await closeAll(ada, bob);
  }
});

test('screen share switches the remote video to 1280x720 and back to the camera', { timeout: 90_000 }, async () => {
  const ada = await joinEmbed(fixture.browser, fixture.server, 'screen-share', 'Ada');
  const bob = await joinEmbed(fixture.browser, fixture.server, 'screen-share', 'Bob');
  try {
    await expectLiveVideo(bob.page, tileVideo(ada.peerId), VGA);
    await ada.page.evaluate(() => window.embed.client.startScreenShare());
    await expectLiveVideo(bob.page, tileVideo(ada.peerId), { width: 1280, height: 720, timeoutMs: 30_000 });
    assert.equal(await ada.page.evaluate(() => window.embed.client.sharingScreen), true);
    await ada.page.evaluate(() => window.embed.client.stopScreenShare());
    await expectLiveVideo(bob.page, tileVideo(ada.peerId), VGA);
    assertNoPageErrors(ada, bob);
  } finally {
    await closeAll(ada, bob);
  }
});
