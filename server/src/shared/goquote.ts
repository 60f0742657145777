// Go's string quoting (strconv.Quote, QuoteRune, Unquote) so our messages print values exactly as Go's %q does.
// Pure: no I/O, never imports vscode.

import { decodeRune, RUNE_ERROR } from './utf8';

const SIMPLE_ESCAPES: Record<number, string> = {
  7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 92: '\\\\',
};

/** unicode.IsPrint (strconv.IsPrint): letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrintRune(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp <= 0x7e;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(cp));
}

function escapeCodePoint(cp: number, quote: number): string {
  if (cp === quote) return '\\' + String.fromCharCode(quote);
  const simple = SIMPLE_ESCAPES[cp];
  if (simple) return simple;
  if (cp >= 0xdc80 && cp <= 0xdcff) return '\\x' + (cp - 0xdc00).toString(16); // a byte that is no UTF-8, as goText keeps it
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd'; // lone surrogate: Go sees invalid UTF-8
  if (isPrintRune(cp)) return String.fromCodePoint(cp);
  if (cp < 0x80) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** strconv.Quote: "..." with Go escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeCodePoint(ch.codePointAt(0)!, 34);
  return out + '"';
}

/**
 * strconv.Quote of bytes, which a Go string is (UTF-8 or not): each rune as goQuote prints it, each byte that
 * starts no valid UTF-8 sequence as \xNN.
 */
export function goQuoteBytes(bytes: Uint8Array): string {
  let out = '"';
  for (let i = 0; i < bytes.length;) {
    const size = utf8RuneLength(bytes, i);
    if (size === 0) {
      out += '\\x' + bytes[i].toString(16).padStart(2, '0');
      i++;
      continue;
    }
    out += escapeCodePoint(decodeRune(bytes, i)[0], 34);
    i += size;
  }
  return out + '"';
}

/** The length of the valid UTF-8 sequence at `i` (utf8.DecodeRune's rules), or 0 when there is none. */
function utf8RuneLength(b: Uint8Array, i: number): number {
  const [r, size] = decodeRune(b, i);
  return r === RUNE_ERROR && size === 1 ? 0 : size;
}

/** strconv.QuoteRune: '.' with Go escapes. */
export function goQuoteRune(ch: string): string {
  return "'" + escapeCodePoint(ch.codePointAt(0)!, 39) + "'";
}

function hexVal(c: string): number {
  const n = parseInt(c, 16);
  return /^[0-9a-fA-F]$/.test(c) ? n : -1;
}

/**
 * strconv.Unquote for double-quoted and raw strings. Returns undefined where Go reports
 * "invalid syntax". Octal and \x escapes produce bytes; we map them to code points, which is
 * exact for ASCII (the only bytes a valid module path or version can hold).
 */
export function goUnquote(s: string): string | undefined {
  const n = s.length;
  if (n < 2) return undefined;
  const q = s[0];
  if (q !== s[n - 1]) return undefined;
  const body = s.slice(1, n - 1);
  if (q === '`') {
    if (body.includes('`')) return undefined;
    return body.replace(/\r/g, '');
  }
  if (q !== '"') return undefined;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === '\n') return undefined;
    if (c !== '\\') { out += c; continue; }
    i++;
    if (i >= body.length) return undefined;
    const e = body[i];
    switch (e) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case 'x': case 'u': case 'U': {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        let v = 0;
        for (let k = 1; k <= len; k++) {
          const h = hexVal(body[i + k] ?? '');
          if (h < 0) return undefined;
          v = v * 16 + h;
        }
        if (e !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) return undefined;
        out += String.fromCodePoint(v);
        i += len;
        break;
      }
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        let v = 0;
        for (let k = 0; k < 3; k++) {
          const d = body.charCodeAt(i + k) - 48;
          if (!(d >= 0 && d <= 7)) return undefined;
          v = v * 8 + d;
        }
        if (v > 255) return undefined;
        out += String.fromCharCode(v);
        i += 2;
        break;
      }
      default:
        return undefined;
    }
  }
  return out;
}
