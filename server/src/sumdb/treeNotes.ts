// Owns: opening the signed tree notes the database serves (Go's note.Open with the configured verifier, then
// the tree text), each failure in Go's words with the note echoed, and remembering notes already verified
// (nearly every response carries the same note: it is checked once, not once per lookup).
// Must never: do I/O, import vscode, or return a tree whose note did not verify.
import { InvalidSignatureError, NoteError, UnverifiedNoteError, openNote, type Verifiers } from './note';
import { hashEqual, parseTree, type Tree } from './tlog';
import { VerificationError } from './clientErrors';
import { trimOldest } from './trimOldest';

const MAX_NOTE_ECHO = 2048;
const MAX_KNOWN_NOTES = 512;

/** The bytes as a string key (one char per byte). */
export function bytesKey(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/** Text for an error message: printable, bounded. */
function echo(b: Uint8Array | string): string {
  const s = typeof b === 'string' ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  const clipped = s.length > MAX_NOTE_ECHO ? s.slice(0, MAX_NOTE_ECHO) + '...' : s;
  return clipped.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export class TreeNotes {
  private readonly verified = new Map<string, Tree>();
  /** The note verified last (a copy, not a view into a response), for open()'s fast path. */
  private last?: { bytes: Uint8Array; tree: Tree };

  constructor(private readonly verifiers: Verifiers) {}

  /** Verifies a signed tree note against the configured key and parses its tree. Go's wording. */
  open(msg: Uint8Array): Tree {
    // Nearly every response carries the note the one before it did: compared in place, no key string built.
    const last = this.last;
    if (last && hashEqual(last.bytes, msg)) return last.tree; // hashEqual compares any bytes
    const key = bytesKey(msg);
    const known = this.verified.get(key);
    if (known) {
      this.last = { bytes: new Uint8Array(msg), tree: known };
      return known;
    }
    let text: string;
    try {
      text = openNote(msg, this.verifiers).text;
    } catch (err) {
      const detail = `reading tree note: ${(err as Error).message}\nnote:\n${echo(msg)}`;
      if (err instanceof UnverifiedNoteError) throw new VerificationError('unverified-note', detail);
      if (err instanceof InvalidSignatureError) throw new VerificationError('bad-signature', detail);
      if (err instanceof NoteError) throw new VerificationError('malformed-note', detail);
      throw err;
    }
    let tree: Tree;
    try {
      tree = parseTree(text);
    } catch (err) {
      throw new VerificationError('malformed-tree', `reading tree: ${(err as Error).message}\ntree:\n${echo(text)}`);
    }
    this.verified.set(key, tree);
    trimOldest(this.verified, MAX_KNOWN_NOTES);
    this.last = { bytes: new Uint8Array(msg), tree };
    return tree;
  }
}
