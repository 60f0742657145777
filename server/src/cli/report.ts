// The syntax half of `gosum-doctor check`: parse problems per file, as 1-based findings (checkReport.ts formats
// them with the audit's verdicts). go.mod findings are placed where the go command reports them. No I/O but the
// read of a replacement directory's go.mod, through transport/localFiles.ts.

import { LineIndex, type ParseProblem, type Position } from '../parse/ranges';
import { GoLines } from '../parse/gomodSyntax';
import { documentProblems } from '../problems/validate';
import type { GoSumParse } from '../parse/gosum';
import type { CheckedFile } from './files';
import path = require('node:path');
import type { ReplacementDirectories } from '../problems/crossfile';
import { goReadFileError } from '../transport/localFiles';
import type { GoCommandFacts } from '../goenv/toolchainSelect';

export interface FileResult { file: CheckedFile; problems: ParseProblem[] }

/** One finding with 1-based line and column, as every output format shows it. */
export interface Finding {
  file: string; line: number; column: number; endLine: number; endColumn: number; severity: ParseProblem['severity']; code: string; message: string;
  /** What the finding is about, for its fingerprint, when that is not the text at its line (a setting anchored at a file). */
  subject?: string;
}

/**
 * `parseSum` (default: parseGoSum) lets the caller share each go.sum's parse with the audit; `goCommand`: the local go
 * command (its release and GOTOOLCHAIN), as it reads each go.mod (in workspace mode when it has no sibling go.sum).
 */
export function checkFiles(files: CheckedFile[], parseSum?: (text: string) => GoSumParse, goCommand: GoCommandFacts = {}): FileResult[] {
  return files.map((file) => ({
    file,
    problems: documentProblems(file.kind, file.text, file.siblingGoSum, parseSum, replacementDirsOf(file), { ...goCommand, workspace: file.siblingGoSum === undefined }),
  }));
}

/** The go.mod's replacement directories, read from its own directory (where `check DIR` has the go command run). */
function replacementDirsOf(file: CheckedFile): ReplacementDirectories | undefined {
  return file.kind === 'go.mod' ? { moduleDir: path.resolve(path.dirname(file.display)), readError: goReadFileError } : undefined;
}

export function findings(results: FileResult[]): Finding[] {
  const out: Finding[] = [];
  for (const r of results) {
    const place = problemPlace(r.file);
    for (const p of r.problems) out.push({ file: r.file.display, ...place(p), severity: p.severity, code: p.code, message: p.message });
  }
  return out;
}

type Place = Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>;

/**
 * Where a finding is, 1-based. In a go.mod, lines are counted as the go command counts them (only "\n" ends one) and
 * a problem carrying Go's own position is shown there, so FILE:LINE matches what go prints; elsewhere, LSP ranges.
 */
function problemPlace(file: CheckedFile): (p: ParseProblem) => Place {
  if (file.kind !== 'go.mod') {
    return (p) => ({ line: p.range.start.line + 1, column: p.range.start.character + 1, endLine: p.range.end.line + 1, endColumn: p.range.end.character + 1 });
  }
  const index = new LineIndex(file.text);
  const go = new GoLines(file.text);
  const at = (pos: Position) => go.positionAt(index.lineStart(pos.line) + pos.character);
  return (p) => {
    const start = p.goPosition ?? at(p.range.start);
    const end = at(p.range.end);
    const after = end.line > start.line || (end.line === start.line && end.column >= start.column);
    return { line: start.line, column: start.column, endLine: after ? end.line : start.line, endColumn: after ? end.column : start.column };
  };
}

/** 1 when anything is an error, else 0. */
export function exitCodeFor(results: FileResult[]): 0 | 1 {
  return results.some((r) => r.problems.some((p) => p.severity === 'error')) ? 1 : 0;
}
