// The app's connection figures: a quality badge on each remote tile, the stats panel's
// plots of the last minute, and its JSON export - opened and saved by clicking.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { artifactsDir, useServerAndBrowser } from './lib/harness.mjs';
import { click, closeApps, findWidget, twoInACall, widgetGone } from './lib/app.mjs';

const fixture = useServerAndBrowser({ before, after });

test('quality badges, the stats panel and its JSON export', { timeout: 120_000 }, async () => {
  const { ada, bob } = await twoInACall(fixture.browser, fixture.server.url, 'ui-stats');
  const bobId = bob.id;
  try {

    // Loopback: RTT of a millisecond or so, no loss.
    const badge = await ada.page.waitForFunction((bobId) =>
      window.parley.widgets().find((w) => w.kind === 'badge' && w.id === bobId && ['Good', 'Fair', 'Poor'].includes(w.label)) ?? null,
    bobId, { timeout: 20_000 });
    assert.equal((await badge.jsonValue()).label, 'Good');

    const toggle = await click(ada.page, 'Stats', { kind: 'toggle' });
    assert.equal(toggle.checked, false);
    for (const metric of ['In', 'Out', 'RTT', 'Loss', 'FPS', 'Jitter']) {
      await findWidget(ada.page, `Bob: ${metric}`, { kind: 'plot', timeoutMs: 10_000 });
    }
    assert.equal((await findWidget(ada.page, 'Stats', { kind: 'toggle' })).checked, true);
    // Two samples at least (one a second), then the export.
    await ada.page.waitForFunction((bobId) =>
      window.parley.snapshot().call.participants.find((p) => p.peerId === bobId)?.statsSamples >= 2,
    bobId, { timeout: 10_000 });
    await ada.page.screenshot({ path: path.join(artifactsDir, 'app-stats-panel.png') });

    const [download] = await Promise.all([
      ada.page.waitForEvent('download', { timeout: 10_000 }),
      click(ada.page, 'Export stats (JSON)'),
    ]);
    assert.equal(download.suggestedFilename(), 'parley-stats-ui-stats.json');
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(exported.room, 'ui-stats');
    assert.equal(exported.peers[bobId].name, 'Bob');
    const samples = exported.peers[bobId].samples;
    assert.ok(samples.length >= 2, `${samples.length} samples`);
    assert.ok(samples.at(-1).inboundKbps > 0, `inbound ${samples.at(-1).inboundKbps} kbps`);
    assert.ok(samples.at(-1).seconds > samples[0].seconds);

    await ada.page.keyboard.press('t');  // the shortcut closes it again
    await widgetGone(ada.page, 'Bob: In', { kind: 'plot' });
    assert.deepEqual(ada.errors, []);
    assert.deepEqual(bob.errors, []);
  } finally {
    await closeApps(ada, bob);
  }
});
