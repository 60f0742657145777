// Owns: reading one tile's bytes, Go's readTile: from memory (one read per tile, shared by every concurrent
// reader), else the caches (our verified-record pack, then the tile file, ours or Go's, then the full tile's file,
// whose prefix is the partial tile), else the server (the full tile when a completed partial one is gone). The
// bytes are untrusted: the client's hash readers authenticate them (trustedTiles.ts keeps those that do).
// Offline, what the caches lack is unverifiable, never asked of the server.
// Must never: do I/O but through the ops given, or import vscode. A server's tile comes back as served, whatever its
// size (the tile hash reader refuses a wrong one in Go's words); a cached one of the wrong size is not used.
import { NotFoundError, UnverifiableError } from './clientErrors';
import type { IndexedRecords } from './indexedRecords';
import { HASH_SIZE, tilePath, type Tile } from './tlog';
import { trimOldest } from './trimOldest';

/** The reads tiles come from: ClientOps.readCache and readRemote. */
export interface TileSources {
  readCache(file: string): Promise<Uint8Array | undefined>;
  readRemote(path: string): Promise<Uint8Array>;
}

/** The partial tile's bytes (its first `want`) out of the full tile's, when those are the full tile's size. */
function prefixOfFull(data: Uint8Array | undefined, full: Tile, want: number): Uint8Array | undefined {
  return data && data.length === full.w * HASH_SIZE ? data.subarray(0, want) : undefined;
}

export class TileReads {
  /** Tiles read (or being read), by path, the newest maxMemoryTiles kept. */
  private readonly tiles = new Map<string, Promise<Uint8Array>>();

  constructor(
    /** The database name, the first element of cache file names. */
    private readonly name: string,
    private readonly offline: boolean,
    private readonly maxMemoryTiles: number,
    private readonly packed: IndexedRecords,
    private readonly sources: TileSources,
  ) {}

  /** One tile's bytes (untrusted), shared by every concurrent reader. */
  read(tile: Tile): Promise<Uint8Array> {
    const path = tilePath(tile);
    const running = this.tiles.get(path);
    if (running) return running;
    const pending = this.load(tile, path);
    this.tiles.set(path, pending);
    pending.then(
      () => trimOldest(this.tiles, this.maxMemoryTiles),
      () => { if (this.tiles.get(path) === pending) this.tiles.delete(path); },
    );
    return pending;
  }

  /** After a lie: every tile is read afresh. */
  forget(): void {
    this.tiles.clear();
  }

  private async load(tile: Tile, path: string): Promise<Uint8Array> {
    const want = tile.w * HASH_SIZE;
    const full: Tile = { ...tile, w: 2 ** tile.h };
    const fullPath = tilePath(full);
    const isPartial = tile.w !== full.w;

    // Try the verified-record pack, then the on-disk cache: untrusted, authenticated like the server's.
    const packed = this.packed.tile(path, want);
    if (packed) return packed;
    const cached = await this.sources.readCache(`${this.name}/${path}`).catch(() => undefined);
    if (cached && cached.length === want) {
      this.packed.tileCached(path);
      return cached;
    }
    if (isPartial) {
      // Only authenticated tiles are cached, and a full tile's prefix is the partial tile.
      const prefix = prefixOfFull(await this.sources.readCache(`${this.name}/${fullPath}`).catch(() => undefined), full, want);
      if (prefix) {
        this.packed.tileCached(path);
        return prefix;
      }
    }
    // Or else the server.
    if (this.offline) {
      throw new UnverifiableError(`offline: ${path} is not in the local caches`, path);
    }
    let data: Uint8Array;
    try {
      data = await this.sources.readRemote('/' + path);
    } catch (err) {
      // A partial tile that was completed may only be served in full.
      if (!isPartial || !(err instanceof NotFoundError)) throw err;
      const prefix = prefixOfFull(await this.sources.readRemote('/' + fullPath).catch(() => undefined), full, want);
      if (!prefix) throw err;
      return prefix;
    }
    // As served: the tile hash reader checks every tile's size in its plan's order, as Go's does (tile.ts).
    return data;
  }
}
