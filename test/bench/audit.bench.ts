// Speed and memory of the go.sum audit against our test database with 20 ms added to every response:
// telegraf's real go.sum cold over HTTP/1.1 (16 connections) and over HTTPS/HTTP/2 (2 connections), warm
// re-audit in-process, the whole CLI process warm, and a 100,000-line synthetic go.sum in a child process
// (peak RSS, longest event-loop block). Prints figures; asserts nothing about time.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GoSumAuditor } from '../../server/src/audit/auditor';
import { createAuditContext } from '../../server/src/audit/context';
import { parseGoSum } from '../../server/src/parse/gosum';
import { testCertificates } from '../support/certs';
import { startSumdbServer, type SumdbServer } from '../support/sumdb-server';

const ROOT = path.resolve(__dirname, '..', '..');
const LATENCY_MS = 20;
const TELEGRAF = readFileSync(path.join(ROOT, 'test', 'fixtures', 'reference', 'gosum', 'influxdata_telegraf.go.sum'), 'utf8');

function versionsOf(text: string): number {
  const set = new Set<string>();
  for (const l of text.split('\n')) {
    const f = l.trim().split(/\s+/);
    if (f.length === 3) set.add(`${f[0]}@${f[1].replace(/\/go\.mod$/, '')}`);
  }
  return set.size;
}

function synthetic(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    const h = (s: string) => 'h1:' + createHash('sha256').update(s).digest('base64');
    out.push(`example.com/synth/m${i} v1.${i % 97}.0 ${h(`zip${i}`)}`, `example.com/synth/m${i} v1.${i % 97}.0/go.mod ${h(`mod${i}`)}`);
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function env(home: string, db: SumdbServer, extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: home, GOENV: 'off', GOPATH: path.join(home, 'go'), GOPROXY: 'off', GOSUMDB: `${db.verifierKey} ${db.url}`, ...extra };
}

function row(label: string, ms: number, extra: string): void {
  console.log(`${label.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms  ${extra}`);
}

interface Measured { ms: number; requests: number; connections: number; maxBlockMs: number; summary: string }

async function auditOnce(db: SumdbServer, auditor: GoSumAuditor, text: string): Promise<Measured> {
  const reqs = db.requests.length;
  const conns = db.connections;
  const parsed = parseGoSum(text);
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  const r = await auditor.audit(parsed);
  const ms = performance.now() - t0;
  h.disable();
  const summary = Object.entries(r.summary).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
  return { ms, requests: db.requests.length - reqs, connections: db.connections - conns, maxBlockMs: h.max / 1e6, summary };
}

function runChild(args: string[], childEnv: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...childEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** Child mode: audit a go.sum file in this process and report time, peak RSS and the longest event-loop block. */
async function child(file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const parsed = parseGoSum(text);
  const ctx = await createAuditContext({
    processEnv: process.env, cacheDir: process.env.GOSUM_DOCTOR_CACHE,
    transportOptions: { connections: 2, allowH2: true, streamsPerConnection: 250, extraCACertificates: process.env.BENCH_CA ? [process.env.BENCH_CA] : [] },
  });
  const auditor = new GoSumAuditor(ctx, { concurrency: Number(process.env.BENCH_CONCURRENCY) || 250 });
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  const r = await auditor.audit(parsed);
  const ms = performance.now() - t0;
  h.disable();
  await ctx.close();
  console.log(JSON.stringify({ ms, lines: r.verdicts.length, verified: r.summary.verified, maxRssMB: process.resourceUsage().maxRSS / 1024, maxBlockMs: h.max / 1e6 }));
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-bench-audit-'));
  const telegrafVersions = versionsOf(TELEGRAF);
  const telegrafLines = TELEGRAF.split('\n').filter((l) => l.trim() !== '');
  console.log(`telegraf go.sum: ${telegrafLines.length} lines, ${telegrafVersions} module versions; ${LATENCY_MS} ms added to every response; ${os.cpus().length} cores`);
  const only = process.env.BENCH_ONLY; // 'big' runs just the 100,000-line child (for quick iterations)
  try {
    if (only !== 'big') await telegraf(work, telegrafVersions, telegrafLines);
    await big(work);
    console.log('* in-process figures share the event loop with the test database itself; the child figure has no server in it.');
  } finally {
    rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  }
}

async function telegraf(work: string, telegrafVersions: number, telegrafLines: string[]): Promise<void> {
  {
    // 1. Cold, plain HTTP/1.1, at most 16 connections.
    const http1 = await startSumdbServer({ goSumLines: telegrafLines, latencyMs: LATENCY_MS });
    const home1 = path.join(work, 'h1');
    const ctx1 = await createAuditContext({ processEnv: env(home1, http1), cacheDir: path.join(home1, 'cache'), transportOptions: { connections: 16 } });
    const a1 = new GoSumAuditor(ctx1, { concurrency: 32 });
    const cold1 = await auditOnce(http1, a1, TELEGRAF);
    const floor = (telegrafVersions / 16) * LATENCY_MS;
    row('cold audit, HTTP/1.1, 16 connections', cold1.ms,
      `requests ${cold1.requests}, connections ${cold1.connections}, floor ${floor.toFixed(0)} ms (x${(cold1.ms / floor).toFixed(2)}; target <= 1.3), max loop block ${cold1.maxBlockMs.toFixed(1)} ms* [${cold1.summary}]`);

    // 2. Warm re-audit in-process: every verdict cached, one /latest round trip.
    const warm = await auditOnce(http1, a1, TELEGRAF);
    row('warm re-audit in-process (verdict cache + /latest)', warm.ms, `requests ${warm.requests}, max loop block ${warm.maxBlockMs.toFixed(1)} ms* (target <= 30 ms)`);
    await ctx1.close();

    // 3. The whole CLI process, warm (our cache on disk from run 1; a fresh process has no memory of it).
    writeFileSync(path.join(work, 'go.sum'), TELEGRAF);
    const cliEnv = { ...env(home1, http1), GOSUM_DOCTOR_CACHE: path.join(home1, 'cache') };
    const cliRuns: number[] = [];
    let cliReqs = 0;
    for (let i = 0; i < 3; i++) {
      const before = http1.requests.length;
      const r = await runChild([path.join(ROOT, 'dist', 'cli.js'), 'check', path.join(work, 'go.sum')], cliEnv);
      if (r.code !== 0) console.log(`  CLI exited ${r.code}: ${r.stderr.slice(0, 300)}`);
      cliRuns.push(r.ms);
      cliReqs = http1.requests.length - before;
    }
    row('whole CLI process, warm (best of 3)', Math.min(...cliRuns), `runs ${cliRuns.map((m) => m.toFixed(0)).join('/')} ms, requests ${cliReqs} (target <= 200 ms)`);
    await http1.close();

    // 4. Cold, HTTPS with HTTP/2: at most 2 connections, many concurrent streams.
    const certs = testCertificates();
    const h2 = await startSumdbServer({ goSumLines: telegrafLines, latencyMs: LATENCY_MS, tls: { cert: certs.server.cert, key: certs.server.key, http2: true } });
    const home2 = path.join(work, 'h2');
    const ctx2 = await createAuditContext({
      processEnv: env(home2, h2, { SSL_CERT_FILE: certs.rootBundlePath }), cacheDir: path.join(home2, 'cache'),
      transportOptions: { connections: 2, allowH2: true, streamsPerConnection: 250 },
    });
    const a2 = new GoSumAuditor(ctx2, { concurrency: 500 });
    const cold2 = await auditOnce(h2, a2, TELEGRAF);
    row('cold audit, HTTPS + HTTP/2, 2 connections x 250 streams', cold2.ms,
      `requests ${cold2.requests}, connections ${cold2.connections}, max loop block ${cold2.maxBlockMs.toFixed(1)} ms* [${cold2.summary}]`);
    await ctx2.close();
    await h2.close();
  }
}

async function big(work: string): Promise<void> {
  const certs = testCertificates();
  {
    // 5. 100,000 synthetic lines in a child process: peak RSS and the longest event-loop block there.
    const text = synthetic(100_000);
    const synthLines = text.split('\n').filter((l) => l !== '');
    const t0 = performance.now();
    const db = await startSumdbServer({ goSumLines: synthLines, latencyMs: LATENCY_MS, tls: { cert: certs.server.cert, key: certs.server.key, http2: true } });
    console.log(`  (built a test database of ${db.log.size} records in ${(performance.now() - t0).toFixed(0)} ms)`);
    const home3 = path.join(work, 'big');
    mkdirSync(home3, { recursive: true });
    writeFileSync(path.join(home3, 'go.sum'), text);
    const before = db.requests.length;
    const r = await runChild(['--import', 'tsx', __filename, '--child', path.join(home3, 'go.sum')],
      { ...env(home3, db, { SSL_CERT_FILE: certs.rootBundlePath }), GOSUM_DOCTOR_CACHE: path.join(home3, 'cache') });
    if (r.code !== 0) console.log(`  child exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    else {
      const c = JSON.parse(r.stdout.trim().split('\n').pop()!);
      row('100,000 lines cold (child, HTTP/2, 2 connections)', c.ms,
        `requests ${db.requests.length - before}, connections ${db.connections}, verified ${c.verified}/${c.lines}, peak RSS ${c.maxRssMB.toFixed(0)} MB (target <= 250), max loop block ${c.maxBlockMs.toFixed(1)} ms (target <= 20)`);
    }
    await db.close();
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3]).catch((e) => { console.error(e); process.exitCode = 1; });
} else {
  main().catch((e) => { console.error(e); process.exitCode = 1; });
}
