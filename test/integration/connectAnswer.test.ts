// An HTTPS_PROXY whose answer to CONNECT is cut short, no HTTP, or a refusal, beside the go command: Go reads
// the answer with http.ReadResponse and says what it says ("unexpected EOF", "malformed HTTP status code",
// "Forbidden"), with no "proxyconnect tcp:" before it; `check` and the probe quote the same line.
import assert from 'node:assert/strict';
import { auditSetup, parse } from '../support/auditSetup';
import { testCertificates } from '../support/certs';
import { startConnectProxy, startRawServer, type RunningServer } from '../support/faultServers';
import { probeGoSum } from '../support/probeGoSum';
import { goModDownload, greetBesideGo } from '../support/goModDownload';

/** What the proxy answers CONNECT with before it closes the connection (null: nothing). */
const ANSWERS: Record<string, string | null> = {
  'nothing': null,
  'half a status line': 'HTTP/1.1 20',
  'a status line, then nothing': 'HTTP/1.1 200 OK\r\n',
  'a line that is no HTTP': 'HELLO\r\n\r\n',
  'a TLS alert (the proxy port speaks TLS)': '\x15\x03\x01\x00\x02\x02\x28',
  'a header without its colon': 'HTTP/1.1 200 Connection established\r\nX\r\n\r\n',
  'a status code that is not ASCII': 'HTTP/1.1 2\xe90 OK\r\n\r\n',
  'a refusal': 'HTTP/1.1 403 Forbidden\r\n\r\n',
  'a refusal without a reason phrase': 'HTTP/1.1 403\r\n\r\n',
};

describe('an HTTPS_PROXY answering CONNECT with something cut, foreign or refused, beside the go command', function () {
  this.timeout(120_000);
  const certs = testCertificates();
  const greet = greetBesideGo({ tls: { cert: certs.server.cert, key: certs.server.key } });
  const proxies: RunningServer[] = [];
  after(async () => {
    await Promise.all(proxies.map((p) => p.close()));
  });

  async function proxyAnswering(answer: string | null): Promise<string> {
    const proxy = await startRawServer((socket) => socket.end(answer ?? '', 'latin1'));
    proxies.push(proxy);
    return proxy.url;
  }

  for (const [name, answer] of Object.entries(ANSWERS)) {
    it(`${name}: check and the probe quote Go's line`, async () => {
      // A name, not 127.0.0.1: Go never sends loopback addresses through a proxy.
      const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} https://sumdb.test:${new URL(greet.db.url).port}`, HTTPS_PROXY: await proxyAnswering(answer), SSL_CERT_FILE: certs.rootBundlePath };
      const go = await goModDownload(env);
      assert.match(go, /^go: example\.com\/greet@v1\.1\.0: verifying go\.mod: .*lookup\/example\.com\/greet@v1\.1\.0": /, go);
      assert.doesNotMatch(go, /proxyconnect/);
      const a = await auditSetup(env);
      try {
        assert.equal((await a.auditor.audit(parse(greet.gp.goSumLines))).scenario?.goError, go, 'check');
      } finally {
        await a.close();
      }
      assert.equal((await probeGoSum(greet.gp.goSumLines, env)).goError, go, 'probe');
    });
  }

  it('a 200 whose head carries 64 KB of headers (Go reads a CONNECT answer without a limit): go verifies, and so does check', async () => {
    const padding = Array.from({ length: 64 }, (_, i) => `X-Proxy-Note-${i}: ${'n'.repeat(1000)}\r\n`).join('');
    const proxy = await startConnectProxy({ names: ['sumdb.test'], establishedHeaders: padding });
    proxies.push(proxy);
    const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} https://sumdb.test:${new URL(greet.db.url).port}`, HTTPS_PROXY: proxy.url, SSL_CERT_FILE: certs.rootBundlePath };
    assert.equal(await goModDownload(env), '');
    const a = await auditSetup(env);
    try {
      const result = await a.auditor.audit(parse(greet.gp.goSumLines));
      assert.equal(result.summary.verified, greet.gp.goSumLines.length, result.scenario?.goError);
    } finally {
      await a.close();
    }
  });

  it('a proxy whose head never ends, dripped a line at a time: check gives up on it past 1 MB (Go reads on without a limit), in time linear in what it read', async () => {
    let sent = 0;
    const proxy = await startRawServer((socket) => {
      socket.write('HTTP/1.1 200 Connection Established\r\n');
      const drip = (): void => {
        if (socket.destroyed) return;
        socket.write('X-Never-Done: 1\r\n');
        sent += 17;
        setImmediate(drip);
      };
      drip();
    });
    proxies.push(proxy);
    const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} https://sumdb.test:${new URL(greet.db.url).port}`, HTTPS_PROXY: proxy.url, SSL_CERT_FILE: certs.rootBundlePath };
    const a = await auditSetup(env);
    try {
      const result = await a.auditor.audit(parse(greet.gp.goSumLines));
      assert.match(result.scenario?.goError ?? '', /proxyconnect tcp: proxy answer to CONNECT is too long$/);
      assert.ok(sent > 1_000_000, `gave up after ${sent} bytes`);
    } finally {
      await a.close();
    }
  });

  it('a 200 with bytes after its head, in the same write: Go drops what its reader took beyond the head and verifies; so does check', async () => {
    const proxy = await startConnectProxy({ names: ['sumdb.test'], afterEstablished: 'Proxy-Note: welcome\r\n\r\n' });
    proxies.push(proxy);
    const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} https://sumdb.test:${new URL(greet.db.url).port}`, HTTPS_PROXY: proxy.url, SSL_CERT_FILE: certs.rootBundlePath };
    assert.equal(await goModDownload(env), '');
    const a = await auditSetup(env);
    try {
      assert.equal((await a.auditor.audit(parse(greet.gp.goSumLines))).summary.verified, greet.gp.goSumLines.length);
    } finally {
      await a.close();
    }
  });
});
