// Runs the go binary (or any command) bounded in time and output: on timeout the whole process group is
// killed (its tree on Windows), and pipes an escaped grandchild holds open cannot delay the result.
// Must never: throw or reject (a missing binary is a result), hang, or import vscode.
import { spawn, type ChildProcess } from 'node:child_process';

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

/** Runs one command with a deadline (and kills it when `signal` aborts); never rejects. */
export function runBounded(binary: string, args: string[], cwd: string | undefined, env: Record<string, string>, timeoutMs: number,
  signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const stdoutChunks: Buffer[] = [];
    let size = 0;
    let stdoutSize = 0;
    let truncated = false;
    let timedOut = false;
    let cancelled = false;
    let exitCode: number | null = null;
    let settled = false;
    let child: ChildProcess;
    const finish = (startError?: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      signal?.removeEventListener('abort', cancel);
      child?.stdout?.destroy();
      child?.stderr?.destroy();
      resolve({ startError, exitCode, timedOut, ...(cancelled ? { cancelled } : {}), output: Buffer.concat(chunks), truncated, stdout: Buffer.concat(stdoutChunks) });
    };
    const take = (chunk: Buffer, fromStdout: boolean) => {
      if (fromStdout && stdoutSize < 4 * MAX_OUTPUT_BYTES) {
        stdoutChunks.push(chunk);
        stdoutSize += chunk.length;
      }
      if (size >= MAX_OUTPUT_BYTES) {
        truncated = true;
        return;
      }
      const room = MAX_OUTPUT_BYTES - size;
      if (chunk.length > room) truncated = true;
      const kept = chunk.subarray(0, room);
      chunks.push(kept);
      size += kept.length;
    };
    let grace: NodeJS.Timeout | undefined;
    const stop = () => {
      killTree(child);
      // Pipes held open by an escaped grandchild must not keep us waiting.
      grace = setTimeout(() => finish(), PIPE_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, Math.max(0, timeoutMs));
    const cancel = () => {
      if (settled || timedOut || cancelled) return;
      cancelled = true;
      stop();
    };
    try {
      child = spawn(binary, args, {
        cwd, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, detached: process.platform !== 'win32',
      });
    } catch (err) {
      finish(err as NodeJS.ErrnoException);
      return;
    }
    child.stdout!.on('data', (c: Buffer) => take(c, true));
    child.stderr!.on('data', (c: Buffer) => take(c, false));
    child.stdout!.on('error', () => undefined);
    child.stderr!.on('error', () => undefined);
    child.on('error', (err) => finish(err as NodeJS.ErrnoException));
    if (signal?.aborted) cancel();
    else signal?.addEventListener('abort', cancel, { once: true });
    child.on('exit', (code) => {
      exitCode = timedOut || cancelled ? null : code;
      // Let the pipes drain, but not forever.
      grace ??= setTimeout(() => finish(), PIPE_GRACE_MS);
    });
    child.on('close', () => finish());
  });
}
