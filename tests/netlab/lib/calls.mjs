// Calls set up across the network lab (lab.mjs), shared by the netlab tests.
import { expectFlowingVideo, joinEmbed, tileVideo } from '../../e2e/lib/call.mjs';

// Ada in one LAN and Bob in another, each in a browser of that LAN, both through the
// embedding example; resolves once each decodes the other's camera. With `receiveOnly`
// Bob asks for no devices, and only Ada's video is checked.
// `browserArgs`: more Chromium switches for both browsers.
export async function callAcross(lab, server, { natA, natB, room, receiveOnly = false, query = '&video=640x480',
                                                  aspect = 4 / 3, browserArgs = [] }) {
  const lanA = await lab.addLan('a', { nat: natA });
  const lanB = await lab.addLan('b', { nat: natB });
  const ada = await joinEmbed(await lanA.launchBrowser({ extraArgs: browserArgs }), server, room, 'Ada',
    { query, recordConnections: true });
  // Receiving only, Bob runs Chromium as it comes: no permission granted by a flag, host
  // addresses hidden behind mDNS names.
  const bobBrowser = await lanB.launchBrowser({
    extraArgs: browserArgs, ...(receiveOnly ? { withoutFakeUi: true, hideLocalIps: true } : {}) });
  const bob = await joinEmbed(bobBrowser, server, room, 'Bob', {
    recordConnections: true, query: receiveOnly ? '&video=0&audio=0' : query });
  await expectFlowingVideo(bob.page, tileVideo(ada.peerId), { aspect, timeoutMs: 30_000 });
  if (!receiveOnly) await expectFlowingVideo(ada.page, tileVideo(bob.peerId), { aspect, timeoutMs: 30_000 });
  return { ada, bob, lanA, lanB };
}
