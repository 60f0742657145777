// Owns: the user's side of a product-bench run: a project directory (a real go.mod and go.sum), a fresh home for
// each run (empty GOPATH, module cache, our cache) and the environment a user would run the CLI or VS Code with:
// GOSUMDB naming the bench's database ("name+key url"), GOPROXY=off and GOFLAGS empty, so nothing leaves the
// machine, SSL_CERT_FILE trusting the test CA the way Go is told to, and the Go someone who builds telegraf has
// installed (its go.mod says go 1.26.0): a GOROOT whose VERSION names go1.26.1. The go on PATH here (Debian's
// go1.19) cannot read that go.mod, and we read go.mod as the local go reads it. Test tooling only.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { escapePath, escapeVersion } from '../../server/src/parse/module';
import { hashGoMod } from '../../server/src/sumdb/dirhash';
import { goRootNaming } from '../support/goroot';

export interface Project {
  dir: string;
  goSumPath: string;
  /** go.sum lines (not blank). */
  lines: number;
}

/** A project directory in `work` holding copies of a go.sum and (when given) its go.mod. */
export function makeProject(work: string, name: string, goSum: string, goMod?: string): Project {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  const goSumPath = path.join(dir, 'go.sum');
  copyFileSync(goSum, goSumPath);
  if (goMod) copyFileSync(goMod, path.join(dir, 'go.mod'));
  return { dir, goSumPath, lines: countLines(goSumPath) };
}

/**
 * A project as someone who has built it has it: its module cache holds, for every go.sum line, the .ziphash or
 * .mod file the go command downloaded. We do not have the real go.mod files, so each module version gets a
 * generated one and its go.sum "/go.mod" line that file's hash; the zip lines stay as they are. The go.sum keeps
 * its lines, order and sizes: the database serving it answers as many lookups of the same shape.
 */
export class BuiltProject {
  readonly project: Project;
  /** "module version" to the go.mod text made for it. */
  private readonly goMods = new Map<string, string>();
  /** [module, version, hash] of each zip line. */
  private readonly zipHashes: string[][];

  constructor(work: string, name: string, goSum: string, goMod?: string) {
    const lines = readFileSync(goSum, 'utf8').split('\n').map((line) => {
      const [module, version, hash] = line.split(' ');
      if (hash === undefined || !version.endsWith('/go.mod')) return line;
      const text = `module ${module}\n\ngo 1.21\n`;
      this.goMods.set(`${module} ${version.slice(0, -'/go.mod'.length)}`, text);
      return `${module} ${version} ${hashGoMod(Buffer.from(text))}`;
    });
    const built = path.join(work, `${name}.go.sum`);
    writeFileSync(built, lines.join('\n'));
    this.project = makeProject(work, name, built, goMod);
    this.zipHashes = lines.map((l) => l.split(' ')).filter((f) => f.length === 3 && !f[1].endsWith('/go.mod'));
  }

  /** Writes the module cache's .ziphash and .mod files into `home`'s GOMODCACHE, as go mod download leaves them. */
  fillModuleCache(home: UserHome): void {
    const dirOf = (module: string) => path.join(home.moduleCache, 'cache', 'download', ...escapePath(module).split('/'), '@v');
    for (const [key, text] of this.goMods) {
      const [module, version] = key.split(' ');
      mkdirSync(dirOf(module), { recursive: true });
      writeFileSync(path.join(dirOf(module), `${escapeVersion(version)}.mod`), text);
    }
    for (const [module, version, hash] of this.zipHashes) {
      mkdirSync(dirOf(module), { recursive: true });
      writeFileSync(path.join(dirOf(module), `${escapeVersion(version)}.ziphash`), hash);
    }
  }
}

function countLines(file: string): number {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
}

export interface DatabaseAddress {
  verifierKey: string;
  url: string;
}

/** The release of the Go the bench's user has installed: one that reads telegraf's go.mod (go 1.26.0). */
const USER_GO_RELEASE = 'go1.26.1';

/** A fresh home: nothing cached by Go or by us. Reusing one (warm runs) keeps our cache in it. */
export class UserHome {
  readonly dir: string;
  /** The user's Go installation, as much of it as we read (its VERSION). */
  readonly goroot: string;

  constructor(work: string) {
    this.dir = mkdtempSync(path.join(work, 'home-'));
    this.goroot = goRootNaming(this.dir, USER_GO_RELEASE);
  }

  get cache(): string {
    return path.join(this.dir, '.cache', 'gosum-doctor');
  }

  get moduleCache(): string {
    return path.join(this.dir, 'go', 'pkg', 'mod');
  }

  /** The user's environment; `caFile` is the bundle SSL_CERT_FILE names. */
  env(db: DatabaseAddress, caFile: string): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.dir,
      GOPATH: path.join(this.dir, 'go'),
      GOMODCACHE: this.moduleCache,
      GOROOT: this.goroot,
      GOFLAGS: '',
      GOPROXY: 'off',
      GOSUMDB: `${db.verifierKey} ${db.url}`,
      SSL_CERT_FILE: caFile,
      GOSUM_DOCTOR_CACHE: this.cache,
    };
  }
}
