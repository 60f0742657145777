// Owns: what the database said about each module version during earlier audits, keyed by module@version and
// the tree size it was proven in, so a re-audit after an edit only looks up what changed and a reopen is
// instant. A verified record stays valid for every later tree on the same timeline (the audit proves each new
// /latest consistent first); a 404 holds only for the tree size it was seen at (the database grows).
// Must never: do I/O, import vscode, or hold an answer that was not verified by the sumdb client.

import { recordKey } from '../sumdb/recordIndex';
import type { LineVerdict } from './verdict';

/**
 * Verdicts already judged against an answer, kept on the answer itself (one per module version of a possibly huge
 * go.sum, so no side table): a re-audit of unchanged lines hands back the very same (immutable) objects instead
 * of judging and wording every line again. `judgedZip`/`judgedMod` hold the usual pair; `judgedMore` other
 * hashes for the same module version (a go.sum with conflicting lines), by 'z' or 'm' + hash.
 */
interface Judged {
  judgedZip?: LineVerdict;
  judgedMod?: LineVerdict;
  judgedMore?: Map<string, LineVerdict>;
}

export type CachedAnswer =
  | ({ kind: 'record'; text: string; id: number; treeSize: number; record?: { id: number; treeSize: number } } & Judged)
  | ({ kind: 'not-found'; status: number; message: string; treeSize: number } & Judged);

/** A record answer: `text` is the record as signed, its lines each followed by "\n". */
export function recordAnswer(text: string, id: number, treeSize: number): CachedAnswer {
  return { kind: 'record', text, id, treeSize, record: undefined, judgedZip: undefined, judgedMod: undefined, judgedMore: undefined };
}

/** The database's 404/410 for a module version, holding only at the tree size it was seen at. */
export function notFoundAnswer(status: number, message: string, treeSize: number): CachedAnswer {
  return { kind: 'not-found', status, message, treeSize, judgedZip: undefined, judgedMod: undefined, judgedMore: undefined };
}

const DEFAULT_MAX_ENTRIES = 500_000;

export class VerdictCache {
  private readonly answers = new Map<string, CachedAnswer>();
  private forgets = 0;

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  private static key(module: string, version: string): string {
    return recordKey(module, version);
  }

  /** The answer still valid at tree size `headSize`, if any. */
  get(module: string, version: string, headSize: number): CachedAnswer | undefined {
    return this.getKey(VerdictCache.key(module, version), headSize);
  }

  /** The answer held for "module@version", whatever tree size it was seen at. */
  peek(key: string): CachedAnswer | undefined {
    return this.answers.get(key);
  }

  /** get() by "module@version". */
  getKey(key: string, headSize: number): CachedAnswer | undefined {
    const a = this.answers.get(key);
    if (!a) return undefined;
    if (a.kind === 'record') return a.treeSize <= headSize ? a : undefined;
    return a.treeSize === headSize ? a : undefined;
  }

  set(module: string, version: string, answer: CachedAnswer): void {
    this.setKey(VerdictCache.key(module, version), answer);
  }

  /** set() by "module@version" (the audit has that key already: no second string per module version). */
  setKey(key: string, answer: CachedAnswer): void {
    this.answers.delete(key);
    this.answers.set(key, answer);
    if (this.answers.size > this.maxEntries) {
      const oldest = this.answers.keys().next();
      if (!oldest.done) {
        this.answers.delete(oldest.value);
        this.forgets++;
      }
    }
  }

  /** Forgets one module version, so the next audit asks the database again (the user's "Re-check go.sum"). */
  delete(module: string, version: string): void {
    if (this.answers.delete(VerdictCache.key(module, version))) this.forgets++;
  }

  /** Forgets everything (after the database was caught lying, nothing it said before is worth keeping). */
  clear(): void {
    this.answers.clear();
    this.forgets++;
  }

  /**
   * Counts the answers forgotten so far (deleted, cleared, pushed out): verdicts judged before a forget may rest
   * on an answer no longer held, so they are not reused as they are.
   */
  get forgotten(): number {
    return this.forgets;
  }

  get size(): number {
    return this.answers.size;
  }
}
