// An https URL whose server does not answer TLS (a plain-HTTP port, an SSH banner), beside the go command:
// Go says "http: server gave HTTP response to HTTPS client" or "tls: first record does not look like a TLS
// handshake", and so do `check` and the probe, which call it an answer that is not TLS, never interception.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { auditSetup, parse } from '../support/auditSetup';
import { startConnectProxy, type RunningServer } from '../support/faultServers';
import { goOnPath } from '../support/goEnv';
import { probeGoSum } from '../support/probeGoSum';
import { startGoproxyServer, type GoproxyServer } from '../support/goproxyServer';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { goModDownload, MODULES } from '../support/goModDownload';

describe('an https URL whose server does not speak TLS, beside the go command', function () {
  this.timeout(120_000);
  let gp: GoproxyServer;
  let db: SumdbServer;
  let banner: net.Server;
  let proxy: RunningServer;
  before(async function () {
    if (!goOnPath()) this.skip();
    gp = await startGoproxyServer(MODULES);
    db = await startSumdbServer({ goSumLines: gp.goSumLines });
    proxy = await startConnectProxy({ names: ['sumdb.test'] });
    banner = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.2\r\n'));
    });
    await new Promise<void>((resolve) => banner.listen(0, '127.0.0.1', () => resolve()));
    banner.unref();
  });
  after(async () => {
    banner?.close();
    await proxy?.close();
    await gp?.close();
    await db?.close();
  });

  const cases = [
    { name: 'the database\'s plain-HTTP port asked over https', url: () => `https://127.0.0.1:${new URL(db.url).port}`, go: 'http: server gave HTTP response to HTTPS client' },
    { name: 'an SSH server asked over https', url: () => `https://127.0.0.1:${(banner.address() as net.AddressInfo).port}`, go: 'tls: first record does not look like a TLS handshake' },
    // A name, not 127.0.0.1: Go never sends loopback addresses through a proxy.
    {
      name: 'the plain-HTTP port asked over https through an HTTPS_PROXY tunnel', url: () => `https://sumdb.test:${new URL(db.url).port}`,
      go: 'http: server gave HTTP response to HTTPS client', proxied: true,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: Go's words in check and the probe, a foreign answer, not interception`, async () => {
      const env: Record<string, string> = { GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} ${c.url()}`, ...(c.proxied ? { HTTPS_PROXY: proxy.url } : {}) };
      const go = await goModDownload(env);
      assert.ok(go.endsWith(`lookup/example.com/greet@v1.1.0": ${c.go}`), go);
      const a = await auditSetup(env);
      try {
        const r = await a.auditor.audit(parse(gp.goSumLines));
        assert.equal(r.scenario?.scenario, 'blocked');
        assert.match(r.scenario?.explanation ?? '', /answered, but not with TLS/);
        assert.equal(r.scenario?.goError, go);
      } finally {
        await a.close();
      }
      const p = await probeGoSum(gp.goSumLines, env);
      assert.equal(p.scenario, 'blocked', JSON.stringify(p.evidence));
      assert.ok(!p.fixes.some((f) => f.env.SSL_CERT_FILE !== undefined || f.env.SSL_CERT_DIR !== undefined), JSON.stringify(p.fixes));
      assert.equal(p.goError, go);
    });
  }
});
