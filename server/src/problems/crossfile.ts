// The go.mod / go.sum cross-check the go command does before building: every required module (after
// replacements) needs its "/go.mod" line in go.sum. Pure: works on parse results, no I/O, never imports vscode.

import type { GoModFile } from '../parse/gomod';
import type { GoSumLine } from '../parse/gosum';
import type { ParseProblem } from '../parse/ranges';

/** The module version whose go.mod go.sum must vouch for, or undefined when a directory replaces it. */
export function effectiveModule(file: GoModFile, path: string, version: string): { path: string; version: string } | undefined {
  let any: GoModFile['replaces'][number] | undefined;
  for (const r of file.replaces) {
    if (r.oldPath !== path) continue;
    if (r.oldVersion === version) { any = r; break; }
    if (r.oldVersion === '') any = r;
  }
  if (!any) return { path, version };
  return any.newVersion === '' ? undefined : { path: any.newPath, version: any.newVersion };
}

/** Go's "missing go.sum entry for go.mod file" for each require without a matching go.sum line. */
export function missingGoSumEntries(file: GoModFile, sumLines: readonly GoSumLine[]): ParseProblem[] {
  const have = new Set<string>();
  for (const l of sumLines) if (l.isGoMod) have.add(l.module + '@' + l.version);
  const problems: ParseProblem[] = [];
  for (const req of file.requires) {
    const m = effectiveModule(file, req.path, req.version);
    if (!m || have.has(m.path + '@' + m.version)) continue;
    problems.push({
      range: req.range, severity: 'warning', code: 'gomod.missingGoSum',
      message: `${m.path}@${m.version}: missing go.sum entry for go.mod file; to add it:\n\tgo mod download ${m.path}`,
    });
  }
  return problems;
}
