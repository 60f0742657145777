// Runs the built command-line tool (dist/cli.js) as a user would, without blocking this process (tests that
// serve a database from here need their event loop): stdin closed, output captured, killed if it hangs.
// The caller makes sure dist/ is current (built.ts ensureBuilt) and passes the whole environment.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DIST_CLI, ensureBuilt, ROOT } from './built';
import { directly, type Launcher } from './privateHosts';

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
  /** Wraps the command (e.g. privateHosts.ts withHostNames); default: run as it is. */
  launch?: Launcher;
}

export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [program, argv] = (options.launch ?? directly)(process.execPath, [DIST_CLI, ...args]);
    const child = spawn(program, argv, { cwd: options.cwd ?? ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** What a suite of built-CLI runs shares: a scratch folder (set in its before hook) and servers to stop after each test. */
export interface CliSuite {
  dir: string;
  readonly servers: { close(): Promise<void> }[];
  /** Projects made so far (each gets its own folder). */
  projects: number;
}

/**
 * Mocha hooks for a suite that runs the built CLI: builds dist/ once, makes a scratch folder named `prefix…`, stops
 * every server a test pushed onto `servers` after that test, and removes the folder at the end.
 */
export function cliSuiteHooks(prefix: string): CliSuite {
  const suite: CliSuite = { dir: '', servers: [], projects: 0 };
  before(function () {
    this.timeout(120_000);
    ensureBuilt();
    suite.dir = mkdtempSync(path.join(tmpdir(), prefix));
  });
  after(() => rmSync(suite.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }));
  afterEach(async () => { await Promise.all(suite.servers.splice(0).map((s) => s.close())); });
  return suite;
}

/**
 * A project in the suite's folder whose go.sum holds `lines`, and a user's hermetic environment reaching `db`: its own
 * HOME, GOPATH and our cache, no go env file, no module proxy.
 */
export function goSumProject(suite: CliSuite, lines: readonly string[], db: { verifierKey: string; url: string }): { dir: string; env: Record<string, string> } {
  const dir = path.join(suite.dir, `p${suite.projects++}`);
  const home = path.join(dir, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(dir, 'go.sum'), lines.join('\n') + '\n');
  const env = { PATH: process.env.PATH ?? '', HOME: home, GOENV: 'off', GOPATH: path.join(home, 'go'), GOPROXY: 'off',
    GOSUM_DOCTOR_CACHE: path.join(home, 'cache'), GOSUMDB: `${db.verifierKey} ${db.url}` };
  return { dir, env };
}
