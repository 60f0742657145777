// Owns: where our cache directory is: $GOSUM_DOCTOR_CACHE, else $XDG_CACHE_HOME/gosum-doctor, else the platform's
// usual place. The command-line tool, the language server and its start (the code cache) all ask here.
// Must never: do I/O or create the directory (its writers do, on first write).
import os = require('node:os');
import path = require('node:path');

/** Our cache directory as the environment names it. */
export function ourCacheDir(env: NodeJS.ProcessEnv, home: string = os.homedir(), platform: string = process.platform): string {
  return env.GOSUM_DOCTOR_CACHE || defaultCacheDir(env, home, platform);
}

/** Our cache directory when $GOSUM_DOCTOR_CACHE is not set: $XDG_CACHE_HOME/gosum-doctor, else the platform's usual place. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir(), platform: string = process.platform): string {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'gosum-doctor');
  if (platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'gosum-doctor', 'cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'gosum-doctor');
  return path.join(home, '.cache', 'gosum-doctor');
}
