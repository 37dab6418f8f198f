// Helpers for call tests: people joining rooms through the embedding example page
// (web/examples/embed.html, the JavaScript API without ImGui) or the reference design's
// plain JS client, and checks on the media they receive. Every wait is on a real
// condition with a bound.
import assert from 'node:assert/strict';

import { watchForErrors } from './harness.mjs';

// Every RTCPeerConnection the context's pages make, in window.madeConnections (to see
// that none is left open, or made twice).
export function recordPeerConnections(context) {
  return context.addInitScript(() => {
    window.madeConnections = [];
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(...args) { super(...args); window.madeConnections.push(this); }
    };
  });
}

// A person in a browser context of their own: opens the example with room and name.
// `query` adds page options; the default asks for a 640x480 camera (the fake camera's
// own size), so what arrives can be compared with what was sent.
export async function joinEmbed(browser, server, room, name,
                                { query = '&video=640x480', waitForJoin = true, timeoutMs = 20_000,
                                  recordConnections = false } = {}) {
  // 1280x720: headless Chromium's fake screen is as large as the window.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  if (recordConnections) await recordPeerConnections(context);
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await page.goto(`${server.url}examples/embed.html?room=${room}&name=${encodeURIComponent(name)}${query}`);
  const joined = waitForJoin ? await waitForEvent(page, 'joined', { timeoutMs }) : null;
  return { context, page, errors, peerId: joined?.peerId, name };
}

// A plain JavaScript page written only against the reference design's protocol
// (tests/e2e/pages/reference-client.html, served at /__test/).
export async function joinReferenceClient(browser, server, room, peerId,
                                          { timeoutMs = 20_000, recordConnections = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  if (recordConnections) await recordPeerConnections(context);
  const page = await context.newPage();
  const errors = watchForErrors(page);
  const signalingUrl = server.url.replace(/^http/, 'ws');
  await page.goto(`${server.url}__test/reference-client.html?room=${room}&peerId=${peerId}` +
                  `&server=${encodeURIComponent(signalingUrl)}`);
  await page.waitForFunction(() => document.getElementById('local').srcObject !== null, null, { timeout: timeoutMs });
  return { context, page, errors, peerId, name: `reference ${peerId}` };
}

// The first recorded event of that name whose detail satisfies `where` (embed pages).
export async function waitForEvent(page, event, { where = null, timeoutMs = 20_000 } = {}) {
  const handle = await page.waitForFunction(
    ({ event, where }) => {
      const test = where ? new Function('detail', `return (${where})(detail);`) : () => true;
      return window.embed?.events?.find((e) => e.event === event && test(e.detail))?.detail;
    },
    { event, where: where?.toString() ?? null },
    { timeout: timeoutMs, polling: 100 });
  return handle.jsonValue();
}

export const tileVideo = (peerId) => `#tile-${peerId} video`;      // embed page
export const referenceVideo = (peerId) => `#remote-${peerId}`;    // reference page

// The <video> at `selector` shows frames of this size.
export async function expectVideoSize(page, selector, { width, height, timeoutMs = 20_000 }) {
  await page.waitForFunction(
    ({ selector, width, height }) => {
      const video = document.querySelector(selector);
      return video && video.videoWidth === width && video.videoHeight === height;
    },
    { selector, width, height }, { timeout: timeoutMs, polling: 100 });
}

// The <video> at `selector` decodes at least `frames` more frames within the bound.
export async function expectFramesAdvance(page, selector, { frames = 10, timeoutMs = 20_000 } = {}) {
  await page.waitForSelector(selector, { timeout: timeoutMs });
  const start = await page.evaluate((s) => document.querySelector(s).getVideoPlaybackQuality().totalVideoFrames, selector);
  await page.waitForFunction(
    ({ selector, target }) => document.querySelector(selector).getVideoPlaybackQuality().totalVideoFrames >= target,
    { selector, target: start + frames }, { timeout: timeoutMs, polling: 100 });
}

// Decoded, live video of this size: not a black, empty or frozen element.
export async function expectLiveVideo(page, selector, { width, height, frames = 10, timeoutMs = 20_000 }) {
  await expectVideoSize(page, selector, { width, height, timeoutMs });
  await expectFramesAdvance(page, selector, { frames, timeoutMs });
}

// Decoded, live video of the camera's shape (4:3) at whatever size the sender sends now:
// a sender may start below the camera's size while its bandwidth estimate ramps up.
export async function expectFlowingVideo(page, selector, { aspect = 4 / 3, frames = 10, timeoutMs = 20_000 } = {}) {
  await page.waitForFunction(
    ({ selector, aspect }) => {
      const video = document.querySelector(selector);
      return video && video.videoWidth > 0 && Math.abs(video.videoWidth / video.videoHeight - aspect) < 0.02;
    },
    { selector, aspect }, { timeout: timeoutMs, polling: 100 });
  await expectFramesAdvance(page, selector, { frames, timeoutMs });
}

// The embed page's remote stream of `peerId` carries a live audio track.
export async function expectLiveAudio(page, peerId, { timeoutMs = 20_000 } = {}) {
  await page.waitForFunction(
    (peerId) => window.embed.client?.remoteStream(peerId)?.getAudioTracks().some((t) => t.readyState === 'live'),
    peerId, { timeout: timeoutMs, polling: 100 });
}

export function assertNoPageErrors(...people) {
  for (const person of people) assert.deepEqual(person.errors, [], `${person.name}'s page reported errors`);
}

export async function closeAll(...people) {
  for (const person of people) await person?.context.close();
}
