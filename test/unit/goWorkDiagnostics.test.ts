// An open go.work's diagnostics (lsp/goWorkDiagnostics.ts) for a URI no path can be made of: its directives are
// still read, and nothing throws (fileURLToPath refuses a file URI with a host).
import assert from 'node:assert/strict';
import { goWorkDiagnostics } from '../../server/src/lsp/goWorkDiagnostics';
import { UsedGoMods } from '../../server/src/lsp/usedGoMods';

describe('goWorkDiagnostics', () => {
  it('a file URI with a host, or an untitled one: the directives\' problems, no file system look, no throw', () => {
    for (const uri of ['file://server/share/go.work', 'untitled:go.work']) {
      assert.deepEqual(goWorkDiagnostics(uri, 'go 1.21\n\nuse ./a\n', new UsedGoMods()), [], uri);
      assert.deepEqual(goWorkDiagnostics(uri, 'go 1.21\n\nfoo bar\n', new UsedGoMods()).map((d) => d.message), ['unknown directive: foo'], uri);
    }
  });
});
