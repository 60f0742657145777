// The bench's event-loop meter: a block of the server's own work is measured whole, and on Linux the figure of
// own work leaves out only time spent waiting for a CPU.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventLoopMeter, ownWorkText } from '../../server/src/lsp/eventLoopMeter';

const SCHEDSTAT = '/proc/thread-self/schedstat';

/** Nanoseconds this thread has run on a CPU (Linux). */
function ranNs(): number {
  return Number(readFileSync(SCHEDSTAT, 'latin1').split(' ')[0]);
}

/**
 * `ms` of the server's own work: CPU time where the kernel tells it (a busy machine can take the CPU away in the
 * middle, and that wait is what the meter leaves out), else wall time.
 */
function busy(ms: number): void {
  if (existsSync(SCHEDSTAT)) {
    const until = ranNs() + ms * 1e6;
    while (ranNs() < until) { /* the server's own work */ }
    return;
  }
  const until = performance.now() + ms;
  while (performance.now() < until) { /* the server's own work */ }
}

describe('the event-loop meter', () => {
  it('is there only when asked for', () => {
    assert.equal(EventLoopMeter.requested([], {}), undefined);
    assert.ok(EventLoopMeter.requested([], { GOSUM_DOCTOR_MEASURE_EVENT_LOOP: '1' }));
  });

  it('measures a 60 ms block of own work in the audit window and since the mark', async () => {
    const meter = EventLoopMeter.requested(['--measure-event-loop'], {})!;
    await sleep(30);
    meter.mark();
    meter.begin();
    await sleep(20);
    busy(60);
    await sleep(30);
    const audit = meter.end();
    const since = meter.sinceMarkMs();
    assert.ok(audit.maxMs >= 50 && since.maxMs >= 50, `longest delay ${audit.maxMs} / ${since.maxMs} ms`);
    if (existsSync(SCHEDSTAT)) {
      // Own work is the delay less the time waiting for a CPU: the 60 ms of CPU, however long the wall clock ran.
      assert.ok(audit.ownMaxMs! >= 40 && audit.ownMaxMs! <= audit.maxMs + 5, `own work ${audit.ownMaxMs} of ${audit.maxMs} ms`);
      assert.ok(since.ownMaxMs! >= 40, `own work since the mark ${since.ownMaxMs} ms`);
      assert.match(ownWorkText(audit.ownMaxMs), /^ \(own work \d+\.\d ms\)$/);
    } else {
      assert.equal(audit.ownMaxMs, undefined);
    }
    // A new window starts from nothing.
    meter.mark();
    meter.begin();
    await sleep(30);
    const quiet = meter.end();
    assert.ok(quiet.ownMaxMs === undefined || quiet.ownMaxMs < 40, `own work after a new start ${quiet.ownMaxMs} ms`);
  });
});
