// The background audit inside the language server, through a real LSP connection to dist/server.js and our test
// checksum database on 127.0.0.1: etcd's real go.sum with a tampered line, edits, a private module, a reopen.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import type { DiagnosticFixData } from '../../server/src/shared/protocol';
import { gosumdbFor, lookupsIn, tamper } from '../support/auditSetup';
import { makeHome, messageOf, readFixture, serverEnv, startLspClient, type Home, type LspTestClient } from '../support/lspClient';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';

const ETCD_TEXT = readFixture('etcd-io_etcd.go.sum');
const ETCD = ETCD_TEXT.split('\n').filter((l) => l.trim() !== '');
const PRIVATE_LINE = 'github.com/acme-private/tool v1.2.3 h1:KlQV+7CEdqJ7E/eXKgVs27RMjFZn2I0x44SjauCGNkY=';

function errors(ds: Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => d.severity === 1);
}

/** The hash field's columns on a go.sum line. */
function hashRange(line: string, lineNo: number) {
  const start = line.lastIndexOf(' ') + 1;
  return { start: { line: lineNo, character: start }, end: { line: lineNo, character: line.length } };
}

describe('the language server audits an open go.sum (real LSP, test database on 127.0.0.1)', function () {
  this.timeout(60_000);
  let db: SumdbServer;
  let home: Home;
  let lsp: LspTestClient;
  let uri: string;
  const edited = [...ETCD];
  edited[4] = tamper(ETCD[4]);

  before(async () => {
    db = await startSumdbServer({ goSumLines: ETCD, latencyMs: 5 });
    home = makeHome('lsp-audit');
    // GOSUMDB comes from the go env file, as `go env -w` would have put it.
    writeFileSync(home.goEnvFile, `GOSUMDB=${gosumdbFor(db)}\n`);
    lsp = await startLspClient({ env: serverEnv(home), workspace: home.workspace });
  });

  after(async () => {
    await lsp?.stop();
    await db?.close();
    home?.remove();
  });

  it('reports the one tampered line of etcd\'s go.sum as an Error on its hash, in Go\'s words, after showing progress', async () => {
    uri = await lsp.open(path.join(home.workspace, 'go.sum'), edited.join('\n') + '\n');
    const { diagnostics } = await lsp.audited(uri, 1);
    const errs = errors(diagnostics);
    assert.equal(errs.length, 1, JSON.stringify(diagnostics, null, 1));
    const [m, v, real] = ETCD[4].split(' ');
    assert.deepEqual(errs[0].range, hashRange(edited[4], 4));
    assert.equal(errs[0].source, 'gosum-doctor');
    assert.equal(errs[0].code, 'mismatch');
    const goSum = edited[4].split(' ')[2];
    assert.ok(messageOf(errs[0]).startsWith(`sumdb.test holds ${real} for ${m}@${v}, but go.sum has ${goSum}.\n`), messageOf(errs[0]));
    assert.ok(messageOf(errs[0]).includes(`\n\nverifying ${m}@${v}: checksum mismatch\n\tdownloaded: ${real}\n\tgo.sum:     ${goSum}\n`), messageOf(errs[0]));
    assert.ok(messageOf(errs[0]).includes('SECURITY ERROR'));
    assert.equal(diagnostics.length, 1, 'verified lines are quiet');

    await lsp.waitFor('the end of the progress', () => lsp.progress.find((p) => p.value.kind === 'end'));
    const begin = lsp.progress[0].value;
    assert.equal(begin.kind, 'begin');
    assert.equal(begin.title, `Checking ${ETCD.length} go.sum lines against sumdb.test`);
    assert.equal(begin.cancellable, true);
    // Syntax first, the audit's diagnostics while the progress is shown, then the end of the progress.
    const seq = lsp.sequence.filter((e) => e === `diagnostics ${uri}` || e.startsWith('progress '));
    assert.equal(seq[0], `diagnostics ${uri}`);
    assert.equal(seq[seq.length - 1], 'progress end');
    assert.equal(seq[seq.length - 2], `diagnostics ${uri}`);
    assert.ok(seq.indexOf('progress begin') < seq.lastIndexOf(`diagnostics ${uri}`));
  });

  it('hovering a verified line says so, with the record its proof rests on; a line with a diagnostic shows that alone', async () => {
    const hover = (line: number, character = 2) => lsp.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }) as Promise<{ contents: { kind: string; value: string }; range: unknown } | null>;
    const h = await hover(0);
    assert.ok(h, 'a hover on a verified line');
    assert.equal(h.contents.kind, 'plaintext');
    assert.match(h.contents.value, new RegExp(`^Verified: sumdb\\.test holds this exact line, proven in a tree of [0-9,]+ records\\.\\nIts record is number \\d+ of the [0-9,]+ in the database's log\\.$`));
    assert.deepEqual(h.range, { start: { line: 0, character: 0 }, end: { line: 0, character: edited[0].length } });
    assert.equal(await hover(4), null, 'the mismatch is the diagnostic\'s to say');
  });

  it('says in the status that the database is verified, naming it, how it is reached and its tree size', async () => {
    const status = await lsp.waitFor('status verified', () => lsp.statuses.find((s) => s.state === 'verified'));
    const versions = new Set(ETCD.map((l) => l.split(' ').slice(0, 2).join('@').replace(/\/go\.mod$/, ''))).size;
    assert.equal(status.database?.name, 'sumdb.test');
    assert.equal(status.database?.treeSize, versions);
    assert.equal(status.database?.via, new URL(db.url).host);
    assert.equal(status.database?.baseUrl, db.url);
    assert.equal(lsp.statuses[0].state, 'checking', 'checking is sent first');
    assert.ok(status.text.includes('sumdb.test') && status.text.includes(String(versions)), status.text);
    assert.match(status.tooltipMarkdown ?? '', /GOSUMDB names the URL/);
  });

  it('an edit that tampers another line asks the database nothing new and marks just that line too', async () => {
    const before = db.requests.length;
    edited[10] = tamper(ETCD[10]);
    await lsp.replace(uri, 2, edited.join('\n') + '\n');
    const { diagnostics } = await lsp.audited(uri, 2);
    const errs = errors(diagnostics);
    assert.deepEqual(errs.map((d) => d.range.start.line).sort((a, b) => a - b), [4, 10]);
    const asked = db.requests.slice(before);
    assert.deepEqual(lookupsIn(asked), [], 'both module versions were answered from the verdict cache');
    assert.deepEqual(asked, ['/latest'], 'a re-audit only proves the newest tree head');
  });

  it('a line for a module the database does not know: one lookup, a Warning with GONOSUMDB/GOPRIVATE fixes', async () => {
    const before = db.requests.length;
    edited.push(PRIVATE_LINE);
    await lsp.replace(uri, 3, edited.join('\n') + '\n');
    const { diagnostics } = await lsp.audited(uri, 3);
    assert.deepEqual(lookupsIn(db.requests.slice(before)), ['/lookup/github.com/acme-private/tool@v1.2.3'], 'only the new line is looked up');
    const warn = diagnostics.find((d) => d.range.start.line === edited.length - 1);
    assert.ok(warn, JSON.stringify(diagnostics));
    assert.equal(warn.severity, 2);
    assert.equal(warn.code, 'not-found');
    assert.match(messageOf(warn), /^sumdb\.test does not know github\.com\/acme-private\/tool v1\.2\.3\./);
    const fixes = (warn.data as DiagnosticFixData).fixes;
    assert.deepEqual(fixes.map((f) => f.env), [{ GONOSUMDB: 'github.com/acme-private' }, { GOPRIVATE: 'github.com/acme-private' }]);
    assert.equal(fixes[0].preferred, true);
    assert.equal(errors(diagnostics).length, 2);
  });

  it('a go.sum reopened after closing is answered from the verdict cache: no lookup, same diagnostics', async () => {
    const last = lsp.lastDiagnostics(uri)!;
    await lsp.close(uri);
    await lsp.waitFor('cleared diagnostics', () => (lsp.lastDiagnostics(uri)?.length === 0 ? true : undefined));
    const before = db.requests.length;
    const progressBefore = lsp.progress.length;
    await lsp.open(path.join(home.workspace, 'go.sum'), edited.join('\n') + '\n', 7);
    const { diagnostics, log } = await lsp.audited(uri, 7);
    assert.deepEqual(lookupsIn(db.requests.slice(before)), []);
    assert.match(log, / 0 lookups, /);
    assert.deepEqual(diagnostics, last);
    // The progress is asked for as the open comes in; under load its messages may land after the last publish.
    await lsp.waitFor('an open shows progress at once', () => (lsp.progress.length > progressBefore ? true : undefined));
  });

  it('the same tampered line in an open go.work.sum quotes Go\'s text for that file ("go.work.sum:"), not go.sum\'s', async () => {
    const workUri = await lsp.open(path.join(home.workspace, 'go.work.sum'), edited.join('\n') + '\n');
    const { diagnostics } = await lsp.audited(workUri, 1);
    const onLine4 = (ds: Diagnostic[]) => messageOf(errors(ds).find((d) => d.range.start.line === 4)!);
    const goSum = edited[4].split(' ')[2];
    assert.ok(onLine4(diagnostics).includes(`\tgo.work.sum:     ${goSum}\n`), onLine4(diagnostics));
    // The go.sum beside it keeps its own words (the verdicts judged for one file are not shared with the other).
    assert.ok(onLine4(lsp.lastDiagnostics(uri)!).includes(`\tgo.sum:     ${goSum}\n`));
    await lsp.close(workUri);
  });

  it('a go.work created beside the open go.sum (a watched file): its mismatch names it by its full path, as Go does in workspace mode; removed, plain go.sum again', async () => {
    const goSum = edited[4].split(' ')[2];
    const onLine4 = () => messageOf(errors(lsp.lastDiagnostics(uri)!).find((d) => d.range.start.line === 4)!);
    const audits = () => lsp.logs.filter((l) => l.startsWith(`audited ${uri} v7:`)).length;
    const workFile = path.join(home.workspace, 'go.work');
    const workChanged = async (type: 1 | 3, says: string) => {
      const before = audits();
      if (type === 1) writeFileSync(workFile, 'go 1.19\n\nuse .\n');
      else rmSync(workFile);
      await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(workFile).toString(), type }] });
      await lsp.waitFor(`a new audit naming ${says}`, () => (audits() > before && onLine4().includes(`\t${says}:     ${goSum}\n`) ? true : undefined));
    };
    await workChanged(1, path.join(home.workspace, 'go.sum'));
    await workChanged(3, 'go.sum');
  });

  it('a go env change that makes modules private: their lines turn private, no earlier "verified" is kept for them', async () => {
    const modules = ETCD.map((l) => l.split(' ')[0]);
    const prefix = 'go.opentelemetry.io';
    const count = modules.filter((m) => m.startsWith(prefix + '/')).length;
    assert.ok(count > 0);
    const audits = () => lsp.logs.filter((l) => l.startsWith(`audited ${uri} v7:`)).length;
    const before = audits();
    writeFileSync(home.goEnvFile, `GOSUMDB=${gosumdbFor(db)}\nGONOSUMDB=${prefix}\n`);
    const log = await lsp.waitFor('the audit under the new environment', () => (audits() > before ? lsp.logs.filter((l) => l.startsWith(`audited ${uri} v7:`)).pop() : undefined));
    assert.match(log, new RegExp(`${count} private`));
    // An edit elsewhere keeps them private.
    edited[20] = tamper(ETCD[20]);
    await lsp.replace(uri, 8, edited.join('\n') + '\n');
    const again = await lsp.audited(uri, 8);
    assert.match(again.log, new RegExp(`${count} private`));
    assert.equal(errors(again.diagnostics).length, 3);
    // Such a line has no diagnostic: hovering it says why nothing was asked.
    const line = modules.findIndex((m) => m.startsWith(prefix + '/'));
    const h = await lsp.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 1 } }) as { contents: { value: string } } | null;
    assert.equal(h?.contents.value, `Not sent to the checksum database: ${modules[line]} matches GONOSUMDB=${prefix}. The go command does not check it there either; only go.sum vouches for it.`);
  });
});
