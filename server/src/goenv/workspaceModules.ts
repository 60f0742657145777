// Owns: the module directories a go.work uses, as modload's loadWorkFile resolves them, and the go command's
// refusals of them: a directory used twice, and one without a go.mod (every go command in the workspace stops there).
// What it refuses of the modules those directories hold: mainModules.ts.
// Pure: the caller says which go.mod files exist.
import path = require('node:path');
import type { GoWorkUse } from '../parse/gomod';
import { goJoin, goShortPath } from '../shared/goPaths';

/** A used module's directory and the use directive that names it. */
export interface UsedModule { dir: string; use: GoWorkUse }

export interface WorkspaceModules {
  /** Each directory once, in the order go.work uses them. */
  modules: UsedModule[];
  /** Go's main modules (modRoots): every use it accepts, an absolute directory under each spelling it is written in. */
  mainModules: UsedModule[];
  /** The go command's refusals in its words, in the order it meets them (it stops at the first), each at its use. */
  refusals: { use: GoWorkUse; message: string }[];
}

/**
 * The modules of a go.work in workDir: each use joined to workDir and cleaned unless absolute (then as written, so
 * "/w/a" and "/w/a/" are two to Go, though one directory, whose files are read once). `hasGoMod(dir)`: whether
 * dir/go.mod is a file. Refusals: Go's "path X appears multiple times in workspace" first, then its "cannot load
 * module X listed in go.work file: …" in today's words, paths as base.ShortPath gives them from workDir.
 */
export function workspaceModules(workDir: string, uses: readonly GoWorkUse[], hasGoMod: (dir: string) => boolean): WorkspaceModules {
  const refusals: WorkspaceModules['refusals'] = [];
  const roots = uses.map((use) => (path.isAbsolute(use.dir) ? use.dir : goJoin(path.resolve(workDir), use.dir)));
  // A set, not a search of the list: a go.work of thousands of uses must not take seconds.
  const firstUse = new Map<string, number>();
  roots.forEach((root, i) => {
    if (firstUse.has(root)) refusals.push({ use: uses[i], message: `reading go.work: path ${root} appears multiple times in workspace` });
    else firstUse.set(root, i);
  });
  const modules: UsedModule[] = [];
  const mainModules: UsedModule[] = [];
  const read = new Set<string>();
  uses.forEach((use, i) => {
    const dir = roots[i];
    if (firstUse.get(dir) !== i) return; // refused above
    if (!hasGoMod(dir)) refusals.push({ use, message: unloadableModule(workDir, dir) });
    else if (!read.has(path.resolve(dir))) modules.push({ dir, use });
    read.add(path.resolve(dir));
    mainModules.push({ dir, use });
  });
  return { modules, mainModules, refusals };
}

/** modload's words for a used directory without a go.mod. Go 1.19 said only "open /abs/dir/go.mod: no such file or directory". */
function unloadableModule(workDir: string, dir: string): string {
  return `cannot load module ${goShortPath(workDir, dir)} listed in go.work file: open ${goShortPath(workDir, path.join(dir, 'go.mod'))}: no such file or directory`;
}
