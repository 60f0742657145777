// The server's memo of the go.mod files a go.work uses (lsp/usedGoMods.ts), on real files: what it answers, and
// that it answers again from the memo only while the file is the same.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsedGoMods } from '../../server/src/lsp/usedGoMods';

describe('UsedGoMods', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'used-gomods-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the module path and replacements of a go.mod that loads; where go stops at one it cannot load; nothing for none there', () => {
    const memo = new UsedGoMods();
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/a\n\nreplace example.com/x v1.0.0 => ./r\n');
    const load = memo.loadOf(dir);
    assert.ok(load && 'facts' in load && load.stop === undefined);
    assert.equal(load.facts.path, 'example.com/a');
    assert.deepEqual(load.facts.replaces.map((r) => [r.oldPath, r.oldVersion, r.newPath, r.newVersion]), [['example.com/x', 'v1.0.0', './r', '']]);
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/a\n\nreplace example.com/x => ./r\nreplace example.com/x => ./s\n');
    const conflicting = memo.loadOf(dir);
    assert.ok(conflicting && 'facts' in conflicting);
    assert.deepEqual(conflicting.stop, { stage: 'index', message: 'conflicting replacements for example.com/x:\n\t./r\n\t./s',
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 28 } } }, 'go stops at this go.mod, at its later line');
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/a\nfoo\n');
    assert.deepEqual(memo.loadOf(dir), { read: { parseErrors: [{ position: '2', message: 'unknown directive: foo', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } }] } });
    assert.equal(memo.loadOf(path.join(dir, 'none')), undefined);
  });

  it('the same file answers from the memo; a file replaced by another of the same size is read again', () => {
    const memo = new UsedGoMods();
    const file = path.join(dir, 'go.mod');
    writeFileSync(file, 'module example.com/a\n');
    const first = memo.loadOf(dir);
    assert.equal(memo.loadOf(dir), first, 'unchanged: the very facts read before');
    writeFileSync(path.join(dir, 'next'), 'module example.com/b\n');
    renameSync(path.join(dir, 'next'), file);
    const second = memo.loadOf(dir);
    assert.notEqual(second, first);
    assert.equal(second && 'facts' in second && second.facts.path, 'example.com/b');
  });
});
