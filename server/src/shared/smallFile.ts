// Owns: reading a small local file whole, synchronously, or learning that it is none: missing, no regular file,
// too large or unreadable; and whether a path is a regular file or a directory, by the same kind of stat. For
// files read or looked for by the thousand (the module cache), at every start (the go env file, go.work files).
// Must never: throw, create an error object for a missing file, or wait on a FIFO.
import fs = require('node:fs');

/** Opening a FIFO for reading without O_NONBLOCK waits for a writer for ever; a regular file reads as ever with it. */
export const NON_BLOCKING_READ = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** Whether `file` is a regular file (symlinks followed); false for anything else or any error. */
export function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** Whether `dir` is a directory (symlinks followed); false for anything else or any error. */
export function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/**
 * A regular file of at most `max` bytes, whole; undefined for anything else or any error (Go treats an unreadable
 * file as absent where we use this). Looked at first with a stat that reports a missing file without an error
 * object: in a shared module cache most are missing, and a thrown ENOENT per go.sum line cost ~60 ms on telegraf.
 */
export function readSmallFile(file: string, max: number): Buffer | undefined {
  let fd: number;
  let size: number;
  try {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st?.isFile() || st.size > max) return undefined;
    size = st.size;
    fd = fs.openSync(file, NON_BLOCKING_READ);
  } catch {
    return undefined;
  }
  try {
    const data = Buffer.allocUnsafe(size);
    let got = 0;
    for (let n = 1; got < size && n > 0; got += n) n = fs.readSync(fd, data, got, size - got, got);
    return data.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}
