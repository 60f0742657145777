// One probe in flight per folder, and re-probes that back off while the database stays out of reach.
import assert from 'node:assert/strict';
import type { ProbeReport } from '../../server/src/diagnosis/probeReport';
import { Backoff, ProbeRunner } from '../../server/src/lsp/probeService';

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
    const backoff = new Backoff(() => { fired++; }, 5, 40);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push(backoff.nextDelayMs);
      backoff.schedule();
      backoff.schedule(); // one timer at a time
      await new Promise((r) => setTimeout(r, delays[delays.length - 1] + 60));
    }
    assert.deepEqual(delays, [5, 10, 20, 40, 40]);
    assert.equal(fired, 5);
    backoff.reset();
    assert.equal(backoff.nextDelayMs, 5);
    backoff.schedule();
    backoff.reset();
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(fired, 5, 'a reset cancels the pending re-probe');
    assert.equal(new Backoff(() => undefined).nextDelayMs, 5000);
  });
});
