// A phone: a 390x844 viewport with touch only (Chromium's touch emulation, no mouse). The
// lobby and the call fit it with every control on screen; taps press buttons and put the
// cursor in text fields; a finger dragged over the chat scrolls it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { artifactsDir, useServerAndBrowser, waitForApp, watchForErrors } from './lib/harness.mjs';
import { closeApps } from './lib/app.mjs';
import { joinEmbed } from './lib/call.mjs';

const fixture = useServerAndBrowser({ before, after });
const PHONE = { width: 390, height: 844 };

const widget = (page, label, kind) => page.evaluate(({ label, kind }) =>
  window.parley.widgets().find((w) => w.label === label && (!kind || w.kind === kind)) ?? null, { label, kind });

// Taps the middle of a widget, once it is on screen and sits still for two frames.
async function tap(page, label, kind = null) {
  const found = await page.waitForFunction(({ label, kind }) => {
    const w = window.parley.widgets().find((w) => w.label === label && (!kind || w.kind === kind));
    const frame = window.parley.snapshot().frames;
    const seen = (window.__tapSeen ??= {});
    const before = seen[label];
    seen[label] = w ? { frame, rect: JSON.stringify(w.rect) } : undefined;
    return w && before && before.frame !== frame && before.rect === JSON.stringify(w.rect) ? w : null;
  }, { label, kind }, { timeout: 20_000, polling: 50 });
  const { rect } = await found.jsonValue();
  await page.touchscreen.tap(rect.x + rect.width / 2, rect.y + rect.height / 2);
}

async function until(page, predicate, arg, what, timeoutMs = 10_000) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: timeoutMs });
  } catch (error) {
    const widgets = await page.evaluate(() => window.parley.widgets().map((w) => `${w.kind}:${w.label}`));
    throw new Error(`${what}: ${error.message}; widgets: ${widgets.join(', ')}`);
  }
}

// A finger dragged from (x, y) by dy in steps (CDP touch events: Playwright taps only).
async function drag(page, x, y, dy) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let step = 1; step <= 10; ++step) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y + (dy * step) / 10 }] });
    await page.waitForTimeout(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test('a phone joins by touch, every control is on screen, the camera toggles and the chat scrolls', { timeout: 120_000 }, async () => {
  const room = 'phone';
  const people = [];
  try {
    const bob = await joinEmbed(fixture.browser, fixture.server, room, 'Bob', { query: '&video=0&audio=0' });
    people.push(bob);
    const context = await fixture.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await context.addInitScript(() => {
      window.mousePresses = 0;
      window.addEventListener('mousedown', () => { window.mousePresses++; }, true);
    });
    const page = await context.newPage();
    const phone = { context, page, errors: watchForErrors(page) };
    people.push(phone);
    await page.goto(`${fixture.server.url}?room=${room}`);
    await waitForApp(page);

    // The lobby fits; a tap puts the cursor in the name field, and the keyboard types.
    const lobbyControls = await page.evaluate(() => window.parley.widgets().filter((w) => w.kind !== 'preview' && w.kind !== 'preview-empty'));
    for (const w of lobbyControls) {
      assert.ok(w.rect.x >= 0 && w.rect.x + w.rect.width <= 390, `${w.label} fits the lobby's width: ${JSON.stringify(w.rect)}`);
    }
    await tap(page, 'Your name', 'text-input');
    await until(page, () => window.parley.widgets().some((w) => w.label === 'Your name' && w.active), null, 'the name field takes the cursor');
    await page.keyboard.type('Pip');
    await until(page, () => window.parley.snapshot().lobby.name === 'Pip', null, 'the name is typed');
    await tap(page, 'Join', 'button');
    await until(page, () => window.parley.snapshot().call?.selfId, null, 'joined', 20_000);

    // Every control of the call is on the phone's screen.
    await until(page, () => window.parley.widgets().some((w) => w.label === 'Leave'), null, 'the control bar');
    const controls = await page.evaluate(() => window.parley.widgets().filter((w) => w.kind === 'toggle' || w.kind === 'button'));
    assert.equal(controls.length, 8, controls.map((w) => w.label).join(', '));
    for (const w of controls) {
      assert.ok(w.rect.x >= 0 && w.rect.y >= 0 && w.rect.x + w.rect.width <= 390 && w.rect.y + w.rect.height <= 844,
                `${w.label} is on screen: ${JSON.stringify(w.rect)}`);
    }
    await page.screenshot({ path: path.join(artifactsDir, 'app-touch-phone-call.png') });

    // A tap turns the camera off.
    await tap(page, 'Camera on', 'toggle');
    await until(page, () => window.parley.widgets().some((w) => w.id === 'camera' && w.checked === false), null, 'the camera is off');

    // Bob says forty things; on the phone the chat opens over the tiles, scrolled to the
    // newest; a finger dragged down brings earlier ones into view.
    const phoneId = await page.evaluate(() => window.parley.snapshot().call.selfId);
    await bob.page.waitForFunction((id) => window.embed.client.chatReady(id), phoneId, { timeout: 20_000 });
    await bob.page.evaluate(async () => {
      for (let i = 1; i <= 40; ++i) window.embed.client.sendChat(`line ${i}`);
    });
    await tap(page, 'Chat', 'toggle');
    await until(page, () => window.parley.widgets().some((w) => w.kind === 'chat-message' && w.label === 'Bob: line 40'),
                null, 'the newest line is shown', 20_000);
    const firstShown = () => window.parley.widgets().filter((w) => w.kind === 'chat-message')
      .map((w) => Number(w.label.replace('Bob: line ', '')))[0];
    const before = await page.evaluate(firstShown);
    const message = await widget(page, 'Bob: line 40', 'chat-message');
    await drag(page, message.rect.x + 40, 200, 400);
    await until(page, (before) => {
      const lines = window.parley.widgets().filter((w) => w.kind === 'chat-message').map((w) => Number(w.label.replace('Bob: line ', '')));
      return lines.length > 0 && lines[0] < before - 5;
    }, before, 'dragging scrolls the chat back');
    assert.equal(await page.evaluate(() => window.parley.snapshot().call.chat.messages), 40);

    assert.equal(await page.evaluate(() => window.mousePresses), 0, 'no emulated mouse event reached the page');
    assert.deepEqual(phone.errors, []);
  } finally {
    await closeApps(...people);
  }
});
