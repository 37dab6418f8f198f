// The pages parley-server serves run under its Content-Security-Policy (no inline script,
// no eval, wasm allowed): the app and the embedding example work under it, and what it
// forbids is really forbidden.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { useServerAndBrowser, waitForApp, watchForErrors } from './lib/harness.mjs';

const fixture = useServerAndBrowser({ before, after });

// Opens `url` with every CSP violation of the page recorded in window.cspViolations.
async function openWatched(url) {
  const page = await fixture.browser.newPage({ bypassCSP: false });
  const errors = watchForErrors(page);
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'}`);
    });
  });
  const response = await page.goto(url);
  return { page, errors, response };
}

test('the app runs under the policy without a single violation', { timeout: 60_000 }, async () => {
  const { page, errors, response } = await openWatched(fixture.server.url);
  const policy = response.headers()['content-security-policy'] ?? '';
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(policy, /unsafe-inline|'unsafe-eval'/);
  assert.equal(response.headers()['referrer-policy'], 'no-referrer');
  const snapshot = await waitForApp(page);
  assert.ok(snapshot.frames >= 1);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the embedding API and its example page work under the policy', { timeout: 60_000 }, async () => {
  const { page, errors } = await openWatched(`${fixture.server.url}examples/embed.html`);
  // The module loads, compiles its wasm and rehearses a call (real RTCPeerConnections).
  const created = await page.evaluate(async () => {
    const client = await Parley.create({ audio: false, video: false });
    return typeof client.join;
  });
  assert.equal(created, 'function');
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an injected inline script and eval are blocked', { timeout: 60_000 }, async () => {
  const { page } = await openWatched(fixture.server.url);
  await waitForApp(page);
  const outcome = await page.evaluate(() => new Promise((resolve) => {
    const script = document.createElement('script');
    script.textContent = 'window.injectedRan = true;';
    document.body.appendChild(script);
    // Tried from a task of the page's own (DevTools' evaluation itself may eval).
    setTimeout(() => {
      let evalBlocked = false;
      try {
        window.eval('1 + 1');
      } catch (error) {
        evalBlocked = error instanceof EvalError;
      }
      resolve({ injectedRan: window.injectedRan === true, evalBlocked });
    }, 0);
  }));
  assert.deepEqual(outcome, { injectedRan: false, evalBlocked: true });
  // Violation events are dispatched a task later.
  const violations = await page.evaluate(() => new Promise((resolve) => {
    const check = () => (window.cspViolations.length >= 2 ? resolve(window.cspViolations)
                                                           : setTimeout(check, 20));
    check();
  }));
  assert.ok(violations.some((v) => v.startsWith('script-src')), violations.join(', '));
  await page.close();
});
