// Makes sure dist/ holds a current build before tests spawn dist/cli.js or dist/server.js:
// rebuilds (once per test process) when a bundle is missing or older than any source file.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST_CLI = path.join(ROOT, 'dist', 'cli.js');
export const DIST_SERVER = path.join(ROOT, 'dist', 'server.js');

let checked = false;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  if (checked) return;
  checked = true;
  const bundles = [DIST_CLI, path.join(ROOT, 'dist', 'cliMain.js'), DIST_SERVER, path.join(ROOT, 'dist', 'serverMain.js')];
  const sources = Math.max(newestMtime(path.join(ROOT, 'server', 'src')), newestMtime(path.join(ROOT, 'client', 'src')));
  if (bundles.every((b) => existsSync(b) && statSync(b).mtimeMs >= sources)) return;
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}
