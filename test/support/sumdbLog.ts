// Owns: an in-memory checksum-database log for tests — go.sum lines grouped into one record per
// module@version (zip line, then /go.mod line, as sum.golang.org records look), the stored hashes of the
// Merkle tree, signed tree heads, lookups by module version, and hash and data tiles. With `spread`, filler
// records sit between the go.sum's records, so that (as in sum.golang.org's log of millions) each record lands
// in its own level-0 tile; fillers are made up from their number when asked for, never kept.
// Must never: do I/O. It is honest by construction; lies are added by the server around it.
import { parseSignerKey, signNote, type Signer } from '../../server/src/sumdb/note';
import {
  HASH_SIZE,
  formatRecord,
  nodeHash,
  recordHash,
  formatTree,
  readTileData,
  storedHashCount,
  storedHashIndex,
  storedHashes,
  treeHash,
  type Hash,
  type HashReader,
  type Tile,
  type Tree,
} from '../../server/src/sumdb/tlog';

export interface LogEntry {
  module: string;
  version: string;
  /** The record text: the version's go.sum lines, each ending in "\n". */
  text: Uint8Array;
}

/** Groups go.sum lines into records per module@version, in order of first appearance. */
export function groupGoSumLines(lines: string[]): LogEntry[] {
  const byKey = new Map<string, { module: string; version: string; zip?: string; mod?: string; other: string[] }>();
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    if (fields.length !== 3) throw new Error(`not a go.sum line: ${JSON.stringify(raw)}`);
    const [module, v] = fields;
    const isMod = v.endsWith('/go.mod');
    const version = isMod ? v.slice(0, -'/go.mod'.length) : v;
    const key = `${module}@${version}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { module, version, other: [] }));
    const text = `${module} ${v} ${fields[2]}`;
    if (isMod && g.mod === undefined) g.mod = text;
    else if (!isMod && g.zip === undefined) g.zip = text;
    else g.other.push(text);
  }
  return [...byKey.values()].map((g) => {
    const ordered = [g.zip, g.mod, ...g.other].filter((l): l is string => l !== undefined);
    return { module: g.module, version: g.version, text: Buffer.from(ordered.map((l) => l + '\n').join(''), 'utf8') };
  });
}

/** Stored hashes packed in large buffers: millions of separate 32-byte arrays would cost ten times the memory. */
class PackedHashes {
  private static readonly CHUNK = 1 << 16;
  private readonly chunks: Buffer[] = [];
  length = 0;

  push(h: Hash): void {
    const at = this.length % PackedHashes.CHUNK;
    if (at === 0) this.chunks.push(Buffer.allocUnsafe(PackedHashes.CHUNK * HASH_SIZE));
    this.chunks[this.chunks.length - 1].set(h, at * HASH_SIZE);
    this.length++;
  }

  get(i: number): Hash | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    const at = (i % PackedHashes.CHUNK) * HASH_SIZE;
    return this.chunks[Math.floor(i / PackedHashes.CHUNK)].subarray(at, at + HASH_SIZE);
  }
}

/** Filler record #n: a made-up module version, the same text every time it is asked for. */
function fillerEntry(n: number): LogEntry {
  const module = `filler.test/m${n}`;
  const h = Buffer.alloc(32, n % 251).toString('base64');
  return { module, version: 'v1.0.0', text: Buffer.from(`${module} v1.0.0 h1:${h}\n${module} v1.0.0/go.mod h1:${h}\n`, 'utf8') };
}

/** An append-only log with its tree, like golang.org/x/mod/sumdb's in-memory test server. */
export class TestLog {
  /** Records by id; filler records are not kept (see entry()). */
  private readonly kept: Array<LogEntry | undefined> = [];
  private readonly ids = new Map<string, number>();
  private readonly hashes = new PackedHashes();
  private readonly signedBySize = new Map<number, Uint8Array>();
  private readonly treeBySize = new Map<number, Tree>();
  readonly reader: HashReader = {
    readHashes: async (indexes) =>
      indexes.map((i) => {
        const h = this.hashes.get(i);
        if (!h) throw new Error(`test log: no stored hash ${i}`);
        return h;
      }),
  };

  constructor(private signer: Signer) {}

  get size(): number {
    return this.kept.length;
  }

  /** Record #id (a filler's text is made up again). */
  entry(id: number): LogEntry {
    return this.kept[id] ?? fillerEntry(id);
  }

  /** Every record in id order (fillers included). */
  get entries(): LogEntry[] {
    return this.kept.map((e, id) => e ?? fillerEntry(id));
  }

  /**
   * Appends records; a module version already in the log is skipped (records never change). With `spread`,
   * that many filler records go before each one.
   */
  async append(entries: LogEntry[], spread = 0): Promise<void> {
    for (const e of entries) {
      const key = `${e.module}@${e.version}`;
      if (this.ids.has(key)) continue;
      for (let i = 0; i < spread; i++) this.appendFiller(recordHash(fillerEntry(this.kept.length).text));
      const n = this.kept.length;
      const add = await storedHashes(n, e.text, this.reader);
      if (this.hashes.length !== storedHashIndex(0, n)) throw new Error('test log: stored hashes out of step');
      for (const h of add) this.hashes.push(h);
      this.kept.push(e);
      this.ids.set(key, n);
    }
    if (this.hashes.length !== storedHashCount(this.kept.length)) throw new Error('test log: bad hash count');
  }

  /** storedHashes without a reader's promises, for the many fillers (whose entries are not kept). */
  private appendFiller(leaf: Hash): void {
    const n = this.kept.length;
    this.hashes.push(leaf);
    let h = leaf;
    for (let level = 0; Math.floor(n / 2 ** level) % 2 === 1; level++) {
      h = nodeHash(this.hashes.get(storedHashIndex(level, Math.floor(n / 2 ** level) - 1))!, h);
      this.hashes.push(h);
    }
    this.kept.push(undefined);
  }

  id(module: string, version: string): number | undefined {
    return this.ids.get(`${module}@${version}`);
  }

  async tree(n: number = this.size): Promise<Tree> {
    let t = this.treeBySize.get(n);
    if (!t) {
      t = { n, hash: await treeHash(n, this.reader) };
      this.treeBySize.set(n, t);
    }
    return t;
  }

  /** The signed tree head for size n (the current size by default). */
  async signedTree(n: number = this.size, signer: Signer = this.signer): Promise<Uint8Array> {
    if (signer !== this.signer) return signNote({ text: formatTree(await this.tree(n)) }, signer);
    let s = this.signedBySize.get(n);
    if (!s) {
      s = signNote({ text: formatTree(await this.tree(n)) }, signer);
      this.signedBySize.set(n, s);
    }
    return s;
  }

  /** The /lookup body for an id: the record, then the signed head. */
  async lookupBody(id: number, text?: Uint8Array, signer?: Signer): Promise<Uint8Array> {
    const record = formatRecord(id, text ?? this.entry(id).text);
    const signed = await this.signedTree(this.size, signer);
    return Buffer.concat([record, signed]);
  }

  /** Whether the tile exists in a tree of the current size. */
  hasTile(t: Tile): boolean {
    if (t.w < 1 || t.w > 2 ** t.h) return false;
    const level = t.l < 0 ? 0 : t.l * t.h;
    const available = Math.floor(this.size / 2 ** level);
    return t.n * 2 ** t.h + t.w <= available;
  }

  /** A hash tile's bytes, or a data tile's records formatted back to back (as sumdb/server.go serves them). */
  async tileData(t: Tile): Promise<Uint8Array> {
    if (!this.hasTile(t)) throw new Error('tile not in tree');
    if (t.l >= 0) return readTileData(t, this.reader);
    const start = t.n * 2 ** t.h;
    const parts: Uint8Array[] = [];
    for (let i = 0; i < t.w; i++) parts.push(formatRecord(start + i, this.entry(start + i).text));
    return Buffer.concat(parts);
  }

  static async fromGoSum(lines: string[], signerKey: string, spread = 0): Promise<TestLog> {
    const log = new TestLog(parseSignerKey(signerKey));
    await log.append(groupGoSumLines(lines), spread);
    return log;
  }
}
