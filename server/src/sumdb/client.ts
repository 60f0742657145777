// Owns: the checksum-database client (golang.org/x/mod/sumdb/client.go rules): a lookup's lines are
// returned only after the tree note verifies with the configured key, the tree is proven consistent with
// the remembered head through authenticated tiles, and the record is proven to be a leaf of the tree.
// Forks are security errors carrying both notes and the proof. All I/O goes through ClientOps.
// A lookup takes Go's one path (lookupRecord has the steps): the caches or the server, parse the record, merge
// the tree it was signed with, check the record, keep it. Beside it, each with one job: cachedLookups.ts is the
// cache step (our verified-record pack, then the lookup file), indexedRecords.ts proves and keeps the pack's
// records, tileReads.ts reads tiles' bytes (caches, then the server), trustedTiles.ts holds the authenticated
// tiles, treeHashReaders.ts reads a tree's hashes through them, treeNotes.ts opens signed tree notes,
// offlineFallbacks.ts lets another tree on our timeline stand in for one whose tiles are not cached, and
// packFile.ts reads and writes the pack's cache file (packWriteSchedule.ts says when: the only timers, on an
// injected clock).
// Must never: do I/O itself, import vscode, report an unproven record as verified, retry past a fork,
// fetch the same tile twice while it is held in memory, or keep a timer of its own.
import { parseVerifierKey, verifierList } from './note';
import { TreeNotes, bytesKey } from './treeNotes';
import {
  EMPTY_TREE_HASH,
  TlogError,
  checkTree,
  hashEqual,
  parseRecord,
  proveTree,
  recordHash,
  storedHashIndex,
  tilePath,
  treeHash,
  type Hash,
  type HashReader,
  type Tile,
  type TileReader,
  type Tree,
} from './tlog';
import { encodeStdBase64 } from './base64';
import {
  MISBEHAVIOR_HEADLINE,
  SecurityError,
  UnverifiableError,
  VerificationError,
  inLookup,
} from './clientErrors';
import { recordVersion } from './lookupPath';
import { IndexedRecords, type VersionToPrepare, type TreeNote, type VerifiedRecord } from './indexedRecords';
import { holdsLineFor, linesFor, recordLinesOf } from './recordText';
import { recordKey } from './recordIndex';
import { SliceClock } from '../slices';
import { TrustedTiles, sameTree, treeKey } from './trustedTiles';
import { TreeHashReaders } from './treeHashReaders';
import { PackFile } from './packFile';
import type { ScheduleClock } from './clock';
import { trimOldest } from './trimOldest';
import { CachedLookups } from './cachedLookups';
import { TileReads } from './tileReads';
import { againstNewerOrTimeline, inHeadOrServedTree } from './offlineFallbacks';

export {
  NotFoundError,
  RemoteStatusError,
  SecurityError,
  SumdbError,
  UnverifiableError,
  VerificationError,
  type VerificationKind,
} from './clientErrors';

/** The client's whole view of the outside world. Methods may be called concurrently. */
export interface ClientOps {
  /** GET a database path ("/latest", "/lookup/...", "/tile/..."); non-200 must throw (404/410: NotFoundError). */
  readRemote(path: string): Promise<Uint8Array>;
  /** Our remembered tree head, "<name>/latest"; undefined when there is none yet. */
  readConfig(file: string): Promise<Uint8Array | undefined>;
  /** Compare-and-swap of a config file; false when it no longer holds `old`. */
  writeConfig(file: string, old: Uint8Array | undefined, data: Uint8Array): Promise<boolean>;
  /** A cached lookup or tile ("<name>/lookup/...", "<name>/tile/..."); undefined when absent. Untrusted. */
  readCache(file: string): Promise<Uint8Array | undefined>;
  /** Told of a detected fork (the full report) before the SecurityError is thrown. */
  securityError(message: string): void;
  /** Heads other clients remember for this database (Go's $GOPATH/pkg/sumdb/<name>/latest). Optional. */
  readPeerHeads?(name: string): Promise<Uint8Array[]>;
  /** Our verified-record pack for the database (see recordIndex.ts); undefined when none. Untrusted. Optional. */
  readIndex?(name: string): Promise<Uint8Array | undefined>;
  /**
   * Replaces the pack atomically with what `build` makes of the pack on disk now (no other writer may replace it
   * in between); undefined from `build` leaves it as it is. Failures are ignored. Optional.
   */
  updateIndex?(name: string, build: (onDisk: Uint8Array | undefined) => Promise<readonly Uint8Array[] | undefined>): Promise<void>;
}

export interface ClientOptions {
  /** The database's verifier key, "name+hash+base64key". */
  verifierKey: string;
  /** Never call readRemote: answer from caches or fail with UnverifiableError. */
  offline?: boolean;
  /** Tile height; the go command and sum.golang.org use 8. */
  tileHeight?: number;
  /** Authenticated tiles kept in memory (8 KiB each at most). */
  maxMemoryTiles?: number;
  /**
   * Quiet time (no change to the index, no /latest, no lookup) before the verified-record index is written, in
   * ms (2,000 by default). Writing a big index allocates a lot, and its collections would land in the next
   * edit's audit.
   */
  indexQuietMs?: number;
  /** The clock the pack's write schedule uses (connect.ts hands it real time unless told otherwise). */
  clock: ScheduleClock;
}

export type { TreeNote } from './indexedRecords';

export interface LookupResult extends VerifiedRecord {
  /** "module@version" (version without /go.mod): the string the client keys this record by, for callers keying their own tables the same way to share rather than repeat. */
  key: string;
}

const enum When { Past = 1, Now, Future }

/**
 * Where a tile read to check record `id` in tree `t` failed, in Go's words. When the served tree is one Go already
 * had as its latest (`treeCheckedFirst`), Go's Lookup checks it again first (mergeLatest), reading the tiles that
 * prove its hash: a bad one there is "checking tree#N". Any other bad tile is met by checkRecord, which adds
 * nothing. A tile missing offline has no Go counterpart: it says which record it was for.
 */
function recordTileWhere(err: unknown, id: number, t: TreeNote, treeCheckedFirst: boolean): string | undefined {
  if (!(err instanceof TlogError)) return `checking record ${id} in tree#${t.tree.n}`;
  return err.inTreeHashTile && treeCheckedFirst ? `checking tree#${t.tree.n}` : undefined;
}

const MAX_KNOWN_TREES = 1024;
const MAX_MEMO_RECORDS = 200_000;

/** The record as a lookup's answer, with the key it is kept under. */
function withKey(r: VerifiedRecord, key: string): LookupResult {
  return { text: r.text, key, id: r.id, tree: r.tree, fromCache: r.fromCache };
}

/** Whether `proof` shows that the tree of size n with hash h is a prefix of `newer` (tlog's CheckTree). */
function provesTree(proof: Hash[], n: number, h: Hash, newer: Tree): boolean {
  try {
    checkTree(proof, newer.n, newer.hash, n, h);
    return true;
  } catch {
    return false;
  }
}

function indent(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8').replace(/\n/g, '\n\t');
}

export class SumdbClient {
  /** The database name from the verifier key (e.g. "sum.golang.org"). */
  readonly name: string;
  readonly offline: boolean;
  /** Signed tree notes opened with the configured key (treeNotes.ts). */
  private readonly notes: TreeNotes;
  private readonly height: number;

  private initPromise?: Promise<void>;
  /** init() has completed (the remembered head and the index are loaded). */
  private ready = false;
  private head: TreeNote = { tree: { n: 0, hash: EMPTY_TREE_HASH }, note: new Uint8Array(0) };
  /** Trees proven to be prefixes of `head` (the timeline is linear, so consistency is transitive). */
  private readonly onTimeline = new Map<string, TreeNote>();
  /** Merges of a tree note in progress, by note: concurrent merges of one note share the work. */
  private readonly merges = new Map<string, Promise<When>>();
  /** Tiles authenticated so far, and those held for a head still being proven (trustedTiles.ts). */
  private readonly trusted: TrustedTiles;
  /** Hash readers by tree (treeHashReaders.ts). */
  private readonly readers: TreeHashReaders;
  /** The verified-record pack: lookups answered from it, records kept in it (indexedRecords.ts). */
  private readonly packed: IndexedRecords;
  /** The cache step of a lookup: the pack, then the lookup file (cachedLookups.ts). */
  private readonly cache: CachedLookups;
  /** Tiles' bytes as read from the caches or the server, before they are authenticated (tileReads.ts). */
  private readonly tileReads: TileReads;
  /** The pack's cache file: read at start, written behind the audits (packFile.ts). */
  private readonly packFile: PackFile;
  /** Records being fetched, by "module@version" (Go's record cache, see fetchOnce). */
  private readonly records = new Map<string, Promise<VerifiedRecord>>();
  /** Verifying a burst of responses yields to the event loop between slices. */
  private readonly slices = new SliceClock();
  /** The /latest being read and merged, shared by concurrent callers. */
  private latestInFlight?: Promise<TreeNote>;
  /** Milliseconds spent reading (and parsing) the pack at start and writing it (`check --timings`). */
  readonly cacheTimes: { readonly readMs: number; readonly writeMs: number };

  constructor(private readonly ops: ClientOps, options: ClientOptions) {
    const verifier = parseVerifierKey(options.verifierKey.trim());
    this.notes = new TreeNotes(verifierList(verifier));
    this.name = verifier.name;
    this.offline = options.offline ?? false;
    this.height = options.tileHeight ?? 8;
    const maxMemoryTiles = options.maxMemoryTiles ?? 4096;
    this.trusted = new TrustedTiles(this.height, maxMemoryTiles, (key) => this.onTimeline.has(key));
    this.readers = new TreeHashReaders(this.trusted, {
      onTimeline: (key) => this.onTimeline.has(key),
      tileReader: (key) => this.tileReaderFor(key),
      dropPackTiles: () => {
        if (!this.packed.servedTiles) return false;
        this.packed.dropTiles();
        this.forgetUntrustedTiles();
        return true;
      },
    });
    this.packed = new IndexedRecords(options.verifierKey.trim(), this.trusted, {
      head: () => this.head,
      onTimeline: (key) => this.onTimeline.has(key),
      hashReader: (t) => this.readers.get(t.tree),
      changed: () => this.packFile.changed(),
      quietMoment: () => this.packFile.quietMoment(),
    });
    this.packFile = new PackFile(this.name, ops, this.packed, options.indexQuietMs, options.clock);
    this.cacheTimes = this.packFile.times;
    this.cache = new CachedLookups(this.name, this.packed, (file) => this.ops.readCache(file));
    this.tileReads = new TileReads(this.name, this.offline, maxMemoryTiles, this.packed, ops);
  }

  /** The go.sum lines the database holds for `path version` (version may end in "/go.mod"), verified. */
  async lookup(path: string, version: string): Promise<string[]> {
    return linesFor(recordLinesOf((await this.lookupRecord(path, version)).text), path, version);
  }

  /**
   * Like lookup, with the record id, the tree it was proven in, and where it came from. Go's Lookup: the steps
   * are answerNow (the pack's answer that needs no I/O), fetchOnce and fetchRecord (the caches or the server,
   * once per record), verifyRecord (parse, merge the latest tree, check the record, keep it).
   */
  async lookupRecord(path: string, version: string): Promise<LookupResult> {
    try {
      // Read the remembered head (and the pack) before trusting anything.
      if (!this.ready) await this.init();
      const base = recordVersion(version);
      const key = recordKey(path, base);
      // A record the pack proves with the tiles in memory is answered without an await; or else it is fetched,
      // verified, once for the zip and go.mod lines of a version.
      const r = this.answerNow(key, path, base) ?? await this.fetchOnce(key, path, base);
      return withKey(r, key);
    } catch (err) {
      throw err instanceof Error ? inLookup(err, path, version) : err;
    }
  }

  /**
   * lookupRecord's first step on its own: the record when the pack proves it with what is in memory (its entry,
   * and its proof's tree or the head's tile holding its leaf, already authenticated); undefined when that needs
   * I/O, then call lookupRecord. A warm audit answers its thousands of records through this without an await each:
   * on telegraf's go.sum the warm CLI takes 380 ms of CPU, against 460 through lookupRecord (medians of 15 runs).
   */
  lookupRecordNow(path: string, version: string, /** recordKey(path, recordVersion(version)), when the caller has it */ key?: string): LookupResult | undefined {
    if (!this.ready) return undefined;
    const base = recordVersion(version);
    // The caller's key when it has one: the same string each time, hashed once for every map it is looked up in.
    key ??= recordKey(path, base);
    const r = this.answerNow(key, path, base);
    return r && withKey(r, key);
  }

  /** The pack's answer for a record when it needs no I/O (the client is ready). */
  private answerNow(key: string, path: string, base: string): VerifiedRecord | undefined {
    // Go's didLookup: an audit is using the client, the pack is written behind it.
    this.packFile.active();
    return this.packed.now(key, path, base);
  }

  /**
   * Gets ready to answer these module versions with lookupRecordNow: the pack's proof trees are proven and the
   * tiles proving its entries in the current head are read (caches first) and authenticated in one batch, instead
   * of one lookup at a time (indexedRecords.ts). Versions not in the pack are left alone. Never throws
   * (lookupRecord reads the tiles again and reports any problem).
   */
  async prepare(versions: Iterable<VersionToPrepare>): Promise<void> {
    try {
      if (!this.ready) await this.init();
      await this.packed.prepare(versions);
    } catch {
      // lookupRecord reads the tiles again and reports what is wrong with them
    }
  }

  /** Fetches /latest, verifies it and proves it consistent with the remembered head (which it may advance). */
  async latest(): Promise<TreeNote> {
    if (this.offline) {
      await this.init();
      throw new UnverifiableError('offline: cannot read /latest from the checksum database', '/latest');
    }
    // An audit is starting: cache files still being written from the last one wait.
    this.packFile.active();
    if (!this.latestInFlight) {
      this.latestInFlight = (async () => {
        // The request leaves while the remembered head and the index are read; nothing is trusted before both.
        const fetching = this.ops.readRemote('/latest');
        fetching.catch(() => undefined);
        await this.init();
        const note = await fetching;
        const tree = this.notes.open(note);
        await this.mergeLatest(note, tree);
        return { tree, note };
      })();
      const done = (): void => { this.latestInFlight = undefined; };
      this.latestInFlight.then(done, done);
    }
    return this.latestInFlight;
  }

  /** The newest head proven so far (after reading our remembered head and peers'); size 0 when none. */
  async remembered(): Promise<TreeNote> {
    await this.init();
    return this.head;
  }

  // ---- initialisation -------------------------------------------------------------------------

  private init(): Promise<void> {
    if (!this.initPromise) {
      this.initPromise = this.initWork();
      this.initPromise.catch(() => { this.initPromise = undefined; });
    }
    return this.initPromise;
  }

  private async initWork(): Promise<void> {
    this.onTimeline.set(treeKey(this.head.tree), this.head);
    // The pack is read meanwhile: only a hint (every entry is rechecked against authenticated tiles).
    const packRead = this.packFile.read();
    try {
      const ours = await this.ops.readConfig(`${this.name}/latest`);
      if (ours && ours.length > 0) await this.mergeLatest(ours, this.notes.open(ours));
    } catch (err) {
      if (err instanceof SecurityError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      throw Object.assign(err instanceof Error ? err : new Error(msg), { message: `initializing sumdb client: ${msg}` });
    }
    // Another client's head counts once it verifies; a head we cannot read or prove is simply not used,
    // but one that contradicts ours is a fork like any other.
    const peers = this.ops.readPeerHeads ? await this.ops.readPeerHeads(this.name).catch(() => []) : [];
    // Proving a peer's head may read tiles, which the pack may hold.
    await packRead;
    for (const msg of peers) {
      try {
        await this.mergeLatest(msg, this.notes.open(msg));
      } catch (err) {
        if (err instanceof SecurityError) throw err;
      }
    }
    this.ready = true;
  }

  // ---- tree heads -----------------------------------------------------------------------------

  /**
   * Merges a verified head into our timeline; a newer head is remembered (compare-and-swap on the
   * config file) only after it is proven to extend ours. Concurrent merges of one note share the work.
   */
  private async mergeLatest(msg: Uint8Array, tree: Tree): Promise<When> {
    const key = bytesKey(msg);
    let pending = this.merges.get(key);
    if (!pending) {
      pending = this.mergeAndStore(msg, tree);
      this.merges.set(key, pending);
      const done = (): void => { if (this.merges.get(key) === pending) this.merges.delete(key); };
      pending.then(done, done);
    }
    return pending;
  }

  private async mergeAndStore(msg: Uint8Array, tree: Tree): Promise<When> {
    const when = await this.mergeLatestMem({ tree, note: msg });
    if (when !== When.Future) return when;
    // Flush our extended timeline, merging in whatever another writer stored meanwhile.
    for (let attempt = 0; attempt < 100; attempt++) {
      const stored = await this.ops.readConfig(`${this.name}/latest`);
      const storedWhen = stored && stored.length > 0 ? await this.mergeLatestMem({ tree: this.notes.open(stored), note: stored }) : (this.head.tree.n === 0 ? When.Now : When.Past);
      if (storedWhen !== When.Past) return when;
      const head = this.head;
      if (await this.ops.writeConfig(`${this.name}/latest`, stored, head.note)) return when;
    }
    throw new Error(`could not store the tree head for ${this.name}: too many write conflicts`);
  }

  private async mergeLatestMem(incoming: TreeNote): Promise<When> {
    const { tree } = incoming;
    for (;;) {
      const head = this.head;
      if (sameTree(tree, head.tree)) return When.Now;
      if (tree.n <= head.tree.n) {
        if (!this.onTimeline.has(treeKey(tree))) {
          // Offline, another tree on our timeline may stand in for the head (offlineFallbacks.ts).
          await againstNewerOrTimeline((newer) => this.checkTrees(incoming, newer), incoming, head, () => this.onTimeline.values());
          this.remember(incoming);
        }
        return tree.n < head.tree.n ? When.Past : When.Now;
      }
      await this.checkTrees(head, incoming);
      if (this.head === head) {
        this.head = incoming;
        this.remember(incoming);
        return When.Future;
      }
      // Someone else moved the head while we were proving; go around with the new one.
    }
  }

  private remember(t: TreeNote): void {
    const key = treeKey(t.tree);
    this.onTimeline.set(key, t);
    for (const [tile, data] of this.trusted.release(key)) this.trustTile(tile, data, key);
    if (this.onTimeline.size > MAX_KNOWN_TREES) {
      for (const [k, v] of this.onTimeline) {
        if (v !== this.head) { this.onTimeline.delete(k); break; }
      }
    }
  }

  /** Go's checkTrees: older's hash must be what newer's tiles say for its size, or the database forked. */
  private async checkTrees(older: TreeNote, newer: TreeNote): Promise<void> {
    let h: Hash;
    let thr: HashReader | undefined;
    if (older.tree.n === newer.tree.n) {
      // Two signed heads of one size: equal hashes or a fork, no tiles needed to tell.
      h = newer.tree.hash;
    } else {
      thr = this.readers.get(newer.tree);
      try {
        h = await treeHash(older.tree.n, thr);
      } catch (err) {
        const where = `checking tree#${older.tree.n} against tree#${newer.tree.n}`;
        throw this.tileFailure(err, where);
      }
    }
    if (hashEqual(h, older.tree.hash)) return;

    let report = `${MISBEHAVIOR_HEADLINE}\n\n`;
    report += `old database:\n\t${indent(older.note)}\n`;
    report += `new database:\n\t${indent(newer.note)}\n`;
    report += `proof of misbehavior:\n\t${encodeStdBase64(h)}`;
    let proof: Hash[] = [];
    // Go's two internal errors: the proof could not be built, or it does not check out.
    const built = thr && await proveTree(newer.tree.n, older.tree.n, thr).catch((err: Error) => err);
    if (built instanceof Error) report += `\tinternal error: ${built.message}\n`;
    else if (built && !provesTree(built, older.tree.n, h, newer.tree)) report += '\tinternal error: generated inconsistent proof\n';
    else if (built) {
      proof = built;
      for (const p of proof) report += `\n\t${encodeStdBase64(p)}`;
    }
    this.forgetUntrustedTiles();
    this.ops.securityError(report);
    throw new SecurityError(report, older.note, newer.note, older.tree, newer.tree, h, proof);
  }

  /** Tile-reading failures in Go's words, keeping offline and network failures as they are. */
  private tileFailure(err: unknown, where: string | undefined): Error {
    const said = (message: string): string => (where === undefined ? message : `${where}: ${message}`);
    if (err instanceof TlogError) {
      this.forgetUntrustedTiles();
      const kind = /inconsistent tile/.test(err.message) ? 'inconsistent-tile' : 'malformed-tile';
      return new VerificationError(kind, said(err.message));
    }
    if (err instanceof UnverifiableError) return new UnverifiableError(said(err.message), err.missing);
    return err instanceof Error ? err : new Error(String(err));
  }

  // ---- records --------------------------------------------------------------------------------

  /** Go's record.Do: one fetch per record while it is in flight (the zip and go.mod lookups of a version share it). */
  private fetchOnce(key: string, path: string, version: string): Promise<VerifiedRecord> {
    const running = this.records.get(key);
    if (running) return running;
    const pending = this.fetchRecord(key, path, version);
    this.records.set(key, pending);
    trimOldest(this.records, MAX_MEMO_RECORDS);
    // Once answered, a record in the pack is answered from there again (cheaply rechecked), so the memo does not
    // grow with the file.
    const forget = (): void => {
      if (this.records.get(key) === pending) this.records.delete(key);
    };
    pending.then(() => { if (this.packed.has(key)) forget(); }, forget);
    return pending;
  }

  /** One record: try the caches, or else get it from the server; verified before it is used for anything. */
  private async fetchRecord(key: string, path: string, version: string): Promise<VerifiedRecord> {
    // Try the caches (cachedLookups.ts): the pack answers with a record it proved in our head; a lookup file,
    // ours or Go's, with bytes checked like the server's.
    const cached = await this.cache.read(key, path, version);
    if (cached.record) return cached.record;
    if (cached.data) {
      try {
        return await this.verifyRecord(key, cached.data, path, version, true);
      } catch (err) {
        // A damaged cache entry is no reason to fail: ask the server, unless it was a fork or we may not.
        if (err instanceof SecurityError || this.offline) throw err;
      }
    }
    // Or else get it from the server (offline, the record is unverifiable).
    if (this.offline) throw new UnverifiableError(`offline: no cached ${this.name} lookup for ${path}@${version}`, cached.file);
    const data = await this.ops.readRemote(cached.file.slice(this.name.length));
    return this.verifyRecord(key, data, path, version, false);
  }

  /** Validates a lookup response before using it for anything, then keeps the record in the pack. */
  private async verifyRecord(key: string, data: Uint8Array, path: string, version: string, fromCache: boolean): Promise<VerifiedRecord> {
    // Responses arrive in bursts; verifying a whole burst at once would hold the event loop.
    if (this.slices.due()) await this.slices.pause();
    // Parse the record: its id, its text, and the signed tree note it was served with.
    let id: number;
    let text: Uint8Array;
    let rest: Uint8Array;
    try {
      ({ id, text, rest } = parseRecord(data));
    } catch (err) {
      throw new VerificationError('malformed-record', (err as Error).message);
    }
    // Verify the note with our key and merge its tree into our timeline (a fork stops here). A head already
    // proven on it (nearly every response carries the same one) needs no merge.
    const tree = this.notes.open(rest);
    const known = this.onTimeline.has(treeKey(tree));
    if (!known) await this.mergeLatest(rest, tree);
    // Check that the record is the leaf at its id in our tree.
    await this.checkRecord(id, text, { tree, note: rest }, known);
    // It must be the record asked for.
    const textString = Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
    if (!holdsLineFor(textString, path, version)) {
      throw new VerificationError('wrong-record', `record ${id} in the database holds no line for ${path} ${version}`);
    }
    // Now that the record is validated, keep it in the pack (written behind, for the next process).
    const r: VerifiedRecord = { id, tree, fromCache, text: textString };
    this.packed.add(key, r);
    return r;
  }

  /**
   * Go's checkRecord: record #id's leaf in the remembered tree must be the hash of the record text. `servedKnown`:
   * the served tree was on our timeline before this response (Go then checks it against its latest first).
   */
  private async checkRecord(id: number, text: Uint8Array, served: TreeNote, servedKnown: boolean): Promise<void> {
    const leaf = recordHash(text);
    // Offline, the tree the record was served with may stand in for the head (offlineFallbacks.ts).
    await inHeadOrServedTree((t) => this.checkLeaf(id, leaf, t, servedKnown && sameTree(t.tree, served.tree)), this.head, served, id);
  }

  /**
   * Record #id's leaf in tree `t`, read through authenticated tiles (in memory when they are), must be `leaf`.
   * `treeCheckedFirst`: Go would have read the tiles proving t's hash before the record's (recordTileWhere).
   */
  private async checkLeaf(id: number, leaf: Hash, t: TreeNote, treeCheckedFirst: boolean): Promise<void> {
    if (id >= t.tree.n) {
      throw new VerificationError('record-beyond-tree', `cannot validate record ${id} in tree of size ${t.tree.n}`);
    }
    let got: Hash | undefined = this.trusted.leaf(t.tree, id);
    if (!got) {
      try {
        [got] = await this.readers.get(t.tree).readHashes([storedHashIndex(0, id)]);
      } catch (err) {
        throw this.tileFailure(err, recordTileWhere(err, id, t, treeCheckedFirst));
      }
    }
    if (!hashEqual(got, leaf)) throw new VerificationError('record-not-in-tree', 'cannot authenticate record data in server response');
  }

  // ---- tiles ----------------------------------------------------------------------------------

  /** A TileReader whose authenticated tiles are trusted (and persisted) once `tree` is on our timeline. */
  private tileReaderFor(tree: string): TileReader {
    return {
      height: () => this.height,
      readTiles: (tiles) => Promise.all(tiles.map((t) => this.tileReads.read(t))),
      saveTiles: (tiles, data) => {
        if (this.onTimeline.has(tree)) {
          tiles.forEach((t, i) => this.trustTile(t, data[i], tree));
          return;
        }
        // Authenticated against a head not yet proven to extend ours: hold until it is (a fork never is).
        this.trusted.hold(tree, tiles, data);
      },
    };
  }

  private trustTile(tile: Tile, data: Uint8Array, tree: string): void {
    this.trusted.trust(tile, data, tree);
    if (this.packed.tileTrusted(tilePath(tile))) this.packFile.changed();
  }

  /** After a lie, forget raw tiles so the next proof reads them afresh (trusted ones stay). */
  private forgetUntrustedTiles(): void {
    this.tileReads.forget();
    this.trusted.dropHeld();
    this.readers.clear();
  }

  /** Resolves once the pack write started or due so far has finished (before exiting or removing the cache). */
  settled(): Promise<void> {
    return this.packFile.settled();
  }
}
