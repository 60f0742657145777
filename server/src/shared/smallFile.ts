// Owns: reading a small local file whole, synchronously, or learning that it is none: missing, no regular file,
// too large or unreadable; and whether a path is a regular file or a directory, by the same kind of stat. For
// files read or looked for by the thousand (the module cache), at every start (the go env file, go.work files).
// Must never: throw or wait on a FIFO; readSmallFile never makes an error object for a missing file either.
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
  try {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st?.isFile() || st.size > max) return undefined;
  } catch {
    return undefined;
  }
  // Read as any file is: a FIFO put in its place since the stat is still not waited on.
  return readPresentFile(file, max);
}

/** Where readPresentFile reads a small file before copying it out: one buffer, as the process is single-threaded. */
const scratch = Buffer.allocUnsafe(64 << 10);

/**
 * readSmallFile for a file that is usually there (a built project's module cache holds one per go.sum line): read
 * without a stat first, which cost more than the rest of the read (3,600 files: ~23 against ~33 ms in a fresh
 * process); readSmallFile reads through it after its stat. Opened without waiting and read to its end; more than `max` bytes, a read that fails (a directory) or
 * nothing at all from what is no regular file (a FIFO, /dev/null) is undefined. A missing file costs an error
 * object here: where most are missing, readSmallFile is the cheaper one.
 */
export function readPresentFile(file: string, max: number): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, NON_BLOCKING_READ);
  } catch {
    return undefined;
  }
  try {
    const data = readToEnd(fd, max);
    if (data === undefined || (data.length === 0 && !fs.fstatSync(fd).isFile())) return undefined;
    return data;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** The rest of `fd`, undefined past `max` bytes; small files through the scratch buffer, larger ones in a buffer of their own. */
function readToEnd(fd: number, max: number): Buffer | undefined {
  let buf = scratch;
  let got = 0;
  for (;;) {
    if (got === buf.length) {
      if (got > max) return undefined;
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
      buf.copy(bigger, 0, 0, got);
      buf = bigger;
    }
    const n = fs.readSync(fd, buf, got, Math.min(buf.length, max + 1) - got, null);
    if (n === 0) break;
    got += n;
    if (got > max) return undefined;
  }
  return buf === scratch ? Buffer.from(scratch.subarray(0, got)) : buf.subarray(0, got);
}

