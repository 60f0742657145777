// Owns: the transparency log's Merkle tree as golang.org/x/mod/sumdb/tlog defines it (RFC 6962 hashing,
// the stored-hash numbering, tree hashes, record inclusion proofs and tree consistency proofs).
// Must never: do I/O itself (hashes come through a HashReader), import vscode, or use 32-bit bit
// operators on tree sizes and indexes (they exceed 2^31 in real logs; we use exact float arithmetic).

import crypto = require('node:crypto');

export type Hash = Uint8Array;
export const HASH_SIZE = 32;

export class TlogError extends Error {
  constructor(
    message: string,
    /** The tile at fault proves the tree hash: Go meets it checking the tree, before any record (client.ts). */
    readonly inTreeHashTile = false,
  ) {
    super(message);
    this.name = 'TlogError';
  }
}

/** Reads stored hashes by index. Asynchronous because the hashes may come from tiles on the network. */
export interface HashReader {
  /** Must return exactly one 32-byte hash per index, in order, or throw. */
  readHashes(indexes: number[]): Promise<Hash[]>;
}

export type RecordProof = Hash[];
export type TreeProof = Hash[];

/** SHA-256(0x00 || data): the leaf hash of a record. */
export function recordHash(data: Uint8Array): Hash {
  // One call into OpenSSL on one buffer: a Hash object per record costs more than the copy.
  const buf = Buffer.allocUnsafe(1 + data.length);
  buf[0] = 0x00;
  buf.set(data, 1);
  return crypto.hash('sha256', buf, 'buffer');
}

/** recordHash of a record given as text (UTF-8), without building the bytes first. */
export function recordHashOfText(text: string): Hash {
  return crypto.hash('sha256', '\u0000' + text, 'buffer');
}

/** SHA-256(0x01 || left || right): the hash of an interior node. */
export function nodeHash(left: Hash, right: Hash): Hash {
  const buf = Buffer.allocUnsafe(1 + 2 * HASH_SIZE);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 1 + HASH_SIZE);
  return crypto.hash('sha256', buf, 'buffer');
}

/** Whether the HASH_SIZE bytes of `data` from `offset` are `hash`: compared in place, with no view made. */
export function hashEqualAt(data: Uint8Array, offset: number, hash: Hash): boolean {
  if (hash.length !== HASH_SIZE || offset + HASH_SIZE > data.length) return false;
  for (let i = 0; i < HASH_SIZE; i++) if (data[offset + i] !== hash[i]) return false;
  return true;
}

export function hashEqual(a: Hash, b: Hash): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The hash of the empty tree (RFC 6962: SHA-256 of nothing). */
export const EMPTY_TREE_HASH: Hash = crypto.createHash('sha256').digest();

// Exact integer helpers for values beyond 32 bits.
export function pow2(k: number): number {
  return 2 ** k;
}
export function shr(n: number, k: number): number {
  return Math.floor(n / 2 ** k);
}
function trailingZeros(n: number): number {
  let z = 0;
  while (n > 0 && n % 2 === 0) {
    n /= 2;
    z++;
  }
  return z;
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** k, the largest power of two smaller than n, and l = log2(k). */
function maxpow2(n: number): [number, number] {
  let l = 0;
  while (2 ** (l + 1) < n) l++;
  return [2 ** l, l];
}

/**
 * Maps tree coordinates (level, n) to the dense storage order used for stored hashes:
 * level L's n'th hash is written right after level L+1's (2n+1)'th hash.
 */
export function storedHashIndex(level: number, n: number): number {
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  let i = 0;
  for (; n > 0; n = Math.floor(n / 2)) i += n;
  return i + level;
}

/** Inverse of storedHashIndex. */
export function splitStoredHashIndex(index: number): { level: number; n: number } {
  if (!isCount(index)) throw new TlogError(`tlog: invalid stored hash index ${index}`);
  // The record n whose hashes contain index lies in [index/2, index/2 + log2(index)].
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  for (;;) {
    // Each record n adds 1 + trailingZeros(n+1) hashes.
    const x = indexN + 1 + trailingZeros(n + 1);
    if (x > index) break;
    n++;
    indexN = x;
  }
  const level = index - indexN;
  return { level, n: shr(n, level) };
}

/** The number of stored hashes in a tree of n records. */
export function storedHashCount(n: number): number {
  if (n === 0) return 0;
  let count = storedHashIndex(0, n - 1) + 1;
  for (let i = n - 1; i % 2 === 1; i = (i - 1) / 2) count++;
  return count;
}

function checkCount(hashes: Hash[], want: number): void {
  if (hashes.length !== want) throw new TlogError(`tlog: ReadHashes(${want} indexes) = ${hashes.length} hashes`);
  for (const h of hashes) {
    if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) throw new TlogError('tlog: ReadHashes returned a malformed hash');
  }
}

/** The hashes to store when appending record n with the given data, starting at storedHashIndex(0, n). */
export async function storedHashes(n: number, data: Uint8Array, r: HashReader): Promise<Hash[]> {
  return storedHashesForRecordHash(n, recordHash(data), r);
}

export async function storedHashesForRecordHash(n: number, h: Hash, r: HashReader): Promise<Hash[]> {
  if (!isCount(n)) throw new TlogError('tlog: invalid inputs in StoredHashes');
  const hashes: Hash[] = [h];
  // Each trailing 1 bit of n completes a subtree, consuming the hash of its left sibling.
  const m = trailingZeros(n + 1);
  const indexes = new Array<number>(m);
  for (let i = 0; i < m; i++) indexes[m - 1 - i] = storedHashIndex(i, shr(n, i) - 1);
  const old = m === 0 ? [] : await r.readHashes(indexes);
  checkCount(old, m);
  for (let i = 0; i < m; i++) {
    h = nodeHash(old[m - 1 - i], h);
    hashes.push(h);
  }
  return hashes;
}

/** Storage indexes of the hashes that combine into the subtree of records [lo, hi). */
export function subTreeIndex(lo: number, hi: number, need: number[]): number[] {
  while (lo < hi) {
    const [k, level] = maxpow2(hi - lo + 1);
    if (lo % k !== 0) throw new TlogError('tlog: bad math in subTreeIndex');
    need.push(storedHashIndex(level, lo / k));
    lo += k;
  }
  return need;
}

/** Combines the hashes read for subTreeIndex(lo, hi); returns the subtree hash and the unused rest. */
function subTreeHash(lo: number, hi: number, hashes: Hash[], at: number): [Hash, number] {
  let numTree = 0;
  while (lo < hi) {
    const [k] = maxpow2(hi - lo + 1);
    if (lo % k !== 0) throw new TlogError('tlog: bad math in subTreeHash');
    numTree++;
    lo += k;
  }
  if (hashes.length - at < numTree) throw new TlogError('tlog: bad index math in subTreeHash');
  let h = hashes[at + numTree - 1];
  for (let i = numTree - 2; i >= 0; i--) h = nodeHash(hashes[at + i], h);
  return [h, at + numTree];
}

/** The root hash of the tree of n records. */
export async function treeHash(n: number, r: HashReader): Promise<Hash> {
  if (!isCount(n)) throw new TlogError('tlog: invalid inputs in TreeHash');
  if (n === 0) return EMPTY_TREE_HASH;
  const indexes = subTreeIndex(0, n, []);
  const hashes = await r.readHashes(indexes);
  checkCount(hashes, indexes.length);
  const [h, used] = subTreeHash(0, n, hashes, 0);
  if (used !== hashes.length) throw new TlogError('tlog: bad index math in TreeHash');
  return h;
}

function leafProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (lo + 1 === hi) return need;
  const [k] = maxpow2(hi - lo);
  if (n < lo + k) {
    leafProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    leafProofIndex(lo + k, hi, n, need);
  }
  return need;
}

function leafProof(lo: number, hi: number, n: number, hashes: Hash[], at: number): [RecordProof, number] {
  if (lo + 1 === hi) return [[], at]; // the verifier knows the leaf hash
  const [k] = maxpow2(hi - lo);
  let p: RecordProof;
  let th: Hash;
  if (n < lo + k) {
    [p, at] = leafProof(lo, lo + k, n, hashes, at);
    [th, at] = subTreeHash(lo + k, hi, hashes, at);
  } else {
    [th, at] = subTreeHash(lo, lo + k, hashes, at);
    [p, at] = leafProof(lo + k, hi, n, hashes, at);
  }
  p.push(th);
  return [p, at];
}

/** The proof that the tree of size t contains record n. */
export async function proveRecord(t: number, n: number, r: HashReader): Promise<RecordProof> {
  if (!isCount(t) || !isCount(n) || n >= t) throw new TlogError('tlog: invalid inputs in ProveRecord');
  const indexes = leafProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  const hashes = await r.readHashes(indexes);
  checkCount(hashes, indexes.length);
  const [p, used] = leafProof(0, t, n, hashes, 0);
  if (used !== hashes.length) throw new TlogError('tlog: bad index math in ProveRecord');
  return p;
}

const PROOF_FAILED = 'invalid transparency proof';

function isHashList(p: unknown): p is Hash[] {
  return Array.isArray(p) && p.every((h) => h instanceof Uint8Array && h.length === HASH_SIZE);
}

/** Runs proof p[0..end) for leaf n within [lo, hi), giving the implied subtree hash. */
function runRecordProof(p: RecordProof, end: number, lo: number, hi: number, n: number, leaf: Hash): Hash {
  if (lo + 1 === hi) {
    if (end !== 0) throw new TlogError(PROOF_FAILED); // no spare hashes allowed
    return leaf;
  }
  if (end === 0) throw new TlogError(PROOF_FAILED);
  const [k] = maxpow2(hi - lo);
  const sibling = p[end - 1];
  if (n < lo + k) return nodeHash(runRecordProof(p, end - 1, lo, lo + k, n, leaf), sibling);
  return nodeHash(sibling, runRecordProof(p, end - 1, lo + k, hi, n, leaf));
}

/** Checks that p proves the tree of size t with hash th has record n with hash h. Throws TlogError if not. */
export function checkRecord(p: RecordProof, t: number, th: Hash, n: number, h: Hash): void {
  if (!isCount(t) || !isCount(n) || n >= t) throw new TlogError('tlog: invalid inputs in CheckRecord');
  // A proof never needs more hashes than the tree is deep; longer ones are hostile.
  if (!isHashList(p) || p.length > 64) throw new TlogError(PROOF_FAILED);
  const th2 = runRecordProof(p, p.length, 0, t, n, h);
  if (!hashEqual(th2, th)) throw new TlogError(PROOF_FAILED);
}

function treeProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (n === hi) {
    if (lo === 0) return need;
    return subTreeIndex(lo, hi, need);
  }
  const [k] = maxpow2(hi - lo);
  if (n <= lo + k) {
    treeProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    treeProofIndex(lo + k, hi, n, need);
  }
  return need;
}

function treeProof(lo: number, hi: number, n: number, hashes: Hash[], at: number): [TreeProof, number] {
  if (n === hi) {
    if (lo === 0) return [[], at]; // exactly the old tree: the verifier knows its hash
    const [th, next] = subTreeHash(lo, hi, hashes, at);
    return [[th], next];
  }
  const [k] = maxpow2(hi - lo);
  let p: TreeProof;
  let th: Hash;
  if (n <= lo + k) {
    [p, at] = treeProof(lo, lo + k, n, hashes, at);
    [th, at] = subTreeHash(lo + k, hi, hashes, at);
  } else {
    [th, at] = subTreeHash(lo, lo + k, hashes, at);
    [p, at] = treeProof(lo + k, hi, n, hashes, at);
  }
  p.push(th);
  return [p, at];
}

/** The proof that the tree of size t contains the tree of size n as a prefix. */
export async function proveTree(t: number, n: number, r: HashReader): Promise<TreeProof> {
  if (!isCount(t) || !isCount(n) || t < 1 || n < 1 || n > t) throw new TlogError('tlog: invalid inputs in ProveTree');
  const indexes = treeProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  const hashes = await r.readHashes(indexes);
  checkCount(hashes, indexes.length);
  const [p, used] = treeProof(0, t, n, hashes, 0);
  if (used !== hashes.length) throw new TlogError('tlog: bad index math in ProveTree');
  return p;
}

/** Runs proof p[0..end) within [lo, hi), giving the implied [old subtree hash, new subtree hash]. */
function runTreeProof(p: TreeProof, end: number, lo: number, hi: number, n: number, old: Hash): [Hash, Hash] {
  if (n === hi) {
    if (lo === 0) {
      if (end !== 0) throw new TlogError(PROOF_FAILED);
      return [old, old];
    }
    if (end !== 1) throw new TlogError(PROOF_FAILED);
    return [p[0], p[0]];
  }
  if (end === 0) throw new TlogError(PROOF_FAILED);
  const [k] = maxpow2(hi - lo);
  const sibling = p[end - 1];
  if (n <= lo + k) {
    const [oh, th] = runTreeProof(p, end - 1, lo, lo + k, n, old);
    return [oh, nodeHash(th, sibling)];
  }
  const [oh, th] = runTreeProof(p, end - 1, lo + k, hi, n, old);
  return [nodeHash(sibling, oh), nodeHash(sibling, th)];
}

/** Checks that p proves the tree of size t with hash th contains the tree of size n with hash h. */
export function checkTree(p: TreeProof, t: number, th: Hash, n: number, h: Hash): void {
  if (!isCount(t) || !isCount(n) || t < 1 || n < 1 || n > t) throw new TlogError('tlog: invalid inputs in CheckTree');
  if (!isHashList(p) || p.length > 128) throw new TlogError(PROOF_FAILED);
  const [h2, th2] = runTreeProof(p, p.length, 0, t, n, h);
  if (!hashEqual(th2, th) || !hashEqual(h2, h)) throw new TlogError(PROOF_FAILED);
}
