// Turns parse results into LSP diagnostics for one document: syntax problems, plus the go.mod/go.sum
// cross-check when the sibling file's text is known. Pure: the caller supplies texts; no I/O, never imports vscode.

import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import { parseGoSum, type GoSumParse } from '../parse/gosum';
import { parseGoMod, type GoModParse } from '../parse/gomod';
import type { ParseProblem, Severity } from '../parse/ranges';
import { excludedRequirements, malformedRequirements, missingGoSumEntries, unreadableReplacements, type ReplacementDirectories } from './crossfile';
import { replacementConflictProblem } from './replacements';
import { checkToolPath } from '../parse/module';
import { goQuote } from '../shared/goquote';

export type DocumentKind = 'go.mod' | 'go.sum' | 'go.work';
/** The kinds documentProblems reads (a go.work's diagnostics need the file system: lsp/goWorkDiagnostics.ts). */
export type CheckedKind = Exclude<DocumentKind, 'go.work'>;

export const DIAGNOSTIC_SOURCE = 'gosum-doctor';

// LSP DiagnosticSeverity values; kept here so this module needs only LSP types at runtime.
const SEVERITY: Record<Severity, 1 | 2 | 3 | 4> = { error: 1, warning: 2, information: 3, hint: 4 };

/** go.mod, go.work, or go.sum (go.sum and go.work.sum) by file name (path or URI); undefined for anything else. */
export function documentKind(pathOrUri: string): DocumentKind | undefined {
  const base = pathOrUri.slice(Math.max(pathOrUri.lastIndexOf('/'), pathOrUri.lastIndexOf('\\')) + 1);
  if (base === 'go.mod') return 'go.mod';
  if (base === 'go.work') return 'go.work';
  if (base === 'go.sum' || base === 'go.work.sum') return 'go.sum';
  return undefined;
}

export function toDiagnostic(p: ParseProblem, uri?: string): Diagnostic {
  const d: Diagnostic = { range: p.range, severity: SEVERITY[p.severity], source: DIAGNOSTIC_SOURCE, code: p.code, message: p.message };
  if (uri && p.related) {
    d.relatedInformation = p.related.map((r): DiagnosticRelatedInformation => ({ location: { uri, range: r.range }, message: r.message }));
  }
  return d;
}

/**
 * Problems for one document. For go.mod, `siblingGoSum` is the text of the go.sum beside it (undefined when
 * there is none: then no cross-check, since a module without requirements needs no go.sum). `parseSum` lets a
 * caller that parses the same go.sum text again (the CLI's audit, the server's scheduler) share one parse.
 * `replacementDirs`: where the go.mod of a directory replacing a requirement is read (none: not checked).
 */
export function documentProblems(kind: CheckedKind, text: string, siblingGoSum?: string, parseSum: (text: string) => GoSumParse = parseGoSum,
  replacementDirs?: ReplacementDirectories): ParseProblem[] {
  if (kind === 'go.sum') return parseSum(text).problems;
  const mod = parseGoMod(text);
  const problems = mod.problems.concat(moduleLoadProblems(mod));
  // What loading the module graph finds: the go command gets there only when go.mod loads without error. It drops
  // a requirement on an excluded version first (saying so outside workspace mode), then checks the others.
  if (problems.some((p) => p.severity === 'error')) return problems;
  if (siblingGoSum !== undefined) problems.push(...excludedRequirements(mod.file));
  problems.push(...malformedRequirements(mod.file));
  if (siblingGoSum === undefined) return problems;
  if (replacementDirs) problems.push(...unreadableReplacements(mod.file, replacementDirs));
  return problems.concat(missingGoSumEntries(mod.file, parseSum(siblingGoSum).lines));
}

/**
 * What the go command says when it loads a go.mod that parses (cmd/go/internal/modload, today's wording), where it
 * stops: without a module line or with the path "go" or "toolchain" (ReadModFile), else at two replacements of one
 * module version (indexModFile), which Go meets before it checks the module line's path, and after that at a tool
 * line whose path is no import path (today's makeMainModules). Parse errors come first, as in Go.
 */
function moduleLoadProblems(mod: GoModParse): ParseProblem[] {
  if (mod.problems.some((p) => p.severity === 'error' && !isModulePathCheck(p))) return [];
  if (!mod.file.module) {
    return [{
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'gomod.missingModule',
      message: 'error reading go.mod: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod',
      goPosition: { line: 1, column: 1 },
    }];
  }
  const { path, pathRange } = mod.file.module;
  // Today's ReadModFile also refuses the paths of Go's own toolchain modules (CheckReservedModulePath).
  if (path === 'go' || path === 'toolchain') {
    return [{ range: pathRange, severity: 'error', code: 'gomod.module', message: `error reading go.mod: invalid module path: ${goQuote(path)}`, stage: 'load' }];
  }
  const conflict = replacementConflictProblem(mod.file.replaces, 'gomod.conflictingReplace');
  if (conflict) return [conflict];
  // makeMainModules comes after the module line's path check, and stops at the first tool path it refuses.
  if (mod.problems.some(isModulePathCheck)) return [];
  for (const tool of mod.file.tools) {
    const message = checkToolPath(tool.path);
    if (message) return [{ range: tool.range, severity: 'error', code: 'gomod.tool', message, stage: 'load' }];
  }
  return [];
}

/** Whether the go command loads this go.mod without stopping (what makeMainModules then checks needs every one to). */
export function goModLoads(mod: GoModParse): boolean {
  return !mod.problems.concat(moduleLoadProblems(mod)).some((p) => p.severity === 'error');
}

/** modload's check of the module line's path (parse/gomod.ts reports it at the load stage). */
function isModulePathCheck(p: ParseProblem): boolean {
  return p.code === 'gomod.module' && p.stage === 'load';
}

/** The diagnostics the server publishes for one document. */
export function validateDocument(kind: CheckedKind, text: string, uri?: string, siblingGoSum?: string, parseSum?: (text: string) => GoSumParse,
  replacementDirs?: ReplacementDirectories): Diagnostic[] {
  return documentProblems(kind, text, siblingGoSum, parseSum, replacementDirs).map((p) => toDiagnostic(p, uri));
}
