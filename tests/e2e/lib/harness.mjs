// Shared pieces of the browser tests: the server under test, Debian's chromium driven by
// playwright-core, and the page signals the app exposes. Everything waits on a real
// condition with a bound; nothing sleeps.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { chromiumArgs } from '../../../tools/lib/chromium_args.mjs';

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through ctest (tools/test)`);
  return value;
}

// playwright-core is installed into the build tree (tools/install-npm-deps), not beside
// the tests, so it is loaded from there.
const requireFromDeps = createRequire(path.resolve(requiredEnv('PARLEY_NODE_MODULES'), 'noop.js'));
const { chromium } = requireFromDeps('playwright-core');

export const artifactsDir = requiredEnv('PARLEY_ARTIFACTS');
mkdirSync(artifactsDir, { recursive: true });

// Refuses to run with any interface but loopback: browser tests must not reach a network.
export function assertLoopbackOnly() {
  const names = Object.keys(networkInterfaces()).filter((name) => name !== 'lo');
  if (names.length > 0) {
    throw new Error(`network interfaces besides lo (${names.join(', ')}): run under tools/in-loopback-netns`);
  }
}

// The web root the tests serve: a copy of the wasm build's (parley-server serves no file
// that a symlink takes out of its web root) plus the test pages of tests/e2e/pages under
// /__test/. Served by parley-server itself, test pages are
// loopback pages like the app (a page injected by the test runner would have no address,
// and Chromium's local-network checks would block its WebSocket to loopback).
// `extraPages` ({ mount: directory }) adds more, e.g. a benchmark's pages.
function testWebRoot(extraPages = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'parley-e2e-web-'));
  const built = requiredEnv('PARLEY_WEB_ROOT');
  cpSync(built, root, { recursive: true, dereference: true });
  cpSync(new URL('../pages', import.meta.url), path.join(root, '__test'), { recursive: true });
  for (const [mount, directory] of Object.entries(extraPages)) {
    cpSync(directory, path.join(root, mount), { recursive: true });
  }
  return root;
}

// Starts parley-server on loopback (a free port unless `port` is given), with `args` added
// to its command line; resolves once it prints its URL. `host` and `launch` (spawn's
// signature) let the network lab start it on an address of its own namespace.
export async function startServer({ port = 0, args = [], timeoutMs = 15_000, host = '127.0.0.1',
                                    launch = spawn, extraPages = {} } = {}) {
  const webRoot = testWebRoot(extraPages);
  const child = launch(requiredEnv('PARLEY_SERVER'),
    ['--host', host, '--port', String(port), '--web-root', webRoot, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  child.once('exit', () => rmSync(webRoot, { recursive: true, force: true }));
  const log = [];
  child.stderr.on('data', (chunk) => log.push(chunk.toString()));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${log.join('')}`)), timeoutMs);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
      const match = stdout.match(/running at (https?:\/\/\S+)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log.join('')}`)); });
  });
  const end = async (signal) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return {
    url,
    port: Number(new URL(url).port),
    log,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),  // a crash: no goodbye to the clients
  };
}

// `withoutFakeUi`: media permission prompts are not auto-accepted (headless: denied).
// The network lab gives `executablePath` (a launcher that enters a LAN's namespace), `env`,
// `hideLocalIps` and `extraArgs`; the loopback-only check then holds for the namespace
// this process runs in, which the lab's browsers leave.
//
// Pages and contexts bypass the server's Content-Security-Policy unless a test says
// { bypassCSP: false }: Playwright's own tooling needs what the policy forbids (its
// waitForFunction compiles the predicate with eval; pixel checks fetch data: URLs).
// security.test.mjs runs the app and the API under the real policy.
export async function launchBrowser({ withoutFakeUi = false, executablePath = '/usr/bin/chromium',
                                     env = undefined, hideLocalIps = false, extraArgs = [] } = {}) {
  assertLoopbackOnly();
  const browser = await chromium.launch({
    executablePath,
    env,
    args: [...chromiumArgs({ webgl: true, fakeUi: !withoutFakeUi, hideLocalIps }), ...extraArgs],
  });
  const newPage = browser.newPage.bind(browser);
  const newContext = browser.newContext.bind(browser);
  browser.newPage = (options = {}) => newPage({ bypassCSP: true, ...options });
  browser.newContext = (options = {}) => newContext({ bypassCSP: true, ...options });
  return browser;
}

// Records console errors and uncaught exceptions of a page.
export function watchForErrors(page) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  return errors;
}

// Waits for the app's `parley-ready` signal and returns its first snapshot.
export async function waitForApp(page, { timeoutMs = 30_000 } = {}) {
  await page.waitForFunction(() => window.parley?.ready === true, null, { timeout: timeoutMs });
  return page.evaluate(() => window.parley.snapshot());
}

// The usual fixture of a test file: one server and one browser, started before its tests
// and stopped after them. Returns an object whose .server and .browser are set by then.
export function useServerAndBrowser(node) {
  const fixture = { server: null, browser: null };
  node.before(async () => {
    fixture.server = await startServer();
    fixture.browser = await launchBrowser();
  });
  node.after(async () => {
    await fixture.browser?.close();
    await fixture.server?.stop();
  });
  return fixture;
}
