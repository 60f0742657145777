// Owns: a text file the user keeps (the go env file, a settings.json), read and replaced so that an edit of one
// part leaves every other byte as it was: read as Go text (utf8.ts goText), where a byte that is no UTF-8 stays
// that byte, as the go command's own `go env -w` keeps it; replaced in one step (atomicFile.ts), and only if
// nobody changed the file since it was read.
import fs = require('node:fs/promises');
import { writeAtomic } from './atomicFile';
import { goText, goTextBytes } from './utf8';
import { NON_BLOCKING_READ } from './smallFile';

/** The file was changed (or made, or removed) since it was read: it is not replaced. */
export class ChangedSinceRead extends Error {
  constructor(readonly file: string) {
    super(`${file} changed since it was read`);
    this.name = 'ChangedSinceRead';
  }
}

/** The file's text, every byte kept; '' when there is no file. A FIFO or device there is refused, never waited on. */
export async function readKeptText(file: string): Promise<string> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, NON_BLOCKING_READ);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
  try {
    if (!(await fh.stat()).isFile()) throw new Error(`${file}: not a regular file`);
    return goText(await fh.readFile());
  } finally {
    await fh.close();
  }
}

/**
 * Replaces `file` with `text` (made by editing `expected`, as readKeptText read it) when it still holds `expected`;
 * the old file's mode is kept, a new one gets `mode` (before the umask), and the bytes are on disk before the rename.
 */
export async function replaceKeptText(file: string, expected: string, text: string, mode: number): Promise<void> {
  if (await readKeptText(file) !== expected) throw new ChangedSinceRead(file);
  await writeAtomic(file, goTextBytes(text), { mode, keepMode: true, sync: true });
}
