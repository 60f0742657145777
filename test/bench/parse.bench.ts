// Parser speed and memory: 10,000- and 100,000-line go.sum files (real lines with varied versions, in Go's
// sorted order), the largest real go.mod, and the server's validation function on 10,000 lines.
// Targets are set where a user can feel them: the largest real go.sum (telegraf, 3,589 lines) parses in ≤ 5 ms and
// 10k lines validate in ≤ 50 ms; 100k lines keep ≤ 50 MB of heap. The synthetic 10k/100k parse times are figures,
// not targets (issue 16: no latency target at 100,000 lines). First, the first parse in a fresh process, as the CLI
// parses (issue 14: the warm `check` ≤ 200 ms as a whole process): there the code still runs in V8's interpreter,
// which is why the parsers read plain ASCII lines with regular expressions (fast paths beside Go's exact rules).
// Then the language server's re-parse after edits (goSumInSlices): the heap 50 one-character edits of the 100,000
// lines leave behind, the figure that keeps its detached() copies.
// Prints figures; asserts nothing (speed lives here, never in unit tests). Run with --expose-gc for heap figures.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { parseGoSumInSlices } from '../../server/src/lsp/goSumInSlices';
import { parseGoSum } from '../../server/src/parse/gosum';
import { parseGoMod } from '../../server/src/parse/gomod';
import { compareSemver } from '../../server/src/parse/semver';
import { validateDocument } from '../../server/src/problems/validate';

const REF = path.join(__dirname, '..', 'fixtures', 'reference');

/**
 * n go.sum lines built from the real files. Round 0 is every distinct real line; each later round adds every module
 * again under a mirror path ("host/mirrorR/...") with shifted versions and different hashes. So module runs keep
 * their real lengths (mostly 2-4 lines, a few over 100), no version or hash string repeats by accident, every line
 * is valid, and the whole file is in Go's order (module path, then version, the /go.mod line after the zip line).
 */
function synthesizeGoSum(n: number): string {
  const dir = path.join(REF, 'gosum');
  const real = [...new Set(readdirSync(dir).flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n')))]
    .map((l) => l.trim().split(/\s+/)).filter((f) => f.length === 3);
  const byModule = new Map<string, string[][]>();
  for (const f of real) {
    const run = byModule.get(f[0]);
    if (run) run.push(f); else byModule.set(f[0], [f]);
  }
  const rounds = Math.ceil(n / real.length);
  const runs: { module: string; lines: string[] }[] = [];
  for (const [module, fields] of byModule) {
    fields.sort((a, b) => compareSemver(stripGoMod(a[1]), stripGoMod(b[1])) || Number(a[1].endsWith('/go.mod')) - Number(b[1].endsWith('/go.mod')));
    for (let r = 0; r < rounds; r++) {
      const m = r === 0 ? module : module.replace(/^[^/]+/, (host) => `${host}/mirror${r}`);
      runs.push({ module: m, lines: fields.map(([, v, h]) => `${m} ${shiftVersion(v, r)} ${shiftHash(h, r)}`) });
    }
  }
  runs.sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
  return runs.flatMap((r) => r.lines).slice(0, n).join('\n') + '\n';
}

function stripGoMod(v: string): string {
  return v.endsWith('/go.mod') ? v.slice(0, -'/go.mod'.length) : v;
}

function rotate(s: string, r: number): string {
  const k = r % s.length;
  return s.slice(k) + s.slice(0, k);
}

/** v1.2.3 -> v1.2.(3+r), order kept; v0.0.0- pseudo-versions keep their base (gopkg.in .v1 needs it) and vary the revision. */
function shiftVersion(v: string, r: number): string {
  if (r === 0) return v;
  if (v.startsWith('v0.0.0-')) return v.replace(/[0-9a-f]{12}(?=$|\/go\.mod$)/, (rev) => rotate(rev, r));
  return v.replace(/^(v\d+\.\d+\.)(\d+)/, (_m, head: string, patch: string) => head + (Number(patch) + r));
}

/** A different, still canonical h1 hash: rotate the first 42 base64 letters, keep the last one (it holds padding bits). */
function shiftHash(h: string, r: number): string {
  if (r === 0 || !h.startsWith('h1:') || h.length !== 47) return h;
  return 'h1:' + rotate(h.slice(3, 45), r) + h.slice(45);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Where results go, so no parse can be optimized away. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- written, never read, on purpose
let sink: unknown;

function timeIt(label: string, runs: number, lines: number, bytes: number, fn: () => unknown, target?: number): void {
  for (let i = 0; i < 5; i++) sink = fn(); // warm up the JIT
  const times: number[] = [];
  // No forced GC between runs: each run pays for the collections its own garbage (and the last result) cause.
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    sink = fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const med = median(times);
  const best = Math.min(...times);
  const verdict = target === undefined ? '' : med <= target ? `  (target ≤ ${target} ms: met)` : `  (target ≤ ${target} ms: MISSED)`;
  console.log(`${label.padEnd(40)} median ${med.toFixed(2).padStart(7)} ms  best ${best.toFixed(2).padStart(7)} ms  ` +
    `${Math.round(lines / med * 1000).toLocaleString('en-US').padStart(11)} lines/s  ${(bytes / 1048576 / (med / 1000)).toFixed(0).padStart(5)} MB/s${verdict}`);
}

/** Heap in MB that fn's result keeps after full GCs, and heap in use right after fn (garbage included). */
function extraHeap(fn: () => unknown): { retained: number; justAfter: number } | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  sink = undefined;
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  sink = fn();
  const justAfter = process.memoryUsage().heapUsed;
  gc(); gc();
  const after = process.memoryUsage().heapUsed;
  return { retained: (after - before) / 1048576, justAfter: (justAfter - before) / 1048576 };
}

/**
 * Heap in use (after full GCs) once `text` was opened and then edited `edits` times at lines spread over it, one
 * hash character each, as the language server's documents make the text (a concatenation) and re-parse it.
 */
async function editedHeap(text: string, edits: number): Promise<{ opened: number; edited: number } | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  let parse = (await parseGoSumInSlices(text))!;
  gc(); gc();
  const opened = process.memoryUsage().heapUsed / 1048576;
  for (let i = 0; i < edits; i++) {
    const line = parse.lines[Math.floor(((i * 7919) % edits) / edits * parse.lines.length)];
    let at = 0;
    for (let k = 0; k < line.line; k++) at = text.indexOf('\n', at) + 1;
    at = text.indexOf(' h1:', at) + 6;
    const next = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    parse = (await parseGoSumInSlices(next, undefined, { text, parse }))!;
    text = next;
  }
  sink = parse;
  gc(); gc();
  return { opened, edited: process.memoryUsage().heapUsed / 1048576 };
}

/** Medians of the first go.sum and go.mod parse over `runs` fresh processes (firstParse.ts, bundled like the CLI). */
function firstParseInFreshProcesses(runs: number): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'first-parse-'));
  const script = path.join(dir, 'firstParse.js');
  buildSync({ entryPoints: [path.join(__dirname, 'firstParse.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: script, logLevel: 'warning' });
  const sums: number[] = [];
  const mods: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [script, REF], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`firstParse.ts exited with ${r.status ?? r.signal}: ${r.stderr}`);
    const { goSumMs, goModMs } = JSON.parse(r.stdout) as { goSumMs: number; goModMs: number };
    sums.push(goSumMs);
    mods.push(goModMs);
  }
  rmSync(dir, { recursive: true });
  console.log(`first parse in a fresh process (median of ${runs}): telegraf go.sum ${median(sums).toFixed(1)} ms ` +
    `(${Math.min(...sums).toFixed(1)}-${Math.max(...sums).toFixed(1)}), go.mod ${median(mods).toFixed(1)} ms ` +
    `(${Math.min(...mods).toFixed(1)}-${Math.max(...mods).toFixed(1)})`);
}

async function main(): Promise<void> {
  const t10k = synthesizeGoSum(10_000);
  const t100k = synthesizeGoSum(100_000);
  const checks = parseGoSum(t100k);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
  firstParseInFreshProcesses(9);
  console.log(`synthesized go.sum: 10k = ${(t10k.length / 1048576).toFixed(2)} MB, 100k = ${(t100k.length / 1048576).toFixed(2)} MB, ` +
    `${checks.lines.length} lines parsed, ${checks.problems.length} problems`);
  const telegraf = readFileSync(path.join(REF, 'gosum', 'influxdata_telegraf.go.sum'), 'utf8');
  timeIt('parseGoSum telegraf (3,589 real lines)', 30, telegraf.split('\n').length - 1, telegraf.length, () => parseGoSum(telegraf), 5);
  timeIt('parseGoSum 10,000 lines', 30, 10_000, t10k.length, () => parseGoSum(t10k));
  timeIt('parseGoSum 100,000 lines', 21, 100_000, t100k.length, () => parseGoSum(t100k));
  const heap = extraHeap(() => parseGoSum(t100k));
  console.log(heap === undefined ? 'extra heap for 100,000 lines: run with --expose-gc' :
    `extra heap retained by the 100,000-line parse: ${heap.retained.toFixed(1)} MB  (target ≤ 50 MB: ${heap.retained <= 50 ? 'met' : 'MISSED'}); ` +
    `in use right after it, garbage included: ${heap.justAfter.toFixed(1)} MB`);

  const modDir = path.join(REF, 'gomod');
  const largest = readdirSync(modDir).map((f) => path.join(modDir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const modText = readFileSync(largest, 'utf8');
  timeIt(`parseGoMod ${path.basename(largest)}`, 30, modText.split('\n').length, modText.length, () => parseGoMod(modText));

  timeIt('validateDocument go.sum 10,000 lines', 30, 10_000, t10k.length, () => validateDocument('go.sum', t10k, 'file:///go.sum'), 50);
  const sum = readFileSync(path.join(REF, 'gosum', path.basename(largest).replace('.go.mod', '.go.sum')), 'utf8');
  timeIt(`validateDocument go.mod + go.sum cross-check`, 30, modText.split('\n').length, modText.length,
    () => validateDocument('go.mod', modText, 'file:///go.mod', sum));

  sink = undefined;
  const edited = await editedHeap(t100k, 50);
  console.log(edited === undefined ? 'heap after edits: run with --expose-gc' :
    `heap in use, 100,000 lines in the language server's parse: ${edited.opened.toFixed(0)} MB opened, ${edited.edited.toFixed(0)} MB after 50 edits`);
}

void main();
