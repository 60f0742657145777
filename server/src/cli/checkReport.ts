// Formats `gosum-doctor check` after the audit: text (FILE:LINE:COL: severity: message), JSON (one entry per
// go.sum line, always a valid document) and SARIF 2.1.0 (built by sarif.ts), merging the syntax findings of report.ts with the
// audit's line verdicts. Pure: builds strings; no I/O.
import { LINE_STATUSES, exitCodeForVerdicts, type AuditResult, type LineStatus, type LineVerdict } from '../audit/verdict';
import { lineSeverity, MODULE_CACHE_SEVERITY, scenarioParts } from '../problems/verdictReport';
import { t } from '../i18n';
import { findings, exitCodeFor, type FileResult, type Finding } from './report';
import { sarifLog } from './sarif';
import { settingsJson, settingsSarifFindings, settingsText } from './settingFindings';
import type { SettingLint } from '../goenv/lints';

export interface AuditedFile {
  /** The file as the user named it. */
  display: string;
  result: AuditResult;
}

export interface CheckOutcome {
  syntax: FileResult[];
  audited: AuditedFile[];
  /** The language of our own sentences (default English). */
  locale?: string;
  /** What the go command will make of the Go settings (goenv/lints.ts); reported, never in the exit code. */
  settings?: readonly SettingLint[];
}

type Severity = Finding['severity'];

/** Findings from the audit (malformed lines are already syntax findings; verified/private/disabled are quiet). */
export function auditFindings(outcome: CheckOutcome): Finding[] {
  const out: Finding[] = [];
  for (const f of outcome.audited) {
    const { result } = f;
    const top = scenarioParts(result, outcome.locale);
    if (top && result.scenario) out.push(finding(f.display, 0, 'error', `scenario.${result.scenario.scenario}`, top.join('\n\t')));
    for (const v of result.verdicts) {
      const severity = lineSeverity(v, result.scenario !== null);
      if (severity) out.push(finding(f.display, v.line, severity, `audit.${v.status}`, v.message));
      if (v.moduleCache === 'differs') out.push(finding(f.display, v.line, MODULE_CACHE_SEVERITY, 'audit.module-cache', v.moduleCacheMessage ?? ''));
    }
  }
  return out;
}

function finding(file: string, line: number, severity: Severity, code: string, message: string): Finding {
  return { file, line: line + 1, column: 1, endLine: line + 1, endColumn: 1, severity, code, message };
}

/** Syntax findings first (per file), then the audit's, each sorted by line. */
export function allFindings(outcome: CheckOutcome): Finding[] {
  return [...findings(outcome.syntax), ...auditFindings(outcome)].sort((a, b) => (a.file === b.file ? a.line - b.line : 0));
}

export function checkExitCode(outcome: CheckOutcome): 0 | 1 | 2 {
  let code: 0 | 1 | 2 = exitCodeFor(outcome.syntax);
  for (const f of outcome.audited) {
    const c = exitCodeForVerdicts(f.result.verdicts, f.result.scenario);
    if (c === 1) return 1;
    if (c === 2 && code === 0) code = 2;
  }
  return code;
}

export function formatCheckText(outcome: CheckOutcome): string {
  return allFindings(outcome).map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message}\n`).join('');
}

/** Stderr after the findings: the settings every go command refuses (settingFindings.ts), then how many lines ended up in each status. */
export function formatSummary(outcome: CheckOutcome): string {
  const settings = settingsText(outcome.settings ?? [], outcome.locale);
  const lines = outcome.audited.reduce((n, f) => n + f.result.verdicts.length, 0);
  if (lines === 0) return settings;
  const counts = LINE_STATUSES.map((s) => [s, outcome.audited.reduce((n, f) => n + f.result.summary[s], 0)] as const)
    .filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
  return settings + `gosum-doctor: ${t('cli.check.summary', { lines, counts }, outcome.locale)}\n`;
}

interface JsonLine {
  file: string; line: number; module: string; version: string; kind: 'zip' | 'go.mod'; status: LineStatus;
  goSum: string | null; database: string | null; message: string | null;
  moduleCache?: LineVerdict['moduleCache']; moduleCacheMessage?: string;
  /** The database record the verdict rests on: its leaf number and the size of the tree it was proven in. */
  record?: { id: number; treeSize: number };
}

export function formatCheckJson(outcome: CheckOutcome): string {
  const problems = findings(outcome.syntax);
  const syntaxByLine = new Map<string, string>();
  for (const f of problems) {
    const key = `${f.file}:${f.line}`;
    if (!syntaxByLine.has(key) && f.severity === 'error') syntaxByLine.set(key, f.message);
  }
  const lines: JsonLine[] = [];
  for (const f of outcome.audited) {
    for (const v of f.result.verdicts) {
      const entry: JsonLine = {
        file: f.display, line: v.line + 1, module: v.module, version: v.version, kind: v.kind, status: v.status,
        goSum: v.goSum === '' ? null : v.goSum, database: v.database ?? null,
        message: v.status === 'malformed' ? (syntaxByLine.get(`${f.display}:${v.line + 1}`) ?? v.message) : v.message,
      };
      if (v.record) entry.record = { id: v.record.id, treeSize: v.record.treeSize };
      if (v.moduleCache) entry.moduleCache = v.moduleCache;
      if (v.moduleCacheMessage) entry.moduleCacheMessage = v.moduleCacheMessage;
      lines.push(entry);
    }
  }
  const summary: Record<string, number> = { lines: lines.length };
  for (const s of LINE_STATUSES) summary[s] = lines.filter((l) => l.status === s).length;
  summary.moduleCacheDiffers = lines.filter((l) => l.moduleCache === 'differs').length;
  const first = outcome.audited.find((f) => f.result.database) ?? outcome.audited[0];
  const db = first?.result.database ?? null;
  const scenarioOf = outcome.audited.find((f) => f.result.scenario)?.result.scenario ?? null;
  const doc = {
    database: db ? { name: db.name, url: db.url, via: db.via, treeSize: db.treeSize } : null,
    lines,
    summary,
    scenario: scenarioOf?.scenario ?? null,
    diagnosis: scenarioOf ? { title: scenarioOf.title, explanation: scenarioOf.explanation, goError: scenarioOf.goError ?? null } : null,
    securityReport: outcome.audited.find((f) => f.result.securityReport)?.result.securityReport ?? null,
    problems,
    settings: settingsJson(outcome.settings ?? []),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** SARIF 2.1.0 (sarif.ts): every finding, its rule described, and the exit code this outcome gives. */
/** The SARIF log of a run that found nothing to check: no results, exit 2, and why on the invocation. */
export function formatInputErrorSarif(error: string, version: string, locale?: string): string {
  const log = sarifLog({ findings: [], sources: new Map(), exitCode: 2, version, locale, inputError: error });
  return JSON.stringify(log, null, 2) + '\n';
}

export function formatCheckSarif(outcome: CheckOutcome, version: string): string {
  const sources = new Map(outcome.syntax.map((r) => [r.file.display, r.file.text]));
  // The settings are about the whole check: shown at the go.sum the audit read (as a scenario is), else the first file.
  const anchor = (outcome.syntax.find((r) => r.file.kind === 'go.sum') ?? outcome.syntax[0])?.file.display;
  const settings = anchor === undefined ? [] : settingsSarifFindings(outcome.settings ?? [], anchor, outcome.locale);
  const log = sarifLog({ findings: [...allFindings(outcome), ...settings], sources, exitCode: checkExitCode(outcome), version, locale: outcome.locale });
  return JSON.stringify(log, null, 2) + '\n';
}
