// Turns parse results into LSP diagnostics for one document: syntax problems, plus the go.mod/go.sum
// cross-check when the sibling file's text is known. Pure: the caller supplies texts; no I/O, never imports vscode.

import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import { parseGoSum, type GoSumParse } from '../parse/gosum';
import { parseGoMod, type GoModParse } from '../parse/gomod';
import type { ParseProblem, Severity } from '../parse/ranges';
import { excludedRequirements, malformedRequirements, missingGoSumEntries, unreadableReplacements, type ReplacementDirectories } from './crossfile';
import { goModLoadStop } from './goModLoad';
import { switchingGotoolchain, tooNewFor, type GoCommandFacts } from '../goenv/toolchainSelect';
import type { DiagnosticFixData } from '../shared/protocol';
import { t } from '../i18n';

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

/** A problem as an LSP diagnostic; a toolchainFix goes in `data.fixes` with its title in `locale` (the client offers it). */
export function toDiagnostic(p: ParseProblem, uri?: string, locale?: string): Diagnostic {
  const d: Diagnostic = { range: p.range, severity: SEVERITY[p.severity], source: DIAGNOSTIC_SOURCE, code: p.code, message: p.message };
  if (uri && p.related) {
    d.relatedInformation = p.related.map((r): DiagnosticRelatedInformation => ({ location: { uri, range: r.range }, message: r.message }));
  }
  if (p.toolchainFix) {
    const { gotoolchain, file } = p.toolchainFix;
    d.data = { fixes: [{ title: t('goenv.fix.switchToolchain', { file, value: gotoolchain }, locale), env: { GOTOOLCHAIN: gotoolchain }, preferred: true }] } satisfies DiagnosticFixData;
  }
  return d;
}

/** ReadModFile's (ReadWorkFile's) TooNewError at the go line, with the GOTOOLCHAIN that lets the go command switch, if one does. */
export function tooNewProblemAt(range: ParseProblem['range'], file: 'go.mod' | 'go.work', goLine: string | undefined, toolchainLine: string | undefined,
  goCommand: GoCommandFacts): ParseProblem | undefined {
  const message = tooNewFor(file, goLine, toolchainLine, goCommand);
  if (message === undefined) return undefined;
  const value = switchingGotoolchain(file, goLine, toolchainLine, goCommand);
  return { range, severity: 'error', code: file === 'go.mod' ? 'gomod.goTooNew' : 'gowork.goTooNew', message, stage: 'load', ...(value ? { toolchainFix: { gotoolchain: value, file } } : {}) };
}

/**
 * Problems for one document. For go.mod, `siblingGoSum` is the text of the go.sum beside it (undefined when
 * there is none: then no cross-check, since a module without requirements needs no go.sum). `parseSum` lets a
 * caller that parses the same go.sum text again (the CLI's audit, the server's scheduler) share one parse.
 * `replacementDirs`: where the go.mod of a directory replacing a requirement is read (none: not checked). `goCommand`:
 * the local go command, whose release's grammar go.mod is read by (parseGoMod) and whose toolchain may be too old.
 */
export function documentProblems(kind: CheckedKind, text: string, siblingGoSum?: string, parseSum: (text: string) => GoSumParse = parseGoSum,
  replacementDirs?: ReplacementDirectories, goCommand: GoCommandFacts = {}): ParseProblem[] {
  if (kind === 'go.sum') return parseSum(text).problems;
  const mod = parseGoMod(text, 'go.mod', goCommand.release);
  // ReadModFile stops at a go line above the toolchain that runs, right after the parse: nothing later is reached.
  const tooNew = tooNewProblem(mod, goCommand);
  if (tooNew) return mod.problems.filter((p) => p.stage !== 'load').concat(tooNew);
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

/** ReadModFile's TooNewError for a go.mod that parses, in module mode (in workspace mode go.work decides). */
function tooNewProblem(mod: GoModParse, goCommand: GoCommandFacts): ParseProblem | undefined {
  const { go, toolchain } = mod.file;
  if (goCommand.workspace || go === undefined || mod.problems.some((p) => p.severity === 'error' && p.stage !== 'load')) return undefined;
  return tooNewProblemAt(go.range, 'go.mod', go.version, toolchain?.name, goCommand);
}

/**
 * What the go command says where it stops as it loads a go.mod whose text modfile reads (problems/goModLoad.ts):
 * modfile's own errors and the module line's path check are the parse's problems already.
 */
function moduleLoadProblems(mod: GoModParse): ParseProblem[] {
  const stop = goModLoadStop(mod);
  if (stop?.stage === 'read') return [{ range: stop.range, severity: 'error', code: stop.code, message: `error reading go.mod: ${stop.what}`, stage: 'load' }];
  return stop?.stage === 'index' || stop?.stage === 'tool' ? [stop.problem] : [];
}

/** The diagnostics the server publishes for one document. */
export function validateDocument(kind: CheckedKind, text: string, uri?: string, siblingGoSum?: string, parseSum?: (text: string) => GoSumParse,
  replacementDirs?: ReplacementDirectories, goCommand?: GoCommandFacts, locale?: string): Diagnostic[] {
  return documentProblems(kind, text, siblingGoSum, parseSum, replacementDirs, goCommand).map((p) => toDiagnostic(p, uri, locale));
}
