// Owns: a clock for tests whose time moves only when the test says, so that "not yet" is a fact of the test's
// own timeline rather than of how long it slept. Must never: read real time or set a real timer.
import type { ScheduleClock } from '../../server/src/sumdb/clock';

interface StepTimer {
  at: number;
  fn: () => void;
  live: boolean;
}

/** Timers fire in order as time passes their moment. */
export class StepClock implements ScheduleClock {
  private t = 0;
  private timers: StepTimer[] = [];
  private onTimer: (() => void)[] = [];

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    for (const wake of this.onTimer.splice(0)) wake();
    return () => { timer.live = false; };
  }

  /** Resolves once a timer is pending: the code under test is waiting on this clock. */
  waiting(): Promise<void> {
    if (this.timers.some((x) => x.live)) return Promise.resolve();
    return new Promise((resolve) => this.onTimer.push(resolve));
  }

  /** Moves time on by `ms`, firing each timer due on the way (and those they set), with the promises they settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.live && x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      due.live = false;
      due.fn();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    this.t = end;
    this.timers = this.timers.filter((x) => x.live);
  }
}
