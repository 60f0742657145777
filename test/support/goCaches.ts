// The three real Go checksum-database caches in test/fixtures: where each one's GOPATH is, and a fingerprint of a
// directory tree so tests can prove Go's files come out untouched (names, sizes, mtimes and bytes).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const CACHES = path.join(__dirname, '..', 'fixtures', 'reference', 'sumdb-caches');

export function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every file under dir with its size, modification time and bytes. */
export function fingerprint(dir: string): string {
  const h = createHash('sha256');
  for (const f of walk(dir).sort()) {
    const st = statSync(f);
    h.update(`${path.relative(dir, f)}\0${st.size}\0${st.mtimeMs}\0`).update(readFileSync(f));
  }
  return h.digest('hex');
}

/** GOPATH of a cache fixture (one of them keeps it under src/). */
export function goPathOf(fixture: string): string {
  const root = path.join(CACHES, fixture);
  return existsSync(path.join(root, 'pkg')) ? root : path.join(root, 'src');
}
