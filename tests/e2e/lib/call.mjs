// Helpers for call tests: people joining rooms through the embedding example page
// (web/examples/embed.html, the JavaScript API without ImGui), and checks on the media
// they receive. Every wait is on a real condition with a bound.
import assert from 'node:assert/strict';

import { watchForErrors } from './harness.mjs';

// A person in a browser context of their own: opens the example with room and name.
export async function joinEmbed(browser, server, room, name, { query = '&video=640x480', timeoutMs = 20_000 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await page.goto(`${server.url}examples/embed.html?room=${room}&name=${encodeURIComponent(name)}${query}`);
  const joined = await waitForEvent(page, 'joined', { timeoutMs });
  return { context, page, errors, peerId: joined.peerId, name };
}

// The first recorded event of that name whose detail satisfies `where`.
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

// Waits until the <video> of `peerId` shows frames of the given size and they advance:
// decoded, live video - not a black or frozen element.
export async function expectLiveVideo(page, peerId, { width, height, frames = 10, timeoutMs = 20_000 }) {
  const selector = `#tile-${peerId} video`;
  await page.waitForFunction(
    ({ selector, width, height }) => {
      const video = document.querySelector(selector);
      return video && video.videoWidth === width && video.videoHeight === height;
    },
    { selector, width, height }, { timeout: timeoutMs, polling: 100 });
  const start = await page.evaluate((selector) =>
    document.querySelector(selector).getVideoPlaybackQuality().totalVideoFrames, selector);
  await page.waitForFunction(
    ({ selector, target }) => document.querySelector(selector).getVideoPlaybackQuality().totalVideoFrames >= target,
    { selector, target: start + frames }, { timeout: timeoutMs, polling: 100 });
}

// The remote stream of `peerId` carries a live audio track.
export async function expectLiveAudio(page, peerId, { timeoutMs = 20_000 } = {}) {
  await page.waitForFunction(
    (peerId) => {
      const stream = window.embed.client?.remoteStream(peerId);
      return stream?.getAudioTracks().some((track) => track.readyState === 'live');
    },
    peerId, { timeout: timeoutMs, polling: 100 });
}

export function assertNoPageErrors(...people) {
  for (const person of people) assert.deepEqual(person.errors, [], `${person.name}'s page reported errors`);
}
