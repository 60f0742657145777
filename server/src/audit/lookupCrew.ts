// Owns: running an audit's lookups in order, each started once, with as many in flight as wanted now — a
// number that may change while they run (it follows what the database's connection allows).
// Must never: run more at once than wanted (beyond those already under way when it drops), or start one
// after being stopped.

export class LookupCrew {
  private next = 0;
  private active = 0;
  private failure?: { err: unknown };
  private settle?: { resolve: () => void; reject: (err: unknown) => void };

  constructor(
    /** Lookups to run, numbered 0 .. count - 1. */
    private readonly count: number,
    /** How many may be in flight now. */
    private readonly wanted: () => number,
    /** Runs lookup i. */
    private readonly one: (i: number) => Promise<void>,
    /** True once no more should start (the run stopped or was aborted). */
    private readonly stopped: () => boolean,
  ) {}

  /** Resolves when every lookup started has finished and none is left to start; rejects with the first failure. */
  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
      this.fill();
    });
  }

  private more(): boolean {
    return this.failure === undefined && !this.stopped() && this.next < this.count;
  }

  private fill(): void {
    this.grow();
    if (this.active > 0 || !this.settle) return;
    const { resolve, reject } = this.settle;
    this.settle = undefined;
    if (this.failure) reject(this.failure.err);
    else resolve();
  }

  /** Starts workers until as many run as are wanted now. */
  private grow(): void {
    while (this.more() && this.active < Math.max(1, this.wanted())) {
      this.active++;
      void this.work();
    }
  }

  private async work(): Promise<void> {
    try {
      while (this.more() && this.active <= Math.max(1, this.wanted())) {
        await this.one(this.next++);
        // More may be wanted than when the crew started (the connection now allows more streams): a worker
        // that only went on with its own loop would leave the crew at its first size.
        this.grow();
      }
    } catch (err) {
      this.failure ??= { err };
    } finally {
      this.active--;
      this.fill();
    }
  }
}
