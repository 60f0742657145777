// The go command's error, predicted: for every failure kind, the text we quote is the text the go command prints
// (its module@version is the user's own), and check and probe name the same scenario. Pure cases compare with
// go1.23's recorded output (test/fixtures copy of the reference); the rest run /usr/bin/go against servers and
// proxies on 127.0.0.1 (names like sumdb.test reach loopback only through our test proxies, which Go does use:
// its proxy rule skips "localhost" and loopback addresses, not other names).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { ScenarioReport } from '../../server/src/audit/verdict';
import type { ProbeReport } from '../../server/src/diagnosis/probeReport';
import { diagnose } from '../../server/src/diagnosis/diagnose';
import { goRouteOf, goStepOf, predictGoError, reasonFor } from '../../server/src/diagnosis/goPrediction';
import { failureEvidence } from '../../server/src/diagnosis/failureEvidence';
import { probe } from '../../server/src/diagnosis/probe';
import { auditSetup, parse } from '../support/auditSetup';
import { testCertificates } from '../support/certs';
import { closedPort, loopbackResolver, startConnectProxy, startHttpServer, startResetServer, startStallServer, startTlsServer, type Handler } from '../support/faultServers';
import { goOnPath, localGoVersion, resolvedEnv } from '../support/goEnv';
import { startGoproxyServer, type GoproxyServer } from '../support/goproxyServer';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { GREET, goModDownload, MODULES } from '../support/goModDownload';
import { realClock } from '../../server/src/sumdb/clock';
import { DatabaseBase } from '../../server/src/sumdb/databaseBase';
import { parseGoUrl } from '../../server/src/shared/goUrl';

function goUrl(text: string) {
  const parsed = parseGoUrl(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.url;
}

describe('predicting the go command\'s error', () => {
  describe('without servers (go1.23.5 output recorded in /work/shared/reference/go-error-messages.md)', () => {
    it('a database that refuses the connection: Go quotes its /lookup/M@V, not our first request', () => {
      const got = predictGoError({ step: 'database', url: 'http://127.0.0.1:34025/latest', reason: 'dial tcp 127.0.0.1:34025: connect: connection refused' }, {}, GREET);
      assert.equal(got, 'go: example.com/greet@v1.1.0: verifying go.mod: example.com/greet@v1.1.0/go.mod: Get "http://127.0.0.1:34025/lookup/example.com/greet@v1.1.0": dial tcp 127.0.0.1:34025: connect: connection refused');
    });

    it('a GOPROXY that fails: Go stops earlier, on the module\'s .mod', () => {
      const route = goRouteOf({ GOPROXY: 'http://127.0.0.1:34025' });
      const url = 'http://127.0.0.1:34025/sumdb/sumdb.test/supported';
      assert.equal(goStepOf('proxy', url, route), 'module');
      assert.equal(predictGoError({ step: 'module', url, reason: 'dial tcp 127.0.0.1:34025: connect: connection refused' }, route, GREET),
        'go: example.com/greet@v1.1.0: Get "http://127.0.0.1:34025/example.com/greet/@v/v1.1.0.mod": dial tcp 127.0.0.1:34025: connect: connection refused');
    });

    it('an unknown authority, worded per release: go1.20+ adds "tls: failed to verify certificate: "', () => {
      const reason = 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
      const failure = { step: 'database' as const, url: 'https://127.0.0.1:44857/latest', reason };
      assert.equal(predictGoError(failure, {}, GREET), 'go: example.com/greet@v1.1.0: verifying go.mod: example.com/greet@v1.1.0/go.mod: Get "https://127.0.0.1:44857/lookup/example.com/greet@v1.1.0": tls: failed to verify certificate: x509: certificate signed by unknown authority');
      assert.equal(reasonFor(reason, 'go1.19.8'), 'x509: certificate signed by unknown authority');
      assert.equal(reasonFor(reason, 'go1.23.5'), reason);
    });

    it('a name that does not resolve, through a proxy\'s /sumdb/<name>: the URL keeps the proxy and escapes the path', () => {
      const route = goRouteOf({ GOPROXY: 'https://goproxy.test,direct' }, DatabaseBase.throughProxy(goUrl('https://goproxy.test'), 'sum.golang.org'));
      const got = predictGoError({ step: 'database', url: 'https://goproxy.test/sumdb/sum.golang.org/tile/8/0/000', reason: 'dial tcp: lookup goproxy.test: no such host' },
        route, { module: 'github.com/BurntSushi/toml', version: 'v1.0.0' });
      assert.equal(got, 'go: github.com/BurntSushi/toml@v1.0.0: verifying go.mod: github.com/BurntSushi/toml@v1.0.0/go.mod: Get "https://goproxy.test/sumdb/sum.golang.org/lookup/github.com/!burnt!sushi/toml@v1.0.0": dial tcp: lookup goproxy.test: no such host');
    });

    it('a timeout keeps net/http\'s words', () => {
      const got = predictGoError({ step: 'database', url: 'https://sum.golang.org/latest', reason: 'net/http: TLS handshake timeout' }, { database: DatabaseBase.parse('https://sum.golang.org') }, GREET);
      assert.match(got, /Get "https:\/\/sum\.golang\.org\/lookup\/example\.com\/greet@v1\.1\.0": net\/http: TLS handshake timeout$/);
    });

    it('a proxy refusal names the proxy and its status; 407 asks for credentials, 403 for the admin, and another GOPROXY is offered', () => {
      const ctx = { database: 'sum.golang.org', env: { HTTPS_PROXY: 'http://corp:3128', GOPROXY: 'https://proxy.golang.org,direct' } };
      for (const [status, text] of [[407, 'Proxy Authentication Required'], [403, 'Forbidden']] as const) {
        const ev = failureEvidence({ role: 'database', url: 'https://sum.golang.org/latest', kind: 'refused', goError: `Get "https://sum.golang.org/latest": ${text}`,
          detail: { proxy: 'http://user:secret@corp:3128', proxyStatus: status } });
        const d = diagnose([ev], ctx, GREET);
        assert.equal(d.scenario, 'blocked');
        assert.match(d.explanation, new RegExp(`http://corp:3128 .*sum\\.golang\\.org:443.*${status} \\(${text}\\)`));
        assert.doesNotMatch(d.explanation + JSON.stringify(d.fixes), /secret/);
        assert.equal(d.fixes.length, 2);
        if (status === 407) assert.equal(d.fixes[0].ask?.variable, 'HTTPS_PROXY');
        else assert.ok(d.fixes[0].advice?.includes('sum.golang.org:443') && !d.fixes[0].ask);
        assert.deepEqual(d.fixes[1].env, { GOPROXY: 'https://goproxy.cn,direct' });
      }
    });
  });

  describe('against the go command on 127.0.0.1', function () {
    this.timeout(120_000);
    const certs = testCertificates();
    const closers: (() => Promise<void> | void)[] = [];
    let gp: GoproxyServer;
    let db: SumdbServer;
    let dbPort: string;

    before(async function () {
      if (!goOnPath()) this.skip();
      gp = await startGoproxyServer(MODULES);
      db = await startSumdbServer({ goSumLines: gp.goSumLines, tls: { cert: certs.server.cert, key: certs.server.key } });
      dbPort = new URL(db.url).port;
      closers.push(() => gp.close(), () => db.close());
    });
    after(async () => {
      for (const c of closers.reverse()) await c();
    });
    async function keep<T extends { close(): Promise<void> }>(s: Promise<T>): Promise<T> {
      const r = await s;
      closers.push(() => r.close());
      return r;
    }

    /** probe and check on the same settings, with a go.sum holding greet's lines. */
    async function oursFor(env: Record<string, string>): Promise<{ probe: { scenario: string; goError?: string }; check: { scenario?: string; goError?: string } }> {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goprediction-sum-'));
      closers.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      fs.writeFileSync(path.join(dir, 'go.sum'), gp.goSumLines.join('\n') + '\n');
      const resolve = loopbackResolver([]);
      // As shipped: both learn the release of the go command found on PATH (its $GOROOT/VERSION) and word Go's errors in it.
      const p = await probe({ clock: realClock, dir, env: resolvedEnv({ ...env, GOFLAGS: '' }), goVersion: await localGoVersion(), transport: { resolve }, confirmWithGo: false, budgetMs: 15_000 });
      const a = await auditSetup({ ...env, PATH: process.env.PATH ?? '' }, { transportOptions: { resolve, timeoutMs: 5000 } });
      try {
        const r = await a.auditor.audit(parse(gp.goSumLines));
        return { probe: { scenario: p.scenario, goError: p.goError }, check: { scenario: r.scenario?.scenario, goError: r.scenario?.goError } };
      } finally {
        await a.close();
      }
    }

    /** Go's text with what cannot be the same twice made equal: the clock in an expiry message. */
    const steady = (s: string | undefined) => (s ?? '').replace(/current time \S+ is/, 'current time T is');

    async function agree(env: Record<string, string>, scenario: string, goPattern: RegExp): Promise<void> {
      const [go, ours] = await Promise.all([goModDownload(env), oursFor(env)]);
      assert.match(go, goPattern);
      const goLine = go.split('\n').find((l) => l.startsWith('go: ')) ?? go;
      assert.equal(ours.probe.scenario, scenario, `probe: ${JSON.stringify(ours)}`);
      assert.equal(ours.check.scenario, scenario, `check: ${JSON.stringify(ours)}`);
      assert.equal(steady(ours.probe.goError), steady(goLine), 'probe');
      assert.equal(steady(ours.check.goError), steady(goLine), 'check');
    }

    const dbEnv = () => ({ GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} https://sumdb.test:${dbPort}`, SSL_CERT_FILE: certs.rootBundlePath });

    it('a proxy that refuses CONNECT (403): blocked, Go says "Forbidden" for its lookup', async () => {
      const deny = await keep(startConnectProxy({ names: ['sumdb.test'], refuseWith: 403 }));
      await agree({ ...dbEnv(), HTTPS_PROXY: deny.url }, 'blocked', /lookup\/example\.com\/greet@v1\.1\.0": Forbidden$/);
    });

    it('a proxy that wants credentials (407): blocked, Go says "Proxy Authentication Required"', async () => {
      const auth = await keep(startConnectProxy({ names: ['sumdb.test'], requireAuth: 'gopher:secret' }));
      await agree({ ...dbEnv(), HTTPS_PROXY: auth.url }, 'blocked', /Proxy Authentication Required$/);
    });

    it('the same proxy given the credentials in HTTPS_PROXY lets Go through', async () => {
      const auth = await keep(startConnectProxy({ names: ['sumdb.test'], requireAuth: 'gopher:secret' }));
      const env = { ...dbEnv(), HTTPS_PROXY: `http://gopher:secret@127.0.0.1:${auth.port}` };
      assert.equal(await goModDownload(env), '');
      const ours = await oursFor(env);
      assert.equal(ours.probe.scenario, 'ok');
      assert.equal(ours.check.scenario, undefined);
    });

    it('a proxy password in HTTPS_PROXY that escapes a byte that is no UTF-8 (%E9): Go sends that byte and goes through, and so do we', async () => {
      const auth = await keep(startConnectProxy({ names: ['sumdb.test'], requireAuth: Buffer.concat([Buffer.from('gopher:s'), Buffer.from([0xe9]), Buffer.from('cret')]) }));
      const env = { ...dbEnv(), HTTPS_PROXY: `http://gopher:s%E9cret@127.0.0.1:${auth.port}` };
      assert.equal(await goModDownload(env), '');
      const ours = await oursFor(env);
      assert.equal(ours.probe.scenario, 'ok');
      assert.equal(ours.check.scenario, undefined);
    });

    it('a plain-http database through an HTTP_PROXY that wants credentials: Go quotes the 407 without them, and sends those HTTP_PROXY carries', async () => {
      const plain = await keep(startSumdbServer({ goSumLines: gp.goSumLines }));
      const auth = await keep(startConnectProxy({ names: ['sumdb.test'], requireAuth: 'gopher:secret' }));
      const env = (proxy: string) => ({ GOPROXY: gp.url, GOSUMDB: `${plain.verifierKey} http://sumdb.test:${new URL(plain.url).port}`, HTTP_PROXY: proxy });
      await agree(env(auth.url), 'blocked', /reading http:\/\/sumdb\.test:\d+\/lookup\/example\.com\/greet@v1\.1\.0: 407 Proxy Authentication Required$/);
      const withCredentials = env(`http://gopher:secret@127.0.0.1:${auth.port}`);
      assert.equal(await goModDownload(withCredentials), '');
      const ours = await oursFor(withCredentials);
      assert.equal(ours.probe.scenario, 'ok');
      assert.equal(ours.check.scenario, undefined);
    });

    it('a proxy written with a port alone (":PORT"): Go goes through it on this machine, and so do we', async () => {
      const way = await keep(startConnectProxy({ names: ['sumdb.test'] }));
      const env = { ...dbEnv(), HTTPS_PROXY: `:${way.port}` };
      assert.equal(await goModDownload(env), '');
      const byGo = way.tunnels.filter((t) => t.startsWith('sumdb.test:')).length;
      assert.ok(byGo > 0, `Go's tunnels: ${way.tunnels.join(', ')}`);
      const ours = await oursFor(env);
      assert.equal(ours.probe.scenario, 'ok', JSON.stringify(ours));
      assert.equal(ours.check.scenario, undefined, JSON.stringify(ours));
      assert.ok(way.tunnels.filter((t) => t.startsWith('sumdb.test:')).length > byGo, `our tunnels: ${way.tunnels.join(', ')}`);
    });

    it('a proxy written ":PORT" where nothing listens: blocked, proxyconnect, the address named as Go names it but for its empty host', async () => {
      const port = await closedPort();
      const env = { ...dbEnv(), HTTPS_PROXY: `:${port}` };
      const [go, ours] = await Promise.all([goModDownload(env), oursFor(env)]);
      assert.match(go, new RegExp(`proxyconnect tcp: dial tcp :${port}: connect: connection refused$`));
      assert.equal(ours.probe.scenario, 'blocked');
      assert.equal(ours.check.scenario, 'blocked');
      // Go's dialer names the empty host as it was written; ours is a URL, which holds no empty host.
      const goHost = (text: string | undefined) => (text ?? '').replace(`dial tcp 127.0.0.1:${port}:`, `dial tcp :${port}:`);
      assert.equal(goHost(ours.probe.goError), go);
      assert.equal(goHost(ours.check.goError), go);
    });

    it('a root bundle with a block no one can parse beside the real root: Go skips that block and trusts the database, and so do we', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goprediction-bundle-'));
      closers.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      const bundle = path.join(dir, 'roots.pem');
      // The system roots go to TLS unparsed (transport/trustStore.ts): this holds only if TLS skips what Go skips.
      fs.writeFileSync(bundle, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n' + fs.readFileSync(certs.rootBundlePath, 'utf8'));
      const way = await keep(startConnectProxy({ names: ['sumdb.test'] }));
      const env = { ...dbEnv(), SSL_CERT_FILE: bundle, HTTPS_PROXY: way.url };
      assert.equal(await goModDownload(env), '');
      const ours = await oursFor(env);
      assert.equal(ours.probe.scenario, 'ok', JSON.stringify(ours));
      assert.equal(ours.check.scenario, undefined, JSON.stringify(ours));
    });

    it('a proxy that is down: proxyconnect', async () => {
      await agree({ ...dbEnv(), HTTPS_PROXY: `http://127.0.0.1:${await closedPort()}` }, 'blocked', /proxyconnect tcp: dial tcp 127\.0\.0\.1:\d+: connect: connection refused$/);
    });

    it('a database that refuses the connection', async () => {
      await agree({ ...dbEnv(), GOSUMDB: `${db.verifierKey} https://127.0.0.1:${await closedPort()}` }, 'blocked', /connect: connection refused$/);
    });

    /** Go's text with its own ephemeral port (and ours, in our prediction) masked. */
    const portless = (s: string | undefined) => (s ?? '').replace(/tcp 127\.0\.0\.1:\d+->/, 'tcp 127.0.0.1:PORT->');

    it('a database that resets the connection once Go sent its hello: Go reads the reset, as we predict (its own port aside)', async () => {
      const reset = await keep(startResetServer({ afterFirstBytes: true }));
      const env = { ...dbEnv(), GOSUMDB: `${db.verifierKey} https://127.0.0.1:${reset.port}` };
      const ours = await oursFor(env);
      assert.equal(ours.probe.scenario, 'blocked');
      assert.equal(ours.check.scenario, 'blocked');
      for (let i = 0; i < 3; i++) {
        const go = await goModDownload(env);
        assert.match(go, new RegExp(`": read tcp 127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:${reset.port}: read: connection reset by peer$`));
        assert.equal(portless(ours.probe.goError), portless(go), 'probe');
        assert.equal(portless(ours.check.goError), portless(go), 'check');
      }
    });

    it('a database that resets the connection as it accepts it: Go\'s phase is a race, and ours is one of the phases Go reports', async () => {
      const reset = await keep(startResetServer());
      const env = { ...dbEnv(), GOSUMDB: `${db.verifierKey} https://127.0.0.1:${reset.port}` };
      const ours = await oursFor(env);
      assert.equal(ours.probe.scenario, 'blocked');
      assert.equal(ours.check.scenario, 'blocked');
      // Whether the reset lands while Go checks its connect, or after it wrote its hello (on writing or reading),
      // is timing: go1.19.8 printed 24 dial, 5 read and 1 write in 30 runs on a quiet machine, mostly read under load.
      const at = `127.0.0.1:${reset.port}`;
      const phases = [`dial tcp ${at}: connect: connection reset by peer`, `write tcp 127.0.0.1:PORT->${at}: write: connection reset by peer`,
        `read tcp 127.0.0.1:PORT->${at}: read: connection reset by peer`];
      const head = /^.*?": /.exec(await goModDownload(env))?.[0] ?? '';
      const exactly = phases.map((p) => head + p);
      assert.ok(head.endsWith(`/lookup/example.com/greet@v1.1.0": `), head);
      for (let i = 0; i < 3; i++) {
        const go = portless(await goModDownload(env));
        assert.ok(exactly.includes(go), `go printed: ${go}`);
      }
      assert.ok(exactly.includes(portless(ours.probe.goError)), `probe: ${ours.probe.goError}`);
      assert.ok(exactly.includes(portless(ours.check.goError)), `check: ${ours.check.goError}`);
    });

    /**
     * The database behind a front that answers each /lookup/ itself and cuts it: in its body (half a record sent
     * after a Content-Length of 400) or before answering, closing (FIN) or resetting (RST) the connection. Anything
     * else is the database's own answer (/latest, tiles), so Go and we get as far as the lookup.
     */
    async function cuttingFront(cut: 'body-closed' | 'body-reset' | 'closed' | 'reset', tlsPair?: { cert: string; key: string }) {
      const plain = await keep(startSumdbServer({ goSumLines: gp.goSumLines }));
      const handler: Handler = (req, res) => {
        if (!(req.url ?? '').startsWith('/lookup/')) {
          http.get(new URL(req.url ?? '/', plain.url), (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          }).on('error', () => res.destroy());
          return;
        }
        const socket = req.socket;
        socket.on('error', () => undefined);
        const end = () => (cut.endsWith('reset') ? socket.resetAndDestroy() : socket.end());
        if (!cut.startsWith('body')) return void end();
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 400\r\n\r\n1\nexample.com/greet v1.1.0 h1:');
        setTimeout(end, 30).unref();
      };
      const front = await keep(tlsPair ? startTlsServer(tlsPair, handler) : startHttpServer(handler));
      return { GOPROXY: gp.url, GOSUMDB: `${plain.verifierKey} ${front.url}`, SSL_CERT_FILE: certs.rootBundlePath };
    }

    it('a database that closes the connection in the middle of a lookup\'s body: "reading URL: unexpected EOF", over HTTP and TLS', async () => {
      await agree(await cuttingFront('body-closed'), 'blocked', /: reading http:\/\/127\.0\.0\.1:\d+\/lookup\/example\.com\/greet@v1\.1\.0: unexpected EOF$/);
      await agree(await cuttingFront('body-closed', certs.server), 'blocked', /: reading https:\/\/127\.0\.0\.1:\d+\/lookup\/example\.com\/greet@v1\.1\.0: unexpected EOF$/);
    });

    it('a database that closes the connection instead of answering a lookup: Go\'s "EOF"', async () => {
      await agree(await cuttingFront('closed'), 'blocked', /greet@v1\.1\.0": EOF$/);
    });

    it('a database that resets the connection in a lookup\'s body, or instead of answering: Go reads the reset, naming both ends', async () => {
      for (const [cut, head] of [['body-reset', 'reading http://127.0.0.1:PORT/lookup/example.com/greet@v1.1.0: '], ['reset', 'Get "http://127.0.0.1:PORT/lookup/example.com/greet@v1.1.0": ']] as const) {
        const env = await cuttingFront(cut);
        const [go, ours] = await Promise.all([goModDownload(env), oursFor(env)]);
        const port = new URL(env.GOSUMDB.split(' ')[1]).port;
        // Each client's own end of the connection is its own: masked.
        const masked = (text: string | undefined) => portless(text).split(`127.0.0.1:${port}/`).join('127.0.0.1:PORT/');
        assert.ok(masked(go).endsWith(`${head}read tcp 127.0.0.1:PORT->127.0.0.1:${port}: read: connection reset by peer`), go);
        assert.equal(ours.probe.scenario, 'blocked');
        assert.equal(ours.check.scenario, 'blocked');
        assert.equal(masked(ours.probe.goError), masked(go), 'probe');
        assert.equal(masked(ours.check.goError), masked(go), 'check');
      }
    });

    it('a database that accepts and never answers the TLS handshake: Go gives up after 10 s with net/http\'s words, as we predict', async () => {
      const stall = await keep(startStallServer());
      await agree({ ...dbEnv(), GOSUMDB: `${db.verifierKey} https://127.0.0.1:${stall.port}` }, 'blocked', /": net\/http: TLS handshake timeout$/);
    });

    it('a TLS-intercepting proxy in front of the database: tls-intercepted, Go says unknown authority', async () => {
      const corp = await keep(startConnectProxy({ names: ['sumdb.test'], intercept: { pair: certs.corpServer } }));
      await agree({ ...dbEnv(), HTTPS_PROXY: corp.url }, 'tls-intercepted', /sumdb\.test:\d+\/lookup\/example\.com\/greet@v1\.1\.0": x509: certificate signed by unknown authority$/);
    });

    it('a TLS-intercepting proxy in front of GOPROXY: tls-intercepted in both, Go fails on the .mod', async () => {
      const corp = await keep(startConnectProxy({ names: ['goproxy.test'], intercept: { pair: certs.corpServer, plainUpstream: ['goproxy.test'] } }));
      const env = { GOPROXY: `https://goproxy.test:${new URL(gp.url).port}`, GOSUMDB: db.verifierKey, SSL_CERT_FILE: certs.rootBundlePath, HTTPS_PROXY: corp.url };
      await agree(env, 'tls-intercepted', /^go: example\.com\/greet@v1\.1\.0: Get "https:\/\/goproxy\.test:\d+\/example\.com\/greet\/@v\/v1\.1\.0\.mod": x509: certificate signed by unknown authority$/);
    });

    /** A GOPROXY that serves modules (gp behind it) and answers /sumdb/... with `sumdb` (every request when `all`). */
    async function proxyFront(sumdb: 'cut-body' | 'close' | 'garble', all = false): Promise<Record<string, string>> {
      const handler: Handler = (req, res) => {
        if (all || (req.url ?? '').startsWith('/sumdb/')) {
          const socket = req.socket;
          socket.on('error', () => undefined);
          if (sumdb === 'close') return void socket.end();
          if (sumdb === 'garble') return void socket.end('HELLO\r\n\r\n');
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nabc');
          setTimeout(() => socket.end(), 30).unref();
          return;
        }
        http.get(new URL(req.url ?? '/', gp.url), (up) => { res.writeHead(up.statusCode ?? 502, up.headers); up.pipe(res); }).on('error', () => res.destroy());
      };
      const front = await keep(startHttpServer(handler));
      return { GOPROXY: front.url, GOSUMDB: db.verifierKey, SSL_CERT_FILE: certs.rootBundlePath };
    }

    it('a GOPROXY that cuts the body of its /sumdb/<name>/supported: it served the .mod, Go stops reading that path', async () => {
      await agree(await proxyFront('cut-body'), 'blocked', /verifying go\.mod: example\.com\/greet@v1\.1\.0\/go\.mod: reading http:\/\/127\.0\.0\.1:\d+\/sumdb\/sumdb\.test\/supported: unexpected EOF$/);
    });

    it('a GOPROXY that closes, or answers no HTTP on, only its /sumdb/ paths (a filter on the URL): Go fetched the .mod and stops at /supported', async () => {
      await agree(await proxyFront('close'), 'blocked', /verifying go\.mod: example\.com\/greet@v1\.1\.0\/go\.mod: Get "http:\/\/127\.0\.0\.1:\d+\/sumdb\/sumdb\.test\/supported": EOF$/);
      await agree(await proxyFront('garble'), 'blocked', /\/sumdb\/sumdb\.test\/supported": net\/http: HTTP\/1\.x transport connection broken: malformed HTTP response "HELLO"$/);
    });

    for (const how of ['close', 'garble'] as const) it(`the same filter explained (${how}): the proxy serves modules, its /sumdb/ paths are stopped; the admin is asked, no HTTPS_PROXY offered`, async () => {
      const env = await proxyFront(how);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goprediction-sum-'));
      closers.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      fs.writeFileSync(path.join(dir, 'go.sum'), gp.goSumLines.join('\n') + '\n');
      const p = await probe({ clock: realClock, dir, env: resolvedEnv({ ...env, GOFLAGS: '' }), transport: { resolve: loopbackResolver([]) }, confirmWithGo: false, budgetMs: 15_000 });
      assert.match(p.title, /^The GOPROXY http:\/\/127\.0\.0\.1:\d+ serves modules but not the checksum database sumdb\.test\.$/);
      assert.match(p.steps.find((s) => s.name === 'supported')?.detail ?? '', /answered a module's \.mod with 404/);
      assert.match(p.fixes[0]?.title ?? '', /^Ask your network's administrator to let http:\/\/127\.0\.0\.1:\d+\/sumdb\/sumdb\.test\/supported through/);
      assert.ok(!p.fixes.some((f) => f.ask?.variable === 'HTTPS_PROXY'), 'the proxy is reached: no proxy setting helps');
      const a = await auditSetup(env);
      try {
        const r = await a.auditor.audit(parse(gp.goSumLines));
        assert.equal(r.scenario?.title, p.title, 'check says the same');
      } finally {
        await a.close();
      }
    });

    it('a GOPROXY that closes every connection unanswered: Go stops on the .mod', async () => {
      await agree(await proxyFront('close', true), 'blocked', /^go: example\.com\/greet@v1\.1\.0: Get "http:\/\/127\.0\.0\.1:\d+\/example\.com\/greet\/@v\/v1\.1\.0\.mod": EOF$/);
    });

    it('a proxy that refuses CONNECT to GOPROXY: Go fails on the .mod', async () => {
      const deny = await keep(startConnectProxy({ names: ['goproxy.test'], refuseWith: 403 }));
      const env = { GOPROXY: `https://goproxy.test:${new URL(gp.url).port}`, GOSUMDB: db.verifierKey, SSL_CERT_FILE: certs.rootBundlePath, HTTPS_PROXY: deny.url };
      await agree(env, 'blocked', /\.mod": Forbidden$/);
    });

    it('a certificate for another host', async () => {
      const wrong = await keep(startSumdbServer({ goSumLines: gp.goSumLines, tls: { cert: certs.wrongName.cert, key: certs.wrongName.key } }));
      await agree({ ...dbEnv(), GOSUMDB: `${wrong.verifierKey} https://127.0.0.1:${new URL(wrong.url).port}` }, 'tls-intercepted', /x509: /);
    });

    it('an expired certificate', async () => {
      const expired = await keep(startSumdbServer({ goSumLines: gp.goSumLines, tls: { cert: certs.expired.cert, key: certs.expired.key } }));
      await agree({ ...dbEnv(), GOSUMDB: `${expired.verifierKey} https://127.0.0.1:${new URL(expired.url).port}` }, 'tls-intercepted', /x509: certificate has expired or is not yet valid/);
    });
  });
});

describe('an answer the go command rejects, in place of the database', function () {
  this.timeout(120_000);
  const PAGE = '<!doctype html><html><head><title>Guest Wi-Fi - please log in</title></head><body>Log in</body></html>';
  const closers: (() => Promise<void> | void)[] = [];
  let gp: GoproxyServer;
  let db: SumdbServer;
  before(async function () {
    if (!goOnPath()) this.skip();
    gp = await startGoproxyServer(MODULES);
    db = await startSumdbServer({ goSumLines: gp.goSumLines });
    closers.push(() => gp.close(), () => db.close());
  });
  after(async () => {
    for (const c of closers.reverse()) await c();
  });

  async function portal(handler: Handler): Promise<{ go: string; probe: ProbeReport; check: ScenarioReport | null }> {
    const s = await startHttpServer(handler);
    closers.push(() => s.close());
    const env = { GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} ${s.url}` };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goprediction-portal-'));
    closers.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, 'go.sum'), gp.goSumLines.join('\n') + '\n');
    const p = await probe({ clock: realClock, dir, env: resolvedEnv(env), budgetMs: 15_000 });
    const a = await auditSetup(env);
    try {
      const r = await a.auditor.audit(parse(gp.goSumLines));
      return { go: await goModDownload(env), probe: p, check: r.scenario };
    } finally {
      await a.close();
    }
  }

  it('a captive portal\'s page with 200 OK: its title is named, not "cannot be reached" nor a security error; Go\'s "malformed record data" is quoted', async () => {
    const r = await portal((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE); });
    assert.equal(r.go, 'go: example.com/greet@v1.1.0: verifying go.mod: example.com/greet@v1.1.0/go.mod: malformed record data');
    for (const [who, s] of [['probe', r.probe], ['check', r.check]] as const) {
      assert.equal(s?.scenario, 'blocked', who);
      assert.match(s?.explanation ?? '', /an HTML page titled "Guest Wi-Fi - please log in"/, who);
      assert.match(s?.title ?? '', /Something else answers/, who);
      assert.equal(s?.goError, r.go, who);
    }
  });

  it("an error status is quoted in the server's own words, as Go quotes them: Node's phrase for 418, a custom phrase, none, an unknown code", async () => {
    for (const [status, phrase] of [[418, undefined], [503, 'Back soon: maintenance'], [404, ''], [599, undefined]] as const) {
      const r = await portal((_req, res) => { res.writeHead(status, phrase, { 'content-type': 'text/plain' }).end(); });
      const written = phrase ?? (status === 418 ? "I'm a Teapot" : 'unknown');
      assert.ok(r.go.endsWith(`/lookup/example.com/greet@v1.1.0: ${status}${written === '' ? '' : ` ${written}`}`), r.go);
      // Go's Status keeps the space Node writes after a code without a phrase ("404 "); goModDownload trims its output.
      assert.equal(r.probe.goError?.trimEnd(), r.go, `probe, ${status}`);
      assert.equal(r.check?.goError?.trimEnd(), r.go, `check, ${status}: ${JSON.stringify(r.check)}`);
      if (phrase === '') assert.ok(r.check?.goError?.endsWith(`${status} `), 'the space after the code is kept');
    }
  });

  it('a gzip bomb: Go inflates it and finds no record; we stop early and predict the same words', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(20 << 20));
    const r = await portal((_req, res) => { res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb); });
    assert.match(r.go, /: malformed record data$/);
    assert.equal(r.probe.scenario, 'blocked');
    assert.equal(r.check?.scenario, 'blocked');
    assert.equal(r.probe.goError, r.go);
    assert.equal(r.check?.goError, r.go);
  });

  it('text that is no record, with 200 OK: its first words are shown', async () => {
    const r = await portal((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }).end('Access denied by policy 7\n'); });
    assert.match(r.go, /: malformed record data$/);
    for (const s of [r.probe, r.check]) {
      assert.equal(s?.scenario, 'blocked');
      assert.match(s?.explanation ?? '', /text that is not a signed answer \("Access denied by policy 7"\)/);
      assert.equal(s?.goError, r.go);
    }
  });

  it('headers of 2 MiB: Go reads them (up to 10 MiB) and then finds no record; so do we', async () => {
    const r = await portal((_req, res) => { res.writeHead(200, { 'x-filler': 'a'.repeat(2 << 20) }).end('x'); });
    assert.match(r.go, /: malformed record data$/);
    for (const s of [r.probe, r.check]) {
      assert.equal(s?.scenario, 'blocked');
      assert.match(s?.explanation ?? '', /text that is not a signed answer \("x"\)/);
      assert.equal(s?.goError, r.go);
    }
  });

  it('a redirect loop: both name the redirects; Go\'s reason is the same (it quotes the last Location, which we do not follow)', async () => {
    const r = await portal((req, res) => { res.writeHead(302, { location: `${req.url}x` }).end(); });
    assert.match(r.go, /: stopped after 10 redirects$/);
    for (const s of [r.probe, r.check]) {
      assert.equal(s?.scenario, 'blocked');
      assert.match(s?.explanation ?? '', /redirects the go command does not follow/);
      assert.match(s?.goError ?? '', /\/lookup\/example\.com\/greet@v1\.1\.0": stopped after 10 redirects$/);
    }
  });
});
