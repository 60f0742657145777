// Per-document debouncing: the last edit wins, and a closed document cancels its pending run.
// No LSP or vscode imports; timers are unref'd so they never keep a process alive.

/** Edits within this window are validated (and audited) once. */
export const VALIDATION_DELAY_MS = 150;

export class Debouncer {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly delayMs: number) {}

  schedule(key: string, run: () => void): void {
    this.cancel(key);
    const t = setTimeout(() => {
      this.pending.delete(key);
      run();
    }, this.delayMs);
    t.unref();
    this.pending.set(key, t);
  }

  cancel(key: string): void {
    const t = this.pending.get(key);
    if (t) clearTimeout(t);
    this.pending.delete(key);
  }
}
