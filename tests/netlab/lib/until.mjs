// Resolves with the first truthy value of `probe()` (sync or async), polled every
// `intervalMs`; throws `describe()` after `timeoutMs`. Playwright's waitForFunction does not
// wait on a predicate's promise, and some conditions live outside the page (coturn's log).
export async function until(probe, timeoutMs, describe, { intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => { setTimeout(resolve, intervalMs); });
  }
}
