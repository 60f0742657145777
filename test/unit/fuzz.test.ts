import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseGoSum, goSumRanges } from '../../server/src/parse/gosum';
import { parseGoMod } from '../../server/src/parse/gomod';
import { documentProblems } from '../../server/src/problems/validate';
import type { Range } from '../../server/src/parse/ranges';
import { prng, randomText, mutate, lspLineLengths } from '../support/fuzz';

const REF = path.join(__dirname, '..', 'fixtures', 'reference');

function assertInside(lens: number[], r: Range, what: string): void {
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < lens.length, `${what}: line ${p.line} outside ${lens.length} lines`);
    assert.ok(p.character >= 0 && p.character <= lens[p.line], `${what}: char ${p.character} past line ${p.line} (${lens[p.line]})`);
  }
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: range reversed`);
}

function checkAll(text: string, sibling: string): void {
  const lens = lspLineLengths(text);
  const sum = parseGoSum(text);
  for (const p of sum.problems) assertInside(lens, p.range, `go.sum ${p.code}`);
  for (const l of sum.lines) for (const [k, r] of Object.entries(goSumRanges(l, sum.lineIndex))) if (r) assertInside(lens, r, `go.sum token ${k}`);
  const mod = parseGoMod(text);
  const goLines = text.split('\n').length;
  for (const p of mod.problems) {
    assertInside(lens, p.range, `go.mod ${p.code}`);
    assert.ok(p.goPosition && p.goPosition.line >= 1 && p.goPosition.line <= goLines && p.goPosition.column >= 1, `go.mod ${p.code}: Go position ${JSON.stringify(p.goPosition)}`);
  }
  for (const p of documentProblems('go.mod', text, sibling)) assertInside(lens, p.range, `cross ${p.code}`);
}

describe('fuzzing the parsers (seeded, bounded)', () => {
  const sums = readdirSync(path.join(REF, 'gosum')).map((f) => readFileSync(path.join(REF, 'gosum', f), 'utf8').slice(0, 20_000));
  const mods = readdirSync(path.join(REF, 'gomod')).map((f) => readFileSync(path.join(REF, 'gomod', f), 'utf8').slice(0, 20_000));

  it('random bytes never throw and every range lies inside the document', () => {
    const rand = prng(20260101);
    for (let i = 0; i < 400; i++) {
      const text = randomText(rand, 300);
      try { checkAll(text, randomText(rand, 100)); } catch (e) { throw new Error(`input ${JSON.stringify(text)}: ${(e as Error).message}`); }
    }
  });

  it('random edits of real go.sum and go.mod files never throw and keep ranges inside', () => {
    const rand = prng(42);
    for (let i = 0; i < 120; i++) {
      const base = i % 2 ? sums[i % sums.length] : mods[i % mods.length];
      const text = mutate(rand, base, 1 + Math.floor(rand() * 6));
      try { checkAll(text, sums[0]); } catch (e) { throw new Error(`seed 42 iteration ${i}: ${(e as Error).message}`); }
    }
  });
});
