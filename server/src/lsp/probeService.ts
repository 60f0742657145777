// Owns: running "Probe sumdb" for one workspace folder — never more than one probe in flight (a caller that
// comes while one runs gets its answer), remembering the last one, and re-probing with backoff (5 s, 10 s,
// 20 s … at most 5 min) while the database stays out of reach.
// A caller that wants the go command asked (the explicit Probe sumdb) never settles for a probe without it: it
// waits for the one in flight, then runs its own.
// Must never: run two probes at once for a folder, or keep the process alive (timers are unref'd).
import type { ProbeReport } from '../diagnosis/probeReport';

export const BACKOFF_START_MS = 5_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

export interface ProbeOutcome {
  report: ProbeReport;
  /** When the probe finished. */
  time: Date;
  /** The probe was asked to run the go command too (whether or not a go was found). */
  withGo?: boolean;
}

export class ProbeRunner {
  private inFlight?: Promise<ProbeOutcome>;
  private inFlightWithGo = false;
  private lastOutcome?: ProbeOutcome;

  /** `onDone` runs after each probe, once `last` holds it. `run(true)` also asks the go command (`signal` kills it). */
  constructor(private readonly run: (withGo: boolean, signal?: AbortSignal) => Promise<ProbeReport>, private readonly onDone?: () => void) {}

  get last(): ProbeOutcome | undefined {
    return this.lastOutcome;
  }

  get running(): boolean {
    return this.inFlight !== undefined;
  }

  /**
   * Runs the probe, or joins the one in flight (one with the go step when `withGo`). `signal` cancels the go step
   * of a probe this call starts; the network checks finish (they are bounded), so the report stays true.
   */
  probe(withGo = false, signal?: AbortSignal): Promise<ProbeOutcome> {
    if (this.inFlight && withGo && !this.inFlightWithGo) {
      return this.inFlight.then(() => undefined, () => undefined).then(() => this.probe(true, signal));
    }
    if (!this.inFlight) {
      this.inFlightWithGo = withGo;
      this.inFlight = this.run(withGo, signal)
        .then((report) => (this.lastOutcome = { report, time: new Date(), ...(withGo ? { withGo } : {}) }))
        .finally(() => {
          this.inFlight = undefined;
          this.inFlightWithGo = false;
          this.onDone?.();
        });
    }
    return this.inFlight;
  }
}

/** Where a Backoff's timer runs: the process's timers, or a test's that it fires by hand. */
export interface BackoffTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Unref'd, so a pending re-probe never keeps the process alive. */
const PROCESS_TIMERS: BackoffTimers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Calls `action` again after a delay that doubles on every schedule() until reset(). */
export class Backoff {
  private delayMs: number;
  private timer?: unknown;

  constructor(
    private readonly action: () => void,
    private readonly startMs = BACKOFF_START_MS,
    private readonly maxMs = BACKOFF_MAX_MS,
    private readonly timers = PROCESS_TIMERS,
  ) {
    this.delayMs = startMs;
  }

  /** The delay the next schedule() will use. */
  get nextDelayMs(): number {
    return this.delayMs;
  }

  schedule(): void {
    if (this.timer) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.maxMs);
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.action();
    }, delay);
  }

  reset(): void {
    if (this.timer) this.timers.clear(this.timer);
    this.timer = undefined;
    this.delayMs = this.startMs;
  }
}
