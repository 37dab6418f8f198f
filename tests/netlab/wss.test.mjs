// Signaling over TLS across the lab, as every public deployment must serve it: parley-server
// on the lab's internet with a certificate from a CA made for the test (Chromium trusts it
// by its public key), two people behind cone NATs calling through https:// and wss://.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assertNoPageErrors, closeAll } from '../e2e/lib/call.mjs';
import { SERVER_ADDRESS, withLab } from './lib/lab.mjs';
import { callAcross } from './lib/calls.mjs';
import { makeTestCertificates } from './lib/test_ca.mjs';

test('wss across the lab: the server behind TLS with a test CA, the whole call over https and wss', { timeout: 120_000 }, async () => {
  const ca = makeTestCertificates({ ipAddress: SERVER_ADDRESS });
  try {
    await withLab(async (lab) => {
      const turn = await lab.startCoturn();
      const server = await lab.startServer({
        args: [...turn.serverArgs(), '--tls-cert', ca.chainPath, '--tls-key', ca.keyPath] });
      assert.equal(server.url, `https://${SERVER_ADDRESS}:8080/`);
      const { ada, bob } = await callAcross(lab, server, {
        natA: 'cone', natB: 'cone', room: 'tls', query: '&video=320x240', browserArgs: [ca.chromiumTrustFlag] });
      try {
        // A chat message crosses the wss signaling and the data channel it set up.
        await bob.page.waitForFunction((ada) => window.embed.client.chatReady(ada), ada.peerId, { timeout: 20_000 });
        await ada.page.evaluate(() => window.embed.client.sendChat('over tls'));
        await bob.page.waitForFunction(() => window.embed.events.some((e) => e.event === 'chat' && e.detail.text === 'over tls'),
          null, { timeout: 20_000 });
        assertNoPageErrors(ada, bob);
        for (const person of [ada, bob]) {
          assert.equal(new URL(person.page.url()).protocol, 'https:');
          assert.equal(await person.page.evaluate(() => window.isSecureContext), true);
          // From an https page the browser opens no plain ws:// at all (mixed content): the
          // call's signaling, which joined, was wss://. (The refusal is logged: checked last.)
          const plain = await person.page.evaluate((host) => {
            try {
              new WebSocket(`ws://${host}:8080/`).close();
              return 'opened';
            } catch (error) {
              return error.name;
            }
          }, SERVER_ADDRESS);
          assert.equal(plain, 'SecurityError');
        }
      } finally {
        await closeAll(ada, bob);
      }
    });
  } finally {
    ca.remove();
  }
});
