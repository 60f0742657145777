// Owns: the go command's refusal of two replacements of one module version in one file, as modload's toReplaceMap
// meets it while it loads a go.mod (or go.work) that parses: every command that loads the module stops there
// (`go mod edit` does not load it, so it is a load-stage problem), and Go names no line.
// Pure: works on parse results, no I/O, never imports vscode.
import type { GoModReplace } from '../parse/gomod';
import type { ParseProblem } from '../parse/ranges';

/** module.Version.String(): path@version, or the path alone when the version is empty. */
export function moduleVersionText(path: string, version: string): string {
  return version === '' ? path : `${path}@${version}`;
}

export interface ReplacementConflict {
  /** The replacement Go had kept for that module version, and the one that disagrees with it. */
  kept: GoModReplace;
  later: GoModReplace;
  /** Go's text, without its "go: " prefix. */
  message: string;
}

/**
 * The first replacement of a module version (path and version, the version possibly empty) that another of the
 * file replaced with something else, as toReplaceMap meets it in file order; undefined when none does. The same
 * replacement written twice (quoted or not) is no conflict.
 */
export function replacementConflict(replaces: readonly GoModReplace[]): ReplacementConflict | undefined {
  const kept = new Map<string, GoModReplace>();
  for (const r of replaces) {
    const key = `${r.oldPath}\0${r.oldVersion}`;
    const prev = kept.get(key);
    if (prev && (prev.newPath !== r.newPath || prev.newVersion !== r.newVersion)) {
      const both = `${moduleVersionText(prev.newPath, prev.newVersion)}\n\t${moduleVersionText(r.newPath, r.newVersion)}`;
      return { kept: prev, later: r, message: `conflicting replacements for ${moduleVersionText(r.oldPath, r.oldVersion)}:\n\t${both}` };
    }
    kept.set(key, r);
  }
  return undefined;
}

/** The conflict as a go.mod problem: at the later line, the kept one related (Go names neither). */
export function replacementConflictProblem(replaces: readonly GoModReplace[], code: string): ParseProblem | undefined {
  const c = replacementConflict(replaces);
  if (!c) return undefined;
  return {
    range: c.later.range, severity: 'error', code, message: c.message, stage: 'load',
    related: [{ range: c.kept.range, message: `the replacement kept for ${moduleVersionText(c.later.oldPath, c.later.oldVersion)}` }],
  };
}
