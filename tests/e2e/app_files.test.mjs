// Files in the app, by mouse: Ada picks a file with the browser's file chooser from the
// Files panel; Bob sees a badge and a toast, clicks Accept, watches the progress bar fill,
// and Saves a download whose SHA-256 equals what Ada picked. Then a declined offer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { artifactsDir, useServerAndBrowser } from './lib/harness.mjs';
import { click, closeApps, findWidget, twoInACall } from './lib/app.mjs';

const fixture = useServerAndBrowser({ before, after });
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// Ada clicks "Send a file to everyone" and picks `file` in the chooser that opens.
async function pickAndSend(page, file) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser', { timeout: 10_000 }),
    click(page, 'Send a file to everyone'),
  ]);
  await chooser.setFiles(file);
}

test('a file sent from the Files panel is accepted, shows progress and is saved intact', { timeout: 180_000 }, async () => {
  const { ada, bob } = await twoInACall(fixture.browser, fixture.server.url, 'ui-files');
  try {
    const bytes = randomBytes(6 * 1024 * 1024);
    await click(ada.page, 'Files', { kind: 'toggle' });
    await findWidget(ada.page, 'Send a file to everyone', { kind: 'button' });
    await ada.page.waitForFunction(() => window.parley.widgets().some((w) => w.label === 'Send a file to everyone' && w.enabled),
                                   null, { timeout: 20_000 });
    await pickAndSend(ada.page, { name: 'holiday.bin', mimeType: 'application/octet-stream', buffer: bytes });

    // Bob: a badge on Files and a toast say a file waits for him.
    const badge = await bob.page.waitForFunction(() =>
      window.parley.widgets().find((w) => w.kind === 'badge' && w.id === 'files') ?? null, null, { timeout: 20_000 });
    assert.equal((await badge.jsonValue()).label, '1');
    await bob.page.waitForFunction(() => window.parley.widgets().some((w) => w.kind === 'toast' && w.label.includes('offers holiday.bin')),
                                   null, { timeout: 10_000 });
    await click(bob.page, 'Files', { kind: 'toggle' });
    await click(bob.page, 'Accept holiday.bin', { kind: 'button' });

    // The bar fills; then Save gives a download with the same bytes.
    await bob.page.waitForFunction(() => window.parley.widgets().some((w) => w.kind === 'progress' &&
      w.label === 'holiday.bin from Ada' && w.value === 1), null, { timeout: 60_000 });
    await ada.page.waitForFunction(() => window.parley.widgets().some((w) => w.kind === 'progress' &&
      w.label === 'holiday.bin to Bob' && w.value === 1), null, { timeout: 20_000 });
    await bob.page.screenshot({ path: path.join(artifactsDir, 'app-files-panel.png') });
    const [download] = await Promise.all([
      bob.page.waitForEvent('download', { timeout: 10_000 }),
      click(bob.page, 'Save holiday.bin', { kind: 'button' }),
    ]);
    assert.equal(download.suggestedFilename(), 'holiday.bin');
    assert.equal(sha256(await readFile(await download.path())), sha256(bytes));

    // A second offer, declined: Ada's row says so.
    await pickAndSend(ada.page, { name: 'unwanted.txt', mimeType: 'text/plain', buffer: Buffer.from('no thanks') });
    await click(bob.page, 'Decline unwanted.txt', { kind: 'button' });
    await ada.page.waitForFunction(() => window.parley.widgets().some((w) => w.kind === 'progress' && w.label === 'unwanted.txt to Bob'),
                                   null, { timeout: 10_000 });
    try {
      await ada.page.waitForFunction(() => window.parley.snapshot().call.files?.find((f) => f.name === 'unwanted.txt')?.state === 'declined',
                                     null, { timeout: 10_000 });
    } catch (error) {
      const files = async (app) => JSON.stringify(await app.page.evaluate(() => window.parley.snapshot().call.files));
      throw new Error(`not declined: ${error.message}; Ada: ${await files(ada)}; Bob: ${await files(bob)}`);
    }
    assert.deepEqual(ada.errors, []);
    assert.deepEqual(bob.errors, []);
  } finally {
    await closeApps(ada, bob);
  }
});
