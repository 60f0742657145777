// Owns: what the go command makes of the go.mod files an open go.work uses (goenv/mainModules.ts), read from
// disk as the go command reads them, and kept while a file is unchanged: a go.work edit in a workspace of a thousand
// modules then stats them instead of reading and parsing every one again.
// Must never: throw, or answer for a file whose inode, size, mtime or ctime changed since it was read.
import fs = require('node:fs');
import path = require('node:path');
import { usedGoModLoad, type UsedGoModLoad } from '../goenv/mainModules';
import { readSmallFile } from '../shared/smallFile';
import { goText } from '../shared/utf8';
import { MAX_SIBLING_BYTES } from './siblings';

/** Directories remembered at most; past it the memo starts again (a go.work that large is read whole each time). */
const MAX_REMEMBERED = 10_000;

export class UsedGoMods {
  private readonly known = new Map<string, { stamp: string; load: UsedGoModLoad | undefined }>();

  /** What the go command of `release` makes of dir/go.mod (usedGoModLoad); undefined when it is unreadable. */
  loadOf(dir: string, release?: string): UsedGoModLoad | undefined {
    const file = path.join(dir, 'go.mod');
    const fileStamp = stampOf(file);
    if (fileStamp === undefined) return undefined;
    const stamp = `${fileStamp}|${release ?? ''}`;
    const memo = this.known.get(file);
    if (memo?.stamp === stamp) return memo.load;
    // Read after the stat: a write in between leaves a stamp older than the text, so the next look reads it again.
    const data = readSmallFile(file, MAX_SIBLING_BYTES);
    const load = data && usedGoModLoad(goText(data), release);
    if (this.known.size >= MAX_REMEMBERED) this.known.clear();
    this.known.set(file, { stamp, load });
    return load;
  }
}

function stampOf(file: string): string | undefined {
  try {
    const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
    return st?.isFile() ? `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : undefined;
  } catch {
    return undefined;
  }
}
