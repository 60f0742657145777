// Checks a signed-note verifier key ("name+hash+key") the way golang.org/x/mod/sumdb/note.NewVerifier does,
// returning Go's exact error words; also Go's strings.Fields. Pure: no I/O, never imports vscode.
import { NoteError, Verifier, parseVerifierKey as parseNoteVerifierKey } from '../sumdb/note';

export type VerifierKeyError = 'malformed verifier id' | 'invalid verifier hash' | 'unknown verifier algorithm';

export type VerifierKeyParse = { ok: true; key: Verifier } | { ok: false; error: VerifierKeyError };

/** Go's unicode.IsSpace. JavaScript's \s differs (it has U+FEFF, lacks U+0085). */
function isGoSpace(cp: number): boolean {
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

/** sumdb/note's parser (one implementation, Go's error words), as a result instead of a throw. */
export function parseVerifierKey(vkey: string): VerifierKeyParse {
  try {
    return { ok: true, key: parseNoteVerifierKey(vkey) };
  } catch (err) {
    if (err instanceof NoteError) return { ok: false, error: err.message as VerifierKeyError };
    throw err;
  }
}
