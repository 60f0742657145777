// Speed and memory of the go.sum audit against our test database with 20 ms added to every response. The
// database runs in a CHILD process (sumdbServerProcess.ts) so its CPU and event loop are not ours; requests
// and connections come from its log. Figures: telegraf's real go.sum cold over HTTP/1.1 (16 connections), warm
// re-audit in-process, the whole CLI process warm (spawned 5 times, median), cold over HTTPS/HTTP/2 (2
// connections) next to a Go program doing what gosumcheck does (golang.org/x/mod/sumdb, every lookup at once),
// and a 100,000-line synthetic go.sum audited in a child process (peak RSS, longest event-loop block); then
// ("real") warm runs on sum.golang.org's layout, where every go.sum record sits in a level-0 tile of its own.
// Prints figures; asserts nothing about time. BENCH_ONLY=h1,warm,cli,h2,big,real runs a subset.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GoSumAuditor } from '../../server/src/audit/auditor';
import { createAuditContext, type AuditContext } from '../../server/src/audit/context';
import { AUDIT_CONCURRENCY } from '../../server/src/lsp/databaseSession';
import { parseGoSum } from '../../server/src/parse/gosum';
import { testCertificates } from '../support/certs';
import { DIST_CLI, ROOT } from '../support/built';
import { goSumFixture } from '../support/sumdb-client-setup';
import { groupGoSumLines } from '../support/sumdb-log';
import { spawnSumdbServer, type ChildSumdbServer, type ServerStats } from './sumdbServerProcess';
import { serverNodeArgs } from '../../server/src/shared/serverProcess';

const LATENCY_MS = 20;
const TELEGRAF_PATH = goSumFixture('influxdata_telegraf.go.sum');
const TELEGRAF = readFileSync(TELEGRAF_PATH, 'utf8');
const ONLY = new Set((process.env.BENCH_ONLY ?? 'h1,warm,cli,h2,big,real').split(','));
/** Filler records before each telegraf record in the "real" layout: 2.8 million records, one tile per record. */
const REAL_SPREAD = 1000;

function synthetic(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    const h = (s: string) => 'h1:' + createHash('sha256').update(s).digest('base64');
    out.push(`example.com/synth/m${i} v1.${i % 97}.0 ${h(`zip${i}`)}`, `example.com/synth/m${i} v1.${i % 97}.0/go.mod ${h(`mod${i}`)}`);
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function env(home: string, db: { verifierKey: string; url: string }, extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: home, GOENV: 'off', GOPATH: path.join(home, 'go'), GOPROXY: 'off', GOSUMDB: `${db.verifierKey} ${db.url}`, ...extra };
}

function row(label: string, ms: number, extra: string): void {
  console.log(`${label.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms  ${extra}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function diff(after: ServerStats, before: ServerStats): ServerStats {
  return {
    requests: after.requests - before.requests, lookups: after.lookups - before.lookups, tiles: after.tiles - before.tiles,
    latest: after.latest - before.latest, other: after.other - before.other, connections: after.connections - before.connections,
    cpuMs: after.cpuMs - before.cpuMs,
  };
}

function requestText(s: ServerStats): string {
  return `requests ${s.requests} (${s.lookups} lookups, ${s.tiles} tiles, ${s.latest} latest), connections ${s.connections}, server CPU ${s.cpuMs.toFixed(0)} ms`;
}

interface Measured { ms: number; stats: ServerStats; maxBlockMs: number; summary: string; settleMs: number }

async function auditOnce(db: ChildSumdbServer, ctx: AuditContext, auditor: GoSumAuditor, text: string): Promise<Measured> {
  const before = await db.stats();
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  const r = await auditor.audit(parseGoSum(text));
  const ms = performance.now() - t0;
  h.disable();
  // Cache writes finish behind the audit; wait for them outside the timed span (the next figure needs them).
  const s0 = performance.now();
  await ctx.client?.settled();
  const settleMs = performance.now() - s0;
  const summary = Object.entries(r.summary).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
  return { ms, stats: diff(await db.stats(), before), maxBlockMs: h.max / 1e6, summary, settleMs };
}

function runChild(cmd: string, args: string[], childEnv: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...childEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** auditChild.ts bundled for plain node (no TypeScript loader in the measured process). */
function bundleAuditChild(dir: string): string {
  const out = path.join(dir, 'audit-child.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'auditChild.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    outfile: out, logLevel: 'warning',
  });
  return out;
}

/** Builds the gosumcheck-equivalent Go program into `dir`, or says why it cannot. */
function buildGoBaseline(dir: string): { bin: string } | { skip: string } {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) return { skip: 'go is not installed (apt-get install golang-go golang-golang-x-mod-dev)' };
  const gopath = '/usr/share/gocode';
  if (!existsSync(path.join(gopath, 'src', 'golang.org', 'x', 'mod', 'sumdb', 'client.go'))) {
    return { skip: 'golang.org/x/mod sources are not in /usr/share/gocode (apt-get install golang-golang-x-mod-dev)' };
  }
  const bin = path.join(dir, 'gosumcheck-equivalent');
  const r = spawnSync('go', ['build', '-o', bin, './test/bench/gosumcheck-equivalent'], {
    cwd: ROOT, encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOPATH: gopath, GOFLAGS: '', GOCACHE: process.env.GOCACHE || path.join(os.tmpdir(), 'gosum-doctor-bench-gocache') },
  });
  if (r.status !== 0) return { skip: `go build failed: ${(r.stderr || r.error?.message || '').trim().slice(0, 300)}` };
  return { bin: `${bin} (${go.stdout.trim()})` };
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-bench-audit-'));
  const telegrafLines = TELEGRAF.split('\n').filter((l) => l.trim() !== '');
  const telegrafVersions = groupGoSumLines(telegrafLines).length;
  console.log(`telegraf go.sum: ${telegrafLines.length} lines, ${telegrafVersions} module versions; ${LATENCY_MS} ms added to every response; ${os.cpus().length} cores; test database in a child process`);
  try {
    if (ONLY.has('h1') || ONLY.has('warm') || ONLY.has('cli')) await http1(work, telegrafVersions);
    if (ONLY.has('h2')) await http2(work);
    if (ONLY.has('big')) await big(work);
    if (ONLY.has('real')) await realLayout(work);
  } finally {
    rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  }
}

async function http1(work: string, telegrafVersions: number): Promise<void> {
  const db = await spawnSumdbServer({ goSumPath: TELEGRAF_PATH, latencyMs: LATENCY_MS });
  try {
    // 1. Cold, plain HTTP/1.1, at most 16 connections.
    const home = path.join(work, 'h1');
    const ctx = await createAuditContext({ processEnv: env(home, db), cacheDir: path.join(home, 'cache'), transportOptions: { connections: 16 } });
    const auditor = new GoSumAuditor(ctx);
    const cold = await auditOnce(db, ctx, auditor, TELEGRAF);
    const floor = (telegrafVersions / 16) * LATENCY_MS;
    row('cold audit, HTTP/1.1, 16 connections', cold.ms,
      `${requestText(cold.stats)}; floor ${floor.toFixed(0)} ms (x${(cold.ms / floor).toFixed(2)}; target <= 1.3), max loop block ${cold.maxBlockMs.toFixed(1)} ms [${cold.summary}]`);

    // 2. Warm re-audit in-process: every verdict cached, one /latest round trip (5 runs).
    const warm: Measured[] = [];
    for (let i = 0; i < 5; i++) warm.push(await auditOnce(db, ctx, auditor, TELEGRAF));
    row('warm re-audit in-process (median of 5)', median(warm.map((w) => w.ms)),
      `runs ${warm.map((w) => w.ms.toFixed(0)).join('/')} ms, requests ${warm.map((w) => w.stats.requests).join('/')}, max loop block ${Math.max(...warm.map((w) => w.maxBlockMs)).toFixed(1)} ms (target <= 30 ms)`);
    await ctx.close();

    // 3. The whole CLI process, warm: our cache on disk from run 1, a fresh process each time.
    if (ONLY.has('cli')) await warmCli(db, work, home, 'whole CLI process, warm (median of 5 spawns)');
  } finally {
    await db.close();
  }
}

/** Spawns `gosum-doctor check` on telegraf's go.sum 5 times against our cache in `home`; prints the median. */
async function warmCli(db: ChildSumdbServer, work: string, home: string, label: string): Promise<void> {
  writeFileSync(path.join(work, 'go.sum'), TELEGRAF);
  const cliEnv = { ...env(home, db), GOSUM_DOCTOR_CACHE: path.join(home, 'cache') };
  const runs: number[] = [];
  const before = await db.stats();
  for (let i = 0; i < 5; i++) {
    const r = await runChild(process.execPath, [DIST_CLI, 'check', path.join(work, 'go.sum')], cliEnv);
    if (r.code !== 0) console.log(`  CLI exited ${r.code}: ${r.stderr.slice(0, 300)}`);
    runs.push(r.ms);
  }
  const s = diff(await db.stats(), before);
  row(label, median(runs),
    `runs ${runs.map((m) => m.toFixed(0)).join('/')} ms, requests ${s.requests} in 5 runs (${s.latest} latest, ${s.lookups} lookups, ${s.tiles} tiles) (target <= 200 ms)`);
}

async function realLayout(work: string): Promise<void> {
  // 6. sum.golang.org's layout: REAL_SPREAD fillers before each record, so no two records share a level-0 tile
  // and a warm run cannot lean on a dozen tiles proving everything. Cold once to fill the cache, then warm.
  const t0 = performance.now();
  const db = await spawnSumdbServer({ goSumPath: TELEGRAF_PATH, latencyMs: LATENCY_MS, spread: REAL_SPREAD });
  console.log(`  (real layout: test database of ${db.records} records started in ${(performance.now() - t0).toFixed(0)} ms)`);
  try {
    const home = path.join(work, 'real');
    const ctx = await createAuditContext({ processEnv: env(home, db), cacheDir: path.join(home, 'cache'), transportOptions: { connections: 16 } });
    const auditor = new GoSumAuditor(ctx);
    const cold = await auditOnce(db, ctx, auditor, TELEGRAF);
    row('real layout: cold audit, HTTP/1.1, 16 connections', cold.ms, `${requestText(cold.stats)}, max loop block ${cold.maxBlockMs.toFixed(1)} ms, cache and index writes after it ${cold.settleMs.toFixed(0)} ms [${cold.summary}]`);
    await ctx.close();
    // A new context as a new process would have one: the remembered head, the index and the tiles from disk.
    const warm: Measured[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await createAuditContext({ processEnv: env(home, db), cacheDir: path.join(home, 'cache'), transportOptions: { connections: 16 } });
      warm.push(await auditOnce(db, c, new GoSumAuditor(c), TELEGRAF));
      await c.close();
    }
    row('real layout: warm re-audit, new context (median of 5)', median(warm.map((w) => w.ms)),
      `runs ${warm.map((w) => w.ms.toFixed(0)).join('/')} ms, requests ${warm.map((w) => w.stats.requests).join('/')}, max loop block ${Math.max(...warm.map((w) => w.maxBlockMs)).toFixed(1)} ms [${warm[0].summary}]`);
    await warmCli(db, work, home, 'real layout: whole CLI process, warm (median of 5 spawns)');
  } finally {
    await db.close();
  }
}

async function http2(work: string): Promise<void> {
  // 4. Cold, HTTPS with HTTP/2: at most 2 connections, many concurrent streams; the Go baseline in the same run.
  const certs = testCertificates();
  const db = await spawnSumdbServer({ goSumPath: TELEGRAF_PATH, latencyMs: LATENCY_MS, tls: { certPath: certs.server.certPath, keyPath: certs.server.keyPath, http2: true } });
  const baseline = buildGoBaseline(work);
  try {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < 3; i++) {
      if ('bin' in baseline) {
        const before = await db.stats();
        const r = await runChild(baseline.bin.split(' ')[0], ['-k', db.verifierKey, '-u', db.url, TELEGRAF_PATH], { SSL_CERT_FILE: certs.rootBundlePath, HOME: work });
        const s = diff(await db.stats(), before);
        if (r.code !== 0) console.log(`  gosumcheck-equivalent exited ${r.code}: ${r.stderr.slice(0, 300)}`);
        else {
          const g = JSON.parse(r.stdout.trim());
          theirs.push(g.ms);
          row(`  gosumcheck-equivalent (Go), run ${i + 1}`, g.ms, `${requestText(s)}; ${g.verified}/${g.lines} lines verified`);
        }
      }
      const home = path.join(work, `h2-${i}`);
      const ctx = await createAuditContext({
        processEnv: env(home, db, { SSL_CERT_FILE: certs.rootBundlePath }), cacheDir: path.join(home, 'cache'),
        transportOptions: { connections: 2, allowH2: true, streamsPerConnection: 250 },
      });
      const auditor = new GoSumAuditor(ctx, { concurrency: 500 });
      const cold = await auditOnce(db, ctx, auditor, TELEGRAF);
      await ctx.close();
      ours.push(cold.ms);
      row(`  ours, run ${i + 1}`, cold.ms, `${requestText(cold.stats)}, max loop block ${cold.maxBlockMs.toFixed(1)} ms [${cold.summary}]`);
    }
    if ('skip' in baseline) {
      row('cold audit, HTTPS + HTTP/2, 2 connections (median of 3)', median(ours), `Go baseline skipped: ${baseline.skip}`);
    } else {
      const ratio = median(ours) / median(theirs);
      row('cold audit, HTTPS + HTTP/2, 2 connections (median of 3)', median(ours),
        `gosumcheck-equivalent median ${median(theirs).toFixed(0)} ms; ours / Go = ${ratio.toFixed(2)} (target <= 0.75) [${baseline.bin.split(' ').slice(1).join(' ')}]`);
    }
  } finally {
    await db.close();
  }
}

async function big(work: string): Promise<void> {
  // 5. 100,000 synthetic lines in a child process without the server: peak RSS and the longest event-loop block.
  const certs = testCertificates();
  const home = path.join(work, 'big');
  mkdirSync(home, { recursive: true });
  const file = path.join(home, 'go.sum');
  writeFileSync(file, synthetic(100_000));
  const t0 = performance.now();
  const db = await spawnSumdbServer({ goSumPath: file, latencyMs: LATENCY_MS, tls: { certPath: certs.server.certPath, keyPath: certs.server.keyPath, http2: true } });
  console.log(`  (test database of ${db.records} records started in ${(performance.now() - t0).toFixed(0)} ms)`);
  try {
    const child = bundleAuditChild(work);
    // First as the language server runs an audit (AUDIT_CONCURRENCY in flight, its 16 connections per host, HTTP/2
    // with 16 streams each), then a stress run far above it. Each starts with an empty cache.
    const shapes = [
      { label: `as the language server (${AUDIT_CONCURRENCY} in flight)`, cache: 'cache-lsp', vars: { BENCH_CONCURRENCY: String(AUDIT_CONCURRENCY), BENCH_CONNECTIONS: '16', BENCH_STREAMS: '16' } },
      { label: 'stress: 2 HTTP/2 conn., 250 in flight', cache: 'cache-stress', vars: { BENCH_CONCURRENCY: '250', BENCH_CONNECTIONS: '2', BENCH_STREAMS: '250' } },
    ];
    for (const shape of shapes) {
      const before = await db.stats();
      // With the V8 settings the extension starts its language server with.
      const r = await runChild(process.execPath, [...serverNodeArgs(os.availableParallelism()), child, file],
        { ...env(home, db, { SSL_CERT_FILE: certs.rootBundlePath }), GOSUM_DOCTOR_CACHE: path.join(home, shape.cache), BENCH_MEMORY: '1', ...shape.vars });
      const s = diff(await db.stats(), before);
      if (r.code !== 0) console.log(`  child exited ${r.code}: ${r.stderr.slice(0, 500)}`);
      else {
        const c = JSON.parse(r.stdout.trim().split('\n').pop()!);
        const mem = /peak memory \(MB\): (.*)/.exec(r.stderr)?.[1];
        if (mem) console.log(`  (at peak RSS: ${mem})`);
        row(`100,000 lines cold, own process, ${shape.label}`, c.ms,
          `${requestText(s)}, verified ${c.verified}/${c.lines}, peak RSS ${c.maxRssMB.toFixed(0)} MB (target <= 250), event-loop delay during parse+audit: max ${c.maxBlockMs.toFixed(1)} ms${c.ownBlockMs === undefined ? '' : ` (own work ${c.ownBlockMs.toFixed(1)} ms)`} (target <= 20), p99 ${c.p99BlockMs} ms, p99.9 ${c.p999BlockMs} ms; one-time connection setup before it: max ${c.setupBlockMs.toFixed(1)} ms`);
      }
    }
  } finally {
    await db.close();
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
