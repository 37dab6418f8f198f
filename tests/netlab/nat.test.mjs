// Calls between two home networks behind NAT routers (tests/netlab/lib/lab.mjs): which
// path ICE finds, seen in the browsers' own statistics, with Debian's coturn on the lab's
// internet for STUN and TURN and parley-server handing out its time-limited credentials.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assertNoPageErrors, closeAll, expectFlowingVideo, joinEmbed, tileVideo, waitForEvent } from '../e2e/lib/call.mjs';
import { closeApps, joinFromLobby, liveTile, openApp, selfId } from '../e2e/lib/app.mjs';
import { TURN_ADDRESS, withLab } from './lib/lab.mjs';
import { callAcross } from './lib/calls.mjs';
import { remoteCandidateAddresses, waitForSelectedPath } from './lib/paths.mjs';

// A direct path through NATs: the remote end is the peer's NAT mapping (learned from STUN
// or from its checks); the local end is our own host candidate, the base Chromium reports
// for its server-reflexive one. Neither end is a relay.
const MAPPED = ['srflx', 'prflx'];

test('cone NATs with STUN: a direct path, although TURN is offered too', { timeout: 120_000 }, async () => {
  await withLab(async (lab) => {
    const turn = await lab.startCoturn();
    const server = await lab.startServer({ args: turn.serverArgs() });
    // Bob has no camera or microphone permission, so his Chromium does what it does for
    // most pages: it hides his host address behind an mDNS name, which nothing across the
    // lab resolves; only his NAT's mapping, learned through STUN, can reach him.
    const { ada, bob, lanB } = await callAcross(lab, server, { natA: 'cone', natB: 'cone', room: 'cone', receiveOnly: true });
    try {
      for (const person of [ada, bob]) {
        const path = await waitForSelectedPath(person.page);
        assert.ok(path.local !== 'relay' && MAPPED.includes(path.remote),
          `${person.name}'s path should be direct through the NATs: ${JSON.stringify(path)}`);
        // Seen from the internet: the other LAN's router, not its private address.
        assert.match(path.remoteAddress ?? '', /^203\.0\.113\.10[12]$/, JSON.stringify(path));
      }
      const bobsAddresses = await remoteCandidateAddresses(ada.page);
      assert.ok(bobsAddresses.length > 0 && !bobsAddresses.includes(lanB.hostAddress),
        `Bob's private address reached Ada: ${bobsAddresses}`);
      assertNoPageErrors(ada, bob);
    } finally {
      await closeAll(ada, bob);
    }
  });
});

test('symmetric NATs: only coturn connects them, and the app shows TURN', { timeout: 120_000 }, async () => {
  await withLab(async (lab) => {
    const turn = await lab.startCoturn();
    const server = await lab.startServer({ args: turn.serverArgs() });
    const lanA = await lab.addLan('a', { nat: 'symmetric' });
    const lanB = await lab.addLan('b', { nat: 'symmetric' });
    const ada = await openApp(await lanA.launchBrowser(), `${server.url}?room=symmetric`);
    const bob = await joinEmbed(await lanB.launchBrowser(), server, 'symmetric', 'Bob', { recordConnections: true });
    try {
      await joinFromLobby(ada.page, { name: 'Ada' });
      await liveTile(ada.page, 'Bob', { timeoutMs: 30_000 });
      // The app sends its camera at 16:9.
      await expectFlowingVideo(bob.page, tileVideo(await selfId(ada.page)), { aspect: 16 / 9, timeoutMs: 30_000 });

      const path = await waitForSelectedPath(bob.page);
      // Through coturn at one end or both (a symmetric NAT can still reach the peer's relay).
      assert.ok(path.local === 'relay' || path.remote === 'relay', `Bob's path should be relayed: ${JSON.stringify(path)}`);
      // The app's tile for Bob carries the TURN badge (its stats see the relay too).
      await ada.page.waitForFunction((bobId) =>
        window.parley.widgets().some((w) => w.kind === 'badge' && w.id === bobId && w.label === 'TURN'),
      bob.peerId, { timeout: 20_000 });
      assert.ok(turn.log.join('').includes('ALLOCATE'), 'coturn logged no allocation');
      assertNoPageErrors(bob);
      assert.deepEqual(ada.errors, []);
    } finally {
      await closeAll(bob);
      await closeApps(ada);
    }
  });
});

test('symmetric NATs and no TURN: each side is told why within 15 s', { timeout: 120_000 }, async () => {
  await withLab(async (lab) => {
    const stunOnly = await lab.startCoturn();
    const server = await lab.startServer({ args: stunOnly.serverArgs({ turn: false }) });
    const lanA = await lab.addLan('a', { nat: 'symmetric' });
    const lanB = await lab.addLan('b', { nat: 'symmetric' });
    const ada = await openApp(await lanA.launchBrowser(), `${server.url}?room=no-turn`);
    let bob = null;
    try {
      await joinFromLobby(ada.page, { name: 'Ada' });
      bob = await joinEmbed(await lanB.launchBrowser(), server, 'no-turn', 'Bob');
      const [error, banner] = await Promise.all([
        waitForEvent(bob.page, 'error', { where: (detail) => detail.code === 'no-route', timeoutMs: 15_000 }),
        ada.page.waitForFunction(() => {
          const banner = window.parley.snapshot().call?.banner;
          return banner?.startsWith('No connection to Bob') ? banner : null;
        }, null, { timeout: 15_000 }).then((handle) => handle.jsonValue()),
      ]);
      assert.equal(error.peerId, await selfId(ada.page));
      assert.match(error.message, /^No connection to Ada: no direct path .* no TURN relay is configured/, error.message);
      assert.match(banner, /no TURN relay is configured/, banner);
      const adaPeer = (await ada.page.evaluate(() => window.parley.snapshot().call.participants))[0];
      assert.notEqual(adaPeer.connection, 'connected');
    } finally {
      await closeAll(bob);
      await closeApps(ada);
    }
  });
});

test('UDP blocked in one LAN: TURN over TCP connects', { timeout: 120_000 }, async () => {
  await withLab(async (lab) => {
    const turn = await lab.startCoturn();
    const server = await lab.startServer({ args: turn.serverArgs() });
    const { ada, bob } = await callAcross(lab, server, { natA: 'udp-blocked', natB: 'cone', room: 'tcp' });
    try {
      // Ada's end of the path is coturn's relay address, reached over TCP. (Chromium may
      // report that end as peer-reflexive: learned from Bob's answers before its own relay
      // candidate was listed.)
      const path = await waitForSelectedPath(ada.page);
      assert.equal(path.localAddress, TURN_ADDRESS, `Ada's path should be relayed: ${JSON.stringify(path)}`);
      assert.equal(path.relayProtocol, 'tcp', JSON.stringify(path));
      assertNoPageErrors(ada, bob);
    } finally {
      await closeAll(ada, bob);
    }
  });
});
