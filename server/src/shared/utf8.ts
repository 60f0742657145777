// Owns: reading UTF-8 as Go's unicode/utf8 does: DecodeRune, which takes each byte that starts no valid
// sequence (or starts a short, overlong or surrogate one) as U+FFFD of width one; and Go strings as JS text
// that keeps such bytes (goText); unicode.IsSpace and strings.Fields.
// Pure: no I/O.
import { isUtf8 } from 'node:buffer';

/** unicode.IsSpace (what strings.Fields splits on): the White_Space property. JS's \s differs (it has U+FEFF, lacks U+0085). */
export function isGoSpace(c: number): boolean {
  if (c <= 0xff) return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000;
}

/** strings.TrimSpace: unicode.IsSpace is exactly the Unicode White_Space property (isGoSpace, char by char). */
export function goTrimSpace(s: string): string {
  return s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
}

/** strings.TrimLeftFunc(s, unicode.IsSpace). */
export function goTrimLeftSpace(s: string): string {
  return s.replace(/^\p{White_Space}+/u, '');
}

/** Go's strings.Fields: the runs of text between unicode.IsSpace characters (a byte that is no UTF-8 is none). */
export function goFields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (isGoSpace(ch.codePointAt(0)!)) {
      if (cur !== '') out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** utf8.RuneError. */
export const RUNE_ERROR = 0xfffd;

/**
 * Go's utf8.DecodeRune of the bytes of b before `end`, at i: the rune and its width; [RUNE_ERROR, 1] for an invalid
 * byte, [RUNE_ERROR, 0] at the end.
 */
export function decodeRune(b: Uint8Array, i: number, end = b.length): [number, number] {
  if (i >= end) return [RUNE_ERROR, 0];
  const b0 = b[i];
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < end && b[i + k] >= lo && b[i + k] <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? [((b0 & 0x1f) << 6) | (b[i + 1] & 0x3f), 2] : [RUNE_ERROR, 1];
  if (b0 >= 0xe0 && b0 <= 0xef) {
    if (!cont(1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf) || !cont(2)) return [RUNE_ERROR, 1];
    return [((b0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f), 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    if (!cont(1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf) || !cont(2) || !cont(3)) return [RUNE_ERROR, 1];
    return [((b0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f), 4];
  }
  return [RUNE_ERROR, 1];
}

/** Lone low surrogates U+DC80..U+DCFF stand for the bytes 0x80..0xFF that no valid UTF-8 sequence holds. */
const BYTE_SURROGATE_BASE = 0xdc00;
const BYTE_SURROGATES = /[\udc80-\udcff]/;

/**
 * Bytes as text that keeps every byte, as a Go string does: valid UTF-8 as its characters, and each byte that
 * decodeRune takes as an error as the lone surrogate U+DC00 + byte (valid UTF-8 never decodes to one).
 * goTextBytes gives the same bytes back; toString('utf8') would have put three bytes of U+FFFD in their place.
 */
export function goText(b: Uint8Array): string {
  if (isUtf8(b)) return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  let out = '';
  for (let i = 0; i < b.length;) {
    const [r, width] = decodeRune(b, i);
    out += r === RUNE_ERROR && width === 1 ? String.fromCharCode(BYTE_SURROGATE_BASE + b[i]) : String.fromCodePoint(r);
    i += width;
  }
  return out;
}

/** The bytes of text from goText (or any text: its UTF-8). */
export function goTextBytes(s: string): Buffer {
  if (!BYTE_SURROGATES.test(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    parts.push(ch.length === 1 && c >= 0xdc80 && c <= 0xdcff ? Buffer.from([c - BYTE_SURROGATE_BASE]) : Buffer.from(ch, 'utf8'));
  }
  return Buffer.concat(parts);
}
