// Owns: reading a file a file:// GOPROXY entry names, as cmd/go's web package does for file URLs (os.ReadFile):
// the bytes, or undefined when there is no such file. The chain (goenv/chain.ts) is handed this by its callers.
// Must never: read anything but the path it is given, or import vscode.
import { readFile } from 'node:fs/promises';

/** A file's bytes; undefined when it (or a directory above it) does not exist. Other failures throw. */
export async function readLocalFile(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}
