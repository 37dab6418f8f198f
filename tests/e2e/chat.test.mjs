// Chat over data channels in a three-person room: typed into the app's chat panel by
// keyboard and mouse, and sent through the JavaScript API - each message reaches every
// other person once, in order per sender, also across a cut channel.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { artifactsDir, useServerAndBrowser } from './lib/harness.mjs';
import { click, closeApps, findWidget, joinFromLobby, openApp, typeInto, widgetGone } from './lib/app.mjs';
import { joinEmbed, waitForEvent } from './lib/call.mjs';

const fixture = useServerAndBrowser({ before, after });

// The chat lines `page` shows, once it shows `count` of them.
async function chatLines(page, count) {
  try {
    const handle = await page.waitForFunction((count) => {
      const lines = window.parley.widgets().filter((w) => w.kind === 'chat-message').map((w) => w.label);
      return lines.length >= count ? lines : null;
    }, count, { timeout: 20_000 });
    return handle.jsonValue();
  } catch (error) {
    const widgets = await page.evaluate(() => window.parley.widgets().map((w) => `${w.kind}:${w.label}${w.active ? '*' : ''}`));
    const chat = await page.evaluate(() => JSON.stringify(window.parley.snapshot().call?.chat));
    await page.screenshot({ path: path.join(artifactsDir, `chat-lines-missing-${count}.png`) });
    throw new Error(`${count} chat lines not shown: ${error.message}; widgets: ${widgets.join(', ')}; chat: ${chat}`);
  }
}

// Once `page` has a connected session to `count` others.
async function connectedTo(page, count) {
  try {
    await page.waitForFunction((count) => {
      const call = window.parley.snapshot().call;
      return call && call.participants.filter((p) => p.connection === 'connected').length >= count;
    }, count, { timeout: 30_000 });
  } catch (error) {
    const call = await page.evaluate(() => JSON.stringify(window.parley.snapshot().call));
    throw new Error(`not connected to ${count} others: ${error.message}; call: ${call}`);
  }
}

test('three people chat through the app: type, Enter, unread badge, everyone sees it once', { timeout: 180_000 }, async () => {
  const room = 'ui-chat';
  const people = [];
  try {
    // Cameras off: this test is about chat, and three 720p camera encoders are what
    // starve a loaded 2-core machine (three SwiftShader pages drew 2-6 frames a second in
    // such a call; tools/bench notes). Video between app pages is app_call's subject.
    const t0 = Date.now();
    const step = (what) => console.log(`[chat] ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
    for (const name of ['Ada', 'Bob', 'Cy']) {
      const person = await openApp(fixture.browser, `${fixture.server.url}?room=${room}`);
      people.push(person);
      await click(person.page, 'Camera', { kind: 'combo' });
      await click(person.page, 'None - join without camera', { kind: 'option' });
      await joinFromLobby(person.page, { name });
      step(`${name} joined`);
    }
    const [ada, bob, cy] = people;
    for (const person of people) {
      await connectedTo(person.page, people.length - 1);
      const s = await person.page.evaluate(() => window.parley.snapshot());
      step(`connected; ${s.frames} frames drawn, frameMs ${JSON.stringify(s.frameMs)}`);
    }

    // Ada clicks Chat and types at once, as people do: the field takes the cursor a frame
    // or two later, and nothing typed meanwhile is lost (core/view/type_ahead.h).
    await click(ada.page, 'Chat', { kind: 'toggle' });
    await ada.page.keyboard.type('Hello from Ada');
    await ada.page.waitForFunction(
      () => window.parley.widgets().some((w) => w.label === 'Message' && w.active), null, { timeout: 5_000 });
    await ada.page.keyboard.press('Enter');
    assert.deepEqual(await chatLines(ada.page, 1), ['You: Hello from Ada']);

    // Bob has the panel closed: a badge counts the message; opening it shows and clears.
    const badge = await bob.page.waitForFunction(() =>
      window.parley.widgets().find((w) => w.kind === 'badge' && w.id === 'chat') ?? null, null, { timeout: 20_000 });
    assert.equal((await badge.jsonValue()).label, '1');
    await click(bob.page, 'Chat', { kind: 'toggle' });
    assert.deepEqual(await chatLines(bob.page, 1), ['Ada: Hello from Ada']);
    await widgetGone(bob.page, '1', { kind: 'badge' });

    // Bob answers with the Send button; Cy opens the chat and sees both, in order.
    await typeInto(bob.page, 'Message', 'Hi Ada, Bob here');
    await click(bob.page, 'Send', { kind: 'button' });
    await cy.page.keyboard.press('c');  // the shortcut
    assert.deepEqual(await chatLines(cy.page, 2), ['Ada: Hello from Ada', 'Bob: Hi Ada, Bob here']);
    assert.deepEqual(await chatLines(ada.page, 2), ['You: Hello from Ada', 'Bob: Hi Ada, Bob here']);
    await cy.page.screenshot({ path: path.join(artifactsDir, 'app-chat-panel.png') });

    // Nothing arrived twice (the snapshot counts the log, not what is drawn).
    for (const person of people) {
      const chat = await person.page.evaluate(() => window.parley.snapshot().call.chat);
      assert.equal(chat.messages, 2, JSON.stringify(chat));
    }
    for (const person of people) assert.deepEqual(person.errors, []);
  } finally {
    await closeApps(...people);
  }
});

test('API: sendChat reaches every peer once, in order per sender, across a cut channel', { timeout: 180_000 }, async () => {
  const room = 'api-chat';
  const people = [];
  try {
    for (const name of ['Ann', 'Ben', 'Cat']) {
      people.push(await joinEmbed(fixture.browser, fixture.server, room, name, { query: '&video=0&audio=0' }));
    }
    const [ann, ben, cat] = people;
    // Everyone's chat channel to everyone is up.
    for (const person of people) {
      const others = people.filter((p) => p !== person).map((p) => p.peerId);
      await person.page.waitForFunction((others) => others.every((id) => window.embed.client.chatReady(id)),
                                        others, { timeout: 20_000 });
    }

    // Refusals are errors the caller can read, not silence.
    const refused = await ann.page.evaluate(() => {
      try { window.embed.client.sendChat('   '); return null; } catch (error) { return [error.name, error.code]; }
    });
    assert.deepEqual(refused, ['ParleyError', 'empty']);

    // Ann and Ben each send 20 messages; halfway, Ann's channels to Cat are cut.
    const send = (person, from, to) => person.page.evaluate(({ from, to }) => {
      for (let i = from; i < to; ++i) window.embed.client.sendChat(`${window.embed.client.peerId} #${i}`);
    }, { from, to });
    await send(ann, 0, 10);
    await send(ben, 0, 10);
    await ann.page.evaluate((catId) => window.embed.client._cutDataChannels(catId), cat.peerId);
    await send(ann, 10, 20);
    await send(ben, 10, 20);

    const received = async (person, senderId) => {
      try {
        const handle = await person.page.waitForFunction((senderId) => {
          const texts = window.embed.events.filter((e) => e.event === 'chat' && e.detail.from === senderId)
            .map((e) => e.detail.text);
          return texts.length >= 20 ? texts : null;
        }, senderId, { timeout: 30_000, polling: 100 });
        return handle.jsonValue();
      } catch (error) {
        const seen = await person.page.evaluate(() => window.embed.events
          .filter((e) => e.event === 'chat' || e.event === 'error').map((e) => e.detail.text ?? e.detail.message));
        throw new Error(`${person.name} did not get 20 messages from ${senderId}: ${error.message}; got ${JSON.stringify(seen)}`);
      }
    };
    const expected = (id) => Array.from({ length: 20 }, (_, i) => `${id} #${i}`);
    await cat.page.waitForFunction((annId) => window.embed.client.chatReady(annId), ann.peerId, { timeout: 20_000 });
    assert.deepEqual(await received(cat, ann.peerId), expected(ann.peerId));
    assert.deepEqual(await received(cat, ben.peerId), expected(ben.peerId));
    assert.deepEqual(await received(ben, ann.peerId), expected(ann.peerId));
    assert.deepEqual(await received(ann, ben.peerId), expected(ben.peerId));
    // Own messages come back as events marked own; nobody hears their own from others.
    const own = await ann.page.evaluate(() => window.embed.events.filter((e) => e.event === 'chat' && e.detail.own).length);
    assert.equal(own, 20);
    // One more message after the cut proves Ann's acknowledgements flow again: her outbox
    // to Cat empties, so nothing is sent twice later.
    await ann.page.evaluate(() => window.embed.client.sendChat('after the cut'));
    await waitForEvent(cat.page, 'chat', { where: (d) => d.text === 'after the cut' });
    const total = await cat.page.evaluate((annId) =>
      window.embed.events.filter((e) => e.event === 'chat' && e.detail.from === annId).length, ann.peerId);
    assert.equal(total, 21);
    for (const person of people) {
      assert.deepEqual(person.errors, []);
      const errors = await person.page.evaluate(() => window.embed.events.filter((e) => e.event === 'error'));
      assert.deepEqual(errors, []);
    }
  } finally {
    for (const person of people) await person.context.close();
  }
});
