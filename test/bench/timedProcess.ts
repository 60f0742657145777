// Owns: running one program as its own process, timed from outside as a user's shell would time it: wall time
// from spawn to exit, and its peak resident set size from the kernel (GNU time, i.e. wait4's ru_maxrss), with its
// output captured. Test tooling only.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** GNU time (Debian package `time`); the shell's `time` keyword reports no memory. */
export const GNU_TIME = '/usr/bin/time';

export interface TimedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  /** The process's peak resident set size, in MB. */
  peakRssMB: number;
}

export interface TimedOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Default: 120 s. */
  timeoutMs?: number;
}

/** Runs `program args` under GNU time; the wall time is taken here, around the whole process. */
export function timedRun(program: string, args: readonly string[], options: TimedOptions): Promise<TimedRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-bench-time-'));
  const report = path.join(dir, 'rusage');
  return new Promise<TimedRun>((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(GNU_TIME, ['-f', '%M', '-o', report, program, ...args], {
      cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      const kb = existsSync(report) ? Number(readFileSync(report, 'utf8').trim().split('\n').pop()) : NaN;
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr, ms, peakRssMB: kb / 1024 });
    });
  });
}

/** The peak resident set size of a running process so far (its VmHWM), in MB. */
export function peakRssOf(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
