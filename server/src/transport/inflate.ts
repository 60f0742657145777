// Owns: DEFLATE (RFC 1951) decoding as Go's compress/flate reads a stream, step for step: the same bit reads, the
// same lookup tables and the same checks, so that a broken stream fails where Go's fails and in its words
// ("flate: corrupt input before offset N", where N counts the stream's bytes Go had read; "unexpected EOF").
// Used for gzip bodies (gzipBody.ts); what a server sends compressed is short text, read once.
// Must never: read past the bytes given, or write past the output's cap.

/** Go's io.ErrUnexpectedEOF. */
const UNEXPECTED_EOF = 'unexpected EOF';
const CHUNK_BITS = 9;
const NUM_CHUNKS = 1 << CHUNK_BITS;
const COUNT_MASK = 15;
const VALUE_SHIFT = 4;
const MAX_CODE_LEN = 16;
const MAX_NUM_LIT = 286;
const MAX_NUM_DIST = 30;
const END_BLOCK = 256;
/** Go's window: a distance reaches back at most this far. */
const WINDOW = 1 << 15;
/** The order code-length codes come in (RFC 1951 3.2.7). */
const CODE_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Why decoding stopped early: Go's words, or the output's cap. */
export class InflateStop extends Error {
  constructor(readonly words: string, readonly tooLarge = false) {
    super(words);
  }
}

function corrupt(offset: number): InflateStop {
  return new InflateStop(`flate: corrupt input before offset ${offset}`);
}

function reverse16(x: number): number {
  x = ((x >>> 1) & 0x5555) | ((x & 0x5555) << 1);
  x = ((x >>> 2) & 0x3333) | ((x & 0x3333) << 2);
  x = ((x >>> 4) & 0x0f0f) | ((x & 0x0f0f) << 4);
  return ((x >>> 8) & 0x00ff) | ((x & 0x00ff) << 8);
}

/**
 * A Huffman code as Go's huffmanDecoder holds it: 9-bit chunks indexed by the next bits (bit-reversed codes), each
 * the symbol and its length, or a link to a table for longer codes. `min` is the fewest bits read before a lookup.
 */
class HuffmanTable {
  min = 0;
  chunks = new Uint32Array(NUM_CHUNKS);
  links: Uint32Array[] = [];
  linkMask = 0;

  /** Go's init: false for a code that is over-subscribed or incomplete (a lone 1-bit code aside, as zlib allows). */
  init(lengths: ArrayLike<number>): boolean {
    if (this.min !== 0) this.clear();
    const count = new Int32Array(MAX_CODE_LEN);
    let min = 0;
    let max = 0;
    for (let i = 0; i < lengths.length; i++) {
      const n = lengths[i];
      if (n === 0) continue;
      if (min === 0 || n < min) min = n;
      if (n > max) max = n;
      count[n]++;
    }
    if (max === 0) return true;
    const nextCode = new Int32Array(MAX_CODE_LEN);
    let code = 0;
    for (let i = min; i <= max; i++) {
      code <<= 1;
      nextCode[i] = code;
      code += count[i];
    }
    if (code !== 1 << max && !(code === 1 && max === 1)) return false;
    this.min = min;
    if (max > CHUNK_BITS) this.linkTables(max, nextCode[CHUNK_BITS + 1] >>> 1);
    for (let i = 0; i < lengths.length; i++) {
      const n = lengths[i];
      if (n !== 0) this.place(i, n, nextCode[n]++);
    }
    return true;
  }

  private clear(): void {
    this.min = 0;
    this.chunks.fill(0);
    this.links = [];
    this.linkMask = 0;
  }

  /** The second-level tables for codes longer than a chunk, from the first chunk such codes start with. */
  private linkTables(max: number, first: number): void {
    const numLinks = 1 << (max - CHUNK_BITS);
    this.linkMask = numLinks - 1;
    this.links = [];
    for (let j = first; j < NUM_CHUNKS; j++) {
      const reverse = reverse16(j) >>> (16 - CHUNK_BITS);
      const off = j - first;
      this.chunks[reverse] = (off << VALUE_SHIFT) | (CHUNK_BITS + 1);
      this.links[off] = new Uint32Array(numLinks);
    }
  }

  /** Symbol `symbol`'s code (`n` bits) in every entry its bits lead to. */
  private place(symbol: number, n: number, code: number): void {
    const chunk = ((symbol << VALUE_SHIFT) | n) >>> 0;
    let reverse = reverse16(code) >>> (16 - n);
    if (n <= CHUNK_BITS) {
      for (let off = reverse; off < NUM_CHUNKS; off += 1 << n) this.chunks[off] = chunk;
      return;
    }
    const table = this.links[this.chunks[reverse & (NUM_CHUNKS - 1)] >>> VALUE_SHIFT];
    reverse >>>= CHUNK_BITS;
    for (let off = reverse; off < table.length; off += 1 << (n - CHUNK_BITS)) table[off] = chunk;
  }
}

let fixedTable: HuffmanTable | undefined;

/** The fixed literal/length code of RFC 1951 3.2.6. */
function fixedLiterals(): HuffmanTable {
  if (fixedTable) return fixedTable;
  const lengths = new Int32Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  fixedTable = new HuffmanTable();
  fixedTable.init(lengths);
  return fixedTable;
}

/** Where decoded bytes go: one buffer for a whole body, at most `cap` bytes, members one after another. */
export class InflateOutput {
  private bytes: Uint8Array;
  length = 0;
  /** Where the current member began: a distance never reaches before it (Go resets its window per member). */
  memberStart = 0;

  constructor(private readonly cap: number) {
    this.bytes = new Uint8Array(Math.min(cap, 1024));
  }

  /** Bytes of this member a distance may reach back to. */
  history(): number {
    return Math.min(this.length - this.memberStart, WINDOW);
  }

  writeByte(v: number): void {
    if (this.length === this.bytes.length) this.grow(1);
    this.bytes[this.length++] = v;
  }

  /** `length` bytes copied from `distance` back (they may overlap what is being written). */
  copy(distance: number, length: number): void {
    if (this.length + length > this.bytes.length) this.grow(length);
    for (let i = 0; i < length; i++, this.length++) this.bytes[this.length] = this.bytes[this.length - distance];
  }

  writeBytes(from: Uint8Array): void {
    if (this.length + from.length > this.bytes.length) this.grow(from.length);
    this.bytes.set(from, this.length);
    this.length += from.length;
  }

  /** The bytes written from `start` on. */
  view(start = 0): Uint8Array {
    return this.bytes.subarray(start, this.length);
  }

  private grow(more: number): void {
    if (this.length + more > this.cap) throw new InflateStop(`body larger than ${this.cap} bytes`, true);
    const next = new Uint8Array(Math.min(this.cap, Math.max(this.bytes.length * 2, this.length + more)));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}

/** What Go's decompressor keeps for dynamic blocks: its h1 and h2, and the code lengths read (kept across blocks, as Go's are). */
class DynamicCodes {
  readonly literals = new HuffmanTable();
  readonly distances = new HuffmanTable();
  readonly lengths = new Int32Array(MAX_NUM_LIT + MAX_NUM_DIST);
  readonly codeLengths = new Int32Array(CODE_ORDER.length);
}

/** Base lengths and extra bits of length codes 257..285, as Go computes them. */
function lengthOf(v: number): { length: number; extra: number } {
  if (v < 265) return { length: v - (257 - 3), extra: 0 };
  if (v < 269) return { length: v * 2 - (265 * 2 - 11), extra: 1 };
  if (v < 273) return { length: v * 4 - (269 * 4 - 19), extra: 2 };
  if (v < 277) return { length: v * 8 - (273 * 8 - 35), extra: 3 };
  if (v < 281) return { length: v * 16 - (277 * 16 - 67), extra: 4 };
  if (v < 285) return { length: v * 32 - (281 * 32 - 131), extra: 5 };
  return { length: 258, extra: 0 };
}

/**
 * One DEFLATE stream from `input[start]` on, decoded into `out` as Go's decompressor decodes it; `pos` is then the
 * first byte after the stream. Throws InflateStop where Go's reader fails.
 */
export class Inflater {
  pos: number;
  /** Bits read but not used (Go's b and nb). */
  private b = 0;
  private nb = 0;
  private final = false;
  /** A dynamic block's codes, made at the first such block (a short body often has only a fixed one). */
  private dynamic: DynamicCodes | undefined;

  constructor(private readonly input: Uint8Array, private readonly start: number, private readonly out: InflateOutput) {
    this.pos = start;
  }

  /** Bytes of the stream read so far: Go's roffset, which its errors name. */
  private get offset(): number {
    return this.pos - this.start;
  }

  run(): void {
    do this.nextBlock(); while (!this.final);
  }

  private moreBits(): void {
    if (this.pos >= this.input.length) throw new InflateStop(UNEXPECTED_EOF);
    this.b = (this.b | (this.input[this.pos++] << this.nb)) >>> 0;
    this.nb += 8;
  }

  /** `n` bits, least significant first. */
  private takeBits(n: number): number {
    while (this.nb < n) this.moreBits();
    const v = this.b & ((1 << n) - 1);
    this.b >>>= n;
    this.nb -= n;
    return v;
  }

  private nextBlock(): void {
    const header = this.takeBits(3);
    this.final = (header & 1) === 1;
    const type = header >>> 1;
    if (type === 0) return this.storedBlock();
    if (type === 1) return this.huffmanBlock(fixedLiterals(), undefined);
    if (type === 2) {
      const codes = (this.dynamic ??= new DynamicCodes());
      this.readHuffman(codes);
      return this.huffmanBlock(codes.literals, codes.distances);
    }
    throw corrupt(this.offset);
  }

  /** Go's huffSym: reads `min` bits, then more while the chunk they index says the code is longer. */
  private symbol(h: HuffmanTable): number {
    let n = h.min;
    for (;;) {
      while (this.nb < n) this.moreBits();
      let chunk = h.chunks[this.b & (NUM_CHUNKS - 1)];
      n = chunk & COUNT_MASK;
      if (n > CHUNK_BITS) {
        chunk = h.links[chunk >>> VALUE_SHIFT][(this.b >>> CHUNK_BITS) & h.linkMask];
        n = chunk & COUNT_MASK;
      }
      if (n <= this.nb) {
        if (n === 0) throw corrupt(this.offset);
        this.b >>>= n;
        this.nb -= n;
        return chunk >>> VALUE_SHIFT;
      }
    }
  }

  /** A dynamic block's two codes, read as Go's readHuffman reads them (its h1 holds the code-length code first). */
  private readHuffman(codes: DynamicCodes): void {
    const { literals: h1, distances: h2, lengths, codeLengths } = codes;
    while (this.nb < 14) this.moreBits();
    const nlit = (this.b & 0x1f) + 257;
    if (nlit > MAX_NUM_LIT) throw corrupt(this.offset);
    const ndist = ((this.b >>> 5) & 0x1f) + 1;
    if (ndist > MAX_NUM_DIST) throw corrupt(this.offset);
    const nclen = ((this.b >>> 10) & 0xf) + 4;
    this.b >>>= 14;
    this.nb -= 14;
    codeLengths.fill(0);
    for (let i = 0; i < nclen; i++) codeLengths[CODE_ORDER[i]] = this.takeBits(3);
    if (!h1.init(codeLengths)) throw corrupt(this.offset);
    this.readCodeLengths(h1, lengths, nlit + ndist);
    if (!h1.init(lengths.subarray(0, nlit)) || !h2.init(lengths.subarray(nlit, nlit + ndist))) throw corrupt(this.offset);
    if (h1.min < lengths[END_BLOCK]) h1.min = lengths[END_BLOCK];
  }

  /** `n` code lengths in the code-length code `h`, with its three repeat codes. */
  private readCodeLengths(h: HuffmanTable, lengths: Int32Array, n: number): void {
    for (let i = 0; i < n;) {
      const x = this.symbol(h);
      if (x < 16) {
        lengths[i++] = x;
        continue;
      }
      if (x === 16 && i === 0) throw corrupt(this.offset);
      const value = x === 16 ? lengths[i - 1] : 0;
      const rep = x === 16 ? 3 + this.takeBits(2) : x === 17 ? 3 + this.takeBits(3) : 11 + this.takeBits(7);
      if (i + rep > n) throw corrupt(this.offset);
      for (let j = 0; j < rep; j++) lengths[i++] = value;
    }
  }

  /** Literals and copies until the end-of-block code; `distances` undefined for the fixed code's 5-bit distances. */
  private huffmanBlock(literals: HuffmanTable, distances: HuffmanTable | undefined): void {
    for (;;) {
      const v = this.symbol(literals);
      if (v < 256) {
        this.out.writeByte(v);
        continue;
      }
      if (v === END_BLOCK) return;
      if (v >= MAX_NUM_LIT) throw corrupt(this.offset);
      const { length, extra } = lengthOf(v);
      const copyLength = length + (extra > 0 ? this.takeBits(extra) : 0);
      const distance = this.distance(distances);
      if (distance > this.out.history()) throw corrupt(this.offset);
      this.out.copy(distance, copyLength);
    }
  }

  private distance(distances: HuffmanTable | undefined): number {
    const code = distances ? this.symbol(distances) : reverse16(this.takeBits(5) << 3) >>> 8;
    if (code < 4) return code + 1;
    if (code >= MAX_NUM_DIST) throw corrupt(this.offset);
    const nb = (code - 2) >>> 1;
    const extra = ((code & 1) << nb) | this.takeBits(nb);
    return (1 << (nb + 1)) + 1 + extra;
  }

  /** A stored block: what is left of the current byte dropped (Go drops every bit it holds), LEN and NLEN, the bytes. */
  private storedBlock(): void {
    this.b = 0;
    this.nb = 0;
    const have = Math.min(4, this.input.length - this.pos);
    const at = this.pos;
    this.pos += have;
    if (have < 4) throw new InflateStop(UNEXPECTED_EOF);
    const n = this.input[at] | (this.input[at + 1] << 8);
    const nn = this.input[at + 2] | (this.input[at + 3] << 8);
    if (nn !== (~n & 0xffff)) throw corrupt(this.offset);
    const copied = Math.min(n, this.input.length - this.pos);
    this.out.writeBytes(this.input.subarray(this.pos, this.pos + copied));
    this.pos += copied;
    if (copied < n) throw new InflateStop(UNEXPECTED_EOF);
  }
}
