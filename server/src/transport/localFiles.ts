// Owns: reading what a file:// GOPROXY entry names, as cmd/go's web package reads a file URL (web.GetBytes): the
// bytes, or none when there is no such file (Go answers that as a 404), in Go's words. The chain
// (goenv/chain.ts) asks a directory's sumdb/<name>/supported through this, and the sumdb client reads a database
// such a directory serves (sumdb/remote.ts).
// Must never: read anything but the path it is given, read past the cap it is given, or import vscode.
import fs = require('node:fs/promises');
import { goReadingError } from './failure';

/** A file's bytes; undefined when it (or a directory above it) does not exist. Other failures, and a file over `maxBytes`, throw. */
export async function readLocalFile(path: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array | undefined> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(path, 'r');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
  try {
    const { size } = await fh.stat();
    if (size > maxBytes) throw new Error(`${size} bytes, larger than the ${maxBytes}-byte limit`);
    return new Uint8Array(await fh.readFile());
  } finally {
    await fh.close();
  }
}

/** Go's words for a file:// URL with no file behind it (checked beside the go command: remoteFiles.test.ts). */
export function noSuchFileText(url: string): string {
  return goReadingError(url, 'no such file or directory');
}
