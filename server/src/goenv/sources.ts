// Reads the places Go settings come from — the user's go env file and $GOROOT/go.env — and finds GOROOT
// from a go binary on PATH when nothing names it, and its release ($GOROOT/VERSION). The thin I/O edge of goenv: it gathers inputs for
// resolve.ts and never interprets them. Never imports vscode (toolsEnvVars arrive as a plain object).
// Sync calls on purpose: a few small local files, each read in microseconds, where each awaited call waited its
// turn in the thread pool (~7 ms of a language server's idle time before its first audit could start).
import { realpathSync, statSync } from 'node:fs';
import { readSmallFile } from '../shared/smallFile';
import { goText } from '../shared/utf8';
import nodePath = require('node:path');
import { EnvInputs } from './resolve';
import { parseEnvFile } from '../shared/envFile';
import { envFileLocation, gorootForGoEnv, toolEnvironment, OsEnv } from '../shared/locations';

export interface SourceOptions {
  process: OsEnv;
  toolsEnvVars?: Readonly<Record<string, unknown>>;
  platform?: NodeJS.Platform;
  /** Resolves a relative GOENV path, as the go command started in this directory would. */
  cwd?: string;
  /** Largest env file read (bad input never hangs us on a huge file). */
  maxBytes?: number;
}

/** $GOROOT/VERSION is a line or two. */
const MAX_VERSION_BYTES = 4096;

/** Go treats an unreadable file as absent. Its values are Go strings: a byte that is no UTF-8 is kept (goText). */
function readText(path: string, maxBytes: number): string | undefined {
  const bytes = readSmallFile(path, maxBytes);
  return bytes && goText(bytes);
}

// findGOROOT's fallback: the go binary lives in GOROOT/bin (symlinks resolved), next to pkg/tool.
function gorootFromPath(env: OsEnv, platform: NodeJS.Platform): string | undefined {
  const api = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const exe = platform === 'win32' ? 'go.exe' : 'go';
  for (const dir of (env.PATH ?? env.Path ?? '').split(api.delimiter)) {
    if (dir === '') continue;
    const candidate = api.join(dir, exe);
    try {
      // Most PATH entries have no go: a stat that reports a miss without an error object (a rejected realpath per
      // entry made the search ~2 ms at every start instead of ~0.3).
      if (!statSync(candidate, { throwIfNoEntry: false })) continue;
      const real = realpathSync(candidate);
      for (const up of ['../..', '../../..']) {
        const root = api.resolve(real, up);
        if (statSync(api.join(root, 'pkg', 'tool')).isDirectory()) return root;
      }
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Gathers everything resolveGoEnv needs, by reading the files the go command would read. */
export async function readEnvSources(options: SourceOptions): Promise<EnvInputs> {
  const platform = options.platform ?? process.platform;
  const maxBytes = options.maxBytes ?? 1 << 20;
  const env = toolEnvironment(options.process, options.toolsEnvVars);
  const location = envFileLocation(env, platform);
  let userFile: EnvInputs['userFile'];
  if (location.kind === 'file') {
    const api = platform === 'win32' ? nodePath.win32 : nodePath.posix;
    const full = options.cwd ? api.resolve(options.cwd, location.path) : location.path;
    const text = readText(full, maxBytes);
    if (text !== undefined) userFile = { path: location.path, text };
  }
  const userGOROOT = userFile ? parseEnvFile(userFile.text).settings.get('GOROOT')?.value : undefined;
  const gorootFound = userGOROOT || env.GOROOT ? undefined : gorootFromPath(env, platform);
  const goroot = gorootForGoEnv(userGOROOT, env, gorootFound, platform);
  let gorootFile: EnvInputs['gorootFile'];
  let gorootVersion: string | undefined;
  if (goroot) {
    const api = platform === 'win32' ? nodePath.win32 : nodePath.posix;
    const path = api.join(goroot, 'go.env');
    const text = readText(path, maxBytes);
    if (text !== undefined) gorootFile = { path, text };
    // The release is VERSION's first line (later ones, since Go 1.21, say when it was built): "go1.19.8", "devel …".
    const release = readText(api.join(goroot, 'VERSION'), MAX_VERSION_BYTES)?.split('\n')[0].trim();
    if (release && /^(go1|devel )/.test(release)) gorootVersion = release;
  }
  return { process: options.process, toolsEnvVars: options.toolsEnvVars, userFile, gorootFile, gorootFound, ...(gorootVersion ? { gorootVersion } : {}), platform };
}
