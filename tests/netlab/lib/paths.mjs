// What path a page's calls really take, from the browser's own statistics: the selected
// candidate pair of every connected RTCPeerConnection the page made (the context must
// record them: call.mjs's recordPeerConnections / joinEmbed's recordConnections).
//
//   const [path] = await selectedPaths(page);   // { local: 'srflx', remote: 'prflx', ... }

// One entry per connected RTCPeerConnection: the candidate types of both ends of the pair
// ICE selected, and for a relay the protocol to the TURN server (udp / tcp).
export function selectedPaths(page) {
  return page.evaluate(async () => {
    const paths = [];
    for (const pc of window.madeConnections ?? []) {
      if (pc.connectionState !== 'connected') continue;
      const stats = [...(await pc.getStats()).values()];
      const byId = new Map(stats.map((report) => [report.id, report]));
      const transport = stats.find((report) => report.type === 'transport' && report.selectedCandidatePairId);
      const pair = byId.get(transport?.selectedCandidatePairId);
      if (!pair) continue;
      const local = byId.get(pair.localCandidateId);
      const remote = byId.get(pair.remoteCandidateId);
      paths.push({
        local: local?.candidateType,
        remote: remote?.candidateType,
        localAddress: local?.address,
        remoteAddress: remote?.address,
        relayProtocol: local?.relayProtocol,
        bytesReceived: pair.bytesReceived,
      });
    }
    return paths;
  });
}

// Waits until the page has a connected RTCPeerConnection and returns its selected path.
export async function waitForSelectedPath(page, { timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [path] = await selectedPaths(page);
    if (path) return path;
    if (Date.now() > deadline) throw new Error(`no connected peer connection within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// The addresses of every remote candidate the page's connections were given (an mDNS
// name that was never resolved has none).
export function remoteCandidateAddresses(page) {
  return page.evaluate(async () => {
    const addresses = [];
    for (const pc of window.madeConnections ?? []) {
      for (const report of (await pc.getStats()).values()) {
        if (report.type === 'remote-candidate' && report.address) addresses.push(report.address);
      }
    }
    return addresses;
  });
}
