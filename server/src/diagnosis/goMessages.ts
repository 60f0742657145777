// The go command's literal error texts (go1.23) that a diagnosis quotes: the wording users actually saw.
// Quoted, never translated. Pure: no I/O, never imports vscode.

/** Go's paragraph after a mismatch with go.sum (starts with a newline, as Go prints it after the hashes). */
export const SECURITY_GOSUM = [
  '',
  'SECURITY ERROR',
  'This download does NOT match an earlier download recorded in go.sum.',
  'The bits may have been replaced on the origin server, or an attacker may',
  'have intercepted the download attempt.',
  '',
  "For more information, see 'go help module-auth'.",
].join('\n');

/** Go's paragraph after a mismatch with the checksum database. */
export const SECURITY_SUMDB = [
  '',
  'SECURITY ERROR',
  'This download does NOT match the one reported by the checksum server.',
  'The bits may have been replaced on the origin server, or an attacker may',
  'have intercepted the download attempt.',
  '',
  "For more information, see 'go help module-auth'.",
].join('\n');

/** What Go's sumdb client says when a lookup answered 200 with a body that is not a record (tlog.ParseRecord). */
export const MALFORMED_RECORD = 'malformed record data';

/** `go: M@V: verifying go.mod: M@V/go.mod: <err>` — how a failed database read surfaces in go mod download. */
export function verifyingGoMod(module: string, version: string, err: string): string {
  return verifyingLookup(module, version, true, err);
}

/**
 * A failed database read for one go.sum line, in Go's words (modfetch checkSumDB around the sumdb client's
 * "M@V: " or "M@V/go.mod: "): `go: M@V: verifying go.mod: M@V/go.mod: <err>` or `go: M@V: verifying module: M@V: <err>`.
 */
export function verifyingLookup(module: string, version: string, goMod: boolean, err: string): string {
  const at = `${module}@${version}`;
  return goMod ? `go: ${at}: verifying go.mod: ${at}/go.mod: ${err}` : `go: ${at}: verifying module: ${at}: ${err}`;
}

/** A setting error surfaces without the second module prefix: `go: M@V: verifying go.mod: invalid GOSUMDB: ...`. */
export function verifyingGoModSetting(module: string, version: string, err: string): string {
  return `go: ${module}@${version}: verifying go.mod: ${err}`;
}

/** The database disagrees with what was downloaded. */
export function sumdbMismatch(module: string, version: string, file: 'go.mod' | 'zip', downloaded: string, database: string, name: string): string {
  const what = file === 'go.mod' ? 'verifying go.mod' : 'verifying module';
  return `go: ${module}@${version}: ${what}: checksum mismatch\n\tdownloaded: ${downloaded}\n\t${name}: ${database}\n${SECURITY_SUMDB}`;
}
