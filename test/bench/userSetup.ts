// Owns: the user's side of a product-bench run: a project directory (a real go.mod and go.sum), a fresh home for
// each run (empty GOPATH, module cache, our cache) and the environment a user would run the CLI or VS Code with:
// GOSUMDB naming the bench's database ("name+key url"), GOPROXY=off and GOFLAGS empty, so nothing leaves the
// machine, and SSL_CERT_FILE trusting the test CA the way Go is told to. Test tooling only.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

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

function countLines(file: string): number {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
}

export interface DatabaseAddress {
  verifierKey: string;
  url: string;
}

/** A fresh home: nothing cached by Go or by us. Reusing one (warm runs) keeps our cache in it. */
export class UserHome {
  readonly dir: string;

  constructor(work: string) {
    this.dir = mkdtempSync(path.join(work, 'home-'));
  }

  get cache(): string {
    return path.join(this.dir, '.cache', 'gosum-doctor');
  }

  /** The user's environment; `caFile` is the bundle SSL_CERT_FILE names. */
  env(db: DatabaseAddress, caFile: string): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.dir,
      GOPATH: path.join(this.dir, 'go'),
      GOMODCACHE: path.join(this.dir, 'go', 'pkg', 'mod'),
      GOFLAGS: '',
      GOPROXY: 'off',
      GOSUMDB: `${db.verifierKey} ${db.url}`,
      SSL_CERT_FILE: caFile,
      GOSUM_DOCTOR_CACHE: this.cache,
    };
  }
}
