// Owns: the verified-record pack — the one file per database in our cache that remembers, for every module
// version a client has verified, the record id, the record's exact text, the tree size it was proven in and,
// when known, its inclusion proof in that tree (with the tree's hash), plus the few hash tiles that prove the
// rest (tiles holding many of its records, and the tiles above them), so a new process answers from one read
// instead of a file (and a signed note) per lookup and a file per tile. Parsing and formatting only; everything
// is UNTRUSTED: an entry counts as verified only after the client checks its leaf hash against tiles
// authenticated for a head proven on our timeline, or its proof against a tree proven on it (client.ts), and a
// tile only once it hashes up to such a head.
// Must never: do I/O, import vscode, or block the event loop for long (parsing and formatting yield).
//
// Format (UTF-8 text; version 1 and 2 files, without tiles, are read too):
//   gosum-doctor verified-record index 3
//   key <verifier key>
//   tree <size> <base64 hash>                         (the trees proofs below refer to)
//   tile <tile path> <base64 hashes>                  (e.g. "tile/8/0/x001/234.p/5"; at most MAX_TILES)
//   <id> <tree size> <module> <version> <line count> [<base64 proof hashes, or "-" for none>]
//   <record line>            (line count of them; the record text is these lines, each ending in "\n")
//   ...

import { SliceClock } from '../slices';
import { HASH_SIZE } from './merkle';
import { trimOldest } from './trimOldest';
import { isCanonicalText, MAX_RECORD_LINES, recordLineCount } from './recordText';

const MAGIC = 'gosum-doctor verified-record index 3';
const MAGIC_V2 = 'gosum-doctor verified-record index 2';
const MAGIC_V1 = 'gosum-doctor verified-record index 1';
/** A tile path as tlog writes it: height, level, the number in 3-digit groups, an optional partial width. */
const TILE_PATH = /^tile\/\d{1,2}\/\d{1,2}\/(?:x\d{3}\/)*\d{3}(?:\.p\/(\d{1,10}))?$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Tiles kept at most (8 KiB each): the pack stays small enough to read at every start. */
const MAX_TILES = 256;
const TREE_HASH = /^[A-Za-z0-9+/]{43}=$/;
const NL = 10;
/** Longest stretch of synchronous parsing or formatting, in ms. */
const SLICE_MS = 4;
/**
 * Characters per piece of a formatted index: V8 puts a string over 128 KB (64 K characters when two bytes each)
 * in its large-object space, which only a full collection frees.
 */
const PIECE_CHARS = 60_000;

export interface IndexedRecord {
  id: number;
  /** Size of the tree the record was proven in when it was added. */
  treeSize: number;
  /** The record's text exactly as the database signed it: its lines, each followed by "\n". */
  text: string;
  /** Its inclusion proof in the tree of size treeSize whose hash is treeHash(treeSize) (recordProof.ts). */
  proof?: string;
}

/** "path@version", the key records are kept by. */
export function recordKey(path: string, version: string): string {
  return `${path}@${version}`;
}

/** A tile path's form without the partial width, and its size in bytes; undefined when it is no tile path. */
function tileShape(path: string): { base: string; bytes: number } | undefined {
  const m = TILE_PATH.exec(path);
  if (!m) return undefined;
  const h = Number(path.split('/', 2)[1]);
  const full = 2 ** h;
  const w = m[1] === undefined ? full : Number(m[1]);
  if (h < 1 || h > 30 || w < 1 || w > full) return undefined;
  return { base: m[1] === undefined ? path : path.slice(0, path.lastIndexOf('.p/')), bytes: w * HASH_SIZE };
}

/** Verified records by "module@version" (version without /go.mod), oldest first, bounded. */
export class RecordIndex {
  private readonly entries = new Map<string, IndexedRecord>();
  /** Base64 hashes of the trees that proofs refer to, by size (the first one read wins). */
  private readonly trees = new Map<number, string>();
  /** Tile data (untrusted) by tile path without its partial width ("tile/8/0/x001/234"), the widest kept, oldest first. */
  private readonly tiles = new Map<string, Uint8Array>();
  /** Entries dropped as wrong in this process: not taken back from a file. */
  private readonly forgotten = new Set<string>();
  /** Changed since the last format(). */
  dirty = false;

  /**
   * At most `maxEntries`, oldest dropped first: about 300 bytes each in memory, so the default keeps the index
   * near 100 MB at most, well inside the language server's heap limit (serverProcess.ts), and still far above
   * the module versions one developer's projects use.
   */
  constructor(private readonly verifierKey: string, private readonly maxEntries = 300_000) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): IndexedRecord | undefined {
    return this.entries.get(key);
  }

  /** Adds or refreshes a record; a text that is not plain record lines is not indexed. */
  set(key: string, record: IndexedRecord): void {
    if (!isCanonicalText(record.text) || /\s/.test(key)) return;
    const have = this.entries.get(key);
    if (have && have.id === record.id && have.text === record.text && have.treeSize <= record.treeSize) return;
    this.entries.delete(key);
    this.entries.set(key, record);
    this.forgotten.delete(key);
    this.dirty = true;
    trimOldest(this.entries, this.maxEntries);
  }

  /** The hash (base64) recorded for the tree of size n, the one its entries' proofs are against. */
  treeHash(n: number): string | undefined {
    return this.trees.get(n);
  }

  /**
   * Records the proof of an entry's inclusion in a tree (size n, base64 hash). Refused when another hash is
   * recorded for that size: proofs against it would then not check out anyway.
   */
  setProof(key: string, n: number, hash: string, proof: string): void {
    const have = this.entries.get(key);
    if (!have || !TREE_HASH.test(hash) || have.id >= n || /\s/.test(proof) || proof === '') return;
    const known = this.trees.get(n);
    if (known !== undefined && known !== hash) return;
    this.trees.set(n, hash);
    if (have.proof === proof && have.treeSize === n) return;
    this.entries.set(key, { ...have, treeSize: n, proof });
    this.dirty = true;
  }

  get tileCount(): number {
    return this.tiles.size;
  }

  /** Every entry, oldest first. */
  records(): IterableIterator<IndexedRecord> {
    return this.entries.values();
  }

  /**
   * A tile's bytes as the pack holds them, or the prefix of a wider copy (a partial tile is the prefix of every
   * wider one). Untrusted: the client authenticates them like a server's.
   */
  tile(path: string): Uint8Array | undefined {
    const shape = tileShape(path);
    const data = shape && this.tiles.get(shape.base);
    return data && data.length >= shape.bytes ? data.subarray(0, shape.bytes) : undefined;
  }

  /** Keeps an authenticated tile for the next process (a wider copy replaces a narrower); the oldest go beyond MAX_TILES. */
  setTile(path: string, data: Uint8Array): void {
    const shape = tileShape(path);
    if (!shape || data.length !== shape.bytes) return;
    const have = this.tiles.get(shape.base);
    if (have && have.length >= data.length) return;
    this.tiles.delete(shape.base);
    this.tiles.set(shape.base, data);
    this.dirty = true;
    trimOldest(this.tiles, MAX_TILES);
  }

  /** Forgets every tile (one did not authenticate): none is written again. */
  clearTiles(): void {
    if (this.tiles.size > 0) this.dirty = true;
    this.tiles.clear();
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.dirty = true;
    this.forgotten.add(key);
  }

  /**
   * Adds the entries of an index file this one does not hold (another process's work, or our own from an
   * earlier run). Malformed entries and files for another key are skipped: the file is untrusted.
   */
  async merge(data: Uint8Array): Promise<number> {
    const file = new PackLines(data);
    const magic = file.line();
    if ((magic !== MAGIC && magic !== MAGIC_V2 && magic !== MAGIC_V1) || file.line() !== `key ${this.verifierKey}`) return 0;
    let added = 0;
    const clock = new SliceClock(SLICE_MS);
    for (let n = 0; ; n++) {
      if ((n & 1023) === 0 && clock.due()) await clock.pause();
      file.mark();
      const head = file.line();
      if (head === undefined) break;
      const read = this.mergeLine(head.split(' '), file, magic);
      if (read === 'lost') break; // lost sync: keep what was read so far
      if (read === 'added') added++;
    }
    trimOldest(this.entries, this.maxEntries);
    trimOldest(this.tiles, MAX_TILES);
    return added;
  }

  /** One tile, tree or entry line (f: its fields) and an entry's record lines after it. */
  private mergeLine(f: string[], file: PackLines, magic: string): 'added' | 'skipped' | 'lost' {
    if (f[0] === 'tile' && f.length === 3 && magic === MAGIC) {
      const shape = tileShape(f[1]);
      const data = shape && !this.tiles.has(shape.base) && BASE64.test(f[2]) ? Buffer.from(f[2], 'base64') : undefined;
      if (data && data.length === shape!.bytes) this.tiles.set(shape!.base, data);
      return 'skipped';
    }
    if (f[0] === 'tree' && f.length === 3 && magic !== MAGIC_V1) {
      const n = Number(f[1]);
      if (Number.isSafeInteger(n) && n > 0 && TREE_HASH.test(f[2]) && !this.trees.has(n)) this.trees.set(n, f[2]);
      return 'skipped';
    }
    if (f.length !== 5 && !(f.length === 6 && magic !== MAGIC_V1 && f[5] !== '')) return 'lost';
    const id = Number(f[0]);
    const treeSize = Number(f[1]);
    const count = Number(f[4]);
    if (!Number.isSafeInteger(id) || id < 0 || !Number.isSafeInteger(treeSize) || treeSize <= id ||
      !Number.isInteger(count) || count < 1 || count > MAX_RECORD_LINES) return 'lost';
    file.mark();
    for (let i = 0; i < count; i++) if (!file.skip()) return 'lost';
    const key = recordKey(f[2], f[3]);
    if (this.entries.has(key) || this.forgotten.has(key)) return 'skipped';
    const entry: IndexedRecord = { id, treeSize, text: file.marked() };
    if (f.length === 6) entry.proof = f[5];
    this.entries.set(key, entry);
    return 'added';
  }

  /**
   * The file's bytes, in pieces of at most about PIECE_CHARS characters each (clears `dirty`): one string of the
   * whole index, and its encoding, would hold the event loop for tens of milliseconds on a big index, and each
   * piece's joined string stays small enough for the young generation, where it is freed as soon as it is
   * encoded instead of waiting in the large-object space for a full collection. `between` is awaited after
   * each pause (the client waits there for a quiet moment).
   */
  async format(between?: () => Promise<void>): Promise<Uint8Array[]> {
    this.dirty = false;
    let parts: string[] = [`${MAGIC}\nkey ${this.verifierKey}\n`];
    const entries = [...this.entries];
    const clock = new SliceClock(SLICE_MS);
    const used = new Set<number>();
    for (let i = 0; i < entries.length; i++) {
      if ((i & 4095) === 4095 && clock.due()) {
        await clock.pause();
        await between?.();
      }
      if (entries[i][1].proof !== undefined) used.add(entries[i][1].treeSize);
    }
    for (const n of used) {
      const h = this.trees.get(n);
      if (h !== undefined) parts.push(`tree ${n} ${h}\n`);
    }
    const chunks: Uint8Array[] = [];
    // A tile line each (~11 KB): kept out of the pieces below, whose size counts record entries.
    for (const [base, data] of this.tiles) {
      const width = data.length / HASH_SIZE;
      const p = width === 2 ** Number(base.split('/', 2)[1]) ? base : `${base}.p/${width}`;
      parts.push(`tile ${p} ${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')}\n`);
      chunks.push(Buffer.from(parts.join(''), 'utf8'));
      parts = [];
    }
    let chars = 0;
    for (const [key, r] of entries) {
      const at = key.lastIndexOf('@');
      const lines = recordLineCount(r.text);
      const proof = r.proof !== undefined && this.trees.has(r.treeSize) ? ` ${r.proof}` : '';
      const head = `${r.id} ${r.treeSize} ${key.slice(0, at)} ${key.slice(at + 1)} ${lines}${proof}\n`;
      if (chars > 0 && chars + head.length + r.text.length > PIECE_CHARS) {
        chunks.push(Buffer.from(parts.join(''), 'utf8'));
        parts = [];
        chars = 0;
        if (clock.due()) {
          await clock.pause();
          await between?.();
        }
      }
      parts.push(head, r.text);
      chars += head.length + r.text.length;
    }
    if (parts.length > 0) chunks.push(Buffer.from(parts.join(''), 'utf8'));
    return chunks;
  }
}

/** Bytes decoded per piece (a piece ends at a line's end): decoding a file of tens of megabytes at once would hold the event loop. */
const PIECE_BYTES = 1 << 20;

/**
 * The lines of a pack's bytes, decoded a piece at a time. Searched and sliced as a string: in a fresh process a
 * native call per line and per entry (Buffer's indexOf and toString) cost twice as much (telegraf's 2,795
 * entries: 13 against 8 ms). "\n" never occurs inside a UTF-8 sequence, so a piece decodes on its own. A text
 * sliced from a piece keeps the piece alive: in all about the file's size, as copies of the entries would take.
 */
export class PackLines {
  private text = '';
  private pos = 0;
  /** Bytes decoded so far. */
  private decoded = 0;
  /** Where the text marked last starts, and where the line read last starts: kept when the next piece is decoded. */
  private markAt = 0;
  private lineAt = 0;
  private readonly bytes: Buffer;

  constructor(data: Uint8Array, private readonly pieceBytes = PIECE_BYTES) {
    this.bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }

  /** The next line without its "\n", or undefined at the end. */
  line(): string | undefined {
    return this.skip() ? this.text.slice(this.lineAt, this.text.charCodeAt(this.pos - 1) === NL ? this.pos - 1 : this.pos) : undefined;
  }

  /** Passes the next line (with its "\n"); false at the end. */
  skip(): boolean {
    this.lineAt = this.pos;
    let end = this.text.indexOf('\n', this.pos);
    while (end < 0 && this.decodeMore()) end = this.text.indexOf('\n', this.pos);
    if (end < 0 && this.pos >= this.text.length) return false;
    this.pos = end < 0 ? this.text.length : end + 1;
    return true;
  }

  /** Marks where the text marked() returns starts. */
  mark(): void {
    this.markAt = this.pos;
  }

  /** The text from the mark to here. */
  marked(): string {
    return this.text.slice(this.markAt, this.pos);
  }

  /** Decodes the next piece after what is left from the mark on; false when every byte is decoded. */
  private decodeMore(): boolean {
    const { bytes } = this;
    if (this.decoded >= bytes.length) return false;
    let end = Math.min(bytes.length, this.decoded + this.pieceBytes);
    if (end < bytes.length) {
      const nl = bytes.indexOf(NL, end);
      end = nl < 0 ? bytes.length : nl + 1;
    }
    // The mark is never past the line being read: the text is kept from the mark on.
    const keep = this.markAt;
    this.text = this.text.slice(keep) + bytes.toString('utf8', this.decoded, end);
    this.pos -= keep;
    this.lineAt -= keep;
    this.markAt = 0;
    this.decoded = end;
    return true;
  }
}
