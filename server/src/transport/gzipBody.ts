// Owns: a body the server sent with Content-Encoding: gzip, read as Go's transport reads it once it has asked for
// gzip (it always does: Accept-Encoding: gzip on every GET): compress/gzip's reader over the whole body, member
// after member (RFC 1952), each checked against its CRC-32 and length, failing where Go's fails and in its words.
// Must never: do I/O, or hand back more than the cap.
import { crc32 } from './crc32';
import { InflateOutput, Inflater, InflateStop } from './inflate';

/** Go's io.ErrUnexpectedEOF, gzip.ErrHeader and gzip.ErrChecksum. */
const UNEXPECTED_EOF = 'unexpected EOF';
const BAD_HEADER = 'gzip: invalid header';
const BAD_CHECKSUM = 'gzip: invalid checksum';
const FLAG_HEADER_CRC = 1 << 1;
const FLAG_EXTRA = 1 << 2;
const FLAG_NAME = 1 << 3;
const FLAG_COMMENT = 1 << 4;
/** Go reads a header's name and comment into a 512-byte buffer, their NUL included. */
const MAX_HEADER_STRING = 512;

/** What reading a gzip body came to: the bytes it gave (all of them, or those before it failed) and Go's error. */
export interface GunzipOutcome {
  body: Buffer;
  /** Go's words for why reading stopped; undefined when the body was whole. */
  error?: string;
  /** The decoded body would be larger than the cap (our limit; Go has none). */
  tooLarge?: boolean;
}

/** Whether Go decodes a body with this Content-Encoding (its first value): "gzip" in any ASCII case. */
export function isGzipEncoding(value: string | undefined): boolean {
  return value !== undefined && /^gzip$/i.test(value);
}

/** `data` as Go's gzip reader hands it over: zero or more members, at most `cap` bytes in all. */
export function gunzipAsGo(data: Uint8Array, cap: number): GunzipOutcome {
  const out = new InflateOutput(cap);
  let pos = 0;
  try {
    // Go takes "zero or more" members: the body may end where a header would begin.
    while (pos < data.length) pos = readMember(data, pos, out);
    return { body: Buffer.from(out.view()) };
  } catch (e) {
    if (!(e instanceof InflateStop)) throw e;
    return { body: Buffer.from(out.view()), error: e.words, ...(e.tooLarge ? { tooLarge: true } : {}) };
  }
}

/** One member from `pos`: header, DEFLATE data, trailer. Returns where the next begins. */
function readMember(data: Uint8Array, pos: number, out: InflateOutput): number {
  const start = headerEnd(data, pos);
  out.memberStart = out.length;
  const inflater = new Inflater(data, start, out);
  inflater.run();
  const at = inflater.pos;
  if (data.length - at < 8) throw new InflateStop(UNEXPECTED_EOF);
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const member = out.view(out.memberStart);
  if (view.readUInt32LE(at) !== crc32(member) || view.readUInt32LE(at + 4) !== member.length % 2 ** 32) throw new InflateStop(BAD_CHECKSUM);
  return at + 8;
}

/** Where a member's DEFLATE data begins, after the header Go's readHeader reads (its optional fields included). */
function headerEnd(data: Uint8Array, pos: number): number {
  if (data.length - pos < 10) throw new InflateStop(UNEXPECTED_EOF);
  if (data[pos] !== 0x1f || data[pos + 1] !== 0x8b || data[pos + 2] !== 8) throw new InflateStop(BAD_HEADER);
  const flags = data[pos + 3];
  let at = pos + 10;
  if (flags & FLAG_EXTRA) {
    if (data.length - at < 2) throw new InflateStop(UNEXPECTED_EOF);
    at += 2 + (data[at] | (data[at + 1] << 8));
    if (at > data.length) throw new InflateStop(UNEXPECTED_EOF);
  }
  if (flags & FLAG_NAME) at = stringEnd(data, at);
  if (flags & FLAG_COMMENT) at = stringEnd(data, at);
  if (flags & FLAG_HEADER_CRC) {
    if (data.length - at < 2) throw new InflateStop(UNEXPECTED_EOF);
    if ((data[at] | (data[at + 1] << 8)) !== (crc32(data.subarray(pos, at)) & 0xffff)) throw new InflateStop(BAD_HEADER);
    at += 2;
  }
  return at;
}

/** After a NUL-terminated header string: Go fails on one of 512 bytes or more, or one the body cuts. */
function stringEnd(data: Uint8Array, at: number): number {
  const nul = data.subarray(at, at + MAX_HEADER_STRING).indexOf(0);
  if (nul >= 0) return at + nul + 1;
  throw new InflateStop(data.length - at < MAX_HEADER_STRING ? UNEXPECTED_EOF : BAD_HEADER);
}
