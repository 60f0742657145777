// The h1 hash (golang.org/x/mod/sumdb/dirhash Hash1) of go.mod files and module zips: Go's vectors,
// golang.org/x/mod/zip's txtar modules zipped here and hashed back, a real go.mod against a real go.sum
// line, and zips that are broken or hostile.

import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DirhashError, hash1, hashGoMod } from '../../server/src/sumdb/dirhash';
import { ZipError, hashModuleZip, readZipEntries } from '../support/zip';

const REF = path.join(__dirname, '..', 'fixtures', 'reference');
const VECTORS = fs.readFileSync(path.join(REF, 'vectors', 'dirhash.txt'), 'utf8');
const ZIP_TESTDATA = path.join(REF, 'vectors', 'golang-mod-zip-testdata', 'zip', 'testdata');

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

interface ZipFile {
  name: string;
  data: Uint8Array;
}

/** A minimal zip writer for tests: stored or deflated entries, optionally a zip64 end of directory. */
function makeZip(files: ZipFile[], opts: { deflate?: (i: number) => boolean; zip64?: boolean; comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  files.forEach((f, i) => {
    const name = bytes(f.name);
    const deflated = opts.deflate?.(i) ?? false;
    const body = deflated ? zlib.deflateRawSync(f.data) : Buffer.from(f.data);
    const crc = zlib.crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflated ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(deflated ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  });
  const dir = Buffer.concat(centrals);
  const comment = bytes(opts.comment ?? '');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(opts.zip64 ? 0xffff : files.length, 8);
  end.writeUInt16LE(opts.zip64 ? 0xffff : files.length, 10);
  end.writeUInt32LE(opts.zip64 ? 0xffffffff : dir.length, 12);
  end.writeUInt32LE(opts.zip64 ? 0xffffffff : offset, 16);
  end.writeUInt16LE(comment.length, 20);
  const tail: Buffer[] = [];
  if (opts.zip64) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeBigUInt64LE(BigInt(files.length), 24);
    end64.writeBigUInt64LE(BigInt(files.length), 32);
    end64.writeBigUInt64LE(BigInt(dir.length), 40);
    end64.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + dir.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(end64, locator);
  }
  return Buffer.concat([...locals, dir, ...tail, end, comment]);
}

/** Go's txtar archive format: a header, then "-- name --" lines each followed by that file's content. */
function readTxtar(file: string): { header: string; files: ZipFile[] } {
  const parts = fs.readFileSync(file, 'latin1').split(/^-- (.*) --$\n?/m);
  const files: ZipFile[] = [];
  for (let i = 1; i < parts.length; i += 2) files.push({ name: Buffer.from(parts[i], 'latin1').toString('utf8'), data: Buffer.from(parts[i + 1], 'latin1') });
  return { header: parts[0], files };
}

describe('h1 hashes: Go\'s dirhash vectors', () => {
  const files = [
    { name: 'xyz', data: bytes('data for xyz') },
    { name: 'abc', data: bytes('data for abc') },
  ];

  it('hashes Go\'s two-file example, sorting the names first', () => {
    const want = VECTORS.match(/\[TestHash1\][\s\S]*?expected: (h1:\S+)/)![1];
    assert.equal(hash1(files), want);
    assert.equal(hash1([...files].reverse()), want);
  });

  it('is SHA-256 over the summary lines Go writes', () => {
    const summary = VECTORS.match(/summary:\n<<<\n([\s\S]*?)>>>/)![1];
    assert.equal(hash1(files), 'h1:' + crypto.createHash('sha256').update(summary).digest('base64'));
  });

  it('refuses a file name containing a newline with Go\'s text', () => {
    assert.throws(() => hash1([{ name: 'xyz', data: bytes('') }, { name: 'a\nbc', data: bytes('') }]), (e: unknown) =>
      e instanceof DirhashError && e.message === 'dirhash: filenames with newlines are not supported');
  });

  it('hashes a prefixed tree and its zip to the same value Go states', () => {
    const want = VECTORS.match(/\[TestHashDir \/ TestHashZip\][^\n]*\nexpected: (h1:\S+)/)![1];
    const prefixed = files.map((f) => ({ name: `prefix/${f.name}`, data: f.data }));
    assert.equal(hash1(prefixed), want);
    assert.equal(hashModuleZip(makeZip(prefixed)), want);
    assert.equal(hashModuleZip(makeZip(prefixed, { deflate: () => true })), want);
  });

  it('an empty module hashes to the hash of nothing', () => {
    const want = VECTORS.match(/\[empty module zip\][^\n]*\n(h1:\S+)/)![1];
    assert.equal(hash1([]), want);
    assert.equal(hashModuleZip(makeZip([])), want);
  });

  it('sorts names by UTF-8 bytes as Go does, not by UTF-16 as JavaScript does', () => {
    // U+FF61 sorts after U+1F600 in UTF-16 (its surrogates start at D83D) but before it in UTF-8.
    const a = { name: 'm@v1/\uff61', data: bytes('a') };
    const b = { name: 'm@v1/\u{1f600}', data: bytes('b') };
    const line = (f: ZipFile): string => `${crypto.createHash('sha256').update(f.data).digest('hex')}  ${f.name}\n`;
    const want = 'h1:' + crypto.createHash('sha256').update(line(a) + line(b)).digest('base64');
    assert.equal(hash1([b, a]), want);
    assert.equal(hash1([a, b]), want);
  });

  it('the go.mod of golang.org/x/mod hashes to the line real projects have in go.sum', () => {
    const goMod = fs.readFileSync(path.join(REF, 'gomod', 'golang_mod.go.mod'));
    const version = goMod.toString('utf8').match(/^go (\S+)$/m);
    assert.ok(version);
    const h = hashGoMod(goMod);
    const lines = fs.readdirSync(path.join(REF, 'gosum'))
      .flatMap((f) => fs.readFileSync(path.join(REF, 'gosum', f), 'utf8').split('\n'))
      .filter((l) => l.startsWith('golang.org/x/mod ') && l.includes('/go.mod ') && l.endsWith(` ${h}`));
    assert.ok(lines.length > 0, `no go.sum line has ${h}`);
    // One changed byte gives a different hash: the mismatch a retagged release produces.
    assert.notEqual(hashGoMod(Buffer.concat([goMod, bytes('\n')])), h);
    // Its one-shot form is Hash1 of one file named go.mod, for any bytes.
    for (const data of [goMod, Buffer.alloc(0), Buffer.from([0xff, 0xe9, 0x00, 0x0a])]) assert.equal(hashGoMod(data), hash1([{ name: 'go.mod', data }]));
  });
});

describe('h1 hashes: golang.org/x/mod/zip test modules, zipped and hashed', () => {
  const cases: { file: string; dir: string }[] = [];
  for (const dir of fs.readdirSync(ZIP_TESTDATA).sort()) {
    for (const file of fs.readdirSync(path.join(ZIP_TESTDATA, dir)).sort()) cases.push({ dir, file });
  }

  // "create" cases hold a module tree; the ones listing files Go leaves out of the zip (VCS and vendor
  // directories, submodules) test zip creation, which is Go's job, not ours.
  const needsExclusion = (files: ZipFile[]): boolean =>
    files.some((f) => /(^|\/)(vendor|\.git|\.hg|\.svn|\.bzr)\//.test(f.name) || /\/go\.mod$/i.test(f.name) || f.name === '.hg_archival.txt');

  let checked = 0;
  for (const { dir, file } of cases) {
    const { header, files } = readTxtar(path.join(ZIP_TESTDATA, dir, file));
    const want = header.match(/^hash=(\S+)$/m)?.[1];
    if (!want) continue;
    const mod = header.match(/^path=(\S+)$/m)![1];
    const version = header.match(/^version=(\S+)$/m)![1];
    if (dir !== 'unzip' && needsExclusion(files)) continue;
    const entries = dir === 'unzip' ? files : files.map((f) => ({ name: `${mod}@${version}/${f.name}`, data: f.data }));
    checked++;
    it(`${dir}/${file}: the module zip of ${mod}@${version} hashes to Go's ${want}`, () => {
      assert.equal(hash1(entries), want);
      assert.equal(hashModuleZip(makeZip(entries, { deflate: (i) => i % 2 === 0 })), want);
    });
  }

  it('finds enough hashed modules in the txtar test data to be meaningful', () => {
    assert.ok(checked >= 9, `only ${checked} modules checked`);
  });

  it('every real module hash listed in zip-content-hashes.txt and zip_sums.csv is a well-formed h1', () => {
    const listed = fs.readFileSync(path.join(REF, 'vectors', 'zip-content-hashes.txt'), 'utf8').split('\n')
      .filter((l) => l && !l.startsWith('#')).map((l) => l.split(' ')[2]);
    const csv = fs.readFileSync(path.join(REF, 'vectors', 'zip_sums.csv'), 'utf8').split('\n').filter(Boolean).map((l) => l.split(','));
    assert.ok(listed.length >= 20 && csv.length >= 2000);
    for (const h of [...listed, ...csv.map((r) => r[2])]) {
      assert.match(h, /^h1:[A-Za-z0-9+/]{43}=$/);
      assert.equal(Buffer.from(h.slice(3), 'base64').length, 32);
    }
    for (const r of csv) assert.match(r[3], /^[0-9a-f]{64}$/);
  });
});

describe('module zips: reading entries', () => {
  const files: ZipFile[] = [
    { name: 'example.com/m@v1.0.0/go.mod', data: bytes('module example.com/m\n') },
    { name: 'example.com/m@v1.0.0/big.txt', data: bytes('all work and no play\n'.repeat(5000)) },
    { name: 'example.com/m@v1.0.0/empty', data: new Uint8Array(0) },
  ];

  it('reads stored and deflated entries back byte for byte, in directory order', () => {
    for (const zip of [makeZip(files), makeZip(files, { deflate: () => true }), makeZip(files, { comment: 'a comment' })]) {
      const got = readZipEntries(zip);
      assert.deepEqual(got.map((e) => e.name), files.map((f) => f.name));
      got.forEach((e, i) => assert.equal(Buffer.compare(Buffer.from(e.data), Buffer.from(files[i].data)), 0));
    }
  });

  it('reads a zip64 directory', () => {
    assert.equal(hashModuleZip(makeZip(files, { zip64: true })), hash1(files));
  });

  it('a repeated name is listed twice and read from its last entry, as Go\'s HashZip does', () => {
    const dup = [{ name: 'm@v1/a', data: bytes('first') }, { name: 'm@v1/a', data: bytes('second') }];
    assert.equal(hashModuleZip(makeZip(dup)), hash1([dup[1], dup[1]]));
  });

  it('garbage, truncation and an empty file are not zips', () => {
    const zip = makeZip(files, { deflate: () => true });
    for (const bad of [Buffer.alloc(0), bytes('not a zip at all'), crypto.randomBytes(4096), zip.subarray(0, zip.length - 30), zip.subarray(100)]) {
      assert.throws(() => readZipEntries(bad), ZipError);
    }
  });

  it('a flipped byte in stored content fails the checksum with Go\'s text', () => {
    const zip = makeZip(files);
    const at = zip.indexOf('module example.com/m');
    zip[at] ^= 1;
    assert.throws(() => readZipEntries(zip), { message: 'zip: checksum error' });
  });

  it('corrupt deflate data is an error', () => {
    const zip = makeZip(files, { deflate: () => true });
    const start = zip.indexOf('big.txt') + 'big.txt'.length;
    for (let i = 0; i < 40; i++) zip[start + i] = 0xff;
    assert.throws(() => readZipEntries(zip), ZipError);
  });

  it('a zip bomb declaring small sizes is stopped at the declared size', () => {
    const bomb = [{ name: 'm@v1/bomb', data: new Uint8Array(50 << 20) }];
    const zip = makeZip(bomb, { deflate: () => true });
    // Lie in both headers: claim 1 KiB uncompressed.
    for (const sig of [0x04034b50, 0x02014b50]) {
      const at = zip.indexOf(Buffer.from(new Uint32Array([sig]).buffer));
      zip.writeUInt32LE(1024, at + (sig === 0x04034b50 ? 22 : 24));
    }
    assert.ok(zip.length < 100_000, 'the bomb is small on the wire');
    assert.throws(() => readZipEntries(zip), { message: 'zip: m@v1/bomb is larger than its declared size' });
  });

  it('limits on total size and entry count are enforced before anything is inflated', () => {
    const zip = makeZip(files, { deflate: () => true });
    assert.throws(() => readZipEntries(zip, { maxTotalBytes: 1000 }), /uncompressed size exceeds the limit of 1000 bytes/);
    assert.throws(() => readZipEntries(zip, { maxEntries: 2 }), { message: 'zip: more than 2 files' });
  });

  it('an unsupported compression method is refused with Go\'s text', () => {
    const zip = makeZip([files[0]]);
    zip.writeUInt16LE(12, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10); // bzip2
    assert.throws(() => readZipEntries(zip), { message: 'zip: unsupported compression algorithm' });
  });

  it('a file name that is not UTF-8 is refused', () => {
    const zip = makeZip([{ name: 'm@v1/x', data: bytes('x') }]);
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip[central + 46 + 5] = 0xff;
    assert.throws(() => readZipEntries(zip), ZipError);
  });
});
