// A module path with capital letters, beside the go command: Go asks the database for /lookup/ with the path
// case-encoded (module.EscapePath: "!" and the lower-case letter), and its errors quote that URL. Every text of
// ours that names the lookup (probe's, check's, a line's) must quote the same URL in the same words.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { probe } from '../../server/src/diagnosis/probe';
import { reasonFor } from '../../server/src/diagnosis/goPrediction';
import { realClock } from '../../server/src/sumdb/clock';
import { auditSetup, parse } from '../support/auditSetup';
import { goOnPath, resolvedEnv } from '../support/goEnv';
import { goModDownload } from '../support/goModDownload';
import { startGoproxyServer, type GoproxyServer } from '../support/goproxyServer';
import { closedPort, startHttpServer, startTlsServer } from '../support/faultServers';
import { testCertificates } from '../support/certs';
import { startSumdbServer, type Misbehavior, type SumdbServer } from '../support/sumdbServer';

const CAPITAL = { module: 'example.com/BurntSushi/TOML', version: 'v1.2.0' };
const MODULE = { path: CAPITAL.module, version: CAPITAL.version, goMod: `module ${CAPITAL.module}\n\ngo 1.17\n`, files: { 'toml.go': 'package toml\n' } };
const GO_VERSION = 'go1.19.8';

describe('a module path with capital letters, beside the go command', function () {
  this.timeout(60_000);
  let gp: GoproxyServer;
  const closers: (() => Promise<void>)[] = [];

  before(async function () {
    if (!goOnPath()) this.skip();
    gp = await startGoproxyServer([MODULE]);
    closers.push(() => gp.close());
  });
  after(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  async function database(misbehavior: Misbehavior, tls?: { cert: string; key: string }, name?: string): Promise<SumdbServer> {
    const db = await startSumdbServer({ goSumLines: gp.goSumLines, misbehavior, tls, name });
    closers.push(() => db.close());
    return db;
  }

  /** The probe's and check's quotes of the go command's error, and each line's message, on the same settings. */
  async function ours(env: Record<string, string>): Promise<{ probe?: string; check?: string; lines: string[]; evidence: string[] }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capital-module-'));
    closers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, 'go.sum'), gp.goSumLines.join('\n') + '\n');
    const p = await probe({ clock: realClock, dir, env: resolvedEnv({ ...env, GOFLAGS: '' }), confirmWithGo: false, budgetMs: 15_000 });
    const a = await auditSetup(env);
    try {
      const r = await a.auditor.audit(parse(gp.goSumLines));
      const evidence = p.evidence.flatMap((e) => ('goError' in e && e.goError ? [e.goError] : []));
      return { probe: p.goError, check: r.scenario?.goError, lines: r.verdicts.map((v) => v.message ?? ''), evidence };
    } finally {
      await a.close();
    }
  }

  it('a database that answers 500 to lookups: Go quotes /lookup/example.com/!burnt!sushi/!t!o!m!l@v1.2.0, and so do probe and check', async () => {
    const db = await database({ kind: 'status', status: 500, paths: ['/lookup/'] });
    const env = { GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} ${db.url}` };
    const go = await goModDownload(env, { requires: CAPITAL });
    assert.ok(go.includes(`/lookup/example.com/!burnt!sushi/!t!o!m!l@v1.2.0: 500 Internal Server Error`), go);
    const r = await ours(env);
    assert.equal(reasonFor(r.probe ?? '', GO_VERSION), go, 'probe');
    assert.equal(reasonFor(r.check ?? '', GO_VERSION), go, 'check');
  });

  it('a database that has never heard of it (404): Go quotes the escaped lookup and the server\'s words, and each line says the same, with or without a path in the URL', async () => {
    const db = await database({ kind: 'not-found', modules: [`${CAPITAL.module}@${CAPITAL.version}`] });
    for (const [url, lookup] of [[db.url, '/lookup/example.com/!burnt!sushi/!t!o!m!l@v1.2.0'], [`${db.proxyUrl.replace(/\/$/, '')}/sumdb/${db.name}`, '/lookup/example.com/%21burnt%21sushi/%21t%21o%21m%21l@v1.2.0']]) {
      const env = { GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} ${url}` };
      const go = await goModDownload(env, { requires: CAPITAL });
      assert.ok(go.includes(`${lookup}: 404 Not Found`), go);
      // Go's own lines, the "go: " prefix and module@version left to the caller (they differ with the command).
      const reading = go.slice(go.indexOf('reading '));
      const r = await ours(env);
      assert.ok(r.lines.length > 0 && r.lines.every((m) => m.includes(reading)), `go:\n${go}\nours:\n${r.lines.join('\n---\n')}`);
      // The probe's spot-check of the same line quotes the database's answer whole, as Go does.
      assert.ok(r.evidence.includes(reading), `go:\n${go}\nprobe's evidence:\n${r.evidence.join('\n---\n')}`);
    }
  });

  it('a GOPROXY that fails first: Go names the module\'s .mod with %21 for each capital (proxy.go\'s pathEscape), its path cleaned; so do probe and check', async () => {
    const db = await database({ kind: 'honest' });
    const forbidding = await startHttpServer((_req, res) => res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden\n'));
    closers.push(() => forbidding.close());
    const refused = `http://127.0.0.1:${await closedPort()}`;
    for (const proxy of [forbidding.url.replace(/\/$/, ''), `${refused}/artifactory/api/go/remote`, `${forbidding.url.replace(/\/$/, '')}//mirror/./go/`]) {
      // The database by name alone: Go reaches it through the proxy too, whose failure stops it first.
      const env = { GOPROXY: proxy, GOSUMDB: db.verifierKey };
      const go = await goModDownload(env, { requires: CAPITAL });
      assert.ok(go.includes('/example.com/%21burnt%21sushi/%21t%21o%21m%21l/@v/v1.2.0.mod'), go);
      const r = await ours(env);
      assert.equal(reasonFor(r.probe ?? '', GO_VERSION), go, `probe, GOPROXY=${proxy}`);
      assert.equal(reasonFor(r.check ?? '', GO_VERSION), go, `check, GOPROXY=${proxy}`);
    }
  });

  it('a database URL with a path (GOSUMDB "name+key URL/sumdb/name", or a GOPROXY with a path): Go quotes the lookup with %21, as its joined raw path no longer spells the path; so do probe and check', async () => {
    const db = await database({ kind: 'status', status: 500, paths: ['/lookup/'] });
    // A proxy under a path, as Artifactory and Nexus serve one: /corp/go/ strips to the module proxy or the database.
    const corp = await startHttpServer((req, res) => {
      const rest = (req.url ?? '/').replace(/^\/corp\/go/, '');
      forward(rest, res, rest.startsWith('/sumdb/') ? db.proxyUrl : gp.url);
    });
    closers.push(() => corp.close());
    for (const env of [
      { GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} ${db.proxyUrl.replace(/\/$/, '')}/sumdb/${db.name}` },
      { GOPROXY: `${corp.url.replace(/\/$/, '')}/corp/go`, GOSUMDB: db.verifierKey },
    ]) {
      const go = await goModDownload(env, { requires: CAPITAL });
      assert.ok(go.includes('/lookup/example.com/%21burnt%21sushi/%21t%21o%21m%21l@v1.2.0: 500 Internal Server Error'), go);
      const r = await ours(env);
      assert.equal(reasonFor(r.probe ?? '', GO_VERSION), go, `probe, ${JSON.stringify(env)}`);
      assert.equal(reasonFor(r.check ?? '', GO_VERSION), go, `check, ${JSON.stringify(env)}`);
    }
  });

  it('a database whose certificate no trusted root signed, at a URL with a path: Go names the lookup it could not make, %21 and all; so does the probe', async () => {
    const { server } = testCertificates();
    const db = await database({ kind: 'honest' }, { cert: server.cert, key: server.key });
    const env = { GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} ${db.proxyUrl.replace(/\/$/, '')}/sumdb/${db.name}` };
    const go = await goModDownload(env, { requires: CAPITAL });
    assert.ok(go.includes('/lookup/example.com/%21burnt%21sushi/%21t%21o%21m%21l@v1.2.0": x509: certificate signed by unknown authority'), go);
    const r = await ours(env);
    assert.equal(reasonFor(r.probe ?? '', GO_VERSION), go, 'probe');
    assert.equal(reasonFor(r.check ?? '', GO_VERSION), go, 'check');
    // The probe's evidence quotes the request Go makes there, in the same words.
    assert.deepEqual(r.evidence.map((e) => reasonFor(e, GO_VERSION)), [go.slice(go.indexOf('Get "'))]);
  });

  it('a database named host/path, reached directly (https://<name>): Go writes its lookups escaped, its URL having a path; so do probe and check', async () => {
    // The name must hold the port of the server at https://<name>: that server (TLS, /prefix stripped) starts first.
    let behind = '';
    const front = await startTlsServer(testCertificates().server, (req, res) => forward((req.url ?? '/').replace(/^\/prefix/, ''), res, behind));
    closers.push(() => front.close());
    const name = `127.0.0.1:${new URL(front.url).port}/prefix`;
    const db = await database({ kind: 'status', status: 500, paths: ['/lookup/'] }, undefined, name);
    behind = db.url;
    // The GOPROXY does not serve this database (404 on its /supported): Go goes to https://<name>.
    const env = { GOPROXY: gp.url, GOSUMDB: db.verifierKey, SSL_CERT_FILE: testCertificates().rootBundlePath };
    const go = await goModDownload(env, { requires: CAPITAL });
    assert.ok(go.includes(`https://${name}/lookup/example.com/%21burnt%21sushi/%21t%21o%21m%21l@v1.2.0: 500 Internal Server Error`), go);
    const r = await ours(env);
    assert.equal(reasonFor(r.probe ?? '', GO_VERSION), go, 'probe');
    assert.equal(reasonFor(r.check ?? '', GO_VERSION), go, 'check');
  });
});

/** Sends a request's path on to a backend on 127.0.0.1 and streams its answer back. */
function forward(pathAndQuery: string, res: http.ServerResponse, backend: string): void {
  http.get(new URL(pathAndQuery, backend), (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  }).on('error', () => res.writeHead(502).end());
}
