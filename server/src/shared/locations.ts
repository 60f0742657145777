// Where the go command looks for its settings: the go env file ($GOENV or os.UserConfigDir()/go/env) and
// the GOROOT whose go.env supplies defaults. Pure path rules (no file access), never imports vscode.
import nodePath = require('node:path');

export type OsEnv = Readonly<Record<string, string | undefined>>;

export type EnvFileLocation =
  | { kind: 'file'; path: string; /** true when GOENV named it */ fromGOENV: boolean }
  | { kind: 'off' }
  | { kind: 'unknown'; error: string };

function pathApi(platform: NodeJS.Platform): typeof nodePath.posix {
  return platform === 'win32' ? nodePath.win32 : nodePath.posix;
}

/** An environment variable as Go's os.Getenv reads it: names are case-insensitive on Windows. */
function getenv(env: OsEnv, name: string, platform: NodeJS.Platform): string {
  const exact = env[name];
  if (exact !== undefined || platform !== 'win32') return exact ?? '';
  const upper = name.toUpperCase();
  for (const [k, v] of Object.entries(env)) if (k.toUpperCase() === upper && v !== undefined) return v;
  return '';
}

/**
 * Go's os.UserConfigDir, with its error texts: the one place the client, the server and the certificate fix
 * learn where the user's configuration lives. A relative $XDG_CONFIG_HOME is an error, as in current Go (go1.19
 * still took it relative to the go command's working directory, which is no place a fix can write to).
 */
export function userConfigDir(env: OsEnv, platform: NodeJS.Platform): { dir: string } | { error: string } {
  const get = (k: string) => getenv(env, k, platform);
  switch (platform) {
    case 'win32': {
      const dir = get('AppData');
      return dir === '' ? { error: '%AppData% is not defined' } : { dir };
    }
    case 'darwin': {
      const home = get('HOME');
      return home === '' ? { error: '$HOME is not defined' } : { dir: home + '/Library/Application Support' };
    }
    case 'plan9' as NodeJS.Platform: {
      const home = get('home');
      return home === '' ? { error: '$home is not defined' } : { dir: home + '/lib' };
    }
    default: {
      const xdg = get('XDG_CONFIG_HOME');
      if (xdg !== '') {
        return nodePath.posix.isAbsolute(xdg) ? { dir: xdg } : { error: 'path in $XDG_CONFIG_HOME is relative' };
      }
      const home = get('HOME');
      return home === '' ? { error: 'neither $XDG_CONFIG_HOME nor $HOME are defined' } : { dir: home + '/.config' };
    }
  }
}

/** cfg.EnvFile: $GOENV ("off" disables the file), else UserConfigDir()/go/env. */
export function envFileLocation(env: OsEnv, platform: NodeJS.Platform): EnvFileLocation {
  const goenv = getenv(env, 'GOENV', platform);
  if (goenv !== '') return goenv === 'off' ? { kind: 'off' } : { kind: 'file', path: goenv, fromGOENV: true };
  const dir = userConfigDir(env, platform);
  if ('error' in dir) return { kind: 'unknown', error: dir.error };
  if (dir.dir === '') return { kind: 'unknown', error: 'missing user-config dir' };
  return { kind: 'file', path: pathApi(platform).join(dir.dir, 'go/env'), fromGOENV: false };
}

/** Go's filepath.Clean for the platform. */
export function cleanPath(p: string, platform: NodeJS.Platform): string {
  if (p === '') return '.';
  const api = pathApi(platform);
  let out = api.normalize(p);
  const root = api.parse(out).root;
  while (out.length > root.length && (out.endsWith('/') || (platform === 'win32' && out.endsWith('\\')))) {
    out = out.slice(0, -1);
  }
  return out;
}

/**
 * The GOROOT whose go.env Go reads: the user env file's GOROOT first, then $GOROOT, then the one found
 * from the go binary's location (findGOROOT's order, which differs from the effective GOROOT's).
 */
export function gorootForGoEnv(userFileGOROOT: string | undefined, env: OsEnv, found: string | undefined,
  platform: NodeJS.Platform): string | undefined {
  const named = userFileGOROOT || env.GOROOT || '';
  if (named !== '') return cleanPath(named, platform);
  return found ? cleanPath(found, platform) : undefined;
}

/** The environment the go command starts with: vscode-go overlays go.toolsEnvVars on its own environment. */
export function toolEnvironment(process: OsEnv, toolsEnvVars?: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process)) if (typeof v === 'string') out[k] = v;
  for (const [k, v] of Object.entries(toolsEnvVars ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}
