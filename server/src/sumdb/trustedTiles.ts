// Owns: the hash tiles the client has authenticated, kept in memory by level and number (the widest seen) with the
// timeline tree each was proven against, the tiles authenticated against a head not yet proven on our timeline
// (held until it is; a fork never is), and the answers they give without I/O: a record's leaf hash, hashes of a
// tree on our timeline, stored hashes for record proofs, and which of them the verified-record pack should keep.
// Trees on one timeline agree on every complete subtree, so a tile proven against any of them serves them all.
// Must never: do I/O, import vscode, or answer from a tile whose tree is not on our timeline.
import { encodeStdBase64 } from './base64';
import { HASH_SIZE, hashEqual, hashEqualAt, hashFromTile, storedHashIndex, tileForIndex, tilePath, type Hash, type Tile, type Tree } from './tlog';
import { trimOldest } from './trimOldest';

/** Tiles held per unproven head, at most (a head that never gets proven takes no more). */
const MAX_HELD_TREES = 64;
/** Tile levels a pack may keep above a dense level-0 tile (a log of 2^64 records has fewer). */
const PACK_LEVELS = 8;

/** More tile levels than any log has (a log of 2^64 records has 8 at height 8, 64 at height 1). */
const LEVELS = 64;

/**
 * A tile's key in memory: one number, not a "level/number" string, because a warm audit asks once per record
 * and a string built for each ask is hashed again each time.
 */
function tileKey(l: number, n: number): number {
  return n * LEVELS + l;
}

/** The level and number a tileKey stands for. */
function tileAt(key: number): { l: number; n: number } {
  const l = key % LEVELS;
  return { l, n: (key - l) / LEVELS };
}

const treeKeys = new WeakMap<Tree, string>();

/** "size:base64 hash": the key trees are known by on our timeline (the form the pack's tree lines take too). */
export function treeKey(t: Tree): string {
  let k = treeKeys.get(t);
  if (k === undefined) {
    k = `${t.n}:${encodeStdBase64(t.hash)}`;
    treeKeys.set(t, k);
  }
  return k;
}

/** Whether two trees are one (same size, same hash). */
export function sameTree(a: Tree, b: Tree): boolean {
  return a.n === b.n && hashEqual(a.hash, b.hash);
}

interface TrustedTile {
  w: number;
  data: Uint8Array;
  /** Key of the timeline tree it was authenticated against. */
  tree: string;
}

export class TrustedTiles {
  private readonly tiles = new Map<number, TrustedTile>();
  private readonly held = new Map<string, Array<[Tile, Uint8Array]>>();

  /** `onTimeline(key)`: whether the tree of that key is proven on our timeline (the client's to say). */
  constructor(
    readonly height: number,
    private readonly max: number,
    private readonly onTimeline: (treeKey: string) => boolean,
  ) {}

  /** Keeps a tile authenticated against timeline tree `tree`, unless a tile as wide is kept already. */
  trust(tile: Tile, data: Uint8Array, tree: string): void {
    const key = tileKey(tile.l, tile.n);
    const have = this.tiles.get(key);
    if (have && have.w >= tile.w) return;
    this.tiles.delete(key);
    this.tiles.set(key, { w: tile.w, data, tree });
    trimOldest(this.tiles, this.max);
  }

  /** Holds tiles authenticated against a head not yet proven to extend ours. */
  hold(tree: string, tiles: readonly Tile[], data: readonly Uint8Array[]): void {
    let held = this.held.get(tree);
    if (!held) {
      this.held.set(tree, (held = []));
      trimOldest(this.held, MAX_HELD_TREES);
    }
    tiles.forEach((t, i) => held!.push([t, data[i]]));
  }

  /** Takes out the tiles held for a tree now proven on our timeline (the caller trusts them). */
  release(tree: string): Array<[Tile, Uint8Array]> {
    const held = this.held.get(tree) ?? [];
    this.held.delete(tree);
    return held;
  }

  /** After a lie: tiles held for unproven heads are dropped (trusted ones stay). */
  dropHeld(): void {
    this.held.clear();
  }

  /** Record id's leaf hash in tree `t` (on our timeline) from its level-0 tile, without building tiles. */
  leaf(t: Tree, id: number): Hash | undefined {
    if (!Number.isSafeInteger(id) || id < 0 || id >= t.n || !this.onTimeline(treeKey(t))) return undefined;
    return this.entry(0, id);
  }

  /**
   * Whether record id's leaf in tree `t` (on our timeline) is `hash`, compared in its level-0 tile; undefined
   * when that tile is not in memory. No view of the tile is made: a warm audit asks once per record.
   */
  leafIs(t: Tree, id: number, hash: Hash): boolean | undefined {
    if (!Number.isSafeInteger(id) || id < 0 || id >= t.n || !this.onTimeline(treeKey(t))) return undefined;
    const place = this.place(0, id);
    return place && hashEqualAt(place.data, place.offset, hash);
  }

  /** Whether record id's level-0 tile is kept wide enough to hold its leaf. */
  holdsLeaf(id: number): boolean {
    return this.entry(0, id) !== undefined;
  }

  /**
   * A stored hash at a tile level (`level` a multiple of the height) from a kept tile, or undefined: the hashes
   * record proofs are built from.
   */
  entry = (level: number, index: number): Hash | undefined => {
    const place = this.place(level, index);
    return place && place.data.subarray(place.offset, place.offset + HASH_SIZE);
  };

  /** Where a stored hash (`level` a multiple of the height) lies in a kept tile on our timeline: its data and byte offset. */
  private place(level: number, index: number): { data: Uint8Array; offset: number } | undefined {
    const span = 2 ** this.height;
    const n = Math.floor(index / span);
    const at = index - n * span;
    const have = this.tiles.get(tileKey(level / this.height, n));
    if (!have || have.w <= at || !this.onTimeline(have.tree)) return undefined;
    return { data: have.data, offset: at * HASH_SIZE };
  }

  /**
   * Hashes of `t` from kept tiles, without I/O; the first tile that is missing (or too narrow) otherwise. `t`
   * must be on our timeline for the answer to count.
   */
  hashes(t: Tree, indexes: readonly number[]): Hash[] | Tile {
    const limit = storedHashIndex(0, t.n);
    const out: Hash[] = [];
    for (const x of indexes) {
      if (!Number.isSafeInteger(x) || x < 0 || x >= limit) return { h: this.height, l: -1, n: -1, w: 0 };
      const want = tileForIndex(this.height, x);
      const have = this.tiles.get(tileKey(want.l, want.n));
      if (!have || have.w < want.w || !this.onTimeline(have.tree) || !this.onTimeline(treeKey(t))) return want;
      out.push(hashFromTile({ ...want, w: have.w }, have.data, x));
    }
    return out;
  }

  /**
   * The kept tiles a new process needs to prove `records`: level-0 tiles holding `dense` or more of them
   * (those records carry no proof of their own), the tiles above them, and the last tile of each level (the
   * tree hash is computed from that edge). Paths with their data.
   */
  forPack(records: Iterable<{ id: number }>, dense: number): Array<{ path: string; data: Uint8Array }> {
    const span = 2 ** this.height;
    const perTile = new Map<number, number>();
    for (const { id } of records) perTile.set(Math.floor(id / span), (perTile.get(Math.floor(id / span)) ?? 0) + 1);
    const wanted = new Set<number>();
    for (const [n, count] of perTile) {
      if (count < dense) continue;
      for (let l = 0, m = n; l < PACK_LEVELS; l++, m = Math.floor(m / span)) wanted.add(tileKey(l, m));
    }
    const edge = new Map<number, number>();
    for (const [key, t] of this.tiles) {
      const { l, n } = tileAt(key);
      if (this.onTimeline(t.tree) && n > (edge.get(l) ?? -1)) edge.set(l, n);
    }
    const out: Array<{ path: string; data: Uint8Array }> = [];
    for (const [key, t] of this.tiles) {
      const { l, n } = tileAt(key);
      if (!this.onTimeline(t.tree) || (!wanted.has(key) && edge.get(l) !== n)) continue;
      out.push({ path: tilePath({ h: this.height, l, n, w: t.w }), data: t.data });
    }
    return out;
  }
}
