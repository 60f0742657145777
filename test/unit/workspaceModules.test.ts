// The modules a go.work uses and the go command's refusals of them (goenv/workspaceModules.ts), with a made-up
// file system: Go's order (a directory used twice first, then one without go.mod), paths as Go prints them.
import assert from 'node:assert/strict';
import { workspaceModules } from '../../server/src/goenv/workspaceModules';
import type { GoWorkUse } from '../../server/src/parse/gomod';

const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 1 } });
const uses = (...dirs: string[]): GoWorkUse[] => dirs.map((dir, i) => ({ dir, range: at(i) }));
const withGoMod = (...dirs: string[]) => (dir: string) => dirs.includes(dir);

describe('workspaceModules', () => {
  it('joins relative uses to the workspace and cleans them; absolute ones are kept as written', () => {
    const r = workspaceModules('/w', uses('./a', 'b/', '/x/c'), withGoMod('/w/a', '/w/b', '/x/c'));
    assert.deepEqual(r.modules.map((m) => m.dir), ['/w/a', '/w/b', '/x/c']);
    assert.deepEqual(r.refusals, []);
  });

  it('one directory used twice is refused at its second use, before any directory without go.mod', () => {
    const r = workspaceModules('/w', uses('./gone', './a', 'a'), withGoMod('/w/a'));
    assert.deepEqual(r.refusals.map((x) => [x.use.range.start.line, x.message]), [
      [2, 'reading go.work: path /w/a appears multiple times in workspace'],
      [0, 'cannot load module gone listed in go.work file: open gone/go.mod: no such file or directory'],
    ]);
  });

  it('"/w/a" and "/w/a/" are two uses to Go (absolute, kept as written) but one module whose files are read once', () => {
    const r = workspaceModules('/w', uses('/w/a', '/w/a/'), withGoMod('/w/a', '/w/a/'));
    assert.deepEqual(r.refusals, []);
    assert.deepEqual(r.modules.map((m) => m.dir), ['/w/a']);
  });

  it('a directory outside the workspace without go.mod is named by its absolute path when that is shorter', () => {
    const r = workspaceModules('/deep/in/the/workspace', uses('/x'), withGoMod());
    assert.deepEqual(r.refusals.map((x) => x.message), ['cannot load module /x listed in go.work file: open /x/go.mod: no such file or directory']);
  });

  it('a go.work of 200,000 uses, the last a repeat, is read without a search of the list per use (which took minutes)', () => {
    const many = Array.from({ length: 200_000 }, (_, i): GoWorkUse => ({ dir: `./m${i}`, range: at(i) }));
    const r = workspaceModules('/w', [...many, { dir: './m0', range: at(200_000) }], () => true);
    assert.equal(r.modules.length, 200_000);
    assert.deepEqual(r.refusals.map((x) => x.message), ['reading go.work: path /w/m0 appears multiple times in workspace']);
  });
});
