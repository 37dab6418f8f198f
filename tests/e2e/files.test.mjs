// File transfer between browsers through the JavaScript API: a 64 MiB file whose SHA-256
// matches on arrival, decline, cancel from either side, three files at once to two
// people, a transfer that survives its channel being cut, and a receiver who leaves.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { useServerAndBrowser } from './lib/harness.mjs';
import { joinEmbed } from './lib/call.mjs';
import { acceptEveryFile, fileEvent, makeFile, receivedDigest, sendFile } from './lib/files.mjs';

const fixture = useServerAndBrowser({ before, after });
const MiB = 1024 * 1024;

// People in `room` through the embedding example, each receiving files by accepting
// every offer (unless told to decline), all chat/file channels up.
async function room(name, people) {
  const joined = [];
  for (const person of people) {
    joined.push(await joinEmbed(fixture.browser, fixture.server, name, person, { query: '&video=0&audio=0' }));
  }
  for (const person of joined) {
    await acceptEveryFile(person);
    const others = joined.filter((p) => p !== person).map((p) => p.peerId);
    await person.page.waitForFunction((others) => others.every((id) => window.embed.client.chatReady(id)),
                                      others, { timeout: 20_000 });
  }
  return joined;
}

async function noErrors(...people) {
  for (const person of people) {
    assert.deepEqual(person.errors, []);
    const errors = await person.page.evaluate(() => window.embed.events.filter((e) => e.event === 'error').map((e) => e.detail));
    assert.deepEqual(errors, []);
  }
}

test('a 64 MiB file arrives with a matching SHA-256, with progress on both sides', { timeout: 180_000 }, async () => {
  const [ann, ben] = await room('files-big', ['Ann', 'Ben']);
  try {
    const sent = await makeFile(ann, { name: 'big.bin', size: 64 * MiB });
    const key = await sendFile(ann, ben.peerId, 'big.bin');
    assert.match(key, /^t\d+$/);
    const done = await fileEvent(ben, (d) => d.name === 'big.bin' && d.state === 'done', { timeoutMs: 150_000 });
    assert.equal(done.size, 64 * MiB);
    assert.equal(await receivedDigest(ben, 'big.bin'), sent);
    await fileEvent(ann, (d) => d.name === 'big.bin' && d.state === 'done');
    // Neither sends media, so neither was given a track to play and meter (each side
    // offered and answered its audio and video recvonly).
    for (const person of [ann, ben]) {
      const kinds = await person.page.evaluate(() => window.embed.events.filter((e) => e.event === 'track').map((e) => e.detail.kind));
      assert.deepEqual(kinds, [], `${person.name} got remote tracks from a peer that sends none`);
    }
    // Progress as it went: bytes, a rate and the time left, both ways.
    for (const person of [ann, ben]) {
      const midway = await fileEvent(person, (d) => d.state === 'transferring' && d.bytes > 0 && d.bytesPerSecond > 0 && d.etaSeconds > 0);
      assert.ok(midway.bytes < 64 * MiB);
    }
    // Dismissed, the received file's object URL stops working and the transfer is gone.
    const released = await ben.page.evaluate(async (name) => {
      const done = window.files.events.find((d) => d.name === name && d.state === 'done');
      const before = (await fetch(done.url)).ok;
      const dismissed = window.embed.client.dismissFile(done.key);
      await new Promise((resolve) => { setTimeout(resolve, 0); });  // forgotten on the next turn
      const after = await fetch(done.url).then((response) => response.ok, () => false);
      const listed = window.embed.client.transfers.some((t) => t.key === done.key);
      return { url: done.url, result: { before, dismissed, after, listed } };
    }, 'big.bin');
    assert.deepEqual(released.result, { before: true, dismissed: true, after: false, listed: false });
    // The fetch of the revoked URL was meant to fail: not a page error.
    const expected = (line) => line.includes(released.url) || line.includes('ERR_FILE_NOT_FOUND');
    ben.errors.splice(0, ben.errors.length, ...ben.errors.filter((line) => !expected(line)));
    await noErrors(ann, ben);
  } finally {
    for (const person of [ann, ben]) await person.context.close();
  }
});

test('declined, and cancelled midway from either side', { timeout: 120_000 }, async () => {
  const [ann, ben] = await room('files-cancel', ['Ann', 'Ben']);
  try {
    await ben.page.evaluate(() => { window.files.decline = true; });
    await makeFile(ann, { name: 'unwanted.bin', size: MiB });
    await sendFile(ann, ben.peerId, 'unwanted.bin');
    const offered = await fileEvent(ben, (d) => d.name === 'unwanted.bin' && d.state === 'offered');
    await ben.page.evaluate((key) => window.embed.client.declineFile(key), offered.key);
    await fileEvent(ann, (d) => d.name === 'unwanted.bin' && d.state === 'declined');
    await ben.page.evaluate(() => { window.files.decline = false; });

    await makeFile(ann, { name: 'stopped-by-sender.bin', size: 48 * MiB });
    const key = await sendFile(ann, ben.peerId, 'stopped-by-sender.bin');
    await fileEvent(ben, (d) => d.name === 'stopped-by-sender.bin' && d.bytes > 0);
    await ann.page.evaluate((key) => window.embed.client.cancelFile(key), key);
    const cancelled = await fileEvent(ben, (d) => d.name === 'stopped-by-sender.bin' && d.state === 'cancelled', { timeoutMs: 10_000 });
    assert.equal(cancelled.error, 'cancelled by the sender');

    await makeFile(ann, { name: 'stopped-by-receiver.bin', size: 48 * MiB });
    await sendFile(ann, ben.peerId, 'stopped-by-receiver.bin');
    const arriving = await fileEvent(ben, (d) => d.name === 'stopped-by-receiver.bin' && d.bytes > 0);
    await ben.page.evaluate((key) => window.embed.client.cancelFile(key), arriving.key);
    const stopped = await fileEvent(ann, (d) => d.name === 'stopped-by-receiver.bin' && d.state === 'cancelled', { timeoutMs: 10_000 });
    assert.equal(stopped.error, 'cancelled by the receiver');
    await noErrors(ann, ben);
  } finally {
    for (const person of [ann, ben]) await person.context.close();
  }
});

test('three files at once to two people all arrive intact', { timeout: 180_000 }, async () => {
  const [ann, ben, cat] = await room('files-three', ['Ann', 'Ben', 'Cat']);
  try {
    const digests = {};
    for (const name of ['one.bin', 'two.bin', 'three.bin']) digests[name] = await makeFile(ann, { name, size: 8 * MiB });
    await sendFile(ann, ben.peerId, 'one.bin');
    await sendFile(ann, ben.peerId, 'two.bin');
    await sendFile(ann, cat.peerId, 'three.bin');
    // Both files to Ben are under way at the same time: neither waits for the other.
    await fileEvent(ben, (d) => d.name === 'one.bin' && d.bytes > 0 && d.state === 'transferring');
    await fileEvent(ben, (d) => d.name === 'two.bin' && d.bytes > 0 && d.state === 'transferring');
    for (const [person, name] of [[ben, 'one.bin'], [ben, 'two.bin'], [cat, 'three.bin']]) {
      await fileEvent(person, (d, name) => d.name === name && d.direction === 'incoming' && d.state === 'done',
                      { timeoutMs: 120_000, arg: name });
      assert.equal(await receivedDigest(person, name), digests[name], name);
    }
    await noErrors(ann, ben, cat);
  } finally {
    for (const person of [ann, ben, cat]) await person.context.close();
  }
});

test('a transfer whose channel is cut midway resumes and its hash still matches', { timeout: 180_000 }, async () => {
  const [ann, ben] = await room('files-resume', ['Ann', 'Ben']);
  try {
    const sent = await makeFile(ann, { name: 'resumed.bin', size: 32 * MiB });
    await sendFile(ann, ben.peerId, 'resumed.bin');
    await fileEvent(ben, (d) => d.name === 'resumed.bin' && d.bytes >= 8 * 1024 * 1024);
    await ann.page.evaluate((ben) => window.embed.client._cutDataChannels(ben), ben.peerId);
    await fileEvent(ann, (d) => d.name === 'resumed.bin' && d.state === 'waiting', { timeoutMs: 10_000 });
    await fileEvent(ben, (d) => d.name === 'resumed.bin' && d.state === 'done', { timeoutMs: 120_000 });
    assert.equal(await receivedDigest(ben, 'resumed.bin'), sent);
    await fileEvent(ann, (d) => d.name === 'resumed.bin' && d.state === 'done');
  } finally {
    for (const person of [ann, ben]) await person.context.close();
  }
});

test('a receiver who leaves midway: the sender gets a clear error within seconds', { timeout: 120_000 }, async () => {
  const [ann, ben] = await room('files-leave', ['Ann', 'Ben']);
  try {
    await makeFile(ann, { name: 'abandoned.bin', size: 48 * MiB });
    await sendFile(ann, ben.peerId, 'abandoned.bin');
    await fileEvent(ben, (d) => d.name === 'abandoned.bin' && d.bytes > 0);
    const left = Date.now();
    await ben.context.close();
    const failed = await fileEvent(ann, (d) => d.name === 'abandoned.bin' && d.state === 'failed', { timeoutMs: 20_000 });
    assert.equal(failed.error, 'Ben left the call');
    assert.ok(Date.now() - left < 20_000);
  } finally {
    for (const person of [ann, ben]) await person.context.close().catch(() => {});
  }
});
