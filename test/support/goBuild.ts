// Owns: building the tests' and benches' Go programs in GOPATH mode against the Debian golang-golang-x-mod-dev
// sources (golang.org/x/mod), or saying what to install when go or those sources are missing. Test tooling only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './built';

/** Where Debian's golang-golang-x-mod-dev puts golang.org/x/mod (a GOPATH). */
const GOPATH = '/usr/share/gocode';

/** A program the tests need is not installed; the message says what to install. */
export class MissingToolError extends Error {}

/** `go version`'s answer, once go and the golang.org/x/mod sources are known to be there. */
export function goWithXMod(): string {
  const go = spawnSync('go', ['version'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  if (go.error || go.status !== 0) throw new MissingToolError('go is not installed: apt-get install golang-go golang-golang-x-mod-dev');
  if (!existsSync(path.join(GOPATH, 'src', 'golang.org', 'x', 'mod', 'sumdb', 'server.go'))) {
    throw new MissingToolError(`golang.org/x/mod sources are not in ${GOPATH}: apt-get install golang-golang-x-mod-dev`);
  }
  return go.stdout.trim();
}

/** Builds the Go program in `dir` (relative to the repository root, e.g. "test/bench/sumdb-server") into `out`. */
export function buildGoProgram(dir: string, out: string): void {
  const r = spawnSync('go', ['build', '-o', out, `./${dir}`], {
    cwd: ROOT, encoding: 'utf8', timeout: 300_000,
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOTOOLCHAIN: 'local', GOCACHE: process.env.GOCACHE || path.join(os.tmpdir(), 'gosum-doctor-bench-gocache') },
  });
  if (r.status !== 0) throw new Error(`go build ./${dir} failed: ${(r.stderr || r.error?.message || '').trim()}`);
}

/** Builds the question-and-answer program test/support/<name> (go-jsonlines) into a temporary directory. */
export function builtGoProgram(name: string, into: string): string {
  const out = path.join(into, name);
  buildGoProgram(`test/support/${name}`, out);
  return out;
}

/** Asks such a program each question (one JSON line each) and returns its answers, in order. */
export function askGoProgram<A>(program: string, questions: readonly unknown[]): A[] {
  const r = spawnSync(program, [], { input: questions.map((q) => JSON.stringify(q)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${path.basename(program)} failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as A);
}
