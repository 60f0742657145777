// Owns: deciding one go.sum line against the lines of a verified database record, by cmd/go's checkSumDB
// rule: an identical line verifies; a line with the same "path version h1:" prefix and another hash is a
// mismatch; a record with no line of that kind says nothing (Go accepts the line unchecked — see noLine).
// Must never: do I/O, import vscode, or look anything up.
import type { GoSumLine } from '../parse/gosum';
import { t } from '../i18n';
import { databaseMismatch } from './goWords';
import { hashStartOf } from '../sumdb/recordText';
import type { LineVerdict } from './verdict';

export interface RecordFacts {
  /** The verified record's text: its lines, each followed by "\n". */
  text: string;
  id: number;
  treeSize: number;
  /** The {id, treeSize} object the verdicts share (set by judgeLine). */
  record?: { id: number; treeSize: number };
}

/**
 * The "verified" sentence: nearly every line gets it, for the same database, language and tree size, so the one
 * string is shared by all of them (the record id is in the verdict's `record`, not in the sentence).
 */
const lastVerified: { db: string; locale?: string; size: number; text: string } = { db: '', size: -1, text: '' };
function verifiedMessage(dbName: string, size: number, locale: string | undefined): string {
  if (lastVerified.size !== size || lastVerified.db !== dbName || lastVerified.locale !== locale) {
    lastVerified.text = t('audit.verified', { database: dbName, size }, locale);
    lastVerified.db = dbName;
    lastVerified.locale = locale;
    lastVerified.size = size;
  }
  return lastVerified.text;
}

export function baseVerdict(l: GoSumLine): Pick<LineVerdict, 'line' | 'module' | 'version' | 'kind' | 'goSum' | 'shadowedBy'> {
  const base = { line: l.line, module: l.module, version: l.version, kind: l.isGoMod ? 'go.mod' as const : 'zip' as const, goSum: l.hash };
  return l.shadowedBy === undefined ? base : { ...base, shadowedBy: l.shadowedBy };
}

/**
 * Whether a verdict judged for another line with the same hash (or in an earlier run) says what this line's would,
 * in a file Go names `sumFile`: not when either line is one go never reads (its message names the line go reads
 * instead, which an edit may change), nor when the verdict names another file.
 */
export function verdictFits(v: LineVerdict, l: GoSumLine, sumFile: string): boolean {
  return v.goSum === l.hash && v.shadowedBy === undefined && l.shadowedBy === undefined && (v.sumFile ?? 'go.sum') === sumFile;
}

/** One {id, treeSize} per record, shared by the verdicts of its lines (they are read-only), kept on the facts. */
function recordOf(facts: RecordFacts): { id: number; treeSize: number } {
  const r = facts.record;
  if (r && r.id === facts.id && r.treeSize === facts.treeSize) return r;
  return (facts.record = { id: facts.id, treeSize: facts.treeSize });
}

/**
 * The verdict for a line the database answered for. A record without a line of this kind (Go's §4b case,
 * e.g. only the /go.mod line) is 'not-found' with its own message: the database vouches for nothing here,
 * yet it is no mismatch, since the go command accepts such a line.
 */
export function judgeLine(l: GoSumLine, facts: RecordFacts, dbName: string, locale?: string, sumFile = 'go.sum'): LineVerdict {
  const record = recordOf(facts);
  const m = l.module;
  const ver = l.version;
  const goMod = l.isGoMod;
  const text = facts.text;
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const hashAt = hashStartOf(text, at, end, m, ver, goMod);
    at = end + 1;
    if (hashAt < 0) continue;
    if (end === hashAt + l.hash.length && text.startsWith(l.hash, hashAt)) {
      const verified: LineVerdict = { line: l.line, module: m, version: ver, kind: goMod ? 'go.mod' : 'zip', goSum: l.hash, status: 'verified',
        database: l.hash, record, message: verifiedMessage(dbName, facts.treeSize, locale) };
      return l.shadowedBy === undefined ? verified : { ...verified, shadowedBy: l.shadowedBy };
    }
    if (text.startsWith('h1:', hashAt)) {
      const database = text.slice(hashAt, end);
      return { ...baseVerdict(l), status: 'mismatch', database, record,
        message: databaseMismatch({ module: m, version: ver, goMod, goSum: l.hash, database, sumFile, shadowedBy: l.shadowedBy }, dbName, locale),
        ...(sumFile !== 'go.sum' ? { sumFile } : {}) };
    }
  }
  return { ...baseVerdict(l), status: 'not-found', record,
    message: t(goMod ? 'audit.noGoModLine' : 'audit.noZipLine', { database: dbName, module: m, version: ver, id: facts.id }, locale) };
}
