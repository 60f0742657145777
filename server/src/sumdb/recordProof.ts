// Owns: the record inclusion proofs our verified-record index keeps, so a warm run proves each record with a
// few dozen hashes instead of reading and hashing the 8 KiB tile (and its parents) that holds its leaf: their
// text form, building one from authenticated tile hashes, and checking many against one tree with the nodes
// already proven shared (records of one go.sum share most of their upper path).
// Must never: do I/O, import vscode, or count a node as proven before a path through it reached the tree hash.
import { HASH_SIZE, hashEqual, nodeHash, type Hash, type RecordProof } from './merkle';

/** A proof of no hashes (a tree of one record) is written "-", so the field is never empty. */
const EMPTY_PROOF = '-';
/** Deeper than any log can be: a longer proof is not one we wrote. */
const MAX_PROOF_HASHES = 64;
/** Nodes kept per tree (~150 bytes each): a few hundred thousand records' upper paths. */
const MAX_PROVEN_NODES = 1 << 18;

export function encodeProof(p: RecordProof): string {
  return p.length === 0 ? EMPTY_PROOF : Buffer.concat(p).toString('base64');
}

/** Largest power of two below n (n >= 2): where RFC 6962 splits a range of n leaves. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The subtrees from the root down to leaf id of a tree of size n: [lo, hi) and whether the path goes left. */
function pathRanges(n: number, id: number): Array<{ lo: number; hi: number; left: boolean }> {
  const out: Array<{ lo: number; hi: number; left: boolean }> = [];
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const k = split(hi - lo);
    const left = id < lo + k;
    out.push({ lo, hi, left });
    if (left) hi = lo + k;
    else lo += k;
  }
  return out;
}

/**
 * Record id's inclusion proof in the tree of size n (tlog's order: the lowest sibling first), from
 * `stored(level, index)`, which answers complete subtrees (2^level leaves from index * 2^level) or undefined.
 */
export function proveRecordFrom(n: number, id: number, stored: (level: number, index: number) => Hash | undefined): RecordProof | undefined {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(id) || id < 0 || id >= n) return undefined;
  const subtree = (lo: number, hi: number): Hash | undefined => {
    const size = hi - lo;
    let level = 0;
    while (2 ** level < size) level++;
    if (2 ** level === size && lo % size === 0) return stored(level, lo / size);
    const k = split(size);
    const l = subtree(lo, lo + k);
    const r = l && subtree(lo + k, hi);
    return l && r ? nodeHash(l, r) : undefined;
  };
  const proof: Hash[] = [];
  const ranges = pathRanges(n, id);
  for (let i = ranges.length - 1; i >= 0; i--) {
    const { lo, hi, left } = ranges[i];
    const k = split(hi - lo);
    const sibling = left ? subtree(lo + k, hi) : subtree(lo, lo + k);
    if (!sibling) return undefined;
    proof.push(sibling);
  }
  return proof;
}

/**
 * Stored hashes above the tile boundaries, computed once each from tile entries (`entry(level, index)` answers
 * levels that are multiples of `height`): a tile's inner nodes are shared by every record under it.
 */
export class StoredHashes {
  /** Inner nodes of level-0 tiles (~250 per tile, one tile per record in a big log): dropped by forgetLowest(). */
  private readonly lowest = new Map<string, Hash>();
  private readonly higher = new Map<string, Hash>();

  constructor(private readonly height: number, private readonly entry: (level: number, index: number) => Hash | undefined) {}

  get = (level: number, index: number): Hash | undefined => {
    if (level % this.height === 0) return this.entry(level, index);
    const memo = level < this.height ? this.lowest : this.higher;
    const key = `${level}/${index}`;
    let h = memo.get(key);
    if (h) return h;
    const l = this.get(level - 1, 2 * index);
    const r = l && this.get(level - 1, 2 * index + 1);
    if (!l || !r) return undefined;
    h = nodeHash(l, r);
    memo.set(key, h);
    return h;
  };

  /** Forgets the inner nodes of level-0 tiles: the caller is done with the records of those tiles. */
  forgetLowest(): void {
    this.lowest.clear();
  }
}

/** How many hashes an encoded proof holds, or -1 when its length cannot be one. */
function encodedCount(s: string): number {
  if (s === EMPTY_PROOF) return 0;
  if (s.length % 4 !== 0) return -1;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const bytes = (s.length / 4) * 3 - pad;
  return bytes % HASH_SIZE === 0 && bytes > 0 && bytes <= MAX_PROOF_HASHES * HASH_SIZE ? bytes / HASH_SIZE : -1;
}

/**
 * One tree (size and hash, already proven to be on our timeline) and the nodes proven in it so far, by
 * position. includes() hashes a record's path upwards until it meets a node already proven, or the root. Only
 * the path's own nodes are kept (proofs serve records scattered over the log: siblings are rarely met again).
 */
export class ProvenTree {
  /** Proven node hashes by position: lo * 64 + depth (a node's depth and first leaf name it in a fixed tree). */
  private readonly nodes = new Map<number, Hash>();
  /** First leaf of the subtree at each depth of the path being checked (path() fills it). */
  private readonly lo: number[] = [];
  private readonly madeKeys: number[] = [];
  private readonly madeHashes: Hash[] = [];
  private made = 0;

  constructor(readonly n: number, readonly hash: Hash) {}

  /** Whether proof p (hashes, or as encodeProof wrote it) shows a record with leaf hash `leaf` at id. */
  includes(p: RecordProof | string, id: number, leaf: Hash): boolean {
    if (!Number.isSafeInteger(id) || id < 0 || id >= this.n) return false;
    const depth = this.path(id);
    if ((typeof p === 'string' ? encodedCount(p) : p.length) !== depth) return false;
    const leafKnown = this.nodes.get(id * 64 + depth);
    if (leafKnown) return hashEqual(leafKnown, leaf);
    // One decoding call for the whole proof (Node's decoder skips stray characters: the length is checked).
    const data = typeof p === 'string' ? Buffer.from(p, 'base64') : undefined;
    if (data && data.length !== depth * HASH_SIZE) return false;
    this.made = 0;
    let h = leaf;
    let lo = id;
    for (let d = depth - 1; d >= 0; d--) {
      const j = depth - 1 - d;
      const sib = data ? data.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE) : (p as RecordProof)[j];
      if (sib.length !== HASH_SIZE) return false;
      const left = lo === this.lo[d];
      this.note(lo * 64 + d + 1, h);
      h = left ? nodeHash(h, sib) : nodeHash(sib, h);
      lo = this.lo[d];
      const known = this.nodes.get(lo * 64 + d);
      if (known) {
        if (!hashEqual(known, h)) return false;
        this.keep();
        return true;
      }
    }
    if (!hashEqual(h, this.hash)) return false;
    this.note(0, h);
    this.keep();
    return true;
  }

  /** Remembers a node of the path being climbed, kept only if the climb ends in a proven node. */
  private note(key: number, h: Hash): void {
    this.madeKeys[this.made] = key;
    this.madeHashes[this.made] = h;
    this.made++;
  }

  /** Fills lo with the subtrees from the root (depth 0) down to leaf id; returns the leaf's depth. */
  private path(id: number): number {
    let lo = 0;
    let hi = this.n;
    let d = 0;
    for (; hi - lo > 1; d++) {
      this.lo[d] = lo;
      const k = split(hi - lo);
      if (id < lo + k) hi = lo + k;
      else lo += k;
    }
    this.lo[d] = lo;
    return d;
  }

  private keep(): void {
    if (this.nodes.size + this.made > MAX_PROVEN_NODES) this.nodes.clear();
    for (let i = 0; i < this.made; i++) this.nodes.set(this.madeKeys[i], this.madeHashes[i]);
    this.made = 0;
  }
}
