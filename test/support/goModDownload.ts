// Owns: running the real go command as a user would meet the checksum database: `go mod download` in a fresh
// module that requires example.com/greet v1.1.0 and has no go.sum (or the one given), in a private GOPATH, cache and env file, with
// the settings given; and the servers such a suite runs go against (greetBesideGo). Test tooling only.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goOnPath } from './goEnv';
import { directly, type Launcher } from './privateHosts';
import { startGoproxyServer, type GoproxyServer } from './goproxyServer';
import { startSumdbServer, type SumdbServer, type SumdbServerOptions } from './sumdbServer';

export const GREET = { module: 'example.com/greet', version: 'v1.1.0' };
/** The one module the go command downloads from our GOPROXY in these tests. */
export const MODULES = [{ path: GREET.module, version: GREET.version, goMod: 'module example.com/greet\n\ngo 1.17\n', files: { 'greet.go': 'package greet\n' } }];

export interface GoModDownloadOptions {
  /** The go.sum the module starts with (e.g. greet's go.mod line only: Go then asks only for the zip's). */
  goSum?: string;
  /** The module version required (default greet v1.1.0). */
  requires?: { module: string; version: string };
  /** Wraps the command (e.g. privateHosts.ts withHostNames). */
  launch?: Launcher;
}

/** `go mod download` in a module that requires greet (or `requires`) and has no go.sum yet: Go must ask the database. */
export function goModDownload(env: Record<string, string>, options: GoModDownloadOptions = {}): Promise<string> {
  const { goSum, requires = GREET, launch = directly } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goprediction-'));
  fs.writeFileSync(path.join(dir, 'go.mod'), `module example.com/app\n\ngo 1.17\n\nrequire ${requires.module} ${requires.version}\n`);
  if (goSum !== undefined) fs.writeFileSync(path.join(dir, 'go.sum'), goSum);
  fs.writeFileSync(path.join(dir, 'goenv'), '');
  const full = {
    PATH: process.env.PATH ?? '/usr/bin', HOME: dir, GOPATH: path.join(dir, 'gopath'), GOMODCACHE: path.join(dir, 'gopath', 'pkg', 'mod'),
    GOCACHE: path.join(dir, 'gocache'), GOENV: path.join(dir, 'goenv'), GOFLAGS: '-mod=mod -modcacherw', GOTOOLCHAIN: 'local',
    GONOSUMDB: '', GONOPROXY: '', GOPRIVATE: '', GOINSECURE: '', HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '', ...env,
  };
  const [program, args] = launch('go', ['mod', 'download']);
  return new Promise((resolve) => execFile(program, args, { cwd: dir, env: full, timeout: 60_000 }, (_err, stdout, stderr) => {
    fs.rmSync(dir, { recursive: true, force: true });
    resolve((stderr + stdout).trim());
  }));
}


/**
 * greet's GOPROXY and a checksum database holding its go.sum lines (`dbOptions` besides), started before a
 * suite's tests, which are skipped where there is no go command, and closed after them.
 */
export function greetBesideGo(dbOptions: Omit<SumdbServerOptions, 'goSumLines'> = {}): { gp: GoproxyServer; db: SumdbServer } {
  const servers = {} as { gp: GoproxyServer; db: SumdbServer };
  before(async function () {
    if (!goOnPath()) this.skip();
    servers.gp = await startGoproxyServer(MODULES);
    servers.db = await startSumdbServer({ goSumLines: servers.gp.goSumLines, ...dbOptions });
  });
  after(async () => {
    await servers.gp?.close();
    await servers.db?.close();
  });
  return servers;
}
