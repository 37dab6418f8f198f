// A plain JavaScript page written only against the reference design's protocol
// (tests/e2e/pages/reference-client.html) calls a Parley client through parley-server,
// in both directions: Parley already in the room (Parley offers), and the reference page
// already in the room (it offers, Parley answers).
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
