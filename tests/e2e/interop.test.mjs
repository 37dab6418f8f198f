// A plain JavaScript page written only against the reference design's protocol
// (tests/e2e/pages/reference-client.html) calls a Parley client through parley-server,
// in both directions: Parley already in the room (Parley offers), and the reference page
// already in the room (it offers, Parley answers).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { useServerAndBrowser } from './lib/harness.mjs';
import {
  assertNoPageErrors, closeAll, expectFlowingVideo, joinEmbed, joinReferenceClient, referenceVideo, tileVideo,
} from './lib/call.mjs';

// Interop is about the protocol: video must flow both ways. Its size is not checked here -
// a sender can start at 320x240 and take ~15 s to ramp up to the camera's 640x480.
const fixture = useServerAndBrowser({ before, after });

test('a reference client joining a Parley client: both see each other', { timeout: 90_000 }, async () => {
  const ada = await joinEmbed(fixture.browser, fixture.server, 'interop-parley-first', 'Ada');
  const ref = await joinReferenceClient(fixture.browser, fixture.server, 'interop-parley-first', 'ref-one');
  try {
    await expectFlowingVideo(ada.page, tileVideo('ref-one'));
    await expectFlowingVideo(ref.page, referenceVideo(ada.peerId));
    // Parley's offer gathers one transport for the call: only its first m-section has
    // candidates (the reference page adds every candidate it receives to that description).
    const offer = await ref.page.evaluate((from) => window.reference.chat.peers.get(from).remoteDescription.sdp,
                                          ada.peerId);
    const sections = offer.split(/\r\nm=/).slice(1);
    assert.equal(sections.length, 3, `audio, video and data sections in:\n${offer}`);
    assert.match(sections[0], /\r\na=candidate:/, `no candidate in the first m-section:\n${offer}`);
    for (const section of sections.slice(1)) {
      assert.doesNotMatch(section, /\r\na=candidate:/, `a second transport: m=${section.split('\r\n')[0]}`);
    }
    assertNoPageErrors(ada, ref);
  } finally {
    await closeAll(ada, ref);
  }
});

test('a Parley client joining a reference client: both see each other', { timeout: 90_000 }, async () => {
  const ref = await joinReferenceClient(fixture.browser, fixture.server, 'interop-reference-first', 'ref-two');
  const bob = await joinEmbed(fixture.browser, fixture.server, 'interop-reference-first', 'Bob');
  try {
    await expectFlowingVideo(bob.page, tileVideo('ref-two'));
    await expectFlowingVideo(ref.page, referenceVideo(bob.peerId));
    assertNoPageErrors(bob, ref);
  } finally {
    await closeAll(ref, bob);
  }
});
