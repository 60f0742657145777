// Owns: the hash readers of the trees the client proves things in, one per tree (each remembers what it has
// proven for its tree). A tree on our timeline is answered from tiles already trusted, without I/O (trees on one
// timeline agree on every complete subtree), and readers missing the same tile share one authentication; any
// other tree gets every tile authenticated against its own hash. When a tile fails to authenticate after the pack
// served tiles, the host drops the pack's tiles and the hashes are read once more without them.
// Must never: do I/O itself (tiles come through the host's TileReader), import vscode, or answer for a tree not
// on our timeline from tiles proven for another.
import { TlogError, tileHashReader, type Hash, type HashReader, type Tile, type TileReader, type Tree } from './tlog';
import { TrustedTiles, treeKey } from './trustedTiles';
import { trimOldest } from './trimOldest';

/** Readers kept: each remembers up to thousands of tiles and hashes for its tree. */
const MAX_READERS = 4;

/** What the readers need of the client. */
export interface HashReadersHost {
  /** Whether the tree of this key ("size:hash") is proven on our timeline. */
  onTimeline(treeKey: string): boolean;
  /** Reads tiles for the tree of this key, trusting (or holding) those that authenticate. */
  tileReader(treeKey: string): TileReader;
  /** A tile did not authenticate: true when the pack had served tiles, now dropped, so a fresh read may do. */
  dropPackTiles(): boolean;
}

export class TreeHashReaders {
  private readonly readers = new Map<string, HashReader>();
  private readonly authenticating = new Map<string, Promise<Hash[]>>();

  constructor(private readonly trusted: TrustedTiles, private readonly host: HashReadersHost) {}

  /** Hashes of `tree` read through tiles. */
  get(tree: Tree): HashReader {
    const key = treeKey(tree);
    let reader = this.readers.get(key);
    if (!reader) {
      reader = this.create(tree, key);
      this.readers.set(key, reader);
      trimOldest(this.readers, MAX_READERS);
    }
    return reader;
  }

  /** After a lie: every reader starts afresh. */
  clear(): void {
    this.readers.clear();
  }

  private create(tree: Tree, key: string): HashReader {
    const slow = this.packChecked(tree, key);
    const fast = (indexes: number[]): Hash[] | Tile => this.trusted.hashes(tree, indexes);
    return {
      readHashes: async (indexes) => {
        if (!this.host.onTimeline(key)) return slow.readHashes(indexes);
        let got = fast(indexes);
        if (Array.isArray(got)) return got;
        // Readers missing the same tile wait for one authentication instead of each repeating it.
        const gate = `${key}|${got.l}/${got.n}`;
        const running = this.authenticating.get(gate);
        if (running) {
          await running.catch(() => undefined);
          got = fast(indexes);
          if (Array.isArray(got)) return got;
        }
        const run = slow.readHashes(indexes);
        this.authenticating.set(gate, run);
        const done = (): void => { if (this.authenticating.get(gate) === run) this.authenticating.delete(gate); };
        run.then(done, done);
        return run;
      },
    };
  }

  /**
   * tileHashReader for `tree`, except that when a tile fails to authenticate while tiles came from the pack, the
   * pack's tiles are all dropped (never trusted, never written again) and the hashes read once more without them.
   */
  private packChecked(tree: Tree, key: string): HashReader {
    let reader = tileHashReader(tree, this.host.tileReader(key));
    return {
      readHashes: async (indexes) => {
        try {
          return await reader.readHashes(indexes);
        } catch (err) {
          if (!(err instanceof TlogError) || !this.host.dropPackTiles()) throw err;
          reader = tileHashReader(tree, this.host.tileReader(key));
          return reader.readHashes(indexes);
        }
      },
    };
  }
}
