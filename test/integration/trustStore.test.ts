import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { testCertificates } from '../support/certs';
import { startTlsServer, type RecordingServer } from '../support/faultServers';
import { createTransport } from '../../server/src/transport/http';
import { loadTrustStore } from '../../server/src/transport/trustStore';

describe('the trust store goes to TLS as PEM, parsed only to explain', function () {
  this.timeout(20_000);
  const certs = testCertificates();
  let dir: string;
  let srv: RecordingServer | undefined;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-roots-')); });
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a bundle with a block that is no certificate: TLS skips it (as Go does), the description counts what parses', async () => {
    const junk = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    const bundle = path.join(dir, 'bundle.pem');
    fs.writeFileSync(bundle, junk + certs.corpCA.cert + junk.replace('bm90', 'Ym90') + certs.rootCA.cert);
    const store = loadTrustStore({ env: { SSL_CERT_FILE: bundle }, defaultDirectories: [] });
    assert.equal(store.certificates.length, 4, 'blocks go as they are');
    assert.equal(store.description, `SSL_CERT_FILE=${bundle} (2 certificates)`);
    srv = await startTlsServer(certs.server, (_req, res) => { res.end('ok'); });
    const t = createTransport({ env: { SSL_CERT_FILE: bundle } });
    try {
      const res = await t.get(`https://127.0.0.1:${srv.port}/latest`);
      assert.equal(res.status, 200, 'the root after the junk is trusted');
    } finally {
      await t.close();
    }
  });

  it('the same root wrapped differently in two places is one root', () => {
    const a = path.join(dir, 'a.pem');
    fs.writeFileSync(a, certs.rootCA.cert);
    const d = path.join(dir, 'certs');
    fs.mkdirSync(d);
    const [head, ...rest] = certs.rootCA.cert.trim().split('\n');
    const body = rest.slice(0, -1).join('');
    fs.writeFileSync(path.join(d, 'root-rewrapped.pem'), [head, ...body.match(/.{1,76}/g)!, rest[rest.length - 1], ''].join('\n'));
    const store = loadTrustStore({ env: { SSL_CERT_FILE: a, SSL_CERT_DIR: d } });
    assert.equal(store.certificates.length, 1);
  });

  it('extra CAs given by the user are checked: a file with no certificate Go could load is reported', () => {
    const bad = path.join(dir, 'bad.pem');
    fs.writeFileSync(bad, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    const store = loadTrustStore({ env: { SSL_CERT_FILE: certs.rootBundlePath }, defaultDirectories: [], extraCACertificates: [bad] });
    assert.deepEqual(store.problems, [`extraCACertificates: no certificate in ${bad}`]);
    assert.equal(store.extraCount, 0);
  });
});
