// Owns: the record text the checksum database signs: lines of "<module> <version>[/go.mod] <hash>", each followed
// by "\n". Every reader of a record's lines asks here: whether a text is plain record lines, its lines, which of
// them answer a lookup (Go's Lookup), whether it holds a line for a version, and where such a line's hash starts.
// Must never: do I/O, or take a text for verified (the client proves it before anyone reads it).

const NL = 10;
const SPACE = 32;
const GO_MOD_SUFFIX = '/go.mod';
/** A record holds a handful of lines (zip and go.mod); anything larger is not one we wrote. */
export const MAX_RECORD_LINES = 64;
/** Longest line of a record we keep. */
const MAX_RECORD_LINE = 4096;

/**
 * Whether a record text is plain record lines: at most MAX_RECORD_LINES non-empty lines without "\r", of at
 * most MAX_RECORD_LINE characters, each followed by "\n". Read in place: a warm audit asks once per record.
 */
export function isCanonicalText(text: string): boolean {
  if (text.length === 0 || text.charCodeAt(text.length - 1) !== NL || text.includes('\r')) return false;
  let lines = 0;
  for (let start = 0; start < text.length; lines++) {
    const end = text.indexOf('\n', start);
    if (end === start || end - start > MAX_RECORD_LINE || lines === MAX_RECORD_LINES) return false;
    start = end + 1;
  }
  return true;
}

/**
 * How many lines a text of plain record lines holds (its "\n"s). indexOf per line, not a look at each character:
 * the pack's writer asks once per record in a single pass, which a fresh process runs unoptimized (telegraf's
 * 2,795 records: 11-18 ms per character, ~2.5 ms this way).
 */
export function recordLineCount(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** A record text's non-empty lines (a text from the server may hold empty ones; one from the pack never does). */
export function recordLinesOf(text: string): string[] {
  const parts = text.split('\n');
  let empty = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i] === '') empty++;
  if (empty === 0) return parts;
  if (empty === 1 && parts[parts.length - 1] === '') {
    parts.pop();
    return parts;
  }
  return parts.filter((l) => l !== '');
}

/**
 * Where the hash of the line text[start, end) starts, when that line is `module version`'s zip line (goMod
 * false) or its /go.mod line; else -1. Compared in place: building the expected prefix for every line read costs
 * more than the comparison, in code that runs mostly before V8 optimises it.
 */
export function hashStartOf(text: string, start: number, end: number, module: string, version: string, goMod: boolean): number {
  const versionAt = start + module.length + 1;
  const hashAt = versionAt + version.length + (goMod ? GO_MOD_SUFFIX.length : 0) + 1;
  if (end < hashAt || text.charCodeAt(versionAt - 1) !== SPACE || text.charCodeAt(hashAt - 1) !== SPACE ||
    !text.startsWith(module, start) || !text.startsWith(version, versionAt) ||
    (goMod && !text.startsWith(GO_MOD_SUFFIX, versionAt + version.length))) return -1;
  return hashAt;
}

/** Whether a record text holds a line for `path version`: its zip line or its /go.mod line. */
export function holdsLineFor(text: string, path: string, version: string): boolean {
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (hashStartOf(text, start, end, path, version, false) >= 0 || hashStartOf(text, start, end, path, version, true) >= 0) return true;
    start = end + 1;
  }
  return false;
}

/** The record's lines for the version asked for (with or without /go.mod), as Go's Lookup picks them. */
export function linesFor(recordLines: readonly string[], path: string, version: string): string[] {
  // Go's Lookup: the line must start with "path version " (a space after the version), so asking for v1.0.0
  // gives its zip line and not its /go.mod line; that one is asked for as version "v1.0.0/go.mod".
  const prefix = `${path} ${version} `;
  return recordLines.filter((l) => l.startsWith(prefix));
}
