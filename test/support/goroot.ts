// A GOROOT that names a go release in its VERSION, as much of an installation as we read: the go command's release
// ($GOROOT/VERSION) decides which of Go's rules apply. Test tooling only.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** `dir`/goroot whose VERSION names `release` (first line), as Go 1.21+ writes it; returns its path. */
export function goRootNaming(dir: string, release = 'go1.26.1'): string {
  const goroot = path.join(dir, `goroot-${release}`);
  mkdirSync(goroot, { recursive: true });
  writeFileSync(path.join(goroot, 'VERSION'), `${release}\ntime 2026-03-05T18:21:05Z\n`);
  return goroot;
}
