// A SOCKS5 proxy in HTTPS_PROXY / HTTP_PROXY, as Go's net/http uses one: the target's NAME goes to the proxy
// (nothing is resolved here), user and password from the URL (RFC 1929), our TLS checks on the tunnelled
// connection, and every failure worded as golang.org/x/net/internal/socks words it — checked against the real go.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { probe } from '../../server/src/diagnosis/probe';
import { presentedRoot } from '../../server/src/diagnosis/presentedRoot';
import { inspectTls } from '../../server/src/transport/inspectTls';
import { createTransport, TransportOptions } from '../../server/src/transport/http';
import { loadTrustStore, TrustStore } from '../../server/src/transport/trustStore';
import { checkProxyAddress } from '../../server/src/shared/proxyAddress';
import { testCertificates } from '../support/certs';
import { closedPort } from '../support/faultServers';
import { goOnPath, resolvedEnv } from '../support/goEnv';
import { startSocks5Server, Socks5Server } from '../support/socks5Server';
import { startSumdbServer, SumdbServer } from '../support/sumdbServer';
import { transportFailure as failure } from '../support/transportFailure';
import { realClock } from '../../server/src/sumdb/clock';

const LINES = [
  'example.com/greet v1.1.0 h1:FLw6HimBtxvzbERbWR2s9NMMFXIWPgttQR5Va6mwAOk=',
  'example.com/greet v1.1.0/go.mod h1:DMTTonx5m65Ic0GOoRY2c16WCbHxOOw6xxezuLaBpcU=',
];

describe('a SOCKS5 proxy, the way Go uses one', function () {
  this.timeout(30_000);
  const certs = testCertificates();
  const trusted: TrustStore = loadTrustStore({ env: { SSL_CERT_FILE: certs.rootBundlePath }, defaultDirectories: [] });
  const closers: (() => Promise<void>)[] = [];
  const keep = <T extends { close(): Promise<void> }>(s: T): T => (closers.push(() => s.close()), s);
  after(async () => {
    for (const c of closers.reverse()) await c();
  });

  /** Names our side was asked to resolve: through SOCKS5 there must be none (the proxy resolves). */
  const looked: string[] = [];
  const noLocalDns = async (host: string): Promise<string[]> => {
    looked.push(host);
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  };
  const transport = (proxy: string, o: TransportOptions = {}) =>
    keep(createTransport({ trustStore: trusted, resolve: noLocalDns, env: { HTTPS_PROXY: proxy, HTTP_PROXY: proxy }, ...o }));

  let plain: SumdbServer;
  let secure: SumdbServer;
  before(async () => {
    plain = keep(await startSumdbServer({ goSumLines: LINES }));
    secure = keep(await startSumdbServer({ goSumLines: LINES, tls: { cert: certs.server.cert, key: certs.server.key, http2: true } }));
  });
  const portOf = (s: SumdbServer) => Number(new URL(s.url).port);
  const socks = async (o: Parameters<typeof startSocks5Server>[0] = {}): Promise<Socks5Server> =>
    keep(await startSocks5Server({ names: ['sumdb.test', 'other.test'], ...o }));

  describe('lookups through it', () => {
    it('over HTTP: the proxy is asked for the database by name, and the request goes in origin form to the database', async () => {
      const proxy = await socks();
      looked.length = 0;
      const res = await transport(proxy.url).get(`http://sumdb.test:${portOf(plain)}/lookup/example.com/greet@v1.1.0`);
      assert.equal(res.status, 200);
      assert.match(Buffer.from(res.body).toString(), /^\d+\nexample\.com\/greet v1\.1\.0 h1:FLw6/);
      assert.deepEqual(proxy.requests, [{ methods: [0], addressType: 3, host: 'sumdb.test', port: portOf(plain) }]);
      assert.deepEqual(looked, [], 'nothing resolved locally');
      assert.equal(plain.requests.at(-1), '/lookup/example.com/greet@v1.1.0', 'origin form, not an absolute URL');
      assert.equal(res.proxy, proxy.url + '');
    });

    it('over HTTPS with a user and password: RFC 1929 credentials, the name in CONNECT, and the certificate checked for that name', async () => {
      const proxy = await socks({ credentials: { username: 'gopher', password: 'p@ss:word' } });
      assert.equal(proxy.url, `socks5://gopher:p%40ss%3Aword@127.0.0.1:${proxy.port}`);
      const t = transport(proxy.url);
      const latest = await t.get(`https://sumdb.test:${portOf(secure)}/latest`);
      assert.equal(latest.status, 200);
      assert.match(Buffer.from(latest.body).toString(), /^go\.sum database tree\n1\n/);
      const lookup = await t.get(`https://sumdb.test:${portOf(secure)}/lookup/example.com/greet@v1.1.0`);
      assert.equal(lookup.status, 200);
      assert.deepEqual(proxy.requests, [{ methods: [0, 2], username: 'gopher', password: 'p@ss:word', addressType: 3, host: 'sumdb.test', port: portOf(secure) }],
        'two requests, one tunnel kept alive');
    });

    it('an IP literal target is sent as an address, not a name', async () => {
      const proxy = await socks();
      // Loopback is never proxied (Go's rule): a documentation address stands in, which the test proxy cannot reach.
      const err = await failure(transport(proxy.url).get('https://192.0.2.7/latest'));
      assert.deepEqual(proxy.requests.map((r) => [r.addressType, r.host, r.port]), [[1, '192.0.2.7', 443]]);
      assert.equal(err.message, `Get "https://192.0.2.7/latest": socks connect tcp 127.0.0.1:${proxy.port}->192.0.2.7:443: unknown error host unreachable`);
    });

    it('an IPv6 literal goes as 16 bytes, and an IPv4-mapped one as its IPv4 address, as Go\'s ip.To4 sends it', async () => {
      const proxy = await socks();
      await failure(transport(proxy.url).get('https://[2001:db8::7]/latest'));
      await failure(transport(proxy.url).get('https://[::ffff:192.0.2.7]/latest'));
      assert.deepEqual(proxy.requests.map((r) => [r.addressType, r.host]), [[4, '2001:db8:0:0:0:0:0:7'], [1, '192.0.2.7']]);
    });

    it('a tunnelled certificate for another name is refused with Go\'s x509 text, as without the proxy', async () => {
      const proxy = await socks();
      const err = await failure(transport(proxy.url).get(`https://other.test:${portOf(secure)}/latest`));
      assert.equal(err.kind, 'tls-name-mismatch');
      assert.match(err.message, /^Get "https:\/\/other\.test:\d+\/latest": tls: failed to verify certificate: x509: certificate is valid for .*sumdb\.test.*, not other\.test$/);
      assert.equal(err.detail.proxy, proxy.url + '');
    });

    it('a tunnelled certificate from an unknown authority is refused, and the probe keeps its DER from the one handshake', async () => {
      const proxy = await socks();
      const empty = loadTrustStore({ env: { SSL_CERT_FILE: '/nonexistent' }, defaultDirectories: [] });
      const err = await failure(transport(proxy.url, { trustStore: empty }).get(`https://sumdb.test:${portOf(secure)}/latest`));
      assert.equal(err.kind, 'tls-unknown-authority');
      assert.equal(err.message, `Get "https://sumdb.test:${portOf(secure)}/latest": tls: failed to verify certificate: x509: certificate signed by unknown authority`);
      const info = await inspectTls('sumdb.test', portOf(secure), { trustStore: empty, resolve: noLocalDns, proxy: new URL(proxy.url) });
      assert.equal(info.verified, false);
      assert.equal(info.certificates.length, info.chain.length);
      const root = presentedRoot(info);
      assert.ok(root);
      assert.equal(root.fingerprint256, info.chain.at(-1)!.fingerprint256);
      assert.equal(root.pem.replace(/\s+/g, ''), certs.server.cert.replace(/\s+/g, ''), 'the server sent only its leaf: that leaf, byte for byte');
    });
  });

  describe('failures, in Go\'s words', () => {
    it('the proxy refuses the connection: proxyconnect tcp: dial tcp ...: connection refused', async () => {
      const port = await closedPort();
      const err = await failure(transport(`socks5://127.0.0.1:${port}`).get('https://sumdb.test/latest'));
      assert.equal(err.kind, 'refused');
      assert.equal(err.message, `Get "https://sumdb.test/latest": proxyconnect tcp: dial tcp 127.0.0.1:${port}: connect: connection refused`);
    });

    it('the proxy rejects the user and password', async () => {
      const proxy = await socks({ credentials: { username: 'gopher', password: 'right' }, mode: { kind: 'reject-auth' } });
      const url = `socks5://gopher:wrong@127.0.0.1:${proxy.port}`;
      const err = await failure(transport(url).get(`https://sumdb.test:${portOf(secure)}/latest`));
      assert.equal(err.kind, 'refused');
      assert.equal(err.message, `Get "https://sumdb.test:${portOf(secure)}/latest": socks connect tcp 127.0.0.1:${proxy.port}->sumdb.test:${portOf(secure)}: username/password authentication failed`);
      assert.deepEqual(err.detail.socks, { stage: 'auth' });
      assert.equal(proxy.requests[0].password, 'wrong');
    });

    it('the proxy wants credentials we do not have: no acceptable authentication methods', async () => {
      const proxy = await socks({ credentials: { username: 'gopher', password: 'right' } });
      const err = await failure(transport(`socks5://127.0.0.1:${proxy.port}`).get(`http://sumdb.test:${portOf(plain)}/latest`));
      assert.equal(err.message, `Get "http://sumdb.test:${portOf(plain)}/latest": socks connect tcp 127.0.0.1:${proxy.port}->sumdb.test:${portOf(plain)}: no acceptable authentication methods`);
      assert.deepEqual(err.detail.socks, { stage: 'greeting' });
    });

    const REPLIES: [number, string, string][] = [
      [1, 'general SOCKS server failure', 'other'],
      [2, 'connection not allowed by ruleset', 'refused'],
      [3, 'network unreachable', 'refused'],
      [4, 'host unreachable', 'refused'],
      [5, 'connection refused', 'refused'],
      [6, 'TTL expired', 'other'],
      [7, 'command not supported', 'other'],
      [8, 'address type not supported', 'other'],
      [9, 'unknown code: 9', 'other'],
    ];
    for (const [code, text, kind] of REPLIES) {
      it(`the proxy answers CONNECT with reply ${code}: "unknown error ${text}"`, async () => {
        const proxy = await socks({ mode: { kind: 'reply', code } });
        const err = await failure(transport(proxy.url).get(`https://sumdb.test:${portOf(secure)}/latest`));
        assert.equal(err.message, `Get "https://sumdb.test:${portOf(secure)}/latest": socks connect tcp 127.0.0.1:${proxy.port}->sumdb.test:${portOf(secure)}: unknown error ${text}`);
        assert.equal(err.kind, kind);
        assert.deepEqual(err.detail.socks, { stage: 'connect', reply: code });
      });
    }

    it('the proxy accepts and never answers: the dial times out reading from it', async () => {
      const proxy = await socks({ mode: { kind: 'stall' } });
      const err = await failure(transport(proxy.url, { timeouts: { connectMs: 300 } }).get(`https://sumdb.test:${portOf(secure)}/latest`));
      assert.equal(err.kind, 'timeout');
      assert.equal(err.detail.phase, 'connect');
      assert.match(err.message, new RegExp(`^Get "https://sumdb\\.test:${portOf(secure)}/latest": socks connect tcp 127\\.0\\.0\\.1:${proxy.port}->sumdb\\.test:${portOf(secure)}: read tcp 127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:${proxy.port}: i/o timeout$`));
    });
  });

  describe('the probe names the SOCKS hop', () => {
    it('through a working proxy: verified, and the connect step says the proxy resolves the database name', async () => {
      const proxy = await socks();
      const r = await probe({ clock: realClock, transport: { resolve: noLocalDns }, env: resolvedEnv({ GOSUMDB: `${secure.verifierKey} https://sumdb.test:${portOf(secure)}`, GOPROXY: 'off', SSL_CERT_FILE: certs.rootBundlePath, HTTPS_PROXY: proxy.url }) });
      assert.equal(r.scenario, 'ok', JSON.stringify(r.steps, null, 1));
      const connect = r.steps.find((s) => s.name === 'connect')!;
      assert.match(connect.detail, new RegExp(`through the SOCKS5 proxy socks5://127\\.0\\.0\\.1:${proxy.port}, which looks up sumdb\\.test itself`));
      assert.equal(r.steps.find((s) => s.name === 'dns')!.target, `127.0.0.1:${proxy.port}`, 'only the proxy\'s own address is looked up');
    });

    it('a proxy that cannot reach the database: blocked, the failed step is the proxy\'s way to the database, and no password is shown', async () => {
      const proxy = await socks({ credentials: { username: 'gopher', password: 'hunter2' }, mode: { kind: 'reply', code: 5 } });
      const r = await probe({ clock: realClock, transport: { resolve: noLocalDns }, env: resolvedEnv({ GOSUMDB: `${secure.verifierKey} https://sumdb.test:${portOf(secure)}`, GOPROXY: 'off', SSL_CERT_FILE: certs.rootBundlePath, HTTPS_PROXY: proxy.url }) });
      assert.equal(r.scenario, 'blocked');
      const connect = r.steps.find((s) => s.name === 'connect')!;
      assert.equal(connect.ok, false);
      assert.equal(connect.target, `sumdb.test:${portOf(secure)}`);
      assert.match(connect.detail, new RegExp(`^the SOCKS5 proxy socks5://127\\.0\\.0\\.1:${proxy.port} failed at connecting to sumdb\\.test:${portOf(secure)} for us: .*socks connect tcp .*: unknown error connection refused$`));
      assert.doesNotMatch(JSON.stringify(r.steps), /hunter2/);
      assert.match(r.goError ?? '', /socks connect tcp 127\.0\.0\.1:\d+->sumdb\.test:\d+: unknown error connection refused/);
    });

    it('an intercepted database behind the proxy: the corporate root comes from the one TLS handshake, not a second', async () => {
      const corp = keep(await startSumdbServer({ goSumLines: LINES, tls: { cert: certs.corpServer.cert + certs.corpCA.cert, key: certs.corpServer.key } }));
      const proxy = await socks();
      const r = await probe({ clock: realClock, transport: { resolve: noLocalDns }, env: resolvedEnv({ GOSUMDB: `${corp.verifierKey} https://sumdb.test:${portOf(corp)}`, GOPROXY: 'off', SSL_CERT_FILE: certs.rootBundlePath, HTTPS_PROXY: proxy.url }) });
      assert.equal(r.scenario, 'tls-intercepted');
      const fix = r.fixes.find((f) => f.certificate);
      assert.ok(fix?.certificate, JSON.stringify(r.fixes));
      assert.equal(fix.certificate.pem.replace(/\s+/g, ''), certs.corpCA.cert.replace(/\s+/g, ''));
      assert.equal(fix.certificate.position, 'root');
      assert.equal(proxy.requests.length, 1, 'one connection to the database, through the proxy');
      assert.equal(corp.requests.length, 0, 'nothing was sent over the untrusted connection');
    });

    it('a proxy that rejects the password: the failed step is the proxy itself', async () => {
      const proxy = await socks({ mode: { kind: 'reject-auth' } });
      const r = await probe({ clock: realClock, transport: { resolve: noLocalDns }, env: resolvedEnv({ GOSUMDB: `${plain.verifierKey} http://sumdb.test:${portOf(plain)}`, GOPROXY: 'off', HTTP_PROXY: `socks5://u:p@127.0.0.1:${proxy.port}` }) });
      assert.equal(r.scenario, 'blocked');
      const connect = r.steps.find((s) => s.name === 'connect')!;
      assert.equal(connect.target, `127.0.0.1:${proxy.port}`);
      assert.match(connect.detail, /failed at the user name and password check: .*username\/password authentication failed$/);
    });
  });

  it('a socks5 address the user types is accepted as Go reads it', () => {
    assert.deepEqual(checkProxyAddress('socks5://gopher:pw@proxy.corp.example:1080'), {
      ok: true, url: 'socks5://gopher:pw@proxy.corp.example:1080', scheme: 'socks5', host: 'proxy.corp.example', port: '1080', go: { scheme: 'socks5', host: 'proxy.corp.example:1080' },
    });
    const long = 'x'.repeat(256);
    const refused = checkProxyAddress(`socks5://${long}:pw@proxy.corp.example`);
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.reason, /invalid username\/password/);
  });

  describe('the real go command agrees', function () {
    const haveGo = goOnPath();

    for (const [name, mode, user] of [
      ['a "host unreachable" reply', { kind: 'reply', code: 4 }, ''],
      ['a rejected password', { kind: 'reject-auth' }, 'gopher:wrong@'],
      ['a proxy that resets the connection', { kind: 'reset' }, ''],
      // url.Parse makes %E9 that byte, no UTF-8; Go sends the user's and password's bytes as they are.
      ['a user and password with bytes that are no UTF-8 (%E9), rejected', { kind: 'reject-auth' }, 'g%E9:%E9x%C3%A9@'],
    ] as const) {
      it(`${name}: go and we print the same error`, async function () {
        this.timeout(60_000);
        if (!haveGo) this.skip();
        const proxy = await socks({ mode });
        const proxyUrl = `socks5://${user}127.0.0.1:${proxy.port}`;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socks-go-'));
        try {
          // Asynchronously: the proxy answering go runs in this process.
          const stderr = await new Promise<string>((resolve) => {
            execFile('go', ['list', '-m', 'example.com/m@v1.0.0'], {
              cwd: dir, encoding: 'utf8', timeout: 30_000,
              env: { PATH: process.env.PATH, HOME: dir, GOPATH: path.join(dir, 'gopath'), GOMODCACHE: path.join(dir, 'mc'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local', GOSUMDB: 'off', GOPROXY: 'https://goproxy.test', HTTPS_PROXY: proxyUrl },
            }, (_err, _stdout, err) => resolve(err));
          });
          const url = 'https://goproxy.test/example.com/m/@v/v1.0.0.info';
          const ours = await failure(transport(proxyUrl).get(url));
          // Only the local ports differ (each side dialled the proxy from its own).
          const anyLocalPort = (text: string) => text.replace(/read tcp 127\.0\.0\.1:\d+->/g, 'read tcp 127.0.0.1:PORT->');
          assert.equal(anyLocalPort(stderr.trim()), anyLocalPort(`go: example.com/m@v1.0.0: ${ours.message}`));
          assert.equal(proxy.requests.length, 2, 'go and we both went through the proxy');
          assert.equal(proxy.requests[1].username, proxy.requests[0].username, 'the same user name bytes');
          assert.equal(proxy.requests[1].password, proxy.requests[0].password, 'the same password bytes');
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
});
