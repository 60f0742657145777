import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseGoMod } from '../../server/src/parse/gomod';

const REF = path.join(__dirname, '..', 'fixtures', 'reference', 'gomod');

/** [message, line, startChar, endChar] of each problem. */
function problems(text: string): [string, number, number, number][] {
  return parseGoMod(text).problems.map((p) => [p.message, p.range.start.line, p.range.start.character, p.range.end.character]);
}

describe('go.mod parsing', () => {
  for (const name of readdirSync(REF)) {
    it(`reads the real ${name} with no problems`, () => {
      const text = readFileSync(path.join(REF, name), 'utf8');
      const r = parseGoMod(text);
      assert.deepEqual(r.problems, []);
      assert.ok(r.file.module?.path);
      assert.ok(r.file.go?.version);
      const requireLines = text.split('\n').filter((l) => /^\t\S+ v\S+/.test(l) && !l.includes('=>')).length;
      assert.ok(r.file.requires.length > 0 && r.file.requires.length <= requireLines + 5);
    });
  }

  it('as a go command that never switches toolchains (before Go 1.21): no toolchain, godebug, tool or ignore line, go lines 1.N alone, in its words', () => {
    const text = 'module m\n\ngo 1.21.0\n\ntoolchain go1.22.0\n\ngodebug (\n\ta=b\n)\ntool x.com/t\nignore ./y\n';
    const errors = (release?: string) => parseGoMod(text, 'go.mod', release).problems.map((p) => `${p.goPosition!.line}: ${p.message}`);
    const go120 = ["3: invalid go version '1.21.0': must match format 1.23", '5: unknown directive: toolchain', '7: unknown block type: godebug',
      '10: unknown directive: tool', '11: unknown directive: ignore'];
    assert.deepEqual(errors('go1.19.8'), go120);
    assert.deepEqual(errors('go1.20.14'), go120);
    assert.deepEqual(errors('go1.20rc1'), go120);
    // Each says, beside Go's words, which release the go command here is and when that line came.
    assert.deepEqual(parseGoMod(text, 'go.mod', 'go1.19.8').problems.map((p) => p.related?.map((r) => r.message)), [
      ['go1.19.8, the go command here, reads go lines of the form 1.N only: forms like 1.21.0 came with Go 1.21 (from Go 1.21 on, go runs the release a go line asks for)'],
      ...[['toolchain', '1.21'], ['godebug', '1.23'], ['tool', '1.24'], ['ignore', '1.25']].map(([verb, since]) =>
        [`go1.19.8, the go command here, knows no ${verb} lines: they came with Go ${since} (from Go 1.21 on, go runs the release a go line asks for)`]),
    ]);
    assert.equal(parseGoMod('module m\ngo 1.x\nfoo\n', 'go.mod', 'go1.19.8').problems.filter((p) => p.related).length, 0, 'nothing said beside other errors');
    // From Go 1.21 the go command runs the toolchain go.mod asks for: today's grammar (and for a release unknown).
    for (const release of ['go1.21.0', 'go1.26.1', 'devel go1.27-abcdef', undefined, 'weird']) assert.deepEqual(errors(release), [], String(release));
    assert.deepEqual(parseGoMod('module m\ngo 1.x\n', 'go.mod', 'go1.26.1').problems.map((p) => p.message), ["invalid go version '1.x': must match format 1.23.0"]);
  });

  it('reads every directive of today\'s Go, in line and block form', () => {
    const text = [
      'module "example.com/m" // Deprecated: use example.com/n',
      'go 1.23.4',
      'toolchain go1.24.1',
      'godebug default=go1.21',
      'godebug (',
      '\tpanicnil=1',
      ')',
      'require example.com/a v1.2.3',
      'require (',
      '\texample.com/b v0.0.0-20200101000000-abcdefabcdef // indirect',
      '\texample.com/c/v2 v2.0.1 // indirect; keep',
      '\t"example.com/d" v1.0.0+incompatible',
      ')',
      'exclude example.com/a v1.2.2',
      'replace example.com/a v1.2.3 => example.com/fork v1.2.4',
      'replace example.com/b => ../b',
      'retract v1.0.0 // broken',
      'retract [v1.1.0, v1.1.9]',
      'tool example.com/a/cmd/x',
      'ignore ./node_modules',
      '',
    ].join('\n');
    const r = parseGoMod(text);
    assert.deepEqual(r.problems, []);
    const f = r.file;
    assert.equal(f.module?.path, 'example.com/m');
    assert.equal(f.go?.version, '1.23.4');
    assert.equal(f.toolchain?.name, 'go1.24.1');
    assert.deepEqual(f.godebug.map((g) => [g.key, g.value]), [['default', 'go1.21'], ['panicnil', '1']]);
    assert.deepEqual(f.requires.map((q) => [q.path, q.version, q.indirect]), [
      ['example.com/a', 'v1.2.3', false],
      ['example.com/b', 'v0.0.0-20200101000000-abcdefabcdef', true],
      ['example.com/c/v2', 'v2.0.1', true],
      ['example.com/d', 'v1.0.0+incompatible', false],
    ]);
    assert.deepEqual(f.requires[1].versionRange, { start: { line: 9, character: 15 }, end: { line: 9, character: 49 } });
    assert.deepEqual(f.excludes.map((e) => [e.path, e.version]), [['example.com/a', 'v1.2.2']]);
    assert.deepEqual(f.replaces.map((x) => [x.oldPath, x.oldVersion, x.newPath, x.newVersion]), [
      ['example.com/a', 'v1.2.3', 'example.com/fork', 'v1.2.4'], ['example.com/b', '', '../b', ''],
    ]);
    assert.deepEqual(f.retracts.map((x) => [x.low, x.high]), [['v1.0.0', 'v1.0.0'], ['v1.1.0', 'v1.1.9']]);
    assert.deepEqual(f.tools.map((t) => t.path), ['example.com/a/cmd/x']);
    assert.deepEqual(f.ignores.map((t) => t.path), ['./node_modules']);
  });

  const cases: [string, string, [string, number, number, number][]][] = [
    ['repeated module', 'module a.com/x\nmodule a.com/y\n', [['repeated module statement', 1, 0, 14]]],
    ['module usage', 'module\n', [['usage: module module/path', 0, 0, 6]]],
    ['repeated go', 'go 1.21\ngo 1.22\n', [['repeated go statement', 1, 0, 7]]],
    ['go arity', 'go 1.21 1.22\n', [['go directive expects exactly one argument', 0, 0, 12]]],
    ['go format', 'go 1.21.x\n', [["invalid go version '1.21.x': must match format 1.23.0", 0, 0, 9]]],
    ['toolchain format', 'toolchain 1.21\n', [["invalid toolchain version '1.21': must match format go1.23.0 or default", 0, 0, 14]]],
    ['repeated toolchain', 'toolchain go1.21.0\ntoolchain default\n', [['repeated toolchain statement', 1, 0, 17]]],
    ['godebug usage', 'godebug x\n', [['usage: godebug key=value', 0, 0, 9]]],
    ['require arity', 'require a.com/x\n', [['usage: require module/path v1.2.3', 0, 0, 15]]],
    ['exclude arity', 'exclude a.com/x v1 v2\n', [['usage: exclude module/path v1.2.3', 0, 0, 21]]],
    ['bad version', 'require a.com/x 1.2.3\n', [['require a.com/x: version "1.2.3" invalid: must be of the form v1.2.3', 0, 16, 21]]],
    ['major mismatch', 'require a.com/x v2.0.0\n', [['require a.com/x: version "v2.0.0" invalid: should be v0 or v1, not v2', 0, 16, 22]]],
    ['v2 path, v1 version', 'require (\n\ta.com/x/v2 v1.0.0\n)\n', [['require a.com/x/v2: version "v1.0.0" invalid: should be v2, not v1', 1, 12, 18]]],
    ['invalid path major', 'require a.com/x/v1 v1.0.0\n', [['invalid module path', 0, 8, 18]]],
    ['bad quoted string', 'require "a.com/x\\q" v1.0.0\n', [['invalid quoted string: invalid syntax', 0, 8, 19]]],
    ['raw string', 'require `a.com/x` v1.0.0\n', [['invalid quoted string: unquoted string cannot contain quote', 0, 8, 17]]],
    ['replace usage', 'replace a.com/x v1.0.0\n', [['usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory', 0, 0, 22]]],
    ['replace path@version', 'replace a.com/x => b.com/y@v1.0.0\n', [["replacement module must match format 'path version', not 'path@version'", 0, 0, 33]]],
    ['replace without version', 'replace a.com/x => b.com/y\n', [['replacement module without version must be directory path (rooted or starting with . or ..)', 0, 0, 26]]],
    ['replace dir with version', 'replace a.com/x => ./y v1.0.0\n', [['replacement module directory path "./y" cannot have version', 0, 0, 29]]],
    ['retract bracket', 'retract [v1.0.0 v1.1.0]\n', [["expected ',' after version", 0, 0, 23]]],
    ['retract extra', 'retract v1.0.0 v1.1.0\n', [['unexpected token after version: "v1.1.0"', 0, 0, 21]]],
    ['retract empty', 'retract\n', [["expected '[' or version", 0, 0, 7]]],
    ['retract non-semver version (go mod edit accepts it)', 'retract [v1.0.0, x]\n', [['retract: version "x" invalid: must be of the form v1.2.3', 0, 17, 18]]],
    ['retract unquotable version', "retract 'x'\n", [['retract: version "\'x\'" invalid: unquoted string cannot contain quote', 0, 8, 11]]],
    ['tool arity', 'tool\n', [['tool directive expects exactly one argument', 0, 0, 4]]],
    ['ignore arity', 'ignore a b\n', [['ignore directive expects exactly one argument', 0, 0, 10]]],
    ['unknown directive', 'requires a.com/x v1.0.0\n', [['unknown directive: requires', 0, 0, 8]]],
    ['unknown block', 'go (\n\t1.21\n)\n', [['unknown block type: go', 0, 0, 4]]],
    ['unterminated block (at the end, where Go reports it)', 'module a.com/m\n\nrequire (\n\ta.com/x v1.0.0\n', [['syntax error (unterminated block started at go.mod:3:1)', 4, 0, 0]]],
    ['( not ending its line', 'require (a.com/x v1.0.0\n)\n', [['usage: require module/path v1.2.3', 0, 0, 23], ['unknown directive: )', 1, 0, 1]]],
    ['malformed first module line', 'module\nmodule a.com/m\n', [['usage: module module/path', 0, 0, 6], ['repeated module statement', 1, 0, 14]]],
    ['byte-order mark', '\uFEFFmodule a.com/m\n', [["unexpected input character '\\ufeff'", 0, 0, 1]]],
    ['/* comment', 'module a.com/m /* x */\n', [['mod files must use // comments (not /* */ comments)', 0, 15, 17]]],
    ['non-printing character', 'module a.com/m\u00a0\n', [["unexpected input character '\\u00a0'", 0, 14, 15]]],
    ['earlier syntax error before a later bad string', 'require (\n) x\nmodule "a\n', [['syntax error (expected newline after closing paren)', 1, 2, 3]]],
    ['paren then text', 'require (\n\ta.com/x v1.0.0\n) x\n', [['syntax error (expected newline after closing paren)', 2, 2, 3]]],
    ['newline in string', 'module "a.com/m\n', [['unexpected newline in string', 0, 7, 15]]],
    ['EOF in string', 'module "a.com/m', [['unexpected EOF in string', 0, 7, 15]]],
    ['control character', 'module a.com/m\u0001\n', [["unexpected input character '\\x01'", 0, 14, 15]]],
    ['non-canonical version', 'require a.com/x v1.2\n', [['require a.com/x: version "v1.2" is not canonical; go will rewrite it as v1.2.0', 0, 16, 20]]],
  ];
  for (const [name, text, want] of cases) {
    it(`reports ${name} in modfile's words with an exact range`, () => {
      assert.deepEqual(problems(text), want);
    });
  }

  it('handles CRLF and comments anywhere', () => {
    const r = parseGoMod('// top\r\nmodule a.com/m // c\r\n\r\nrequire (\r\n\t// inside\r\n\ta.com/x v1.0.0 // indirect\r\n)\r\n');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.file.requires.map((q) => [q.path, q.indirect, q.range.start.line]), [['a.com/x', true, 5]]);
  });

  it('gives each problem Go\'s line and column, where only "\\n" ends a line and columns count runes', () => {
    const r = parseGoMod('module a.com/m\rgo 1.x\n\u{1F600}\t"a\n');
    assert.deepEqual(r.problems.map((p) => [p.message, p.goPosition]), [['unexpected newline in string', { line: 2, column: 5 }]]);
    const d = parseGoMod('module a.com/m\rgo 1.x\n\trequire a.com/x\n');
    assert.deepEqual(d.problems.map((p) => [p.message, p.goPosition, p.range.start.line]), [
      ['usage: module module/path', { line: 1, column: 1 }, 0],
      ['usage: require module/path v1.2.3', { line: 2, column: 2 }, 2],
    ]);
  });
});
