// A certificate authority made for one test, and a server certificate it signs, with the
// openssl command line: what a deployment gets from its CA, for a lab address. Chromium is
// told to trust the CA by its public key (--ignore-certificate-errors-spki-list), so
// nothing is added to any trust store.
//
//   const ca = makeTestCertificates({ ipAddress: SERVER_ADDRESS });
//   server args: ['--tls-cert', ca.chainPath, '--tls-key', ca.keyPath]
//   browser:     lan.launchBrowser({ extraArgs: [ca.chromiumTrustFlag] })
//   ca.remove();
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const openssl = (args, options = {}) => execFileSync('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });

export function makeTestCertificates({ ipAddress }) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-ca-'));
  const file = (name) => join(dir, name);
  const p256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(['req', '-x509', ...p256, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2',
    '-subj', '/CN=Parley network lab test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  openssl(['req', ...p256, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${ipAddress}`]);
  writeFileSync(file('server.ext'), `subjectAltName=IP:${ipAddress}\nextendedKeyUsage=serverAuth\n`);
  openssl(['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
    '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext')]);
  // The chain the server presents: its certificate, then the CA's.
  writeFileSync(file('chain.pem'), readFileSync(file('server.pem'), 'utf8') + readFileSync(file('ca.pem'), 'utf8'));
  const publicKey = openssl(['x509', '-in', file('ca.pem'), '-pubkey', '-noout']);
  const spki = openssl(['pkey', '-pubin', '-outform', 'der'], { input: publicKey });
  const spkiHash = openssl(['dgst', '-sha256', '-binary'], { input: spki }).toString('base64');
  return {
    chainPath: file('chain.pem'),
    keyPath: file('server.key'),
    chromiumTrustFlag: `--ignore-certificate-errors-spki-list=${spkiHash}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
