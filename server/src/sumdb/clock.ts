// Owns: the time source and timers of the code that waits (the pack's write schedule, the store's wait for another
// process's lock, an audit's wait before asking again): injected, so tests move time themselves instead of sleeping.
// Real time (realClock) is handed in by the wiring: connect.ts, the CLI and the language server.
// Must never: do I/O or import vscode.
import { monotonicMs } from '../monotonic';

/** A monotonic time source and timers. */
export interface ScheduleClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /**
   * Calls `fn` after `ms`; returns a cancel function. `background`: the timer alone does not keep the process
   * alive (a CLI waiting on settled() must not exit in the middle of a wait that is not background).
   */
  after(ms: number, fn: () => void, background: boolean): () => void;
}

/** A wait of `ms` on `clock`'s timer that keeps the process alive (an audit's wait before asking again). */
export function waitOn(clock: ScheduleClock): (ms: number) => Promise<void> {
  return (ms) => new Promise<void>((resolve) => clock.after(ms, resolve, false));
}

export const realClock: ScheduleClock = {
  now: monotonicMs,
  after: (ms, fn, background) => {
    const t = setTimeout(fn, ms);
    if (background) t.unref?.();
    return () => clearTimeout(t);
  },
};
