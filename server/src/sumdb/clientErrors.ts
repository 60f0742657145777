// The ways a checksum-database lookup can fail, as classes callers can tell apart.
// Messages follow the go command's wording where it has one. No I/O, never imports vscode.
import type { Hash, Tree } from './tlog';

/** Base of every error the checksum-database client raises itself. */
export class SumdbError extends Error {
  /** The module path and version the failing lookup was for, when there was one. */
  module?: string;
  version?: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The server answered a non-200 status. Abstract: callers tell 404/410 from the rest by subclass. */
abstract class HttpStatusError extends SumdbError {
  constructor(
    message: string,
    readonly url: string,
    readonly status: number,
    readonly serverResponse: string,
    /** The database path asked ("/latest", "/lookup/M@V", "/tile/..."): the URL's base may hold anything. */
    readonly path: string,
  ) {
    super(message);
  }
}

/** The server answered 404 or 410, or a file:// database has no such file. */
export class NotFoundError extends HttpStatusError {
  /**
   * Only a lookup's 404/410 says the database does not know the version. A tile's says the database (or the
   * mirror serving it) cannot prove a record it sent; /latest's, that the URL serves no database.
   */
  get versionUnknown(): boolean {
    return this.path.startsWith('/lookup/');
  }

  /**
   * A file:// copy of the database without a latest file (often Go's own sumdb cache given a supported file):
   * the go command never reads one, since a lookup's answer carries the signed head. Over HTTP, a 404 for
   * /latest stays what it is: no database at that URL.
   */
  get missingLatestFile(): boolean {
    return this.path === '/latest' && this.url.startsWith('file:');
  }

  /** A tile that proves records is missing: the go command stops on it for the versions whose records it holds. */
  get missingTile(): boolean {
    return this.path.startsWith('/tile/');
  }
}

/** The server answered with another unexpected status (500, 403, ...). Never a NotFoundError. */
export class RemoteStatusError extends HttpStatusError {}

export type VerificationKind =
  | 'malformed-note'         // the signed tree note cannot be parsed
  | 'unverified-note'        // no signature by the configured key (wrong key, other database)
  | 'bad-signature'          // a signature by the configured key does not verify
  | 'malformed-tree'         // the note verifies but its text is not a tree head
  | 'malformed-record'       // the /lookup body is not "id\nlines\n\nnote"
  | 'malformed-tile'         // a tile of the wrong size or an unparsable tile path
  | 'inconsistent-tile'      // a tile does not hash up to the signed tree
  | 'record-beyond-tree'     // the record id is not below the tree size
  | 'record-not-in-tree'     // the record's hash is not the leaf the tree holds
  | 'wrong-record'           // the record is for another module version
  | 'other';

/** What the server sent does not check out: a bad signature, a tile or record that does not match the tree. */
export class VerificationError extends SumdbError {
  constructor(readonly kind: VerificationKind, message: string) {
    super(message);
  }

  /**
   * The body was no record or no signed note at all (an empty or cut answer, a proxy's page): something else
   * answered, which is no lie of the database's (a note that is not a tree is).
   */
  get foreignBody(): boolean {
    return this.kind === 'malformed-note' || this.kind === 'malformed-record';
  }
}

/** The first two lines of Go's misbehavior report (cmd/go's sumdb client), which SecurityError messages begin with. */
export const MISBEHAVIOR_HEADLINE = 'SECURITY ERROR\ngo.sum database server misbehavior detected!';

/** Two signed tree heads that cannot both be true: the database forked. Never retried. */
export class SecurityError extends SumdbError {
  constructor(
    message: string,
    /** Signed notes: `olderNote` holds the smaller (or equal) tree. */
    readonly olderNote: Uint8Array,
    readonly newerNote: Uint8Array,
    readonly olderTree: Tree,
    readonly newerTree: Tree,
    /** The hash the newer tree gives for the older tree's size (differs from olderTree.hash). */
    readonly computedHash: Hash,
    /** Consistency proof of `computedHash` inside the newer tree. */
    readonly proof: Hash[],
  ) {
    super(message);
  }
}

/** Offline (or remote disabled) and the local caches cannot prove the answer. Never "verified". */
export class UnverifiableError extends SumdbError {
  constructor(message: string, readonly missing: string) {
    super(message);
  }
}

/** A copy of `err` whose message names the lookup, like the go command's "path@version: ..." prefix. */
export function inLookup<E extends Error>(err: E, module: string, version: string): E {
  if (err instanceof SecurityError) {
    // Go prints the security report on its own; keep its first line intact.
    const copy = Object.assign(Object.create(Object.getPrototypeOf(err)), err) as SecurityError;
    copy.message = err.message;
    copy.stack = err.stack;
    copy.module = module;
    copy.version = version;
    return copy as unknown as E;
  }
  const copy = Object.assign(Object.create(Object.getPrototypeOf(err)), err) as E & { module?: string; version?: string };
  copy.message = `${module}@${version}: ${err.message}`;
  copy.stack = err.stack;
  if (err instanceof SumdbError) {
    copy.module = module;
    copy.version = version;
  }
  return copy;
}

/** `message` without the "path@version: " prefix inLookup adds (for texts that name the lookup their own way). */
export function withoutLookupPrefix(message: string): string {
  return message.replace(/^\S+@\S+: /, '');
}
