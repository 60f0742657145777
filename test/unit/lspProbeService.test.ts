// One probe in flight per folder, and re-probes that back off while the database stays out of reach.
import assert from 'node:assert/strict';
import type { ProbeReport } from '../../server/src/diagnosis/probeReport';
import { Backoff, ProbeRunner, type BackoffTimers } from '../../server/src/lsp/probeService';

/** Timers that run only when the test says their time has come. */
class HandTimers implements BackoffTimers {
  readonly pending = new Map<number, { run: () => void; ms: number }>();
  private last = 0;
  set(run: () => void, ms: number): number {
    this.pending.set(++this.last, { run, ms });
    return this.last;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  waits(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.run();
  }
}

const REPORT = { scenario: 'blocked', title: 't', explanation: 'e', database: { name: 'sum.golang.org' }, steps: [], evidence: [], fixes: [], ms: 1 } as ProbeReport;

describe('running the probe for a folder', () => {
  it('a second caller while a probe runs gets the same answer; the next call runs a new probe', async () => {
    let runs = 0;
    let release!: () => void;
    let done = 0;
    const runner = new ProbeRunner(async () => { runs++; await new Promise<void>((r) => { release = r; }); return REPORT; }, () => { done++; });
    const a = runner.probe();
    const b = runner.probe();
    assert.equal(runner.running, true);
    release();
    const [x, y] = await Promise.all([a, b]);
    assert.equal(runs, 1);
    assert.equal(x, y);
    assert.equal(runner.last, x);
    assert.equal(done, 1);
    const c = runner.probe();
    release();
    await c;
    assert.equal(runs, 2);
  });

  it('an explicit probe that asks the go command never settles for a background probe in flight: it runs its own after', async () => {
    const asked: boolean[] = [];
    const releases: (() => void)[] = [];
    const runner = new ProbeRunner(async (withGo) => { asked.push(withGo); await new Promise<void>((r) => releases.push(r)); return REPORT; });
    const background = runner.probe();
    const explicit = runner.probe(true);
    assert.deepEqual(asked, [false]);
    releases.shift()!();
    await background;
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(asked, [false, true], 'a second probe, with the go command');
    const joined = runner.probe();
    releases.shift()!();
    const [x, y] = await Promise.all([explicit, joined]);
    assert.equal(x, y, 'a background caller joins the probe with the go command');
    assert.equal(x.withGo, true);
    assert.equal(runner.last, x);
    assert.deepEqual(asked, [false, true]);
  });

  it('re-probes after 5 s, 10 s, 20 s ... at most 5 min, and starts over after reset()', async () => {
    let fired = 0;
    const timers = new HandTimers();
    const backoff = new Backoff(() => { fired++; }, 5, 40, timers);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push(backoff.nextDelayMs);
      backoff.schedule();
      backoff.schedule(); // one timer at a time
      assert.deepEqual(timers.waits(), [delays[delays.length - 1]]);
      assert.equal(fired, i, 'not before its time');
      timers.fireAll();
    }
    assert.deepEqual(delays, [5, 10, 20, 40, 40]);
    assert.equal(fired, 5);
    backoff.reset();
    assert.equal(backoff.nextDelayMs, 5);
    backoff.schedule();
    backoff.reset();
    assert.deepEqual(timers.waits(), [], 'a reset cancels the pending re-probe');
    timers.fireAll();
    assert.equal(fired, 5, 'a reset cancels the pending re-probe');
    assert.equal(new Backoff(() => undefined).nextDelayMs, 5000);
  });
});
