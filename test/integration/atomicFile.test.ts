// writeAtomic (shared/atomicFile.ts), the one way our code replaces a file, on a real file system: the mode it
// keeps or gives, that nothing but the file is left behind, and that a failed write leaves the old file whole.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeAtomic } from '../../server/src/shared/atomicFile';

describe('writeAtomic', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atomic-')); });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const modeOf = async (f: string) => (await fs.stat(f)).mode & 0o7777;

  it('keepMode keeps the replaced file\'s mode exactly, bits the umask would take away included', async () => {
    const file = path.join(dir, 'env');
    await fs.writeFile(file, 'old\n');
    await fs.chmod(file, 0o2664);
    const umask = process.umask(0o077);
    try {
      await writeAtomic(file, Buffer.from('new\n'), { mode: 0o666, keepMode: true, sync: true });
    } finally {
      process.umask(umask);
    }
    assert.equal(await fs.readFile(file, 'utf8'), 'new\n');
    assert.equal(await modeOf(file), 0o2664);
    assert.deepEqual(await fs.readdir(dir), ['env']);
  });

  it('pieces land whole and in order, empty ones and one larger than a single write among them', async () => {
    const big = Buffer.alloc(5 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 131) & 0xff;
    const pieces = [Buffer.from('head\n'), Buffer.alloc(0), big.subarray(7), Buffer.from('x'), Buffer.alloc(0), ...Array.from({ length: 1500 }, (_, i) => Buffer.from(`${i}\n`))];
    const file = path.join(dir, 'pack');
    await writeAtomic(file, pieces);
    assert.ok((await fs.readFile(file)).equals(Buffer.concat(pieces)));
    await writeAtomic(file, [Buffer.alloc(0)]);
    assert.equal((await fs.readFile(file)).length, 0);
    assert.deepEqual(await fs.readdir(dir), ['pack']);
  });

  it('a new file gets the mode asked for, less the umask, in a directory made for it', async () => {
    const file = path.join(dir, 'a', 'b', 'session');
    const umask = process.umask(0o022);
    try {
      await writeAtomic(file, [Buffer.from('one '), Buffer.from('two')], { mode: 0o666, keepMode: true });
      await writeAtomic(path.join(dir, 'secret'), Buffer.from('s'), { mode: 0o600 });
    } finally {
      process.umask(umask);
    }
    assert.equal(await fs.readFile(file, 'utf8'), 'one two');
    assert.equal(await modeOf(file), 0o644);
    assert.equal(await modeOf(path.join(dir, 'secret')), 0o600);
  });

  it('a rename that fails leaves what was there untouched and no temp file', async () => {
    const taken = path.join(dir, 'pack');
    await fs.mkdir(taken);
    await fs.writeFile(path.join(taken, 'inside'), 'old');
    await assert.rejects(writeAtomic(taken, Buffer.from('new'), { sync: true }));
    assert.equal(await fs.readFile(path.join(taken, 'inside'), 'utf8'), 'old');
    assert.deepEqual(await fs.readdir(dir), ['pack']);
  });
});
