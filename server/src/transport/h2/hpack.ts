// Owns: HPACK (RFC 7541) for one HTTP/2 connection: decoding the server's header blocks against the static and
// dynamic tables, and encoding our requests' few headers. Requests are sent as literals that are never indexed
// and never Huffman-coded: they are a few short fields, and the server's table then holds nothing of ours.
// Must never: hand on a header list past its cap (a small block can name a large table entry many times), stop
// decoding a block before its end (the table it shares with the server would drift), or read past that end.
import { HuffmanError, huffmanDecode } from './hpackHuffman';

/** RFC 7541 Appendix A: index 1 to 61. */
const STATIC_TABLE: readonly (readonly [string, string])[] = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'], [':path', '/index.html'],
  [':scheme', 'http'], [':scheme', 'https'], [':status', '200'], [':status', '204'], [':status', '206'],
  [':status', '304'], [':status', '400'], [':status', '404'], [':status', '500'], ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'], ['accept-language', ''], ['accept-ranges', ''], ['accept', ''],
  ['access-control-allow-origin', ''], ['age', ''], ['allow', ''], ['authorization', ''], ['cache-control', ''],
  ['content-disposition', ''], ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''], ['date', ''], ['etag', ''],
  ['expect', ''], ['expires', ''], ['from', ''], ['host', ''], ['if-match', ''], ['if-modified-since', ''],
  ['if-none-match', ''], ['if-range', ''], ['if-unmodified-since', ''], ['last-modified', ''], ['link', ''],
  ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''], ['proxy-authorization', ''], ['range', ''],
  ['referer', ''], ['refresh', ''], ['retry-after', ''], ['server', ''], ['set-cookie', ''],
  ['strict-transport-security', ''], ['transfer-encoding', ''], ['user-agent', ''], ['vary', ''], ['via', ''],
  ['www-authenticate', ''],
];

/** The dynamic table's size we allow (SETTINGS_HEADER_TABLE_SIZE, left at its default). */
export const HEADER_TABLE_SIZE = 4096;

/** An entry's size counts 32 bytes besides its name and value (RFC 7541 section 4.1). */
const ENTRY_OVERHEAD = 32;

/** A header block the decoder cannot read: a connection error (COMPRESSION_ERROR) in HTTP/2's terms. */
export class HpackError extends Error {}

/** Name and value, in turn, as many times as the block has fields. */
export type HeaderList = string[];

/**
 * A decoded block. `truncated`: the list went past the cap, and `fields` holds only those before it (the rest was
 * decoded for the table's sake and dropped), as Go's framer marks a MetaHeadersFrame Truncated.
 */
export interface DecodedBlock {
  fields: HeaderList;
  truncated: boolean;
}

export class HpackDecoder {
  /** Newest first. */
  private readonly dynamic: (readonly [string, string])[] = [];
  private dynamicSize = 0;
  private maxSize = HEADER_TABLE_SIZE;

  /** `listCap`: the most bytes (names, values and 32 per field) one block may decode to. */
  constructor(private readonly listCap: number) {}

  decode(block: Uint8Array): DecodedBlock {
    const reader = new BlockReader(block);
    const fields: HeaderList = [];
    let listSize = 0;
    let truncated = false;
    let fieldSeen = false;
    while (!reader.done) {
      const first = reader.peek();
      if ((first & 0xe0) === 0x20) {
        if (fieldSeen) throw new HpackError('dynamic table size update after a header field');
        this.resize(reader.integer(5));
        continue;
      }
      fieldSeen = true;
      const [name, value] = this.field(reader, first);
      if (truncated) continue;
      listSize += name.length + value.length + ENTRY_OVERHEAD;
      if (listSize > this.listCap) truncated = true;
      else fields.push(name, value);
    }
    return { fields, truncated };
  }

  private field(reader: BlockReader, first: number): readonly [string, string] {
    if (first & 0x80) return this.entry(reader.integer(7));
    const indexing = (first & 0xc0) === 0x40;
    const index = reader.integer(indexing ? 6 : 4);
    const name = index === 0 ? reader.string() : this.entry(index)[0];
    const field = [name, reader.string()] as const;
    if (indexing) this.insert(field);
    return field;
  }

  private entry(index: number): readonly [string, string] {
    if (index >= 1 && index <= STATIC_TABLE.length) return STATIC_TABLE[index - 1];
    const entry = this.dynamic[index - STATIC_TABLE.length - 1];
    if (!entry) throw new HpackError(`invalid header index ${index}`);
    return entry;
  }

  private insert(field: readonly [string, string]): void {
    const size = field[0].length + field[1].length + ENTRY_OVERHEAD;
    this.dynamic.unshift(field);
    this.dynamicSize += size;
    this.evict();
  }

  private resize(size: number): void {
    if (size > HEADER_TABLE_SIZE) throw new HpackError(`dynamic table size update to ${size}, over ${HEADER_TABLE_SIZE}`);
    this.maxSize = size;
    this.evict();
  }

  /** Oldest entries leave until the table fits (an entry larger than the table empties it). */
  private evict(): void {
    while (this.dynamicSize > this.maxSize) {
      const [name, value] = this.dynamic.pop()!;
      this.dynamicSize -= name.length + value.length + ENTRY_OVERHEAD;
    }
  }
}

/** A cursor over one header block. */
class BlockReader {
  private at = 0;

  constructor(private readonly block: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.block.length;
  }

  peek(): number {
    return this.block[this.at];
  }

  /** An integer with an N-bit prefix (RFC 7541 section 5.1), at most 2^28 (more is no size or index we accept). */
  integer(prefixBits: number): number {
    const max = (1 << prefixBits) - 1;
    let value = this.byte() & max;
    if (value < max) return value;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if (value > 2 ** 28) throw new HpackError('integer too large');
      if (!(b & 0x80)) return value;
    }
  }

  /** A string literal (RFC 7541 section 5.2): its bytes as latin1 text. */
  string(): string {
    const huffman = (this.peek() & 0x80) !== 0;
    const length = this.integer(7);
    if (length > this.block.length - this.at) throw new HpackError('string past the end of the header block');
    const bytes = this.block.subarray(this.at, this.at + length);
    this.at += length;
    if (!huffman) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    try {
      return huffmanDecode(bytes);
    } catch (err) {
      if (err instanceof HuffmanError) throw new HpackError(err.message);
      throw err;
    }
  }

  private byte(): number {
    if (this.done) throw new HpackError('header block ends inside a field');
    return this.block[this.at++];
  }
}

/**
 * A connection's GET header blocks: :method and :scheme from the static table, :authority and :path by their
 * static names, then each header as a new name; literals without indexing, never Huffman-coded. All but :path is
 * the same for every request, so it is encoded once.
 */
export class RequestEncoder {
  /** :method, :scheme and :authority. */
  private readonly pseudo: Buffer;
  /** The regular headers, which must follow every pseudo-header (:path is the last). */
  private readonly regular: Buffer;

  constructor(authority: string, private readonly headers: Readonly<Record<string, string>>) {
    this.pseudo = Buffer.concat([Buffer.from([0x82, 0x87, 1]), stringLiteral(authority)]);
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (!CONNECTION_SPECIFIC.has(lower)) parts.push(Buffer.from([0]), stringLiteral(lower), stringLiteral(value));
    }
    this.regular = Buffer.concat(parts);
  }

  /** Whether this encoder was made for this headers object (a transport hands the same one to every request). */
  madeFor(headers: Readonly<Record<string, string>>): boolean {
    return headers === this.headers;
  }

  /** The block for `path` (ASCII, as a URL's path is), after `reserve` bytes left for the caller (a frame header). */
  encode(path: string, reserve: number): Buffer {
    const out = Buffer.allocUnsafe(reserve + this.pseudo.length + 6 + path.length + this.regular.length);
    let at = reserve + this.pseudo.copy(out, reserve);
    out[at++] = 4;
    at = writeInteger(out, at, path.length, 7);
    at += out.write(path, at, 'latin1');
    at += this.regular.copy(out, at);
    return out.subarray(0, at);
  }
}

/** Fields HTTP/2 forbids (RFC 9113 section 8.2.2); host is said by :authority. */
const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

function stringLiteral(text: string): Buffer {
  const out = Buffer.allocUnsafe(5 + text.length);
  const at = writeInteger(out, 0, text.length, 7);
  return out.subarray(0, at + out.write(text, at, 'latin1'));
}

/** Writes an integer with an N-bit prefix (the prefix's other bits zero) at `at`; returns where it ends. */
function writeInteger(out: Buffer, at: number, value: number, prefixBits: number): number {
  const max = (1 << prefixBits) - 1;
  if (value < max) {
    out[at++] = value;
    return at;
  }
  out[at++] = max;
  let rest = value - max;
  while (rest >= 0x80) {
    out[at++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  out[at++] = rest;
  return at;
}
