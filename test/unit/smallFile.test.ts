// Reading small local files (shared/smallFile.ts) as the module cache, the go env file and .netrc are read: the
// bytes of a regular file within the limit, and nothing, at once, for anything else — never a wait on a FIFO.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPresentFile, readSmallFile } from '../../server/src/shared/smallFile';

describe('small files, read whole or not at all', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'small-file-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, read] of [['readSmallFile', readSmallFile], ['readPresentFile', readPresentFile]] as const) {
    it(`${name}: a file up to the limit whole (past the 64 KiB scratch too), one byte over it or anything else nothing`, () => {
      const file = (n: string, data: Buffer | string) => { const f = path.join(dir, `${name}-${n}`); writeFileSync(f, data); return f; };
      const big = Buffer.alloc(200_000, 0x61);
      big[199_999] = 0x62;
      assert.deepEqual(read(file('big', big), 200_000), big);
      assert.equal(read(file('over', big), 199_999), undefined);
      assert.deepEqual(read(file('exact', 'h1:abc'), 6), Buffer.from('h1:abc'));
      assert.deepEqual(read(file('empty', ''), 10), Buffer.alloc(0));
      assert.equal(read(path.join(dir, `${name}-missing`), 10), undefined);
      const sub = path.join(dir, `${name}-dir`);
      mkdirSync(sub);
      assert.equal(read(sub, 10), undefined);
      assert.equal(read('/dev/null', 10), undefined, 'a device is no file, even an empty one');
      assert.equal(read('/dev/zero', 10), undefined);
      const fifo = path.join(dir, `${name}-fifo`);
      execFileSync('mkfifo', [fifo]);
      const started = Date.now();
      assert.equal(read(fifo, 10), undefined);
      assert.ok(Date.now() - started < 1_000);
    });
  }

  it('readPresentFile hands out its own bytes: a later read does not change what an earlier one returned', () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    writeFileSync(a, 'first');
    writeFileSync(b, 'second');
    const first = readPresentFile(a, 100)!;
    readPresentFile(b, 100);
    assert.equal(first.toString(), 'first');
  });
});
