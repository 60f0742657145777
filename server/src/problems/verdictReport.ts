// Owns: how the audit's line verdicts are reported, whatever shows them (the CLI's findings, the editor's
// diagnostics): the severity of each status, which lines get a finding of their own, and the words that head
// a file when the checksum database could not be asked at all.
// Must never: do I/O, import vscode, or decide a verdict (the audit does that).
import type { AuditResult, LineStatus, LineVerdict } from '../audit/verdict';
import { t } from '../i18n';

export type VerdictSeverity = 'error' | 'warning';

const STATUS_SEVERITY: Partial<Record<LineStatus, VerdictSeverity>> = {
  'mismatch': 'error',
  'security-error': 'error',
  'not-found': 'warning',
  'unverifiable': 'warning',
};

/**
 * The severity of a line's own finding, or undefined when the line gets none: verified, private and disabled
 * lines are quiet; malformed lines are reported once, by the syntax check; unverifiable lines are covered by
 * the one finding at the top of the file when `coveredAtTop`.
 */
export function lineSeverity(v: LineVerdict, coveredAtTop: boolean): VerdictSeverity | undefined {
  if (v.status === 'unverifiable' && coveredAtTop) return undefined;
  return STATUS_SEVERITY[v.status];
}

/** The module cache holds other bits than go.sum vouches for: always an error (go mod verify fails). */
export const MODULE_CACHE_SEVERITY: VerdictSeverity = 'error';

/**
 * The finding at the top of a file when the database could not be asked: the headline (how many lines,
 * which database, why), the plain-words explanation, and the go command's error text. Undefined when the
 * audit carries no scenario.
 */
export function scenarioParts(result: Pick<AuditResult, 'scenario' | 'database'> & { verdicts: readonly LineVerdict[] }, locale?: string): string[] | undefined {
  const s = result.scenario;
  if (!s) return undefined;
  const count = result.verdicts.filter((v) => v.status === 'unverifiable').length;
  const headline = t('audit.scenario.top', { count, database: result.database?.name ?? 'the checksum database', title: s.title }, locale);
  return [headline, s.explanation, ...(s.goError ? [s.goError] : [])];
}
