// The transparency log: Go's vectors (sumdb/tlog tests), trees built in memory and checked against an
// independent RFC 6962 computation, tiles that lie, real sum.golang.org proofs, and the tiles of three
// real Go checksum-database caches read through our tile hash reader.

import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tlog from '../../server/src/sumdb/tlog';
import type { Hash, HashReader, Tile, TileReader, Tree } from '../../server/src/sumdb/tlog';
import { openNote, parseVerifierKey, verifierList } from '../../server/src/sumdb/note';

const REF = path.join(__dirname, '..', 'fixtures', 'reference');
const FORMAT = fs.readFileSync(path.join(REF, 'vectors', 'tlog-format.txt'), 'utf8');
const SUM_GOLANG_ORG = verifierList(parseVerifierKey('sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8'));

const b64 = (h: Uint8Array): string => Buffer.from(h).toString('base64');
const fromB64 = (s: string): Hash => Buffer.from(s, 'base64');
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

function section(name: string): string {
  const i = FORMAT.indexOf(`[${name}`);
  assert.ok(i >= 0, `section ${name} missing`);
  const j = FORMAT.indexOf('\n[', i + 1);
  return FORMAT.slice(i, j < 0 ? undefined : j);
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  assert.fail('expected a rejection');
}

/** RFC 6962 section 2.1 Merkle tree hash, computed straight from the definition: the independent oracle. */
function mth(leaves: Hash[], lo = 0, hi = leaves.length): Hash {
  if (hi - lo === 0) return sha256();
  if (hi - lo === 1) return leaves[lo];
  let k = 1;
  while (k * 2 < hi - lo) k *= 2;
  return sha256(Buffer.of(1), mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
}

/** Hashes stored in order, as a log server writes them; checks callers ask in increasing order. */
class HashStorage implements HashReader {
  readonly hashes: Hash[] = [];
  reads = 0;
  async readHashes(indexes: number[]): Promise<Hash[]> {
    this.reads++;
    for (let i = 1; i < indexes.length; i++) assert.ok(indexes[i - 1] < indexes[i], 'indexes out of order');
    return indexes.map((x) => {
      assert.ok(x < this.hashes.length, `index ${x} not stored`);
      return this.hashes[x];
    });
  }
}

async function buildLog(count: number): Promise<{ storage: HashStorage; leaves: Hash[]; roots: Hash[] }> {
  const storage = new HashStorage();
  const leaves: Hash[] = [];
  const roots: Hash[] = [];
  for (let i = 0; i < count; i++) {
    const data = bytes(`leaf ${i}`);
    storage.hashes.push(...(await tlog.storedHashes(i, data, storage)));
    leaves.push(tlog.recordHash(data));
    roots.push(await tlog.treeHash(i + 1, storage));
  }
  return { storage, leaves, roots };
}

/** Tiles served from honest storage, with hooks to lie and to observe what was saved. */
class MemoryTiles implements TileReader {
  saved: string[] = [];
  corrupt?: (t: Tile, data: Uint8Array) => Uint8Array;
  constructor(private readonly h: number, private readonly storage: HashReader) {}
  height(): number {
    return this.h;
  }
  async readTiles(tiles: Tile[]): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for (const t of tiles) {
      const data = await tlog.readTileData(t, this.storage);
      out.push(this.corrupt ? this.corrupt(t, data) : data);
    }
    return out;
  }
  saveTiles(tiles: Tile[]): void {
    this.saved.push(...tiles.map(tlog.tilePath));
  }
}

describe('transparency log: formats (Go vectors)', () => {
  it('hashes a record as SHA-256 of a zero byte and the data', () => {
    const want = section('RecordHash').match(/RecordHash\("hello world"\) = .* = (\S+)/)![1];
    assert.equal(b64(tlog.recordHash(bytes('hello world'))), want);
    assert.equal(b64(tlog.recordHash(bytes('hello world'))), b64(sha256(Buffer.of(0), bytes('hello world'))));
  });

  it('the empty tree hashes to SHA-256 of nothing', async () => {
    const want = section('RecordHash').match(/TreeHash\(0\).* = ([0-9a-f]{64})/)![1];
    assert.equal(Buffer.from(await tlog.treeHash(0, new HashStorage())).toString('hex'), want);
  });

  const treeText = section('FormatTree').match(/<<<\n([\s\S]*?)>>>/)![1];

  it('formats a tree head the way the database signs it', () => {
    assert.equal(tlog.formatTree({ n: 123456789012, hash: tlog.recordHash(bytes('hello world')) }), treeText);
  });

  it('parses a tree head and ignores lines after the third', () => {
    for (const extra of ['', 'JOE', 'JOE\n', 'JOE\n'.repeat(1000)]) {
      const tree = tlog.parseTree(treeText + extra);
      assert.equal(tree.n, 123456789012);
      assert.equal(b64(tree.hash), 'TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=');
    }
  });

  it('rejects malformed tree heads with Go\'s text', () => {
    const bad = [
      'not-' + treeText,
      'go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n',
      'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n',
      'go.sum database tree\n0123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n',
      'go.sum database tree\n-1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n',
      'go.sum database tree\n12\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=',
      'go.sum database tree\n99999999999999999999\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n',
      treeText + 'x'.repeat(1_000_001),
    ];
    for (const text of bad) assert.throws(() => tlog.parseTree(text), { message: 'malformed tree note' }, JSON.stringify(text.slice(0, 60)));
  });

  it('formats a lookup record as id, text and a blank line', () => {
    assert.equal(Buffer.from(tlog.formatRecord(123456789012, bytes('hello, world\n'))).toString('latin1'), '123456789012\nhello, world\n\n');
  });

  it('refuses to format record text Go would not sign', () => {
    for (const text of ['', 'hello\nworld', 'hello\n\nworld\n', 'hello\x01world\n']) {
      assert.throws(() => tlog.formatRecord(1, bytes(text)), { message: 'malformed record data' }, JSON.stringify(text));
    }
  });

  it('parses a record and hands back what follows it', () => {
    const a = tlog.parseRecord(bytes('123456789012\nhello, world\n\njunk on end\x01\xff'));
    assert.equal(a.id, 123456789012);
    assert.equal(Buffer.from(a.text).toString('latin1'), 'hello, world\n');
    assert.equal(Buffer.from(a.rest).toString('latin1'), 'junk on end\x01\xff');
    const b = tlog.parseRecord(bytes('123456789012\nhello, world\n\n'));
    assert.equal(Buffer.from(b.text).toString('latin1'), 'hello, world\n');
    assert.equal(b.rest.length, 0);
  });

  it('rejects malformed records with Go\'s text', () => {
    const bad = [
      'not-123456789012\nhello, world\n\n',
      '123\nhello\x01world\n\n',
      '123\nhello\xffworld\n\n',
      '123\nhello world\n',
      '0x123\nhello world\n\n',
      '',
      '123',
      '9'.repeat(40) + '\nhello\n\n',
    ];
    for (const msg of bad) assert.throws(() => tlog.parseRecord(bytes(msg)), { message: 'malformed record data' }, JSON.stringify(msg));
  });
});

describe('transparency log: tile coordinates (Go vectors)', () => {
  const rows = [...section('Tile paths').matchAll(/^(tile\/\S+)\s+= (?:Tile\{(-?\d+), (-?\d+), (\d+), (\d+)\}|INVALID)/gm)];

  it('the vector file lists the tile paths we expect to check', () => {
    assert.equal(rows.length, 8);
  });

  for (const [, p, h, l, n, w] of rows) {
    if (h === undefined) {
      it(`rejects the malformed tile path ${p}`, () => {
        assert.throws(() => tlog.parseTilePath(p), { message: `malformed tile path ${JSON.stringify(p)}` });
      });
    } else {
      it(`formats and parses ${p}`, () => {
        const tile = { h: Number(h), l: Number(l), n: Number(n), w: Number(w) };
        assert.equal(tlog.tilePath(tile), p);
        assert.deepEqual(tlog.parseTilePath(p), tile);
      });
    }
  }

  it('round-trips tile numbers far beyond 32 bits', () => {
    const tile = { h: 8, l: 2, n: 123_456_789_012_345, w: 17 };
    const p = tlog.tilePath(tile);
    assert.equal(p, 'tile/8/2/x123/x456/x789/x012/345.p/17');
    assert.deepEqual(tlog.parseTilePath(p), tile);
  });

  it('rejects every non-canonical or hostile tile path', () => {
    const bad = [
      '', 'tile', 'tile/8/0', 'tiles/8/0/001', 'tile/0/0/001', 'tile/31/0/001', 'tile/8/0/1', 'tile/8/0/0001',
      'tile/08/0/001', 'tile/+8/0/001', 'tile/8/00/001', 'tile/8/0/x000/001', 'tile/8/0/001.p/256', 'tile/8/0/001.p/0',
      'tile/8/0/001.p/05', 'tile/8/0/001.p/', 'tile/8/0/001.p', 'tile/8/0/001/', 'tile/8/0/x001', 'tile/8/0/001.p/5/6',
      'tile/8/0/-01', 'tile/8/0/x1e3/001', 'tile/8/data/001.p/-1', 'tile/8/0/' + 'x999/'.repeat(40) + '999',
      'tile/8/1/x999/x999/x999/x999/x999/x999/999',
    ];
    for (const p of bad) assert.throws(() => tlog.parseTilePath(p), tlog.TlogError, p);
  });

  for (const [, oldN, newN, count] of section('NewTiles').matchAll(/^(\d+) -> (\d+): (\d+)$/gm)) {
    it(`growing a tree from ${oldN} to ${newN} records publishes ${count} tiles of height 10`, () => {
      assert.equal(tlog.newTiles(10, Number(oldN), Number(newN)).length, Number(count));
    });
  }

  it('splits stored hash indexes back into their level and number', () => {
    for (let level = 0; level < 10; level++) {
      for (let n = 0; n < 100; n++) assert.deepEqual(tlog.splitStoredHashIndex(tlog.storedHashIndex(level, n)), { level, n });
    }
  });

  it('numbers stored hashes exactly beyond 32 bits', () => {
    const popcount = (n: number): number => n.toString(2).split('').filter((c) => c === '1').length;
    for (const n of [2 ** 31, 2 ** 32 + 5, 2 ** 40 - 1, 51_602_118, 3 * 2 ** 45 + 7]) {
      // Level 0's n'th hash lands at n + n/2 + n/4 + ... = 2n - popcount(n).
      assert.equal(tlog.storedHashIndex(0, n), 2 * n - popcount(n));
      assert.deepEqual(tlog.splitStoredHashIndex(tlog.storedHashIndex(3, n)), { level: 3, n });
    }
  });
});

describe('transparency log: a tree built in memory', function () {
  const N = 1000;
  let log: Awaited<ReturnType<typeof buildLog>>;
  before(async () => {
    log = await buildLog(N);
  });

  it('stores exactly as many hashes as storedHashCount predicts', () => {
    assert.equal(tlog.storedHashCount(N), log.storage.hashes.length);
    for (const n of [0, 1, 2, 3, 7, 8, 255, 256, 257, 999]) assert.ok(tlog.storedHashCount(n) <= tlog.storedHashCount(n + 1));
  });

  it('every tree hash matches the RFC 6962 definition computed independently', () => {
    for (let n = 1; n <= N; n++) assert.equal(b64(log.roots[n - 1]), b64(mth(log.leaves.slice(0, n))), `tree of ${n}`);
  });

  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 100, 255, 256, 257, 511, 512, 513, 777, 1000];

  it('proves and checks every record of many tree sizes, and any flipped bit fails', async () => {
    for (const t of sizes) {
      for (let n = 0; n < t; n += t > 64 ? 13 : 1) {
        const p = await tlog.proveRecord(t, n, log.storage);
        tlog.checkRecord(p, t, log.roots[t - 1], n, log.leaves[n]);
        for (let k = 0; k < p.length; k++) {
          p[k][k % 32] ^= 1;
          assert.throws(() => tlog.checkRecord(p, t, log.roots[t - 1], n, log.leaves[n]), { message: 'invalid transparency proof' });
          p[k][k % 32] ^= 1;
        }
        assert.throws(() => tlog.checkRecord(p, t, log.roots[t - 1], n, log.leaves[(n + 1) % N]), { message: 'invalid transparency proof' });
      }
    }
  });

  it('proves and checks consistency between many pairs of tree sizes, and any flipped bit fails', async () => {
    for (const t of sizes) {
      for (const n of sizes.filter((s) => s <= t)) {
        const p = await tlog.proveTree(t, n, log.storage);
        tlog.checkTree(p, t, log.roots[t - 1], n, log.roots[n - 1]);
        for (let k = 0; k < p.length; k++) {
          p[k][31] ^= 0x80;
          assert.throws(() => tlog.checkTree(p, t, log.roots[t - 1], n, log.roots[n - 1]), { message: 'invalid transparency proof' });
          p[k][31] ^= 0x80;
        }
        if (n < t) {
          // A fork: the same size claimed with a different root.
          assert.throws(() => tlog.checkTree(p, t, log.roots[t - 1], n, log.roots[n - 2] ?? tlog.recordHash(bytes('x'))), { message: 'invalid transparency proof' });
        }
      }
    }
  });

  it('rejects proofs with extra or missing hashes', async () => {
    const p = await tlog.proveRecord(777, 300, log.storage);
    assert.throws(() => tlog.checkRecord([...p, p[0]], 777, log.roots[776], 300, log.leaves[300]), { message: 'invalid transparency proof' });
    assert.throws(() => tlog.checkRecord(p.slice(1), 777, log.roots[776], 300, log.leaves[300]), { message: 'invalid transparency proof' });
    const q = await tlog.proveTree(777, 300, log.storage);
    assert.throws(() => tlog.checkTree([...q, q[0]], 777, log.roots[776], 300, log.roots[299]), { message: 'invalid transparency proof' });
    assert.throws(() => tlog.checkTree([], 777, log.roots[776], 300, log.roots[299]), { message: 'invalid transparency proof' });
    assert.throws(() => tlog.checkRecord([new Uint8Array(31)], 2, log.roots[1], 0, log.leaves[0]), { message: 'invalid transparency proof' });
  });

  it('refuses impossible inputs with Go\'s texts', async () => {
    assert.equal((await rejection(tlog.proveRecord(10, 10, log.storage))).message, 'tlog: invalid inputs in ProveRecord');
    assert.equal((await rejection(tlog.proveTree(10, 11, log.storage))).message, 'tlog: invalid inputs in ProveTree');
    assert.equal((await rejection(tlog.proveTree(10, 0, log.storage))).message, 'tlog: invalid inputs in ProveTree');
    assert.throws(() => tlog.checkRecord([], 5, log.roots[4], -1, log.leaves[0]), { message: 'tlog: invalid inputs in CheckRecord' });
    assert.throws(() => tlog.checkTree([], 5, log.roots[4], 6, log.roots[5]), { message: 'tlog: invalid inputs in CheckTree' });
    assert.throws(() => tlog.checkRecord([], 1.5, log.roots[0], 0, log.leaves[0]), { message: 'tlog: invalid inputs in CheckRecord' });
  });

  it('a hash reader that returns too few hashes is an error, not a wrong answer', async () => {
    const short: HashReader = { readHashes: async (ix) => ix.slice(1).map(() => new Uint8Array(32)) };
    assert.match((await rejection(tlog.treeHash(100, short))).message, /^tlog: ReadHashes\(\d+ indexes\) = \d+ hashes$/);
  });

  it('every stored hash can be read back from the tile that holds it', async () => {
    for (const h of [2, 8]) {
      const tiles = new Map<string, Uint8Array>();
      for (const t of tlog.newTiles(h, 0, N)) tiles.set(`${t.l}/${t.n}`, await tlog.readTileData(t, log.storage));
      for (let j = 0; j < log.storage.hashes.length; j++) {
        const tile = tlog.tileForIndex(h, j);
        const data = tiles.get(`${tile.l}/${tile.n}`);
        assert.ok(data, `tile for index ${j}`);
        const wide = { ...tile, w: data.length / 32 };
        assert.equal(b64(tlog.hashFromTile(wide, data, j)), b64(log.storage.hashes[j]), `index ${j} height ${h}`);
      }
    }
  });

  it('tiles published while growing extend the earlier partial tiles', async () => {
    const published = new Map<string, Uint8Array>();
    for (let i = 0; i < 300; i++) {
      for (const t of tlog.newTiles(8, i, i + 1)) {
        const data = await tlog.readTileData(t, log.storage);
        if (t.w > 1) {
          const older = published.get(tlog.tilePath({ ...t, w: t.w - 1 }));
          assert.ok(older, `tile ${tlog.tilePath(t)} has a predecessor`);
          assert.equal(Buffer.compare(older, data.subarray(0, older.length)), 0);
        }
        published.set(tlog.tilePath(t), data);
      }
    }
    assert.ok(published.has('tile/8/0/000') && published.has('tile/8/0/001.p/44') && published.has('tile/8/1/000.p/1'));
  });

  it('hashFromTile refuses the wrong tile, short data and data tiles', () => {
    const data = new Uint8Array(256 * 32);
    assert.throws(() => tlog.hashFromTile({ h: 8, l: 0, n: 1, w: 256 }, data, 0), { message: 'index 0 is in tile/8/0/000.p/1 not tile/8/0/001' });
    assert.throws(() => tlog.hashFromTile({ h: 8, l: 0, n: 0, w: 256 }, data.subarray(0, 100), 0), { message: 'data len 100 too short for tile tile/8/0/000' });
    assert.throws(() => tlog.hashFromTile({ h: 8, l: -1, n: 0, w: 256 }, data, 0), { message: 'invalid tile tile/8/data/000' });
  });

  for (const h of [2, 8]) {
    it(`reads hashes and proofs through authenticated tiles of height ${h}`, async () => {
      for (const t of [1, 2, 3, 5, 255, 256, 257, 513, 1000]) {
        const tree: Tree = { n: t, hash: log.roots[t - 1] };
        const tiles = new MemoryTiles(h, log.storage);
        const thr = tlog.tileHashReader(tree, tiles);
        for (let j = 0; j < t; j += Math.max(1, Math.floor(t / 25))) {
          const [leaf] = await thr.readHashes([tlog.storedHashIndex(0, j)]);
          assert.equal(b64(leaf), b64(log.leaves[j]));
          tlog.checkRecord(await tlog.proveRecord(t, j, thr), t, tree.hash, j, log.leaves[j]);
        }
        for (const n of sizes.filter((s) => s <= t)) {
          assert.equal(b64(await tlog.treeHash(n, thr)), b64(log.roots[n - 1]), `tree ${n} within ${t}`);
          tlog.checkTree(await tlog.proveTree(t, n, thr), t, tree.hash, n, log.roots[n - 1]);
        }
        assert.ok(tiles.saved.length > 0, 'authenticated tiles are handed back for saving');
        assert.equal((await rejection(thr.readHashes([tlog.storedHashIndex(0, t)]))).message, 'indexes not in tree');
      }
    });
  }

  it('a corrupted tile is caught as a downloaded inconsistent tile, whichever tile it is', async () => {
    const t = 1000;
    const tree: Tree = { n: t, hash: log.roots[t - 1] };
    for (const victim of ['tile/8/0/000', 'tile/8/0/001', 'tile/8/0/003.p/232', 'tile/8/1/000.p/3']) {
      for (const at of ['first', 'middle', 'last'] as const) {
        const tiles = new MemoryTiles(8, log.storage);
        let hit = false;
        tiles.corrupt = (tile, data) => {
          if (tlog.tilePath(tile) !== victim) return data;
          hit = true;
          const bad = Uint8Array.from(data);
          bad[at === 'first' ? 0 : at === 'last' ? bad.length - 1 : bad.length >> 1] ^= 1;
          return bad;
        };
        const thr = tlog.tileHashReader(tree, tiles);
        // Leaves in tiles 0, 1 and the last partial tile, plus the tiles that authenticate them.
        const err = await rejection(thr.readHashes([3, 300, 999].map((n) => tlog.storedHashIndex(0, n))));
        assert.ok(hit, `${victim} was read`);
        assert.equal(err.message, 'downloaded inconsistent tile', `${victim} ${at} byte`);
        assert.deepEqual(tiles.saved, [], 'nothing unauthenticated is saved');
      }
    }
  });

  it('a tree head whose hash the tiles do not support is caught', async () => {
    const thr = tlog.tileHashReader({ n: 1, hash: new Uint8Array(32) }, new MemoryTiles(8, log.storage));
    assert.equal((await rejection(thr.readHashes([0]))).message, 'downloaded inconsistent tile');
  });

  it('a tile reader returning the wrong number or size of tiles is an error', async () => {
    const tree: Tree = { n: 300, hash: log.roots[299] };
    const fewer: TileReader = { height: () => 8, readTiles: async () => [], saveTiles: () => {} };
    assert.equal((await rejection(tlog.tileHashReader(tree, fewer).readHashes([0]))).message, 'TileReader returned bad result slice (len=0, want 3)');
    const shortTiles: TileReader = { height: () => 8, readTiles: async (ts) => ts.map(() => new Uint8Array(32)), saveTiles: () => {} };
    assert.match((await rejection(tlog.tileHashReader(tree, shortTiles).readHashes([0]))).message, /^TileReader returned bad result slice \(tile\/8\/0\/001\.p\/44 len=32, want 1408\)$/);
  });
});

describe('transparency log: real sum.golang.org proofs', () => {
  const proofs = JSON.parse(fs.readFileSync(path.join(REF, 'vectors', 'sumdb-yaml-proofs.json'), 'utf8'));
  const tree = (file: string): Tree => {
    const body = fs.readFileSync(path.join(REF, 'sumdb-real', file));
    // A /lookup body is a record followed by the signed tree note; a /latest body is the note alone.
    const note = /^\d/.test(body.toString('latin1', 0, 1)) ? tlog.parseRecord(body).rest : body;
    return tlog.parseTree(openNote(note, SUM_GOLANG_ORG).text);
  };
  const older = tree('18.txt');
  const newer = tree('31.txt');
  const leaf = tlog.recordHash(Buffer.from(proofs.record_text, 'utf8'));

  it('the lookup in 18.txt carries the same record as the proof file', () => {
    const rec = tlog.parseRecord(fs.readFileSync(path.join(REF, 'sumdb-real', '18.txt')));
    assert.equal(rec.id, proofs.record_id);
    assert.equal(Buffer.from(rec.text).toString('utf8'), proofs.record_text);
  });

  for (const [t, key] of [[older, 'inclusion_proof_54715574'], [newer, 'inclusion_proof_54717027']] as const) {
    it(`the real inclusion proof of gopkg.in/yaml.v3 in tree ${t.n} checks, and a flipped bit fails`, () => {
      const p: Hash[] = proofs[key].map(fromB64);
      tlog.checkRecord(p, t.n, t.hash, proofs.record_id, leaf);
      for (let k = 0; k < p.length; k++) {
        p[k][k % 32] ^= 0x10;
        assert.throws(() => tlog.checkRecord(p, t.n, t.hash, proofs.record_id, leaf), { message: 'invalid transparency proof' });
        p[k][k % 32] ^= 0x10;
      }
      assert.throws(() => tlog.checkRecord(p, t.n, t.hash, proofs.record_id + 1, leaf), { message: 'invalid transparency proof' });
    });
  }

  it('the real consistency proof between the two signed trees checks, and a flipped bit fails', () => {
    const p: Hash[] = proofs.consistency_proof_54715574_54717027.map(fromB64);
    tlog.checkTree(p, newer.n, newer.hash, older.n, older.hash);
    for (let k = 0; k < p.length; k++) {
      p[k][0] ^= 1;
      assert.throws(() => tlog.checkTree(p, newer.n, newer.hash, older.n, older.hash), { message: 'invalid transparency proof' });
      p[k][0] ^= 1;
    }
    // A server showing two different trees of the same size is forking the log.
    assert.throws(() => tlog.checkTree(p, newer.n, newer.hash, older.n, tlog.recordHash(bytes('fork'))), { message: 'invalid transparency proof' });
  });
});

/**
 * Reads tiles from a Go module cache the way Go does: the exact tile, else the full tile or a wider
 * partial one cut down to the width asked for. A missing tile is an error.
 */
class GoCacheTiles implements TileReader {
  reads = 0;
  constructor(private readonly dir: string) {}
  height(): number {
    return 8;
  }
  async readTiles(tiles: Tile[]): Promise<Uint8Array[]> {
    return tiles.map((t) => {
      this.reads++;
      const full = { ...t, w: 256 };
      const candidates = [tlog.tilePath(t), tlog.tilePath(full)];
      const partials = path.join(this.dir, tlog.tilePath(full) + '.p');
      if (fs.existsSync(partials)) {
        for (const w of fs.readdirSync(partials).map(Number).filter((w) => w > t.w).sort((a, b) => a - b)) {
          candidates.push(tlog.tilePath({ ...t, w }));
        }
      }
      for (const c of candidates) {
        const file = path.join(this.dir, c);
        if (!fs.existsSync(file)) continue;
        const data = fs.readFileSync(file);
        if (data.length >= t.w * 32) return data.subarray(0, t.w * 32);
      }
      throw new Error(`tile ${tlog.tilePath(t)} is not cached`);
    });
  }
  saveTiles(): void {}
}

describe('transparency log: three real Go checksum-database caches, offline', () => {
  const cachesDir = path.join(REF, 'sumdb-caches');
  for (const cache of fs.readdirSync(cachesDir).sort()) {
    it(`every cached lookup in ${cache} is proven in the remembered tree through the cached tiles`, async () => {
      const gopath = fs.existsSync(path.join(cachesDir, cache, 'pkg')) ? path.join(cachesDir, cache) : path.join(cachesDir, cache, 'src');
      const latest = tlog.parseTree(openNote(fs.readFileSync(path.join(gopath, 'pkg/sumdb/sum.golang.org/latest')), SUM_GOLANG_ORG).text);
      const download = path.join(gopath, 'pkg/mod/cache/download/sumdb/sum.golang.org');
      const tiles = new GoCacheTiles(download);
      const thr = tlog.tileHashReader(latest, tiles);

      const lookups: string[] = [];
      const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(path.join(d, e.name));
          else lookups.push(path.join(d, e.name));
        }
      };
      walk(path.join(download, 'lookup'));
      assert.ok(lookups.length >= 20, `${lookups.length} lookups`);

      for (const file of lookups) {
        const where = path.relative(download, file);
        const rec = tlog.parseRecord(fs.readFileSync(file));
        const own = tlog.parseTree(openNote(rec.rest, SUM_GOLANG_ORG).text);
        const [moduleAtVersion] = path.basename(file).split('@');
        assert.ok(Buffer.from(rec.text).toString('utf8').includes(moduleAtVersion), where);
        assert.ok(rec.id < own.n && own.n <= latest.n, where);
        // Inclusion in the remembered tree, with every hash from tiles authenticated against it.
        const leaf = tlog.recordHash(rec.text);
        tlog.checkRecord(await tlog.proveRecord(latest.n, rec.id, thr), latest.n, latest.hash, rec.id, leaf);
        // The tree the lookup was signed in is a prefix of the remembered one.
        assert.equal(b64(await tlog.treeHash(own.n, thr)), b64(own.hash), where);
        // A record with one changed byte is not in the tree.
        const forged = Buffer.from(rec.text);
        forged[forged.length - 3] ^= 1;
        const [stored] = await thr.readHashes([tlog.storedHashIndex(0, rec.id)]);
        assert.equal(b64(stored), b64(leaf), where);
        assert.notEqual(b64(stored), b64(tlog.recordHash(forged)));
      }
    });
  }

  it('the 2026 cache needs a level-3 tile to authenticate its tree of 51,602,119 records', async () => {
    const gopath = path.join(cachesDir, 'gocache-Bastien-Antigravity-log-server-4190458');
    const latest = tlog.parseTree(openNote(fs.readFileSync(path.join(gopath, 'pkg/sumdb/sum.golang.org/latest')), SUM_GOLANG_ORG).text);
    const asked: string[] = [];
    const tiles = new GoCacheTiles(path.join(gopath, 'pkg/mod/cache/download/sumdb/sum.golang.org'));
    const reader: TileReader = {
      height: () => 8,
      readTiles: (ts) => {
        asked.push(...ts.map(tlog.tilePath));
        return tiles.readTiles(ts);
      },
      saveTiles: () => {},
    };
    await tlog.treeHash(latest.n, tlog.tileHashReader(latest, reader));
    assert.ok(asked.some((p) => p.startsWith('tile/8/3/')), asked.join(' '));
  });

  it('a cached tile flipped by one bit makes the real tree unprovable', async () => {
    const gopath = path.join(cachesDir, 'gocache-etcd-io-etcd-c259652');
    const latest = tlog.parseTree(openNote(fs.readFileSync(path.join(gopath, 'pkg/sumdb/sum.golang.org/latest')), SUM_GOLANG_ORG).text);
    const honest = new GoCacheTiles(path.join(gopath, 'pkg/mod/cache/download/sumdb/sum.golang.org'));
    const lying: TileReader = {
      height: () => 8,
      readTiles: async (ts) => (await honest.readTiles(ts)).map((d, i) => {
        if (ts[i].l !== 1) return d;
        const bad = Uint8Array.from(d);
        bad[bad.length - 1] ^= 1;
        return bad;
      }),
      saveTiles: () => assert.fail('saved an unauthenticated tile'),
    };
    const err = await rejection(tlog.treeHash(latest.n, tlog.tileHashReader(latest, lying)));
    assert.equal(err.message, 'downloaded inconsistent tile');
  });
});
