// A longer fuzz run than the one in npm test: random bytes and random edits of every real go.sum/go.mod,
// checking that the parsers never throw, never hang (each input has a time ceiling) and keep every range
// inside the document. Usage: node --import tsx test/bench/fuzzLong.ts [iterations=20000] [seed=1]

import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseGoSum, goSumRanges } from '../../server/src/parse/gosum';
import { parseGoMod } from '../../server/src/parse/gomod';
import { documentProblems } from '../../server/src/problems/validate';
import type { Range } from '../../server/src/parse/ranges';
import { prng, randomText, mutate, lspLineLengths } from '../support/fuzz';

const REF = path.join(__dirname, '..', 'fixtures', 'reference');
const iterations = Number(process.argv[2] ?? 20000);
const seed = Number(process.argv[3] ?? 1);
const SLOW_MS = 2000;

function inside(lens: number[], r: Range): boolean {
  for (const p of [r.start, r.end]) {
    if (!(p.line >= 0 && p.line < lens.length && p.character >= 0 && p.character <= lens[p.line])) return false;
  }
  return r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
}

function check(text: string, sibling: string): string | undefined {
  const lens = lspLineLengths(text);
  const sum = parseGoSum(text);
  for (const p of sum.problems) if (!inside(lens, p.range)) return `go.sum problem ${p.code} outside`;
  for (const l of sum.lines) for (const r of Object.values(goSumRanges(l, sum.lineIndex))) if (r && !inside(lens, r)) return 'go.sum token outside';
  for (const p of parseGoMod(text).problems) if (!inside(lens, p.range)) return `go.mod problem ${p.code} outside`;
  for (const p of documentProblems('go.mod', text, sibling)) if (!inside(lens, p.range)) return `cross-check ${p.code} outside`;
  return undefined;
}

const corpus = ['gosum', 'gomod'].flatMap((d) => readdirSync(path.join(REF, d)).map((f) => readFileSync(path.join(REF, d, f), 'utf8')));
const rand = prng(seed);
let worst = 0;
const t0 = Date.now();
for (let i = 0; i < iterations; i++) {
  const text = rand() < 0.3 ? randomText(rand, 2000) : mutate(rand, corpus[Math.floor(rand() * corpus.length)], 1 + Math.floor(rand() * 20));
  const start = Date.now();
  let failure: string | undefined;
  try {
    failure = check(text, corpus[0]);
  } catch (e) {
    failure = `threw ${(e as Error).stack}`;
  }
  const ms = Date.now() - start;
  worst = Math.max(worst, ms);
  if (ms > SLOW_MS) failure = `took ${ms} ms`;
  if (failure) {
    console.error(`seed ${seed} iteration ${i}: ${failure}\ninput: ${JSON.stringify(text.slice(0, 2000))}`);
    process.exit(1);
  }
  if ((i + 1) % 2000 === 0) console.log(`${i + 1} inputs ok (slowest ${worst} ms)`);
}
console.log(`fuzzLong: ${iterations} inputs, seed ${seed}, no failures, slowest input ${worst} ms, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
