import assert from 'node:assert/strict';
import { PackWriteSchedule } from '../../server/src/sumdb/packWriteSchedule';
import { StepClock } from '../support/stepClock';

describe('when the verified-record pack is written (on an injected clock)', function () {
  const QUIET = 2000;

  function schedule(): { clock: StepClock; writes: number[]; s: PackWriteSchedule } {
    const clock = new StepClock();
    const writes: number[] = [];
    const s = new PackWriteSchedule(async () => { writes.push(clock.now()); }, QUIET, clock);
    return { clock, writes, s };
  }

  it('a change is written once the client has been quiet for the quiet time, not before', async () => {
    const { clock, writes, s } = schedule();
    s.changed();
    await clock.advance(QUIET - 1);
    assert.deepEqual(writes, []);
    await clock.advance(1);
    assert.deepEqual(writes, [QUIET]);
  });

  it('audits using the client push the write back until they stop', async () => {
    const { clock, writes, s } = schedule();
    s.changed();
    for (let i = 0; i < 10; i++) {
      await clock.advance(1000);
      s.active();
    }
    assert.deepEqual(writes, [], 'written while audits kept using the client');
    await clock.advance(QUIET);
    assert.deepEqual(writes, [10_000 + QUIET]);
  });

  it('a pack that keeps changing is written after a minute at most', async () => {
    const { clock, writes, s } = schedule();
    for (let t = 0; t < 70_000; t += 500) {
      s.changed();
      await clock.advance(500);
    }
    assert.equal(writes.length >= 1, true, 'never written');
    assert.ok(writes[0] >= 60_000 && writes[0] <= 60_000 + QUIET, `first written at ${writes[0]} ms`);
  });

  it('settling writes at once, without waiting for quiet, and the timer then writes nothing more', async () => {
    const { clock, writes, s } = schedule();
    s.changed();
    s.active();
    let more = 2;
    await s.settle(() => --more > 0);
    assert.deepEqual(writes, [0, 0], 'written at once, again while the pack changed meanwhile');
    await clock.advance(10 * QUIET);
    assert.deepEqual(writes, [0, 0]);
  });

  it('a failed write stops settling (a held lock, say) and the next write still runs', async () => {
    const clock = new StepClock();
    let calls = 0;
    const s = new PackWriteSchedule(async () => {
      calls++;
      if (calls === 1) throw new Error('lock held');
    }, QUIET, clock);
    await s.settle(() => true);
    assert.equal(calls, 1);
    s.changed();
    await clock.advance(QUIET);
    assert.equal(calls, 2);
  });

  it('a quiet moment (between slices of proving records) waits until the client has been unused for a moment', async () => {
    const { clock, s } = schedule();
    s.active();
    let reached = false;
    void s.quietMoment().then(() => { reached = true; });
    await clock.advance(100);
    assert.equal(reached, false);
    await clock.advance(1000);
    assert.equal(reached, true);
  });
});
