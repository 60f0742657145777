// Checks a signed-note verifier key ("name+hash+key") the way golang.org/x/mod/sumdb/note.NewVerifier does,
// returning Go's exact error words. Pure: no I/O, never imports vscode.
import { NoteError, Verifier, parseVerifierKey as parseNoteVerifierKey } from '../sumdb/note';

export type VerifierKeyError = 'malformed verifier id' | 'invalid verifier hash' | 'unknown verifier algorithm';

export type VerifierKeyParse = { ok: true; key: Verifier } | { ok: false; error: VerifierKeyError };


/** sumdb/note's parser (one implementation, Go's error words), as a result instead of a throw. */
export function parseVerifierKey(vkey: string): VerifierKeyParse {
  try {
    return { ok: true, key: parseNoteVerifierKey(vkey) };
  } catch (err) {
    if (err instanceof NoteError) return { ok: false, error: err.message as VerifierKeyError };
    throw err;
  }
}
