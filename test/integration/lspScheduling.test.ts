// How the language server schedules audits, through a real LSP connection to dist/server.js and our test
// checksum database on 127.0.0.1: lines in view first, the user cancelling the progress, "Re-check go.sum",
// GOSUMDB=off, and a database that comes back while the server re-probes with backoff.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { DiagnosticFixData } from '../../server/src/shared/protocol';
import { gosumdbFor, lookupsIn, tamper } from '../support/auditSetup';
import { closedPort } from '../support/faultServers';
import { makeHome, messageOf, readFixture, serverEnv, startLspClient, type Home, type LspTestClient } from '../support/lspClient';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';

const TELEGRAF_TEXT = readFixture('influxdata_telegraf.go.sum');
const TELEGRAF = TELEGRAF_TEXT.split('\n').filter((l) => l.trim() !== '');
const ETCD_TEXT = readFixture('etcd-io_etcd.go.sum');
const ETCD = ETCD_TEXT.split('\n').filter((l) => l.trim() !== '');

function versionOf(line: string): string {
  const [m, v] = line.split(' ');
  return `${m}@${v.replace(/\/go\.mod$/, '')}`;
}

/** "/lookup/<escaped module>@<version>" → "module@version" (our fixtures' paths need no unescaping but capitals). */
function lookedUp(request: string): string {
  return request.slice('/lookup/'.length).replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

describe('audit scheduling in the language server (real LSP)', function () {
  this.timeout(60_000);
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(lines: string[], latencyMs: number, gosumdb?: (db: SumdbServer) => string): Promise<{ db: SumdbServer; home: Home; lsp: LspTestClient }> {
    const db = await startSumdbServer({ goSumLines: lines, latencyMs });
    cleanups.push(() => db.close());
    const home = makeHome('lsp-sched');
    cleanups.push(() => home.remove());
    writeFileSync(home.goEnvFile, `GOSUMDB=${gosumdb ? gosumdb(db) : gosumdbFor(db)}\n`);
    const lsp = await startLspClient({ env: serverEnv(home), workspace: home.workspace });
    cleanups.push(() => lsp.stop());
    return { db, home, lsp };
  }

  it('looks up the lines in view first', async () => {
    const { db, home, lsp } = await setup(TELEGRAF, 5);
    const file = path.join(home.workspace, 'go.sum');
    const uri = new URL(`file://${file}`).toString();
    const view = { start: 3000, end: 3060 };
    const inView = new Set(TELEGRAF.slice(view.start, view.end + 1).map(versionOf));
    assert.ok(inView.size >= 32, `${inView.size} module versions in view`);
    await lsp.conn.sendNotification('gosumDoctor/visibleRanges', { uri, ranges: [{ start: { line: view.start, character: 0 }, end: { line: view.end, character: 0 } }] });
    await lsp.open(file, TELEGRAF_TEXT);
    await lsp.waitFor('20 lookups', () => (lookupsIn(db.requests).length >= 20 ? true : undefined));
    const first = lookupsIn(db.requests).slice(0, 20).map(lookedUp);
    assert.deepEqual(first.filter((v) => !inView.has(v)), [], 'every early lookup is for a line in view');
  });

  it('a long audit publishes what it has decided as it goes, then everything when it ends', async () => {
    // The tampered lines sit at both ends: the one in view is decided in the first round of lookups, the other late.
    const edited = [...TELEGRAF];
    edited[3] = tamper(TELEGRAF[3]);
    const last = edited.length - 1;
    edited[last] = tamper(TELEGRAF[last]);
    const { home, lsp } = await setup(TELEGRAF, 20);
    const uri = await lsp.open(path.join(home.workspace, 'go.sum'), edited.join('\n') + '\n');
    const { diagnostics } = await lsp.audited(uri, 1);
    const errorLines = (ds: { severity?: number; range: { start: { line: number } } }[]) => ds.filter((d) => d.severity === 1).map((d) => d.range.start.line);
    assert.deepEqual(errorLines(diagnostics).sort((a, b) => a - b), [3, last]);
    const published = lsp.diagnostics.filter((p) => p.uri === uri && p.version === 1).map((p) => errorLines(p.diagnostics));
    const partial = published.slice(0, -1).find((lines) => lines.includes(3) && !lines.includes(last));
    assert.ok(partial, `a publish while the audit ran shows line 4 alone: ${JSON.stringify(published)}`);
  });

  it('the user cancels the progress: the audit stops asking, and shows what it decided', async () => {
    const { db, home, lsp } = await setup(TELEGRAF, 20);
    const uri = await lsp.open(path.join(home.workspace, 'go.sum'), TELEGRAF_TEXT);
    const begin = await lsp.waitFor('progress begin', () => lsp.progress.find((p) => p.value.kind === 'begin'));
    await lsp.waitFor('some lookups', () => (lookupsIn(db.requests).length >= 50 ? true : undefined));
    await lsp.conn.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
    await lsp.waitFor('progress end', () => lsp.progress.find((p) => p.token === begin.token && p.value.kind === 'end'), 5000);
    // The server says when the lookups already on the wire are answered; it sends none after the cancel.
    const stopped = await lsp.waitFor('the cancelled audit\'s lookups back', () => lsp.logs.find((l) => l.startsWith(`audit of ${uri} v1 cancelled: `)), 10_000);
    const settled = lookupsIn(db.requests).length;
    assert.equal(stopped, `audit of ${uri} v1 cancelled: ${settled} lookups, none in flight`, 'every lookup the audit made reached the database');
    assert.ok(settled < new Set(TELEGRAF.map(versionOf)).size);
    assert.equal(lsp.logs.find((l) => l.startsWith(`audited ${uri} v1:`)), undefined, 'the audit did not run to its end');
    assert.deepEqual(lsp.lastDiagnostics(uri), [], 'the lines decided so far are all verified');
    assert.equal(lookupsIn(db.requests).length, settled, 'no lookup after the cancel settled');
  });

  it('"Re-check go.sum" forgets the verdicts of the document\'s lines and has every record proven again', async () => {
    const { db, home, lsp } = await setup(ETCD, 0);
    const versions = new Set(ETCD.map(versionOf)).size;
    const uri = await lsp.open(path.join(home.workspace, 'go.sum'), ETCD_TEXT);
    const first = await lsp.audited(uri, 1);
    assert.match(first.log, new RegExp(` ${versions} lookups, `));
    const before = db.requests.length;
    const answer = await lsp.conn.sendRequest<{ checked: number }>('gosumDoctor/recheck', {});
    assert.deepEqual(answer, { checked: 1 });
    const audits = lsp.logs.filter((l) => l.startsWith(`audited ${uri} v1:`));
    assert.equal(audits.length, 2);
    // Every module version went to the sumdb client again (which may prove a record from its own cache of
    // immutable records and tiles), not to the verdict cache.
    assert.match(audits[1], new RegExp(`\\[${ETCD.length} verified\\], ${versions} lookups, `));
    assert.equal(db.requests[before], '/latest', 'starting with the newest tree head');
  });

  it('GOSUMDB=off: one Information at the top says what that means, with the fix that turns checking back on', async () => {
    const { home, lsp } = await setup(ETCD, 0, () => 'off');
    const status = await lsp.waitFor('status disabled', () => lsp.statuses.find((s) => s.state === 'disabled'));
    assert.match(status.text, /GOSUMDB=off/);
    const uri = await lsp.open(path.join(home.workspace, 'go.sum'), ETCD_TEXT);
    const { diagnostics } = await lsp.audited(uri, 1);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.equal(diagnostics[0].severity, 3);
    assert.equal(diagnostics[0].code, 'disabled');
    assert.match(messageOf(diagnostics[0]), /^GOSUMDB=off: new module versions are accepted without any check/);
    assert.deepEqual((diagnostics[0].data as DiagnosticFixData).fixes.map((f) => f.env), [{ GOSUMDB: 'sum.golang.org' }]);
  });

  it('a database that comes back is noticed by the re-probe (backoff): status verified, the top diagnostic goes away', async function () {
    this.timeout(30_000);
    const port = await closedPort();
    const { db, home, lsp } = await setup(ETCD, 0, (d) => `${d.verifierKey} http://127.0.0.1:${port}`);
    const uri = await lsp.open(path.join(home.workspace, 'go.sum'), ETCD_TEXT);
    await lsp.waitFor('status blocked', () => lsp.statuses.find((s) => s.state === 'blocked'));
    const { diagnostics } = await lsp.audited(uri, 1);
    assert.deepEqual(diagnostics.map((d) => d.code), ['blocked']);

    // The database appears on that port (a forwarder to the test server), without any change on our side.
    const target = new URL(db.url);
    const sockets = new Set<net.Socket>();
    const forwarder = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => undefined); }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => forwarder.listen(port, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); forwarder.close(() => resolve()); }));

    const status = await lsp.waitFor('status verified', () => lsp.statuses.find((s) => s.state === 'verified'), 20_000);
    assert.equal(status.database?.treeSize, new Set(ETCD.map(versionOf)).size);
    await lsp.waitFor('the top diagnostic cleared', () => (lsp.lastDiagnostics(uri)?.length === 0 ? true : undefined), 10_000);
  });
});
