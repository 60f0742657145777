// The product's figures, every one taken from what users run: the built CLI (`node dist/cli.js check --json DIR`)
// and the language server as the extension starts it, each as its own process with default settings, against
// golang.org/x/mod/sumdb's own server (sumdb-server/, a separate Go process, 20 ms added to every response) on
// telegraf's real go.mod and go.sum, beside the Go baseline (gosumcheck-equivalent: every lookup at once) run the
// same way in the same run, alternating with ours. Cold runs start from a fresh home and cache; warm ones (the
// CLI's and the language server's) reuse the cache of the last cold CLI run. Prints each row (min / median / max of the wall times, requests, connections,
// peak RSS), then every target of issue 14 beside its figure with pass or fail. Exits non-zero when a tool is
// missing or a run's answer was wrong (a figure from a wrong run measures nothing); a missed target only prints.
// Then two synthetic go.sum files in the language server, each against a database of its own: 20,000 lines with
// editor requests timed during the audit, and 100,000 lines for peak RSS. BENCH_RUNS (default 5) is the number of
// runs per row. BENCH_ROWS=synthetic runs only the two synthetic rows and their targets (about a minute, for
// measuring the language server's memory and latency): `BENCH_ROWS=synthetic node --import tsx test/bench/product.bench.ts`.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, ROOT } from '../support/built';
import { testCertificates, type TestCertificates } from '../support/certs';
import { goSumFixture } from '../support/sumdbClientSetup';
import { syntheticGoSum } from '../support/syntheticGoSum';
import { CliRuns, type Endpoint } from './cliRuns';
import { median, percentile, printLatency, printRow, printRowsHeader, printTargets, type Sample, type Target } from './figures';
import { buildGoPrograms, MissingToolError, type GoPrograms } from './goPrograms';
import { openAndAudit } from './lspRuns';
import { startDatabase, type ChildDatabase } from './sumdbServerProcess';
import { GNU_TIME } from './timedProcess';
import { BuiltProject, makeProject, UserHome, type Project } from './userSetup';

const LATENCY_MS = 20;
const RUNS = Number(process.env.BENCH_RUNS) || 5;
/** Only the synthetic language-server rows (BENCH_ROWS=synthetic); unset, every row. */
const SYNTHETIC_ONLY = process.env.BENCH_ROWS === 'synthetic';
/** Any other value is a typo, which would otherwise run every row (many minutes) unasked. */
const BAD_ROWS = process.env.BENCH_ROWS && !SYNTHETIC_ONLY ? process.env.BENCH_ROWS : undefined;
/** The CLI's connections per host over HTTP/1.1, as the floor counts them. */
const H1_CONNECTIONS = 16;
const GO_MODS = path.join(ROOT, 'test', 'fixtures', 'reference', 'gomod');

interface TelegrafFigures {
  h2: { ours: Sample[]; go: Sample[] };
  h1: { ours: Sample[]; go: Sample[] };
  warm: Sample[];
  lspCold: Sample[];
  lspWarm: Sample[];
  floorMs: number;
  /** Runs in homes whose module cache holds every go.sum line's file and Go's sumdb cache every lookup, as after a build. */
  built: { first: Sample[]; cli: Sample[]; lsp: Sample[] };
}

interface SyntheticFigures {
  big: { sample: Sample; correct: boolean };
  busy: { requestMs: number[]; correct: boolean };
}

async function main(): Promise<void> {
  if (BAD_ROWS !== undefined) {
    console.log(`BENCH_ROWS=${BAD_ROWS}: the only value is "synthetic" (unset: every row)`);
    process.exitCode = 1;
    return;
  }
  let go: GoPrograms;
  const work = mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-bench-product-'));
  try {
    if (!existsSync(GNU_TIME)) throw new MissingToolError(`${GNU_TIME} is missing: apt-get install time`);
    go = buildGoPrograms(work);
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    if (!(e instanceof MissingToolError)) throw e;
    console.log(`cannot run the product bench: ${e.message}`);
    process.exitCode = 1;
    return;
  }
  ensureBuilt();
  try {
    const problems: string[] = [];
    const certs = testCertificates();
    console.log(`${SYNTHETIC_ONLY ? 'synthetic rows only (BENCH_ROWS=synthetic); ' : ''}${os.availableParallelism()} cores, ` +
      `load average ${loadText()}; node ${process.version}; ${go.goVersion}\n`);
    const telegraf = SYNTHETIC_ONLY ? undefined : await telegrafRows(work, go, certs, problems);
    const synthetic = await syntheticRows(work, go, certs, problems);
    printTargets([...(telegraf ? telegrafTargets(telegraf) : []), ...syntheticTargets(synthetic)]);
    console.log(`load average at the end ${loadText()}`);
    for (const p of problems) console.log(`WRONG ANSWER: ${p}`);
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  }
}

function loadText(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

async function telegrafRows(work: string, go: GoPrograms, certs: TestCertificates, problems: string[]): Promise<TelegrafFigures> {
  const telegraf = makeProject(work, 'telegraf', goSumFixture('influxdata_telegraf.go.sum'), path.join(GO_MODS, 'influxdata_telegraf.go.mod'));
  const db = await startDatabase({ program: go.database, goSumPath: telegraf.goSumPath, latencyMs: LATENCY_MS, tls: certs.server });
  const https: Endpoint = { url: db.httpsUrl!, caFile: certs.rootBundlePath };
  const http: Endpoint = { url: db.httpUrl, caFile: certs.rootBundlePath };
  const floorMs = (db.records / H1_CONNECTIONS) * LATENCY_MS;
  console.log(`telegraf: ${telegraf.lines} go.sum lines, ${db.records} module versions; ${LATENCY_MS} ms added to every response; ` +
    `${RUNS} runs per row\n`);
  printRowsHeader();
  try {
    const cli = new CliRuns(work, db, go, telegraf);
    const h2 = await cli.coldPairs(https, RUNS);
    printRow('cold, HTTPS: gosum-doctor check --json', h2.ours);
    printRow('cold, HTTPS: Go baseline (gosumcheck-equivalent)', h2.go);
    const h1 = await cli.coldPairs(http, RUNS);
    printRow('cold, HTTP/1.1: gosum-doctor check --json', h1.ours);
    printRow('cold, HTTP/1.1: Go baseline (gosumcheck-equivalent)', h1.go);
    const warm = await cli.warm(h2.lastHome, https, RUNS);
    printRow('warm, HTTPS: gosum-doctor check --json', warm.warm);
    printRow('gosum-doctor --version (a process that does nothing)', warm.version);
    problems.push(...cli.problems);
    const lsp = await languageServerRuns(work, db, telegraf, https, h2.lastHome, problems);
    const built = await builtProjectRows(work, go, certs, problems);
    return { h2, h1, warm: warm.warm, ...lsp, floorMs, built };
  } finally {
    await db.close();
  }
}

/**
 * Runs of the CLI and the language server as someone who has built telegraf has them: a module cache with a
 * .ziphash or .mod for every go.sum line, which both compare with go.sum as go mod verify does (BuiltProject), and
 * Go's sumdb cache as Go's own client left it (lookups, tiles, its tree head). First runs (our cache empty: the
 * day someone installs us in a project they build), then warm ones. Against a database of its own (the go.sum's
 * go.mod hashes are those of generated go.mod files).
 */
async function builtProjectRows(work: string, go: GoPrograms, certs: TestCertificates, problems: string[]): Promise<{ first: Sample[]; cli: Sample[]; lsp: Sample[] }> {
  const built = new BuiltProject(work, 'telegraf-built', goSumFixture('influxdata_telegraf.go.sum'), path.join(GO_MODS, 'influxdata_telegraf.go.mod'));
  const db = await startDatabase({ program: go.database, goSumPath: built.project.goSumPath, latencyMs: LATENCY_MS, tls: certs.server });
  try {
    const https: Endpoint = { url: db.httpsUrl!, caFile: certs.rootBundlePath };
    const cli = new CliRuns(work, db, go, built.project, true);
    const first: Sample[] = [];
    let home = new UserHome(work);
    for (let i = 0; i < RUNS; i++) {
      home = new UserHome(work);
      await cli.fillGoSumdbCache(home, https);
      built.fillModuleCache(home);
      first.push(await cli.cold(home, https));
    }
    printRow('first run, Go\'s caches filled (built): gosum-doctor check', first);
    const warm = await cli.warm(home, https, RUNS);
    printRow('warm, module cache filled (built): gosum-doctor check', warm.warm);
    problems.push(...cli.problems);
    const lsp: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await openAndAudit(db, built.project, home.env({ verifierKey: db.verifierKey, url: https.url }, https.caFile), 120_000);
      if (!r.correct) problems.push(`language server, module cache filled: ${r.log}`);
      lsp.push(r.sample);
    }
    printRow('warm, module cache filled (built): language server', lsp);
    return { first, cli: warm.warm, lsp };
  } finally {
    await db.close();
  }
}

async function syntheticRows(work: string, go: GoPrograms, certs: TestCertificates, problems: string[]): Promise<SyntheticFigures> {
  if (SYNTHETIC_ONLY) printRowsHeader();
  const busy = await syntheticGoSumRun(work, go, certs, problems, BUSY_LINES);
  const big = await syntheticGoSumRun(work, go, certs, problems, BIG_LINES);
  return { busy, big };
}

/**
 * RUNS cold opens of telegraf's go.sum, each in a fresh home; one more start on the last one's cache (stopped as
 * VS Code stops a server: shutdown, at most 2 s, exit); then RUNS warm opens on `warmHome`, whose cache a CLI run
 * filled (the CLI exits only when its cache writes have landed, so that cache is whole).
 */
async function languageServerRuns(work: string, db: ChildDatabase, project: Project, endpoint: Endpoint, warmHome: UserHome, problems: string[]): Promise<{ lspCold: Sample[]; lspWarm: Sample[] }> {
  const address = { verifierKey: db.verifierKey, url: endpoint.url };
  const fromSpawn: Sample[] = [];
  const run = async (home: UserHome, what: string): Promise<Sample> => {
    const r = await openAndAudit(db, project, home.env(address, endpoint.caFile), 120_000);
    if (!r.correct) problems.push(`language server, ${what}: ${r.log}`);
    fromSpawn.push({ ...r.sample, ms: r.fromSpawnMs });
    return r.sample;
  };
  const lspCold: Sample[] = [];
  let home = new UserHome(work);
  for (let i = 0; i < RUNS; i++) lspCold.push(await run((home = new UserHome(work)), 'cold'));
  printRow('cold, HTTPS: language server, didOpen → last publish', lspCold);
  printRow('  next start on the cache a stopped cold server left', [await run(home, 'after a cold one')]);
  fromSpawn.length = 0;
  const lspWarm: Sample[] = [];
  for (let i = 0; i < RUNS; i++) lspWarm.push(await run(warmHome, 'warm'));
  printRow('warm, HTTPS: language server, didOpen → last publish', lspWarm);
  printRow('  the same runs from the server\'s spawn → last publish', fromSpawn);
  return { lspCold, lspWarm };
}

const BUSY_LINES = 20_000;
const BIG_LINES = 100_000;

/**
 * A synthetic go.sum of `lines` lines opened in the language server, once, cold, against a database of its own;
 * at BUSY_LINES, with editor requests timed all through the audit.
 */
async function syntheticGoSumRun(work: string, go: GoPrograms, certs: TestCertificates, problems: string[], lines: number): Promise<{ sample: Sample; correct: boolean; requestMs: number[] }> {
  const file = path.join(work, `synthetic-${lines}.go.sum`);
  writeFileSync(file, syntheticGoSum(lines));
  const project = makeProject(work, `synthetic-${lines}`, file);
  const db = await startDatabase({ program: go.database, goSumPath: project.goSumPath, latencyMs: LATENCY_MS, tls: certs.server });
  try {
    const env = new UserHome(work).env({ verifierKey: db.verifierKey, url: db.httpsUrl! }, certs.rootBundlePath);
    const r = await openAndAudit(db, project, env, 600_000, lines === BUSY_LINES);
    const what = `${lines.toLocaleString('en')} lines`;
    printRow(`${what} (${db.records} versions), HTTPS: language server, cold`, [r.sample]);
    if (r.requestMs.length > 0) printLatency(`  editor requests during that audit, every ~20 ms`, r.requestMs);
    if (!r.correct) problems.push(`language server, ${what}: ${r.log}`);
    return r;
  } finally {
    await db.close();
  }
}

function telegrafTargets(f: TelegrafFigures): Target[] {
  const med = (xs: Sample[]) => median(xs.map((s) => s.ms));
  const cliRss = Math.max(...[...f.h2.ours, ...f.h1.ours, ...f.warm].map((s) => s.peakRssMB));
  return [
    { figure: 'cold HTTPS (HTTP/2): ours / Go baseline (medians)', value: med(f.h2.ours) / med(f.h2.go), unit: 'x', goal: 0.5, must: 0.75 },
    { figure: `cold HTTP/1.1: ours / floor (${f.floorMs.toFixed(0)} ms = versions / ${H1_CONNECTIONS} x ${LATENCY_MS} ms)`, value: med(f.h1.ours) / f.floorMs, unit: 'x', goal: 1.15, must: 1.3 },
    { figure: 'warm CLI process (median wall time)', value: med(f.warm), unit: 'ms', goal: 150, must: 200 },
    { figure: 'peak RSS of the CLI on telegraf (largest of all its runs)', value: cliRss, unit: 'MB', goal: 100, must: 120 },
    { figure: 'language server cold / CLI cold, HTTPS (medians)', value: med(f.lspCold) / med(f.h2.ours), unit: 'x', goal: 1.2 },
    { figure: 'language server warm, didOpen to last publish (median)', value: med(f.lspWarm), unit: 'ms', goal: 100 },
  ];
}

function syntheticTargets(f: SyntheticFigures): Target[] {
  return [
    { figure: '20,000 synthetic lines: editor request round trip during the audit (p99)', value: percentile(f.busy.requestMs, 99), unit: 'ms', goal: 50, holds: f.busy.correct },
    { figure: '100,000 synthetic lines: language server peak RSS, every line verified', value: f.big.sample.peakRssMB, unit: 'MB', goal: 250, holds: f.big.correct },
  ];
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
