// Owns: writing a file so that readers see the old bytes or the new ones, never a part: a temp file beside it,
// then a rename. A writer killed in between leaves only a temp file, which isTempFileOf names for clean-up.
import fs = require('node:fs/promises');
import path = require('node:path');
import { randomBytes } from 'node:crypto';

/** Tells this process's temp names from those of another with the same pid (a container, say). */
export const TMP_TAG = randomBytes(4).toString('hex');
let tmpCounter = 0;

export interface AtomicWriteOptions {
  /** Directories known to exist (one mkdir per directory, not per file); filled in as they are made. */
  made?: Set<string>;
  /** The new file's mode (before the umask), e.g. 0o600 for a secret. */
  mode?: number;
  /** Keep the mode of the file replaced (all of it, set-id bits included, umask aside); `mode` when there is none. */
  keepMode?: boolean;
  /** Flush the bytes to disk before the rename: a file the user owns survives a crash whole, old or new. */
  sync?: boolean;
}

/** How the temp file is made: its mode (umask applied), the old file's exact mode to set, a flush. */
interface NewFile {
  mode?: number;
  kept?: number;
  sync: boolean;
}

/** Creates `file` (it must not exist) holding `data`, or the pieces of it one after the other. */
async function writeNew(file: string, data: Uint8Array | readonly Uint8Array[], how: NewFile): Promise<void> {
  if (data instanceof Uint8Array && !how.sync && how.kept === undefined) return fs.writeFile(file, data, { flag: 'wx', mode: how.mode });
  const fh = await fs.open(file, 'wx', how.kept ?? how.mode);
  try {
    // All pieces in one writev: a write per piece costs a trip through the thread pool each.
    let rest = afterBytes(data instanceof Uint8Array ? [data] : data, 0);
    while (rest.length > 0) {
      const { bytesWritten } = await fh.writev(rest);
      if (bytesWritten === 0) throw new Error(`writing ${file}: the file system took no bytes`);
      rest = afterBytes(rest, bytesWritten);
    }
    // open() applied the umask: a kept mode is set as it was.
    if (how.kept !== undefined) await fh.chmod(how.kept);
    if (how.sync) await fh.sync();
  } finally {
    await fh.close();
  }
}

/** What is left of `pieces` once their first `written` bytes are out, without empty pieces. */
function afterBytes(pieces: readonly Uint8Array[], written: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  for (const piece of pieces) {
    const skip = Math.min(written, piece.length);
    written -= skip;
    if (skip < piece.length) rest.push(skip > 0 ? piece.subarray(skip) : piece);
  }
  return rest;
}

/** The mode of the file about to be replaced, when it is to be kept and there is one. */
async function keptMode(file: string, keep: boolean | undefined): Promise<number | undefined> {
  if (!keep) return undefined;
  try {
    return (await fs.stat(file)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Temp file + rename: a reader sees the old bytes or the new ones, never a part. */
export async function writeAtomic(file: string, data: Uint8Array | readonly Uint8Array[], options: AtomicWriteOptions = {}): Promise<void> {
  const { made } = options;
  const dir = path.dirname(file);
  if (!made?.has(dir)) {
    await fs.mkdir(dir, { recursive: true });
    made?.add(dir);
  }
  const how: NewFile = { mode: options.mode, kept: await keptMode(file, options.keepMode), sync: options.sync ?? false };
  const tmp = `${file}.tmp-${process.pid}-${TMP_TAG}-${(tmpCounter++).toString(36)}`;
  try {
    try {
      await writeNew(tmp, data, how);
    } catch (err) {
      // Someone removed the directory since we made it: make it again, once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !made?.has(dir)) throw err;
      made.delete(dir);
      await fs.mkdir(dir, { recursive: true });
      made.add(dir);
      await writeNew(tmp, data, how);
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
