// Owns: counting an audit's lookups that are out (sent to the database, not yet answered), so that a cancelled
// run can say when its last one is back: none is sent after the cancel, so from then on the count only falls.
// Must never: do I/O or start or stop a lookup itself.

export class LookupsOut {
  private count = 0;
  private waiters: (() => void)[] = [];

  begin(): void {
    this.count++;
  }

  end(): void {
    if (--this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once no lookup is out (at once when none is). */
  none(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
