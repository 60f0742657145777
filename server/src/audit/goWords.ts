// Owns: the go command's literal texts the audit quotes (cmd/go/internal/modfetch/fetch.go, go1.23): the
// checksum-mismatch reports (the SECURITY ERROR paragraphs come from diagnosis/goMessages) and the line for a
// go.sum line whose database read failed. Go's text is quoted,
// never translated; only our sentence introducing it goes through i18n.
// Must never: do I/O or import vscode.

import { SECURITY_GOSUM, verifyingLookup } from '../diagnosis/goMessages';
import type { GoSumLine } from '../parse/gosum';
import { withoutLookupPrefix } from '../sumdb/clientErrors';
import { t } from '../i18n';

/**
 * The line the go command prints for this go.sum line when the database read behind it fails as the sumdb
 * client's `message` says ("M@V: reading URL: ...").
 */
export function lookupFailureText(l: Pick<GoSumLine, 'module' | 'version' | 'isGoMod'>, message: string): string {
  return verifyingLookup(l.module, l.version, l.isGoMod, withoutLookupPrefix(message));
}

/** "M@V" or "M@V/go.mod", as Go names what it verifies. */
export function verifyingWhat(module: string, version: string, goMod: boolean): string {
  return `${module}@${version}${goMod ? '/go.mod' : ''}`;
}

/** A go.sum line that disagrees with the database's hash, and the file Go names it by (AuditOptions.sumFile). */
export interface MismatchedLine {
  module: string;
  version: string;
  goMod: boolean;
  goSum: string;
  database: string;
  sumFile: string;
  /** The line go reads instead of this one (GoSumLine.shadowedBy). */
  shadowedBy?: number;
}

/**
 * A go.sum line the database contradicts: in our words, what the database holds and what go.sum has; then,
 * quoted verbatim, what the go command prints when it downloads the genuine bits (the hash the database
 * recorded) and compares them with go.sum (Go's case 2a/2b: "downloaded: ... / go.sum: ...").
 */
export function databaseMismatch(line: MismatchedLine, dbName: string, locale?: string): string {
  const { module, version, goMod, goSum, database, shadowedBy } = line;
  const what = verifyingWhat(module, version, goMod);
  const held = t('audit.mismatch.database', { database: dbName, dbHash: database, what, goSum }, locale);
  // Go checks the first h1 line of a module version alone (haveModSumLocked): a later one it never reads.
  if (shadowedBy !== undefined) return `${held}\n${t('audit.mismatch.shadowed', { what, line: shadowedBy + 1 }, locale)}`;
  return `${held}\n` +
    `${t('audit.mismatch.goOutput', { what }, locale)}\n\n` +
    moduleCacheMismatch(module, version, goMod, database, goSum, line.sumFile);
}

/** Go's report when downloaded bits differ from go.sum (case 2a/2b; 2c when they come from a warm module cache). */
export function moduleCacheMismatch(module: string, version: string, goMod: boolean, downloaded: string, goSum: string, sumFile = 'go.sum'): string {
  return `verifying ${verifyingWhat(module, version, goMod)}: checksum mismatch\n` +
    `\tdownloaded: ${downloaded}\n` +
    `\t${sumFile}:     ${goSum}\n` +
    SECURITY_GOSUM;
}

/** The first two lines of Go's misbehavior report, for every line a lying database touches (one home: sumdb). */
export { MISBEHAVIOR_HEADLINE } from '../sumdb/clientErrors';
