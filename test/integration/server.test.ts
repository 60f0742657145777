import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { ensureBuilt, DIST_SERVER } from '../support/built';
import { gosumdbFor } from '../support/auditSetup';
import { makeHome, serverEnv, type Home } from '../support/lspClient';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';

const H_A = 'h1:KlQV+7CEdqJ7E/eXKgVs27RMjFZn2I0x44SjauCGNkY=';
const H_M = 'h1:rcTgdhGf2dvXrNywJG0jkV+0342RC7PiKN0YX33Ej6Y=';

describe('the language server over a real LSP connection', () => {
  let child: ChildProcess;
  let conn: MessageConnection;
  let dir: string;
  let home: Home;
  let db: SumdbServer;
  const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  function nextDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), 10_000);
      t.unref();
      waiters.push({ uri, pred, resolve: (p) => { clearTimeout(t); resolve(p); } });
    });
  }

  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'gosum-doctor-lsp-'));
    // The server audits open go.sum files: a hermetic environment and a test database that knows these lines.
    db = await startSumdbServer({ goSumLines: [`a.com/x v1.0.0 ${H_A}`, `a.com/x v1.1.0 ${H_M}`, `a.com/y v1.0.0/go.mod ${H_M}`] });
    home = makeHome('lsp-server');
    writeFileSync(home.goEnvFile, `GOSUMDB=${gosumdbFor(db)}\n`);
    child = spawn(process.execPath, [DIST_SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: serverEnv(home) });
    conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const i = waiters.findIndex((w) => w.uri === p.uri && w.pred(p));
      if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
    });
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: {} });
    await conn.sendNotification('initialized', {});
  });

  after(async () => {
    try {
      await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000).unref())]);
      await conn.sendNotification('exit');
    } catch { /* already gone */ }
    conn.dispose();
    child.kill();
    await db.close();
    home.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes Go\'s malformed-line error when a go.sum is opened', async () => {
    const uri = pathToFileURL(path.join(dir, 'go.sum')).toString();
    const got = nextDiagnostics(uri);
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'go.sum', version: 1, text: `a.com/x v1.0.0 ${H_A}\na.com/x v1.1.0\n` },
    });
    const p = await got;
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0].message, 'malformed go.sum: wrong number of fields 2');
    assert.equal(p.diagnostics[0].severity, 1);
    assert.deepEqual(p.diagnostics[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } });
  });

  it('clears the error after the user fixes the line (debounced edit)', async () => {
    const uri = pathToFileURL(path.join(dir, 'go.sum')).toString();
    const got = nextDiagnostics(uri, (p) => p.version === 2);
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 14 }, end: { line: 1, character: 14 } }, text: ` ${H_M}` }],
    });
    const p = await got;
    assert.deepEqual(p.diagnostics, []);
  });

  it('warns on a go.mod require whose go.mod line the open go.sum lacks, and updates when go.sum gains it', async () => {
    const modUri = pathToFileURL(path.join(dir, 'go.mod')).toString();
    const sumUri = pathToFileURL(path.join(dir, 'go.sum')).toString();
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n');
    const first = nextDiagnostics(modUri);
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: modUri, languageId: 'go.mod', version: 1, text: 'module example.com/app\n\nrequire a.com/y v1.0.0\n' },
    });
    const p = await first;
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0].message, 'a.com/y@v1.0.0: missing go.sum entry for go.mod file; to add it:\n\tgo mod download a.com/y');
    assert.equal(p.diagnostics[0].severity, 2);
    assert.equal(p.diagnostics[0].range.start.line, 2);

    const second = nextDiagnostics(modUri, (d) => d.diagnostics.length === 0);
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: sumUri, version: 3 },
      contentChanges: [{ text: `a.com/y v1.0.0/go.mod ${H_M}\n` }],
    });
    assert.deepEqual((await second).diagnostics, []);
  });

  it('a go.mod requirement replaced by a directory without go.mod gets the go command\'s error, in its words; gone once the go.mod is there', async () => {
    const modUri = pathToFileURL(path.join(dir, 'go.mod')).toString();
    const text = 'module example.com/app\n\nrequire a.com/z v1.0.0\n\nreplace a.com/z => ./z\n';
    const got = nextDiagnostics(modUri, (d) => d.diagnostics.some((x) => x.code === 'gomod.replacementGoMod'));
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: modUri, version: 2 }, contentChanges: [{ text }] });
    const p = await got;
    assert.equal(p.diagnostics[0].message, `a.com/z@v1.0.0 (replaced by ./z): reading z/go.mod: open ${path.join(dir, 'z', 'go.mod')}: no such file or directory`);
    assert.equal(p.diagnostics[0].range.start.line, 2);
    mkdirSync(path.join(dir, 'z'));
    writeFileSync(path.join(dir, 'z', 'go.mod'), 'module a.com/z\n');
    const cleared = nextDiagnostics(modUri, (d) => d.diagnostics.length === 0);
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: modUri, version: 3 }, contentChanges: [{ text }] });
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = pathToFileURL(path.join(dir, 'go.sum')).toString();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: 'bad\n' }] });
    const cleared = nextDiagnostics(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
    await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual((await cleared).diagnostics, []);
  });
});
