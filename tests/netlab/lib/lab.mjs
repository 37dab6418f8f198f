// The network lab: an "internet" and home LANs behind NAT routers, built from network
// namespaces inside the loopback-only namespace the test already runs in
// (tools/in-loopback-netns), so no lab address is ever routed to the machine's real
// interfaces. Shared by the netlab tests and tools/bench/netlab.
//
//   const lab = await Lab.create();
//   const turn = await lab.startCoturn();                 // STUN + TURN at 203.0.113.20:3478
//   const server = await lab.startServer({ args: turn.serverArgs() });
//   const home = await lab.addLan('home', { nat: 'cone' });
//   const browser = await home.launchBrowser();           // Chromium inside that LAN
//   await home.setLink(false);                            // the LAN's uplink is cut
//   await lab.close();                                    // everything, by pid
//
// Topology: the "internet" namespace holds a bridge (203.0.113.0/24, a documentation
// range) with parley-server (.10) and coturn (.20) on it, and a default route to a sink
// for addresses that exist nowhere in the lab. Each LAN is two namespaces: a
// router whose WAN end is on the bridge (.101, .102, ...) and whose LAN end is
// 10.0.N.1/24, and a host (10.0.N.2) where the LAN's browsers run. NAT modes (nftables in
// the router):
//   none         routed, no translation (the internet knows a route to 10.0.N.0/24; with
//                NAT it knows none, as private addresses go nowhere on the internet)
//   cone         masquerade: one mapping per local address and port, whatever the
//                destination (endpoint-independent), so STUN's answer is what peers see
//   symmetric    masquerade fully-random: a new random port per destination, so the
//                address STUN saw is useless to a peer; only a relay connects
//   udp-blocked  cone, and no UDP leaves the LAN: only TCP (TURN over TCP) gets out
// A NATing router drops what arrives unasked at its WAN address, as home routers do. That
// is also what makes Linux's masquerade a cone NAT for hole punching: a peer's check that
// arrives before our own first packet to it would otherwise leave a conntrack entry that
// holds our port, and our packets to that peer would leave from another one.
//
// Every namespace is held by a `sleep` that dies with this process (PR_SET_PDEATHSIG), and
// so does every server the lab starts; close() kills them all and waits for them.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowser, startServer } from '../../e2e/lib/harness.mjs';

export const INTERNET_PREFIX = '203.0.113';
export const SERVER_ADDRESS = `${INTERNET_PREFIX}.10`;
export const TURN_ADDRESS = `${INTERNET_PREFIX}.20`;
const CORE_ADDRESS = `${INTERNET_PREFIX}.1`;  // the internet's own router
export const NAT_MODES = ['none', 'cone', 'symmetric', 'udp-blocked'];

const CHROMIUM_LAUNCHER = fileURLToPath(new URL('./chromium-in-netns', import.meta.url));
// How a deployment runs coturn: with the peer restrictions README.md tells every one to give
// it (tools/coturn/denied-peers.conf) and the secret in a config file.
const RUN_COTURN = fileURLToPath(new URL('../../../tools/coturn/run-coturn', import.meta.url));

// A network namespace held by a process of ours; commands run in it through nsenter.
class Namespace {
  constructor(name, holder) {
    this.name = name;
    this.holder = holder;
    this.pid = holder.pid;
  }

  static async create(name, processes) {
    const holder = spawn('unshare', ['--net', '--', 'setpriv', '--pdeathsig', 'KILL', '--',
      'sh', '-c', 'ip link set lo up && echo ready && exec sleep infinity'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    processes.push(holder);
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`namespace ${name} did not start`)), 10_000);
      holder.stdout.once('data', () => { clearTimeout(timer); resolve(); });
      holder.once('exit', (code) => { clearTimeout(timer); reject(new Error(`namespace ${name}: holder exited with ${code}`)); });
    });
    return new Namespace(name, holder);
  }

  // Runs a command in the namespace to its end; throws with its stderr if it fails.
  run(command, ...args) {
    try {
      return execFileSync('nsenter', ['-t', String(this.pid), '-n', '--', command, ...args],
        { stdio: ['pipe', 'pipe', 'pipe'], encoding: 'utf8', timeout: 10_000 });
    } catch (error) {
      throw new Error(`[${this.name}] ${command} ${args.join(' ')}: ${error.stderr || error.message}`);
    }
  }

  // nftables rules from a script given on stdin.
  nft(script) {
    try {
      execFileSync('nsenter', ['-t', String(this.pid), '-n', '--', 'nft', '-f', '-'],
        { input: script, stdio: ['pipe', 'pipe', 'pipe'], encoding: 'utf8', timeout: 10_000 });
    } catch (error) {
      throw new Error(`[${this.name}] nft: ${error.stderr || error.message}\n${script}`);
    }
  }

  // A long-running process in the namespace, killed if this process dies (spawn's signature).
  spawn(command, args, options) {
    return spawn('nsenter', ['-t', String(this.pid), '-n', '--',
      'setpriv', '--pdeathsig', 'KILL', '--', command, ...args], options);
  }
}

// One home network: a router namespace doing NAT and a host namespace for its browsers.
class Lan {
  constructor(lab, name, index, router, host) {
    this.lab = lab;
    this.name = name;
    this.index = index;
    this.router = router;
    this.host = host;
    this.wanAddress = `${INTERNET_PREFIX}.${100 + index}`;
    this.hostAddress = `10.0.${index}.2`;
    this.nat = 'none';
    this.lossPercent = 0;
  }

  // The router's translation and filtering for `mode` (NAT_MODES), replacing the last
  // (mappings the old mode made live on until their flows end).
  setNat(mode) {
    if (!NAT_MODES.includes(mode)) throw new Error(`unknown NAT mode ${mode}`);
    this.nat = mode;
    this.#applyRules();
    // Only a LAN without NAT is routed from the internet: private addresses behind a NAT
    // are reachable by no one outside.
    const subnet = `10.0.${this.index}.0/24`;
    if (mode === 'none') this.lab.internet.run('ip', 'route', 'replace', subnet, 'via', this.wanAddress);
    else if (this.lab.internet.run('ip', 'route', 'show', subnet).trim()) this.lab.internet.run('ip', 'route', 'del', subnet);
  }

  // Drops `percent` % of the packets crossing the router, both ways.
  setLoss(percent) {
    this.lossPercent = percent;
    this.#applyRules();
  }

  // A rate limit on the uplink, both ways ("500kbit"), or none (null).
  setRate(rate) {
    for (const dev of ['wan', 'lan']) {
      try { this.router.run('tc', 'qdisc', 'del', 'dev', dev, 'root'); } catch { /* none yet */ }
      if (rate) {
        this.router.run('tc', 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', rate,
          'burst', '32kbit', 'latency', '400ms');
      }
    }
  }

  // Unplugs the host from this LAN (its browsers keep running, with no network but
  // loopback) and returns its namespace, for another LAN to take: addLan(..., { host }).
  unplugHost() {
    this.host.run('ip', 'link', 'del', 'eth0');
    const host = this.host;
    this.host = null;
    return host;
  }

  // The uplink cable: false cuts the LAN off the internet (its local network stays up).
  setLink(up) {
    this.router.run('ip', 'link', 'set', 'wan', up ? 'up' : 'down');
    if (up) this.router.run('ip', 'route', 'replace', 'default', 'via', CORE_ADDRESS);
  }

  #applyRules() {
    const nat = {
      none: '',
      cone: 'oifname "wan" masquerade',
      symmetric: 'oifname "wan" masquerade fully-random',
      'udp-blocked': 'oifname "wan" masquerade',
    }[this.nat];
    const forward = [
      this.nat === 'udp-blocked' ? 'iifname "lan" oifname "wan" meta l4proto udp drop' : '',
      this.lossPercent > 0 ? `numgen random mod 100 < ${this.lossPercent} drop` : '',
    ].filter(Boolean).join('\n      ');
    this.router.nft(`
table ip lab
delete table ip lab
table ip lab {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    ${nat}
  }
  chain forward {
    type filter hook forward priority filter; policy accept;
    ${forward}
  }
  chain input {
    type filter hook input priority filter; policy accept;
    ${this.nat === 'none' ? '' : 'iifname "wan" ct state new drop'}
  }
}`);
  }

  // Chromium inside this LAN's host namespace (harness.launchBrowser's options). Pages
  // from the lab's server are plain http on a non-local address: they are made secure
  // contexts (getUserMedia, WebCrypto) as they would be over https.
  async launchBrowser({ extraArgs = [], ...options } = {}) {
    const browser = await launchBrowser({
      ...options,
      executablePath: CHROMIUM_LAUNCHER,
      env: { ...process.env, PARLEY_NETLAB_NETNS_PID: String(this.host.pid) },
      extraArgs: [`--unsafely-treat-insecure-origin-as-secure=${this.lab.serverOrigin}`, ...extraArgs],
    });
    this.lab.browsers.push(browser);
    return browser;
  }
}

export class Lab {
  #processes = [];  // holders and servers, killed by close()
  #directories = [];  // coturn config directories (they hold its secret), removed by close()

  constructor() {
    this.lans = [];
    this.browsers = [];
    this.serverOrigin = `http://${SERVER_ADDRESS}:8080`;  // startServer's
  }

  static async create() {
    const lab = new Lab();
    try {
      lab.internet = await Namespace.create('internet', lab.#processes);
      const run = (...args) => lab.internet.run(...args);
      // An address of its own: a Linux bridge otherwise takes the lowest of its ports'
      // addresses, so a LAN added later (a laptop moving in) could change it, and every
      // router's ARP entry for the internet's hosts would point nowhere until it expired.
      run('ip', 'link', 'add', 'br0', 'address', '02:00:cb:00:71:01', 'type', 'bridge');
      run('ip', 'link', 'set', 'br0', 'up');
      for (const address of [CORE_ADDRESS, SERVER_ADDRESS, TURN_ADDRESS]) {
        run('ip', 'addr', 'add', `${address}/24`, 'dev', 'br0');
      }
      run('sysctl', '-qw', 'net.ipv4.ip_forward=1');
      // Everything else - private addresses, the machine's DNS resolver - goes to a
      // namespace that drops it in silence, as the real internet does. Without a route,
      // coturn's send to a private peer fails at once and it ends the whole allocation.
      lab.elsewhere = await Namespace.create('elsewhere', lab.#processes);
      run('ip', 'link', 'add', 'elsewhere', 'type', 'veth', 'peer', 'name', 'sink',
        'netns', String(lab.elsewhere.pid));
      run('ip', 'addr', 'add', '198.18.0.1/30', 'dev', 'elsewhere');
      run('ip', 'link', 'set', 'elsewhere', 'up');
      lab.elsewhere.run('ip', 'addr', 'add', '198.18.0.2/30', 'dev', 'sink');
      lab.elsewhere.run('ip', 'link', 'set', 'sink', 'up');
      lab.elsewhere.nft(`table ip sink {
  chain prerouting { type filter hook prerouting priority raw; ip daddr != 198.18.0.2 drop; }
}`);
      run('ip', 'route', 'add', 'default', 'via', '198.18.0.2');
    } catch (error) {
      await lab.close();
      throw error;
    }
    return lab;
  }

  // A LAN behind a router doing `nat` (NAT_MODES). `host`: an unplugged host namespace
  // (Lan.unplugHost) to connect to it - a laptop that moves to another network.
  async addLan(name, { nat = 'cone', host: movedHost = null } = {}) {
    const index = this.lans.length + 1;
    const router = await Namespace.create(`router-${name}`, this.#processes);
    const host = movedHost ?? await Namespace.create(`lan-${name}`, this.#processes);
    const lan = new Lan(this, name, index, router, host);
    // WAN: a cable from the router to the internet's bridge.
    this.internet.run('ip', 'link', 'add', `up${index}`, 'type', 'veth', 'peer', 'name', 'wan',
      'netns', String(router.pid));
    this.internet.run('ip', 'link', 'set', `up${index}`, 'master', 'br0');
    this.internet.run('ip', 'link', 'set', `up${index}`, 'up');
    router.run('ip', 'addr', 'add', `${lan.wanAddress}/24`, 'dev', 'wan');
    router.run('ip', 'link', 'set', 'wan', 'up');
    router.run('ip', 'route', 'add', 'default', 'via', CORE_ADDRESS);
    // The router's rules are in place before any host is: a flow whose first packet left
    // untranslated keeps its conntrack entry, and so its missing translation, for good.
    lan.setNat(nat);
    // LAN: a cable from the router to the host.
    router.run('ip', 'link', 'add', 'lan', 'type', 'veth', 'peer', 'name', 'eth0',
      'netns', String(host.pid));
    router.run('ip', 'addr', 'add', `10.0.${index}.1/24`, 'dev', 'lan');
    router.run('ip', 'link', 'set', 'lan', 'up');
    router.run('sysctl', '-qw', 'net.ipv4.ip_forward=1');
    // The route first, then the address: a browser that sees the address appear (a laptop
    // joining a network) can reach the internet through it at once, as after DHCP.
    host.run('ip', 'link', 'set', 'eth0', 'up');
    host.run('ip', 'route', 'add', 'default', 'via', `10.0.${index}.1`, 'dev', 'eth0', 'onlink');
    host.run('ip', 'addr', 'add', `${lan.hostAddress}/24`, 'dev', 'eth0');
    this.lans.push(lan);
    return lan;
  }

  // parley-server on the internet (harness.startServer's options).
  async startServer(options = {}) {
    const server = await startServer({
      ...options,
      host: SERVER_ADDRESS,
      port: 8080,
      launch: (command, args, spawnOptions) => this.#track(this.internet.spawn(command, args, spawnOptions)),
    });
    return server;
  }

  // Debian's coturn on the internet: STUN and TURN (UDP and TCP) on 3478, time-limited
  // credentials from a secret it shares with parley-server (serverArgs()), and the peer
  // restrictions of a deployment (tools/coturn/denied-peers.conf).
  async startCoturn({ secret = randomBytes(24).toString('hex') } = {}) {
    // Started as a deployment starts it (tools/run --with-turn): the secret and the peer
    // restrictions come from the script's config file.
    const directory = mkdtempSync(join(tmpdir(), 'parley-coturn-'));
    this.#directories.push(directory);
    const args = [`--listening-ip=${TURN_ADDRESS}`, `--relay-ip=${TURN_ADDRESS}`,
      '--listening-port=3478', '--min-port=49152', '--max-port=49407',
      '--realm=parley.test', '--no-tls', '--no-dtls', '--verbose'];
    const child = this.#track(this.internet.spawn(RUN_COTURN, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PARLEY_TURN_SECRET: secret, PARLEY_COTURN_DIR: directory },
    }));
    const log = [];
    child.stdout.on('data', (chunk) => log.push(chunk.toString()));
    child.stderr.on('data', (chunk) => log.push(chunk.toString()));
    await waitFor(() => log.join('').includes('Total General servers'), 10_000,
      () => `coturn did not start:\n${log.join('')}`, child);
    return {
      secret,
      log,
      stunUrl: `stun:${TURN_ADDRESS}:3478`,
      turnUrls: [`turn:${TURN_ADDRESS}:3478?transport=udp`, `turn:${TURN_ADDRESS}:3478?transport=tcp`],
      // parley-server's flags for this coturn: STUN, TURN with the shared secret, and
      // credentials for every guest (the lab has no join tokens).
      serverArgs({ stun = true, turn = true } = {}) {
        return [
          ...(stun ? ['--stun', this.stunUrl] : []),
          ...(turn ? [...this.turnUrls.flatMap((url) => ['--turn', url]), '--turn-secret', secret,
            '--open-turn-relay'] : []),
        ];
      },
    };
  }

  async closeBrowsers() {
    await Promise.all(this.browsers.splice(0).map((browser) => browser.close().catch(() => {})));
  }

  #track(child) {
    this.#processes.push(child);
    return child;
  }

  // Kills every process the lab started (servers first, then the namespaces' holders) and
  // waits for each to exit: the namespaces and their interfaces go with them.
  async close() {
    const processes = this.#processes.splice(0).reverse();
    await Promise.all(processes.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return null;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return exited;
    }));
    for (const directory of this.#directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  }
}

// Resolves when `condition()` holds, polling; rejects with `describe()` after `timeoutMs`,
// or at once if `child` exits first.
async function waitFor(condition, timeoutMs, describe, child = null) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(describe());
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// A fresh lab for `work(lab)`, closed afterwards whatever happens; browsers launched with
// lab.launchBrowser are closed first.
export async function withLab(work) {
  const lab = await Lab.create();
  try {
    return await work(lab);
  } finally {
    await lab.closeBrowsers();
    await lab.close();
  }
}
