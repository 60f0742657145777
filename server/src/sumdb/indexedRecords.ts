// Owns: answering lookups from the verified-record pack (recordIndex.ts) and keeping it. An entry counts as
// verified only once its stored inclusion proof leads to a tree proven a prefix of the head (recordProof.ts), or
// its leaf hash matches the head's authenticated level-0 tile (trustedTiles.ts), the head itself verified and
// proven on our timeline by the client: the same guarantee as Go's checkRecord without a signed note per record.
// An entry that does not check out is dropped (the client looks the record up afresh). Records verified through
// tiles get their proof in the head before the pack is written, so the next process reads no tile for them.
// Must never: do I/O itself (tiles are read through the client's hash reader), import vscode, keep a timer, or
// report an entry as verified before it is proven.
import { encodeStdBase64 } from './base64';
import { SecurityError } from './clientErrors';
import { RecordIndex, recordKey, type IndexedRecord } from './recordIndex';
import { holdsLineFor, isCanonicalText } from './recordText';
import { ProvenTree, StoredHashes, encodeProof, proveRecordFrom } from './recordProof';
import { hashEqual, recordHashOfText, storedHashIndex, treeHash, type Hash, type HashReader, type Tree } from './tlog';
import { TrustedTiles, treeKey } from './trustedTiles';
import { nextTurn, SliceClock } from '../slices';

/**
 * Indexed records sharing one level-0 tile from which on the tile proves them more cheaply than a proof each
 * (one 8 KiB tile hashed for all of them, against ~1 KiB of index and a path of hashes per record).
 */
const DENSE_TILE_RECORDS = 16;
/** Level-0 tiles authenticated per step of prepare(). */
const PREPARE_BATCH_TILES = 16;

/** A verified signed tree head: the tree it states and the note bytes as served. */
export interface TreeNote {
  tree: Tree;
  note: Uint8Array;
}

/** A record verified in the log. */
export interface VerifiedRecord {
  /** The record's text as signed: its lines (zip and /go.mod), each followed by "\n"; recordLinesOf splits it. */
  text: string;
  /** The record's leaf number in the log. */
  id: number;
  /** The tree the lookup response was signed with (already proven to be on our timeline). */
  tree: Tree;
  /** Whether the response came from a cache rather than the server. */
  fromCache: boolean;
}

/** A module version to get ready for (no "/go.mod" suffix), with its recordKey when the caller has it. */
export interface VersionToPrepare {
  module: string;
  version: string;
  key?: string;
}

/** What the pack's checks need of the client. */
export interface IndexedRecordsHost {
  /** The newest head, verified and proven on our timeline. */
  head(): TreeNote;
  /** Whether the tree of this key ("size:hash") is proven on our timeline. */
  onTimeline(treeKey: string): boolean;
  /** Hashes of a tree read through authenticated tiles (the client's I/O). */
  hashReader(t: TreeNote): HashReader;
  /** The pack changed: the client writes it behind the audits. */
  changed(): void;
  /** Resolves at a moment the audits leave free (proving records runs behind them). */
  quietMoment(): Promise<void>;
}

/** The leaf hash an entry's record must have in the log; undefined when its text is not plain record lines (never one). */
function entryLeaf(r: IndexedRecord): Hash | undefined {
  return isCanonicalText(r.text) ? recordHashOfText(r.text) : undefined;
}

export class IndexedRecords {
  /** Records verified by this client or an earlier one (read from our cache; untrusted until rechecked). */
  private readonly index: RecordIndex;
  /** Trees that entries' proofs refer to, once proven on our timeline (by "size:hash"). */
  private readonly trees = new Map<string, ProvenTree>();
  /** Entries verified through tiles in this process whose proof the next pack write adds. */
  private readonly unproven = new Set<string>();
  /** Tile paths the pack holds already (read from it, or put in it), or a cache does. */
  private readonly tilesSaved = new Set<string>();
  /** Tiles served from the pack since it was last found wrong; a tile that fails to authenticate drops them all. */
  private readonly tilesServed = new Set<string>();
  /** The pack served a tile that did not authenticate: tiles are no longer read from it. */
  private tilesBad = false;
  /** Tiles were authenticated that the pack does not hold yet. */
  private newTiles = false;

  constructor(verifierKey: string, private readonly tiles: TrustedTiles, private readonly host: IndexedRecordsHost) {
    this.index = new RecordIndex(verifierKey);
  }

  /** Adds the entries of the pack as read from our cache (untrusted: each is checked when asked for). */
  async load(data: Uint8Array): Promise<void> {
    await this.index.merge(data);
  }

  /** Whether the pack holds an entry for this key (checked or not). */
  has(key: string): boolean {
    return this.index.get(key) !== undefined;
  }

  /** Remembers a record the client verified (written behind, for the next process). */
  add(key: string, r: VerifiedRecord): void {
    this.index.set(key, { id: r.id, treeSize: r.tree.n, text: r.text });
    this.unproven.add(key);
    if (this.index.dirty) this.host.changed();
  }

  /** Whether the pack has changes to write (records, proofs or tiles). */
  get unwritten(): boolean {
    return this.index.dirty || this.newTiles;
  }

  /** Adds the proofs and tiles the next process needs; whether the pack then differs from what was written. */
  async complete(): Promise<boolean> {
    await this.addProofs();
    this.packTiles();
    return this.index.dirty;
  }

  /** The pack's bytes, with the entries of the pack on disk now (another process's work) merged in. */
  async merged(onDisk: Uint8Array | undefined): Promise<Uint8Array[]> {
    if (onDisk) await this.index.merge(onDisk);
    return this.index.format();
  }

  /** A tile of `bytes` bytes from the pack (untrusted: authenticated like a server's), or undefined. */
  tile(path: string, bytes: number): Uint8Array | undefined {
    const data = this.tilesBad ? undefined : this.index.tile(path);
    if (!data || data.length !== bytes) return undefined;
    this.tilesSaved.add(path);
    this.tilesServed.add(path);
    return data;
  }

  /** A tile was read from a cache that keeps it: the pack need not. */
  tileCached(path: string): void {
    this.tilesSaved.add(path);
  }

  /** A tile was authenticated: true when the pack does not hold it yet (then the pack is to be written). */
  tileTrusted(path: string): boolean {
    if (this.tilesSaved.has(path)) return false;
    this.newTiles = true;
    return true;
  }

  /** Whether tiles were served from the pack since it was last found wrong. */
  get servedTiles(): boolean {
    return this.tilesServed.size > 0;
  }

  /** A tile from the pack did not authenticate: none is read from it or written to it again. */
  dropTiles(): void {
    this.tilesBad = true;
    this.index.clearTiles();
    this.tilesServed.clear();
    this.tilesSaved.clear();
    this.newTiles = true;
  }

  /**
   * Puts into the pack the authenticated tiles a new process needs to prove what it holds (trustedTiles.ts
   * chooses them: records packed DENSE_TILE_RECORDS or more to a tile carry no proof of their own).
   */
  private packTiles(): void {
    if (!this.newTiles) return;
    this.newTiles = false;
    for (const { path, data } of this.tiles.forPack(this.index.records(), DENSE_TILE_RECORDS)) {
      this.index.setTile(path, data);
      this.tilesSaved.add(path);
    }
  }

  /**
   * Gets ready to answer these module versions with now(): the tiles proving their entries in the current head
   * are read (caches first) and authenticated in one batch, instead of one lookup at a time. Versions not in the
   * pack are left alone.
   */
  async prepare(versions: Iterable<VersionToPrepare>): Promise<void> {
    if (this.index.size === 0) return;
    const head = this.host.head();
    // The widest leaf wanted in each level-0 tile that is not authenticated wide enough yet.
    const span = 2 ** this.tiles.height;
    const wanted = new Map<number, number>();
    let seen = 0;
    const clock = new SliceClock();
    const records: IndexedRecord[] = [];
    const treeSizes = new Set<number>();
    for (const { module, version, key } of versions) {
      const r = this.index.get(key ?? recordKey(module, version));
      if (!r) continue;
      records.push(r);
      if (r.proof !== undefined) treeSizes.add(r.treeSize);
    }
    // Entries with a proof need only their tree proven on our timeline (a few tiles per tree, usually none).
    await Promise.all([...treeSizes].map((n) => this.proveIndexTree(n, head)));
    for (const r of records) {
      if ((++seen & 1023) === 0 && clock.due()) await clock.pause();
      if (r.id >= head.tree.n || (r.proof !== undefined && this.indexTree(r.treeSize, head))) continue;
      if (this.tiles.holdsLeaf(r.id)) continue;
      const n = Math.floor(r.id / span);
      wanted.set(n, Math.max(wanted.get(n) ?? -1, r.id));
    }
    if (wanted.size === 0) return;
    // In batches: the reader reads each batch's tiles (and the parents proving them) at once and authenticates
    // each once. Hashing a tile is 255 SHA-256s, so a batch is kept to a few milliseconds of the event loop.
    const leaves = [...wanted.values()].map((id) => storedHashIndex(0, id));
    const reader = this.host.hashReader(head);
    for (let i = 0; i < leaves.length; i += PREPARE_BATCH_TILES) {
      if (i > 0) await nextTurn();
      await reader.readHashes(leaves.slice(i, i + PREPARE_BATCH_TILES));
    }
  }

  /**
   * A record from the index, verified the cheap way: its id is below the head's size and the head's
   * authenticated level-0 tile holds exactly recordHash(text) at that id. The head itself was verified and
   * proven on our timeline, so this is the same guarantee as checkRecord without a signed note per record.
   * Anything that does not check out drops the entry and returns undefined (the caller looks it up afresh).
   */
  async check(key: string, path: string, version: string): Promise<VerifiedRecord | undefined> {
    const r = this.index.get(key);
    if (!r) return undefined;
    const now = this.checkNow(key, r, path, version);
    if (now !== 'later') return now;
    const head = this.host.head();
    let got: Hash;
    try {
      [got] = await this.host.hashReader(head).readHashes([storedHashIndex(0, r.id)]);
    } catch (err) {
      if (err instanceof SecurityError) throw err;
      return undefined; // the ordinary path reads the tiles again and reports what is wrong with them
    }
    const leaf = entryLeaf(r);
    const matches = leaf !== undefined && hashEqual(got, leaf);
    return this.ownRecord(key, this.matchIndexed(key, r, matches, head), path, version);
  }

  /** check() without I/O: undefined also when the tile holding the leaf is not authenticated in memory yet. */
  now(key: string, path: string, version: string): VerifiedRecord | undefined {
    const r = this.index.get(key);
    if (!r) return undefined;
    const got = this.checkNow(key, r, path, version);
    return got === 'later' ? undefined : got;
  }

  /** check() without I/O: 'later' when the tile holding the leaf is not authenticated in memory yet. */
  private checkNow(key: string, r: IndexedRecord, path: string, version: string): VerifiedRecord | undefined | 'later' {
    const head = this.host.head();
    const result = this.provenByIndex(r, head) ?? this.provenByTile(key, r, head);
    return result === 'later' ? result : this.ownRecord(key, result, path, version);
  }

  /** A proven index entry when its record holds a line for path version; else it is another record's, dropped. */
  private ownRecord(key: string, result: VerifiedRecord | undefined, path: string, version: string): VerifiedRecord | undefined {
    if (!result || holdsLineFor(result.text, path, version)) return result;
    this.index.delete(key);
    return undefined;
  }

  /** The entry's leaf checked against the head's authenticated level-0 tile; 'later' when that is not in memory. */
  private provenByTile(key: string, r: IndexedRecord, head: TreeNote): VerifiedRecord | undefined | 'later' {
    if (r.id >= head.tree.n) return undefined; // proven in a tree we have not reached: not usable yet
    const leaf = entryLeaf(r);
    const matches = leaf === undefined ? false : this.tiles.leafIs(head.tree, r.id, leaf);
    return matches === undefined ? 'later' : this.matchIndexed(key, r, matches, head);
  }

  /**
   * The entry's own proof, checked against its tree once that tree is proven on our timeline (a prefix of the
   * head, so the record is in the head too): no tile is read. Undefined when it cannot be used that way.
   */
  private provenByIndex(r: IndexedRecord, head: TreeNote): VerifiedRecord | undefined {
    if (r.proof === undefined) return undefined;
    const tree = this.indexTree(r.treeSize, head);
    if (!tree) return undefined;
    const leaf = entryLeaf(r);
    if (!leaf || !tree.includes(r.proof, r.id, leaf)) return undefined;
    return { text: r.text, id: r.id, tree: head.tree, fromCache: true };
  }

  /** The index's tree of size n when it is proven on our timeline and no larger than the head. */
  private indexTree(n: number, head: TreeNote): ProvenTree | undefined {
    if (n > head.tree.n) return undefined;
    const hash = this.index.treeHash(n);
    if (hash === undefined) return undefined;
    const key = `${n}:${hash}`;
    let tree = this.trees.get(key);
    if (!tree && this.host.onTimeline(key)) {
      tree = new ProvenTree(n, Buffer.from(hash, 'base64'));
      this.trees.set(key, tree);
    }
    return tree;
  }

  /** Proves the index's tree of size n a prefix of the head through the head's tiles. Never throws. */
  private async proveIndexTree(n: number, head: TreeNote): Promise<void> {
    const hash = this.index.treeHash(n);
    if (hash === undefined || n > head.tree.n || n === 0 || this.indexTree(n, head)) return;
    try {
      const got = await treeHash(n, this.host.hashReader(head));
      if (!this.host.onTimeline(treeKey(head.tree)) || encodeStdBase64(got) !== hash) return;
      this.trees.set(`${n}:${hash}`, new ProvenTree(n, got));
    } catch {
      // the entries go the tile way, which reports what is wrong
    }
  }

  /** The entry as verified when its text is plain record lines whose hash is its leaf in the head; else dropped. */
  private matchIndexed(key: string, r: IndexedRecord, leafMatches: boolean, head: TreeNote): VerifiedRecord | undefined {
    if (!leafMatches) {
      this.index.delete(key);
      return undefined;
    }
    // Proven by the tile in a head its entry does not name yet: the next write may add its proof in this head.
    // (Without a proof in this very head, addProofs found it packed densely in its tile: asking again would
    // go over every entry at each warm run to add nothing.)
    if (r.treeSize !== head.tree.n) {
      this.unproven.add(key);
      this.host.changed();
    }
    return { text: r.text, id: r.id, tree: head.tree, fromCache: true };
  }

  /**
   * Adds to the index the inclusion proofs, in the head, of the entries verified through tiles in this process,
   * from the tiles already authenticated in memory (an entry whose tiles are gone keeps going the tile way).
   * Only records scattered over the log get one (as in sum.golang.org, where each has a tile of its own);
   * records packed in a tile are proven by that tile. Each proof is checked against the head before it is
   * kept. Sliced: it runs behind the lookups.
   */
  private async addProofs(): Promise<void> {
    if (this.unproven.size === 0) return;
    const head = this.host.head();
    const headKey = treeKey(head.tree);
    if (head.tree.n === 0 || !this.host.onTimeline(headKey)) return;
    const span = 2 ** this.tiles.height;
    const stored = new StoredHashes(this.tiles.height, this.tiles.entry);
    const hash = encodeStdBase64(head.tree.hash);
    const tree = new ProvenTree(head.tree.n, head.tree.hash);
    const keys = [...this.unproven];
    this.unproven.clear();
    const perTile = new Map<number, number>();
    const clock = new SliceClock();
    for (let i = 0; i < keys.length; i++) {
      if ((i & 1023) === 1023 && clock.due()) await clock.pause();
      const r = this.index.get(keys[i]);
      if (r) perTile.set(Math.floor(r.id / span), (perTile.get(Math.floor(r.id / span)) ?? 0) + 1);
    }
    // Only scattered records without a proof in this head; in log order, so that the inner nodes of a level-0
    // tile are forgotten once its records are done.
    const todo: Array<[string, IndexedRecord]> = [];
    for (const key of keys) {
      const r = this.index.get(key);
      if (!r || r.id >= head.tree.n || (r.proof !== undefined && r.treeSize === head.tree.n)) continue;
      if ((perTile.get(Math.floor(r.id / span)) ?? 0) < DENSE_TILE_RECORDS) todo.push([key, r]);
    }
    todo.sort((a, b) => a[1].id - b[1].id);
    let lastTile = -1;
    for (const [key, r] of todo) {
      // A scattered record's proof hashes most of two tiles (~0.4 ms): the clock is read for each. A head that
      // moves during a pause changes nothing: these proofs are in this head, proven on our timeline.
      if (clock.due()) {
        await clock.pause();
        await this.host.quietMoment();
      }
      if (this.index.get(key) !== r) continue; // changed during a pause
      if (Math.floor(r.id / span) !== lastTile) {
        stored.forgetLowest();
        lastTile = Math.floor(r.id / span);
      }
      const proof = proveRecordFrom(head.tree.n, r.id, stored.get);
      if (proof && tree.includes(proof, r.id, recordHashOfText(r.text))) this.index.setProof(key, head.tree.n, hash, encodeProof(proof));
    }
  }
}
