// Workspace mode as modload's InitWorkfile decides it (the go command's side: gomodDifferential.test.ts).
import assert from 'node:assert/strict';
import { goWorkLookup } from '../../server/src/goenv/workspace';

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
});
