// The API as a package an embedding site installs: `npm pack` in the built web root gives
// a tarball with the module, its types and the WebAssembly; a site's TypeScript example
// (web/examples/typed-embed.ts) compiles against it under --strict, and a misuse does not;
// the ES module form (parley.mjs) loads in a page and creates a client.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { useServerAndBrowser } from './lib/harness.mjs';

const fixture = useServerAndBrowser({ before, after });
const here = path.dirname(fileURLToPath(import.meta.url));
const webRoot = process.env.PARLEY_WEB_ROOT;
const tsc = path.join(process.env.PARLEY_NODE_MODULES, 'typescript', 'bin', 'tsc');
const example = path.join(here, '..', '..', 'web', 'examples', 'typed-embed.ts');

// Compiles `files` in `dir` as a site would; returns tsc's exit status and output.
function compile(dir, files) {
  const result = spawnSync(process.execPath, [
    tsc, '--strict', '--target', 'es2022', '--module', 'es2022', '--moduleResolution', 'bundler',
    '--lib', 'es2022,dom', '--outDir', path.join(dir, 'out'), ...files,
  ], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('npm pack gives a package a TypeScript site installs, builds against, and cannot misuse', { timeout: 120_000 }, () => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-site-'));
  try {
    const cache = ['--cache', path.join(site, '.npm-cache')];  // nothing cached outside
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', ...cache, '--pack-destination', site],
                                           { cwd: webRoot, encoding: 'utf8' }));
    const files = packed[0].files.map((f) => f.path).sort();
    assert.deepEqual(files, ['package.json', 'parley-client.js', 'parley-client.wasm', 'parley.d.ts',
                             'parley.js', 'parley.mjs']);

    fs.writeFileSync(path.join(site, 'package.json'), JSON.stringify({ name: 'a-site', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', ...cache, `./${packed[0].filename}`],
                 { cwd: site, encoding: 'utf8' });
    fs.copyFileSync(example, path.join(site, 'typed-embed.ts'));
    const built = compile(site, ['typed-embed.ts']);
    assert.equal(built.status, 0, built.output);
    assert.ok(fs.existsSync(path.join(site, 'out', 'typed-embed.js')));

    // The types constrain: an unknown event and a wrong detail field are errors.
    fs.writeFileSync(path.join(site, 'misuse.ts'), [
      "import { create } from 'parley-client';",
      'const client = await create();',
      "client.on('no-such-event', () => {});",
      "client.on('track', ({ peer }) => peer);",
      'export {};',
    ].join('\n'));
    const misuse = compile(site, ['misuse.ts']);
    assert.notEqual(misuse.status, 0);
    assert.match(misuse.output, /no-such-event/);
    assert.match(misuse.output, /'peer'/);
  } finally {
    fs.rmSync(site, { recursive: true, force: true });
  }
});

test('the ES module loads in a page and creates a client', { timeout: 60_000 }, async () => {
  const context = await fixture.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${fixture.server.url}examples/embed.html`);
    const result = await page.evaluate(async () => {
      const parley = await import('/parley.mjs');
      const client = await parley.create({ rehearse: false, audio: false, video: false });
      const joined = await client.join('esm-room', 'Esm');
      await client.destroy();
      return { version: parley.version, same: parley.default === window.Parley, joined: Boolean(joined.peerId),
               errorClass: typeof parley.ParleyError };
    });
    assert.deepEqual(result, { version: '0.1.0', same: true, joined: true, errorClass: 'function' });
  } finally {
    await context.close();
  }
});
