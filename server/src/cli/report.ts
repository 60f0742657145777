// Formats `gosum-doctor check` results as text (FILE:LINE:COL: severity: message), JSON or SARIF 2.1.0.
// Pure: builds strings from parse results; no I/O.

import { parseGoSum, type GoSumLine } from '../parse/gosum';
import type { ParseProblem } from '../parse/ranges';
import { documentProblems } from '../diagnostics/validate';
import type { CheckedFile } from './files';

export interface FileResult { file: CheckedFile; problems: ParseProblem[] }

/** One finding with 1-based line and column, as every output format shows it. */
export interface Finding { file: string; line: number; column: number; endLine: number; endColumn: number; severity: ParseProblem['severity']; code: string; message: string }

export function checkFiles(files: CheckedFile[]): FileResult[] {
  return files.map((file) => ({ file, problems: documentProblems(file.kind, file.text, file.siblingGoSum) }));
}

export function findings(results: FileResult[]): Finding[] {
  const out: Finding[] = [];
  for (const r of results) {
    for (const p of r.problems) {
      out.push({
        file: r.file.display, line: p.range.start.line + 1, column: p.range.start.character + 1,
        endLine: p.range.end.line + 1, endColumn: p.range.end.character + 1,
        severity: p.severity, code: p.code, message: p.message,
      });
    }
  }
  return out;
}

/** 1 when anything is an error, else 0. */
export function exitCodeFor(results: FileResult[]): 0 | 1 {
  return results.some((r) => r.problems.some((p) => p.severity === 'error')) ? 1 : 0;
}

export function formatText(results: FileResult[]): string {
  return findings(results).map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message}\n`).join('');
}

interface JsonLine {
  file: string; line: number; module: string; version: string; kind: 'zip' | 'go.mod';
  status: 'malformed' | 'unchecked'; goSum: string | null; database: null; message: string | null;
}

/** One entry per non-blank go.sum line; `database` and `scenario` stay null until the audit fills them. */
export function formatJson(results: FileResult[]): string {
  const lines: JsonLine[] = [];
  for (const r of results) {
    if (r.file.kind !== 'go.sum') continue;
    const parsed = parseGoSum(r.file.text);
    const byLine = new Map<number, ParseProblem[]>();
    for (const p of r.problems) {
      const list = byLine.get(p.range.start.line) ?? [];
      list.push(p);
      byLine.set(p.range.start.line, list);
    }
    const entries: { line: number; entry: JsonLine }[] = [];
    const describe = (line: number) => {
      const ps = byLine.get(line) ?? [];
      return { malformed: ps.some((p) => p.severity === 'error'), message: ps.length ? ps.map((p) => p.message).join('; ') : null };
    };
    for (const l of parsed.lines) entries.push({ line: l.line, entry: jsonLine(r.file.display, l, describe(l.line)) });
    for (const m of parsed.malformed) {
      const fields = m.text.trim().split(/\s+/);
      const d = describe(m.line);
      entries.push({
        line: m.line,
        entry: {
          file: r.file.display, line: m.line + 1, module: fields[0] ?? '', version: (fields[1] ?? '').replace(/\/go\.mod$/, ''),
          kind: (fields[1] ?? '').endsWith('/go.mod') ? 'go.mod' : 'zip', status: 'malformed',
          goSum: fields.length >= 3 ? fields[2] : null, database: null, message: d.message,
        },
      });
    }
    entries.sort((a, b) => a.line - b.line);
    for (const e of entries) lines.push(e.entry);
  }
  const all = findings(results);
  const summary = {
    files: results.map((r) => r.file.display),
    lines: lines.length,
    malformed: lines.filter((l) => l.status === 'malformed').length,
    unchecked: lines.filter((l) => l.status === 'unchecked').length,
    errors: all.filter((f) => f.severity === 'error').length,
    warnings: all.filter((f) => f.severity === 'warning').length,
    problems: all,
  };
  return JSON.stringify({ database: null, lines, summary, scenario: null }, null, 2) + '\n';
}

function jsonLine(file: string, l: GoSumLine, d: { malformed: boolean; message: string | null }): JsonLine {
  return {
    file, line: l.line + 1, module: l.module, version: l.version, kind: l.isGoMod ? 'go.mod' : 'zip',
    status: d.malformed ? 'malformed' : 'unchecked', goSum: l.hash, database: null, message: d.message,
  };
}

const SARIF_LEVEL: Record<ParseProblem['severity'], 'error' | 'warning' | 'note'> = {
  error: 'error', warning: 'warning', information: 'note', hint: 'note',
};

export function formatSarif(results: FileResult[], version: string): string {
  const all = findings(results);
  const ruleIds = [...new Set(all.map((f) => f.code))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'gosum-doctor', version, rules: ruleIds.map((id) => ({ id })) } },
      columnKind: 'utf16CodeUnits',
      results: all.map((f) => ({
        ruleId: f.code,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: f.file.split('\\').join('/') },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        }],
      })),
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
