// File transfer helpers for pages running the embedding example (window.embed.client).
// Every wait is on a real condition with a bound.

// Records the page's 'file' events in window.files.events and accepts every incoming
// offer (unless window.files.decline is set).
export function acceptEveryFile(person) {
  return person.page.evaluate(() => {
    window.files = { events: [] };
    window.embed.client.on('file', (d) => {
      window.files.events.push(d);
      if (d.direction === 'incoming' && d.state === 'offered' && !window.files.decline)
        window.embed.client.acceptFile(d.key);
    });
  });
}

// Makes a File of random bytes in the page; resolves with its SHA-256 (hex).
export function makeFile(person, { name, size }) {
  return person.page.evaluate(async ({ name, size }) => {
    const parts = [];
    for (let done = 0; done < size; done += 65536) {
      const part = new Uint8Array(Math.min(65536, size - done));
      crypto.getRandomValues(part);
      parts.push(part);
    }
    const file = new File(parts, name, { type: 'application/octet-stream' });
    (window.made ??= {})[name] = file;
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, { name, size });
}

export const sendFile = (person, to, name) =>
  person.page.evaluate(({ to, name }) => window.embed.client.sendFile(to, window.made[name]), { to, name });

// The first 'file' event (of this person) matching `where`.
// `where(detail, arg)` runs in the page: it sees only its arguments.
export async function fileEvent(person, where, { timeoutMs = 60_000, arg = null } = {}) {
  try {
    const handle = await person.page.waitForFunction(
      ({ where, arg }) => window.files.events.find((d) => new Function('d', 'arg', `return (${where})(d, arg);`)(d, arg)) ?? null,
      { where: where.toString(), arg }, { timeout: timeoutMs, polling: 100 });
    return handle.jsonValue();
  } catch (error) {
    const seen = await person.page.evaluate(() => window.files.events.map((d) => `${d.name}:${d.state}:${d.bytes}:${d.error}`));
    throw new Error(`${person.name}: no file event ${where}: ${error.message}; saw ${seen.slice(-12).join(' ')}`);
  }
}

// SHA-256 (hex) of the Blob the receiver got for `name`.
export const receivedDigest = (person, name) => person.page.evaluate(async (name) => {
  const done = window.files.events.find((d) => d.name === name && d.direction === 'incoming' && d.state === 'done');
  const digest = await crypto.subtle.digest('SHA-256', await done.blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}, name);

