// The app for people who do not use a mouse or do not see the screen. Its canvas is an
// image to assistive technology; the accessible mirror beside it (bindings/
// accessible_mirror) must give Chromium's accessibility tree named buttons, text fields and
// pickers, the people of the call with their state, and live regions for what the app
// says - and operating it there (a screen reader's action) must do what a click does. A
// keyboard alone, with Tab, Enter, Space, Escape and the shortcuts, must get through a call.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { artifactsDir, useServerAndBrowser } from './lib/harness.mjs';
import { closeApps, joinFromLobby, openApp } from './lib/app.mjs';
import { joinEmbed } from './lib/call.mjs';
import { findGlyph } from './lib/pixels.mjs';

const fixture = useServerAndBrowser({ before, after });

// Chromium's accessibility tree of the page (CDP), without the nodes it ignores.
async function axTree(cdp) {
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  return nodes.filter((node) => !node.ignored).map((node) => ({
    role: node.role?.value,
    name: node.name?.value ?? '',
    value: node.value?.value,
    properties: Object.fromEntries((node.properties ?? []).map((p) => [p.name, p.value.value])),
    backendId: node.backendDOMNodeId,
    childIds: node.childIds ?? [],
    id: node.nodeId,
  }));
}

// The first node with that role whose name matches (a string: equal; a RegExp: matches)
// and that satisfies `where`, once the tree has one (it follows the page a moment later).
async function axNode(cdp, role, name, { where = () => true, timeoutMs = 10_000 } = {}) {
  const matches = (node) => node.role === role &&
    (typeof name === 'string' ? node.name === name : name.test(node.name)) && where(node);
  const deadline = Date.now() + timeoutMs;
  let tree = [];
  for (;;) {
    tree = await axTree(cdp);
    const found = tree.find(matches);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = tree.filter((n) => !['generic', 'none', 'InlineTextBox'].includes(n.role))
        .map((n) => `${n.role}:${n.name}`).join(', ');
      throw new Error(`no ${role} "${name}" in the accessibility tree: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// What a screen reader's default action on a node does: a click on its element.
async function axPress(cdp, node) {
  const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendId });
  await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId,
                                             functionDeclaration: 'function () { this.click(); }' });
}

const snapshot = (page) => page.evaluate(() => window.parley.snapshot());

async function until(page, predicate, arg, what, timeoutMs = 10_000) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: timeoutMs });
  } catch (error) {
    throw new Error(`${what}: ${error.message}; snapshot: ${JSON.stringify(await snapshot(page))}`);
  }
}

test('a screen reader finds the lobby and the call and operates them through the accessibility tree', { timeout: 120_000 }, async () => {
  const room = 'screen-reader';
  const people = [];
  try {
    const ada = await openApp(fixture.browser, `${fixture.server.url}?room=${room}`);
    people.push(ada);
    const cdp = await ada.context.newCDPSession(ada.page);

    // The lobby: a named Join button, text fields with their text, the pickers.
    const join = await axNode(cdp, 'button', 'Join');
    const roomField = await axNode(cdp, 'textbox', 'Room');
    assert.equal(roomField.value, room);
    const nameField = await axNode(cdp, 'textbox', 'Your name');
    const camera = await axNode(cdp, 'combobox', 'Camera');
    assert.equal(camera.properties.expanded, false);
    assert.equal((await axTree(cdp)).some((node) => node.role === 'Canvas' || node.role === 'Video'), false,
                 'the canvas and the hidden videos are not in the tree');

    // Focus moves into the name field (as a screen reader's cursor does) and it is typed.
    await cdp.send('DOM.focus', { backendNodeId: nameField.backendId });
    await until(ada.page, () => window.parley.widgets().some((w) => w.label === 'Your name' && w.active),
                null, 'the name field takes the cursor');
    await ada.page.keyboard.type('Ada');
    await until(ada.page, () => window.parley.snapshot().lobby.name === 'Ada', null, 'the name is typed');
    await axNode(cdp, 'textbox', 'Your name', { where: (node) => node.value === 'Ada' });

    // The camera picker opens, and its "None" option is chosen - all by the tree.
    await axPress(cdp, camera);
    await axNode(cdp, 'combobox', 'Camera', { where: (node) => node.properties.expanded === true });
    await axNode(cdp, 'listbox', 'Camera');
    await axPress(cdp, await axNode(cdp, 'option', 'None - join without camera'));
    await until(ada.page, () => window.parley.snapshot().lobby.devices.camera === null, null, 'no camera picked');

    // Join, pressed in the tree, joins; the people of the call are listed with their state.
    await axPress(cdp, join);
    await until(ada.page, () => window.parley.snapshot().call?.selfId, null, 'joined', 20_000);
    await axNode(cdp, 'list', 'People in the call');
    await axNode(cdp, 'listitem', /^Ada \(you\)/);
    const bob = await joinEmbed(fixture.browser, fixture.server, room, 'Bob', { query: '&video=0&audio=0' });
    people.push(bob);
    const bobItem = await axNode(cdp, 'listitem', /^Bob: .*camera off/, { timeoutMs: 20_000 });
    assert.match(bobItem.name, /microphone muted/);

    // The microphone button, pressed in the tree, mutes: its state and Ada's entry say so.
    const microphone = await axNode(cdp, 'button', 'Microphone on');
    assert.equal(microphone.properties.pressed, 'true');
    await axPress(cdp, microphone);
    await until(ada.page, () => window.parley.widgets().some((w) => w.kind === 'toggle' && w.id === 'mic' && w.checked === false),
                null, 'the microphone is off');
    await axNode(cdp, 'button', 'Microphone off', { where: (node) => node.properties.pressed === 'false' });
    await axNode(cdp, 'listitem', /^Ada \(you\): .*microphone muted/);

    // What the app says in a toast reaches a live region.
    await axPress(cdp, await axNode(cdp, 'button', 'Copy invite link'));
    const said = await axNode(cdp, 'StaticText', /link/);
    const liveText = await ada.page.evaluate(() => document.querySelector('#parley-a11y [role=status]').textContent);
    assert.ok(liveText.includes(said.name), `"${said.name}" is in the status region: "${liveText}"`);
    const status = (await axTree(cdp)).find((node) => node.role === 'status');
    assert.equal(status.properties.live, 'polite');

    await ada.page.screenshot({ path: path.join(artifactsDir, 'app-accessibility-call.png') });
    for (const person of people) assert.deepEqual(person.errors, []);
  } finally {
    await closeApps(...people);
  }
});

// Presses Tab (Shift+Tab with `back`) until the keyboard focus is on the mirror element
// `key` - or, for a text field, until that field has the cursor. At most `most` presses.
async function tabTo(page, key, { back = false, most = 25 } = {}) {
  const arrived = (key) => {
    const focused = document.activeElement?.dataset?.key;
    if (focused === key) return true;
    const field = window.parley.widgets().find((w) => w.kind === 'text-input' && w.active);
    return field !== undefined && `text-input:${field.label}` === key;
  };
  for (let presses = 0; presses < most; ++presses) {
    if (await page.evaluate(arrived, key)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    // The app moves a field's cursor a frame or two after the focus.
    await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
  }
  if (await page.evaluate(arrived, key)) return;
  const at = await page.evaluate(() => document.activeElement?.dataset?.key ?? document.activeElement?.className);
  throw new Error(`Tab never reached ${key}; the focus is on ${at}`);
}

// Pixels of the focus ring's colour (ImGui draws it, 255,196,64) around a widget.
async function ringPixels(page, rect) {
  const shot = await page.screenshot({ clip: { x: Math.max(0, rect.x - 6), y: Math.max(0, rect.y - 6),
                                               width: rect.width + 12, height: rect.height + 12 } });
  return page.evaluate(async (base64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
    const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 255) < 16 && Math.abs(data[i + 1] - 196) < 16 && Math.abs(data[i + 2] - 64) < 16) count++;
    }
    return count;
  }, shot.toString('base64'));
}

test('keyboard only: join, mute, chat, close the chat and leave without a mouse event', { timeout: 120_000 }, async () => {
  const room = 'keyboard-only';
  const people = [];
  try {
    const bob = await joinEmbed(fixture.browser, fixture.server, room, 'Bob', { query: '&video=0&audio=0' });
    people.push(bob);
    const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 720 } });
    // Counts every pointer press the page gets (keyboard activation makes none).
    await context.addInitScript(() => {
      window.pointerPresses = 0;
      for (const type of ['mousedown', 'pointerdown', 'touchstart']) {
        window.addEventListener(type, () => { window.pointerPresses++; }, true);
      }
    });
    const page = await context.newPage();
    const kay = { context, page, errors: [] };
    people.push(kay);
    page.on('pageerror', (error) => kay.errors.push(error.message));
    await page.goto(`${fixture.server.url}?room=${room}`);
    await page.waitForFunction(() => window.parley?.ready === true, null, { timeout: 30_000 });

    // "?" shows the keyboard help; Escape closes it.
    await page.keyboard.press('?');
    await until(page, () => window.parley.widgets().some((w) => w.kind === 'help' && w.label.startsWith('Tab, Shift+Tab')),
                null, 'the keyboard help is shown');
    const said = await page.evaluate(() => document.querySelector('#parley-a11y [role=status]').textContent);
    assert.match(said, /Enter, Space: press the control with the focus ring/);
    await page.keyboard.press('Escape');
    await until(page, () => !window.parley.widgets().some((w) => w.kind === 'help'), null, 'the help closes');

    // Tab into the name field and type; Tab to the camera picker, open it with Enter, pick
    // "None" with Tab and Enter; Tab to Join and press Enter.
    await tabTo(page, 'text-input:Your name');
    await page.keyboard.type('Kay');
    await until(page, () => window.parley.snapshot().lobby.name === 'Kay', null, 'the name is typed');
    await tabTo(page, 'combo:Camera');
    const join = await page.evaluate(() => window.parley.widgets().find((w) => w.label === 'Join'));
    await page.keyboard.press('Enter');
    await until(page, () => window.parley.widgets().some((w) => w.kind === 'option'), null, 'the picker opens');
    await tabTo(page, 'option:None - join without camera');
    await page.keyboard.press('Enter');
    await until(page, () => window.parley.snapshot().lobby.devices.camera === null, null, 'no camera picked');
    await tabTo(page, 'button:Join');
    assert.ok(await ringPixels(page, join.rect) > 20, 'a focus ring is drawn around Join');
    await page.screenshot({ path: path.join(artifactsDir, 'app-keyboard-join-focused.png') });
    await page.keyboard.press('Enter');
    await until(page, () => window.parley.snapshot().call?.selfId, null, 'joined', 20_000);

    // Mute with Tab and Space; open the chat with its shortcut, type, Enter sends.
    await tabTo(page, 'toggle:mic');
    await page.keyboard.press('Space');
    await until(page, () => window.parley.widgets().some((w) => w.id === 'mic' && w.checked === false),
                null, 'the microphone is off');
    await page.keyboard.press('c');
    await until(page, () => window.parley.widgets().some((w) => w.label === 'Message' && w.active),
                null, 'the chat field has the cursor');
    await page.keyboard.type('typed without a mouse');
    await page.keyboard.press('Enter');
    await until(page, () => window.parley.widgets().some((w) => w.kind === 'chat-message' && w.label === 'You: typed without a mouse'),
                null, 'the message is sent');
    // Escape closes the panel; Tab reaches Leave; Enter leaves.
    await page.keyboard.press('Escape');
    await until(page, () => !window.parley.widgets().some((w) => w.label === 'Message'), null, 'the chat closes');
    await tabTo(page, 'button:Leave', { back: true });
    await page.keyboard.press('Enter');
    await until(page, () => window.parley.snapshot().screen === 'lobby', null, 'back in the lobby', 20_000);

    assert.equal(await page.evaluate(() => window.pointerPresses), 0);
    assert.deepEqual(kay.errors, []);
  } finally {
    await closeApps(...people);
  }
});

// The WCAG 2.1 contrast ratio of the text in a region of the page: between its most common
// colour (the background) and the colour farthest from it in luminance (the text's fully
// inked pixels - ImGui's font is drawn one texel per pixel). Inset by 2 pixels from the
// widget's edges, so frame borders do not count.
async function contrastIn(page, rect) {
  const clip = { x: Math.ceil(rect.x) + 2, y: Math.ceil(rect.y) + 2,
                 width: Math.floor(rect.width) - 4, height: Math.floor(rect.height) - 4 };
  const shot = await page.screenshot({ clip });
  return page.evaluate(async (base64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
    const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const linear = (c) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    const luminance = (i) => 0.2126 * linear(data[i]) + 0.7152 * linear(data[i + 1]) + 0.0722 * linear(data[i + 2]);
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) ?? { n: 0, i }));
      counts.get(key).n++;
    }
    const background = luminance([...counts.values()].sort((a, b) => b.n - a.n)[0].i);
    let farthest = background;
    for (let i = 0; i < data.length; i += 4) {
      const l = luminance(i);
      if (Math.abs(l - background) > Math.abs(farthest - background)) farthest = l;
    }
    return (Math.max(background, farthest) + 0.05) / (Math.min(background, farthest) + 0.05);
  }, shot.toString('base64'));
}

test('text contrast meets WCAG AA in the default theme; more contrast and less motion are honoured', { timeout: 120_000 }, async () => {
  const room = 'contrast';
  const people = [];
  try {
    const bob = await joinEmbed(fixture.browser, fixture.server, room, 'Bob', { query: '&video=0&audio=0' });
    people.push(bob);
    const ada = await openApp(fixture.browser, `${fixture.server.url}?room=${room}`);
    people.push(ada);
    const { page } = ada;
    const find = (label, kind) => page.evaluate(({ label, kind }) =>
      window.parley.widgets().find((w) => w.label === label && (!kind || w.kind === kind)), { label, kind });
    const measured = {};
    const measure = async (name, label, kind = null) => {
      measured[name] = await contrastIn(page, (await find(label, kind)).rect);
    };

    // The lobby: a field's hint and text, a picker, buttons - also under the mouse.
    await measure('hint in an empty field', 'Your name', 'text-input');
    await measure('text in a field', 'Room', 'text-input');
    await measure('a picker', 'Microphone', 'combo');
    await measure('a button', 'New room', 'button');
    const join = await find('Join', 'button');
    await page.mouse.move(join.rect.x + join.rect.width / 2, join.rect.y + join.rect.height / 2);
    await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
    await measure('a button under the mouse', 'Join', 'button');
    await page.mouse.move(5, 5);

    // The call: toggles on, lit and red, the badges on Bob's tile.
    await page.mouse.click(join.rect.x + join.rect.width / 2, join.rect.y + join.rect.height / 2);
    await until(page, () => window.parley.snapshot().call?.selfId, null, 'joined', 20_000);
    await until(page, () => window.parley.widgets().some((w) => w.kind === 'badge' && w.label === 'Camera off' && w.id !== 'self'),
                null, "Bob's badges", 20_000);
    await measure('a toggle', 'Microphone on', 'toggle');
    await measure('Leave', 'Leave', 'button');
    await measure('a red badge', 'Camera off', 'badge');
    await page.keyboard.press('c');
    await until(page, () => window.parley.widgets().some((w) => w.label === 'Chat' && w.checked === true), null, 'the chat opens');
    await page.mouse.move(5, 5);
    await measure('a lit toggle', 'Chat', 'toggle');
    console.log(JSON.stringify(measured));
    for (const [what, ratio] of Object.entries(measured)) {
      assert.ok(ratio >= 4.5, `${what}: contrast ${ratio.toFixed(2)}:1 is below WCAG AA's 4.5:1`);
    }

    // More contrast: the app switches to its high-contrast theme (a hint gets brighter).
    await page.emulateMedia({ contrast: 'more', reducedMotion: 'reduce' });
    await until(page, () => window.parley.snapshot().display.moreContrast && window.parley.snapshot().display.reducedMotion,
                null, 'the app sees the preferences');
    await page.keyboard.press('Escape');
    await measure('a toggle, more contrast', 'Microphone on', 'toggle');
    assert.ok(measured['a toggle, more contrast'] > measured['a toggle'],
              `more contrast: ${measured['a toggle, more contrast'].toFixed(2)} vs ${measured['a toggle'].toFixed(2)}`);

    // Less motion: the text cursor stops blinking - the caret's pixels stay the same.
    await page.keyboard.press('c');
    const field = await page.waitForFunction(() => window.parley.widgets().find((w) => w.label === 'Message' && w.active) ?? null,
                                             null, { timeout: 10_000 });
    const { rect } = await field.jsonValue();
    const caret = { x: rect.x, y: rect.y, width: 12, height: rect.height };
    const frames = new Set();
    for (let i = 0; i < 8; ++i) {
      frames.add((await page.screenshot({ clip: caret })).toString('base64'));
      await page.waitForTimeout(200);
    }
    assert.equal(frames.size, 1, 'the caret looks the same for 1.6 s');
    await page.emulateMedia({ contrast: null, reducedMotion: null });
    await until(page, () => !window.parley.snapshot().display.reducedMotion, null, 'motion is back');
    const blinking = new Set();
    for (let i = 0; i < 8; ++i) {
      blinking.add((await page.screenshot({ clip: caret })).toString('base64'));
      await page.waitForTimeout(200);
    }
    assert.ok(blinking.size > 1, 'without the preference the caret blinks (the check can tell)');
    assert.deepEqual(ada.errors, []);
  } finally {
    await closeApps(...people);
  }
});

test('the control bar shows icons beside its words, and tooltips do not cover the controls', { timeout: 120_000 }, async () => {
  const room = 'icons';
  const people = [];
  try {
    const ada = await openApp(fixture.browser, `${fixture.server.url}?room=${room}`);
    people.push(ada);
    const { page } = ada;
    // The icon font came with the lobby (the call may start while the server is away).
    assert.equal(await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((entry) => entry.name.endsWith('forkawesome-webfont.woff2')).length), 1);
    await joinFromLobby(page, { name: 'Ada' });

    // The icons are in the atlas once their font arrived, and drawn on their buttons.
    await until(page, () => {
      const font = window.parley.snapshot().font;
      return font.extraGlyphs >= 10 && font.failedGlyphs === 0;
    }, null, 'the icon glyphs', 20_000);
    await page.screenshot({ path: path.join(artifactsDir, 'app-control-bar-icons.png') });
    const controls = await page.evaluate(() => window.parley.widgets().filter((w) => w.kind === 'toggle' || w.kind === 'button'));
    for (const [label, codePoint] of [['Microphone on', 0xf130], ['Chat', 0xf086], ['Leave', 0xf095]]) {
      const { rect } = controls.find((w) => w.label === label);
      const shot = await page.screenshot({ clip: { x: rect.x, y: rect.y, width: rect.width, height: rect.height } });
      const found = await findGlyph(page, shot, codePoint);
      assert.ok(found.error < 10, `the ${label} icon is drawn on its button: ${JSON.stringify(found)}`);
    }

    // Each control's tooltip sits clear of every control, on screen.
    const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (const control of controls) {
      await page.mouse.move(control.rect.x + control.rect.width / 2, control.rect.y + control.rect.height / 2);
      const tip = await (await page.waitForFunction(() => window.parley.widgets().find((w) => w.kind === 'tooltip') ?? null,
                                                    null, { timeout: 10_000 })).jsonValue();
      for (const other of controls) {
        assert.ok(!overlaps(tip.rect, other.rect), `"${tip.label}" covers ${other.label}: ${JSON.stringify([tip.rect, other.rect])}`);
      }
      assert.ok(tip.rect.x >= 0 && tip.rect.y >= 0 && tip.rect.x + tip.rect.width <= 1280, JSON.stringify(tip.rect));
      await page.mouse.move(640, 5);
      await page.waitForFunction(() => !window.parley.widgets().some((w) => w.kind === 'tooltip'), null, { timeout: 10_000 });
    }

    assert.deepEqual(ada.errors, []);
  } finally {
    await closeApps(...people);
  }
});
