// Owns: comparing go.sum lines with the module cache the way `go mod verify` and a build with a warm cache do:
// "$GOMODCACHE/cache/download/<escaped module>/@v/<escaped version>.ziphash" holds the zip's h1 hash, and the
// cached "<version>.mod" is hashed with hashGoMod, unless it starts with "//vgo 0.0." (a placeholder old go
// versions wrote): cmd/go's readDiskGoMod treats such a file as not cached and downloads the go.mod again.
// Must never: write, lock or create anything in the module cache, or import vscode.
import { promises as fs } from 'node:fs';
import path = require('node:path');
import { escapePath, escapeVersion } from '../parse/module';
import { hashGoMod } from '../sumdb/dirhash';

const MAX_MOD_BYTES = 4 << 20;
const MAX_ZIPHASH_BYTES = 1024;
const OLD_VGO_PREFIX = Buffer.from('//vgo 0.0.');

/** The hash the module cache holds for a module version's zip or go.mod; undefined when it holds none. */
export interface ModuleCacheReader {
  hash(module: string, version: string, goMod: boolean): Promise<string | undefined>;
}

async function readSmall(file: string, max: number): Promise<Buffer | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.size > max) return undefined;
    return await handle.readFile();
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** A reader over GOMODCACHE (undefined when the cache has no download directory at all). */
export async function moduleCacheReader(goModCache: string | undefined): Promise<ModuleCacheReader | undefined> {
  if (!goModCache) return undefined;
  const download = path.join(goModCache, 'cache', 'download');
  try {
    if (!(await fs.stat(download)).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  return {
    async hash(module, version, goMod) {
      let dir: string;
      let file: string;
      try {
        dir = path.join(download, ...escapePath(module).split('/'), '@v');
        file = escapeVersion(version);
      } catch {
        return undefined;
      }
      if (goMod) {
        const data = await readSmall(path.join(dir, `${file}.mod`), MAX_MOD_BYTES);
        if (data?.subarray(0, OLD_VGO_PREFIX.length).equals(OLD_VGO_PREFIX)) return undefined;
        return data ? hashGoMod(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) : undefined;
      }
      const data = await readSmall(path.join(dir, `${file}.ziphash`), MAX_ZIPHASH_BYTES);
      const text = data?.toString('utf8').trim();
      return text ? text : undefined;
    },
  };
}
