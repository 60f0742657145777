// The Go environment a test's process variables resolve to, as the probe takes it: through resolveGoEnv, with no
// go env file and Go's standard go.env defaults; and whether a real go binary is here to compare with.
import { execFileSync } from 'node:child_process';
import type { OsEnv } from '../../server/src/shared/locations';
import { envValues, resolveGoEnv } from '../../server/src/goenv/resolve';
import { readEnvSources } from '../../server/src/goenv/sources';
import type { ProbeEnv } from '../../server/src/diagnosis/probe';

export function resolvedEnv(process: OsEnv, files: { userFile?: string; gorootFile?: string } = {}): ProbeEnv {
  return envValues(resolveGoEnv({
    process: { HOME: '/home/gopher', ...process },
    platform: 'linux',
    ...(files.userFile !== undefined ? { userFile: { path: '/home/gopher/.config/go/env', text: files.userFile } } : {}),
    ...(files.gorootFile !== undefined ? { gorootFile: { path: '/usr/lib/go/go.env', text: files.gorootFile } } : {}),
  }));
}

/** Whether a go binary runs here (tests that compare with real Go are skipped without one). */
export function goOnPath(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore', timeout: 10_000, env: { ...process.env, GOTOOLCHAIN: 'local' } });
    return true;
  } catch {
    return false;
  }
}

/** The release of the go command on PATH as the product reads it ($GOROOT/VERSION of the go binary found there). */
export async function localGoVersion(): Promise<string | undefined> {
  return (await readEnvSources({ process: { PATH: process.env.PATH } })).gorootVersion;
}
