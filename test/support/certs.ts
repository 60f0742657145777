// Test certificates made with the openssl CLI in a temp directory, once per test run: a "Test Root CA" (the
// one tests trust), a "Corp-Proxy-CA" (a TLS-intercepting proxy's CA, not trusted), and server certificates
// for 127.0.0.1/localhost/sum.golang.org/sumdb.test — a good one, a corporate re-signed one, an expired one,
// one for the wrong name, and one naming sum.golang.org only in its Common Name (no SAN). Test tooling only; the product never generates certificates.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface KeyPair {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
}

export interface TestCertificates {
  dir: string;
  rootCA: KeyPair;
  corpCA: KeyPair;
  /** Signed by Test Root CA, valid for SERVER_NAMES. */
  server: KeyPair;
  /** Signed by Corp-Proxy-CA, valid for SERVER_NAMES (what an intercepting proxy presents). */
  corpServer: KeyPair;
  /** Signed by Test Root CA, expired in 2020. */
  expired: KeyPair;
  /** Signed by Test Root CA, valid only for wrong.example. */
  wrongName: KeyPair;
  /** Signed by Test Root CA, no Subject Alternative Name: CN=sum.golang.org only (what Go 1.15+ refuses). */
  commonNameOnly: KeyPair;
  /** A file holding only the Test Root CA (for SSL_CERT_FILE). */
  rootBundlePath: string;
}

export const SERVER_NAMES = ['127.0.0.1', 'localhost', 'sum.golang.org', 'sumdb.test', 'goproxy.test', 'sum.golang.google.cn', 'mirror.goproxy.test', 'proxy.test'];

let cached: TestCertificates | undefined;

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
}

function read(dir: string, name: string): KeyPair {
  const certPath = path.join(dir, `${name}.crt`);
  const keyPath = path.join(dir, `${name}.key`);
  return { cert: fs.readFileSync(certPath, 'utf8'), key: fs.readFileSync(keyPath, 'utf8'), certPath, keyPath };
}

function makeCA(dir: string, name: string, cn: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`,
    '-days', '3650', '-subj', `/O=Go Sum Doctor Tests/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

function sanList(names: string[]): string {
  return names.map((n) => (/^\d+\.\d+\.\d+\.\d+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
}

/** A leaf signed by `ca`; `dates` uses `openssl ca` so the validity can lie in the past. */
function makeLeaf(dir: string, name: string, ca: string, names: string[], dates?: { start: string; end: string }, withSan = true): void {
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`,
    '-subj', `/O=Go Sum Doctor Tests/CN=${names[0]}`]);
  const ext = `${name}.ext`;
  fs.writeFileSync(path.join(dir, ext), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n${withSan ? `subjectAltName=${sanList(names)}\n` : ''}`);
  if (!dates) {
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '825', '-extfile', ext]);
    return;
  }
  const db = path.join(dir, `${name}.db`);
  fs.writeFileSync(db, '');
  fs.writeFileSync(path.join(dir, `${name}.serial`), '1000\n');
  fs.writeFileSync(path.join(dir, `${name}.cnf`), [
    '[ca]', 'default_ca = test', '[test]', `database = ${db}`, `serial = ${path.join(dir, `${name}.serial`)}`, `new_certs_dir = ${dir}`,
    'default_md = sha256', 'policy = any', 'unique_subject = no', 'copy_extensions = none', '[any]', 'commonName = supplied', 'organizationName = optional', '',
  ].join('\n'));
  openssl(dir, ['ca', '-batch', '-config', `${name}.cnf`, '-cert', `${ca}.crt`, '-keyfile', `${ca}.key`, '-in', `${name}.csr`, '-out', `${name}.crt`,
    '-startdate', dates.start, '-enddate', dates.end, '-extfile', ext, '-notext']);
}

/** The certificates for this test run (generated on first call, then reused). */
export function testCertificates(): TestCertificates {
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-certs-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  makeCA(dir, 'root', 'Test Root CA');
  makeCA(dir, 'corp', 'Corp-Proxy-CA');
  makeLeaf(dir, 'server', 'root', SERVER_NAMES);
  makeLeaf(dir, 'corp-server', 'corp', SERVER_NAMES);
  makeLeaf(dir, 'expired', 'root', SERVER_NAMES, { start: '20200101000000Z', end: '20200201000000Z' });
  makeLeaf(dir, 'wrong-name', 'root', ['wrong.example']);
  makeLeaf(dir, 'cn-only', 'root', ['sum.golang.org'], undefined, false);
  const rootCA = read(dir, 'root');
  const rootBundlePath = path.join(dir, 'root-bundle.pem');
  fs.writeFileSync(rootBundlePath, rootCA.cert);
  cached = {
    dir,
    rootCA,
    corpCA: read(dir, 'corp'),
    server: read(dir, 'server'),
    corpServer: read(dir, 'corp-server'),
    expired: read(dir, 'expired'),
    wrongName: read(dir, 'wrong-name'),
    commonNameOnly: read(dir, 'cn-only'),
    rootBundlePath,
  };
  return cached;
}
