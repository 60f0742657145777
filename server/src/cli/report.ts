// The syntax half of `gosum-doctor check`: parse problems per file, as 1-based findings (checkReport.ts formats
// them with the audit's verdicts). Pure: no I/O.

import type { ParseProblem } from '../parse/ranges';
import { documentProblems } from '../diagnostics/validate';
import type { GoSumParse } from '../parse/gosum';
import type { CheckedFile } from './files';

export interface FileResult { file: CheckedFile; problems: ParseProblem[] }

/** One finding with 1-based line and column, as every output format shows it. */
export interface Finding { file: string; line: number; column: number; endLine: number; endColumn: number; severity: ParseProblem['severity']; code: string; message: string }

/** `parseSum` (default: parseGoSum) lets the caller share each go.sum's parse with the audit. */
export function checkFiles(files: CheckedFile[], parseSum?: (text: string) => GoSumParse): FileResult[] {
  return files.map((file) => ({ file, problems: documentProblems(file.kind, file.text, file.siblingGoSum, parseSum) }));
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
