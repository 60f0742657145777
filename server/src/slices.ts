// Owns: keeping bursts of work from holding the event loop for long. Hundreds of responses can arrive in one
// socket read (HTTP/2 multiplexes them); verifying them all in that one read's microtasks would keep the editor's
// requests waiting. Work that asks due() and, when it is, awaits next(), goes on in a later turn of the event loop.
// One clock for the whole process, restarted at each turn: every loop that asks spends the same slice (issue 16's
// target: requests answered within 50 ms at p99 during a 20,000-line audit).
// Must never: do I/O, import vscode, or drop a waiter.
import { monotonicMs } from './monotonic';

/**
 * A slice of the event loop, in milliseconds. Request round trips during a 20,000-line audit on a loaded 2-core
 * machine: p99 23-40 ms at 1 ms (the 50 ms target met), 51-75 ms at 2 ms, 77-145 ms at 5 ms; the 100,000-line
 * audit took no longer and peaked at 198 MB.
 */
export const DEFAULT_SLICE_MS = 1;

/**
 * The slice of a process with nobody waiting on its event loop: the command-line tool. Its loops still yield
 * now and then (a run's deadline is a timer), but each pause costs a turn: at 1 ms, telegraf's cold check over
 * HTTP/2 took 1.26 s against 1.17 s (medians of nine, same run, quiet machine).
 */
export const UNATTENDED_SLICE_MS = 50;

/** This process's slice: DEFAULT_SLICE_MS unless its entry point said otherwise. */
let processSliceMs = DEFAULT_SLICE_MS;

/** Sets the slice every clock of this process uses unless given one (an entry point calls it as it starts). */
export function setProcessSliceMs(ms: number): void {
  processSliceMs = ms;
}

/** When this turn's first due() was asked; undefined until then. A setImmediate clears it at the turn's end. */
let turnStart: number | undefined;

const endTurn = (): void => {
  turnStart = undefined;
};

/** Milliseconds since this turn's first due() (which starts the clock). */
function spentInTurn(): number {
  const t = monotonicMs();
  if (turnStart === undefined) {
    turnStart = t;
    setImmediate(endTurn);
  }
  return t - turnStart;
}

/** Resolves in the next turn of the event loop, after pending I/O and timers. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A slice clock shared by every user in the process. `urgent`: a request waits on this work (loading the roots
 * for a TLS connection): it pauses one turn at most, and goes on even if others spent that turn's slice first.
 */
export class SliceClock {
  private readonly sliceMs: number;

  constructor(sliceMs?: number, private readonly urgent = false) {
    this.sliceMs = sliceMs ?? processSliceMs;
  }

  /** True once the work done in this turn (by any user) fills a slice. */
  due(): boolean {
    return spentInTurn() > this.sliceMs;
  }

  /** Resolves in a later turn whose slice is not yet spent (for urgent work, simply the next turn). */
  pause(): Promise<void> {
    return this.urgent ? nextTurn() : paused.wait(this.sliceMs);
  }
}

/**
 * Work waiting for a turn with slice to spare, resumed first paused first: once per turn one loop resumes waiters
 * in order until the slice is spent, and the rest wait on. (Each waiter waking every turn to ask again cost the
 * language server's cold audit of telegraf, 250 lookups in flight, ~90 ms of re-asking.)
 */
class PausedWork {
  private readonly waiting: Array<{ resume: () => void; sliceMs: number }> = [];
  private scheduled = false;

  wait(sliceMs: number): Promise<void> {
    return new Promise<void>((resume) => {
      this.waiting.push({ resume, sliceMs });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.resumeInTurn());
  }

  /** Resumes waiters in order, each running on to its next await before the clock is read again. */
  private async resumeInTurn(): Promise<void> {
    this.scheduled = false;
    turnStart = undefined;
    for (let next = this.waiting[0]; next && spentInTurn() <= next.sliceMs; next = this.waiting[0]) {
      this.waiting.shift();
      next.resume();
      await Promise.resolve(); // the resumed work's continuation was queued first: it runs before this line goes on
    }
    if (this.waiting.length > 0) this.schedule();
  }
}

const paused = new PausedWork();

/**
 * Runs `steps` (a generator doing a little work per step) to its end, pausing whenever a slice is spent, and
 * returns what it returns: the same result as running it in one go.
 */
export async function runInSlices<T>(steps: Generator<unknown, T>, sliceMs?: number, urgent = false): Promise<T> {
  const clock = new SliceClock(sliceMs, urgent);
  let r = steps.next();
  while (!r.done) {
    if (clock.due()) await clock.pause();
    r = steps.next();
  }
  return r.value;
}
