// Owns: building the bench's two Go programs — the checksum database (sumdb-server/) and the Go baseline
// (gosumcheck-equivalent/) — in GOPATH mode against the Debian golang-golang-x-mod-dev sources, or saying what
// to install when go or those sources are missing. Test tooling only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/built';

/** Where Debian's golang-golang-x-mod-dev puts golang.org/x/mod (a GOPATH). */
const GOPATH = '/usr/share/gocode';

export interface GoPrograms {
  /** `go version`'s answer. */
  goVersion: string;
  database: string;
  baseline: string;
}

/** A program the bench needs is not installed; the message says what to install. */
export class MissingToolError extends Error {}

function build(pkg: string, out: string): void {
  const r = spawnSync('go', ['build', '-o', out, `./test/bench/${pkg}`], {
    cwd: ROOT, encoding: 'utf8', timeout: 300_000,
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOTOOLCHAIN: 'local', GOCACHE: process.env.GOCACHE || path.join(os.tmpdir(), 'gosum-doctor-bench-gocache') },
  });
  if (r.status !== 0) throw new Error(`go build ./test/bench/${pkg} failed: ${(r.stderr || r.error?.message || '').trim()}`);
}

/** Builds both programs into `dir`; a MissingToolError says what to install. */
export function buildGoPrograms(dir: string): GoPrograms {
  const go = spawnSync('go', ['version'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  if (go.error || go.status !== 0) throw new MissingToolError('go is not installed: apt-get install golang-go golang-golang-x-mod-dev');
  if (!existsSync(path.join(GOPATH, 'src', 'golang.org', 'x', 'mod', 'sumdb', 'server.go'))) {
    throw new MissingToolError(`golang.org/x/mod sources are not in ${GOPATH}: apt-get install golang-golang-x-mod-dev`);
  }
  const database = path.join(dir, 'sumdb-server');
  const baseline = path.join(dir, 'gosumcheck-equivalent');
  build('sumdb-server', database);
  build('gosumcheck-equivalent', baseline);
  return { goVersion: go.stdout.trim(), database, baseline };
}
