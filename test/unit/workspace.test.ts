// Workspace mode as modload's InitWorkfile decides it (the go command's side: gomodDifferential.test.ts).
import assert from 'node:assert/strict';
import { goSumFileName, goWorkFile, goWorkLookup, goWorkRefusal } from '../../server/src/goenv/workspace';

describe('goWorkLookup', () => {
  it('GOWORK=off is never workspace mode; an absolute GOWORK always; a relative one is Go\'s fatal error, none', () => {
    assert.deepEqual(goWorkLookup('/src/m', 'off'), { workspace: false });
    assert.deepEqual(goWorkLookup('/src/m', '/elsewhere/go.work'), { workspace: true });
    assert.deepEqual(goWorkLookup('/src/m', 'rel/go.work'), { workspace: false });
  });

  it('unset, empty or auto: a go.work in the directory or any above it, nearest first, up to the root', () => {
    const want = { candidates: ['/src/m/go.work', '/src/go.work', '/go.work'] };
    assert.deepEqual(goWorkLookup('/src/m'), want);
    assert.deepEqual(goWorkLookup('/src/m/', ''), want);
    assert.deepEqual(goWorkLookup('/src/m', 'auto'), want);
  });

  it('the go.work in use: GOWORK naming one, else the nearest that exists; a relative GOWORK is refused in Go\'s words', () => {
    const files = new Set(['/src/go.work', '/go.work']);
    assert.equal(goWorkFile('/src/m', '', (f) => files.has(f)), '/src/go.work');
    assert.equal(goWorkFile('/src/m', 'off', (f) => files.has(f)), undefined);
    assert.equal(goWorkFile('/src/m', '/elsewhere/go.work', () => false), '/elsewhere/go.work');
    assert.equal(goWorkFile('/src/m', undefined, () => false), undefined);
    assert.equal(goWorkRefusal('rel/go.work'), 'the path provided to GOWORK must be an absolute path');
    for (const ok of [undefined, '', 'off', 'auto', '/w/go.work']) assert.equal(goWorkRefusal(ok), undefined);
  });

  it('names a go.sum as Go does in a checksum mismatch: go.work.sum by name, a module\'s go.sum by its path in a workspace, else plain', () => {
    assert.equal(goSumFileName('/w/go.work.sum', true), 'go.work.sum');
    assert.equal(goSumFileName('/w/go.work.sum', false), 'go.work.sum');
    assert.equal(goSumFileName('/w/m/go.sum', true), '/w/m/go.sum');
    assert.equal(goSumFileName('/w/m/go.sum', false), undefined);
    // The sum file of a work file GOWORK names: Go checks its path's ending, not its base name.
    assert.equal(goSumFileName('/w/dev.work.sum', true, true), undefined);
    assert.equal(goSumFileName('/w/my.go.work.sum', true, true), 'go.work.sum');
  });
});
