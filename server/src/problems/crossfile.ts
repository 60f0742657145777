// What the go command checks of go.mod's requirements as it loads the module graph: a requirement on a version
// go.mod excludes is dropped (requirementsFromModFiles); of the others, the path of a module it would fetch is a
// module path (module.CheckPath), and every required module (after replacements) has its "/go.mod" line in go.sum.
// Pure: works on parse results, no I/O, never imports vscode.

import path = require('node:path');
import type { GoModFile } from '../parse/gomod';
import { goShortPath } from '../shared/goPaths';
import { EMPTY_GO_MOD_HASH, type GoSumLine } from '../parse/gosum';
import type { ParseProblem } from '../parse/ranges';
import { checkModulePath } from '../parse/module';

/** The module version whose go.mod go.sum must vouch for, or undefined when a directory replaces it. */
export function effectiveModule(file: GoModFile, path: string, version: string): { path: string; version: string } | undefined {
  const r = replacementOf(file, path, version);
  if (!r) return { path, version };
  return r.newVersion === '' ? undefined : { path: r.newPath, version: r.newVersion };
}

/** The replacement Go applies to path@version: one for that version, else one for all versions. */
function replacementOf(file: GoModFile, path: string, version: string): GoModFile['replaces'][number] | undefined {
  let any: GoModFile['replaces'][number] | undefined;
  for (const r of file.replaces) {
    if (r.oldPath !== path) continue;
    if (r.oldVersion === version) return r;
    if (r.oldVersion === '') any = r;
  }
  return any;
}

/** The requirements go.mod excludes the very version of: Go drops them unread, saying so (outside workspace mode). */
export function excludedRequirements(file: GoModFile): ParseProblem[] {
  const kept = new Set(keptRequirements(file));
  return file.requires.filter((r) => !kept.has(r)).map((r) => ({
    range: r.range, severity: 'warning', code: 'gomod.excludedRequire',
    message: `ignoring requirement on excluded version ${r.path} ${r.version}`,
  }));
}

/** The requirements Go keeps as it reads go.mod (requirementsFromModFiles): all but those on an excluded version. */
function keptRequirements(file: GoModFile): GoModFile['requires'] {
  if (file.excludes.length === 0) return file.requires;
  const excluded = new Set(file.excludes.map((x) => `${x.path}\0${x.version}`));
  return file.requires.filter((r) => !excluded.has(`${r.path}\0${r.version}`));
}

/**
 * Go's `malformed module path "X": why` for each required module, not replaced, whose path is no module path:
 * loading the graph (go list -m all, go mod tidy, go get) stops there before anything is fetched. A replaced one
 * is not checked so: a directory is read, not fetched, so its path may be anything (`require mylib v0.0.0` with
 * `replace mylib => ../mylib`), and for a module version Go asks go.sum first (checked beside go list -m all).
 */
export function malformedRequirements(file: GoModFile): ParseProblem[] {
  const problems: ParseProblem[] = [];
  for (const req of keptRequirements(file)) {
    const message = unreplacedMalformed(file, req.path, req.version);
    if (message) problems.push({ range: req.pathRange, severity: 'warning', code: 'gomod.modulePath', message });
  }
  return problems;
}

/** module.CheckPath's words for a required path no replacement covers; undefined when it passes or is replaced. */
function unreplacedMalformed(file: GoModFile, path: string, version: string): string | undefined {
  const m = effectiveModule(file, path, version);
  return m && m.path === path && m.version === version ? checkModulePath(path) : undefined;
}

/**
 * Where the go command finds the go.mod of a directory that replaces a requirement: the module's own directory (where
 * it runs, naming files from there), and the error it meets reading a file (undefined when it reads it).
 */
export interface ReplacementDirectories { moduleDir: string; readError(file: string): string | undefined }

/**
 * Go's error for each requirement replaced by a directory whose go.mod it cannot read as it loads the graph
 * (rawGoModSummary): `X@V (replaced by DIR): reading DIR/go.mod: open /abs/DIR/go.mod: no such file or directory`.
 */
export function unreadableReplacements(file: GoModFile, dirs: ReplacementDirectories): ParseProblem[] {
  const problems: ParseProblem[] = [];
  for (const req of keptRequirements(file)) {
    const r = replacementOf(file, req.path, req.version);
    if (!r || r.newVersion !== '') continue;
    const goMod = path.join(path.isAbsolute(r.newPath) ? r.newPath : path.join(dirs.moduleDir, r.newPath), 'go.mod');
    const error = dirs.readError(goMod);
    if (!error) continue;
    problems.push({
      range: req.range, severity: 'warning', code: 'gomod.replacementGoMod',
      message: `${req.path}@${req.version} (replaced by ${r.newPath}): reading ${goShortPath(dirs.moduleDir, goMod)}: ${error}`,
    });
  }
  return problems;
}

/**
 * Go's "missing go.sum entry for go.mod file" for each require without a matching go.sum line (a malformed path
 * too: go list -m all says both). A replaced one is named as Go names it, `X@V (replaced by Y@W)`, and the
 * download Go suggests is of the required path (modload's goModSummary), which fetches the replacement:
 * `go mod download Y` would fetch Y's latest instead.
 */
export function missingGoSumEntries(file: GoModFile, sumLines: readonly GoSumLine[]): ParseProblem[] {
  const have = new Set<string>();
  // modfetch.HaveSum counts h1 hashes alone, and readGoSum has dropped the hash of an empty go.mod.
  for (const l of sumLines) if (l.isGoMod && l.algorithm === 'h1' && l.hash !== EMPTY_GO_MOD_HASH) have.add(l.module + '@' + l.version);
  const problems: ParseProblem[] = [];
  for (const req of keptRequirements(file)) {
    const m = effectiveModule(file, req.path, req.version);
    if (!m || have.has(m.path + '@' + m.version)) continue;
    const replaced = m.path !== req.path || m.version !== req.version ? ` (replaced by ${m.path}@${m.version})` : '';
    problems.push({
      range: req.range, severity: 'warning', code: 'gomod.missingGoSum',
      message: `${req.path}@${req.version}${replaced}: missing go.sum entry for go.mod file; to add it:\n\tgo mod download ${req.path}`,
    });
  }
  return problems;
}
