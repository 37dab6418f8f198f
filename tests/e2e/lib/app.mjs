// Driving the ImGui app the way a person does: find a widget by its label in the app's
// widget list (window.parley.widgets()), move the mouse to its centre and click, type
// with the keyboard. Everything waits on a real condition with a bound.
import path from 'node:path';

import { artifactsDir, waitForApp, watchForErrors } from './harness.mjs';

// A fresh browser context (its own permissions and storage: another person) on `url`,
// once the app drew its first frame.
export async function openApp(browser, url, { viewport = { width: 1280, height: 720 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await page.goto(url);
  await waitForApp(page);
  return { context, page, errors };
}

// The first widget matching `label` (and `kind`, if given) once it is on screen.
export async function findWidget(page, label, { kind = null, timeoutMs = 20_000 } = {}) {
  try {
    const handle = await page.waitForFunction(({ label, kind }) => {
      return window.parley.widgets().find((w) => w.label === label && (!kind || w.kind === kind)) ?? null;
    }, { label, kind }, { timeout: timeoutMs });
    return handle.jsonValue();
  } catch (error) {
    const seen = await page.evaluate(() => ({
      frames: window.parley.snapshot().frames,
      widgets: window.parley.widgets().map((w) => `${w.kind}:${w.label}`),
    }));
    throw new Error(`no ${kind ?? 'widget'} "${label}": ${error.message}; frame ${seen.frames} has ${seen.widgets.join(', ')}`);
  }
}

export async function widgetGone(page, label, { kind = null, timeoutMs = 20_000 } = {}) {
  await page.waitForFunction(({ label, kind }) => {
    return !window.parley.widgets().some((w) => w.label === label && (!kind || w.kind === kind));
  }, { label, kind }, { timeout: timeoutMs });
}

const centre = (rect) => ({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });

// The widget once it sits still: the same rectangle in two different frames. (A window
// that sizes itself to its content settles over the first frames; a person clicks what
// they see, not where a widget was for one frame.)
export async function settledWidget(page, label, { kind = null, timeoutMs = 20_000 } = {}) {
  const handle = await page.waitForFunction(({ label, kind }) => {
    const widget = window.parley.widgets().find((w) => w.label === label && (!kind || w.kind === kind));
    const frame = window.parley.snapshot().frames;
    const key = `${kind}:${label}`;
    const seen = (window.__parleySeen ??= {});
    const before = seen[key];
    seen[key] = widget ? { frame, rect: JSON.stringify(widget.rect) } : undefined;
    return widget && before && before.frame !== frame && before.rect === JSON.stringify(widget.rect) ? widget : null;
  }, { label, kind }, { timeout: timeoutMs, polling: 50 });
  return handle.jsonValue();
}

// Clicks the centre of an enabled widget with the mouse.
export async function click(page, label, options = {}) {
  const widget = await settledWidget(page, label, options);
  if (!widget.enabled) throw new Error(`"${label}" is disabled`);
  const { x, y } = centre(widget.rect);
  await page.mouse.click(x, y);
  return widget;
}

// Clicks an empty text field and, once it has the cursor, types `text` into it. A click
// can miss on a busy machine: the lobby's layout may still move under it (a preview
// that goes away once the camera is switched off), and a page drawing a few frames a
// second moves late. So it looks the field up and clicks again, three times at most.
export async function typeInto(page, label, text) {
  const active = (label) => window.parley.widgets().some((w) => w.label === label && w.active);
  for (let attempt = 1; ; ++attempt) {
    await click(page, label, { kind: 'text-input' });
    try {
      await page.waitForFunction(active, label, { timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw new Error(`"${label}" never took the cursor after 3 clicks: ${error.message}`);
    }
  }
  await page.keyboard.type(text);
}

// Types name and room into the lobby and clicks Join; resolves once the call screen is up.
export async function joinFromLobby(page, { name, room = null }) {
  await typeInto(page, 'Your name', name);
  if (room !== null) await typeInto(page, 'Room', room);
  try {
    await page.waitForFunction(({ name }) => window.parley.snapshot().lobby.name === name, { name },
                               { timeout: 5_000 });
  } catch (error) {
    const lobby = await page.evaluate(() => window.parley.snapshot().lobby);
    await page.screenshot({ path: path.join(artifactsDir, `lobby-${name}-not-typed.png`) });
    throw new Error(`typing "${name}" into the lobby: ${error.message}; lobby: ${JSON.stringify(lobby)}`);
  }
  await click(page, 'Join');
  await page.waitForFunction(() => window.parley.snapshot().call?.selfId, null, { timeout: 20_000 });
}

// The screen rectangle of the tile showing `name`, once its video has a frame.
export async function liveTile(page, name, { timeoutMs = 20_000 } = {}) {
  try {
    await page.waitForFunction((name) => {
      const person = window.parley.snapshot().call?.participants.find((p) => p.name === name);
      return person && person.video.width > 0;
    }, name, { timeout: timeoutMs });
  } catch (error) {
    const snapshot = await page.evaluate(() => window.parley.snapshot());
    throw new Error(`no live tile for ${name}: ${error.message}\nsnapshot: ${JSON.stringify(snapshot)}`);
  }
  return (await findWidget(page, name, { kind: 'tile' })).rect;
}

// A screenshot of part of the page (CSS pixels, rounded inwards).
export function shoot(page, rect, path) {
  const clip = { x: Math.ceil(rect.x), y: Math.ceil(rect.y),
                 width: Math.floor(rect.width) - 1, height: Math.floor(rect.height) - 1 };
  return page.screenshot({ clip, path });
}

export const selfId = (page) => page.evaluate(() => window.parley.snapshot().call.selfId);

export async function closeApps(...apps) {
  for (const app of apps) await app?.context.close();
}

// Ada and Bob in `room` (each in a fresh context, joined through the lobby), once each
// sees the other's video; `.id` is each one's peer id.
export async function twoInACall(browser, serverUrl, room) {
  const ada = await openApp(browser, `${serverUrl}?room=${room}`);
  const bob = await openApp(browser, `${serverUrl}?room=${room}`);
  try {
    await joinFromLobby(ada.page, { name: 'Ada' });
    await joinFromLobby(bob.page, { name: 'Bob' });
    await liveTile(ada.page, 'Bob');
    await liveTile(bob.page, 'Ada');
    ada.id = await selfId(ada.page);
    bob.id = await selfId(bob.page);
  } catch (error) {
    await closeApps(ada, bob);
    throw error;
  }
  return { ada, bob };
}
