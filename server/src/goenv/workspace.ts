// Owns: whether the go command runs in workspace mode for a module's directory, as modload's InitWorkfile decides:
// GOWORK=off never; an absolute GOWORK always; unset, empty or "auto", when a go.work file lies in that directory
// or one above it. In workspace mode Go asks go.sum for no required go.mod (modload mustHaveSums), so no missing
// go.sum entry is reported then; and it names a module's go.sum by its path in a checksum mismatch. (Go also
// stops the walk below GOROOT; a module is never there.)
// Pure: the caller looks for the files, in the order given.
import path = require('node:path');

/** Decided, or the go.work files to look for, nearest first: workspace mode when one of them is a file. */
export type GoWorkLookup = { workspace: boolean } | { candidates: string[] };

export function goWorkLookup(moduleDir: string, gowork = ''): GoWorkLookup {
  if (gowork === 'off') return { workspace: false };
  // A relative GOWORK is Go's fatal error before anything is loaded: no workspace to speak of.
  if (gowork !== '' && gowork !== 'auto') return { workspace: path.isAbsolute(gowork) };
  const candidates: string[] = [];
  for (let dir = path.resolve(moduleDir); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'go.work'));
    if (path.dirname(dir) === dir) return { candidates };
  }
}

/**
 * The go.work the go command uses for a module in moduleDir (modload's WorkFilePath): GOWORK when it names one,
 * else the nearest candidate that `isFile` finds; undefined outside workspace mode.
 */
export function goWorkFile(moduleDir: string, gowork: string | undefined, isFile: (file: string) => boolean): string | undefined {
  const lookup = goWorkLookup(moduleDir, gowork);
  if ('workspace' in lookup) return lookup.workspace ? gowork : undefined;
  return lookup.candidates.find(isFile);
}

/** modload.InitWorkfile's refusal of a GOWORK that is a relative path, before anything is loaded; undefined otherwise. */
export function goWorkRefusal(gowork: string | undefined): string | undefined {
  return gowork && gowork !== 'off' && gowork !== 'auto' && !path.isAbsolute(gowork) ? 'the path provided to GOWORK must be an absolute path' : undefined;
}

/**
 * How the go command names an audited sum file in a checksum mismatch (modfetch haveModSumLocked); undefined for
 * Go's plain "go.sum". The workspace's own sum file (its work file's path + ".sum"; `workspaceSum`) is
 * "go.work.sum" when that path ends so, else "go.sum" (a GOWORK named dev.work has dev.work.sum); in workspace
 * mode a module's go.sum is named by its path.
 */
export function goSumFileName(file: string, workspace: boolean, workspaceSum = path.basename(file) === 'go.work.sum'): string | undefined {
  if (workspaceSum) return file.endsWith('go.work.sum') ? 'go.work.sum' : undefined;
  return workspace ? path.resolve(file) : undefined;
}
