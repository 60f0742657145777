import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { probe, ProbeOptions } from '../../server/src/diagnosis/probe';
import { ProbeReport } from '../../server/src/diagnosis/probeReport';
import { hashGoMod } from '../../server/src/sumdb/dirhash';
import { generateKeyPair } from '../../server/src/sumdb/note';
import { testCertificates } from '../support/certs';
import { closedPort, loopbackResolver, startConnectProxy, startHttpServer, startResetServer, startStallServer, RunningServer } from '../support/faultServers';
import { startSumdbServer } from '../support/sumdbServer';
import { resolvedEnv } from '../support/goEnv';
import { envValues, resolveGoEnv } from '../../server/src/goenv/resolve';
import { lintGoEnv } from '../../server/src/goenv/lints';
import type { OsEnv } from '../../server/src/shared/locations';
import { realClock } from '../../server/src/sumdb/clock';
import { StepClock } from '../support/stepClock';
import { until } from '../support/until';

// Module files the test GOPROXY serves; go.sum lines and the database are built from their real hashes.
const GREET_MOD = 'module example.com/greet\n\ngo 1.21\n\nrequire example.com/util v0.1.0\n';
const UTIL_MOD = 'module example.com/util\n\ngo 1.21\n';
const PRIVATE_MOD = 'module git.corp.example/team/lib\n\ngo 1.22\n';
const h = (s: string) => hashGoMod(Buffer.from(s));
const DB_LINES = [
  `example.com/greet v1.1.0/go.mod ${h(GREET_MOD)}`,
  `example.com/util v0.1.0/go.mod ${h(UTIL_MOD)}`,
];
const RESOLVE = loopbackResolver(['sumdb.test']);

describe('probe sumdb: the four scenarios against real servers on 127.0.0.1', function () {
  this.timeout(30_000);
  const certs = testCertificates();
  const servers: { close(): Promise<void> }[] = [];
  const dirs: string[] = [];
  const keep = <T extends { close(): Promise<void> }>(s: T): T => (servers.push(s), s);
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  function moduleDir(lines: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gosum-probe-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.21\n');
    fs.writeFileSync(path.join(dir, 'go.sum'), lines.join('\n') + '\n');
    return dir;
  }

  /** A GOPROXY serving .mod files (module path -> content), 404 otherwise. */
  async function moduleProxy(mods: Record<string, string>): Promise<RunningServer> {
    return keep(await startHttpServer((req, res) => {
      const m = /^\/(.+)\/@v\/(.+)\.mod$/.exec(req.url ?? '');
      const body = m ? mods[`${m[1]}@${m[2]}`] : undefined;
      if (body === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
    }));
  }

  /** The probe with `env` as the process environment the go command would see, resolved as Go resolves it. */
  const run = (o: Omit<Partial<ProbeOptions>, 'env'> & { env: OsEnv }) => probe({ clock: realClock, transport: { resolve: RESOLVE }, ...o, env: resolvedEnv(o.env) });
  const step = (r: ProbeReport, name: string) => r.steps.filter((s) => s.name === name);

  describe('ok', () => {
    it('the database over HTTP verifies end to end, and go.sum, database and proxy agree', async () => {
      const db = keep(await startSumdbServer({ goSumLines: DB_LINES }));
      const proxy = await moduleProxy({ 'example.com/greet@v1.1.0': GREET_MOD, 'example.com/util@v0.1.0': UTIL_MOD });
      const dir = moduleDir(DB_LINES);
      const r = await run({ dir, env: { GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY: proxy.url } });
      assert.equal(r.scenario, 'ok', JSON.stringify(r, null, 1));
      assert.equal(r.database.base, db.url);
      assert.equal(r.database.treeSize, 2);
      assert.ok(step(r, 'latest')[0].ok);
      assert.match(step(r, 'lookup')[0].detail, /example\.com\/greet v1\.1\.0 is record \d, proved included in the tree of size 2/);
      const checks = step(r, 'spotcheck');
      assert.equal(checks.length, 2);
      assert.ok(checks.every((s) => s.ok));
      assert.deepEqual(checks[0].data, { goSum: h(GREET_MOD), database: h(GREET_MOD), proxy: h(GREET_MOD) });
      assert.deepEqual(r.fixes, []);
      assert.equal(r.evidence[0].kind, 'verified');
    });

    it('a proxy that gives no hash: the spot-check says go.sum and the database agree and why the proxy is left out, never that it agrees', async () => {
      const db = keep(await startSumdbServer({ goSumLines: DB_LINES }));
      const refusing = keep(await startHttpServer((_req, res) => res.writeHead(403).end()));
      const dir = moduleDir(DB_LINES);
      for (const [GOPROXY, why] of [[refusing.url, /the proxy gave no hash to compare \(proxy 403\)$/], ['off', /GOPROXY names no proxy to compare$/]] as const) {
        const r = await run({ dir, env: { GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY } });
        const checks = step(r, 'spotcheck');
        assert.equal(checks.length, 2, JSON.stringify(r.steps, null, 1));
        for (const s of checks) {
          assert.ok(s.ok);
          assert.match(s.detail, /^go\.sum and the database agree on example\.com\/\w+ v[\d.]+\/go\.mod \(h1:/);
          assert.match(s.detail, why);
        }
      }
    });

    it('the database over HTTPS with a generated CA, trusted through SSL_CERT_FILE, names the store it tested', async () => {
      const db = keep(await startSumdbServer({ goSumLines: DB_LINES, tls: { cert: certs.server.cert, key: certs.server.key, http2: true } }));
      const r = await run({ env: { GOSUMDB: `${db.verifierKey} https://sumdb.test:${new URL(db.url).port}`, GOPROXY: 'off', SSL_CERT_FILE: certs.rootBundlePath } });
      assert.equal(r.scenario, 'ok', JSON.stringify(r.steps, null, 1));
      const tls = step(r, 'tls')[0];
      assert.ok(tls.ok);
      assert.match(tls.detail, /TLSv1\.[23], ALPN h2; chain: 127\.0\.0\.1 ← Test Root CA/);
      assert.match(tls.detail, /store tested: SSL_CERT_FILE=.*root-bundle\.pem/);
      assert.deepEqual(step(r, 'dns')[0].data, { addresses: ['127.0.0.1'] });
    });

    it('through an HTTP CONNECT proxy in front of the database', async () => {
      const db = keep(await startSumdbServer({ goSumLines: DB_LINES, tls: { cert: certs.server.cert, key: certs.server.key } }));
      const port = new URL(db.url).port;
      const corpProxy = keep(await startConnectProxy({ names: ['sumdb.test'] }));
      const r = await probe({
      clock: realClock,
        env: resolvedEnv({ GOSUMDB: `${db.verifierKey} https://sumdb.test:${port}`, GOPROXY: 'off', SSL_CERT_FILE: certs.rootBundlePath, HTTPS_PROXY: corpProxy.url }),
        transport: { resolve: loopbackResolver([]) }, // only the proxy may resolve sumdb.test
      });
      assert.equal(r.scenario, 'ok', JSON.stringify(r.steps, null, 1));
      assert.ok(corpProxy.tunnels.length >= 2 && corpProxy.tunnels.every((x) => x === `sumdb.test:${port}`), corpProxy.tunnels.join());
      assert.match(step(r, 'connect')[0].detail, /through the proxy/);
    });
  });

  describe('GOPROXY /sumdb/<name>/supported decides the base', () => {
    for (const status of [200, 404, 410, 500]) {
      it(`a proxy answering ${status}`, async () => {
        const db = keep(await startSumdbServer({ name: 'address', goSumLines: DB_LINES, supportedStatus: status, tls: { cert: certs.server.cert, key: certs.server.key } }));
        const r = await run({ env: { GOSUMDB: db.verifierKey, GOPROXY: db.proxyUrl, SSL_CERT_FILE: certs.rootBundlePath } });
        const sup = step(r, 'supported')[0];
        assert.equal(sup.target, `${db.proxyUrl}/sumdb/${db.name}/supported`);
        if (status === 200) {
          assert.equal(r.scenario, 'ok');
          assert.equal(r.database.base, db.proxiedDatabaseUrl);
        } else if (status === 500) {
          assert.equal(r.scenario, 'blocked');
          assert.equal(r.evidence[0].kind, 'proxy-status');
          assert.match(r.goError ?? '', /reading .*\/supported: 500 Internal Server Error/);
        } else {
          assert.equal(r.scenario, 'ok');
          assert.equal(r.database.base, `https://${db.name}`);
          assert.match(sup.detail, new RegExp(`answered ${status}: it does not serve the database`));
        }
      });
    }
  });

  describe('tls-intercepted', () => {
    it('a corporate proxy re-signs the certificate: the verdict names Corp-Proxy-CA and the store tested', async () => {
      const db = keep(await startSumdbServer({ goSumLines: DB_LINES, tls: { cert: certs.corpServer.cert, key: certs.corpServer.key } }));
      const r = await run({ env: { GOSUMDB: `${db.verifierKey} https://sumdb.test:${new URL(db.url).port}`, GOPROXY: 'off', SSL_CERT_FILE: certs.rootBundlePath } });
      assert.equal(r.scenario, 'tls-intercepted');
      assert.match(r.title, /issued by "Corp-Proxy-CA"/);
      const ev = r.evidence[0];
      assert.equal(ev.kind, 'tls-untrusted');
      assert.equal(ev.kind === 'tls-untrusted' && ev.issuer, 'Corp-Proxy-CA');
      assert.match(r.explanation, /SSL_CERT_FILE=/);
      assert.match(r.goError ?? '', /tls: failed to verify certificate: x509: certificate signed by unknown authority$/);
      assert.ok(r.fixes.some((f) => 'SSL_CERT_DIR' in f.env));
      assert.ok(r.fixes.every((f) => !('GOSUMDB' in f.env) && !('GOINSECURE' in f.env)));
      assert.ok(db.requests.length === 0, 'nothing was sent over the untrusted connection');
    });
  });

  describe('blocked', () => {
    const blockedCases: { name: string; url: () => Promise<string>; failure: string }[] = [
      { name: 'the database port is closed', url: async () => `http://127.0.0.1:${await closedPort()}`, failure: 'refused' },
      { name: 'every connection is reset', url: async () => keep(await startResetServer()).url, failure: 'reset' },
      { name: 'the name does not resolve', url: async () => 'https://sum.golang.invalid', failure: 'dns' },
    ];
    for (const c of blockedCases) {
      it(`${c.name}: blocked, with the mirror fixes`, async () => {
        const key = generateKeyPair('sum.golang.org').verifierKey;
        const url = await c.url();
        const r = await run({ env: { GOSUMDB: `${key} ${url}`, GOPROXY: 'https://proxy.golang.org,direct' } });
        assert.equal(r.scenario, 'blocked', JSON.stringify(r, null, 1));
        const ev = r.evidence[0];
        assert.equal(ev.kind === 'unreachable' && ev.failure, c.failure);
        assert.deepEqual(r.fixes.map((f) => f.env), [{ GOPROXY: 'https://goproxy.cn,direct' }, { GOSUMDB: 'sum.golang.google.cn' }, {}]);
        assert.equal(r.fixes[2].ask?.variable, 'HTTPS_PROXY', 'the proxy address is asked for, not guessed');
        assert.match(r.goError ?? '', /^go: golang\.org\/x\/text@v0\.14\.0: verifying go\.mod: /);
      });
    }

    it('a database that accepts and never answers: blocked on a timeout, well within 20 seconds', async () => {
      const stall = keep(await startStallServer());
      const key = generateKeyPair('sumdb.test').verifierKey;
      const start = Date.now();
      const r = await run({ env: { GOSUMDB: `${key} ${stall.url}`, GOPROXY: 'off' } });
      const took = Date.now() - start;
      assert.equal(r.scenario, 'blocked');
      const ev = r.evidence[0];
      assert.equal(ev.kind === 'unreachable' && ev.failure, 'timeout');
      assert.ok(took < 20_000, `took ${took} ms`);
    });

    it('the budget runs on the probe\'s clock: moved past it, a probe stuck on a stalled database ends, blocked, at exactly that time', async () => {
      const stall = keep(await startStallServer());
      const key = generateKeyPair('sumdb.test').verifierKey;
      const clock = new StepClock();
      // The transport's own timeouts (4 s to a first byte) are longer than this test runs: only the budget ends it.
      const running = run({ clock, budgetMs: 7_000, env: { GOSUMDB: `${key} ${stall.url}`, GOPROXY: 'off' } });
      await until(() => stall.received.some((r) => r.startsWith('GET /latest ')));
      await clock.advance(7_000);
      const r = await running;
      assert.equal(r.scenario, 'blocked');
      assert.equal(r.ms, 7_000);
      const failed = r.steps.filter((st) => !st.ok);
      assert.ok(failed.length > 0 && failed.every((st) => st.ms === 7_000), JSON.stringify(r.steps));
    });
  });

  describe('disagreement', () => {
    it('the proxy serves a private module the database does not know: GONOSUMDB for its host', async () => {
      const db = keep(await startSumdbServer({ goSumLines: DB_LINES }));
      const proxy = await moduleProxy({ 'git.corp.example/team/lib@v1.0.0': PRIVATE_MOD });
      const dir = moduleDir([`git.corp.example/team/lib v1.0.0/go.mod ${h(PRIVATE_MOD)}`]);
      const r = await run({ dir, env: { GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY: proxy.url } });
      assert.equal(r.scenario, 'disagreement', JSON.stringify(r, null, 1));
      const ev = r.evidence.find((e) => e.kind === 'not-in-database');
      assert.ok(ev && ev.kind === 'not-in-database' && ev.status === 404);
      assert.deepEqual(r.fixes[0].env, { GONOSUMDB: 'git.corp.example' });
      assert.deepEqual(r.fixes[1].env, { GOPRIVATE: 'git.corp.example' });
    });

    it('GOPRIVATE covers it and the go env file has an empty `GONOSUMDB=`: Go falls back to GOPRIVATE, so nothing disagrees', async () => {
      const db = keep(await startSumdbServer({ goSumLines: DB_LINES }));
      const proxy = await moduleProxy({ 'git.corp.example/team/lib@v1.0.0': PRIVATE_MOD });
      const dir = moduleDir([`git.corp.example/team/lib v1.0.0/go.mod ${h(PRIVATE_MOD)}`]);
      const env = resolvedEnv({ GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY: proxy.url, GOPRIVATE: 'git.corp.example' }, { userFile: 'GONOSUMDB=\n' });
      assert.equal(env.GONOSUMDB, 'git.corp.example');
      const r = await probe({ clock: realClock, transport: { resolve: RESOLVE }, dir, env });
      assert.equal(r.scenario, 'ok', JSON.stringify(r.evidence));
      assert.ok(!r.steps.some((s) => s.target.startsWith('git.corp.example/')), 'a private module is never sent to the database');
    });

    it('the database answers 410 for it: still a disagreement', async () => {
      const db = keep(await startSumdbServer({ goSumLines: DB_LINES, misbehavior: { kind: 'not-found', modules: ['example.com/util@v0.1.0'], status: 410 } }));
      const proxy = await moduleProxy({ 'example.com/util@v0.1.0': UTIL_MOD });
      const r = await run({ dir: moduleDir([DB_LINES[1]]), env: { GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY: proxy.url } });
      assert.equal(r.scenario, 'disagreement');
      assert.ok(r.evidence.some((e) => e.kind === 'not-in-database' && e.status === 410));
    });

    it('the proxy serves a go.mod that hashes differently from the database', async () => {
      const db = keep(await startSumdbServer({ goSumLines: DB_LINES }));
      const retagged = GREET_MOD + '// retagged\n';
      const proxy = await moduleProxy({ 'example.com/greet@v1.1.0': retagged });
      const r = await run({ dir: moduleDir([DB_LINES[0]]), env: { GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY: proxy.url } });
      assert.equal(r.scenario, 'disagreement');
      const ev = r.evidence.find((e) => e.kind === 'hash-mismatch');
      assert.ok(ev && ev.kind === 'hash-mismatch');
      assert.equal(ev.proxy, h(retagged));
      assert.equal(ev.database, h(GREET_MOD));
      assert.match(r.goError ?? '', new RegExp(`checksum mismatch\\n\\tdownloaded: ${escapeRe(h(retagged))}\\n\\tsumdb\\.test: ${escapeRe(h(GREET_MOD))}\\n\\nSECURITY ERROR`));
    });
  });

  describe('misconfigured', () => {
    it('a comma list in GOSUMDB: Go\'s error, and the corrected values', async () => {
      const r = await run({ env: { GOSUMDB: 'https://sum.golang.org,https://goproxy.cn/sumdb', GOPROXY: 'https://proxy.golang.org,direct' } });
      assert.equal(r.scenario, 'misconfigured');
      assert.equal(r.goError, 'go: golang.org/x/text@v0.14.0: verifying go.mod: invalid GOSUMDB: malformed verifier id');
      assert.deepEqual(r.fixes[0].env, { GOSUMDB: 'sum.golang.org', GOPROXY: 'https://goproxy.cn,direct' });
      assert.equal(r.steps.length, 1, 'nothing is sent with settings Go rejects');
    });

    it('the database signs with another key than the one configured', async () => {
      const db = keep(await startSumdbServer({ goSumLines: DB_LINES }));
      const wrong = generateKeyPair(db.name).verifierKey;
      const r = await run({ env: { GOSUMDB: `${wrong} ${db.url}`, GOPROXY: 'off' } });
      assert.equal(r.scenario, 'misconfigured', JSON.stringify(r.evidence));
      assert.match(r.goError ?? '', /note has no verifiable signatures/);
      assert.ok(!step(r, 'latest')[0].ok);
    });

    // The go env file's empty line hides $GOROOT/go.env, so Go sees an empty value: no default is put back.
    const GO_ENV = 'GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n';
    for (const [variable, goError] of [['GOSUMDB', 'missing GOSUMDB'], ['GOPROXY', 'GOPROXY list is not the empty string, but contains no entries']]) {
      it(`\`${variable}=\` in the go env file: the probe says what the go command and the setting lints say (${goError})`, async () => {
        const env = resolveGoEnv({ process: { HOME: '/home/gopher' }, platform: 'linux', userFile: { path: '/home/gopher/.config/go/env', text: `${variable}=\n` }, gorootFile: { path: '/usr/lib/go/go.env', text: GO_ENV } });
        assert.equal(lintGoEnv(env).find((l) => l.source.name === variable)?.goError, goError);
        const r = await probe({ clock: realClock, transport: { resolve: RESOLVE }, budgetMs: 3_000, env: envValues(env) });
        assert.equal(r.scenario, 'misconfigured', JSON.stringify(r.steps));
        assert.deepEqual(r.evidence, [{ kind: 'setting-error', variable, value: '', goError }]);
        assert.equal(r.steps.length, 1, 'nothing is sent with settings Go rejects');
      });
    }

    it('GOSUMDB=off', async () => {
      const r = await run({ env: { GOSUMDB: 'off' } });
      assert.equal(r.scenario, 'misconfigured');
      assert.deepEqual(r.fixes[0].env, { GOSUMDB: 'sum.golang.org' });
    });
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
