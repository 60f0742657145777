// Owns: a real LSP client for tests — spawns the built server (dist/server.js, over stdio, or over node IPC as the
// extension's client starts it) with a hermetic
// environment, answers what the server asks the client (workspace/configuration from settings the test sets,
// work-done progress creation), records every notification (diagnostics, status, progress, log messages) in
// arrival order, and waits on them without polling.
// Must never: leave the server running (close() ends it, and kills it if it does not exit), or let the server
// read the developer's real Go settings or caches.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { StatusParams } from '../../server/src/shared/protocol';
import { DIST_SERVER, ensureBuilt, ROOT } from './built';
import { serverNodeArgs } from '../../server/src/shared/serverProcess';

export interface Home {
  dir: string;
  /** GOENV points here; the file is created by the test when needed. */
  goEnvFile: string;
  /** The workspace folder. */
  workspace: string;
  remove(): void;
}

/** A private HOME with the go env file, caches and a workspace folder inside. */
export function makeHome(prefix = 'lsp'): Home {
  const dir = mkdtempSync(path.join(tmpdir(), `gosum-doctor-${prefix}-`));
  const workspace = path.join(dir, 'ws');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(path.join(dir, 'config', 'go'), { recursive: true });
  return {
    dir, workspace, goEnvFile: path.join(dir, 'config', 'go', 'env'),
    remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }),
  };
}

/** The server's environment: only what the test sets, plus private HOME, caches and GOENV. No PATH: no go binary. */
export function serverEnv(home: Home, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: home.dir,
    XDG_CONFIG_HOME: path.join(home.dir, 'config'),
    XDG_CACHE_HOME: path.join(home.dir, 'cache'),
    GOPATH: path.join(home.dir, 'go'),
    GOMODCACHE: path.join(home.dir, 'go', 'pkg', 'mod'),
    GOENV: home.goEnvFile,
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    ...extra,
  };
}

export interface ProgressEvent { token: string | number; value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean } }

export interface LspClientOptions {
  env: Record<string, string>;
  workspace: string;
  trusted?: boolean;
  locale?: string;
  /** Answers to workspace/configuration, by section; changed by the test between steps. */
  settings?: Record<string, unknown>;
  extraArgs?: string[];
  /** Options for node itself, before the script (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
  /** 'ipc': forked with --node-ipc and the client's process id, as vscode-languageclient starts it. Default 'stdio'. */
  transport?: 'stdio' | 'ipc';
}

export interface LspTestClient {
  conn: MessageConnection;
  /** The server's process id. */
  pid: number;
  /** Every publishDiagnostics, in order. */
  diagnostics: PublishDiagnosticsParams[];
  statuses: StatusParams[];
  progress: ProgressEvent[];
  logs: string[];
  /** Every notification in arrival order: "diagnostics <uri>", "progress <kind>", "status <state>", "log". */
  sequence: string[];
  settings: Record<string, unknown>;
  /** Resolves with the first non-undefined value of `check`, evaluated now and after every message. */
  waitFor<T>(what: string, check: () => T | undefined, ms?: number): Promise<T>;
  /** The last diagnostics published for a URI. */
  lastDiagnostics(uri: string): Diagnostic[] | undefined;
  /** Resolves when the server logs that it audited `uri` at `version`; returns the diagnostics published then. */
  audited(uri: string, version: number, ms?: number): Promise<{ diagnostics: Diagnostic[]; log: string }>;
  open(file: string, text: string, version?: number): Promise<string>;
  replace(uri: string, version: number, text: string): Promise<void>;
  /** An incremental change, as VS Code sends one: `text` replaces the range (0-based lines and characters). */
  edit(uri: string, version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<void>;
  close(uri: string): Promise<void>;
  stop(): Promise<void>;
}

/** A diagnostic's message as text (the protocol also allows Markdown content). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

export function readFixture(name: string): string {
  return readFileSync(path.join(ROOT, 'test', 'fixtures', 'reference', 'gosum', name), 'utf8');
}

/** The server process and its connection. Node options as the extension's client passes them; nodeArgs come after, so they can override. */
function startServerProcess(options: LspClientOptions): { child: ChildProcess; conn: MessageConnection } {
  const execArgv = [...serverNodeArgs(availableParallelism()), ...(options.nodeArgs ?? [])];
  if (options.transport === 'ipc') {
    const child = fork(DIST_SERVER, ['--node-ipc', `--clientProcessId=${process.pid}`, ...(options.extraArgs ?? [])], { execArgv, env: options.env, silent: true });
    child.stdout!.resume();
    child.stderr!.pipe(process.stderr);
    return { child, conn: createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child)) };
  }
  const child = spawn(process.execPath, [...execArgv, DIST_SERVER, '--stdio', ...(options.extraArgs ?? [])], { env: options.env, stdio: ['pipe', 'pipe', 'inherit'] });
  return { child, conn: createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)) };
}

export async function startLspClient(options: LspClientOptions): Promise<LspTestClient> {
  ensureBuilt();
  const { child, conn } = startServerProcess(options);
  const diagnostics: PublishDiagnosticsParams[] = [];
  const statuses: StatusParams[] = [];
  const progress: ProgressEvent[] = [];
  const logs: string[] = [];
  const sequence: string[] = [];
  const settings: Record<string, unknown> = options.settings ?? {};
  const checks = new Set<() => void>();
  const wake = () => { for (const c of [...checks]) c(); };

  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { diagnostics.push(p); sequence.push(`diagnostics ${p.uri}`); wake(); });
  conn.onNotification('gosumDoctor/status', (p: StatusParams) => { statuses.push(p); sequence.push(`status ${p.state}`); wake(); });
  conn.onNotification('$/progress', (p: ProgressEvent) => { progress.push(p); sequence.push(`progress ${p.value.kind}`); wake(); });
  conn.onNotification('window/logMessage', (p: { message: string }) => { logs.push(p.message); sequence.push('log'); wake(); });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => settings[i.section ?? ''] ?? null));
  conn.listen();

  const rootUri = pathToFileURL(options.workspace).toString();
  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri, locale: options.locale ?? 'en',
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true, workspaceFolders: true } },
    initializationOptions: { trusted: options.trusted ?? true },
  });
  await conn.sendNotification('initialized', {});

  const client: LspTestClient = {
    conn, pid: child.pid!, diagnostics, statuses, progress, logs, sequence, settings,
    waitFor<T>(what: string, check: () => T | undefined, ms = 15_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const run = () => {
          let v: T | undefined;
          try { v = check(); } catch (e) { finish(); reject(e); return; }
          if (v !== undefined) { finish(); resolve(v); }
        };
        const timer = setTimeout(() => { finish(); reject(new Error(`timed out after ${ms} ms waiting for ${what}; last logs:\n${logs.slice(-8).join('\n')}`)); }, ms);
        const finish = () => { clearTimeout(timer); checks.delete(run); };
        checks.add(run);
        run();
      });
    },
    lastDiagnostics(uri: string) {
      for (let i = diagnostics.length - 1; i >= 0; i--) if (diagnostics[i].uri === uri) return diagnostics[i].diagnostics;
      return undefined;
    },
    async audited(uri: string, version: number, ms?: number) {
      const mark = `audited ${uri} v${version}:`;
      const log = await client.waitFor(`the audit of ${uri} v${version}`, () => logs.find((l) => l.startsWith(mark)), ms);
      return { diagnostics: client.lastDiagnostics(uri) ?? [], log };
    },
    async open(file: string, text: string, version = 1) {
      const uri = pathToFileURL(file).toString();
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go.sum', version, text } });
      return uri;
    },
    async replace(uri: string, version: number, text: string) {
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    async edit(uri, version, range, text) {
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    },
    async close(uri: string) {
      await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    async stop() {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000).unref())]);
        await conn.sendNotification('exit');
      } catch { /* already gone */ }
      const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
      killer.unref();
      await exited;
      clearTimeout(killer);
      conn.dispose();
    },
  };
  return client;
}
