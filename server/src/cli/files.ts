// Finds and reads the files `gosum-doctor check` looks at: a DIR's go.sum, go.work.sum and go.mod (and, in a
// workspace's own directory, those of every module its go.work uses), or one FILE.
// The CLI's only file reads; size-capped; errors become CheckInputError with a message for the user.

import { readFileSync, realpathSync, statSync } from 'node:fs';
import path = require('node:path');
import { documentKind, type CheckedKind } from '../problems/validate';
import { goText } from '../shared/utf8';
import { isRegularFile } from '../shared/smallFile';
import { goSumFileName, goWorkFile, goWorkRefusal } from '../goenv/workspace';
import { goWorkErrors, parseGoWork } from '../parse/gowork';
import { workspaceModules } from '../goenv/workspaceModules';
import { usedGoModLoad, workspaceRefusal } from '../goenv/mainModules';
import { mainModuleRoot, type MainModuleFs, type MainModuleSettings } from '../goenv/mainModuleRoot';
import { tooNewFor, type GoCommandFacts } from '../goenv/toolchainSelect';

export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface CheckedFile {
  /** As the user will see it: the path they gave, joined with the file name. */
  display: string;
  kind: CheckedKind;
  text: string;
  /** For go.mod: the go.sum beside it ('' when there is none); undefined in workspace mode, where Go asks it nothing. */
  siblingGoSum?: string;
  /** For go.sum and go.work.sum: how the go command names the file in a checksum mismatch (AuditOptions.sumFile). */
  sumFile?: string;
}

export class CheckInputError extends Error {}

function read(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new CheckInputError(`${file}: not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof CheckInputError) throw e;
    throw new CheckInputError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String((e as Error).message)}`);
  }
  if (size > MAX_FILE_BYTES) throw new CheckInputError(`${file}: too large to check (${size} bytes, limit ${MAX_FILE_BYTES})`);
  try {
    // As Go reads it: a byte that is no UTF-8 stays that byte (Go's errors quote it as \xNN), not U+FFFD.
    return goText(readFileSync(file));
  } catch (e) {
    throw new CheckInputError(`${file}: ${(e as Error).message}`);
  }
}

/** Whether the go command runs in workspace mode in `dir` (goenv/workspace.ts) with this GOWORK. */
function inWorkspace(dir: string, gowork: string | undefined): boolean {
  return goWorkFile(dir, gowork, isRegularFile) !== undefined;
}

/** The go.sum a go.mod in `dir` is checked against: undefined in workspace mode, '' when there is none. */
function goSumFor(dir: string, gowork: string | undefined): string | undefined {
  if (inWorkspace(dir, gowork)) return undefined;
  const sum = path.join(dir, 'go.sum');
  return isRegularFile(sum) ? read(sum) : '';
}

/**
 * os.Getwd as the go command calls it: $PWD when it is absolute and names the current directory (reached through
 * a symbolic link, say), else the kernel's path. Go walks up from it to find go.mod and go.work, so through a
 * link the parents are the link's, not the target's.
 */
export function goWorkingDirectory(pwd: string | undefined): string {
  const physical = process.cwd();
  if (!pwd || !path.isAbsolute(pwd) || pwd === physical) return physical;
  try {
    const named = statSync(pwd);
    const dot = statSync('.');
    if (named.dev === dot.dev && named.ino === dot.ino) return pwd;
  } catch {
    // $PWD names nothing there: the kernel's path
  }
  return physical;
}

/**
 * `target` as the go command run where we are would reach it: a relative one from its working directory. Kept as
 * written unless that directory is not the kernel's (then absolute: every relative path the kernel reads would
 * start from the other place).
 */
export function asGoReachesIt(target: string, pwd: string | undefined): string {
  if (path.isAbsolute(target)) return target;
  const cwd = goWorkingDirectory(pwd);
  return cwd === process.cwd() ? target : path.join(cwd, target);
}

/** The directory the go command would run in to check target: target itself, or the directory of a file named. */
export function checkedDirectory(target: string): string {
  let isDir = false;
  try { isDir = statSync(target).isDirectory(); } catch { /* collectFiles says what is wrong with it */ }
  return path.resolve(isDir ? target : path.dirname(target));
}

const FILE_SYSTEM: MainModuleFs = {
  isFile: isRegularFile,
  realPath: (file) => {
    try { return realpathSync(file); } catch { return undefined; }
  },
};

/** What decides which files the go command reads, and how: its main-module settings, and the go command itself. */
export interface CheckSettings extends MainModuleSettings, Omit<GoCommandFacts, 'workspace'> {}

/**
 * The files to check for target (a directory, or a go.mod / go.sum / go.work.sum / go.work file), with the go
 * command's settings as it reads them (goWorkSetting, goModulesSetting). A go.work named is that workspace, as with
 * GOWORK naming it. A directory holding none of the files stands for the main module the go command finds there
 * (the go.work's directory in workspace mode, else the nearest go.mod's): `gosum-doctor check` in a package
 * directory checks its module, as `go mod verify` would.
 */
export function collectFiles(target: string, settings: CheckSettings): CheckedFile[] {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new CheckInputError(`${target}: no such file or directory`);
  }
  const kind = isDir ? undefined : documentKind(target);
  if (kind === 'go.work') return collectFiles(path.dirname(target), { ...settings, gowork: path.resolve(target) });
  const { gowork } = settings;
  const refused = goWorkRefusal(gowork);
  if (refused) throw new CheckInputError(refused);
  if (!isDir) {
    if (!kind) throw new CheckInputError(`${target}: not a go.mod, go.sum, go.work or go.work.sum file`);
    const text = read(target);
    if (kind === 'go.sum') return [{ display: target, kind, text, sumFile: goSumFileName(target, inWorkspace(path.dirname(target), gowork)) }];
    return [{ display: target, kind, text, siblingGoSum: goSumFor(path.dirname(target), gowork) }];
  }
  const workFile = goWorkFile(target, gowork, isRegularFile);
  const workspace = workFile !== undefined;
  const { sum, mod } = moduleFiles(target, workspace);
  // A work file here (go.work, or any file GOWORK names) brings its own sum file (its path + ".sum") and its modules.
  const ownWorkFile = workFile !== undefined && path.dirname(path.resolve(workFile)) === path.resolve(target)
    ? path.join(target, path.basename(workFile)) : undefined;
  const workSumPath = ownWorkFile !== undefined ? `${ownWorkFile}.sum` : path.join(target, 'go.work.sum');
  const workSum: CheckedFile | undefined = isRegularFile(workSumPath)
    ? { display: workSumPath, kind: 'go.sum', text: read(workSumPath), sumFile: goSumFileName(workSumPath, workspace, true) } : undefined;
  const out = [sum, workSum, mod].filter((f): f is CheckedFile => f !== undefined);
  if (ownWorkFile !== undefined) out.push(...usedModuleFiles(target, ownWorkFile, mod?.text, settings));
  if (out.length === 0) return enclosingModuleFiles(target, settings);
  return out;
}

/** The files of the main module the go command finds in `target`, a directory holding none of them. */
function enclosingModuleFiles(target: string, settings: CheckSettings): CheckedFile[] {
  const root = mainModuleRoot(target, settings, FILE_SYSTEM);
  const nothingHere = `${target}: no go.mod, go.sum or go.work.sum here`;
  if (root.kind === 'none') {
    if (root.mode === 'gopath') throw new CheckInputError(`${nothingHere} (GO111MODULE=${settings.go111module}: the go command uses no module)`);
    const ignored = root.ignoredTempRoot === undefined ? '' : `; go: warning: ignoring go.mod in system temp root ${settings.tempDir}`;
    throw new CheckInputError(`${nothingHere} (go: go.mod file not found in current directory or any parent directory${ignored})`);
  }
  const rootDir = root.kind === 'module' ? root.dir : path.dirname(root.workFile);
  // A workspace whose directory holds nothing to check and uses no module: nothing anywhere.
  if (rootDir === path.resolve(target)) throw new CheckInputError(nothingHere);
  // Named as the user named the directory: relative to where they are when they gave a relative one.
  return collectFiles(path.isAbsolute(target) ? rootDir : path.relative(process.cwd(), rootDir) || '.', settings);
}

/**
 * dir's go.sum and go.mod (the go.mod checked against that go.sum unless in workspace mode), as `dir` names them.
 * `goModText`: the go.mod's text when it was read already.
 */
function moduleFiles(dir: string, workspace: boolean, goModText?: string): { sum?: CheckedFile; mod?: CheckedFile } {
  const sumPath = path.join(dir, 'go.sum');
  const modPath = path.join(dir, 'go.mod');
  const sumText = isRegularFile(sumPath) ? read(sumPath) : undefined;
  const modText = goModText ?? (isRegularFile(modPath) ? read(modPath) : undefined);
  return {
    sum: sumText === undefined ? undefined : { display: sumPath, kind: 'go.sum', text: sumText, sumFile: goSumFileName(sumPath, workspace) },
    mod: modText === undefined ? undefined : { display: modPath, kind: 'go.mod', text: modText, siblingGoSum: workspace ? undefined : sumText ?? '' },
  };
}

/**
 * The go.sum and go.mod of every module other than target that the work file in target (the one the go command
 * uses there: go.work, or the file GOWORK names) uses: in workspace mode Go checks downloads against all of them. A go.work the go command refuses is a
 * CheckInputError in its words (no go command works in that workspace, and which go.sum files count is unknown).
 */
function usedModuleFiles(target: string, workFile: string, targetGoMod: string | undefined, settings: CheckSettings): CheckedFile[] {
  const { release } = settings;
  const work = parseGoWork(read(workFile), release);
  const errors = goWorkErrors(work);
  // Go names the file by its absolute path, on every line of its error list (goWorkErrors says "go.work").
  const named = (e: string): string => path.resolve(workFile) + e.slice('go.work'.length);
  if (errors.length > 0) throw new CheckInputError(`reading go.work: ${errors.map(named).join('\n')}`);
  const tooNew = tooNewFor('go.work', work.goVersion, work.toolchain, settings);
  if (tooNew) throw new CheckInputError(tooNew);
  const goModPath = (dir: string): string => path.join(dir, 'go.mod');
  // Each go.mod read once: for the workspace's refusal, then as a file to check.
  const goModTexts = new Map<string, string>(targetGoMod === undefined ? [] : [[path.resolve(target), targetGoMod]]);
  const goModText = (dir: string): string => {
    const key = path.resolve(dir);
    let text = goModTexts.get(key);
    if (text === undefined) goModTexts.set(key, (text = read(goModPath(dir))));
    return text;
  };
  const used = workspaceModules(target, work.uses, (dir) => isRegularFile(goModPath(dir)));
  const refusal = workspaceRefusal(used, { dir: target, ...work, release }, (dir) => usedGoModLoad(goModText(dir), release));
  if (refusal !== undefined) throw new CheckInputError(refusal);
  const out: CheckedFile[] = [];
  for (const { dir } of used.modules) {
    if (path.resolve(dir) === path.resolve(target)) continue;
    const { sum, mod } = moduleFiles(dir, true, goModTexts.get(path.resolve(dir)));
    if (sum) out.push(sum);
    if (mod) out.push(mod);
  }
  return out;
}
