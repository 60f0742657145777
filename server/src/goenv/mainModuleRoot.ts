// Owns: where the go command finds its main module when run in a directory (modload.Init): the go.work of
// workspace mode (InitWorkfile), else the nearest enclosing go.mod (findModuleRoot), except one in the system's
// temporary directory itself, which Go ignores with a warning (golang.org/issue/26708); GO111MODULE=off looks for
// none. What `go env GOWORK GOMOD` reports there.
// Pure: the caller looks at the file system through MainModuleFs.
import path = require('node:path');
import { goWorkFile } from './workspace';

/** What is read of the file system: whether a path is a regular file, and a path with its symbolic links resolved. */
export interface MainModuleFs {
  isFile(file: string): boolean;
  realPath(file: string): string | undefined;
}

export interface MainModuleSettings {
  /** GOWORK as the go command reads it. */
  gowork: string;
  /** GO111MODULE as the go command reads it. */
  go111module: string;
  /** os.TempDir() of the go command: $TMPDIR, or "/tmp" when that is empty. */
  tempDir: string;
}

export type MainModuleRoot =
  | { kind: 'workspace'; workFile: string }
  | { kind: 'module'; dir: string }
  /** No go.mod found (or only the ignored one in `ignoredTempRoot`); 'gopath' when modules are off. */
  | { kind: 'none'; mode: 'module' | 'gopath'; ignoredTempRoot?: string };

/** The main module (or workspace) the go command takes in `dir`. */
export function mainModuleRoot(dir: string, settings: MainModuleSettings, fs: MainModuleFs): MainModuleRoot {
  if (settings.go111module === 'off') return { kind: 'none', mode: 'gopath' };
  const workFile = goWorkFile(dir, settings.gowork, (f) => fs.isFile(f));
  if (workFile !== undefined) return { kind: 'workspace', workFile };
  const root = findModuleRoot(dir, fs);
  // GO111MODULE=auto without a module root stays in GOPATH mode.
  const mode = settings.go111module === 'auto' ? 'gopath' : 'module';
  if (root === undefined) return { kind: 'none', mode };
  if (sameDirectory(root, settings.tempDir, fs)) return { kind: 'none', mode, ignoredTempRoot: root };
  return { kind: 'module', dir: root };
}

/** modload.findModuleRoot: the nearest directory from `dir` up whose go.mod is a regular file. */
export function findModuleRoot(dir: string, fs: MainModuleFs): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.isFile(path.join(d, 'go.mod'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** search.InDir(a, b) == ".": equal as written, or once a's, b's or both sides' symbolic links are resolved. */
function sameDirectory(a: string, b: string, fs: MainModuleFs): boolean {
  if (a === b) return true;
  const realA = fs.realPath(a);
  const realB = fs.realPath(b);
  return realA === b || (realB !== undefined && (a === realB || realA === realB));
}
