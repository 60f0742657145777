import assert from 'node:assert/strict';
import { LookupCrew } from '../../server/src/audit/lookupCrew';

/** Lookups that finish only when the test says so, counting how many are in flight at once. */
class HeldLookups {
  inFlight = 0;
  most = 0;
  started: number[] = [];
  private readonly waiting: (() => void)[] = [];

  readonly one = (i: number): Promise<void> => {
    this.started.push(i);
    this.inFlight++;
    this.most = Math.max(this.most, this.inFlight);
    return new Promise<void>((resolve) => this.waiting.push(() => { this.inFlight--; resolve(); }));
  };

  /** Finishes the oldest lookup in flight and lets the crew react. */
  async finishOne(): Promise<void> {
    this.waiting.shift()?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
}

describe('the lookup crew: as many lookups in flight as the connection allows now', function () {
  it('grows when more are wanted while its first lookups are still running (the first connection said h2)', async () => {
    const held = new HeldLookups();
    let wanted = 2;
    const crew = new LookupCrew(40, () => wanted, held.one, () => false);
    const done = crew.run();
    await held.finishOne();
    assert.equal(held.most, 2, 'two at first, as wanted');
    wanted = 10;
    await held.finishOne();
    assert.equal(held.inFlight, 10, 'after one more answer, the crew runs as many as are now wanted');
    while (held.started.length < 40 || held.inFlight > 0) await held.finishOne();
    await done;
    assert.equal(held.most, 10);
    assert.deepEqual([...held.started].sort((a, b) => a - b), [...Array(40).keys()], 'each lookup started once');
  });

  it('shrinks when fewer are wanted: none starts until those in flight are below the new number', async () => {
    const held = new HeldLookups();
    let wanted = 8;
    const crew = new LookupCrew(30, () => wanted, held.one, () => false);
    const done = crew.run();
    await held.finishOne();
    assert.equal(held.inFlight, 8);
    wanted = 3;
    for (let i = 0; i < 5; i++) await held.finishOne();
    assert.ok(held.inFlight <= 3, `in flight ${held.inFlight} after shrinking to 3`);
    while (held.started.length < 30 || held.inFlight > 0) {
      assert.ok(held.inFlight <= 3);
      await held.finishOne();
    }
    await done;
  });

  it('starts none once stopped, and settles when those in flight have finished', async () => {
    const held = new HeldLookups();
    let stopped = false;
    const crew = new LookupCrew(100, () => 4, held.one, () => stopped);
    const done = crew.run();
    stopped = true;
    while (held.inFlight > 0) await held.finishOne();
    await done;
    assert.equal(held.started.length, 4);
  });
});
