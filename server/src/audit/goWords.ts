// Owns: the go command's literal texts the audit quotes (cmd/go/internal/modfetch/fetch.go, go1.23): the
// checksum-mismatch reports (the SECURITY ERROR paragraphs come from diagnosis/goMessages). Quoted, never translated.
// Must never: do I/O or import vscode.

import { SECURITY_GOSUM, SECURITY_SUMDB } from '../diagnosis/goMessages';

/** "M@V" or "M@V/go.mod", as Go names what it verifies. */
export function verifyingWhat(module: string, version: string, goMod: boolean): string {
  return `${module}@${version}${goMod ? '/go.mod' : ''}`;
}

/**
 * A go.sum line the database contradicts, in the shape of Go's mismatch report: the two hashes under
 * aligned labels (go.sum and the database's name), then Go's checksum-server SECURITY ERROR paragraph.
 */
export function databaseMismatch(module: string, version: string, goMod: boolean, goSum: string, database: string, dbName: string): string {
  const width = Math.max('go.sum:'.length, dbName.length + 1) + 1;
  const label = (s: string) => s.padEnd(width, ' ');
  return `verifying ${verifyingWhat(module, version, goMod)}: checksum mismatch\n` +
    `\t${label('go.sum:')}${goSum}\n` +
    `\t${label(dbName + ':')}${database}\n` +
    SECURITY_SUMDB;
}

/** Go's own report when the module cache holds other bits than go.sum records (case 2c: a warm cache). */
export function moduleCacheMismatch(module: string, version: string, goMod: boolean, downloaded: string, goSum: string): string {
  return `verifying ${verifyingWhat(module, version, goMod)}: checksum mismatch\n` +
    `\tdownloaded: ${downloaded}\n` +
    `\tgo.sum:     ${goSum}\n` +
    SECURITY_GOSUM;
}

/** The first two lines of Go's misbehavior report, for every line a lying database touches (one home: sumdb). */
export { MISBEHAVIOR_HEADLINE } from '../sumdb/client-errors';
