// Owns: the benchmark's audit process: audits one go.sum file the way the language server does (a context from
// the Go environment in process.env, the go.sum parsed without blocking, one audit) and prints one JSON line:
// time (parse + audit), lines, verified, peak RSS, the longest event-loop delay (monitorEventLoopDelay, 1 ms resolution),
// the part of it that was this process's own work (not waiting for a CPU; Linux only) and a few percentiles. audit.bench.ts bundles it with esbuild and runs it with plain node, so the figures are our
// code's and not a TypeScript loader's; no test database runs in this process.
// Environment: GOSUM_DOCTOR_CACHE (our cache), BENCH_CONCURRENCY, BENCH_CONNECTIONS, BENCH_STREAMS; BENCH_MEMORY=1
// also prints the process.memoryUsage() breakdown at peak RSS on stderr.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GoSumAuditor } from '../../server/src/audit/auditor';
import { createAuditContext } from '../../server/src/audit/context';
import { EventLoopMeter } from '../../server/src/lsp/eventLoopMeter';
import { parseGoSumInSlices } from '../../server/src/lsp/goSumInSlices';
import { buildNodeRootStoreNow } from '../../server/src/transport/secureContext';

async function main(file: string): Promise<void> {
  // As the language server does while it starts.
  buildNodeRootStoreNow();
  const h = monitorEventLoopDelay({ resolution: 1 });
  const ctx = await createAuditContext({
    processEnv: process.env, cacheDir: process.env.GOSUM_DOCTOR_CACHE,
    transportOptions: {
      connections: Number(process.env.BENCH_CONNECTIONS) || 2, allowH2: true, streamsPerConnection: Number(process.env.BENCH_STREAMS) || 250,
    },
  });
  const auditor = new GoSumAuditor(ctx, { concurrency: Number(process.env.BENCH_CONCURRENCY) || 250 });
  // In the language server the session's connection is up before an audit (the probe, an earlier audit): set it
  // up here too, and report what that one-time setup (trust store, TLS context, handshake) held the loop for.
  const setup = monitorEventLoopDelay({ resolution: 1 });
  setup.enable();
  if (ctx.client) await ctx.client.latest().catch(() => undefined);
  setup.disable();
  let peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sampler = process.env.BENCH_MEMORY ? setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss) peak = { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
  }, 50) : undefined;
  // The language server has the text in memory already: read it before the measurement starts.
  const text = readFileSync(file, 'utf8');
  // The language server's meter, for the part of the longest delay that was this process's own work.
  const meter = EventLoopMeter.requested(['--measure-event-loop'], {})!;
  h.enable();
  meter.begin();
  const t0 = performance.now();
  // The language server's own parse, in slices.
  const parsed = (await parseGoSumInSlices(text))!;
  const r = await auditor.audit(parsed);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (process.env.BENCH_SNAPSHOT) console.error('snapshot', require('node:v8').writeHeapSnapshot(process.env.BENCH_SNAPSHOT));
  const ms = performance.now() - t0;
  const own = meter.end().ownMaxMs;
  await ctx.close();
  h.disable();
  if (sampler) {
    clearInterval(sampler);
    console.error('peak memory (MB):', Object.entries(peak).map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)}`).join(', '));
  }
  const pct = (p: number) => Number((h.percentile(p) / 1e6).toFixed(1));
  console.log(JSON.stringify({
    ms, lines: r.verdicts.length, verified: r.summary.verified, lookups: r.lookups,
    maxRssMB: process.resourceUsage().maxRSS / 1024, maxBlockMs: h.max / 1e6, ownBlockMs: own, setupBlockMs: setup.max / 1e6, p99BlockMs: pct(99), p999BlockMs: pct(99.9),
  }));
}

main(process.argv[2]).catch((e) => { console.error(e); process.exitCode = 1; });
