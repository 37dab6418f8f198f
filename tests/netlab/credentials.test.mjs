// TURN credentials that expire during a call (tests/netlab/lib/lab.mjs). coturn checks a
// credential when an allocation is made, not while it lives: a relayed call goes on past
// the expiry, but an ICE restart after it must allocate again, and fails with the
// credentials from the welcome. parley-server sends fresh ones ("ice-servers") three
// quarters into their life; the client hands them to every connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assertNoPageErrors, closeAll, expectFramesAdvance, tileVideo } from '../e2e/lib/call.mjs';
import { withLab } from './lib/lab.mjs';
import { callAcross } from './lib/calls.mjs';
import { waitForSelectedPath } from './lib/paths.mjs';
import { until } from './lib/until.mjs';

const TTL_SECONDS = 12;

// The expiry (unix seconds) of every TURN allocation coturn granted to `peerId`, in order.
function allocationsOf(turn, peerId) {
  const granted = /user <(\d+):([^>]+)>: incoming packet ALLOCATE processed, success/g;
  return [...turn.log.join('').matchAll(granted)]
    .filter((match) => match[2] === peerId)
    .map((match) => Number(match[1]));
}

test('TURN credentials expire mid-call: an ICE restart after the expiry relays again with fresh ones', { timeout: 150_000 }, async () => {
  await withLab(async (lab) => {
    const turn = await lab.startCoturn();
    const server = await lab.startServer({ args: [...turn.serverArgs(), '--turn-ttl', String(TTL_SECONDS)] });
    // Symmetric NATs: only a relay connects them, so a restart without one fails.
    const { ada, bob } = await callAcross(lab, server, { natA: 'symmetric', natB: 'symmetric', room: 'expiry', query: '&video=320x240' });
    try {
      const path = await waitForSelectedPath(bob.page);
      assert.ok(path.local === 'relay' || path.remote === 'relay', JSON.stringify(path));
      const [firstExpiry] = allocationsOf(turn, bob.peerId);
      assert.ok(firstExpiry, `coturn granted Bob no allocation:\n${turn.log.join('').slice(-2000)}`);

      // The scenario: the welcome's credentials are past their expiry (coturn's clock is
      // this machine's), and the call still flows on the allocation they made.
      await until(() => Date.now() / 1000 > firstExpiry + 1, (TTL_SECONDS + 5) * 1000,
        () => `the clock did not pass ${firstExpiry}`);
      await expectFramesAdvance(bob.page, tileVideo(ada.peerId), { frames: 5, timeoutMs: 10_000 });

      // An ICE restart, as after a network fault: new candidates, so a new allocation.
      const ufragBefore = await bob.page.evaluate(() => {
        const pc = window.madeConnections.find((c) => c.connectionState === 'connected');
        const ufrag = /a=ice-ufrag:(\S+)/.exec(pc.localDescription.sdp)[1];
        pc.restartIce();
        return ufrag;
      });
      const restartedAt = Date.now();
      const fresh = await until(() => allocationsOf(turn, bob.peerId).find((expiry) => expiry > firstExpiry),
        15_000, () => `no allocation with fresh credentials after the restart (Bob's: ${allocationsOf(turn, bob.peerId)})`);
      assert.ok(fresh > Date.now() / 1000, 'the fresh credentials are not expired');
      // Connected again on a pair of the new ICE generation (its local candidate carries the
      // new username fragment), not still on the old one.
      await until(() => bob.page.evaluate(async (before) => {
        for (const pc of window.madeConnections) {
          const stats = [...(await pc.getStats()).values()];
          const byId = new Map(stats.map((report) => [report.id, report]));
          const transport = stats.find((report) => report.type === 'transport' && report.selectedCandidatePairId);
          const pair = byId.get(transport?.selectedCandidatePairId);
          const local = byId.get(pair?.localCandidateId);
          if (pair?.state === 'succeeded' && local?.usernameFragment && local.usernameFragment !== before) return true;
        }
        return false;
      }, ufragBefore), 15_000, () => 'no pair of the restarted ICE generation was selected');
      await Promise.all([
        expectFramesAdvance(bob.page, tileVideo(ada.peerId), { frames: 10, timeoutMs: 10_000 }),
        expectFramesAdvance(ada.page, tileVideo(bob.peerId), { frames: 10, timeoutMs: 10_000 }),
      ]);
      const after = await waitForSelectedPath(bob.page);
      assert.ok(after.local === 'relay' || after.remote === 'relay', `still relayed: ${JSON.stringify(after)}`);
      console.log(`credential expiry: restart ${Date.now() - restartedAt} ms to video both ways; ` +
        `allocation expiries for Bob: ${allocationsOf(turn, bob.peerId).join(', ')}`);
      assertNoPageErrors(ada, bob);
    } finally {
      await closeAll(ada, bob);
    }
  });
});
