// Runs the go binary (or any command) bounded in time and output: on timeout the whole process group is
// killed (its tree on Windows), and pipes an escaped grandchild holds open cannot delay the result.
// Must never: throw or reject (a missing binary is a result), hang, or import vscode.
import { spawn, type ChildProcess } from 'node:child_process';
import type { CommandRunner } from '../transport/goauth';

/** Combined stdout+stderr kept; stdout alone is kept up to four times this (for JSON answers). */
export const MAX_OUTPUT_BYTES = 16 << 10;
/** After exit (or the kill), how long pipes held by an escaped grandchild may delay the result. */
const PIPE_GRACE_MS = 300;

export interface RunResult {
  /** The spawn error (ENOENT, EACCES...), when the process could not start. */
  startError?: NodeJS.ErrnoException;
  exitCode: number | null;
  timedOut: boolean;
  /** Killed because `signal` aborted. */
  cancelled?: boolean;
  output: Buffer;
  truncated: boolean;
  stdout: Buffer;
  /** Standard error alone, its first MAX_OUTPUT_BYTES. */
  stderr: Buffer;
}

/** Kills the child and everything it started (its process group on POSIX, its tree on Windows). */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
    } else {
      process.kill(-child.pid, 'SIGKILL');
    }
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Runs one command with a deadline (and kills it when `signal` aborts), `stdin` its standard input (none: empty); never rejects. */
export function runBounded(binary: string, args: string[], cwd: string | undefined, env: Record<string, string>, timeoutMs: number,
  signal?: AbortSignal, stdin?: string): Promise<RunResult> {
  return new Promise((resolve) => new BoundedRun(resolve, signal).start(binary, args, cwd, env, timeoutMs, stdin));
}

/** Output kept: combined stdout+stderr up to MAX_OUTPUT_BYTES, stdout alone up to four times that, stderr alone up to it. */
class KeptOutput {
  private readonly chunks: Buffer[] = [];
  private readonly stdoutChunks: Buffer[] = [];
  private readonly stderrChunks: Buffer[] = [];
  private size = 0;
  private stdoutSize = 0;
  private stderrSize = 0;
  truncated = false;

  take(chunk: Buffer, fromStdout: boolean): void {
    if (fromStdout && this.stdoutSize < 4 * MAX_OUTPUT_BYTES) {
      this.stdoutChunks.push(chunk);
      this.stdoutSize += chunk.length;
    }
    if (!fromStdout && this.stderrSize < MAX_OUTPUT_BYTES) {
      this.stderrChunks.push(chunk);
      this.stderrSize += chunk.length;
    }
    if (this.size >= MAX_OUTPUT_BYTES) {
      this.truncated = true;
      return;
    }
    const room = MAX_OUTPUT_BYTES - this.size;
    if (chunk.length > room) this.truncated = true;
    const kept = chunk.subarray(0, room);
    this.chunks.push(kept);
    this.size += kept.length;
  }

  output(): Buffer {
    return Buffer.concat(this.chunks);
  }

  stdout(): Buffer {
    return Buffer.concat(this.stdoutChunks);
  }

  stderr(): Buffer {
    return Buffer.concat(this.stderrChunks);
  }
}

/** One run: the child, its deadline and cancel, and the result given once. */
class BoundedRun {
  private readonly kept = new KeptOutput();
  private timedOut = false;
  private cancelled = false;
  private exitCode: number | null = null;
  private settled = false;
  private child?: ChildProcess;
  private timer?: NodeJS.Timeout;
  private grace?: NodeJS.Timeout;

  constructor(private readonly resolve: (r: RunResult) => void, private readonly signal: AbortSignal | undefined) {}

  start(binary: string, args: string[], cwd: string | undefined, env: Record<string, string>, timeoutMs: number, stdin?: string): void {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.stop();
    }, Math.max(0, timeoutMs));
    try {
      this.child = spawn(binary, args, {
        cwd, env, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], windowsHide: true, detached: process.platform !== 'win32',
      });
      // A command that exits without reading its input must not fail us (EPIPE).
      this.child.stdin?.on('error', () => undefined);
      this.child.stdin?.end(stdin);
    } catch (err) {
      this.finish(err as NodeJS.ErrnoException);
      return;
    }
    this.watch(this.child);
  }

  private watch(child: ChildProcess): void {
    child.stdout!.on('data', (c: Buffer) => this.kept.take(c, true));
    child.stderr!.on('data', (c: Buffer) => this.kept.take(c, false));
    child.stdout!.on('error', () => undefined);
    child.stderr!.on('error', () => undefined);
    child.on('error', (err) => this.finish(err as NodeJS.ErrnoException));
    if (this.signal?.aborted) this.cancel();
    else this.signal?.addEventListener('abort', this.cancel, { once: true });
    child.on('exit', (code) => {
      this.exitCode = this.timedOut || this.cancelled ? null : code;
      // Let the pipes drain, but not forever.
      this.grace ??= setTimeout(() => this.finish(), PIPE_GRACE_MS);
    });
    child.on('close', () => this.finish());
  }

  private readonly cancel = (): void => {
    if (this.settled || this.timedOut || this.cancelled) return;
    this.cancelled = true;
    this.stop();
  };

  private stop(): void {
    if (this.child) killTree(this.child);
    // Pipes held open by an escaped grandchild must not keep us waiting.
    this.grace = setTimeout(() => this.finish(), PIPE_GRACE_MS);
  }

  private finish(startError?: NodeJS.ErrnoException): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    clearTimeout(this.grace);
    this.signal?.removeEventListener('abort', this.cancel);
    this.child?.stdout?.destroy();
    this.child?.stderr?.destroy();
    const { exitCode, timedOut, cancelled, kept } = this;
    this.resolve({
      startError, exitCode, timedOut, ...(cancelled ? { cancelled } : {}), output: kept.output(), truncated: kept.truncated, stdout: kept.stdout(), stderr: kept.stderr(),
    });
  }
}

/** How long one GOAUTH command may run (Go waits without end; our run has its own deadline). */
const GOAUTH_COMMAND_MS = 10_000;

/**
 * GOAUTH's command runner (transport/goauth.ts): argv run without a shell in `env`, its input given, bounded in time;
 * a failure in the words of Go's os/exec ("exit status 1", `exec: "x": executable file not found in $PATH`).
 */
export function goauthRunner(env: Record<string, string>, timeoutMs = GOAUTH_COMMAND_MS): CommandRunner {
  return async (argv, options) => {
    const r = await runBounded(argv[0], argv.slice(1), options.cwd, { ...env, ...options.env }, timeoutMs, undefined, options.stdin);
    if (r.startError) return { error: execStartError(argv[0], r.startError) };
    if (r.timedOut) return { error: 'signal: killed' };
    // Go quotes the whole stderr; we keep its first line, short (never stdout, where credentials are written).
    const said = r.stderr.toString('utf8').trim().split('\n')[0].slice(0, 200);
    if (r.exitCode !== 0) return { error: `exit status ${r.exitCode ?? -1}\n${said}` };
    return { stdout: r.stdout.toString('utf8') };
  };
}

function execStartError(name: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT' && !name.includes('/')) return `exec: "${name}": executable file not found in $PATH`;
  const what = err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
  return `fork/exec ${name}: ${what}`;
}
