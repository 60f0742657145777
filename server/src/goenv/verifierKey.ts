// Checks a signed-note verifier key ("name+hash+key") the way golang.org/x/mod/sumdb/note.NewVerifier does,
// returning Go's exact error words. Pure: hashing only, no I/O, never imports vscode.
import { createHash } from 'node:crypto';

export interface VerifierKey {
  name: string;
  /** The 8 hex digits as written. */
  hash: string;
  /** Algorithm byte followed by the 32-byte Ed25519 public key. */
  key: Uint8Array;
}

export type VerifierKeyError = 'malformed verifier id' | 'invalid verifier hash' | 'unknown verifier algorithm';

export type VerifierKeyParse = { ok: true; key: VerifierKey } | { ok: false; error: VerifierKeyError };

/** Go's unicode.IsSpace. JavaScript's \s differs (it has U+FEFF, lacks U+0085). */
export function isGoSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0xa0;
  return cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 ||
    cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

/** Go's strings.Fields. */
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

function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

function isValidName(name: string): boolean {
  if (name === '' || hasLoneSurrogate(name) || name.includes('+')) return false;
  for (const ch of name) if (isGoSpace(ch.codePointAt(0)!)) return false;
  return true;
}

// base64.StdEncoding.DecodeString: padded, standard alphabet; CR and LF are skipped.
function decodeStdBase64(s: string): Uint8Array | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return undefined;
  return new Uint8Array(Buffer.from(t, 'base64'));
}

function chop(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

export function parseVerifierKey(vkey: string): VerifierKeyParse {
  const [name, rest] = chop(vkey, '+');
  const [hash16, key64] = chop(rest, '+');
  const key = decodeStdBase64(key64);
  if (!/^[0-9a-fA-F]{8}$/.test(hash16) || key === undefined || !isValidName(name) || key.length === 0) {
    return { ok: false, error: 'malformed verifier id' };
  }
  const digest = createHash('sha256').update(Buffer.from(name, 'utf8')).update('\n').update(key).digest();
  if (digest.readUInt32BE(0) !== parseInt(hash16, 16)) return { ok: false, error: 'invalid verifier hash' };
  if (key[0] !== 1) return { ok: false, error: 'unknown verifier algorithm' };
  if (key.length - 1 !== 32) return { ok: false, error: 'malformed verifier id' };
  return { ok: true, key: { name, hash: hash16, key } };
}
