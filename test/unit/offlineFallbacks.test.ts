import assert from 'node:assert/strict';
import { UnverifiableError, VerificationError } from '../../server/src/sumdb/client';
import type { TreeNote } from '../../server/src/sumdb/indexedRecords';
import { againstNewerOrTimeline, inHeadOrServedTree } from '../../server/src/sumdb/offlineFallbacks';

/** A tree note of size n (the hash only tells trees apart; nothing here hashes). */
function tree(n: number, tag = 0): TreeNote {
  return { tree: { n, hash: new Uint8Array(32).fill(n * 7 + tag) }, note: new Uint8Array(0) };
}

/** A proof that reads tiles only of the trees in `cached`; the others are unverifiable, as offline. */
class OfflineProver {
  readonly tried: number[] = [];
  constructor(private readonly cached: Set<TreeNote>, private readonly lies = new Set<TreeNote>()) {}
  prove = async (t: TreeNote): Promise<void> => {
    this.tried.push(t.tree.n);
    if (this.lies.has(t)) throw new VerificationError('record-not-in-tree', `tree#${t.tree.n} says otherwise`);
    if (!this.cached.has(t)) throw new UnverifiableError(`offline: tiles of tree#${t.tree.n} are not in the local caches`, `tree#${t.tree.n}`);
  };
}

describe('offline fallbacks: another tree on our timeline stands in for one whose tiles are not cached', () => {
  describe('a record, in the head or else in the tree its response was signed with', () => {
    const head = tree(100);
    const served = tree(60);

    it('the head proves it when its tiles are cached: the served tree is not asked', async () => {
      const p = new OfflineProver(new Set([head, served]));
      await inHeadOrServedTree(p.prove, head, served, 10);
      assert.deepEqual(p.tried, [100]);
    });

    it('the head\'s tiles missing, the served tree (a prefix of the head) proves it', async () => {
      const p = new OfflineProver(new Set([served]));
      await inHeadOrServedTree(p.prove, head, served, 10);
      assert.deepEqual(p.tried, [100, 60]);
    });

    it('a record beyond the served tree, or a served tree that is the head, has no fallback', async () => {
      const p = new OfflineProver(new Set([served]));
      await assert.rejects(inHeadOrServedTree(p.prove, head, served, 60), (e) => e instanceof UnverifiableError && /tree#100/.test(e.message));
      await assert.rejects(inHeadOrServedTree(p.prove, head, tree(100), 10), (e) => e instanceof UnverifiableError && /tree#100/.test(e.message));
      assert.deepEqual(p.tried, [100, 100]);
    });

    it('a record the head refutes is refused: only tiles missing fall back', async () => {
      const p = new OfflineProver(new Set([head, served]), new Set([head]));
      await assert.rejects(inHeadOrServedTree(p.prove, head, served, 10), VerificationError);
      assert.deepEqual(p.tried, [100]);
    });

    it('neither tree cached: the served tree\'s failure is reported', async () => {
      const p = new OfflineProver(new Set());
      await assert.rejects(inHeadOrServedTree(p.prove, head, served, 10), (e) => e instanceof UnverifiableError && /tree#60/.test(e.message));
    });
  });

  describe('a tree, a prefix of the newer one or else of another tree on our timeline', () => {
    const older = tree(50);
    const newer = tree(100);
    const small = tree(40);
    const mid = tree(70);
    const big = tree(90);
    const timeline = [newer, big, small, mid];

    it('newer\'s tiles cached: nothing else is asked', async () => {
      const p = new OfflineProver(new Set([newer, mid]));
      await againstNewerOrTimeline(p.prove, older, newer, () => timeline);
      assert.deepEqual(p.tried, [100]);
    });

    it('newer\'s tiles missing: the trees at least as large as older are tried, smallest first, until one proves it', async () => {
      const p = new OfflineProver(new Set([big]));
      await againstNewerOrTimeline(p.prove, older, newer, () => timeline);
      assert.deepEqual(p.tried, [100, 70, 90]);
    });

    it('a fork found on the way stops the search', async () => {
      const p = new OfflineProver(new Set([big]), new Set([mid]));
      await assert.rejects(againstNewerOrTimeline(p.prove, older, newer, () => timeline), VerificationError);
      assert.deepEqual(p.tried, [100, 70]);
    });

    it('no tree cached: newer\'s failure is reported', async () => {
      const p = new OfflineProver(new Set());
      await assert.rejects(againstNewerOrTimeline(p.prove, older, newer, () => timeline), (e) => e instanceof UnverifiableError && /tree#100/.test(e.message));
      assert.deepEqual(p.tried, [100, 70, 90]);
    });
  });
});
