// Owns: file paths as the go command writes them: filepath.Join (joined and cleaned, no trailing separator, which
// path.join keeps) and base.ShortPath (relative to the directory go runs in when that is shorter).
// Pure: no I/O, never imports vscode.
import path = require('node:path');

/** filepath.Join: the parts joined and cleaned, with no trailing separator. */
export function goJoin(...parts: string[]): string {
  const p = path.join(...parts);
  return p.length > 1 && p.endsWith(path.sep) ? p.slice(0, -1) : p;
}

/** base.ShortPath from the go command's directory `cwd`: relative when that is shorter, else absolute. */
export function goShortPath(cwd: string, p: string): string {
  const abs = path.resolve(p);
  const rel = path.relative(path.resolve(cwd), abs) || '.';
  return rel.length < abs.length ? rel : abs;
}
