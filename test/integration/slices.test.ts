import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, stat as statFs, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SliceClock, runInSlices } from '../../server/src/slices';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A 1 ms timer running from now on, and steps of 2 ms of real work that count how many of them ran between two of
 * its runs; most() stops the timer and gives the largest such count.
 */
function stepsPerTimerRun() {
  let runs = 0;
  let ticking = true;
  const tick = (): void => { runs++; if (ticking) setTimeout(tick, 1); };
  setTimeout(tick, 1);
  const byRun = new Map<number, number>();
  return {
    *steps(count: number): Generator<void, void> {
      for (let i = 0; i < count; i++) {
        const until = performance.now() + 2;
        while (performance.now() < until) { /* a step of real work */ }
        byRun.set(runs, (byRun.get(runs) ?? 0) + 1);
        yield;
      }
    },
    most(): number {
      ticking = false;
      return Math.max(...byRun.values());
    },
    counts: () => JSON.stringify([...byRun]),
    /** Which run of the timer it is now. */
    run: () => runs,
    /** Steps done in the iteration after the timer's `run`-th run. */
    stepsIn: (run: number) => byRun.get(run) ?? 0,
  };
}

describe('event-loop slices: bursts of work wait for later turns, none is dropped', function () {
  it('the sumdb client and the auditor share one queue: every waiter of both is released, in the order they asked', async () => {
    // A slice of 0 ms is always full: every release is the one a turn always grants, the hardest case for order.
    const client = new SliceClock(0);
    const auditor = new SliceClock(0);
    const order: string[] = [];
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      const [who, slices] = i % 3 === 0 ? ['auditor', auditor] : ['client', client];
      waits.push(slices.pause().then(() => { order.push(`${who} ${i}`); }));
    }
    await Promise.all(waits);
    assert.equal(order.length, 300);
    assert.deepEqual(order, Array.from({ length: 300 }, (_, i) => `${i % 3 === 0 ? 'auditor' : 'client'} ${i}`));
  });

  it('a connection being set up is not held back: urgent work goes on in the next turn even when its slice is spent', async () => {
    // The audit's work is waiting already when the roots for the /latest connection start loading: the roots must
    // not take their turn behind all of it, or the request leaves only once the audit's work is done.
    const audit = new SliceClock(0);
    const roots = new SliceClock(0, true);
    const order: string[] = [];
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) waits.push(audit.pause().then(() => { order.push(`audit ${i}`); }));
    for (let i = 0; i < 3; i++) waits.push(roots.pause().then(() => { order.push(`roots ${i}`); }));
    await Promise.all(waits);
    // A slice of 0 ms lets one audit waiter through per turn; the roots all go in the first.
    assert.deepEqual(order, ['audit 0', 'roots 0', 'roots 1', 'roots 2', 'audit 1', 'audit 2', 'audit 3', 'audit 4']);
  });

  it('a full slice still lets one waiter through per turn, so work always moves on', async () => {
    const slices = new SliceClock(0);
    let released = 0;
    const waits = Array.from({ length: 5 }, () => slices.pause().then(() => { released++; }));
    for (let turns = 0; released < 5 && turns < 50; turns++) await turn();
    await Promise.all(waits);
    assert.equal(released, 5);
  });

  it('waiters queued while others are being released are released too', async () => {
    const slices = new SliceClock(0);
    const done: number[] = [];
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      waits.push(slices.pause().then(async () => {
        done.push(i);
        // A released continuation that finds the turn full waits again, behind everyone else.
        if (slices.due()) await slices.pause();
        done.push(100 + i);
      }));
    }
    await Promise.all(waits);
    assert.equal(done.length, 20);
    assert.deepEqual(done.filter((x) => x < 100), [...Array(10).keys()]);
  });

  it('once every waiter is released, nothing stays scheduled: an idle language server or a finished CLI goes quiet', function () {
    // In a process of its own: a turn that runs out of slice with waiters left must not leave a timer behind.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-slices-'));
    try {
      const script = path.join(dir, 'burst.ts');
      writeFileSync(script, [
        `import { SliceClock } from ${JSON.stringify(path.resolve(__dirname, '../../server/src/slices'))};`,
        'const slices = new SliceClock(0);',
        'let released = 0;',
        'for (let i = 0; i < 50; i++) void slices.pause().then(() => { released++; const t = performance.now(); while (performance.now() - t < 0.2); });',
        // Counted when the process ends on its own (no timer: under load a fixed wait may come too early).
        "process.on('exit', () => console.log('released', released));",
      ].join('\n'));
      const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 15_000 });
      assert.equal(r.error, undefined, 'the process did not exit on its own: something is still scheduled');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'released 50');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('runInSlices returns what the steps return, and lets other work in once a slice is spent', async () => {
    let stepsDone = 0;
    function* steps(): Generator<void, number[]> {
      const out: number[] = [];
      for (let i = 0; i < 5; i++) {
        const until = performance.now() + 2;
        while (performance.now() < until) { /* a step of real work */ }
        out.push(i);
        stepsDone++;
        yield;
      }
      return out;
    }
    let otherRanAfter = -1;
    setImmediate(() => { otherRanAfter = stepsDone; });
    assert.deepEqual(await runInSlices(steps(), 1), [0, 1, 2, 3, 4]);
    assert.ok(otherRanAfter >= 1 && otherRanAfter < 5, `other work ran after step ${otherRanAfter}`);
    // Within one slice nothing waits: with a generous slice the steps finish before other work runs (in an
    // iteration of the event loop of their own: the one that just ran the steps above has had its slice).
    await new Promise((resolve) => setTimeout(resolve, 5));
    stepsDone = 0;
    otherRanAfter = -1;
    setImmediate(() => { otherRanAfter = stepsDone; });
    const result = runInSlices(steps(), 1000);
    assert.equal(stepsDone, 5);
    assert.deepEqual(await result, [0, 1, 2, 3, 4]);
  });
  it('work started from an I/O callback gets at most two slices per loop iteration: timers run between slices', async () => {
    // A 1 ms timer stands for any timer of the server's: the steps done between two of its runs are what that
    // timer waited for. Slices of 8 ms, steps of 2 ms: a slice in the poll phase and one in the check phase at most.
    const timer = stepsPerTimerRun();
    for (let round = 0; round < 4; round++) {
      // Started from an I/O callback (the poll phase), as a response's handler starts verifying it.
      await new Promise<void>((resolve, reject) => {
        statFs(__filename, (err) => (err ? reject(err) : runInSlices(timer.steps(12), 8).then(resolve, reject)));
      });
    }
    const most = timer.most();
    assert.ok(most <= 10, `${most} steps ran between two runs of a 1 ms timer: ${timer.counts()}`);
  });

  it('a sliced loop that starts as another ends, in the same turn, spends what is left of that turn, not a slice of its own', async () => {
    // Each step is 2 ms of real work and a turn's slice is 8 ms, so a turn holds at most five steps of both loops
    // together. Before this rule the second loop began a fresh slice in the turn the first one ended in. Turns
    // are counted by a 1 ms timer, which runs once per iteration of the event loop.
    const timer = stepsPerTimerRun();
    await turn();
    for (let round = 0; round < 4; round++) {
      await runInSlices(timer.steps(7 + round), 8);
      await runInSlices(timer.steps(6), 8);
    }
    const most = timer.most();
    assert.ok(most <= 5, `a turn ran ${most} steps: ${timer.counts()}`);
  });
});
