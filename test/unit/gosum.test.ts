import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseGoSum, goSumRanges, EMPTY_GO_MOD_HASH } from '../../server/src/parse/gosum';
import { hash1 } from '../../server/src/sumdb/dirhash';
import { checkModulePath, checkVersionForPath } from '../../server/src/parse/module';
import type { ParseProblem } from '../../server/src/parse/ranges';
import { prng } from '../support/fuzz';

const REF = path.join(__dirname, '..', 'fixtures', 'reference', 'gosum');
const H_A = 'h1:KlQV+7CEdqJ7E/eXKgVs27RMjFZn2I0x44SjauCGNkY=';
const H_B = 'h1:RalcL7BvFdQoW9jV0z5uDmqQxJwMff/wbvqbMOh0VR0=';
const H_M = 'h1:rcTgdhGf2dvXrNywJG0jkV+0342RC7PiKN0YX33Ej6Y=';

function only(problems: ParseProblem[], code: string): ParseProblem[] {
  return problems.filter((p) => p.code === code);
}

function span(p: ParseProblem): [number, number, number, number] {
  return [p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character];
}

describe('go.sum parsing', () => {
  for (const name of readdirSync(REF)) {
    it(`reads the real ${name} with no problems and every line accounted for`, () => {
      const text = readFileSync(path.join(REF, name), 'utf8');
      const r = parseGoSum(text);
      assert.deepEqual(r.problems, []);
      assert.equal(r.malformed.length, 0);
      const nonBlank = text.split('\n').filter((l) => l.trim() !== '').length;
      assert.equal(r.lines.length, nonBlank);
      for (const l of r.lines) {
        assert.ok(l.hashOk, `${l.module} ${l.version}`);
        const src = text.split('\n')[l.line];
        const rg = goSumRanges(l);
        assert.equal(src.slice(rg.module.start.character, rg.module.end.character), l.module);
        assert.equal(src.slice(rg.hash.start.character, rg.hash.end.character), l.hash);
      }
    });
  }

  it('gives every token of a /go.mod line an exact range', () => {
    const r = parseGoSum(`example.com/greet v1.0.0/go.mod ${H_M}\n`);
    assert.deepEqual(r.problems, []);
    const [l] = r.lines;
    assert.equal(l.module, 'example.com/greet');
    assert.equal(l.version, 'v1.0.0');
    assert.equal(l.isGoMod, true);
    assert.equal(l.algorithm, 'h1');
    assert.equal(l.hash, H_M);
    const rg = goSumRanges(l);
    assert.deepEqual(rg.module, { start: { line: 0, character: 0 }, end: { line: 0, character: 17 } });
    assert.deepEqual(rg.version, { start: { line: 0, character: 18 }, end: { line: 0, character: 24 } });
    assert.deepEqual(rg.goModSuffix, { start: { line: 0, character: 24 }, end: { line: 0, character: 31 } });
    assert.deepEqual(rg.algorithm, { start: { line: 0, character: 32 }, end: { line: 0, character: 34 } });
    assert.deepEqual(rg.digest, { start: { line: 0, character: 35 }, end: { line: 0, character: 79 } });
    assert.deepEqual(rg.hash, { start: { line: 0, character: 32 }, end: { line: 0, character: 79 } });
  });

  it('reports a line with two fields in Go\'s words, on the right line (go.sum case 2d)', () => {
    const text = `example.com/greet v1.0.0 ${H_A}\nexample.com/greet v1.1.0\nexample.com/greet v1.0.0/go.mod ${H_M}\n`;
    const r = parseGoSum(text);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].message, 'malformed go.sum: wrong number of fields 2');
    assert.equal(r.problems[0].severity, 'error');
    assert.deepEqual(span(r.problems[0]), [1, 0, 1, 24]);
    assert.deepEqual(r.malformed, [{ line: 1, text: 'example.com/greet v1.1.0', fieldCount: 2 }]);
    assert.equal(r.lines.length, 2);
  });

  it('counts four fields as wrong too, and trims the range to the text', () => {
    const r = parseGoSum(`  a.com/x v1.0.0 ${H_A} extra  \n`);
    assert.equal(r.problems[0].message, 'malformed go.sum: wrong number of fields 4');
    assert.deepEqual(span(r.problems[0]), [0, 2, 0, 2 + `a.com/x v1.0.0 ${H_A} extra`.length]);
  });

  it('flags a hash that is not base64 of 32 bytes (the "h1:not-base64!" of case 2d)', () => {
    const r = parseGoSum(`example.com/greet v1.1.0 h1:not-base64!\n`);
    const [p] = only(r.problems, 'gosum.hash');
    assert.equal(p.severity, 'error');
    assert.deepEqual(span(p), [0, 25, 0, 39]);
    assert.match(p.message, /^malformed h1 hash "h1:not-base64!": want base64 of exactly 32 bytes/);
    assert.equal(r.lines[0].hashOk, false);
  });

  it('flags a 31-byte hash and a hash without padding', () => {
    const short = 'h1:' + Buffer.alloc(31, 7).toString('base64');
    const unpadded = H_A.slice(0, -1);
    const r = parseGoSum(`a.com/x v1.0.0 ${short}\na.com/y v1.0.0 ${unpadded}\n`);
    assert.deepEqual(only(r.problems, 'gosum.hash').map((p) => p.range.start.line), [0, 1]);
  });

  it('warns about an unknown algorithm such as h2:, which Go ignores', () => {
    const r = parseGoSum(`a.com/x v1.0.0 h2:${H_A.slice(3)}\n`);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].severity, 'warning');
    assert.equal(r.problems[0].code, 'gosum.algorithm');
    assert.deepEqual(span(r.problems[0]), [0, 15, 0, 17]);
    assert.match(r.problems[0].message, /unknown hash algorithm "h2"/);
  });

  it('accepts CRLF line ends, trailing spaces, tabs, blank lines and a missing final newline like Go', () => {
    const text = `\r\n\r\na.com/x v1.0.0 ${H_A}  \r\n\n\ta.com/x\tv1.0.0/go.mod  ${H_M}\r\n   \na.com/y v1.0.0 ${H_B}`;
    const r = parseGoSum(text);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.lines.map((l) => [l.line, l.moduleCol, l.module, l.version, l.isGoMod, l.hash]), [
      [2, 0, 'a.com/x', 'v1.0.0', false, H_A],
      [4, 1, 'a.com/x', 'v1.0.0', true, H_M],
      [6, 0, 'a.com/y', 'v1.0.0', false, H_B],
    ]);
    assert.equal(goSumRanges(r.lines[1]).hash.end.character, 1 + `a.com/x\tv1.0.0/go.mod  ${H_M}`.length);
  });

  it('warns that a byte order mark becomes part of the first module path', () => {
    const r = parseGoSum(`\uFEFFa.com/x v1.0.0 ${H_A}\n`);
    const [p] = only(r.problems, 'gosum.bom');
    assert.equal(p.severity, 'warning');
    assert.deepEqual(span(p), [0, 0, 0, 1]);
    assert.equal(r.lines[0].module, 'a.com/x');
    assert.equal(r.lines[0].moduleCol, 1);
  });

  it('hints at an exact duplicate line and points at the first one', () => {
    const r = parseGoSum(`a.com/x v1.0.0 ${H_A}\na.com/y v1.0.0 ${H_B}\na.com/x v1.0.0 ${H_A}\n`);
    const [p] = r.problems;
    assert.equal(r.problems.length, 1);
    assert.equal(p.code, 'gosum.duplicate');
    assert.equal(p.severity, 'hint');
    assert.equal(p.message, 'duplicate of line 1');
    assert.deepEqual(span(p), [2, 0, 2, 62]);
    assert.deepEqual(p.related?.[0].range.start, { line: 0, character: 0 });
  });

  it('reports two different h1 hashes for one module version as an error Go will hit', () => {
    const r = parseGoSum(`a.com/x v1.0.0 ${H_A}\na.com/x v1.0.0/go.mod ${H_M}\na.com/x v1.0.0 ${H_B}\n`);
    const [p] = r.problems;
    assert.equal(r.problems.length, 1);
    assert.equal(p.code, 'gosum.conflict');
    assert.equal(p.severity, 'error');
    assert.deepEqual(span(p), [2, 15, 2, 62]);
    assert.match(p.message, /^conflicting hashes for a\.com\/x@v1\.0\.0: line 1 has h1:KlQV/);
    assert.match(p.message, /verifying a\.com\/x@v1\.0\.0: checksum mismatch/);
  });

  it('finds repeats even when the file is not sorted', () => {
    const lines = [`b.com/x v1.0.0 ${H_A}`, `a.com/x v1.0.0 ${H_A}`, `b.com/x v1.0.0 ${H_B}`, `a.com/x v1.0.0 ${H_A}`];
    const r = parseGoSum(lines.join('\n'));
    assert.deepEqual(r.problems.map((p) => [p.code, p.range.start.line]), [['gosum.conflict', 2], ['gosum.duplicate', 3]]);
  });

  it('finds repeats inside a long run of one module\'s versions', () => {
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) lines.push(`a.com/x v1.0.${i} ${H_A}`);
    lines.push(`a.com/x v1.0.3 ${H_B}`);
    const r = parseGoSum(lines.join('\n'));
    assert.deepEqual(r.problems.map((p) => [p.code, p.range.start.line, p.related?.[0].range.start.line]), [['gosum.conflict', 40, 3]]);
  });

  it('finds the same repeats as one map over every line, sorted or not, short runs or long (fuzzed)', () => {
    const rand = prng(16);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    for (let round = 0; round < 200; round++) {
      const modules = ['a.com/x', 'b.com/y', 'c.com/z/v2'].slice(0, 1 + Math.floor(rand() * 3));
      const versions = Array.from({ length: 1 + Math.floor(rand() * 40) }, (_, i) => `v${i % 3 === 2 ? 2 : 1}.0.${i}`);
      let lines = Array.from({ length: 1 + Math.floor(rand() * 60) }, () =>
        `${pick(modules)} ${pick(versions)}${rand() < 0.5 ? '/go.mod' : ''} ${pick([H_A, H_B, H_M, 'h2:x', EMPTY_GO_MOD_HASH])}`);
      if (rand() < 0.5) lines = lines.sort((x, y) => x.split(' ')[0].localeCompare(y.split(' ')[0]));
      const want: [string, number, number][] = [];
      const first = new Map<string, number>();
      lines.forEach((l, i) => {
        const [m, v, h] = l.split(' ');
        if (h === EMPTY_GO_MOD_HASH) return;
        const k = `${m} ${v}`;
        const j = first.get(k);
        if (j === undefined) first.set(k, i);
        else if (lines[j].split(' ')[2] === h) want.push(['gosum.duplicate', i, j]);
        else if (h.startsWith('h1:') && lines[j].split(' ')[2].startsWith('h1:')) want.push(['gosum.conflict', i, j]);
      });
      const got = parseGoSum(lines.join('\n')).problems.filter((p) => p.code === 'gosum.duplicate' || p.code === 'gosum.conflict');
      assert.deepEqual(got.map((p) => [p.code, p.range.start.line, p.related?.[0].range.start.line]), want, lines.join('\n'));
    }
  });

  it('ignores the empty-go.mod hash that old Go versions wrote, as Go does', () => {
    const r = parseGoSum(`a.com/x v1.0.0/go.mod ${EMPTY_GO_MOD_HASH}\na.com/x v1.0.0/go.mod ${H_M}\n`);
    assert.deepEqual(r.problems.map((p) => p.code), ['gosum.emptyGoModHash']);
  });

  it('the empty-go.mod hash is h1 of a tree holding one empty go.mod (modfetch\'s emptyGoModHash)', () => {
    assert.equal(EMPTY_GO_MOD_HASH, hash1([{ name: 'go.mod', data: new Uint8Array(0) }]));
  });

  it('warns about module paths and versions Go would never match', () => {
    const r = parseGoSum(`Example.com/x v1.0.0 ${H_A}\na.com/x 1.0.0 ${H_A}\na.com/x v2.0.0 ${H_B}\na.com/x/v2 v2.0.0 ${H_B}\na.com/y v2.0.0+incompatible ${H_B}\n`);
    assert.deepEqual(r.problems.map((p) => [p.code, p.range.start.line, p.message]), [
      ['gosum.path', 0, `malformed module path "Example.com/x": invalid char 'E' in first path element`],
      ['gosum.version', 1, 'a.com/x@1.0.0: invalid version: not a semantic version'],
      ['gosum.version', 2, 'a.com/x@v2.0.0: invalid version: should be v0 or v1, not v2'],
    ]);
  });

  it('keeps LSP line numbers right when a lone carriage return splits a line', () => {
    const r = parseGoSum(`a.com/x v1.0.0 ${H_A}\rb.com/x v1.0.0 ${H_B}\n`);
    assert.ok(r.problems.some((p) => p.code === 'gosum.loneCR'));
    assert.ok(r.problems.some((p) => p.code === 'gosum.fields' && p.message.endsWith('fields 6')));
  });

  it('splits a token at a no-break space, as Go\'s strings.Fields does, even on an otherwise plain line', () => {
    const r = parseGoSum(`a.com/x v1.0.0 ${H_A}\na.com/x\u00a0y v1.0.0 ${H_A}\n`);
    assert.equal(r.lines.length, 1);
    assert.deepEqual(r.malformed, [{ line: 1, text: `a.com/x\u00a0y v1.0.0 ${H_A}`, fieldCount: 4 }]);
    assert.deepEqual(r.problems.map((p) => [p.code, p.message]), [['gosum.fields', 'malformed go.sum: wrong number of fields 4']]);
  });

  it('reads a file of lines without spaces in linear time (one far-away space must not be searched for again and again)', () => {
    const r = parseGoSum('abcdefgh\n'.repeat(100_000) + 'a.com/x v1.0.0 ' + H_A);
    assert.equal(r.malformed.length, 100_000);
    assert.equal(r.lines.length, 1);
  });

  it('judges module paths exactly as Go\'s module.CheckPath does, shortcut or not', () => {
    const tricky = ['example.com/x', 'example.com/x/v2', 'example.com/x/v1', 'example.com/x/v0', 'example.com/x/v02', 'example.com/x/v2.1',
      'example.com/x/v', 'example.com/x/vv2', 'example.com/v2', 'example.com', 'example', 'Example.com/x', 'example.com/X_y', 'ex_ample.com/y',
      'example.com/.x', 'example.com/x.', 'example.com//x', 'example.com/x/', '/example.com', '-example.com/x', 'example.com/-x', 'example.com/~x',
      'example.com/x~1', 'example.com/con', 'example.com/CON.txt', 'example.com/com1', 'example.com/Lpt9', 'example.com/comx', 'example.com/aux/y',
      'con.com/x', 'example.com/nul', 'example.com/null', 'gopkg.in/yaml.v2', 'gopkg.in/yaml.v1', 'gopkg.in/user/pkg.v3', 'gopkg.in/yaml',
      'example.com/x.v2', 'example.com/\u00e9', 'example.com/x/v2/', 'a.b/c/v10', 'a.b/c/v1x'];
    const pieces = ['/', '.', '-', '_', '~', 'A', 'v', 'v2', 'v1', 'v0', '.v2', 'con', 'COM1', 'lpt', 'aux.', '//', '~9', '\u00e9', '/v2', 'gopkg.in/'];
    const real = readdirSync(REF).flatMap((f) => readFileSync(path.join(REF, f), 'utf8').split('\n').map((l) => l.split(' ')[0]).filter((m) => m));
    const rand = prng(2024);
    const paths = [...tricky];
    for (let i = 0; i < 3000; i++) {
      let p = real[Math.floor(rand() * real.length)];
      const at = Math.floor(rand() * (p.length + 1));
      p = p.slice(0, at) + pieces[Math.floor(rand() * pieces.length)] + p.slice(at + Math.floor(rand() * 3));
      paths.push(p);
    }
    for (const p of paths) {
      for (const v of ['v1.0.0', 'v2.1.0', 'v2.0.0+incompatible', 'v0.0.0-20200101000000-abcdefabcdef']) {
        const pathErr = checkModulePath(p);
        const versionErr = pathErr === undefined ? checkVersionForPath(p, v) : undefined;
        const want = pathErr !== undefined ? [['gosum.path', pathErr]] : versionErr !== undefined ? [['gosum.version', versionErr]] : [];
        const r = parseGoSum(`${p} ${v} ${H_A}\n${p} ${v}/go.mod ${H_M}\n`);
        assert.deepEqual(r.problems.map((x) => [x.range.start.line, x.code, x.message]), [...want.map((w) => [0, ...w]), ...want.map((w) => [1, ...w])],
          `${JSON.stringify(p)} ${v}`);
      }
    }
  });
});
