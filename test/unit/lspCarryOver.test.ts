// Carrying verdicts over an edit: unchanged lines keep theirs at their new line numbers, changed lines lose them.
import assert from 'node:assert/strict';
import type { LineVerdict } from '../../server/src/audit';
import { carryOver, carryOverInSlices, rememberVerdicts } from '../../server/src/lsp/verdictCarryOver';
import { parseGoSum } from '../../server/src/parse/gosum';
import { readGoSum } from '../support/sumdbClientSetup';
import { tamper } from '../support/auditSetup';

const ETCD = readGoSum('etcd-io_etcd.go.sum');

function verdictsFor(lines: string[]): LineVerdict[] {
  return parseGoSum(lines.join('\n') + '\n').lines.map((l) => ({
    line: l.line, module: l.module, version: l.version, kind: l.isGoMod ? 'go.mod' : 'zip', status: l.line % 7 === 0 ? 'mismatch' : 'verified',
    goSum: l.hash, message: `verdict for line ${l.line}`,
  }));
}

describe('carrying verdicts over an edit', () => {
  const before = parseGoSum(ETCD.join('\n') + '\n');
  const memory = rememberVerdicts(before.lines, verdictsFor(ETCD));

  it('an unchanged text keeps every verdict, the same objects on the same lines', () => {
    const out = carryOver(memory, parseGoSum(ETCD.join('\n') + '\n').lines);
    assert.equal(out.length, ETCD.length);
    assert.deepEqual(out.map((v) => v.line), ETCD.map((_, i) => i));
    assert.ok(out.every((v, i) => v === memory.verdicts[i]));
  });

  it('lines inserted and one line changed: the rest move with their text, the changed and new lines get none', () => {
    const edited = [...ETCD.slice(0, 10), 'a.com/new v1.0.0 h1:KlQV+7CEdqJ7E/eXKgVs27RMjFZn2I0x44SjauCGNkY=', '', ...ETCD.slice(10)];
    edited[50] = tamper(edited[50]);
    const after = parseGoSum(edited.join('\n') + '\n');
    const out = carryOver(memory, after.lines);
    const byLine = new Map(out.map((v) => [v.line, v]));
    assert.equal(out.length, ETCD.length - 1);
    assert.equal(byLine.get(10), undefined, 'the new line');
    assert.equal(byLine.get(50), undefined, 'the changed line');
    assert.equal(byLine.get(9)?.message, 'verdict for line 9');
    assert.equal(byLine.get(12)?.message, 'verdict for line 10', 'moved down by two');
    assert.equal(byLine.get(ETCD.length + 1)?.message, `verdict for line ${ETCD.length - 1}`);
    for (const v of out) assert.equal(after.lines.find((l) => l.line === v.line)?.hash, v.goSum, `line ${v.line} carries its own text's verdict`);
  });

  it('lines moved around (sorted differently) keep their verdicts through the middle', () => {
    const shuffled = [ETCD[5], ...ETCD.slice(0, 5), ...ETCD.slice(6)];
    const out = carryOver(memory, parseGoSum(shuffled.join('\n') + '\n').lines);
    assert.equal(out.length, ETCD.length);
    assert.equal(out.find((v) => v.line === 0)?.message, 'verdict for line 5');
  });

  it('malformed verdicts are never carried over: the syntax check owns them', () => {
    const text = ETCD.slice(0, 3).join('\n') + '\n';
    const lines = parseGoSum(text).lines;
    const verdicts = verdictsFor(ETCD.slice(0, 3)).map((v) => (v.line === 1 ? { ...v, status: 'malformed' as const } : v));
    const out = carryOver(rememberVerdicts(lines, verdicts), parseGoSum(text).lines);
    assert.deepEqual(out.map((v) => v.line), [0, 2]);
  });

  it('verdicts remembered out of line order are found all the same', () => {
    const out = carryOver(rememberVerdicts(before.lines, [...verdictsFor(ETCD)].reverse()), parseGoSum(ETCD.join('\n') + '\n').lines);
    assert.deepEqual(out.map((v) => v.line), ETCD.map((_, i) => i));
  });

  it('in slices, a huge go.sum gets exactly the verdicts of one pass: an edit in the middle, a block moved', async () => {
    const big = Array.from({ length: 12 }, (_, k) => ETCD.map((l) => l.replace(/^(\S+)/, `$1/copy${k}`))).flat();
    const bigMemory = rememberVerdicts(parseGoSum(big.join('\n') + '\n').lines, verdictsFor(big));
    const mid = big.length >> 1;
    const edited = [...big.slice(0, 100), ...big.slice(30_000, 30_500), ...big.slice(100, mid), tamper(big[mid]), ...big.slice(mid + 1, 30_000), ...big.slice(30_500)];
    const lines = parseGoSum(edited.join('\n') + '\n').lines;
    const sliced = await carryOverInSlices(bigMemory, lines, 0);
    assert.deepEqual(sliced, carryOver(bigMemory, lines));
    assert.equal(sliced.length, big.length - 1);
  });
});
