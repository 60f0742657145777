// Owns: the one list of diagnostics a go.sum gets: its syntax problems merged with the audit's verdicts.
// mismatch / security-error → Error on the hash; not-found → Warning, with GONOSUMDB/GOPRIVATE fixes (merged
// with the current lists) when the module looks private; a module cache holding other bits → Error; lines the
// database could not be asked about → ONE diagnostic at the top naming the scenario (with the diagnosis's
// fixes), never one per line; GOSUMDB=off → one Information at the top. Severities come from verdictReport.ts,
// shared with the CLI. Every diagnostic has source 'gosum-doctor' and the status (or scenario) as its code.
// Must never: do I/O, import vscode, or return code actions (the client turns `data.fixes` into them).
import type { Diagnostic } from 'vscode-languageserver';
import { suggestedPrivatePrefix } from '../audit/privateHint';
import type { DatabaseInfo, LineVerdict, ScenarioReport } from '../audit/verdict';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from '../diagnostics/validate';
import { lineSeverity, MODULE_CACHE_SEVERITY, scenarioParts, type VerdictSeverity } from '../diagnostics/verdictReport';
import { disagreementFixes, sumdbOnFixes } from '../diagnosis/fixes';
import { t } from '../i18n';
import { goSumRanges, type GoSumLine, type GoSumParse } from '../parse/gosum';
import type { Range } from '../parse/ranges';
import type { DiagnosticFixData, FixView } from '../protocol';

/** How the last complete audit of the document ended. */
export interface AuditOutcome {
  scenario: ScenarioReport | null;
  /** Answers came from the local caches only. */
  offline: boolean;
  database: DatabaseInfo | null;
}

export interface GoSumAuditView {
  uri: string;
  parse: GoSumParse;
  /** Length of the document's first line: the range of the diagnostics at the top. */
  firstLineLength: number;
  /** Verdicts known now (the audit's, or carried over from the last one while it runs). */
  verdicts: readonly LineVerdict[];
  /** Absent before the first audit finished. */
  outcome?: AuditOutcome;
  /** An audit is still running: lines not yet decided are not reported as unverifiable. */
  partial: boolean;
  /** The diagnosis's fixes for outcome.scenario, when the probe has named them. */
  scenarioFixes?: readonly FixView[];
  /** The database name and the current GONOSUMDB/GOPRIVATE, so a fix's value is the merged list. */
  privacy: { database: string; GONOSUMDB: string; GOPRIVATE: string };
  locale?: string;
}

const SEVERITY: Record<VerdictSeverity | 'information', 1 | 2 | 3> = { error: 1, warning: 2, information: 3 };

function withFixes(d: Diagnostic, fixes: readonly FixView[] | undefined): Diagnostic {
  if (fixes && fixes.length > 0) d.data = { fixes: [...fixes] } satisfies DiagnosticFixData;
  return d;
}

function top(view: GoSumAuditView, severity: 1 | 2 | 3, code: string, message: string): Diagnostic {
  const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: view.firstLineLength } };
  return { range, severity, source: DIAGNOSTIC_SOURCE, code, message };
}

/** GONOSUMDB / GOPRIVATE for a module the database does not know, when it looks like private code. */
export function privateModuleFixes(v: LineVerdict, privacy: GoSumAuditView['privacy']): FixView[] {
  // A record without this kind of line is the database's answer, not a sign of private code.
  if (v.record || !suggestedPrivatePrefix(v.module)) return [];
  const fixes = disagreementFixes({ database: privacy.database, env: { GONOSUMDB: privacy.GONOSUMDB, GOPRIVATE: privacy.GOPRIVATE } },
    { kind: 'not-in-database', module: v.module, version: v.version, status: 404, goError: '' });
  return fixes.map((f, i) => ({ title: f.title, env: f.env, ...(i === 0 ? { preferred: true } : {}) }));
}

/** The well-formed line with this number (lines are in order; most verdicts need none). */
function lineAt(lines: readonly GoSumLine[], line: number): GoSumLine | undefined {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const n = lines[mid].line;
    if (n === line) return lines[mid];
    if (n < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export function goSumDiagnostics(view: GoSumAuditView): Diagnostic[] {
  const out: Diagnostic[] = view.parse.problems.map((p) => toDiagnostic(p, view.uri));
  const outcome = view.outcome;
  const lines = view.parse.lines;

  let unverifiable = 0;
  let disabled = false;
  const coveredAtTop = view.partial || outcome?.scenario != null || outcome?.offline === true;
  for (const v of view.verdicts) {
    if (v.status === 'unverifiable') unverifiable++;
    if (v.status === 'disabled') disabled = true;
    const severity = lineSeverity(v, coveredAtTop);
    if (!severity && v.moduleCache !== 'differs') continue;
    const l = lineAt(lines, v.line);
    if (!l) continue;
    const hash = (): Range => goSumRanges(l, view.parse.lineIndex).hash;
    if (severity) {
      const d: Diagnostic = { range: hash(), severity: SEVERITY[severity], source: DIAGNOSTIC_SOURCE, code: v.status, message: v.message };
      out.push(v.status === 'not-found' ? withFixes(d, privateModuleFixes(v, view.privacy)) : d);
    }
    if (v.moduleCache === 'differs') {
      out.push({ range: hash(), severity: SEVERITY[MODULE_CACHE_SEVERITY], source: DIAGNOSTIC_SOURCE, code: 'module-cache', message: v.moduleCacheMessage ?? '' });
    }
  }

  if (outcome?.scenario) {
    const parts = scenarioParts({ scenario: outcome.scenario, database: outcome.database, verdicts: view.verdicts }, view.locale)!;
    out.push(withFixes(top(view, 1, outcome.scenario.scenario, parts.join('\n')), view.scenarioFixes));
  } else if (outcome?.offline && unverifiable > 0 && !view.partial) {
    out.push(top(view, 3, 'unverifiable', t('lsp.offline.top', { count: unverifiable }, view.locale)));
  }
  if (disabled) {
    const fixes = sumdbOnFixes().map((f) => ({ title: f.title, env: f.env }));
    out.push(withFixes(top(view, 3, 'disabled', t('verdict.misconfigured.sumdbOff', {}, view.locale)), fixes));
  }
  return out;
}
