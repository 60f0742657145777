// The language server's view of the way to the checksum database, through a real LSP connection to
// dist/server.js: the status it pushes, the probe it answers, and the one diagnostic it puts at the top of a
// go.sum (or on the setting) instead of thousands of line errors — for a healthy database, one that is down,
// a GOSUMDB Go rejects in the go env file or in go.toolsEnvVars, and an untrusted workspace.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DiagnosticFixData, ProbeReportView, StatusParams } from '../../server/src/shared/protocol';
import { gosumdbFor } from '../support/auditSetup';
import { testCertificates } from '../support/certs';
import { closedPort } from '../support/faultServers';
import { makeHome, messageOf, readFixture, serverEnv, startLspClient, type Home, type LspTestClient } from '../support/lspClient';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';

const ETCD_TEXT = readFixture('etcd-io_etcd.go.sum');
const ETCD = ETCD_TEXT.split('\n').filter((l) => l.trim() !== '');

describe('the status, the probe and the top-of-file diagnostic (real LSP)', function () {
  this.timeout(60_000);
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function server(home: Home, options: { trusted?: boolean; settings?: Record<string, unknown>; env?: Record<string, string> } = {}): Promise<LspTestClient> {
    const lsp = await startLspClient({ ...options, env: serverEnv(home, options.env), workspace: home.workspace });
    cleanups.push(() => lsp.stop());
    return lsp;
  }

  async function database(tls?: { cert: string; key: string }): Promise<SumdbServer> {
    const db = await startSumdbServer({ goSumLines: ETCD, tls });
    cleanups.push(() => db.close());
    return db;
  }

  function newHome(): Home {
    const home = makeHome('lsp-status');
    cleanups.push(() => home.remove());
    return home;
  }

  /** A new home whose go env file points GOSUMDB at `db`. */
  function homeUsing(db: SumdbServer): Home {
    const home = newHome();
    writeFileSync(home.goEnvFile, `GOSUMDB=${gosumdbFor(db)}\n`);
    return home;
  }

  const settled = (lsp: LspTestClient, state: StatusParams['state']) =>
    lsp.waitFor(`status ${state}`, () => { const s = lsp.statuses[lsp.statuses.length - 1]; return s?.state === state ? s : undefined; });

  it('shows a verified status within a second of starting on a healthy network, and the probe agrees', async () => {
    const db = await database();
    const home = homeUsing(db);
    const lsp = await server(home);
    const started = performance.now(); // the server has answered initialize: the editor has opened the module
    const status = await settled(lsp, 'verified');
    const ms = performance.now() - started;
    assert.ok(ms < 1000, `first state after ${ms.toFixed(0)} ms`);
    assert.equal(status.database?.via, new URL(db.url).host);
    // GOPROXY=off comes from the server's process environment: no file to mark, so the tooltip says it.
    assert.match(status.tooltipMarkdown ?? '', /⚠ GOPROXY: GOPROXY=off: the go command downloads nothing/);

    const view = await lsp.conn.sendRequest<ProbeReportView>('gosumDoctor/probe', { uri: pathToFileURL(home.workspace).toString() });
    assert.equal(view.scenario, 'ok');
    assert.equal(view.database?.baseUrl, db.url);
    assert.equal(view.database?.name, 'sumdb.test');
    assert.equal(view.brokenHop, undefined);
    assert.ok(view.steps.some((s) => s.name === 'latest' && s.ok));
    assert.ok(view.evidence.some((e) => e.startsWith(`Verified through ${db.url}`)), view.evidence.join('\n'));
    assert.ok(view.time && !Number.isNaN(Date.parse(view.time)));
    const after = lsp.statuses[lsp.statuses.length - 1];
    assert.equal(after.state, 'verified');
    assert.equal(after.lastProbe, view.time, 'the status carries the time of the last probe');
  });

  it('the database is down: one diagnostic at the top of go.sum names "blocked", the status says blocked, the probe agrees', async () => {
    const home = newHome();
    const port = await closedPort();
    const db = await database();
    writeFileSync(home.goEnvFile, `GOSUMDB=${db.verifierKey} http://127.0.0.1:${port}\n`);
    const lsp = await server(home);
    const uri = await lsp.open(path.join(home.workspace, 'go.sum'), ETCD_TEXT);
    const { diagnostics } = await lsp.audited(uri, 1);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics, null, 1));
    const top = diagnostics[0];
    assert.equal(top.code, 'blocked');
    assert.equal(top.severity, 1);
    assert.equal(top.source, 'gosum-doctor');
    assert.deepEqual(top.range.start, { line: 0, character: 0 });
    assert.equal(top.range.end.line, 0);
    assert.match(messageOf(top), new RegExp(`^${ETCD.length} go.sum lines could not be checked against sumdb\\.test: The checksum database sumdb\\.test cannot be reached\\.`));
    assert.match(messageOf(top), /connection refused/);

    const status = await settled(lsp, 'blocked');
    assert.equal(status.database?.name, 'sumdb.test');
    assert.match(status.text, /blocked/);
    assert.ok(status.lastProbe, 'the probe named the scenario');
    // Once the probe has named the fixes, the top diagnostic carries them.
    const withFixes = await lsp.waitFor('fixes on the top diagnostic', () => {
      const d = lsp.lastDiagnostics(uri)?.[0];
      return (d?.data as DiagnosticFixData | undefined)?.fixes?.length ? d : undefined;
    });
    // The proxy address is asked for (validated as Go reads it), never written as a placeholder.
    assert.ok((withFixes.data as DiagnosticFixData).fixes.some((f) => f.ask?.variable === 'HTTPS_PROXY' && !('HTTPS_PROXY' in f.env)));

    const view = await lsp.conn.sendRequest<ProbeReportView>('gosumDoctor/probe', {});
    assert.equal(view.scenario, 'blocked');
    assert.equal(view.brokenHop, 'editor-database');
    assert.match(view.goErrorText ?? '', /connection refused/);
    assert.ok(view.evidence.some((e) => e.includes('No answer from the checksum database')), view.evidence.join('\n'));
  });

  it('a proxy re-signs TLS: status tls-intercepted, and the probe view shows the chain with the issuer that gave it away', async () => {
    const certs = testCertificates();
    const db = await database({ cert: certs.corpServer.cert, key: certs.corpServer.key });
    const home = homeUsing(db);
    const lsp = await server(home, { env: { SSL_CERT_FILE: certs.rootBundlePath } });
    const status = await settled(lsp, 'tls-intercepted');
    assert.match(status.tooltipMarkdown ?? '', /Corp-Proxy-CA/);
    const view = await lsp.conn.sendRequest<ProbeReportView>('gosumDoctor/probe', {});
    assert.equal(view.scenario, 'tls-intercepted');
    assert.equal(view.brokenHop, 'editor-database');
    assert.equal(view.database?.baseUrl, db.url);
    const chain = view.certificateChain ?? [];
    assert.ok(chain.length >= 1, JSON.stringify(view));
    assert.match(chain[chain.length - 1].issuer, /Corp-Proxy-CA/);
    assert.equal(chain[chain.length - 1].trusted, false);
    assert.match(chain[0].fingerprint ?? '', /^[0-9a-f]{64}$/);
    assert.ok(view.fixes.some((f) => f.pick?.variable === 'SSL_CERT_FILE' && !('SSL_CERT_FILE' in f.env)), JSON.stringify(view.fixes));
    assert.ok(view.fixes.some((f) => 'SSL_CERT_DIR' in f.env));
    assert.ok(view.fixes.every((f) => Object.keys(f.env).length > 0 || f.pick), 'instructions are not buttons');
    assert.match(view.explanation ?? '', /Also: Install the "Corp-Proxy-CA" root certificate/);
    assert.ok(view.evidence.some((e) => e.includes('was issued by "Corp-Proxy-CA"')), view.evidence.join('\n'));
    assert.equal(db.requests.length, 0, 'nothing was sent over the intercepted connection');
  });

  it('a GOSUMDB list in the go env file: status misconfigured naming GOSUMDB, a diagnostic on the file\'s line; fixing the file clears both', async () => {
    const home = newHome();
    const db = await database();
    const bad = 'sum.golang.org,https://goproxy.cn/sumdb/sum.golang.org';
    writeFileSync(home.goEnvFile, `GOTOOLCHAIN=local\nGOSUMDB=${bad}\n`);
    const lsp = await server(home);
    const status = await settled(lsp, 'misconfigured');
    assert.equal(status.problemVariable, 'GOSUMDB');
    assert.match(status.text, /GOSUMDB/);
    assert.equal(status.database, undefined);

    const envUri = pathToFileURL(home.goEnvFile).toString();
    const envDiags = await lsp.waitFor('diagnostics on the go env file', () => lsp.lastDiagnostics(envUri));
    assert.equal(envDiags.length, 1);
    const d = envDiags[0];
    assert.equal(d.code, 'gosumdb-comma-list');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 1, character: 'GOSUMDB='.length }, end: { line: 1, character: 'GOSUMDB='.length + bad.length } });
    assert.match(messageOf(d), /GOSUMDB takes one database, not a list/);
    assert.deepEqual((d.data as DiagnosticFixData).fixes[0].env, { GOSUMDB: 'sum.golang.org', GOPROXY: 'https://goproxy.cn,direct' });

    const view = await lsp.conn.sendRequest<ProbeReportView>('gosumDoctor/probe', {});
    assert.equal(view.scenario, 'misconfigured');
    assert.equal(view.problemVariable, 'GOSUMDB');
    assert.equal(view.brokenHop, undefined);
    assert.ok(view.fixes.some((f) => f.env.GOSUMDB === 'sum.golang.org'), JSON.stringify(view.fixes));
    assert.match(view.goErrorText ?? '', /invalid GOSUMDB/);

    const uri = await lsp.open(path.join(home.workspace, 'go.sum'), ETCD_TEXT);
    const { diagnostics } = await lsp.audited(uri, 1);
    assert.deepEqual(diagnostics.map((x) => x.code), ['misconfigured']);
    assert.ok((diagnostics[0].data as DiagnosticFixData).fixes.some((f) => f.env.GOSUMDB === 'sum.golang.org'), 'the diagnosis\'s fixes');

    // The user fixes the file: the server notices (it watches the go env file), re-resolves and re-audits.
    writeFileSync(home.goEnvFile, `GOTOOLCHAIN=local\nGOSUMDB=${gosumdbFor(db)}\n`);
    await settled(lsp, 'verified');
    await lsp.waitFor('the env file diagnostics cleared', () => (lsp.lastDiagnostics(envUri)?.length === 0 ? true : undefined));
    await lsp.waitFor('go.sum re-audited clean', () => lsp.logs.find((l) => l.startsWith(`audited ${uri} v1: ${ETCD.length} lines [${ETCD.length} verified]`)));
    assert.deepEqual(lsp.lastDiagnostics(uri), []);
  });

  it('a GOSUMDB list in go.toolsEnvVars: the diagnostic sits on the entry in .vscode/settings.json', async () => {
    const home = newHome();
    const bad = 'sum.golang.org,https://goproxy.cn';
    const settingsFile = path.join(home.workspace, '.vscode', 'settings.json');
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    const text = `{\n  // tools\n  "go.toolsEnvVars": {\n    "GOFLAGS": "-mod=mod",\n    "GOSUMDB": "${bad}",\n  },\n}\n`;
    writeFileSync(settingsFile, text);
    const lsp = await server(home, { settings: { 'go.toolsEnvVars': { GOFLAGS: '-mod=mod', GOSUMDB: bad } } });
    const status = await settled(lsp, 'misconfigured');
    assert.equal(status.problemVariable, 'GOSUMDB');
    const uri = pathToFileURL(settingsFile).toString();
    const diags = await lsp.waitFor('diagnostics on settings.json', () => lsp.lastDiagnostics(uri));
    assert.equal(diags.length, 1);
    const col = '    "GOSUMDB": "'.length;
    assert.deepEqual(diags[0].range, { start: { line: 4, character: col }, end: { line: 4, character: col + bad.length } });
    assert.equal(diags[0].code, 'gosumdb-comma-list');
  });

  it('gosumDoctor.offline: status offline, answering from the caches an earlier online audit filled', async () => {
    const db = await database();
    const home = homeUsing(db);
    const online = await server(home);
    const uri = await online.open(path.join(home.workspace, 'go.sum'), ETCD_TEXT);
    await online.audited(uri, 1);
    await online.stop();

    const before = db.requests.length;
    const lsp = await server(home, { settings: { gosumDoctor: { offline: true } } });
    const status = await settled(lsp, 'offline');
    assert.equal(status.database?.via, 'caches', 'sumdb.test via caches');
    assert.ok((status.database?.treeSize ?? 0) > 0, 'the tree head our cache remembers');
    assert.match(status.tooltipMarkdown ?? '', /gosumDoctor\.offline/);
    await lsp.open(path.join(home.workspace, 'go.sum'), ETCD_TEXT);
    const { diagnostics, log } = await lsp.audited(uri, 1);
    assert.deepEqual(diagnostics, []);
    assert.match(log, new RegExp(`\\[${ETCD.length} verified\\]`));
    assert.equal(db.requests.length, before, 'offline: nothing was sent');
  });

  it('the database forks between two audits: every line is a security error and the status says disagreement', async () => {
    const db = await database();
    const home = homeUsing(db);
    const lsp = await server(home);
    const uri = await lsp.open(path.join(home.workspace, 'go.sum'), ETCD_TEXT);
    await lsp.audited(uri, 1);
    db.setMisbehavior({ kind: 'fork' });
    await lsp.conn.sendRequest('gosumDoctor/recheck', {});
    const diagnostics = lsp.lastDiagnostics(uri) ?? [];
    assert.equal(diagnostics.length, ETCD.length);
    assert.ok(diagnostics.every((d) => d.severity === 1 && d.code === 'security-error'));
    assert.match(messageOf(diagnostics[0]), /SECURITY ERROR/);
    const status = await settled(lsp, 'disagreement');
    assert.match(status.tooltipMarkdown ?? '', /SECURITY ERROR/);
  });

  it('a go.work above the folder: no missing go.sum entry on go.mod (Go asks none in workspace mode); GOWORK=off in go.toolsEnvVars or the go env file brings it back', async () => {
    const goMod = 'module example.com/app\n\ngo 1.19\n\nrequire a.com/y v1.0.0\n';
    const missing = async (settings: Record<string, unknown>, goEnvFile?: string): Promise<string[]> => {
      const home = newHome();
      if (goEnvFile !== undefined) writeFileSync(home.goEnvFile, goEnvFile);
      writeFileSync(path.join(home.workspace, '..', 'go.work'), 'go 1.19\n\nuse ./' + path.basename(home.workspace) + '\n');
      writeFileSync(path.join(home.workspace, 'go.sum'), '');
      const lsp = await server(home, { settings });
      const uri = await lsp.open(path.join(home.workspace, 'go.mod'), goMod);
      // Once the folder's environment is read (any status past checking), an edit is validated under it.
      await lsp.waitFor('a settled status', () => lsp.statuses.find((st) => st.state !== 'checking'));
      await lsp.replace(uri, 2, goMod);
      const ds = await lsp.waitFor('go.mod diagnostics of version 2', () => lsp.diagnostics.find((d) => d.uri === uri && d.version === 2)?.diagnostics);
      return ds.filter((d) => d.code === 'gomod.missingGoSum').map((d) => messageOf(d));
    };
    assert.deepEqual(await missing({}), []);
    const goes = ['a.com/y@v1.0.0: missing go.sum entry for go.mod file; to add it:\n\tgo mod download a.com/y'];
    assert.deepEqual(await missing({ 'go.toolsEnvVars': { GOWORK: 'off' } }), goes);
    // Written by hand (go env -w refuses GOWORK), the go command still reads it there.
    assert.deepEqual(await missing({}, 'GOWORK=off\n'), goes);
  });

  it('a go.work created above the folder while go.mod is open (a watched file): the missing go.sum entry goes away as Go stops asking for it, and comes back when it is removed', async () => {
    const goMod = 'module example.com/app\n\ngo 1.19\n\nrequire a.com/y v1.0.0\n';
    const home = newHome();
    writeFileSync(path.join(home.workspace, 'go.sum'), '');
    const lsp = await server(home);
    const uri = await lsp.open(path.join(home.workspace, 'go.mod'), goMod);
    const publishes = () => lsp.diagnostics.filter((d) => d.uri === uri);
    const missingNow = () => (publishes().at(-1)?.diagnostics ?? []).filter((d) => d.code === 'gomod.missingGoSum').length;
    await lsp.waitFor('the missing entry', () => (missingNow() === 1 ? true : undefined));
    const workFile = path.join(home.workspace, '..', 'go.work');
    const changed = async (type: 1 | 3, missing: number) => {
      const before = publishes().length;
      if (type === 1) writeFileSync(workFile, `go 1.19\n\nuse ./${path.basename(home.workspace)}\n`);
      else rmSync(workFile);
      await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(workFile).toString(), type }] });
      await lsp.waitFor(`go.mod published again with ${missing} missing`, () => (publishes().length > before && missingNow() === missing ? true : undefined));
    };
    await changed(1, 0);
    await changed(3, 1);
  });

  it('an untrusted workspace says so in the status', async () => {
    const db = await database();
    const home = homeUsing(db);
    const lsp = await server(home, { trusted: false });
    const status = await settled(lsp, 'verified');
    assert.equal(status.untrusted, true);
    assert.match(status.tooltipMarkdown ?? '', /Restricted mode/);
  });
});
