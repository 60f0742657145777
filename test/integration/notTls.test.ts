// An https URL whose server does not answer TLS (a plain-HTTP port, an SSH banner), beside the go command:
// Go says "http: server gave HTTP response to HTTPS client" or "tls: first record does not look like a TLS
// handshake", and so do `check` and the probe, which call it an answer that is not TLS, never interception.
import assert from 'node:assert/strict';
import { auditSetup, parse } from '../support/auditSetup';
import { startConnectProxy, startRawServer, type RunningServer } from '../support/faultServers';
import { probeGoSum } from '../support/probeGoSum';
import { goModDownload, greetBesideGo } from '../support/goModDownload';

describe('an https URL whose server does not speak TLS, beside the go command', function () {
  this.timeout(120_000);
  const greet = greetBesideGo();
  let banner: RunningServer;
  let proxy: RunningServer;
  before(async function () {
    proxy = await startConnectProxy({ names: ['sumdb.test'] });
    banner = await startRawServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n'), { firstBytes: true });
  });
  after(async () => {
    await banner?.close();
    await proxy?.close();
  });

  const cases = [
    { name: 'the database\'s plain-HTTP port asked over https', url: () => `https://127.0.0.1:${new URL(greet.db.url).port}`, go: 'http: server gave HTTP response to HTTPS client' },
    { name: 'an SSH server asked over https', url: () => `https://127.0.0.1:${banner.port}`, go: 'tls: first record does not look like a TLS handshake' },
    // A name, not 127.0.0.1: Go never sends loopback addresses through a proxy.
    {
      name: 'the plain-HTTP port asked over https through an HTTPS_PROXY tunnel', url: () => `https://sumdb.test:${new URL(greet.db.url).port}`,
      go: 'http: server gave HTTP response to HTTPS client', proxied: true,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: Go's words in check and the probe, a foreign answer, not interception`, async () => {
      const env: Record<string, string> = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${c.url()}`, ...(c.proxied ? { HTTPS_PROXY: proxy.url } : {}) };
      const go = await goModDownload(env);
      assert.ok(go.endsWith(`lookup/example.com/greet@v1.1.0": ${c.go}`), go);
      const a = await auditSetup(env);
      try {
        const r = await a.auditor.audit(parse(greet.gp.goSumLines));
        assert.equal(r.scenario?.scenario, 'blocked');
        assert.match(r.scenario?.explanation ?? '', /answered, but not with TLS/);
        assert.equal(r.scenario?.goError, go);
      } finally {
        await a.close();
      }
      const p = await probeGoSum(greet.gp.goSumLines, env);
      assert.equal(p.scenario, 'blocked', JSON.stringify(p.evidence));
      assert.ok(!p.fixes.some((f) => f.env.SSL_CERT_FILE !== undefined || f.env.SSL_CERT_DIR !== undefined), JSON.stringify(p.fixes));
      assert.equal(p.goError, go);
    });
  }
});
