import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTransport, TransportOptions } from '../../server/src/transport/http';
import { loadTrustStore } from '../../server/src/transport/trustStore';
import { inspectTls } from '../../server/src/transport/inspectTls';
import { goLookupHere } from '../../server/src/transport/resolverFiles';
import type { PhaseTimeouts } from '../../server/src/transport/connector';
import type { TransportError } from '../../server/src/transport/types';
import { testCertificates } from '../support/certs';
import {
  closedPort, loopbackResolver, startConnectProxy, startH2Server, startHttpServer, startResetServer, startStallServer, startTlsServer,
  RunningServer,
} from '../support/faultServers';
import { transportFailure as failure } from '../support/transportFailure';
import { TransportFixture } from '../support/transportFixture';

const NAMES = ['sum.golang.org', 'goproxy.test', 'sumdb.test'];

describe('transport against real servers on 127.0.0.1', function () {
  this.timeout(20_000);
  const certs = testCertificates();
  const fixture = new TransportFixture(NAMES);
  const { trusted } = fixture;
  const transport = (o?: TransportOptions) => fixture.transport(o);
  const keep = <T extends RunningServer>(s: T): T => fixture.keep(s);
  after(() => fixture.close());

  describe('reaching a server', () => {
    it('a plain HTTP answer comes back with status, headers and body, over one kept-alive connection', async () => {
      const ports = new Set<number>();
      const srv = keep(await startHttpServer((req, res) => {
        ports.add(req.socket.remotePort!);
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' }).end(`you asked ${req.url}`);
      }));
      const t = transport();
      const a = await t.get(`${srv.url}/latest`);
      const b = await t.get(`${srv.url}/missing`);
      assert.equal(a.status, 200);
      assert.equal(Buffer.from(a.body).toString(), 'you asked /latest');
      assert.equal(a.headers['content-type'], 'text/plain');
      assert.equal(b.status, 404, 'statuses are returned, not thrown');
      assert.equal(ports.size, 1, 'the second request reused the connection');
    });

    it('a TLS server whose chain is anchored in SSL_CERT_FILE is accepted', async () => {
      const srv = keep(await startTlsServer(certs.server, (_q, res) => res.end('ok')));
      const res = await transport().get(`https://sum.golang.org:${srv.port}/latest`);
      assert.equal(res.status, 200);
      assert.equal(Buffer.from(res.body).toString(), 'ok');
    });

    it('HTTP/2 is negotiated when the server offers it, and concurrent requests share one connection', async () => {
      const srv = keep(await startH2Server(certs.server, (req, res) => setTimeout(() => res.end(`h2 ${req.url}`), 50)));
      const t = transport();
      await t.get(`https://127.0.0.1:${srv.port}/warm-up`);
      const all = await Promise.all([1, 2, 3, 4, 5].map((i) => t.get(`https://127.0.0.1:${srv.port}/tile/${i}`)));
      assert.deepEqual(all.map((r) => Buffer.from(r.body).toString()), [1, 2, 3, 4, 5].map((i) => `h2 /tile/${i}`));
      assert.deepEqual(new Set(srv.versions), new Set(['2.0']));
      assert.equal(srv.remotePorts.size, 1, 'five requests in flight at once were streams on one connection');
    });

    it('HTTP/1.1 is used when HTTP/2 is turned off', async () => {
      const srv = keep(await startH2Server(certs.server, (_q, res) => res.end('x')));
      await transport({ allowH2: false }).get(`https://127.0.0.1:${srv.port}/`);
      assert.deepEqual(srv.versions, ['1.1']);
    });
  });

  describe('requests in flight per origin', () => {
    /** A server that holds every request until told to answer; says when `n` are held. */
    async function holdingServer() {
      const held: Array<() => void> = [];
      let onHeld: (() => void) | undefined;
      let want = Infinity;
      const srv = keep(await startHttpServer((_q, res) => {
        held.push(() => res.end('ok'));
        if (held.length >= want) onHeld?.();
      }));
      const holding = (n: number) => new Promise<void>((resolve) => {
        want = n;
        onHeld = resolve;
        if (held.length >= n) resolve();
      });
      return { srv, held, holding };
    }

    it('HTTP/1.1: 16 at once; the 17th waits, and its signal cancels it while it waits', async () => {
      const { srv, held, holding } = await holdingServer();
      const t = transport();
      assert.equal(t.inFlightLimit(srv.url), 16);
      const first = Array.from({ length: 16 }, (_, i) => t.get(`${srv.url}/r${i}`));
      await holding(16);
      const controller = new AbortController();
      const waiting = t.get(`${srv.url}/waiting`, { signal: controller.signal });
      controller.abort();
      const e = await failure(waiting);
      assert.equal(e.kind, 'aborted');
      assert.equal(srv.requests.length, 16, 'the cancelled request never left');
      for (const answer of held) answer();
      assert.deepEqual((await Promise.all(first)).map((r) => r.status), Array(16).fill(200));
    });

    it('an urgent request (a tile many lookups wait on) takes the next free place, ahead of those already waiting', async () => {
      const { srv, held, holding } = await holdingServer();
      const t = transport();
      const first = Array.from({ length: 16 }, (_, i) => t.get(`${srv.url}/lookup/r${i}`));
      await holding(16);
      const queued = [16, 17, 18].map((i) => t.get(`${srv.url}/lookup/r${i}`));
      const tile = t.get(`${srv.url}/tile/8/0/000`, { urgent: true });
      held[0]();
      await holding(17);
      assert.equal(srv.requests[16], 'GET /tile/8/0/000', 'the urgent request left first');
      for (let i = 1; i < 4; i++) held[i]();
      await holding(20);
      assert.deepEqual(srv.requests.slice(17), ['GET /lookup/r16', 'GET /lookup/r17', 'GET /lookup/r18'], 'then the others, in order');
      for (const answer of held.slice(4)) answer();
      assert.deepEqual((await Promise.all([...first, ...queued, tile])).map((r) => r.status), Array(20).fill(200));
    });

    it('given up on: every request waiting or in flight fails at once with the reason, in Go\'s words; later ones go ahead', async () => {
      const { srv, held, holding } = await holdingServer();
      const t = transport();
      const all = Array.from({ length: 20 }, (_, i) => t.get(`${srv.url}/r${i}`));
      await holding(16);
      t.giveUp(`${srv.url}/anything`, 'timeout', 'net/http: timeout awaiting response headers');
      const errors = await Promise.all(all.map((p) => failure(p)));
      assert.deepEqual(new Set(errors.map((e) => e.kind)), new Set(['timeout']));
      assert.equal(errors[17].message, `Get "${srv.url}/r17": net/http: timeout awaiting response headers`);
      assert.equal(srv.requests.length, 16, 'the 4 waiting never left');
      const later = t.get(`${srv.url}/later`);
      await holding(held.length + 1);
      held[held.length - 1]();
      assert.equal((await later).status, 200);
    });

    it('past the run\'s deadline, requests in flight fail, and new ones fail before leaving: context deadline exceeded', async () => {
      const { srv, holding } = await holdingServer();
      const deadline = new AbortController();
      const t = transport({ deadline: deadline.signal });
      const inFlight = t.get(`${srv.url}/slow`);
      await holding(1);
      deadline.abort();
      const e = await failure(inFlight);
      assert.equal(e.kind, 'timeout');
      assert.equal(e.message, `Get "${srv.url}/slow": context deadline exceeded`);
      const after = await failure(t.get(`${srv.url}/after`));
      assert.equal(after.message, `Get "${srv.url}/after": context deadline exceeded`);
      assert.equal(srv.requests.length, 1);
    });
  });

  describe('every failure is classified', () => {
    it('a closed port is "refused", worded like Go', async () => {
      const port = await closedPort();
      const e = await failure(transport().get(`http://127.0.0.1:${port}/lookup/x@v1`));
      assert.equal(e.kind, 'refused');
      assert.equal(e.message, `Get "http://127.0.0.1:${port}/lookup/x@v1": dial tcp 127.0.0.1:${port}: connect: connection refused`);
    });

    it('a name that does not resolve is "dns", worded for how Go resolves names here (goPredictionDns.test.ts checks that against Go)', async () => {
      const e = await failure(transport().get('https://sumdb.invalid/latest'));
      assert.equal(e.kind, 'dns');
      const lookup = await goLookupHere('sumdb.invalid', {}); // the transport was given no resolver variables
      const on = lookup.resolver === 'go' ? ` on ${lookup.nameserver}` : '';
      assert.equal(e.message, `Get "https://sumdb.invalid/latest": dial tcp: lookup sumdb.invalid${on}: no such host`);
    });

    it('a server that resets every connection is "reset" (plain and TLS)', async () => {
      const srv = keep(await startResetServer());
      assert.equal((await failure(transport().get(`http://127.0.0.1:${srv.port}/`))).kind, 'reset');
      assert.equal((await failure(transport().get(`https://127.0.0.1:${srv.port}/`))).kind, 'reset');
    });

    /** A request to a server that accepts and never answers: a timeout, within 3 s. */
    async function stalled(scheme: 'http' | 'https', timeouts: Partial<PhaseTimeouts>): Promise<TransportError> {
      const srv = keep(await startStallServer());
      const start = Date.now();
      const e = await failure(transport({ timeouts }).get(`${scheme}://127.0.0.1:${srv.port}/latest`));
      assert.equal(e.kind, 'timeout');
      assert.ok(Date.now() - start < 3_000, `took ${Date.now() - start} ms`);
      return e;
    }

    it('a server that accepts and never answers times out in the first-byte phase, within the bound', async () => {
      const e = await stalled('http', { firstByteMs: 400 });
      assert.equal(e.detail.phase, 'first-byte');
      assert.match(e.message, /timeout awaiting response headers/);
    });

    it('a stalled TLS handshake times out in the tls phase', async () => {
      const e = await stalled('https', { tlsMs: 400 });
      assert.equal(e.detail.phase, 'tls');
      assert.match(e.message, /net\/http: TLS handshake timeout$/);
    });

    it('a slow name lookup times out in the dns phase', async () => {
      const t = transport({ timeouts: { dnsMs: 200 }, resolve: () => new Promise(() => undefined) });
      const e = await failure(t.get('https://sum.golang.org/latest'));
      assert.equal(e.kind, 'timeout');
      assert.equal(e.detail.phase, 'dns');
    });

    it('a body that stops half way times out in the body phase', async () => {
      const srv = keep(await startHttpServer((_q, res) => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
      }));
      const e = await failure(transport({ timeouts: { bodyMs: 400 } }).get(`${srv.url}/tile/8/0/000`));
      assert.equal(e.kind, 'timeout');
      assert.equal(e.detail.phase, 'body');
    });

    it('a corporate proxy re-signs the certificate: unknown authority, naming the issuer', async () => {
      const srv = keep(await startTlsServer(certs.corpServer, (_q, res) => res.end('ok')));
      const e = await failure(transport().get(`https://sum.golang.org:${srv.port}/latest`));
      assert.equal(e.kind, 'tls-unknown-authority');
      assert.equal(e.detail.issuer, 'Corp-Proxy-CA');
      assert.equal(e.message, `Get "https://sum.golang.org:${srv.port}/latest": tls: failed to verify certificate: x509: certificate signed by unknown authority`);
    });

    it('an expired certificate is "tls-expired", with the expiry date', async () => {
      const srv = keep(await startTlsServer(certs.expired, (_q, res) => res.end('ok')));
      const e = await failure(transport().get(`https://127.0.0.1:${srv.port}/`));
      assert.equal(e.kind, 'tls-expired');
      assert.match(e.message, /x509: certificate has expired or is not yet valid: current time \S+ is after 2020-02-01T00:00:00Z$/);
    });

    it('a certificate for another name is "tls-name-mismatch", listing the names it is valid for', async () => {
      const srv = keep(await startTlsServer(certs.wrongName, (_q, res) => res.end('ok')));
      const e = await failure(transport().get(`https://sum.golang.org:${srv.port}/`));
      assert.equal(e.kind, 'tls-name-mismatch');
      assert.match(e.message, /x509: certificate is valid for wrong\.example, not sum\.golang\.org$/);
    });

    it('a certificate naming the host only in its Common Name is refused as Go 1.15+ refuses it', async () => {
      const srv = keep(await startTlsServer(certs.commonNameOnly, (_q, res) => res.end('ok')));
      const e = await failure(transport().get(`https://sum.golang.org:${srv.port}/latest`));
      assert.equal(e.kind, 'tls-name-mismatch');
      assert.equal(e.message, `Get "https://sum.golang.org:${srv.port}/latest": tls: failed to verify certificate: x509: certificate relies on legacy Common Name field, use SANs instead`);
      // Another name than the Common Name's: no names at all, in Go's words.
      const other = await failure(transport().get(`https://sumdb.test:${srv.port}/`));
      assert.match(other.message, /x509: certificate is not valid for any names, but wanted to match sumdb\.test$/);
    });

    it('an IP address is matched against IP SANs only, as Go does', async () => {
      const srv = keep(await startTlsServer(certs.wrongName, (_q, res) => res.end('ok')));
      const e = await failure(transport().get(`https://127.0.0.1:${srv.port}/`));
      assert.equal(e.kind, 'tls-name-mismatch');
      assert.match(e.message, /x509: cannot validate certificate for 127\.0\.0\.1 because it doesn't contain any IP SANs$/);
    });

    it('TLS spoken to a plain HTTP server is no TLS, in net/http\'s words (beside go: notTls.test.ts)', async () => {
      const srv = keep(await startHttpServer((_q, res) => res.end('plain')));
      const e = await failure(transport().get(`https://127.0.0.1:${srv.port}/`));
      assert.equal(e.kind, 'not-tls');
      assert.equal(e.message, `Get "https://127.0.0.1:${srv.port}/": http: server gave HTTP response to HTTPS client`);
    });

    it('the system store alone does not trust a private test root', async () => {
      const srv = keep(await startTlsServer(certs.server, (_q, res) => res.end('ok')));
      const empty = loadTrustStore({ env: {}, defaultFiles: [], defaultDirectories: [] });
      const e = await failure(createTransport({ trustStore: empty }).get(`https://127.0.0.1:${srv.port}/`));
      assert.equal(e.kind, 'tls-unknown-authority');
    });
  });

  describe('bounded bodies and redirects', () => {
    it('a body larger than the cap fails "too-large" (declared and chunked)', async () => {
      const srv = keep(await startHttpServer((req, res) => {
        if (req.url === '/declared') res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
        else {
          res.writeHead(200);
          for (let i = 0; i < 10; i++) res.write('y'.repeat(500));
          res.end();
        }
      }));
      const t = transport();
      assert.equal((await failure(t.get(`${srv.url}/declared`, { maxBytes: 1000 }))).kind, 'too-large');
      assert.equal((await failure(t.get(`${srv.url}/chunked`, { maxBytes: 1000 }))).kind, 'too-large');
      assert.equal((await t.get(`${srv.url}/chunked`, { maxBytes: 5000 })).body.length, 5000);
    });

    it('an error page larger than the cap still gives its status, with the head of the page (as Go reports it)', async () => {
      const page = 'not here\n' + 'z'.repeat(20_000);
      const srv = keep(await startHttpServer((req, res) => {
        if (req.url === '/declared') res.writeHead(404, { 'content-type': 'text/plain', 'content-length': String(page.length) }).end(page);
        else {
          res.writeHead(410, { 'content-type': 'text/plain' });
          for (let i = 0; i < page.length; i += 1000) res.write(page.slice(i, i + 1000));
          res.end();
        }
      }));
      const t = transport();
      const declared = await t.get(`${srv.url}/declared`, { maxBytes: 1000 });
      assert.equal(declared.status, 404);
      assert.equal(Buffer.from(declared.body).toString(), page.slice(0, 1000));
      const chunked = await t.get(`${srv.url}/chunked`, { maxBytes: 1000 });
      assert.equal(chunked.status, 410);
      assert.equal(Buffer.from(chunked.body).toString(), page.slice(0, 1000));
      // The connection is not left half-read: the next request on the same transport works.
      assert.equal((await t.get(`${srv.url}/declared`, { maxBytes: 100_000 })).body.length, page.length);
    });

    it('an https -> http redirect is refused, in Go\'s words', async () => {
      const plain = keep(await startHttpServer((_q, res) => res.end('insecure')));
      const srv = keep(await startTlsServer(certs.server, (_q, res) => res.writeHead(302, { location: `${plain.url}/latest` }).end()));
      const e = await failure(transport().get(`https://127.0.0.1:${srv.port}/latest`));
      assert.equal(e.kind, 'redirect-refused');
      assert.equal(e.message, `Get "${plain.url}/latest": redirected from secure URL https://127.0.0.1:${srv.port}/latest to insecure URL ${plain.url}/latest`);
      assert.deepEqual(plain.requests, [], 'the insecure URL was never fetched');
    });

    it('http redirects are followed, at most 10 times', async () => {
      const srv = keep(await startHttpServer((req, res) => {
        const n = Number(req.url!.slice(1));
        if (req.url === '/final') res.end('done');
        else res.writeHead(302, { location: n >= 3 && n < 100 ? '/final' : `/${n + 1}` }).end();
      }));
      const t = transport();
      const ok = await t.get(`${srv.url}/1`);
      assert.equal(Buffer.from(ok.body).toString(), 'done');
      assert.deepEqual(ok.redirects, [`${srv.url}/1`, `${srv.url}/2`, `${srv.url}/3`]);
      const e = await failure(t.get(`${srv.url}/100`));
      assert.equal(e.kind, 'redirect-refused');
      assert.match(e.message, /stopped after 10 redirects$/);
    });
  });

  describe('proxies, by Go\'s rules', () => {
    it('HTTPS_PROXY tunnels a request for a non-loopback name through CONNECT', async () => {
      const srv = keep(await startTlsServer(certs.server, (_q, res) => res.end('through the proxy')));
      const proxy = keep(await startConnectProxy({ names: ['sum.golang.org'] }));
      const t = transport({ env: { HTTPS_PROXY: proxy.url }, resolve: loopbackResolver([]) });
      const res = await t.get(`https://sum.golang.org:${srv.port}/latest`);
      assert.equal(Buffer.from(res.body).toString(), 'through the proxy');
      assert.deepEqual(proxy.tunnels, [`sum.golang.org:${srv.port}`]);
      assert.equal(res.proxy, proxy.url + '/');
    });

    it('NO_PROXY bypasses the proxy for a matching name', async () => {
      const srv = keep(await startTlsServer(certs.server, (_q, res) => res.end('direct')));
      const proxy = keep(await startConnectProxy({ names: ['sum.golang.org'] }));
      const t = transport({ env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'golang.org' } });
      const res = await t.get(`https://sum.golang.org:${srv.port}/latest`);
      assert.equal(Buffer.from(res.body).toString(), 'direct');
      assert.deepEqual(proxy.tunnels, []);
    });

    it('loopback addresses are never proxied, whatever the settings say', async () => {
      const srv = keep(await startHttpServer((_q, res) => res.end('local')));
      const proxy = keep(await startConnectProxy());
      const t = transport({ env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } });
      await t.get(`${srv.url}/x`);
      await t.get(`http://localhost:${srv.port}/x`);
      assert.deepEqual(proxy.tunnels, []);
    });

    it('HTTP_PROXY sends plain http requests in absolute form', async () => {
      const srv = keep(await startHttpServer((req, res) => res.end(`host ${req.headers.host}`)));
      const proxy = keep(await startConnectProxy({ names: ['goproxy.test'] }));
      const t = transport({ env: { HTTP_PROXY: proxy.url } });
      const res = await t.get(`http://goproxy.test:${srv.port}/sumdb/sum.golang.org/supported`);
      assert.equal(Buffer.from(res.body).toString(), `host goproxy.test:${srv.port}`);
      assert.deepEqual(proxy.tunnels, [`http://goproxy.test:${srv.port}/sumdb/sum.golang.org/supported`]);
    });

    it("VS Code's http.proxy is used when given explicitly", async () => {
      const srv = keep(await startTlsServer(certs.server, (_q, res) => res.end('ok')));
      const proxy = keep(await startConnectProxy({ names: ['sum.golang.org'] }));
      const res = await transport({ proxy: proxy.url }).get(`https://sum.golang.org:${srv.port}/`);
      assert.equal(res.status, 200);
      assert.equal(proxy.tunnels.length, 1);
    });

    it('a proxy that refuses the tunnel fails "refused" with the status text, and names the proxy', async () => {
      const proxy = keep(await startConnectProxy({ refuseWith: 403 }));
      const e = await failure(transport({ env: { HTTPS_PROXY: proxy.url } }).get('https://sum.golang.org/latest'));
      assert.equal(e.kind, 'refused');
      assert.equal(e.detail.proxyStatus, 403);
      assert.equal(e.detail.proxy, proxy.url + '/');
      assert.equal(e.message, 'Get "https://sum.golang.org/latest": Forbidden');
    });

    it('a proxy that is down fails "refused" with Go\'s proxyconnect prefix', async () => {
      const port = await closedPort();
      const e = await failure(transport({ env: { HTTPS_PROXY: `127.0.0.1:${port}` } }).get('https://sum.golang.org/latest'));
      assert.equal(e.kind, 'refused');
      assert.equal(e.message, `Get "https://sum.golang.org/latest": proxyconnect tcp: dial tcp 127.0.0.1:${port}: connect: connection refused`);
    });
  });

  describe('inspecting a TLS endpoint', () => {
    it('reports addresses, version, ALPN, the chain with fingerprints, and that it verifies', async () => {
      const srv = keep(await startH2Server(certs.server, (_q, res) => res.end()));
      const info = await inspectTls('sum.golang.org', srv.port, { trustStore: trusted, resolve: loopbackResolver(NAMES) });
      assert.deepEqual(info.addresses, ['127.0.0.1']);
      assert.equal(info.alpn, 'h2');
      assert.match(info.protocol, /^TLSv1\.[23]$/);
      assert.equal(info.verified, true);
      assert.equal(info.chain[0].subjectCN, '127.0.0.1');
      assert.equal(info.chain[0].issuerCN, 'Test Root CA');
      assert.match(info.chain[0].fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      assert.ok(info.chain[0].subjectAltNames.includes('sum.golang.org'));
      assert.match(info.store, /SSL_CERT_FILE=.*root-bundle\.pem \(1 certificate\)/);
    });

    it('a re-signed chain is reported unverified, with Corp-Proxy-CA as issuer', async () => {
      const srv = keep(await startTlsServer(certs.corpServer, (_q, res) => res.end()));
      const info = await inspectTls('sum.golang.org', srv.port, { trustStore: trusted, resolve: loopbackResolver(NAMES) });
      assert.equal(info.verified, false);
      assert.equal(info.failure?.kind, 'tls-unknown-authority');
      assert.equal(info.chain[0].issuerCN, 'Corp-Proxy-CA');
    });

    it('reports a Common-Name-only certificate with the words a lookup fails with', async () => {
      const srv = keep(await startTlsServer(certs.commonNameOnly, (_q, res) => res.end()));
      const info = await inspectTls('sum.golang.org', srv.port, { trustStore: trusted, resolve: loopbackResolver(NAMES) });
      assert.equal(info.verified, false);
      assert.equal(info.failure?.kind, 'tls-name-mismatch');
      const lookup = await failure(transport().get(`https://sum.golang.org:${srv.port}/latest`));
      assert.equal(`Get "https://sum.golang.org:${srv.port}/latest": ${info.failure?.message}`, lookup.message);
      assert.match(info.failure!.message, /legacy Common Name field, use SANs instead$/);
    });

    it('once the corporate root is installed via extra CA certificates, the same chain verifies', async () => {
      const srv = keep(await startTlsServer(certs.corpServer, (_q, res) => res.end()));
      const store = loadTrustStore({ env: { SSL_CERT_FILE: certs.rootBundlePath }, defaultDirectories: [], extraCACertificates: [certs.corpCA.certPath] });
      assert.equal(store.extraCount, 1);
      const info = await inspectTls('sum.golang.org', srv.port, { trustStore: store, resolve: loopbackResolver(NAMES) });
      assert.equal(info.verified, true);
    });
  });

  describe('the trust store Go would use', () => {
    it('SSL_CERT_FILE replaces the bundle list; SSL_CERT_DIR is a colon list; same-directory symlinks are skipped', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gosum-store-'));
      try {
        const a = path.join(dir, 'a');
        const b = path.join(dir, 'b');
        fs.mkdirSync(a);
        fs.mkdirSync(b);
        fs.writeFileSync(path.join(a, 'root.pem'), certs.rootCA.cert);
        fs.symlinkSync('root.pem', path.join(a, 'abcd1234.0'));
        fs.writeFileSync(path.join(b, 'corp.pem'), certs.corpCA.cert);
        fs.writeFileSync(path.join(b, 'junk.txt'), 'not a certificate');
        const store = loadTrustStore({ env: { SSL_CERT_FILE: path.join(dir, 'missing.pem'), SSL_CERT_DIR: `${a}:${b}:${path.join(dir, 'nope')}` } });
        assert.equal(store.file, undefined);
        assert.equal(store.fileFrom, 'SSL_CERT_FILE');
        assert.deepEqual(store.directories, [a, b]);
        assert.equal(store.certificates.length, 2);
        assert.equal(store.description, `SSL_CERT_FILE=${path.join(dir, 'missing.pem')} + SSL_CERT_DIR=${a}:${b}:${path.join(dir, 'nope')} (2 certificates)`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('without SSL_CERT_FILE the first OS bundle that exists is used', () => {
      const store = loadTrustStore({ env: {}, defaultFiles: ['/nonexistent/bundle.crt', certs.rootBundlePath, certs.corpCA.certPath], defaultDirectories: [] });
      assert.equal(store.file, certs.rootBundlePath);
      assert.equal(store.fileFrom, 'os-default');
      assert.equal(store.certificates.length, 1);
    });
  });
});
