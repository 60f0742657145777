// Owns: the cache step of a lookup, Go's ReadCache("<name>/lookup/M@V"). Two caches answer it: our verified-record
// pack (indexedRecords.ts), whose entries are proven in our head without a signed note, so they come back as
// verified records; and the lookup file (ours, or Go's module cache through the ops), whose bytes come back
// untrusted, for the client to check like the server's. (The pack's answer that needs no I/O, which lets a warm
// audit answer thousands of records without an await each, is IndexedRecords.now, asked by the client directly.)
// Must never: do I/O but through the ops' cache read, import vscode, or hand out a pack entry not proven.
import type { IndexedRecords, VerifiedRecord } from './indexedRecords';
import { lookupPath } from './lookupPath';

/**
 * What the caches hold for a record: proven already (the pack), or else the lookup file's name ("<name>/lookup/..."
 * : the server's path is the same without the name) and its bytes, to be checked, when it is cached.
 */
export type CachedLookup = { record: VerifiedRecord } | { record?: undefined; file: string; data: Uint8Array | undefined };

export class CachedLookups {
  constructor(
    /** The database name, the first element of cache file names. */
    private readonly name: string,
    private readonly packed: IndexedRecords,
    /** ClientOps.readCache: a cached file's bytes, undefined when absent. */
    private readonly readCache: (file: string) => Promise<Uint8Array | undefined>,
  ) {}

  /** The record from the pack (reading the tiles proving it if need be), or else the lookup file's bytes. */
  async read(key: string, path: string, version: string): Promise<CachedLookup> {
    const record = await this.packed.check(key, path, version);
    if (record) return { record };
    // Escaping the path is a few microseconds a record: done once, here, for the cache and the server alike.
    const file = `${this.name}/${lookupPath(path, version)}`;
    return { file, data: await this.readCache(file).catch(() => undefined) };
  }
}
