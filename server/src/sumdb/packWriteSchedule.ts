// Owns: when the verified-record pack is written: after a quiet time with no change and no use of the client
// (rewriting a big pack while an audit adds to it would cost far more than it saves, and its collections would
// land in the next edit's audit), or after MAX_DELAY_MS of continuous change; at once while settling. Writes run
// one after another. The clock is injected: the client's verification code keeps no timer of its own.
// Must never: do I/O itself (the write is the caller's), import vscode, or run two writes at once.

import type { ScheduleClock } from './clock';

/** Quiet time before the pack is written after a change or a use of the client, in ms. */
export const DEFAULT_QUIET_MS = 2000;
/** Proving records for the pack stops between slices, and its write waits, until the client has been unused this long, in ms. */
const PAUSE_QUIET_MS = 250;
/** Longest the write waits for quiet while the pack keeps changing, in ms. */
const MAX_DELAY_MS = 60_000;

export class PackWriteSchedule {
  /** When an audit last used the client (a /latest, a lookup). */
  private activeAt = -Infinity;
  private changedAt = 0;
  private dirtySince?: number;
  private cancelTimer?: () => void;
  /** How many settle() calls are writing everything out: while any is, nothing waits for a quiet moment. */
  private settling = 0;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: () => Promise<void>,
    private readonly quietMs = DEFAULT_QUIET_MS,
    /** Its one caller, packFile.ts, holds the client's clock (real time by default there). */
    private readonly clock: ScheduleClock,
  ) {}

  /** An audit is using the client: the pack is written behind it. */
  active(): void {
    this.activeAt = this.clock.now();
  }

  /** The pack changed: it is written once the client has been quiet for quietMs (or MAX_DELAY_MS at most). */
  changed(): void {
    const now = this.clock.now();
    this.changedAt = now;
    this.dirtySince ??= now;
    if (!this.cancelTimer) this.cancelTimer = this.clock.after(this.quietMs, () => this.fire(), true);
  }

  private fire(): void {
    const t = this.clock.now();
    const quietFor = t - Math.max(this.changedAt, this.activeAt);
    if (quietFor < this.quietMs && t - (this.dirtySince ?? t) < MAX_DELAY_MS) {
      this.cancelTimer = this.clock.after(this.quietMs - quietFor, () => this.fire(), true);
      return;
    }
    this.cancelTimer = undefined;
    this.dirtySince = undefined;
    void this.writeNext();
  }

  /** Resolves once the client has not been used for PAUSE_QUIET_MS (at once while settling). */
  async quietMoment(): Promise<void> {
    for (let t = this.clock.now(); this.settling === 0 && t - this.activeAt < PAUSE_QUIET_MS; t = this.clock.now()) {
      await new Promise<void>((resolve) => this.clock.after(PAUSE_QUIET_MS - (t - this.activeAt), resolve, false));
    }
  }

  /** Runs the write after those before it; false when it failed (a cache that cannot be written costs a refetch). */
  private writeNext(): Promise<boolean> {
    const run = this.writes.then(this.write).then(() => true, () => false);
    this.writes = run.then(() => undefined);
    return run;
  }

  /**
   * Writes at once, again while `more()` says the pack changed meanwhile, but not after a failed write (a held
   * lock, say). Resolves once every write started so far has finished.
   */
  async settle(more: () => boolean): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.dirtySince = undefined;
    this.settling++;
    try {
      while (await this.writeNext() && more());
    } finally {
      this.settling--;
    }
  }
}
