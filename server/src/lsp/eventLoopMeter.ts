// Owns: measuring, when asked (`--measure-event-loop` or GOSUM_DOCTOR_MEASURE_EVENT_LOOP=1), the longest
// event-loop delay in the language server, for the benchmark: while audits run, and since the last mark (the
// benchmark sends MARK_METHOD just before an open or an edit, so the window also covers decoding that message);
// the wiring logs the figures. On Linux it also tells how much of each delay the main thread spent waiting for
// a CPU (the kernel's schedstat): on a busy machine another process, or this one's own helper threads, can hold
// the only free core for 10-20 ms, and the delay that is the server's own work is the rest.
// Must never: cost anything when not asked for, or keep the process alive.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Bench-only notification: start a new "since the mark" window. "$/" so that other servers may ignore it. */
export const MARK_METHOD = '$/gosumDoctor/eventLoopMark';

/** How often the own-work ticker looks at the clock, in ms. */
const TICK_MS = 5;

/** Nanoseconds the main thread has spent runnable but not running; undefined where the kernel does not say. */
function waitingNs(): number | undefined {
  try {
    // "<ns on a CPU> <ns waiting for one> <time slices>"; thread-self is the thread reading it, the main one here.
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[1]);
    return Number.isFinite(ns) ? ns : undefined;
  } catch {
    return undefined;
  }
}

/** The longest delay of each window, the part spent waiting for a CPU taken out. */
class OwnDelay {
  /** Longest own delay (ms) in the audit window and since the mark. */
  audit = 0;
  sinceMark = 0;
  private lastAt = performance.now();
  private lastWait: number;

  constructor(wait: number) {
    this.lastWait = wait;
    setInterval(() => this.tick(), TICK_MS).unref();
  }

  private tick(): void {
    const now = performance.now();
    const wait = waitingNs();
    if (wait === undefined) return;
    const own = Math.max(0, now - this.lastAt - TICK_MS - (wait - this.lastWait) / 1e6);
    this.lastAt = now;
    this.lastWait = wait;
    if (own > this.audit) this.audit = own;
    if (own > this.sinceMark) this.sinceMark = own;
  }
}

export class EventLoopMeter {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  private readonly sinceMark: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  private readonly own: OwnDelay | undefined;
  private active = 0;

  private constructor() {
    this.sinceMark.enable();
    const wait = waitingNs();
    this.own = wait === undefined ? undefined : new OwnDelay(wait);
  }

  /** A meter when the process was started to measure, else undefined. */
  static requested(argv: readonly string[], env: Record<string, string | undefined>): EventLoopMeter | undefined {
    return argv.includes('--measure-event-loop') || env.GOSUM_DOCTOR_MEASURE_EVENT_LOOP === '1' ? new EventLoopMeter() : undefined;
  }

  /** An audit starts: the window opens with the first one. */
  begin(): void {
    if (this.active++ === 0) {
      this.histogram.reset();
      this.histogram.enable();
      if (this.own) this.own.audit = 0;
    }
  }

  /** An audit ends: the longest delay (ms) seen since the window opened, and its own-work figure when known. */
  end(): { maxMs: number; ownMaxMs?: number } {
    const maxMs = this.histogram.max / 1e6;
    if (--this.active === 0) this.histogram.disable();
    return { maxMs, ownMaxMs: this.own?.audit };
  }

  /** Starts a new window for sinceMark(). */
  mark(): void {
    this.sinceMark.reset();
    if (this.own) this.own.sinceMark = 0;
  }

  /** The longest delay (ms) since the last mark (or since the server started), and its own-work figure when known. */
  sinceMarkMs(): { maxMs: number; ownMaxMs?: number } {
    return { maxMs: this.sinceMark.max / 1e6, ownMaxMs: this.own?.sinceMark };
  }
}

/** " (own work X ms)" for a log line, when known. */
export function ownWorkText(ownMaxMs: number | undefined): string {
  return ownMaxMs === undefined ? '' : ` (own work ${ownMaxMs.toFixed(1)} ms)`;
}
