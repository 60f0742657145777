// Owns: running one of our bundles through V8's code cache, kept in our cache directory. The functions an earlier
// process compiled are read back instead of being parsed and compiled again: the language server, started on a
// warm cache, published telegraf's diagnostics 191 → 167 ms after its spawn (didOpen → publish 102 → 92 ms;
// medians of 12 alternating starts). A short process keeps only the bundle's top level (CacheWrite).
// The cache is a hint: one that is missing, made for other code or another Node, damaged, or refused by V8 costs
// the usual compile, and the process writes a new one as it exits, as it does when it compiled more than it read.
// Must never: keep the bundle from running, or hand V8 bytes not checked to be whole, made for exactly these
// bundle bytes on this Node (V8 itself compares only the source's length), and written by this user alone: V8
// runs what it reads there, so a file another user owns or may write (a shared cache directory) is not read.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import nodeModule = require('node:module');
import path = require('node:path');
import { Script } from 'node:vm';
import { TMP_TAG } from './shared/atomicFile';

const MAGIC = 'gosum-doctor V8 code cache 1\n';
/** Far above any cache of ours (the server's is about 1 MB): a larger file is not read into memory. */
const MAX_CACHE_BYTES = 64 << 20;
const HEX_HASH = /^[0-9a-f]{64}$/;

/** What became of the cache as the bundle started. */
export type CodeCacheUse = 'used' | 'none' | 'other-code' | 'damaged' | 'refused' | 'not-ours';

/** What V8's compiled code is tied to besides the bundle: the Node and V8 builds, the CPU, the flags. */
export interface RuntimeIdentity {
  node: string;
  v8: string;
  arch: string;
  execArgv: readonly string[];
  nodeOptions: string;
}

export function currentRuntime(): RuntimeIdentity {
  return { node: process.version, v8: process.versions.v8, arch: process.arch, execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS ?? '' };
}

/** The cache's identity: the bundle's bytes on that runtime. */
export function codeCacheKey(bundle: Uint8Array, runtime: RuntimeIdentity): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([runtime.node, runtime.v8, runtime.arch, runtime.execArgv, runtime.nodeOptions]));
  hash.update('\n');
  hash.update(bundle);
  return hash.digest('hex');
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The cache file: MAGIC, the key, the SHA-256 of V8's data (each a line), then the data. */
export function encodeCodeCache(key: string, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${MAGIC}${key}\n${sha256Hex(data)}\n`, 'latin1'), data]);
}

/** V8's data in a cache file, when the file is whole and made for `key`. */
export function decodeCodeCache(file: Uint8Array, key: string): { use: CodeCacheUse; data?: Buffer } {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = MAGIC.length + 2 * 65;
  if (bytes.length < headerLength || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return { use: 'damaged' };
  const [fileKey, checksum] = bytes.toString('latin1', MAGIC.length, headerLength).split('\n');
  if (!HEX_HASH.test(fileKey) || !HEX_HASH.test(checksum)) return { use: 'damaged' };
  if (fileKey !== key) return { use: 'other-code' };
  const data = bytes.subarray(headerLength);
  return sha256Hex(data) === checksum ? { use: 'used', data } : { use: 'damaged' };
}

/** The cache file's data for `key`; a file that cannot be read is no cache. */
function readCodeCache(cacheFile: string, key: string): { use: CodeCacheUse; data?: Buffer } {
  let file: Buffer;
  try {
    const stat = statSync(cacheFile);
    if (!onlyOurs(stat)) return { use: 'not-ours' };
    // A FIFO there would hold the start for ever: no regular file is a cache, and the next write replaces it.
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return { use: 'damaged' };
    file = readFileSync(cacheFile);
  } catch {
    return { use: 'none' };
  }
  return decodeCodeCache(file, key);
}

/** A file this process's user owns and no one else may write (where there are such owners: not on Windows). */
function onlyOurs(stat: Stats): boolean {
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/**
 * What a process keeps in the cache. 'grown-at-exit' (the language server, which lives long): every function it
 * compiled, written as it exits whenever that is more than it read. 'top-level' (the command-line tool, which
 * lives a fraction of a second): only the bundle's top level, written as it starts when there was none to use.
 * Reading a function's code back costs about what compiling it does, so a short process gains only on the
 * top level, which V8 otherwise parses whole at each start: `gosum-doctor --version` 82 → 72 ms (medians of 41,
 * alternating); keeping every function the check compiled made it 97 ms.
 */
export type CacheWrite = 'grown-at-exit' | 'top-level';

/**
 * Runs the CommonJS bundle at `bundlePath` as Node's loader would, compiled with the cache at `cacheFile`, and
 * has the cache written as `write` says.
 */
export function runWithCodeCache(bundlePath: string, cacheFile: string, write: CacheWrite = 'grown-at-exit'): CodeCacheUse {
  const bundle = readFileSync(bundlePath);
  const key = codeCacheKey(bundle, currentRuntime());
  const cached = readCodeCache(cacheFile, key);
  // A script from the cache cannot import() (Node keeps no loader for it): the build turns import() into require.
  const script = new Script(nodeModule.wrap(bundle.toString('utf8')), { filename: bundlePath, cachedData: cached.data });
  const use = cached.data && script.cachedDataRejected ? 'refused' : cached.use;
  const readBytes = use === 'used' ? cached.data!.length : 0;
  if (write === 'grown-at-exit') process.once('exit', () => writeIfGrown(script, cacheFile, key, readBytes));
  else if (readBytes === 0) writeIfGrown(script, cacheFile, key, 0);
  runAsModule(script, bundlePath);
  return use;
}

/** Writes the cache when V8 now has more compiled code for the script than was read (temp file, then rename). */
function writeIfGrown(script: Script, cacheFile: string, key: string, readBytes: number): void {
  const tmp = `${cacheFile}.tmp-${process.pid}-${TMP_TAG}`;
  try {
    const data = script.createCachedData();
    if (data.length <= readBytes) return;
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(tmp, encodeCodeCache(key, data), { mode: 0o600 });
    renameSync(tmp, cacheFile);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was made there
    }
  }
}

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: nodeModule, filename: string, dirname: string) => void;

/** Calls the compiled wrapper with a module of its own, as Node's CommonJS loader calls a file's. */
function runAsModule(script: Script, file: string): void {
  const mod = new nodeModule.Module(file);
  mod.filename = file;
  mod.loaded = true;
  const wrapper = script.runInThisContext() as ModuleWrapper;
  wrapper.call(mod.exports, mod.exports, nodeModule.createRequire(file), mod, file, path.dirname(file));
}
