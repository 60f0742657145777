// Runs the real go command on go.mod texts, isolated from the network and the user's settings: `go mod edit -json`
// (modfile's strict parse, what every go command reads a main module with) and `go list -m` (loading the module).
// Each text gets its own directory; runs go in parallel batches. runGo: one go command in a directory, as it is.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goText } from '../../server/src/shared/utf8';

/** Go 1.19's words → today's, where only the wording changed (modfile/rule.go, cmd/go/internal/modload at master). */
const WORDING: [RegExp, string][] = [
  [/\(rooted or starting with \.\/ or \.\.\/\)$/, '(rooted or starting with . or ..)'],
  [/^go: no module declaration in go\.mod\. /, 'go: error reading go.mod: missing module declaration. '],
  [/: missing go\.sum entry; to add it:\n/g, ': missing go.sum entry for go.mod file; to add it:\n'],
];

/** A message of Go 1.19's (the go command CI has) in today's words. */
export function todays(message: string): string {
  return WORDING.reduce((m, [re, to]) => m.replace(re, to), message);
}

/** One error as Go prints it: `go.mod:LINE[:COL]: message` (the column only when it is past 1). */
export interface GoError { line: number; column: number; message: string }

export type GoModEditResult =
  /** `requires`: each require as "path version", with " indirect" when go marks it so. */
  | { kind: 'valid'; modulePath: string; requires: string[] }
  | { kind: 'invalid'; errors: GoError[] }
  | { kind: 'other'; stderr: string };

export interface GoRun { code: number; stdout: string; stderr: string }

/** Runs go with `args` in `cwd` under exactly `env`; its output read as Go text (every byte kept), never a throw. */
export function runGo(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<GoRun> {
  return new Promise((resolve) => {
    execFile('go', args, { cwd, env, timeout: 60_000, encoding: 'buffer' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout: goText(stdout), stderr: goText(stderr) });
    });
  });
}

/** A scratch GOPATH, module cache and build cache, and no proxy, sumdb, toolchain switch or GOFLAGS. */
export class IsolatedGo {
  readonly root = mkdtempSync(path.join(os.tmpdir(), 'gomod-diff-'));
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    const gopath = path.join(this.root, 'gopath');
    this.env = {
      PATH: process.env.PATH, HOME: this.root, GOFLAGS: '', GOPATH: gopath, GOMODCACHE: path.join(gopath, 'pkg', 'mod'),
      GOCACHE: path.join(this.root, 'cache'), GOENV: 'off', GOTOOLCHAIN: 'local', GOPROXY: 'off', GOSUMDB: 'off',
      GONOSUMDB: '', GOPRIVATE: '', GOWORK: 'off', GO111MODULE: 'on', LANG: 'C',
    };
  }

  /** Writes text (or these bytes) as dir/go.mod and runs go there (with `env` over the scratch environment). */
  run(dir: string, text: string | Buffer, args: string[], env: NodeJS.ProcessEnv = {}): Promise<GoRun> {
    const cwd = path.join(this.root, dir);
    mkdirSync(cwd, { recursive: true });
    writeFileSync(path.join(cwd, 'go.mod'), text);
    // Read as Go text (every byte kept): Go prints a byte that is no UTF-8 as it is, and so must our side compare it.
    return runGo(cwd, args, { ...this.env, ...env });
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

const HEADER = 'go: errors parsing go.mod:\n';
const POSITION = /^go\.mod:(\d+)(?::(\d+))?: /gm;

/** Splits `go mod edit`'s stderr into Go's errors (a message may span lines, e.g. replace's usage). */
export function goErrors(stderr: string): GoError[] | undefined {
  if (!stderr.startsWith(HEADER)) return undefined;
  const body = stderr.slice(HEADER.length).replace(/\n$/, '');
  const marks = [...body.matchAll(POSITION)];
  if (marks.length === 0 || marks[0].index !== 0) return undefined;
  return marks.map((m, i) => ({
    line: Number(m[1]), column: m[2] ? Number(m[2]) : 1,
    message: body.slice(m.index! + m[0].length, i + 1 < marks.length ? marks[i + 1].index! - 1 : body.length),
  }));
}

export async function goModEdit(go: IsolatedGo, dir: string, text: string | Buffer): Promise<GoModEditResult> {
  const r = await go.run(dir, text, ['mod', 'edit', '-json', 'go.mod']);
  if (r.code === 0) {
    const json = JSON.parse(r.stdout) as { Module?: { Path?: string }; Require?: { Path: string; Version: string; Indirect?: boolean }[] | null };
    const requires = (json.Require ?? []).map((q) => `${q.Path} ${q.Version}${q.Indirect ? ' indirect' : ''}`);
    return { kind: 'valid', modulePath: json.Module?.Path ?? '', requires };
  }
  const errors = goErrors(r.stderr);
  return errors ? { kind: 'invalid', errors } : { kind: 'other', stderr: r.stderr };
}

/** Runs fn over items, `width` at a time, keeping results in order. */
export async function inBatches<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}
