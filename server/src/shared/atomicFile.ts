// Owns: writing a file so that readers see the old bytes or the new ones, never a part: a temp file beside it,
// then a rename. A writer killed in between leaves only a temp file, which isTempFileOf names for clean-up.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Tells this process's temp names from those of another with the same pid (a container, say). */
export const TMP_TAG = randomBytes(4).toString('hex');
let tmpCounter = 0;

/** Creates `file` (it must not exist) holding `data`, or the pieces of it one after the other. */
async function writeNew(file: string, data: Uint8Array | readonly Uint8Array[], mode?: number): Promise<void> {
  if (data instanceof Uint8Array) return fs.writeFile(file, data, { flag: 'wx', mode });
  const fh = await fs.open(file, 'wx', mode);
  try {
    for (const chunk of data) {
      for (let at = 0; at < chunk.length;) at += (await fh.write(chunk, at, chunk.length - at)).bytesWritten;
    }
  } finally {
    await fh.close();
  }
}

/**
 * Temp file + rename. `made` remembers directories known to exist (one mkdir per directory, not per file); `mode`
 * is the new file's (before the umask), e.g. 0o600 for a secret.
 */
export async function writeAtomic(file: string, data: Uint8Array | readonly Uint8Array[], made?: Set<string>, mode?: number): Promise<void> {
  const dir = path.dirname(file);
  if (!made?.has(dir)) {
    await fs.mkdir(dir, { recursive: true });
    made?.add(dir);
  }
  const tmp = `${file}.tmp-${process.pid}-${TMP_TAG}-${(tmpCounter++).toString(36)}`;
  try {
    try {
      await writeNew(tmp, data, mode);
    } catch (err) {
      // Someone removed the directory since we made it: make it again, once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !made?.has(dir)) throw err;
      made.delete(dir);
      await fs.mkdir(dir, { recursive: true });
      made.add(dir);
      await writeNew(tmp, data, mode);
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Whether directory entry `name` is one of writeAtomic's temp files for `file`. */
export function isTempFileOf(name: string, file: string): boolean {
  const prefix = `${path.basename(file)}.tmp-`;
  return name.startsWith(prefix) && /^\d+-[0-9a-f]{8}-[0-9a-z]+$/.test(name.slice(prefix.length));
}
