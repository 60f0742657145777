// Owns: the client's offline fallbacks. Offline, a proof can only use the tiles the caches hold, which may be
// those of another tree than the one asked for (Go caches the tiles of the heads it saw). Trees on our timeline
// are prefixes of one another, so another tree already proven on it proves the same thing: a record included in
// the tree its response was signed with is in the head too, and a tree that is a prefix of any tree on our
// timeline is a prefix of the head. Only UnverifiableError (tiles not cached) falls back; anything else stands.
// Must never: do I/O itself, import vscode, or fall back to a tree not proven on our timeline.
import { UnverifiableError } from './clientErrors';
import type { TreeNote } from './indexedRecords';
import { sameTree } from './trustedTiles';

/**
 * Go's checkRecord in `head` (`prove(head)`); when the head's tiles are not cached, in `served`, the tree the record's
 * response was signed with (already merged into our timeline), if it is another tree and holds record `id`.
 */
export async function inHeadOrServedTree(prove: (t: TreeNote) => Promise<void>, head: TreeNote, served: TreeNote, id: number): Promise<void> {
  try {
    await prove(head);
  } catch (err) {
    if (!(err instanceof UnverifiableError) || sameTree(served.tree, head.tree) || id >= served.tree.n) throw err;
    await prove(served);
  }
}

/**
 * Go's checkTrees(older, newer) (`check(newer)`); when the tiles of `newer` are not cached, against any other tree
 * of `timeline` (proven on ours) at least as large as `older`, smallest first. The first failure is reported.
 */
export async function againstNewerOrTimeline(
  check: (newer: TreeNote) => Promise<void>,
  older: TreeNote,
  newer: TreeNote,
  timeline: () => Iterable<TreeNote>,
): Promise<void> {
  try {
    await check(newer);
  } catch (err) {
    if (!(err instanceof UnverifiableError)) throw err;
    const candidates = [...timeline()].filter((t) => t.tree.n >= older.tree.n && t !== newer).sort((a, b) => a.tree.n - b.tree.n);
    for (const c of candidates) {
      try {
        await check(c);
        return;
      } catch (e) {
        if (!(e instanceof UnverifiableError)) throw e;
      }
    }
    throw err;
  }
}
