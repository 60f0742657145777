// Parser speed and memory: 10,000- and 100,000-line go.sum files (real lines with varied versions, kept in
// Go's sorted order), the largest real go.mod, and the server's validation function on 10,000 lines.
// Targets: 10k lines ≤ 5 ms, 100k ≤ 60 ms and ≤ 50 MB extra heap, validation of 10k ≤ 50 ms.
// Prints figures; asserts nothing (speed lives here, never in unit tests). Run with --expose-gc for heap figures.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseGoSum } from '../../server/src/parse/gosum';
import { parseGoMod } from '../../server/src/parse/gomod';
import { validateDocument } from '../../server/src/diagnostics/validate';

const REF = path.join(__dirname, '..', 'fixtures', 'reference');

/** n go.sum lines: each real line repeated with shifted patch versions, grouped per module as Go writes them. */
export function synthesizeGoSum(n: number): string {
  const dir = path.join(REF, 'gosum');
  const base = readdirSync(dir).flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n')).filter((l) => l.trim() !== '');
  const unique = [...new Set(base)].sort();
  const rounds = Math.ceil(n / unique.length);
  const out: string[] = [];
  for (const l of unique) {
    for (let r = 0; r < rounds && out.length < n; r++) {
      out.push(r === 0 ? l : l.replace(/ v(\d+)\.(\d+)\.(\d+)/, (_m, a, b, c) => ` v${a}.${b}.${Number(c) + 1000 * r}`));
    }
  }
  return out.join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(label: string, runs: number, lines: number, bytes: number, fn: () => unknown, target?: number): void {
  for (let i = 0; i < 3; i++) fn(); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const med = median(times);
  const best = Math.min(...times);
  const verdict = target === undefined ? '' : med <= target ? `  (target ≤ ${target} ms: met)` : `  (target ≤ ${target} ms: MISSED)`;
  console.log(`${label.padEnd(40)} median ${med.toFixed(2).padStart(7)} ms  best ${best.toFixed(2).padStart(7)} ms  ` +
    `${Math.round(lines / med * 1000).toLocaleString('en-US').padStart(11)} lines/s  ${(bytes / 1048576 / (med / 1000)).toFixed(0).padStart(5)} MB/s${verdict}`);
}

function extraHeap(fn: () => unknown): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  const kept = fn();
  gc(); gc();
  const after = process.memoryUsage().heapUsed;
  if (kept === undefined) console.log('');
  return (after - before) / 1048576;
}

function main(): void {
  const t10k = synthesizeGoSum(10_000);
  const t100k = synthesizeGoSum(100_000);
  const checks = parseGoSum(t100k);
  console.log(`synthesized go.sum: 10k = ${(t10k.length / 1048576).toFixed(2)} MB, 100k = ${(t100k.length / 1048576).toFixed(2)} MB, ` +
    `${checks.lines.length} lines parsed, ${checks.problems.length} problems`);
  timeIt('parseGoSum 10,000 lines', 30, 10_000, t10k.length, () => parseGoSum(t10k), 5);
  timeIt('parseGoSum 100,000 lines', 15, 100_000, t100k.length, () => parseGoSum(t100k), 60);
  const heap = extraHeap(() => parseGoSum(t100k));
  console.log(heap === undefined ? 'extra heap for 100,000 lines: run with --expose-gc' :
    `extra heap retained by the 100,000-line parse: ${heap.toFixed(1)} MB  (target ≤ 50 MB: ${heap <= 50 ? 'met' : 'MISSED'})`);

  const modDir = path.join(REF, 'gomod');
  const largest = readdirSync(modDir).map((f) => path.join(modDir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const modText = readFileSync(largest, 'utf8');
  timeIt(`parseGoMod ${path.basename(largest)}`, 30, modText.split('\n').length, modText.length, () => parseGoMod(modText));

  timeIt('validateDocument go.sum 10,000 lines', 30, 10_000, t10k.length, () => validateDocument('go.sum', t10k, 'file:///go.sum'), 50);
  const sum = readFileSync(path.join(REF, 'gosum', path.basename(largest).replace('.go.mod', '.go.sum')), 'utf8');
  timeIt(`validateDocument go.mod + go.sum cross-check`, 30, modText.split('\n').length, modText.length,
    () => validateDocument('go.mod', modText, 'file:///go.mod', sum));
}

main();
