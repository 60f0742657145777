// Owns: deciding one go.sum line against the lines of a verified database record, by cmd/go's checkSumDB
// rule: an identical line verifies; a line with the same "path version h1:" prefix and another hash is a
// mismatch; a record with no line of that kind says nothing (Go accepts the line unchecked — see noLine).
// Must never: do I/O, import vscode, or look anything up.
import type { GoSumLine } from '../parse/gosum';
import { t } from '../i18n';
import { databaseMismatch } from './goWords';
import type { LineVerdict } from './verdict';

export interface RecordFacts {
  /** Every line of the verified record. */
  recordLines: readonly string[];
  id: number;
  treeSize: number;
}

export function baseVerdict(l: GoSumLine): Pick<LineVerdict, 'line' | 'module' | 'version' | 'kind' | 'goSum'> {
  return { line: l.line, module: l.module, version: l.version, kind: l.isGoMod ? 'go.mod' : 'zip', goSum: l.hash };
}

/**
 * The verdict for a line the database answered for. A record without a line of this kind (Go's §4b case,
 * e.g. only the /go.mod line) is 'not-found' with its own message: the database vouches for nothing here,
 * yet it is no mismatch, since the go command accepts such a line.
 */
export function judgeLine(l: GoSumLine, facts: RecordFacts, dbName: string): LineVerdict {
  const v = l.isGoMod ? `${l.version}/go.mod` : l.version;
  const have = `${l.module} ${v} ${l.hash}`;
  const prefix = `${l.module} ${v} h1:`;
  const record = { id: facts.id, treeSize: facts.treeSize };
  for (const line of facts.recordLines) {
    if (line === have) {
      return { ...baseVerdict(l), status: 'verified', database: l.hash, record,
        message: t('audit.verified', { database: dbName, id: facts.id, size: facts.treeSize }) };
    }
    if (line.startsWith(prefix)) {
      const database = line.slice(prefix.length - 'h1:'.length);
      return { ...baseVerdict(l), status: 'mismatch', database, record,
        message: databaseMismatch(l.module, l.version, l.isGoMod, l.hash, database, dbName) };
    }
  }
  return { ...baseVerdict(l), status: 'not-found', record,
    message: t(l.isGoMod ? 'audit.noGoModLine' : 'audit.noZipLine', { database: dbName, module: l.module, version: l.version, id: facts.id }) };
}
