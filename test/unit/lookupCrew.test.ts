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

/** A crew of `count` lookups run against held ones; the test sets how many are wanted (`wanted.n`). */
function runCrew(count: number, wanted: { n: number }, stopped = (): boolean => false): { held: HeldLookups; done: Promise<void> } {
  const held = new HeldLookups();
  return { held, done: new LookupCrew(count, () => wanted.n, held.one, stopped).run() };
}

/** Answers lookups until all `count` have started and none is in flight, checking `each` before every answer. */
async function finishAll(held: HeldLookups, count: number, each: () => void = () => undefined): Promise<void> {
  while (held.started.length < count || held.inFlight > 0) {
    each();
    await held.finishOne();
  }
}

describe('the lookup crew: as many lookups in flight as the connection allows now', function () {
  it('grows when more are wanted while its first lookups are still running (the first connection said h2)', async () => {
    const wanted = { n: 2 };
    const { held, done } = runCrew(40, wanted);
    await held.finishOne();
    assert.equal(held.most, 2, 'two at first, as wanted');
    wanted.n = 10;
    await held.finishOne();
    assert.equal(held.inFlight, 10, 'after one more answer, the crew runs as many as are now wanted');
    await finishAll(held, 40);
    await done;
    assert.equal(held.most, 10);
    assert.deepEqual([...held.started].sort((a, b) => a - b), [...Array(40).keys()], 'each lookup started once');
  });

  it('shrinks when fewer are wanted: none starts until those in flight are below the new number', async () => {
    const wanted = { n: 8 };
    const { held, done } = runCrew(30, wanted);
    await held.finishOne();
    assert.equal(held.inFlight, 8);
    wanted.n = 3;
    for (let i = 0; i < 5; i++) await held.finishOne();
    assert.ok(held.inFlight <= 3, `in flight ${held.inFlight} after shrinking to 3`);
    await finishAll(held, 30, () => assert.ok(held.inFlight <= 3));
    await done;
  });

  it('starts none once stopped, and settles when those in flight have finished', async () => {
    let stopped = false;
    const { held, done } = runCrew(100, { n: 4 }, () => stopped);
    stopped = true;
    while (held.inFlight > 0) await held.finishOne();
    await done;
    assert.equal(held.started.length, 4);
  });
});
