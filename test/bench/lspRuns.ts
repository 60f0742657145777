// Owns: the product bench's language-server runs: dist/server.js started as the extension's client starts it
// (forked over node IPC with serverNodeArgs, default settings, the user's environment), a go.sum opened right
// after `initialized` (as when VS Code restores an open go.sum, which is what activates the extension), and the
// time from that didOpen (and from the server's spawn) to the last publishDiagnostics before the server logs the audit's end; with the
// database's counts around the whole server run, and the server's peak RSS (VmHWM) at that point.
// The audit must have verified every line, or the run is reported as wrong. Optionally, editor requests sent
// every ~20 ms during the audit and each one's round trip timed (RequestProbe). Test tooling only.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLspClient, type LspTestClient } from '../support/lspClient';
import type { Sample } from './figures';
import { statsBetween, type ChildDatabase } from './sumdbServerProcess';
import { peakRssOf } from './timedProcess';
import type { Project } from './userSetup';

export interface LspRun {
  sample: Sample;
  /** From the server's spawn to the same last publish: what a user waits when VS Code restores an open go.sum. */
  fromSpawnMs: number;
  /** The server's line about the audit ("audited URI v1: N lines [...]"). */
  log: string;
  correct: boolean;
  /** Round trips of the editor requests sent during the audit, in ms (empty unless asked for). */
  requestMs: number[];
}

/**
 * The requests an editor sends while the user reads a go.sum. The server answers hovers itself (a look at the
 * verdicts last published); code actions and symbols come from the client or not at all, so its JSON-RPC layer
 * answers those with MethodNotFound: the round trip is then mostly the wait for the server's event loop.
 */
const EDITOR_REQUESTS = ['textDocument/hover', 'textDocument/codeAction', 'textDocument/documentSymbol'] as const;
const REQUEST_EVERY_MS = 20;

/** Sends an editor request every REQUEST_EVERY_MS while running, each after the last was answered, and times each. */
class RequestProbe {
  readonly ms: number[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(private readonly lsp: LspTestClient, private readonly uri: string) {
    this.done = this.loop();
  }

  async stop(): Promise<number[]> {
    this.running = false;
    await this.done;
    return this.ms;
  }

  private async loop(): Promise<void> {
    const position = { line: 0, character: 0 };
    const range = { start: position, end: position };
    for (let i = 0; this.running; i++) {
      const method = EDITOR_REQUESTS[i % EDITOR_REQUESTS.length];
      const params = { textDocument: { uri: this.uri }, position, range, context: { diagnostics: [] } };
      const t0 = performance.now();
      await this.lsp.conn.sendRequest(method, params).catch(() => undefined);
      this.ms.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, REQUEST_EVERY_MS));
    }
  }
}

/** Opens the project's go.sum in a new server and waits for its audit; the server is stopped after. */
export async function openAndAudit(db: ChildDatabase, project: Project, env: Record<string, string>, timeoutMs: number, probeRequests = false): Promise<LspRun> {
  const text = readFileSync(project.goSumPath, 'utf8');
  const before = await db.stats();
  const spawned = performance.now();
  const lsp = await startLspClient({ env, workspace: project.dir, transport: 'ipc' });
  try {
    const opened = performance.now();
    const { ms, log, requestMs } = await timedOpen(lsp, path.join(project.dir, 'go.sum'), text, timeoutMs, probeRequests);
    const peakRssMB = peakRssOf(lsp.pid);
    const s = statsBetween(before, await db.stats());
    const m = /: (\d+) lines \[(\d+) verified\]/.exec(log);
    const correct = m !== null && Number(m[1]) === project.lines && Number(m[2]) === project.lines;
    return { sample: { ms, peakRssMB, requests: s.requests, http2: s.http2, connections: s.connections }, fromSpawnMs: opened - spawned + ms, log, correct, requestMs };
  } finally {
    await lsp.stop();
  }
}

/** didOpen, then the arrival of the last publishDiagnostics for the file before the server's "audited" line. */
async function timedOpen(lsp: LspTestClient, file: string, text: string, timeoutMs: number, probeRequests: boolean): Promise<{ ms: number; log: string; requestMs: number[] }> {
  const uri = pathToFileURL(file).toString();
  const mark = `audited ${uri} v1:`;
  let seen = lsp.diagnostics.length;
  let lastPublish = NaN;
  // Registered before the didOpen goes out: the check runs as each message arrives, so each publish is timed then.
  const audited = lsp.waitFor(`the audit of ${uri}`, () => {
    for (; seen < lsp.diagnostics.length; seen++) if (lsp.diagnostics[seen].uri === uri) lastPublish = performance.now();
    return lsp.logs.find((l) => l.startsWith(mark));
  }, timeoutMs);
  const t0 = performance.now();
  await lsp.open(file, text);
  const probe = probeRequests ? new RequestProbe(lsp, uri) : undefined;
  const log = await audited;
  const requestMs = (await probe?.stop()) ?? [];
  return { ms: lastPublish - t0, log, requestMs };
}
