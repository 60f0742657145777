// Owns: the two texts the checksum database serves around its log — the tree description a signed
// tree head carries ("go.sum database tree\nN\nhash\n") and the lookup record ("id\ntext\n\n...").
// Must never: do I/O, import vscode, or accept a record text Go would refuse to sign.

import { isUtf8 } from 'node:buffer';
import { decodeStdBase64, encodeStdBase64 } from './base64';
import { HASH_SIZE, TlogError } from './merkle';
import type { Tree } from './tile';

const TREE_PREFIX = 'go.sum database tree\n';
const MAX_TREE_TEXT = 1_000_000;
const NEWLINE = 0x0a;

export function formatTree(tree: Tree): string {
  return `${TREE_PREFIX}${tree.n}\n${encodeStdBase64(tree.hash)}\n`;
}

/** Parses a tree description. Lines after the third are ignored, for forward compatibility. */
export function parseTree(text: string): Tree {
  const malformed = (): TlogError => new TlogError('malformed tree note');
  if (!text.startsWith(TREE_PREFIX) || text.length > MAX_TREE_TEXT) throw malformed();
  const lines = text.split('\n', 4);
  if (lines.length < 4) throw malformed(); // fewer than three newlines
  const n = parseCanonicalCount(lines[1]);
  if (n === undefined) throw malformed();
  const hash = decodeStdBase64(lines[2]);
  if (hash === undefined || hash.length !== HASH_SIZE) throw malformed();
  return { n, hash };
}

/** A non-negative decimal with no sign, no leading zeros, that a JS number holds exactly. */
function parseCanonicalCount(s: string): number | undefined {
  if (!/^(?:0|[1-9][0-9]{0,15})$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Go's strconv.ParseInt(s, 10, 64) (a sign, then decimal digits, leading zeros too), for the values a JS number
 * holds exactly: past 2^53 we refuse what Go would read.
 */
function parseGoInt(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  if (!Number.isSafeInteger(n)) return undefined;
  return n === 0 ? 0 : n; // "-0" is 0
}

/**
 * Record text is valid UTF-8 without control characters other than newline,
 * ends in a newline, and holds no blank line.
 */
export function isValidRecordText(text: Uint8Array): boolean {
  if (text.length === 0 || text[text.length - 1] !== NEWLINE) return false;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const b = text[i];
    if ((b < 0x20 && b !== NEWLINE) || (b === NEWLINE && last === NEWLINE)) return false;
    last = b;
  }
  return isUtf8(text);
}

export function formatRecord(id: number, text: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(id) || !isValidRecordText(text)) throw new TlogError('malformed record data');
  const head = Buffer.from(`${id}\n`, 'latin1');
  const out = Buffer.allocUnsafe(head.length + text.length + 1);
  head.copy(out, 0);
  out.set(text, head.length);
  out[out.length - 1] = NEWLINE;
  return out;
}

/** Parses a record at the start of msg, stopping right after its terminating blank line. */
export function parseRecord(msg: Uint8Array): { id: number; text: Uint8Array; rest: Uint8Array } {
  const buf = Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
  const nl = buf.indexOf(NEWLINE);
  if (nl < 0) throw new TlogError('malformed record data');
  const id = parseGoInt(buf.toString('latin1', 0, nl));
  if (id === undefined) throw new TlogError('malformed record data');
  const body = buf.subarray(nl + 1);
  const end = body.indexOf('\n\n');
  if (end < 0) throw new TlogError('malformed record data');
  const text = body.subarray(0, end + 1);
  if (!isValidRecordText(text)) throw new TlogError('malformed record data');
  return { id, text: msg.subarray(nl + 1, nl + 2 + end), rest: msg.subarray(nl + end + 3) };
}
