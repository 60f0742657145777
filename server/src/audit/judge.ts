// Owns: deciding one go.sum line against the lines of a verified database record, by cmd/go's checkSumDB
// rule: an identical line verifies; a line with the same "path version h1:" prefix and another hash is a
// mismatch; a record with no line of that kind says nothing (Go accepts the line unchecked — see noLine).
// Must never: do I/O, import vscode, or look anything up.
import type { GoSumLine } from '../parse/gosum';
import { t } from '../i18n';
import { databaseMismatch } from './goWords';
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
 * The "verified" sentence for a database in a language, split around its {id} and {size} (it is the one said for
 * nearly every line, so it is worded once per database and locale instead of once per line). Still the catalog's
 * text, via t(). Keyed "locale database" (the locale as given, undefined as '').
 */
const verifiedParts = new Map<string, { parts: string[]; order: Array<'id' | 'size'> }>();
const ID_MARK = '\u0001';
const SPACE = 32;
const GO_MOD_SUFFIX = '/go.mod';
const SIZE_MARK = '\u0002';

function verifiedMessage(dbName: string, id: number, size: number, locale: string | undefined): string {
  // Nearly every call is for the database and locale of the call before: no key is built for those.
  let v = lastParts.db === dbName && lastParts.locale === locale ? lastParts.v : undefined;
  const key = v ? '' : `${locale ?? ''} ${dbName}`;
  if (!v) v = verifiedParts.get(key);
  if (!v) {
    const text = t('audit.verified', { database: dbName, id: ID_MARK, size: SIZE_MARK }, locale);
    const parts: string[] = [];
    const order: Array<'id' | 'size'> = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === ID_MARK || c === SIZE_MARK) {
        parts.push(text.slice(start, i));
        order.push(c === ID_MARK ? 'id' : 'size');
        start = i + 1;
      }
    }
    parts.push(text.slice(start));
    v = { parts, order };
    if (verifiedParts.size > 64) verifiedParts.clear();
    verifiedParts.set(key, v);
  }
  if (lastParts.v !== v) Object.assign(lastParts, { db: dbName, locale, v });
  // A record's zip and go.mod lines are judged one after the other: they share one (flat) string.
  if (lastVerified.parts === v && lastVerified.id === id && lastVerified.size === size) return lastVerified.text;
  const pieces: string[] = [v.parts[0]];
  for (let i = 0; i < v.order.length; i++) pieces.push(String(v.order[i] === 'id' ? id : size), v.parts[i + 1]);
  const text = pieces.join('');
  lastVerified.parts = v;
  lastVerified.id = id;
  lastVerified.size = size;
  lastVerified.text = text;
  return text;
}

const lastVerified: { parts?: object; id: number; size: number; text: string } = { id: -1, size: -1, text: '' };
const lastParts: { db?: string; locale?: string; v?: { parts: string[]; order: Array<'id' | 'size'> } } = {};

export function baseVerdict(l: GoSumLine): Pick<LineVerdict, 'line' | 'module' | 'version' | 'kind' | 'goSum'> {
  return { line: l.line, module: l.module, version: l.version, kind: l.isGoMod ? 'go.mod' : 'zip', goSum: l.hash };
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
export function judgeLine(l: GoSumLine, facts: RecordFacts, dbName: string, locale?: string): LineVerdict {
  const record = recordOf(facts);
  const m = l.module;
  const ver = l.version;
  const goMod = l.isGoMod;
  // A record line of the same kind starts "<module> <version>[/go.mod] "; its hash field starts at hashAt.
  // Compared in place: building the expected line for every go.sum line costs more than the comparison.
  const hashAt = m.length + 1 + ver.length + (goMod ? GO_MOD_SUFFIX.length : 0) + 1;
  const text = facts.text;
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const line = at;
    at = end + 1;
    if (end - line <= hashAt || text.charCodeAt(line + hashAt - 1) !== SPACE || text.charCodeAt(line + m.length) !== SPACE ||
      !text.startsWith(m, line) || !text.startsWith(ver, line + m.length + 1) ||
      (goMod ? !text.startsWith(GO_MOD_SUFFIX, line + m.length + 1 + ver.length) : hashAt !== m.length + 1 + ver.length + 1)) continue;
    if (end - line === hashAt + l.hash.length && text.startsWith(l.hash, line + hashAt)) {
      return { line: l.line, module: m, version: ver, kind: goMod ? 'go.mod' : 'zip', goSum: l.hash, status: 'verified',
        database: l.hash, record, message: verifiedMessage(dbName, facts.id, facts.treeSize, locale) };
    }
    if (text.startsWith('h1:', line + hashAt)) {
      const database = text.slice(line + hashAt, end);
      return { line: l.line, module: m, version: ver, kind: goMod ? 'go.mod' : 'zip', goSum: l.hash, status: 'mismatch',
        database, record, message: databaseMismatch(m, ver, goMod, l.hash, database, dbName, locale) };
    }
  }
  return { ...baseVerdict(l), status: 'not-found', record,
    message: t(goMod ? 'audit.noGoModLine' : 'audit.noZipLine', { database: dbName, module: m, version: ver, id: facts.id }, locale) };
}
