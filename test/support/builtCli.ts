// Runs the built command-line tool (dist/cli.js) as a user would, without blocking this process (tests that
// serve a database from here need their event loop): stdin closed, output captured, killed if it hangs.
// The caller makes sure dist/ is current (built.ts ensureBuilt) and passes the whole environment.
import { spawn } from 'node:child_process';
import { DIST_CLI, ROOT } from './built';

export interface CliRun {
  /** The exit status; null when the process was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The process outlived its time and was killed. */
  timedOut: boolean;
}

export interface CliOptions {
  env: NodeJS.ProcessEnv;
  /** Default: the repository root. */
  cwd?: string;
  /** Default: 30 s. */
  timeoutMs?: number;
}

export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST_CLI, ...args], { cwd: options.cwd ?? ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream, so a character split across chunks stays whole.
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, timedOut }); });
  });
}
