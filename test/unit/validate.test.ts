import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateDocument, documentKind, documentProblems } from '../../server/src/problems/validate';
import { parseGoMod } from '../../server/src/parse/gomod';
import { effectiveModule } from '../../server/src/problems/crossfile';

const REF = path.join(__dirname, '..', 'fixtures', 'reference');
const H = 'h1:rcTgdhGf2dvXrNywJG0jkV+0342RC7PiKN0YX33Ej6Y=';

describe('diagnostics for one document', () => {
  it('recognises go.mod, go.sum and go.work.sum by name, in paths and URIs', () => {
    assert.equal(documentKind('/x/go.mod'), 'go.mod');
    assert.equal(documentKind('file:///c%3A/x/go.sum'), 'go.sum');
    assert.equal(documentKind('C:\\x\\go.work.sum'), 'go.sum');
    assert.equal(documentKind('/x/go.mod.bak'), undefined);
  });

  it('finds every require of a real project in its real go.sum', () => {
    for (const name of ['etcd-io_etcd', 'moby_moby', 'prometheus_prometheus', 'hashicorp_terraform', 'thanos-io_thanos', 'influxdata_telegraf']) {
      const mod = readFileSync(path.join(REF, 'gomod', `${name}.go.mod`), 'utf8');
      const sum = readFileSync(path.join(REF, 'gosum', `${name}.go.sum`), 'utf8');
      assert.deepEqual(validateDocument('go.mod', mod, 'file:///go.mod', sum), [], name);
    }
  });

  it('says a go.mod without a module line cannot be loaded, in Go\'s words, unless a parse error comes first', () => {
    const codes = (text: string) => documentProblems('go.mod', text).map((p) => [p.code, p.severity, p.range.start.line]);
    assert.deepEqual(codes('go 1.21\n\nrequire a.com/x v1.0.0\n'), [['gomod.missingModule', 'error', 0]]);
    // Go stops there: it never gets to the module graph, so go.sum is asked nothing.
    assert.deepEqual(documentProblems('go.mod', 'go 1.21\n\nrequire a.com/x v1.0.0\n', '').map((p) => p.code), ['gomod.missingModule']);
    assert.deepEqual(documentProblems('go.mod', 'module m.com/m\nrequire a.com/x v1.0.0\nreplace a.com/x => ./a\nreplace a.com/x => ./b\n', '').map((p) => p.code), ['gomod.conflictingReplace']);
    assert.match(documentProblems('go.mod', '')[0].message, /^error reading go\.mod: missing module declaration\. To specify the module path:\n\tgo mod edit -module=example\.com\/mod$/);
    assert.deepEqual(codes('module a.com/m\n'), []);
    assert.deepEqual(codes('go 1.x\n'), [['gomod.go', 'error', 0]]);
  });

  it('two replacements of one module version are Go\'s "conflicting replacements" at the later line, the kept one related; the same one twice is none', () => {
    const problems = (text: string) => documentProblems('go.mod', `module example.com/m\n\n${text}`).map((p) => [p.code, p.range.start.line, p.message, p.related?.map((r) => r.range.start.line)]);
    assert.deepEqual(problems('replace x.com/a v1.0.0 => ./a\nreplace x.com/a v1.0.0 => ./a\nreplace (\n\tx.com/a v1.0.0 => "./a"\n\tx.com/a v1.0.0 => y.com/b v1.2.0\n)\n'), [
      ['gomod.conflictingReplace', 6, 'conflicting replacements for x.com/a@v1.0.0:\n\t./a\n\ty.com/b@v1.2.0', [5]],
    ]);
    // One version and all versions are two modules to Go; each version is its own.
    assert.deepEqual(problems('replace x.com/a => ./a\nreplace x.com/a v1.0.0 => ./b\nreplace x.com/a v1.1.0 => ./c\n'), []);
    assert.deepEqual(problems('replace x.com/a => ./a\nreplace x.com/a => ../b\nreplace x.com/a => ./c\n')[0][2], 'conflicting replacements for x.com/a:\n\t./a\n\t../b');
  });

  it('where Go meets a conflicting replacement: after a parse error or a missing module line (it stops there), before the module line\'s path', () => {
    const codes = (text: string) => documentProblems('go.mod', text).filter((p) => p.severity === 'error').map((p) => p.code);
    const conflict = 'replace x.com/a => ./a\nreplace x.com/a => ./b\n';
    assert.deepEqual(codes(`go 1.x\n${conflict}`), ['gomod.go']);
    assert.deepEqual(codes(conflict), ['gomod.missingModule']);
    assert.deepEqual(codes(`module "example.com/a b"\n${conflict}`), ['gomod.module', 'gomod.conflictingReplace']);
  });

  it('today\'s go refuses "go" and "toolchain" as module paths (reserved for its own toolchain modules), before any conflicting replacement', () => {
    const errors = (text: string) => documentProblems('go.mod', text).filter((p) => p.severity === 'error').map((p) => [p.code, p.message]);
    assert.deepEqual(errors('module go\nreplace x.com/a => ./a\nreplace x.com/a => ./b\n'), [['gomod.module', 'error reading go.mod: invalid module path: "go"']]);
    assert.deepEqual(errors('module "toolchain"\n'), [['gomod.module', 'error reading go.mod: invalid module path: "toolchain"']]);
    assert.deepEqual(errors('module golang.org/toolchain\n'), []);
  });

  it('a tool line whose path is no import path is today\'s "malformed tool path", after the module line\'s path and any conflicting replacement', () => {
    const errors = (text: string) => documentProblems('go.mod', text).filter((p) => p.severity === 'error').map((p) => [p.code, p.range.start.line, p.message]);
    assert.deepEqual(errors('module example.com/m\n\ntool (\n\texample.com/m/cmd/ok\n\t"example.com/a b"\n\texample.com/..\n)\n'), [
      ['gomod.tool', 4, 'malformed tool path "example.com/a b": invalid char \' \''],
    ]);
    assert.deepEqual(errors('module example.com/m\ntool ./x\n').map((e) => e[2]), ['malformed tool path "./x": invalid path element "."']);
    assert.deepEqual(errors('module "example.com/a b"\ntool ./x\n').map((e) => e[0]), ['gomod.module']);
    assert.deepEqual(errors('module example.com/m\ntool ./x\nreplace x.com/a => ./a\nreplace x.com/a => ./b\n').map((e) => e[0]), ['gomod.conflictingReplace']);
  });

  it('a requirement on a version go.mod excludes is dropped with Go\'s warning, and go.sum is asked nothing about it (not in workspace mode)', () => {
    const mod = 'module example.com/m\n\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.2.0\n)\n\nexclude (\n\ta.com/x v1.0.0\n\tb.com/y v1.1.0\n)\n';
    const found = (sum?: string) => documentProblems('go.mod', mod, sum).map((p) => [p.code, p.range.start.line, p.message]);
    assert.deepEqual(found(''), [
      ['gomod.excludedRequire', 3, 'ignoring requirement on excluded version a.com/x v1.0.0'],
      ['gomod.missingGoSum', 4, 'b.com/y@v1.2.0: missing go.sum entry for go.mod file; to add it:\n\tgo mod download b.com/y'],
    ]);
    assert.deepEqual(found(undefined), []);
  });

  it('a directory replacing a requirement whose go.mod the go command cannot read: its error, the file named from the module\'s directory (outside workspace mode)', () => {
    const mod = 'module example.com/m\n\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.0.0\n\tc.com/z v1.0.0\n)\n\nreplace a.com/x => ../x\nreplace b.com/y v1.0.0 => /abs/y/\nreplace c.com/z => c.com/w v1.0.0\n';
    const asked: string[] = [];
    const dirs = { moduleDir: '/work/m', readError: (file: string) => { asked.push(file); return file === '/work/x/go.mod' ? `open ${file}: no such file or directory` : undefined; } };
    const found = documentProblems('go.mod', mod, `c.com/w v1.0.0/go.mod ${H}\n`, undefined, dirs).map((p) => [p.code, p.range.start.line, p.message]);
    // base.ShortPath: relative to the module's directory when shorter.
    assert.deepEqual(found, [['gomod.replacementGoMod', 3, 'a.com/x@v1.0.0 (replaced by ../x): reading ../x/go.mod: open /work/x/go.mod: no such file or directory']]);
    assert.deepEqual(asked, ['/work/x/go.mod', '/abs/y/go.mod']);
    assert.deepEqual(documentProblems('go.mod', mod, undefined, undefined, dirs).map((p) => p.code), [], 'workspace mode: not asked');
  });

  it('warns, in Go\'s words and on the require line, when go.sum lacks a required go.mod hash', () => {
    const mod = 'module example.com/app\n\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.2.0 // indirect\n)\n';
    const ds = validateDocument('go.mod', mod, 'file:///go.mod', `a.com/x v1.0.0/go.mod ${H}\nb.com/y v1.2.0 ${H}\n`);
    assert.equal(ds.length, 1);
    assert.equal(ds[0].message, 'b.com/y@v1.2.0: missing go.sum entry for go.mod file; to add it:\n\tgo mod download b.com/y');
    assert.equal(ds[0].severity, 2);
    assert.equal(ds[0].source, 'gosum-doctor');
    assert.equal(ds[0].code, 'gomod.missingGoSum');
    assert.deepEqual(ds[0].range, { start: { line: 4, character: 1 }, end: { line: 4, character: 15 } });
  });

  it('follows replacements: a directory needs no go.sum line, another module needs its own', () => {
    const mod = [
      'module example.com/app',
      'require (', '\ta.com/x v1.0.0', '\tb.com/y v1.0.0', '\tc.com/z v1.0.0', ')',
      'replace a.com/x => ../x',
      'replace b.com/y v1.0.0 => fork.com/y v1.0.1',
      'replace c.com/z v1.9.9 => ../never',
      '',
    ].join('\n');
    const file = parseGoMod(mod).file;
    assert.equal(effectiveModule(file, 'a.com/x', 'v1.0.0'), undefined);
    assert.deepEqual(effectiveModule(file, 'b.com/y', 'v1.0.0'), { path: 'fork.com/y', version: 'v1.0.1' });
    assert.deepEqual(effectiveModule(file, 'c.com/z', 'v1.0.0'), { path: 'c.com/z', version: 'v1.0.0' });
    const problems = documentProblems('go.mod', mod, `b.com/y v1.0.0/go.mod ${H}\nc.com/z v1.0.0/go.mod ${H}\n`);
    // Named as Go names it; the download Go suggests is of the required path (gomodDifferential compares with go).
    assert.deepEqual(problems.map((p) => p.message), ['b.com/y@v1.0.0 (replaced by fork.com/y@v1.0.1): missing go.sum entry for go.mod file; to add it:\n\tgo mod download b.com/y']);
  });

  it('skips the cross-check when the go.sum is unknown, and when go.mod has a syntax error', () => {
    assert.deepEqual(documentProblems('go.mod', 'module a.com/m\nrequire a.com/x v1.0.0\n'), []);
    const broken = documentProblems('go.mod', 'module a.com/m\nrequire (\n\ta.com/x v1.0.0\n', '');
    assert.deepEqual(broken.map((p) => p.code), ['gomod.syntax']);
  });

  it('links a conflicting go.sum line to the other hash through related information', () => {
    const text = `a.com/x v1.0.0 ${H}\na.com/x v1.0.0 h1:KlQV+7CEdqJ7E/eXKgVs27RMjFZn2I0x44SjauCGNkY=\n`;
    const [d] = validateDocument('go.sum', text, 'file:///p/go.sum');
    assert.equal(d.severity, 1);
    assert.equal(d.relatedInformation?.[0].location.uri, 'file:///p/go.sum');
    assert.equal(d.relatedInformation?.[0].location.range.start.line, 0);
  });
});
