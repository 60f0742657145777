// Owns: keeping bursts of work from holding the event loop. Hundreds of responses can arrive in one socket
// read (HTTP/2 multiplexes them), and verifying them all in the microtasks of that one read would stall an
// editor for tens of milliseconds. Work that asks due() and, when it is, awaits next(), is released again a
// slice at a time, one turn of the event loop after another, so timers and I/O get their turn in between.
// One budget per turn for the whole process: the sumdb client's and the auditor's slices spend the same one
// (two budgets would let one turn verify a slice of answers, then send a slice of requests, and so on).
// Work a request is waiting on before it can leave (loading the roots for its TLS connection) is urgent: its
// waiters are released before all others, so a /latest is on the wire while the audit's own work goes on.
// Must never: do I/O, import vscode, or drop a waiter.

/** A slice of the event loop, in milliseconds: little enough to keep typing smooth. */
export const DEFAULT_SLICE_MS = 5;

/**
 * One clock and one queue of waiters for the whole process. The clock starts at the turn's first due(); a
 * setImmediate marks the turn's end, where a new clock starts and waiters are released on it, at least one.
 * Until that boundary a spent turn stays spent: work that finishes a waiter's job and goes on to the next
 * (one sliced loop ending, another starting in the same microtasks) does not get a second slice of the turn.
 * One slice per iteration of the event loop, so that timers (and the editor's requests) never wait for two: a
 * turn whose clock started in an I/O callback or a timer ends in that same iteration's check phase, so its
 * successor starts in the next iteration's check phase; and what a turn leaves of its slice is not carried
 * into the next iteration's I/O callbacks.
 */
const turn = { start: 0, running: false, endScheduled: false, startedOutside: false };

/** Waiters in the order they asked, with the slice each may spend; taken from `head` on. */
class WaiterQueue {
  private readonly waiters: Array<() => void> = [];
  private readonly budgets: number[] = [];
  private head = 0;

  get empty(): boolean {
    return this.head >= this.waiters.length;
  }

  /** The budget of the next waiter (the queue must not be empty). */
  get nextBudget(): number {
    return this.budgets[this.head];
  }

  push(resolve: () => void, budget: number): void {
    this.waiters.push(resolve);
    this.budgets.push(budget);
  }

  shift(): () => void {
    const resolve = this.waiters[this.head];
    this.waiters[this.head++] = undefined as unknown as () => void;
    if (this.head === this.waiters.length) {
      this.waiters.length = 0;
      this.budgets.length = 0;
      this.head = 0;
    } else if (this.head >= 1024) {
      this.waiters.splice(0, this.head);
      this.budgets.splice(0, this.head);
      this.head = 0;
    }
    return resolve;
  }
}

/** Urgent waiters are released before the others. */
const urgentWaiters = new WaiterQueue();
const waiters = new WaiterQueue();

function now(): number {
  return performance.now();
}

/** Milliseconds of slice-counted work in this turn of the event loop; the first call of a turn starts the clock. */
function spentInTurn(): number {
  const t = now();
  if (!turn.running) {
    turn.running = true;
    turn.start = t;
    turn.startedOutside = true;
    endTurnSoon();
    return 0;
  }
  return t - turn.start;
}

function endTurnSoon(): void {
  if (turn.endScheduled) return;
  turn.endScheduled = true;
  setImmediate(endTurn);
}

const endTurn = (): void => {
  turn.endScheduled = false;
  if (turn.startedOutside) {
    // This iteration had its slice already: what waits, and any due() until then, waits for the next one.
    turn.startedOutside = false;
    turn.start = -Infinity;
    endTurnSoon();
    return;
  }
  // The boundary between turns: the new turn's clock starts here, spent first on the waiters.
  turn.running = true;
  turn.start = now();
  release(true);
};

/**
 * Releases one waiter; its continuation runs before the next release (microtasks are first in, first out).
 * Only a boundary (first) ends a turn: whatever runs later in the same turn, once the queue is empty or the
 * budget spent, still counts against that turn instead of starting a fresh slice.
 */
function release(first: boolean): void {
  const queue = urgentWaiters.empty ? waiters : urgentWaiters;
  if (queue.empty) {
    if (first) turn.running = false;
    else {
      turn.start = -Infinity;
      endTurnSoon();
    }
    return;
  }
  if (!first && now() - turn.start > queue.nextBudget) {
    endTurnSoon();
    return;
  }
  const resolve = queue.shift();
  resolve();
  queueMicrotask(releaseMore);
}

const releaseMore = (): void => release(false);

export class EventLoopSlices {
  /** `urgent`: a request waits on this work; its waiters go before every other (see the header). */
  constructor(private readonly sliceMs = DEFAULT_SLICE_MS, private readonly urgent = false) {}

  /** True once the work done in this turn of the event loop (by any user of slices) fills a slice. */
  due(): boolean {
    return spentInTurn() > this.sliceMs;
  }

  /** Resolves in a later turn, behind everything already waiting; waiters are released a slice per turn. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      (this.urgent ? urgentWaiters : waiters).push(resolve, this.sliceMs);
      spentInTurn();
    });
  }
}

/**
 * Resolves at the start of a later turn, with that turn's whole slice ahead: for a step that cannot be cut
 * (building the diagnostics of a huge go.sum), so that it runs after no other slice in its iteration of the
 * event loop. What it spends counts against that turn: the next waiter gets the next one.
 */
export function freshSlice(): Promise<void> {
  // A budget of nothing: released only as the first of a turn.
  return new EventLoopSlices(0).next();
}

/** Resolves in the next turn of the event loop, after pending I/O and timers. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A slice clock for one loop of our own: due() once the work of this turn reaches `sliceMs`, pause() waits for
 * a later turn. It spends the same per-turn budget as EventLoopSlices: several sliced loops running at once
 * (grouping a big go.sum, carrying its verdicts over, loading the trust store) would otherwise each take a
 * full slice of the same turn, and a timer would wait for all of them together.
 */
export class SliceClock {
  private readonly slices: EventLoopSlices;

  constructor(sliceMs = DEFAULT_SLICE_MS, urgent = false) {
    this.slices = new EventLoopSlices(sliceMs, urgent);
  }

  due(): boolean {
    return this.slices.due();
  }

  pause(): Promise<void> {
    return this.slices.next();
  }
}

/**
 * Runs `steps` (a generator doing a little work per step) to its end, yielding to the event loop whenever a
 * slice of `sliceMs` is spent, and returns what it returns: the same result as running it in one go. `urgent`:
 * a request waits on it (see the header).
 */
export async function runInSlices<T>(steps: Generator<unknown, T>, sliceMs = DEFAULT_SLICE_MS, urgent = false): Promise<T> {
  const clock = new SliceClock(sliceMs, urgent);
  let r = steps.next();
  while (!r.done) {
    if (clock.due()) await clock.pause();
    r = steps.next();
  }
  return r.value;
}
