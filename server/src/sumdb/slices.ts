// Owns: keeping bursts of work from holding the event loop. Hundreds of responses can arrive in one socket
// read (HTTP/2 multiplexes them), and verifying them all in the microtasks of that one read would stall an
// editor for tens of milliseconds. Work that asks due() and, when it is, awaits next(), is released again a
// slice at a time, one turn of the event loop after another, so timers and I/O get their turn in between.
// Must never: do I/O, import vscode, or drop a waiter.

/** A slice of the event loop, in milliseconds: little enough to keep typing smooth. */
export const DEFAULT_SLICE_MS = 8;

export class EventLoopSlices {
  /** When the current stretch started: the first due() of this turn, or the last release. */
  private start = 0;
  private turnMarked = false;
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  constructor(private readonly sliceMs = DEFAULT_SLICE_MS) {}

  /** True once the work done since this turn of the event loop began (as far as we saw it) fills a slice. */
  due(): boolean {
    const now = performance.now();
    if (!this.turnMarked) {
      // A new turn since we last looked: start counting here, and notice the next turn.
      this.turnMarked = true;
      this.start = now;
      setImmediate(this.markTurn);
      return false;
    }
    return now - this.start > this.sliceMs;
  }

  /** Resolves in a later turn, behind everything already waiting; waiters are released a slice per turn. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.release);
      }
    });
  }

  private readonly markTurn = (): void => {
    this.turnMarked = false;
  };

  private readonly release = (): void => {
    this.scheduled = false;
    this.start = performance.now();
    this.turnMarked = true;
    setImmediate(this.markTurn);
    this.step();
  };

  /** Releases one waiter; its continuation runs before the next step (microtasks are first in, first out). */
  private readonly step = (): void => {
    const resolve = this.waiting.shift();
    if (!resolve) return;
    resolve();
    if (this.waiting.length === 0) return;
    if (performance.now() - this.start > this.sliceMs) {
      this.scheduled = true;
      setImmediate(this.release);
    } else {
      queueMicrotask(this.step);
    }
  };
}
