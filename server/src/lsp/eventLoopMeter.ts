// Owns: measuring, when asked (`--measure-event-loop` or GOSUM_DOCTOR_MEASURE_EVENT_LOOP=1), the longest
// event-loop delay in the language server, for the benchmark: while audits run, and since the last mark (the
// benchmark sends MARK_METHOD just before an open or an edit, so the window also covers decoding that message);
// the wiring logs the figures.
// Must never: cost anything when not asked for, or keep the process alive.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Bench-only notification: start a new "since the mark" window. "$/" so that other servers may ignore it. */
export const MARK_METHOD = '$/gosumDoctor/eventLoopMark';

export class EventLoopMeter {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  private readonly sinceMark: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  private active = 0;

  private constructor() {
    this.sinceMark.enable();
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
    }
  }

  /** An audit ends: the longest delay (ms) seen since the window opened. */
  end(): number {
    const maxMs = this.histogram.max / 1e6;
    if (--this.active === 0) this.histogram.disable();
    return maxMs;
  }

  /** Starts a new window for sinceMarkMs(). */
  mark(): void {
    this.sinceMark.reset();
  }

  /** The longest delay (ms) since the last mark (or since the server started). */
  sinceMarkMs(): number {
    return this.sinceMark.max / 1e6;
  }
}
