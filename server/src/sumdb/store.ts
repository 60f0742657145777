// Owns: the files behind the checksum-database client — our own cache directory (remembered tree heads, the
// verified-record pack of each database; atomic temp+rename writes under a lock file, so that a compare-and-swap
// of a tree head or a read-merge-replace of a pack by another process cannot interleave; a lock left by a dead
// process is taken over) and the go command's sumdb caches, which are read as an extra source only (as are
// lookup and tile files earlier versions of ours wrote). File system calls are dear, so it remembers the
// directories it made and, briefly, which cache directories do not exist.
// Must never: write, lock, rename or create anything under Go's directories, follow a file name outside its
// root, or treat what it reads as trusted (the client verifies everything it gets from here).
import fsc = require('node:fs');
import { NON_BLOCKING_READ } from '../shared/smallFile';
import fs = require('node:fs/promises');
import os = require('node:os');
import path = require('node:path');
import { realClock, type ScheduleClock } from './clock';
import { isTempFileOf, TMP_TAG, writeAtomic } from '../shared/atomicFile';

/** The go command's sumdb directories, as cmd/go/internal/modfetch/sumdb.go lays them out. */
export interface GoSumdbDirs {
  /** $GOPATH/pkg/sumdb (first GOPATH entry): holds "<name>/latest". */
  sumdbDir?: string;
  /** $GOMODCACHE/cache/download/sumdb: holds "<name>/lookup/..." and "<name>/tile/...". */
  downloadDir?: string;
}

/** Go's directories from already-resolved GOPATH (list) and GOMODCACHE values. */
export function goSumdbDirs(goPath: string | undefined, goModCache: string | undefined): GoSumdbDirs {
  const first = (goPath ?? '').split(path.delimiter).find((p) => p !== '');
  const modCache = goModCache || (first ? path.join(first, 'pkg', 'mod') : undefined);
  return {
    sumdbDir: first ? path.join(first, 'pkg', 'sumdb') : undefined,
    downloadDir: modCache ? path.join(modCache, 'cache', 'download', 'sumdb') : undefined,
  };
}

export interface StoreOptions {
  /** Our cache directory (created on first write). */
  cacheDir: string;
  /** Go's directories, read-only; omit to ignore Go's caches. */
  go?: GoSumdbDirs;
  /** Largest file read back from any cache. */
  maxFileBytes?: number;
  /** Times the wait for another process's lock (real time by default). */
  clock?: ScheduleClock;
}

const MAX_CONFIG_BYTES = 64 << 10;
const DEFAULT_MAX_FILE_BYTES = 8 << 20;
const MAX_INDEX_BYTES = 256 << 20;
/** How long a cache directory seen missing (or present) is taken as such (another process may create it). */
const DIR_STATE_TTL_MS = 2000;
// Names the client uses: "<db name>/latest", "<db name>/lookup/<escaped>@<escaped>", "<db name>/tile/8/0/x001/234.p/5".
const SAFE_FILE = /^[A-Za-z0-9._~!@+\-:/]+$/;

/** Why a cache file name is refused, or undefined when it is safe to join under a root. */
export function unsafeFileName(file: string): string | undefined {
  if (file.length === 0 || file.length > 2048) return 'bad length';
  if (!SAFE_FILE.test(file)) return 'unexpected character';
  if (file.startsWith('/')) return 'absolute';
  for (const elem of file.split('/')) if (elem === '' || elem === '.' || elem === '..') return 'bad path element';
  return undefined;
}

const resolvedRoots = new Map<string, string>();

function under(root: string, file: string): string {
  const problem = unsafeFileName(file);
  if (problem) throw new Error(`refusing cache file name ${JSON.stringify(file)}: ${problem}`);
  if (path.sep === '/') {
    // Every element is a plain name (unsafeFileName), so on POSIX appending it cannot leave the root; this is
    // called for every lookup, and path.resolve builds its answer a character at a time.
    let base = resolvedRoots.get(root);
    if (base === undefined) {
      base = path.resolve(root);
      if (resolvedRoots.size > 64) resolvedRoots.clear();
      resolvedRoots.set(root, base);
    }
    return base.endsWith('/') ? base + file : `${base}/${file}`;
  }
  const full = path.resolve(root, ...file.split('/'));
  const rel = path.relative(path.resolve(root), full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`refusing cache file name ${JSON.stringify(file)}: outside ${root}`);
  return full;
}

/** Reads a whole file if it exists and is no larger than `max`; an empty file counts as missing (Go's rule). */
function readBounded(file: string, max: number): Promise<Uint8Array | undefined> {
  // Plain descriptors and callbacks: a missing file is the common answer, and a FileHandle per read (with a
  // rejected promise for every miss) costs more than the read itself when thousands of lookups ask.
  return new Promise<Uint8Array | undefined>((resolve, reject) => {
    // Without waiting: a FIFO in Go's cache or ours would hold the open (and a thread of the pool) for ever.
    fsc.open(file, NON_BLOCKING_READ, (openErr, fd) => {
      if (openErr) return resolve(undefined);
      const done = (err: Error | null, data?: Uint8Array): void => {
        fsc.close(fd, () => (err ? reject(err) : resolve(data)));
      };
      fsc.fstat(fd, (statErr, st) => {
        if (statErr) return done(statErr);
        if (!st.isFile() || st.size === 0) return done(null, undefined);
        if (st.size > max) return done(new Error(`${file}: ${st.size} bytes, larger than the ${max}-byte limit`));
        const buf = Buffer.allocUnsafe(st.size);
        const readMore = (at: number): void => {
          fsc.read(fd, buf, at, buf.length - at, at, (readErr, n) => {
            if (readErr) return done(readErr);
            if (n > 0 && at + n < buf.length) return readMore(at + n);
            const len = at + n;
            done(null, len === 0 ? undefined : new Uint8Array(buf.buffer, buf.byteOffset, len));
          });
        };
        readMore(0);
      });
    });
  });
}

/** Temp files of `file` left by writers that died: only the lock holder writes one, so while we hold it none is live. */
async function removeTempFiles(file: string): Promise<void> {
  // Exactly writeAtomic's names: another database's pack cannot be taken for one.
  const ours = (n: string): boolean => isTempFileOf(n, file);
  const names = await fs.readdir(path.dirname(file)).catch(() => [] as string[]);
  await Promise.all(names.filter(ours).map((n) => fs.rm(path.join(path.dirname(file), n), { force: true }).catch(() => undefined)));
}

/** A lock file older than this was left by a process that died holding it. */
const LOCK_STALE_MS = 10_000;
/** Longest wait for another process's lock before giving up on the write. */
const LOCK_WAIT_MS = 15_000;

/** Whether two looks at a lock file saw the same file (one made again in between has another inode or times). */
function sameLock(a: fsc.Stats, b: fsc.Stats): boolean {
  return a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.birthtimeMs === b.birthtimeMs;
}

/** "<host> <pid>": who holds a lock, so that a lock whose process is gone is taken over at once. */
const LOCK_OWNER = `${os.hostname()} ${process.pid}\n`;

/** Whether the lock file names a process of this machine that no longer runs (killed, say, in the middle of a write). */
async function ownerGone(lock: string): Promise<boolean> {
  const text = await fs.readFile(lock, 'utf8').catch(() => '');
  const [host, pidText] = text.trim().split(' ');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Whether creating the lock failed because it is held (Windows refuses a file that is being deleted). */
function lockBusy(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EEXIST' || (process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY'));
}

/**
 * Removes a lock judged stale from `seen`. It is moved aside under a name of our own first, so two processes
 * cannot both remove it; when what was moved is not the file judged stale (another process took the stale one
 * over between our stat and our rename and made its own), that one is put back.
 */
export async function takeOverStale(lock: string, seen: fsc.Stats): Promise<void> {
  const aside = `${lock}.stale-${process.pid}-${TMP_TAG}`;
  if (!(await fs.rename(lock, aside).then(() => true, () => false))) return;
  const moved = await fs.stat(aside).catch(() => undefined);
  if (moved && !sameLock(moved, seen)) await fs.link(aside, lock).catch(() => undefined);
  await fs.rm(aside, { force: true }).catch(() => undefined);
}

/**
 * Runs fn while holding "<file>.lock", created exclusively, so that a read-compare-rename of `file` by another
 * process (another editor window, a CLI run) cannot interleave with ours. A lock left by a crashed process is
 * taken over once stale; one we cannot take in LOCK_WAIT_MS fails the write with an error.
 */
async function withFileLock<T>(file: string, clock: ScheduleClock, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const started = clock.now();
  await fs.mkdir(path.dirname(file), { recursive: true });
  let mine: fsc.Stats;
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      const fd = await fs.open(lock, 'wx');
      try {
        await fd.write(LOCK_OWNER);
        mine = await fd.stat();
      } finally {
        await fd.close();
      }
      break;
    } catch (err) {
      if (!lockBusy(err)) throw err;
    }
    const st = await fs.stat(lock).catch(() => undefined);
    // No regular file (a FIFO, which reading would wait on for ever) is no lock of ours: it is taken over.
    if (st && (!st.isFile() || Date.now() - st.mtimeMs > LOCK_STALE_MS || await ownerGone(lock))) {
      await takeOverStale(lock, st);
      continue;
    }
    if (clock.now() - started > LOCK_WAIT_MS) throw new Error(`${lock}: held by another process for too long`);
    await new Promise<void>((resolve) => clock.after(wait, resolve, false));
  }
  try {
    return await fn();
  } finally {
    // Not another process's: one that took ours over while we were stopped for longer than LOCK_STALE_MS.
    const now = await fs.stat(lock).catch(() => undefined);
    if (now && sameLock(now, mine)) await fs.rm(lock, { force: true }).catch(() => undefined);
  }
}

/** "<name>/lookup" or "<name>/tile" for a cache file name, the directory whose absence answers for all below it. */
function kindDir(file: string): string | undefined {
  const l = file.indexOf('/lookup/');
  const t = file.indexOf('/tile/');
  if (l < 0 && t < 0) return undefined;
  return l >= 0 && (t < 0 || l < t) ? file.slice(0, l + 7) : file.slice(0, t + 5);
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  const x = a ?? new Uint8Array(0);
  const y = b ?? new Uint8Array(0);
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
}

/**
 * The file half of the client's operations. Config = remembered tree heads ("<name>/latest");
 * cache = verified lookups and authenticated tiles. Reads fall back to Go's caches; writes go to ours only.
 */
export class SumdbStore {
  private readonly configRoot: string;
  private readonly cacheRoot: string;
  private readonly maxFileBytes: number;
  private readonly indexRoot: string;
  private readonly configLocks = new Map<string, Promise<unknown>>();
  private readonly clock: ScheduleClock;
  /** Directories under our cache root made (or seen) by this store. */
  private readonly made = new Set<string>();
  /** Whether cache directories existed ("<root>\0<name>/lookup"), and when that was seen. */
  private readonly dirSeen = new Map<string, { exists: boolean; at: number; pending?: Promise<boolean> }>();

  constructor(private readonly options: StoreOptions) {
    this.configRoot = path.join(options.cacheDir, 'sumdb', 'config');
    this.cacheRoot = path.join(options.cacheDir, 'sumdb', 'cache');
    this.indexRoot = path.join(options.cacheDir, 'sumdb', 'index');
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.clock = options.clock ?? realClock;
  }

  /** Reads one cache file under `root`, unless its lookup/ or tile/ directory was just seen missing. */
  private async readUnder(root: string, file: string): Promise<Uint8Array | undefined> {
    const kind = kindDir(file);
    if (kind && !(await this.dirExists(root, kind))) return undefined;
    return readBounded(under(root, file), this.maxFileBytes);
  }

  /**
   * Whether `root`/`kind` exists, looked at once per DIR_STATE_TTL_MS however many reads ask at once (a cold
   * audit asks for thousands of files in directories that do not exist yet).
   */
  private dirExists(root: string, kind: string): boolean | Promise<boolean> {
    const key = `${root}\0${kind}`;
    const seen = this.dirSeen.get(key);
    if (seen && (seen.pending || this.clock.now() - seen.at < DIR_STATE_TTL_MS)) return seen.pending ?? seen.exists;
    const pending = new Promise<boolean>((resolve) => fsc.access(under(root, kind), (err) => resolve(!err)));
    const entry: { exists: boolean; at: number; pending?: Promise<boolean> } = { exists: true, at: this.clock.now(), pending };
    this.dirSeen.set(key, entry);
    void pending.then((exists) => {
      entry.exists = exists;
      entry.at = this.clock.now();
      entry.pending = undefined;
    });
    return pending;
  }

  /** Our remembered file, or undefined when we have none yet. */
  async readConfig(file: string): Promise<Uint8Array | undefined> {
    return readBounded(under(this.configRoot, file), MAX_CONFIG_BYTES);
  }

  /**
   * Replaces the config file when it still holds `old` (missing or empty counts as `old` being empty,
   * like Go's WriteConfig). Returns false on a conflict. Serialised within this process, and across
   * processes by a lock file; the rename keeps readers from ever seeing a half-written head.
   */
  async writeConfig(file: string, old: Uint8Array | undefined, data: Uint8Array): Promise<boolean> {
    const target = under(this.configRoot, file);
    const previous = this.configLocks.get(target) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => withFileLock(target, this.clock, async () => {
      const current = await readBounded(target, MAX_CONFIG_BYTES);
      if (current !== undefined && !sameBytes(current, old)) return false;
      await writeAtomic(target, data);
      return true;
    }));
    this.configLocks.set(target, run);
    try {
      return await run;
    } finally {
      if (this.configLocks.get(target) === run) this.configLocks.delete(target);
    }
  }

  /** A cached lookup or tile: ours first, then Go's download cache. */
  async readCache(file: string): Promise<Uint8Array | undefined> {
    const ours = await this.readUnder(this.cacheRoot, file);
    if (ours !== undefined) return ours;
    const goDir = this.options.go?.downloadDir;
    return goDir ? this.readUnder(goDir, file) : undefined;
  }

  /** Our verified-record pack for a database (untrusted: the client rechecks every entry it uses). */
  async readIndex(name: string): Promise<Uint8Array | undefined> {
    return readBounded(under(this.indexRoot, name), MAX_INDEX_BYTES);
  }

  /**
   * Replaces the pack atomically with what `build` makes of the one on disk, holding its lock from that read to
   * the rename, so a pack another process writes meanwhile is merged rather than lost. A writer killed in the
   * middle leaves the old pack whole (and a temp file, removed by the next writer).
   */
  async updateIndex(name: string, build: (onDisk: Uint8Array | undefined) => Promise<readonly Uint8Array[] | undefined>): Promise<void> {
    const target = under(this.indexRoot, name);
    await withFileLock(target, this.clock, async () => {
      await removeTempFiles(target);
      const chunks = await build(await readBounded(target, MAX_INDEX_BYTES).catch(() => undefined));
      if (!chunks) return;
      let size = 0;
      for (const c of chunks) size += c.length;
      if (size > MAX_INDEX_BYTES) throw new Error(`verified-record pack for ${name}: ${size} bytes, larger than the ${MAX_INDEX_BYTES}-byte limit`);
      await writeAtomic(target, chunks, { made: this.made });
    });
  }

  /** Tree heads other clients remember for this database (Go's "$GOPATH/pkg/sumdb/<name>/latest"). */
  async readPeerHeads(name: string): Promise<Uint8Array[]> {
    const goDir = this.options.go?.sumdbDir;
    if (!goDir) return [];
    const data = await readBounded(under(goDir, `${name}/latest`), MAX_CONFIG_BYTES).catch(() => undefined);
    return data ? [data] : [];
  }
}
