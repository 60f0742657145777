// Owns: the one list of diagnostics a go.sum gets: its syntax problems merged with the audit's verdicts.
// mismatch / security-error → Error on the hash; not-found → Warning, with GONOSUMDB/GOPRIVATE fixes (merged
// with the current lists) when the module looks private; a module cache holding other bits → Error; lines the
// database could not be asked about → ONE diagnostic at the top naming the scenario (with the diagnosis's
// fixes), never one per line; GOSUMDB=off → one Information at the top. Severities come from verdictReport.ts,
// shared with the CLI. Every diagnostic has source 'gosum-doctor' and the status (or scenario) as its code.
// At most MAX_LINE_DIAGNOSTICS line diagnostics are published (editors crawl under 100,000): errors first, those
// nearest the lines in view first, and one Information at the top counting the rest.
// Must never: do I/O, import vscode, or return code actions (the client turns `data.fixes` into them).
import type { Diagnostic } from 'vscode-languageserver';
import { suggestedPrivatePrefix } from '../audit/privateHint';
import type { DatabaseInfo, LineVerdict, ScenarioReport } from '../audit/verdict';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from '../problems/validate';
import { lineSeverity, MODULE_CACHE_SEVERITY, scenarioParts, type VerdictSeverity } from '../problems/verdictReport';
import { disagreementFixes, sumdbOnFixes } from '../diagnosis/fixes';
import { t } from '../i18n';
import { goSumRanges, type GoSumLine, type GoSumParse } from '../parse/gosum';
import type { Range } from '../parse/ranges';
import type { DiagnosticFixData, FixView } from '../shared/protocol';

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
  /**
   * Verdicts known now (the audit's, or carried over from the last one while it runs). A running audit's may be
   * by line with holes for the lines not decided yet (one array kept up to date, not a copy per publish).
   */
  verdicts: readonly (LineVerdict | undefined)[];
  /** Absent before the first audit finished. */
  outcome?: AuditOutcome;
  /** An audit is still running: lines not yet decided are not reported as unverifiable. */
  partial: boolean;
  /** The diagnosis's fixes for outcome.scenario, when the probe has named them. */
  scenarioFixes?: readonly FixView[];
  /** The database name and the current GONOSUMDB/GOPRIVATE, so a fix's value is the merged list. */
  privacy: { database: string; GONOSUMDB: string; GOPRIVATE: string };
  locale?: string;
  /** The lines in view (0-based, inclusive): kept first when there are too many diagnostics. */
  focus?: { start: number; end: number };
  /** Overrides MAX_LINE_DIAGNOSTICS (tests). */
  limit?: number;
}

/** Syntax problems and verdicts shown line by line, at most. */
export const MAX_LINE_DIAGNOSTICS = 1000;

/** A syntax problem or a verdict that would be shown on its line. */
interface Finding {
  line: number;
  error: boolean;
}

/**
 * Which findings (by index) to show when there are more than `limit`: errors first (a tampered line must never
 * hide behind thousands of warnings), then those nearest the lines in view (distance 0 inside), ties in order.
 */
function shownFirst(findings: readonly Finding[], focus: { start: number; end: number }, limit: number): Set<number> {
  const distance = (l: number) => (l < focus.start ? focus.start - l : l > focus.end ? l - focus.end : 0);
  const order = findings.map((_f, i) => i);
  // A stable sort: equal findings stay in order.
  order.sort((a, b) => Number(findings[b].error) - Number(findings[a].error) || distance(findings[a].line) - distance(findings[b].line));
  return new Set(order.slice(0, limit));
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
export function privateModuleFixes(v: LineVerdict, privacy: GoSumAuditView['privacy'], locale?: string): FixView[] {
  // A record without this kind of line is the database's answer, not a sign of private code.
  if (v.record || !suggestedPrivatePrefix(v.module)) return [];
  const fixes = disagreementFixes({ database: privacy.database, env: { GONOSUMDB: privacy.GONOSUMDB, GOPRIVATE: privacy.GOPRIVATE }, locale },
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
  const coveredAtTop = view.partial || view.outcome?.scenario != null || view.outcome?.offline === true;
  const tally = shownVerdicts(view, coveredAtTop);
  const { problems, verdicts, hidden } = withinLimit(view, tally.shown, coveredAtTop);
  const out: Diagnostic[] = problems.map((p) => toDiagnostic(p, view.uri));
  for (const v of verdicts) out.push(...lineDiagnostics(view, v, coveredAtTop));
  out.push(...topDiagnostics(view, tally.unverifiable, tally.disabled, hidden));
  return out;
}

/** The verdicts worth a diagnostic, and what the top of the file says about the rest. */
function shownVerdicts(view: GoSumAuditView, coveredAtTop: boolean): { shown: LineVerdict[]; unverifiable: number; disabled: boolean } {
  let unverifiable = 0;
  let disabled = false;
  const shown: LineVerdict[] = [];
  for (const v of view.verdicts) {
    // Nearly every line of a big go.sum: nothing to show, nothing to count.
    if (v === undefined || (v.status === 'verified' && v.moduleCache !== 'differs')) continue;
    if (v.status === 'unverifiable') unverifiable++;
    if (v.status === 'disabled') disabled = true;
    if (lineSeverity(v, coveredAtTop) || v.moduleCache === 'differs') shown.push(v);
  }
  return { shown, unverifiable, disabled };
}

/** Too many to show: the errors and those nearest the lines in view, syntax and verdicts alike; `hidden` counts the rest. */
function withinLimit(view: GoSumAuditView, shown: readonly LineVerdict[], coveredAtTop: boolean): { problems: readonly GoSumAuditView['parse']['problems'][number][]; verdicts: readonly LineVerdict[]; hidden: number } {
  const problems = view.parse.problems;
  const limit = view.limit ?? MAX_LINE_DIAGNOSTICS;
  if (problems.length + shown.length <= limit) return { problems, verdicts: shown, hidden: 0 };
  const findings: Finding[] = problems.map((p) => ({ line: p.range.start.line, error: p.severity === 'error' }));
  for (const v of shown) findings.push({ line: v.line, error: lineSeverity(v, coveredAtTop) === 'error' || v.moduleCache === 'differs' });
  const keep = shownFirst(findings, view.focus ?? { start: 0, end: 0 }, limit);
  return { problems: problems.filter((_p, i) => keep.has(i)), verdicts: shown.filter((_v, i) => keep.has(problems.length + i)), hidden: findings.length - keep.size };
}

/** A line's verdict on its hash, and the module cache's word when its copy differs. */
function lineDiagnostics(view: GoSumAuditView, v: LineVerdict, coveredAtTop: boolean): Diagnostic[] {
  const l = lineAt(view.parse.lines, v.line);
  if (!l) return [];
  const range = goSumRanges(l, view.parse.lineIndex).hash;
  const out: Diagnostic[] = [];
  const severity = lineSeverity(v, coveredAtTop);
  if (severity) {
    const d: Diagnostic = { range, severity: SEVERITY[severity], source: DIAGNOSTIC_SOURCE, code: v.status, message: v.message };
    out.push(v.status === 'not-found' ? withFixes(d, privateModuleFixes(v, view.privacy, view.locale)) : d);
  }
  if (v.moduleCache === 'differs') {
    out.push({ range, severity: SEVERITY[MODULE_CACHE_SEVERITY], source: DIAGNOSTIC_SOURCE, code: 'module-cache', message: v.moduleCacheMessage ?? '' });
  }
  return out;
}

/** What the first line says for the whole file: the scenario, an offline run, GOSUMDB=off, diagnostics not shown. */
function topDiagnostics(view: GoSumAuditView, unverifiable: number, disabled: boolean, hidden: number): Diagnostic[] {
  const outcome = view.outcome;
  const out: Diagnostic[] = [];
  if (outcome?.scenario) {
    const verdicts = view.verdicts.filter((v): v is LineVerdict => v !== undefined);
    const parts = scenarioParts({ scenario: outcome.scenario, database: outcome.database, verdicts }, view.locale)!;
    out.push(withFixes(top(view, 1, outcome.scenario.scenario, parts.join('\n')), view.scenarioFixes));
  } else if (outcome?.offline && unverifiable > 0 && !view.partial) {
    out.push(top(view, 3, 'unverifiable', t('lsp.offline.top', { count: unverifiable }, view.locale)));
  }
  if (disabled) {
    const fixes = sumdbOnFixes(view.locale).map((f) => ({ title: f.title, env: f.env }));
    out.push(withFixes(top(view, 3, 'disabled', t('verdict.misconfigured.sumdbOff', {}, view.locale)), fixes));
  }
  if (hidden > 0) out.push(top(view, 3, 'not-shown', t('lsp.notShown.top', { count: hidden }, view.locale)));
  return out;
}
