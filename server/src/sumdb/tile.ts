// Owns: the tiling of the transparency log (tile coordinates, tile paths "tile/H/L/x001/x234/067.p/W",
// hashes inside tiles) and the HashReader that reads hashes through tiles, authenticating every tile
// against a signed tree hash before any hash from it is trusted.
// Must never: do I/O itself (tiles come through a TileReader), import vscode, or return a hash from a
// tile that has not been authenticated.

import {
  type Hash,
  type HashReader,
  HASH_SIZE,
  TlogError,
  hashEqual,
  nodeHash,
  pow2,
  shr,
  splitStoredHashIndex,
  storedHashIndex,
  subTreeIndex,
} from './merkle';
import { goQuote } from '../shared/goquote';

/**
 * A tile of height h at level l, number n, lists w consecutive hashes at tree level h*l, starting at
 * offset n * 2^h. w = 2^h is a full tile; less is a partial tile. l = -1 is a data tile (raw records).
 */
export interface Tile {
  h: number;
  l: number;
  n: number;
  w: number;
}

/** A tree as a signed tree head states it: its size and root hash. */
export interface Tree {
  n: number;
  hash: Hash;
}

/** Reads tiles of one height, usually from a cache or a server. */
export interface TileReader {
  height(): number;
  /** One data block per tile, each exactly tile.w * HASH_SIZE bytes. Data is untrusted until saveTiles. */
  readTiles(tiles: Tile[]): Promise<Uint8Array[]>;
  /** Called once the tiles are authenticated against the tree: they may now be persisted. */
  saveTiles(tiles: Tile[], data: Uint8Array[]): void;
}

const MAX_HEIGHT = 30;
const PATH_BASE = 1000;
const MAX_PATH_LENGTH = 200;
const EMPTY = new Uint8Array(0);

/** The tile of height h and least width that stores the given hash index, and the byte range to hash. */
function locate(h: number, index: number): { tile: Tile; start: number; end: number } {
  const split = splitStoredHashIndex(index);
  let level = split.level;
  let n = split.n;
  const l = Math.floor(level / h);
  level -= l * h; // level within the tile
  const tn = shr(n * pow2(level), h);
  n -= (tn * pow2(h)) / pow2(level); // n within the tile, at that level
  const w = (n + 1) * pow2(level);
  return { tile: { h, l, n: tn, w }, start: n * pow2(level) * HASH_SIZE, end: w * HASH_SIZE };
}

export function tileForIndex(h: number, index: number): Tile {
  if (!Number.isInteger(h) || h < 1 || h > MAX_HEIGHT) throw new TlogError(`TileForIndex: invalid height ${h}`);
  return locate(h, index).tile;
}

/** The subtree hash over the 2^k hashes in data. */
function tileHash(data: Uint8Array): Hash {
  if (data.length === 0) throw new TlogError('bad math in tileHash');
  if (data.length === HASH_SIZE) return data.slice(0, HASH_SIZE);
  const half = data.length / 2;
  return nodeHash(tileHash(data.subarray(0, half)), tileHash(data.subarray(half)));
}

/** The hash with the given storage index, read from t's data (t must be the index's tile or wider). */
export function hashFromTile(t: Tile, data: Uint8Array, index: number): Hash {
  if (!validHashTile(t)) throw new TlogError(`invalid tile ${tilePath(t)}`);
  if (data.length < t.w * HASH_SIZE) throw new TlogError(`data len ${data.length} too short for tile ${tilePath(t)}`);
  const { tile, start, end } = locate(t.h, index);
  if (t.l !== tile.l || t.n !== tile.n || t.w < tile.w) {
    throw new TlogError(`index ${index} is in ${tilePath(tile)} not ${tilePath(t)}`);
  }
  return tileHash(data.subarray(start, end));
}

function validHashTile(t: Tile): boolean {
  return (
    Number.isInteger(t.h) && t.h >= 1 && t.h <= MAX_HEIGHT &&
    Number.isInteger(t.l) && t.l >= 0 && t.l < 64 &&
    Number.isSafeInteger(t.n) && t.n >= 0 &&
    Number.isInteger(t.w) && t.w >= 1 && t.w <= pow2(t.h)
  );
}

/** The tiles of height h to publish when the tree grows from oldTreeSize to newTreeSize records. */
export function newTiles(h: number, oldTreeSize: number, newTreeSize: number): Tile[] {
  if (!Number.isInteger(h) || h < 1 || h > MAX_HEIGHT) throw new TlogError(`NewTiles: invalid height ${h}`);
  const tiles: Tile[] = [];
  const full = pow2(h);
  for (let level = 0; shr(newTreeSize, h * level) > 0; level++) {
    const oldN = shr(oldTreeSize, h * level);
    const newN = shr(newTreeSize, h * level);
    for (let n = shr(oldN, h); n < shr(newN, h); n++) tiles.push({ h, l: level, n, w: full });
    // Only the newest partial tile: the narrower ones before it were published with earlier trees.
    const n = shr(newN, h);
    const w = newN - n * full;
    if (w > 0 && oldN < newN) tiles.push({ h, l: level, n, w });
  }
  return tiles;
}

/** Builds tile t's data from hashes read through r. */
export async function readTileData(t: Tile, r: HashReader): Promise<Uint8Array> {
  if (!validHashTile(t)) throw new TlogError(`invalid tile ${tilePath(t)}`);
  const size = t.w;
  const start = t.n * pow2(t.h);
  const indexes = new Array<number>(size);
  for (let i = 0; i < size; i++) indexes[i] = storedHashIndex(t.h * t.l, start + i);
  const hashes = await r.readHashes(indexes);
  if (hashes.length !== size) throw new TlogError(`tlog: ReadHashes(${size} indexes) = ${hashes.length} hashes`);
  const out = new Uint8Array(size * HASH_SIZE);
  for (let i = 0; i < size; i++) {
    if (hashes[i].length !== HASH_SIZE) throw new TlogError('tlog: ReadHashes returned a malformed hash');
    out.set(hashes[i], i * HASH_SIZE);
  }
  return out;
}

/** "tile/H/L/NNN[.p/W]", with N split into three-digit elements so no directory grows too large. */
export function tilePath(t: Tile): string {
  let n = t.n;
  let nStr = String(n % PATH_BASE).padStart(3, '0');
  while (n >= PATH_BASE) {
    n = Math.floor(n / PATH_BASE);
    nStr = `x${String(n % PATH_BASE).padStart(3, '0')}/${nStr}`;
  }
  const p = t.w !== pow2(t.h) ? `.p/${t.w}` : '';
  const l = t.l === -1 ? 'data' : String(t.l);
  return `tile/${t.h}/${l}/${nStr}${p}`;
}

const INT = /^[+-]?[0-9]{1,16}$/;

/** Parses a tile path. Accepts only the canonical form tilePath would produce. */
export function parseTilePath(path: string): Tile {
  const bad = (): TlogError => new TlogError(`malformed tile path ${goQuote(path)}`);
  if (typeof path !== 'string' || path.length > MAX_PATH_LENGTH) throw bad();
  let f = path.split('/');
  if (f.length < 4 || f[0] !== 'tile') throw bad();
  const isData = f[2] === 'data';
  if (!INT.test(f[1]) || !(isData || INT.test(f[2]))) throw bad();
  const h = Number(f[1]);
  let l = isData ? 0 : Number(f[2]);
  if (h < 1 || l < 0 || h > MAX_HEIGHT) throw bad();
  let w = pow2(h);
  const dotP = f[f.length - 2];
  if (dotP.endsWith('.p')) {
    const ws = f[f.length - 1];
    if (!INT.test(ws)) throw bad();
    const ww = Number(ws);
    if (ww <= 0 || ww >= w) throw bad();
    w = ww;
    f[f.length - 2] = dotP.slice(0, -2);
    f = f.slice(0, -1);
  }
  let n = 0;
  for (const s of f.slice(3)) {
    const digits = s.startsWith('x') ? s.slice(1) : s;
    if (!INT.test(digits)) throw bad();
    const nn = Number(digits);
    if (nn < 0 || nn >= PATH_BASE) throw bad();
    n = n * PATH_BASE + nn;
    if (!Number.isSafeInteger(n)) throw bad();
  }
  if (isData) l = -1;
  const t: Tile = { h, l, n, w };
  if (tilePath(t) !== path) throw bad();
  return t;
}

function tileKey(t: Tile): string {
  return `${t.h}/${t.l}/${t.n}/${t.w}`;
}

/** t's k'th ancestor tile in the tiling of a tree of size n, or undefined if there is none. */
function tileParent(t: Tile, k: number, n: number): Tile | undefined {
  const l = t.l + k;
  const pn = shr(t.n, k * t.h);
  let w = pow2(t.h);
  const max = shr(n, l * t.h);
  const start = pn * pow2(t.h);
  if (start + w >= max) {
    if (start >= max) return undefined;
    w = max - start;
  }
  return { h: t.h, l, n: pn, w };
}

/**
 * A HashReader over the tiles of the given tree. Every tile it reads is checked against the tree hash
 * (directly, or through authenticated parent tiles) so any hash it returns is proven to be in the tree.
 * Proven tiles and hashes are remembered (boundedly) for this tree, so repeated proofs cost little.
 */
export function tileHashReader(tree: Tree, tr: TileReader): HashReader {
  const memo: ProvenMemo = { tiles: new Map(), hashes: new Map() };
  return {
    readHashes: async (indexes) => {
      // Callers get their own copies: a caller editing a proof in place must not poison the memo.
      if (indexes.length > 0 && indexes.every((x) => memo.hashes.has(x))) return indexes.map((x) => memo.hashes.get(x)!.slice());
      const hashes = await readHashesThroughTiles(tree, tr, indexes, memo);
      if (memo.hashes.size > MAX_PROVEN_HASHES) memo.hashes.clear();
      indexes.forEach((x, i) => memo.hashes.set(x, hashes[i].slice()));
      return hashes;
    },
  };
}

/** What one tree's reader has already authenticated. Tile data is kept by reference: readers must not reuse buffers. */
interface ProvenMemo {
  tiles: Map<string, Uint8Array>;
  hashes: Map<number, Hash>;
}
const MAX_PROVEN_TILES = 2048;
const MAX_PROVEN_HASHES = 100_000;

/** Refuses a tile height or an index the tree cannot have, before any tile is planned. */
function checkRequest(tree: Tree, h: number, indexes: number[]): void {
  if (!Number.isInteger(h) || h < 1 || h > MAX_HEIGHT) throw new TlogError(`invalid tile height ${h}`);
  const limit = storedHashIndex(0, tree.n);
  for (const x of indexes) {
    if (!Number.isSafeInteger(x) || x < 0 || x >= limit) throw new TlogError('indexes not in tree');
  }
}

async function readHashesThroughTiles(tree: Tree, tr: TileReader, indexes: number[], memo: ProvenMemo): Promise<Hash[]> {
  checkRequest(tree, tr.height(), indexes);
  if (indexes.length === 0) return [];
  return new TileHashRead(tree, tr, indexes, memo).run();
}

/**
 * One readHashes call, in the steps of Go's tileHashReader.ReadHashes: plan the tiles that recompute the tree
 * hash, then those holding the indexes (parents before children); fetch those not proven before; authenticate
 * the first against the tree hash and the rest against their parents; save them; pull out the hashes.
 */
class TileHashRead {
  private readonly h: number;
  /** The tiles planned, parents before children; tileOrder.get(tileKey(tiles[i])) === i. */
  private readonly tiles: Tile[] = [];
  private readonly tileOrder = new Map<string, number>();
  /** The stored hashes whose combination is the tree hash, and the tile of each. */
  private readonly stx: number[];
  private stxTileOrder: number[] = [];
  /** tiles[0 .. treeHashTiles - 1] are authenticated by the tree hash, the rest through their parents. */
  private treeHashTiles = 0;
  /** The tile of each requested index. */
  private indexTileOrder: number[] = [];
  /** Each tile's key and data; fetchAt lists the tiles read now (the others were proven for this tree before). */
  private keys: string[] = [];
  private data: Uint8Array[] = [];
  private fetchAt: number[] = [];

  constructor(
    private readonly tree: Tree,
    private readonly tr: TileReader,
    private readonly indexes: number[],
    private readonly memo: ProvenMemo,
  ) {
    this.h = tr.height();
    this.stx = subTreeIndex(0, tree.n, []);
  }

  async run(): Promise<Hash[]> {
    this.planTreeHashTiles();
    this.planIndexTiles();
    await this.fetchUnproven();
    // Unless all were proven before: then the tree hash was checked then.
    if (this.fetchAt.some((i) => i < this.treeHashTiles)) this.authenticateTreeHashTiles();
    this.authenticateByParents();
    this.saveFetched();
    return this.indexes.map((x, i) => {
      const j = this.indexTileOrder[i];
      return hashFromTile(this.tiles[j], this.data[j], x);
    });
  }

  /** Adds a tile to the plan, once; returns its place in it. */
  private plan(tile: Tile): number {
    const key = tileKey(tile);
    const j = this.tileOrder.get(key);
    if (j !== undefined) return j;
    this.tileOrder.set(key, this.tiles.length);
    this.tiles.push(tile);
    return this.tiles.length - 1;
  }

  private badMath(detail: string): TlogError {
    return new TlogError(`bad math in tileHashReader: ${this.tree.n} ${detail}`);
  }

  /** First the tiles needed to recompute the tree hash: if it matches, they are authenticated. */
  private planTreeHashTiles(): void {
    this.stxTileOrder = this.stx.map((x) => {
      const tile = tileParent(locate(this.h, x).tile, 0, this.tree.n);
      if (!tile) throw this.badMath(String(x));
      return this.plan(tile);
    });
    // Count tiles, not stx indexes: older x/mod counted indexes and so left some full tiles unchecked (Go's
    // newer tests tamper every index).
    this.treeHashTiles = this.tiles.length;
  }

  /** Then the tiles holding the indexes, with the parents needed to authenticate them, parents first. */
  private planIndexTiles(): void {
    this.indexTileOrder = this.indexes.map((x) => {
      const tile = locate(this.h, x).tile;
      // Walk up to the nearest ancestor already planned: it will be authenticated.
      let k = 0;
      let found: number | undefined;
      for (; k <= 64 && found === undefined; k++) {
        const p = tileParent(tile, k, this.tree.n);
        found = p && this.tileOrder.get(tileKey(p));
      }
      if (found === undefined) throw this.badMath(`${x}: no authenticated ancestor`);
      // Walk back down, planning each child after its parent; the last one is the index's own tile.
      let own = found;
      for (k -= 2; k >= 0; k--) {
        const p = tileParent(tile, k, this.tree.n);
        // Only full tiles have parents; this one has a parent, so it must be full.
        if (!p || p.w !== pow2(p.h)) throw this.badMath(String(x));
        own = this.plan(p);
      }
      return own;
    });
  }

  /** Reads the planned tiles not already proven for this tree, checking each one's size. */
  private async fetchUnproven(): Promise<void> {
    const keys = this.keys = this.tiles.map(tileKey);
    this.data = keys.map((k) => this.memo.tiles.get(k) ?? EMPTY);
    this.fetchAt = keys.flatMap((k, i) => (this.memo.tiles.has(k) ? [] : [i]));
    if (this.fetchAt.length === 0) return;
    const want = this.fetchAt.map((i) => this.tiles[i]);
    const got = await this.tr.readTiles(want);
    if (!Array.isArray(got) || got.length !== want.length) {
      const treeHashRead = this.fetchAt.some((i) => i < this.treeHashTiles);
      throw new TlogError(`TileReader returned bad result slice (len=${got?.length}, want ${want.length})`, treeHashRead);
    }
    want.forEach((tile, j) => {
      const d = got[j];
      if (!(d instanceof Uint8Array) || d.length !== tile.w * HASH_SIZE) {
        const message = `TileReader returned bad result slice (${tilePath(tile)} len=${d?.length}, want ${tile.w * HASH_SIZE})`;
        throw new TlogError(message, this.fetchAt[j] < this.treeHashTiles);
      }
      this.data[this.fetchAt[j]] = d;
    });
  }

  /** Recomputes the tree hash from the first tiles: they must give the signed one. */
  private authenticateTreeHashTiles(): void {
    const { stx, stxTileOrder, tiles, data } = this;
    const last = stx.length - 1;
    let th = hashFromTile(tiles[stxTileOrder[last]], data[stxTileOrder[last]], stx[last]);
    for (let i = last - 1; i >= 0; i--) {
      th = nodeHash(hashFromTile(tiles[stxTileOrder[i]], data[stxTileOrder[i]], stx[i]), th);
    }
    // The tiles do not support the tree hash: at least one is wrong, but we cannot tell which.
    if (!hashEqual(th, this.tree.hash)) throw new TlogError('downloaded inconsistent tile', true);
  }

  /** Authenticates each further tile read now against its parent, which precedes it and is already proven. */
  private authenticateByParents(): void {
    const fetched = new Set(this.fetchAt);
    for (let i = this.treeHashTiles; i < this.tiles.length; i++) {
      if (!fetched.has(i)) continue;
      const tile = this.tiles[i];
      const p = tileParent(tile, 1, this.tree.n);
      const j = p ? this.tileOrder.get(tileKey(p)) : undefined;
      if (!p || j === undefined) throw new TlogError(`bad math in tileHashReader ${this.tree.n}: lost parent of ${tilePath(tile)}`);
      const want = hashFromTile(p, this.data[j], storedHashIndex(p.l * p.h, tile.n));
      if (!hashEqual(want, tileHash(this.data[i]))) throw new TlogError('downloaded inconsistent tile');
    }
  }

  /** Hands the tiles read now, all authenticated, to the reader to keep, and remembers them as proven. */
  private saveFetched(): void {
    if (this.fetchAt.length === 0) return;
    const { fetchAt, tiles, keys, data, memo } = this;
    this.tr.saveTiles(fetchAt.map((i) => tiles[i]), fetchAt.map((i) => data[i]));
    if (memo.tiles.size > MAX_PROVEN_TILES) memo.tiles.clear();
    for (const i of fetchAt) memo.tiles.set(keys[i], data[i]);
  }
}
