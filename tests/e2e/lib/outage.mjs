// A network outage for one page, as a laptop that loses its network has it. Built of two
// parts because neither does it alone (measured with Chromium 156): CDP network emulation
// (Playwright's setOffline) makes navigator.onLine false, fires 'offline' / 'online' and
// fails new connections, but an open WebSocket and every WebRTC flow carry on through it;
// so the page's existing flows - its TCP connections to the server and the UDP ports of
// its peer connections - are also dropped, with nftables in the test's own network
// namespace (tools/in-loopback-netns), which no other test shares.
import { execFileSync } from 'node:child_process';

// Client-side ports of the TCP connections to `port` established now.
export function clientPortsTo(port) {
  const out = execFileSync('ss', ['-tnH', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  const ports = new Set();
  for (const line of out.split('\n').filter(Boolean)) {
    const local = line.trim().split(/\s+/).find((field) => /:\d+$/.test(field));
    ports.add(Number(local.split(':').pop()));
  }
  return ports;
}

// UDP ports of the candidates of the page's open peer connections (recorded with
// recordPeerConnections).
function udpPortsOf(page) {
  return page.evaluate(async () => {
    const ports = new Set();
    for (const pc of window.madeConnections) {
      if (pc.signalingState === 'closed') continue;
      (await pc.getStats()).forEach((stat) => {
        if (stat.type === 'local-candidate' && stat.protocol === 'udp') ports.add(stat.port);
      });
    }
    return [...ports];
  });
}

let outages = 0;

// Cuts `person` off: the page goes offline and every packet to or from `tcpPorts` (its
// connections to the server) and its peer connections' UDP ports is dropped.
// Resolves with { restore() } that brings the network back (packets first, then the
// browser's 'online').
export async function cutOff(person, { tcpPorts }) {
  const udpPorts = await udpPortsOf(person.page);
  if (udpPorts.length === 0 || tcpPorts.length === 0) {
    throw new Error(`nothing to cut for ${person.name}: udp ${udpPorts}, tcp ${tcpPorts}`);
  }
  const table = `parley_outage_${++outages}`;
  const set = (ports) => `{ ${ports.join(', ')} }`;
  execFileSync('nft', ['-f', '-'], {
    input: [
      `table inet ${table} {`,
      '  chain output {',
      '    type filter hook output priority 0; policy accept;',
      `    udp sport ${set(udpPorts)} drop`,
      `    udp dport ${set(udpPorts)} drop`,
      `    tcp sport ${set(tcpPorts)} drop`,
      `    tcp dport ${set(tcpPorts)} drop`,
      '  }',
      '}',
      '',
    ].join('\n'),
  });
  await person.context.setOffline(true);
  let restored = false;
  return {
    udpPorts,
    async restore() {
      if (restored) return;
      restored = true;
      execFileSync('nft', ['delete', 'table', 'inet', table]);
      await person.context.setOffline(false);
    },
  };
}
