// Speed of the audit inside the language server (dist/server.js over stdio, started with --measure-event-loop),
// against our test database with 20 ms added to every response, on telegraf's real go.sum:
// - cold audit on open: time, lookups, and the longest event-loop delay in the server process meanwhile
//   (target: no block over 20 ms);
// - warm re-audit after an edit, every verdict cached: from didChange to the publishDiagnostics of the audit,
//   minus the edit debounce, and the server's own figure (target: <= 30 ms);
// - a reopen after close (verdict cache, no lookups).
// Prints figures; asserts nothing about time.
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VALIDATION_DELAY_MS } from '../../server/src/lsp/debounce';
import { gosumdbFor, lookupsIn } from '../support/audit-setup';
import { makeHome, readFixture, serverEnv, startLspClient, type LspTestClient } from '../support/lspClient';
import { startSumdbServer } from '../support/sumdb-server';

const LATENCY_MS = 20;
const TELEGRAF = readFixture('influxdata_telegraf.go.sum');

function row(label: string, value: string, extra = ''): void {
  console.log(`${label.padEnd(58)} ${value.padStart(10)}  ${extra}`);
}

function figure(log: string, pattern: RegExp): number | undefined {
  const m = pattern.exec(log);
  return m ? Number(m[1]) : undefined;
}

/** Time from now until the audit of `version` is published, as the client sees it. */
async function timedAudit(lsp: LspTestClient, uri: string, version: number, act: () => Promise<void>): Promise<{ clientMs: number; log: string }> {
  const t0 = performance.now();
  await act();
  const { log } = await lsp.audited(uri, version, 120_000);
  // The audit's diagnostics were published just before its log line; take the arrival of that publish.
  const clientMs = performance.now() - t0;
  return { clientMs, log };
}

async function main(): Promise<void> {
  const lines = TELEGRAF.split('\n').filter((l) => l.trim() !== '');
  const db = await startSumdbServer({ goSumLines: lines, latencyMs: LATENCY_MS });
  const home = makeHome('bench-lsp');
  writeFileSync(home.goEnvFile, `GOSUMDB=${gosumdbFor(db)}\n`);
  const lsp = await startLspClient({ env: serverEnv(home), workspace: home.workspace, extraArgs: ['--measure-event-loop'] });
  console.log(`telegraf go.sum: ${lines.length} lines; ${LATENCY_MS} ms added to every response; ${os.cpus().length} cores; server in its own process`);
  try {
    await lsp.waitFor('the first status', () => lsp.statuses.find((s) => s.state !== 'checking'), 10_000);
    const file = path.join(home.workspace, 'go.sum');

    // 1. Cold audit on open.
    const before = db.requests.length;
    let uri = '';
    const cold = await timedAudit(lsp, 'file://' + file, 1, async () => { uri = await lsp.open(file, TELEGRAF); });
    row('cold audit on open (client: didOpen → audit published)', `${cold.clientMs.toFixed(0)} ms`,
      `server ${figure(cold.log, /, ([\d.]+) ms/)} ms, lookups ${lookupsIn(db.requests.slice(before)).length}, ` +
      `max event-loop delay in the server ${figure(cold.log, /event-loop max ([\d.]+) ms/)} ms (target <= 20)`);

    // 2. Warm re-audits after an edit that changes no verdict (a blank line at the end), every verdict cached.
    const clientMs: number[] = [];
    const serverMs: number[] = [];
    const loopMs: number[] = [];
    let text = TELEGRAF;
    for (let v = 2; v <= 11; v++) {
      text += '\n';
      const reqs = db.requests.length;
      const warm = await timedAudit(lsp, uri, v, () => lsp.replace(uri, v, text));
      clientMs.push(warm.clientMs - VALIDATION_DELAY_MS);
      serverMs.push(figure(warm.log, /, ([\d.]+) ms/) ?? NaN);
      loopMs.push(figure(warm.log, /event-loop max ([\d.]+) ms/) ?? NaN);
      if (lookupsIn(db.requests.slice(reqs)).length > 0) console.log('  (a warm re-audit looked something up!)');
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    row('warm re-audit (client: didChange → published, − debounce)', `${median(clientMs).toFixed(1)} ms`,
      `median of ${clientMs.length}; min ${Math.min(...clientMs).toFixed(1)}, max ${Math.max(...clientMs).toFixed(1)} ms (target <= 30 ms)`);
    row('warm re-audit (server: audit start → published)', `${median(serverMs).toFixed(1)} ms`,
      `min ${Math.min(...serverMs).toFixed(1)}, max ${Math.max(...serverMs).toFixed(1)} ms; one /latest round trip of ${LATENCY_MS} ms included; ` +
      `max event-loop delay ${Math.max(...loopMs).toFixed(1)} ms`);

    // 3. Reopen after close.
    await lsp.close(uri);
    const reqs = db.requests.length;
    const reopen = await timedAudit(lsp, uri, 20, async () => { await lsp.open(file, text, 20); });
    row('reopen after close (client: didOpen → audit published)', `${reopen.clientMs.toFixed(0)} ms`,
      `server ${figure(reopen.log, /, ([\d.]+) ms/)} ms, lookups ${lookupsIn(db.requests.slice(reqs)).length}`);
  } finally {
    await lsp.stop();
    await db.close();
    home.remove();
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
