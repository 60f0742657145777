// Owns: reading what a file:// GOPROXY entry names, as cmd/go's web package reads a file URL (web.GetBytes): the
// bytes, or none when there is no such file (Go answers that as a 404), in Go's words. The chain
// (goenv/chain.ts) asks a directory's sumdb/<name>/supported through this, and the sumdb client reads a database
// such a directory serves (sumdb/remote.ts).
// A FIFO where a file should be makes the go command wait for ever (os.ReadFile blocks in its open): we open
// without waiting and say it is no regular file instead. A device is read as Go reads it (/dev/null is an empty
// file to go list), never past the cap (/dev/zero never ends).
// Must never: read anything but the path it is given, read past the cap it is given, wait on a file that is no
// regular file, or import vscode.
import fs = require('node:fs/promises');
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { errorCode, goReadingError } from './failure';
import { NON_BLOCKING_READ } from '../shared/smallFile';

/**
 * A file's bytes; undefined when it does not exist (ENOENT: Go's os.IsNotExist, the one failure Go answers as a
 * 404). Any other failure throws a LocalFileError saying where it failed; a file over `maxBytes` throws.
 */
export async function readLocalFile(path: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array | undefined> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(path, NON_BLOCKING_READ);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw new LocalFileError(path, 'open', e);
  }
  try {
    const stat = await fh.stat();
    if (stat.isFIFO()) throw LocalFileError.notRegular(path);
    if (stat.size > maxBytes) throw tooLarge(stat.size, maxBytes);
    // A device's size says nothing of what it holds: no more than the cap is read either way.
    return await readAtMost(fh, maxBytes).catch((e: unknown) => {
      throw e instanceof TooLarge ? e : new LocalFileError(path, 'read', e);
    });
  } finally {
    await fh.close();
  }
}

class TooLarge extends Error {}

function tooLarge(size: number | string, maxBytes: number): TooLarge {
  return new TooLarge(`${size} bytes, larger than the ${maxBytes}-byte limit`);
}

/** The rest of `fh`, in chunks; past `maxBytes`, a TooLarge error. */
async function readAtMost(fh: fs.FileHandle, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 << 10);
    const { bytesRead } = await fh.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return new Uint8Array(Buffer.concat(chunks, total));
    total += bytesRead;
    if (total > maxBytes) throw tooLarge(`more than ${maxBytes}`, maxBytes);
    chunks.push(chunk.subarray(0, bytesRead));
  }
}

/**
 * What os.ReadFile says when it cannot read `path` whole ("open PATH: no such file or directory", "read PATH: is a
 * directory"), or undefined when it can: for a go.mod the go command must read (problems/crossfile.ts).
 */
export function goReadFileError(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, NON_BLOCKING_READ);
    if (fstatSync(fd).isFIFO()) return LocalFileError.notRegular(path).message;
    // Go's errors come from the open or the first read (a directory opens, and its read fails): one byte tells,
    // where reading the file whole on every edit of the go.mod that names it would not tell more.
    readSync(fd, Buffer.alloc(1), 0, 1, 0);
    return undefined;
  } catch (e) {
    // Node names the failing call, as Go does.
    return new LocalFileError(path, (e as NodeJS.ErrnoException).syscall === 'read' ? 'read' : 'open', e).message;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Opening or reading a local file failed (not for want of the file): the system's error, in Go's words. */
export class LocalFileError extends Error {
  /** A FIFO: the go command never returns from opening it, so there are no Go words to give. */
  static notRegular(path: string): LocalFileError {
    return new LocalFileError(path, 'read', Object.assign(new Error(NOT_REGULAR_TEXT), { code: 'ENOTREG' }));
  }

  /** Node's code ("EISDIR"), or '' when it gave none. */
  readonly code: string;
  /** The errno as Go's syscall package words it ("is a directory"). */
  readonly reason: string;
  constructor(readonly path: string, readonly phase: 'open' | 'read', cause: unknown) {
    const code = errorCode(cause);
    const reason = GO_ERRNO_TEXT[code] ?? nodeReason(cause);
    super(`${phase} ${path}: ${reason}`);
    this.code = code;
    this.reason = reason;
  }
}

/** Go's words for a missing file behind a file:// URL (checked beside the go command: remoteFiles.test.ts). */
export function noSuchFileText(url: string): string {
  return goReadingError(url, GO_ERRNO_TEXT.ENOENT);
}

/**
 * Go's words when reading the file behind a file:// URL failed (cmd/go's web.getFile and GetBytes): a refused
 * open is its 403, "reading URL: permission denied"; another failed open is os.Open's own error, "open PATH:
 * ..."; a failed read is "reading URL: read PATH: ...". Checked beside the go command: remoteFiles.test.ts.
 */
export function goLocalFileText(url: string, err: unknown): string {
  if (!(err instanceof LocalFileError)) return goReadingError(url, err instanceof Error ? err.message : String(err));
  if (err.phase === 'read') return goReadingError(url, err.message);
  return err.code === 'EACCES' || err.code === 'EPERM' ? goReadingError(url, err.reason) : err.message;
}

const NOT_REGULAR_TEXT = 'not a regular file (the go command would wait on it and never return)';

/** Linux errno texts as Go's syscall package has them (Node's libuv words some differently). */
const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  EIO: 'input/output error',
  ENAMETOOLONG: 'file name too long',
  ENXIO: 'no such device or address',
  ENODEV: 'no such device',
  EINVAL: 'invalid argument',
  EBUSY: 'device or resource busy',
  EFBIG: 'file too large',
  ENOMEM: 'cannot allocate memory',
};

/** libuv's text without its code and call: "EXDEV: cross-device link not permitted, open '/x'" → its middle. */
function nodeReason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return /^[A-Z0-9_]+: (.*?)(?:, \w+ '.*')?$/s.exec(text)?.[1] ?? text;
}
