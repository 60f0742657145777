import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { escapePath, escapeVersion } from '../../server/src/parse/module';
import { hashGoMod } from '../../server/src/sumdb/dirhash';
import { moduleCacheReader } from '../../server/src/audit/moduleCache';
import { tempDir } from '../support/sumdbClientSetup';
import { auditSetup, parse } from '../support/auditSetup';

describe('the module cache, read the way the go command reads it', function () {
  let home: string;
  let modCache: string;
  const put = (module: string, version: string, ext: string, data: string) => {
    const dir = path.join(modCache, 'cache', 'download', ...escapePath(module).split('/'), '@v');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${escapeVersion(version)}.${ext}`), data);
  };
  beforeEach(() => {
    home = tempDir('modcache');
    modCache = path.join(home, 'modcache');
  });
  afterEach(() => rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }));

  it('a go.mod an old go version cached as a "//vgo 0.0." placeholder counts as not cached', async () => {
    const placeholder = '//vgo 0.0.4\n\nmodule go.googlesource.com/scratch\n';
    const lookalike = '// vgo 0.0.4\n\nmodule example.com/lookalike\n';
    put('go.googlesource.com/scratch', 'v0.0.0-20180220024720-0f3025298580', 'mod', placeholder);
    put('example.com/lookalike', 'v1.0.0', 'mod', lookalike);
    put('example.com/old', 'v0.0.3', 'mod', '//vgo 0.0.3\n\nmodule "example.com/old"\n');
    const reader = moduleCacheReader(modCache);
    assert.ok(reader);
    assert.equal(reader.hash('go.googlesource.com/scratch', 'v0.0.0-20180220024720-0f3025298580', true), undefined);
    assert.equal(reader.hash('example.com/old', 'v0.0.3', true), undefined);
    // Only the exact prefix marks a placeholder; anything else is hashed as Go hashes a go.mod.
    assert.equal(reader.hash('example.com/lookalike', 'v1.0.0', true), hashGoMod(new TextEncoder().encode(lookalike)));
  });

  it('a FIFO, a directory or an oversized file where a hash should be is no hash, and is never waited on', () => {
    put('example.com/fifo', 'v1.0.0', 'ziphash', '');
    const fifo = path.join(modCache, 'cache', 'download', 'example.com', 'fifo', '@v', 'v1.0.0.ziphash');
    rmSync(fifo);
    execFileSync('mkfifo', [fifo]);
    mkdirSync(path.join(modCache, 'cache', 'download', 'example.com', 'dir', '@v', 'v1.0.0.mod'), { recursive: true });
    put('example.com/big', 'v1.0.0', 'ziphash', 'h1:' + 'A'.repeat(2000));
    put('example.com/ok', 'v1.0.0', 'ziphash', 'h1:ok=\n');
    const reader = moduleCacheReader(modCache);
    assert.ok(reader);
    // Opened for reading, the FIFO would hold this test (and an editor's event loop) until a writer came.
    assert.equal(reader.hash('example.com/fifo', 'v1.0.0', false), undefined);
    assert.equal(reader.hash('example.com/dir', 'v1.0.0', true), undefined);
    assert.equal(reader.hash('example.com/big', 'v1.0.0', false), undefined);
    assert.equal(reader.hash('example.com/ok', 'v1.0.0', false), 'h1:ok=');
  });

  it('a module downloaded between two audits by one auditor (an editor\'s, which lives for hours) is compared in the second', async () => {
    const goMod = 'module example.com/late\n';
    const line = `example.com/late v1.0.0/go.mod ${hashGoMod(new TextEncoder().encode(goMod))}`;
    put('example.com/other', 'v1.0.0', 'mod', 'module example.com/other\n');
    const a = await auditSetup({ GOSUMDB: 'sum.golang.org', GOMODCACHE: modCache }, { offline: true, home });
    try {
      assert.deepEqual((await a.auditor.audit(parse([line]))).verdicts.map((v) => v.moduleCache), ['absent']);
      put('example.com/late', 'v1.0.0', 'mod', goMod);
      assert.deepEqual((await a.auditor.audit(parse([line]))).verdicts.map((v) => v.moduleCache), ['matches']);
    } finally {
      await a.close();
    }
  });

  it('the audit reports a placeholder go.mod as absent from the cache, never as differing from go.sum', async () => {
    const goMod = 'module example.com/lib\n';
    put('example.com/lib', 'v1.0.0', 'mod', `//vgo 0.0.4\n\n${goMod}`);
    put('example.com/real', 'v1.0.0', 'mod', goMod);
    const lines = [
      `example.com/lib v1.0.0/go.mod ${hashGoMod(new TextEncoder().encode(goMod))}`,
      `example.com/real v1.0.0/go.mod ${hashGoMod(new TextEncoder().encode(goMod))}`,
    ];
    const a = await auditSetup({ GOSUMDB: 'sum.golang.org', GOMODCACHE: modCache }, { offline: true, home });
    try {
      const r = await a.auditor.audit(parse(lines));
      assert.deepEqual(r.verdicts.map((v) => v.moduleCache), ['absent', 'matches']);
      assert.equal(r.verdicts[0].moduleCacheMessage, undefined);
    } finally {
      await a.close();
    }
  });
});
