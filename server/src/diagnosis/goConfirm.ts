// Runs the go binary: asks the go command itself to download one module version in a temporary module with a
// fresh module cache, so it really consults GOPROXY and GOSUMDB, and captures exactly what it prints. The
// child sees the Go environment the probe resolved, set variable by variable (its go env file is replaced by
// an empty one so the user's file cannot apply twice), GOTOOLCHAIN=local (never a toolchain download) and
// GOFLAGS with -mod=mod -modcacherw. Bounded in time and cancellable (the whole process group is killed), and in output;
// everything it creates is removed afterwards.
// Must never: run anything when `allowed` is false (untrusted workspaces), throw (a missing or broken go is a
// result), hang, touch the user's module cache, or import vscode.
import { promises as fsp } from 'node:fs';
import os = require('node:os');
import path = require('node:path');
import type { OsEnv } from '../shared/locations';
import { checkModuleVersion } from '../parse/module';
import { goFields } from '../shared/utf8';
import { MAX_OUTPUT_BYTES, runBounded, type RunResult } from '../goenv/goProcess';

export { MAX_OUTPUT_BYTES };

export interface GoConfirmRequest {
  /** The resolved Go environment the probe used (GOPROXY, GOSUMDB, GONOSUMDB, GOPRIVATE, GONOPROXY,
   *  GOINSECURE, GOFLAGS, HTTP(S)_PROXY, NO_PROXY, SSL_CERT_FILE, SSL_CERT_DIR). Empty means unset. */
  env: Readonly<Record<string, string | undefined>>;
  module: string;
  version: string;
}

export interface GoConfirmOptions {
  /** False in untrusted workspaces: nothing is run. */
  allowed: boolean;
  /** The go binary; default "go" from the PATH of `processEnv`. */
  goBinary?: string;
  /** Whole budget for `go version` plus `go mod download` (default 10 s, at most 20 s). */
  timeoutMs?: number;
  /** The environment the child starts from (PATH, HOME, ...); Go's own variables in it are replaced. */
  processEnv?: OsEnv;
  /** Aborted: the go command is killed with everything it started (a cancelled probe). */
  signal?: AbortSignal;
}

export type GoConfirmReason =
  /** `allowed` was false. */
  | 'not-allowed'
  /** No go binary (ENOENT), or it cannot be executed. */
  | 'not-found'
  /** The module version is not one the go command would accept; nothing was run. */
  | 'invalid-module'
  /** No time left in the budget to start. */
  | 'no-time'
  /** The go command did not finish in time and was killed. */
  | 'timeout'
  /** `signal` aborted: nothing was started, or the go command was killed. */
  | 'cancelled'
  /** `go version` failed, or the temporary directory could not be made. */
  | 'failed';

export interface GoConfirmation {
  /** True when `go mod download` was started. */
  ran: boolean;
  reason?: GoConfirmReason;
  /** The command as a person would type it: `go mod download -json M@V`. */
  command: string;
  /** Exit code; null when it did not run or was killed. */
  exitCode: number | null;
  /** stderr and stdout, exactly as printed, in the order they arrived; at most MAX_OUTPUT_BYTES. */
  output: string;
  truncated: boolean;
  ms: number;
  /** From `go version` ("go1.19.8"). */
  goVersion?: string;
  /** What -json reported, when it printed JSON: Go's error text (verbatim) and the hashes it computed. */
  download?: { error?: string; sum?: string; goModSum?: string };
  /** The temporary directory used (already removed when this is returned). */
  workDir?: string;
  /** Set when the temporary directory could not be removed completely. */
  cleanupError?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_TIMEOUT_MS = 20_000;
const VERSION_TIMEOUT_MS = 5_000;
const PROBE_MODULE = 'example.com/gosumdoctorprobe';

/** The variables the child gets from the resolved environment (empty or absent: left unset, Go's default). */
const RESOLVED_VARS = ['GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GONOPROXY', 'GOPRIVATE', 'GOINSECURE'] as const;
/** Proxy and certificate variables: Go reads the upper-case name first, then the lower-case one. */
const NETWORK_VARS = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'] as const;
const CERT_VARS = ['SSL_CERT_FILE', 'SSL_CERT_DIR'] as const;

/** The command line shown for a confirmation. */
export function downloadCommand(module: string, version: string, goBinary = 'go'): string {
  return `${goBinary} mod download -json ${module}@${version}`;
}

/** The user's GOFLAGS without flags that would redirect or forbid module downloads, plus ours. */
export function childGoflags(goflags: string | undefined): string {
  // Split as the go command splits it (strings.Fields), so the child refuses what the user's go command refuses.
  const kept = goFields(goflags ?? '').filter((f) => !/^--?(mod|modfile)(=|$)/.test(f) && !/^--?modcacherw(=|$)/.test(f));
  return [...kept, '-mod=mod', '-modcacherw'].join(' ');
}

export interface ChildDirs {
  module: string;
  gopath: string;
  gocache: string;
  /** An empty go env file. */
  goenv: string;
}

/**
 * The child's environment: the process environment without Go's variables (GOROOT stays: it says which
 * toolchain, not how to reach the network) and without proxy/certificate variables, then every relevant
 * resolved value set explicitly, then the temporary paths. Pure.
 */
export function childEnvironment(resolved: Readonly<Record<string, string | undefined>>, processEnv: OsEnv, dirs: ChildDirs): Record<string, string> {
  const out: Record<string, string> = {};
  const network = new Set<string>([...NETWORK_VARS, ...CERT_VARS].flatMap((n) => [n, n.toLowerCase()]));
  for (const [k, v] of Object.entries(processEnv)) {
    if (typeof v !== 'string') continue;
    const upper = k.toUpperCase();
    if (upper.startsWith('GO') && upper !== 'GOROOT') continue;
    if (network.has(k) || network.has(upper)) continue;
    out[k] = v;
  }
  for (const name of RESOLVED_VARS) {
    const v = resolved[name];
    if (v) out[name] = v;
  }
  for (const name of NETWORK_VARS) {
    const v = resolved[name] || resolved[name.toLowerCase()];
    if (v) out[name] = v;
  }
  for (const name of CERT_VARS) {
    const v = resolved[name];
    if (v) out[name] = v;
  }
  out.GOFLAGS = childGoflags(resolved.GOFLAGS);
  out.GOENV = dirs.goenv;
  out.GOTOOLCHAIN = 'local';
  out.GO111MODULE = 'on';
  out.GOWORK = 'off';
  out.GOPATH = dirs.gopath;
  out.GOMODCACHE = path.join(dirs.gopath, 'pkg', 'mod');
  out.GOCACHE = dirs.gocache;
  // The go command sets these itself when they are unset; set them so no VCS fallback ever waits for input.
  out.GIT_TERMINAL_PROMPT ??= '0';
  return out;
}

/** The temporary module: requires exactly the module version to confirm. */
export function probeGoMod(module: string, version: string): string {
  return `module ${PROBE_MODULE}\n\ngo 1.17\n\nrequire ${module} ${version}\n`;
}

/** Removes a directory tree even when the go command left read-only directories in it (as a module cache does). */
export async function removeTree(dir: string): Promise<string | undefined> {
  try {
    await fsp.rm(dir, { recursive: true, force: true });
    return undefined;
  } catch {
    // fall through: make every directory writable, then try again
  }
  await makeWritable(dir);
  try {
    await fsp.rm(dir, { recursive: true, force: true, maxRetries: 3 });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

async function makeWritable(dir: string): Promise<void> {
  try {
    const st = await fsp.lstat(dir);
    if (!st.isDirectory()) return;
    await fsp.chmod(dir, 0o700);
    for (const name of await fsp.readdir(dir)) await makeWritable(path.join(dir, name));
  } catch {
    // best effort
  }
}

function parseDownloadJson(stdout: Buffer): GoConfirmation['download'] {
  const text = stdout.toString('utf8').trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const j = JSON.parse(text) as { Error?: unknown; Sum?: unknown; GoModSum?: unknown };
    const out: NonNullable<GoConfirmation['download']> = {};
    if (typeof j.Error === 'string') out.error = j.Error;
    if (typeof j.Sum === 'string') out.sum = j.Sum;
    if (typeof j.GoModSum === 'string') out.goModSum = j.GoModSum;
    return out;
  } catch {
    return undefined;
  }
}

/** Asks the go command to download and verify `module@version` with the resolved environment. Never throws. */
export function confirmWithGo(request: GoConfirmRequest, options: GoConfirmOptions): Promise<GoConfirmation> {
  return new GoConfirmRun(request, options).run();
}

/** One confirmation: checks before anything runs, a temporary module, `go version`, then `go mod download`. */
class GoConfirmRun {
  private readonly started = Date.now();
  private readonly binary: string;
  private readonly budget: number;
  /** What every result starts from: nothing ran. */
  private readonly base: GoConfirmation;

  constructor(private readonly request: GoConfirmRequest, private readonly options: GoConfirmOptions) {
    this.binary = options.goBinary ?? 'go';
    this.budget = Math.min(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS);
    const command = downloadCommand(request.module, request.version, options.goBinary ? this.binary : 'go');
    this.base = { ran: false, command, exitCode: null, output: '', truncated: false, ms: 0 };
  }

  async run(): Promise<GoConfirmation> {
    const refused = this.refusal();
    if (refused) return { ...this.base, reason: refused };
    let workDir: string;
    try {
      workDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'gosumdoctor-go-'));
    } catch (err) {
      return this.failed(err);
    }
    let result: GoConfirmation;
    try {
      result = await this.inModule(workDir);
    } catch (err) {
      result = this.failed(err);
    }
    const cleanupError = await removeTree(workDir);
    return { ...result, workDir, ...(cleanupError ? { cleanupError } : {}) };
  }

  /** Why nothing may run at all, if so. */
  private refusal(): GoConfirmReason | undefined {
    if (!this.options.allowed) return 'not-allowed';
    if (checkModuleVersion(this.request.module, this.request.version) !== undefined) return 'invalid-module';
    if (this.budget < 500) return 'no-time';
    return this.options.signal?.aborted ? 'cancelled' : undefined;
  }

  /** The temporary module in `workDir`, with its own GOPATH, cache and go env file; then the go command in it. */
  private async inModule(workDir: string): Promise<GoConfirmation> {
    const dirs: ChildDirs = {
      module: path.join(workDir, 'module'),
      gopath: path.join(workDir, 'gopath'),
      gocache: path.join(workDir, 'gocache'),
      goenv: path.join(workDir, 'goenv'),
    };
    await fsp.mkdir(dirs.module);
    await fsp.writeFile(dirs.goenv, '');
    await fsp.writeFile(path.join(dirs.module, 'go.mod'), probeGoMod(this.request.module, this.request.version));
    const env = childEnvironment(this.request.env, this.options.processEnv ?? process.env, dirs);
    const version = await runBounded(this.binary, ['version'], dirs.module, env, Math.min(VERSION_TIMEOUT_MS, this.budget), this.options.signal);
    const stopped = this.versionFailure(version);
    if (stopped) return stopped;
    const goVersion = /\bgo version (\S+)/.exec(version.output.toString('utf8'))?.[1];
    const left = this.budget - this.elapsed();
    if (left < 500) return { ...this.base, reason: 'no-time', ms: this.elapsed(), ...(goVersion ? { goVersion } : {}) };
    return this.download(dirs.module, env, left, goVersion);
  }

  /** `go version` that did not answer: cancelled, missing, timed out or failed. */
  private versionFailure(version: RunResult): GoConfirmation | undefined {
    if (version.cancelled || this.options.signal?.aborted) return { ...this.base, reason: 'cancelled', ms: this.elapsed() };
    if (version.startError) {
      const missing = version.startError.code === 'ENOENT' || version.startError.code === 'EACCES';
      return { ...this.base, reason: missing ? 'not-found' : 'failed', output: version.startError.message, ms: this.elapsed() };
    }
    if (!version.timedOut && version.exitCode === 0) return undefined;
    return {
      ...this.base, reason: version.timedOut ? 'timeout' : 'failed', exitCode: version.exitCode,
      output: version.output.toString('utf8'), truncated: version.truncated, ms: this.elapsed(),
    };
  }

  /** `go mod download -json M@V` within what is left of the budget, and what it printed. */
  private async download(moduleDir: string, env: Record<string, string>, left: number, goVersion: string | undefined): Promise<GoConfirmation> {
    const { module, version } = this.request;
    const dl = await runBounded(this.binary, ['mod', 'download', '-json', `${module}@${version}`], moduleDir, env, left, this.options.signal);
    const download = parseDownloadJson(dl.stdout);
    return {
      ran: !dl.startError,
      ...(dl.startError ? { reason: 'failed' as const } : dl.timedOut ? { reason: 'timeout' as const } : dl.cancelled ? { reason: 'cancelled' as const } : {}),
      command: this.base.command,
      exitCode: dl.exitCode,
      output: dl.startError ? dl.startError.message : dl.output.toString('utf8'),
      truncated: dl.truncated,
      ms: this.elapsed(),
      ...(goVersion ? { goVersion } : {}),
      ...(download ? { download } : {}),
    };
  }

  private failed(err: unknown): GoConfirmation {
    return { ...this.base, reason: 'failed', output: err instanceof Error ? err.message : String(err), ms: this.elapsed() };
  }

  private elapsed(): number {
    return Date.now() - this.started;
  }
}
