// Owns: the files behind the checksum-database client — our own cache directory (remembered tree heads,
// verified lookups, authenticated tiles; atomic temp+rename writes; compare-and-swap for tree heads) and
// the go command's sumdb caches, which are read as an extra source only.
// Must never: write, lock, rename or create anything under Go's directories, follow a file name outside its
// root, or treat what it reads as trusted (the client verifies everything it gets from here).
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

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

/** Our persistent cache directory: $XDG_CACHE_HOME/gosum-doctor, else the platform's usual place. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir(), platform: string = process.platform): string {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'gosum-doctor');
  if (platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'gosum-doctor', 'cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'gosum-doctor');
  return path.join(home, '.cache', 'gosum-doctor');
}

export interface StoreOptions {
  /** Our cache directory (created on first write). */
  cacheDir: string;
  /** Go's directories, read-only; omit to ignore Go's caches. */
  go?: GoSumdbDirs;
  /** Largest file read back from any cache. */
  maxFileBytes?: number;
}

const MAX_CONFIG_BYTES = 64 << 10;
const DEFAULT_MAX_FILE_BYTES = 8 << 20;
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

function under(root: string, file: string): string {
  const problem = unsafeFileName(file);
  if (problem) throw new Error(`refusing cache file name ${JSON.stringify(file)}: ${problem}`);
  const full = path.resolve(root, ...file.split('/'));
  const rel = path.relative(path.resolve(root), full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`refusing cache file name ${JSON.stringify(file)}: outside ${root}`);
  return full;
}

/** Reads a whole file if it exists and is no larger than `max`; an empty file counts as missing (Go's rule). */
async function readBounded(file: string, max: number): Promise<Uint8Array | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.size === 0) return undefined;
    if (st.size > max) throw new Error(`${file}: ${st.size} bytes, larger than the ${max}-byte limit`);
    const data = await handle.readFile();
    return data.length === 0 ? undefined : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } finally {
    await handle.close();
  }
}

async function writeAtomic(file: string, data: Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await fs.writeFile(tmp, data, { flag: 'wx' });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
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
  private readonly configLocks = new Map<string, Promise<unknown>>();

  constructor(private readonly options: StoreOptions) {
    this.configRoot = path.join(options.cacheDir, 'sumdb', 'config');
    this.cacheRoot = path.join(options.cacheDir, 'sumdb', 'cache');
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /** Our remembered file, or undefined when we have none yet. */
  async readConfig(file: string): Promise<Uint8Array | undefined> {
    return readBounded(under(this.configRoot, file), MAX_CONFIG_BYTES);
  }

  /**
   * Replaces the config file when it still holds `old` (missing or empty counts as `old` being empty,
   * like Go's WriteConfig). Returns false on a conflict. Serialised within this process; the rename
   * keeps readers from ever seeing a half-written head.
   */
  async writeConfig(file: string, old: Uint8Array | undefined, data: Uint8Array): Promise<boolean> {
    const target = under(this.configRoot, file);
    const previous = this.configLocks.get(target) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const current = await readBounded(target, MAX_CONFIG_BYTES);
      if (current !== undefined && !sameBytes(current, old)) return false;
      await writeAtomic(target, data);
      return true;
    });
    this.configLocks.set(target, run);
    try {
      return await run;
    } finally {
      if (this.configLocks.get(target) === run) this.configLocks.delete(target);
    }
  }

  /** A cached lookup or tile: ours first, then Go's download cache. */
  async readCache(file: string): Promise<Uint8Array | undefined> {
    const ours = await readBounded(under(this.cacheRoot, file), this.maxFileBytes);
    if (ours !== undefined) return ours;
    const goDir = this.options.go?.downloadDir;
    return goDir ? readBounded(under(goDir, file), this.maxFileBytes) : undefined;
  }

  /** Writes into our cache only. */
  async writeCache(file: string, data: Uint8Array): Promise<void> {
    await writeAtomic(under(this.cacheRoot, file), data);
  }

  /** Tree heads other clients remember for this database (Go's "$GOPATH/pkg/sumdb/<name>/latest"). */
  async readPeerHeads(name: string): Promise<Uint8Array[]> {
    const goDir = this.options.go?.sumdbDir;
    if (!goDir) return [];
    const data = await readBounded(under(goDir, `${name}/latest`), MAX_CONFIG_BYTES).catch(() => undefined);
    return data ? [data] : [];
  }
}
