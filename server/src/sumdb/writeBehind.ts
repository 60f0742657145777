// Owns: writing cache files behind the lookups instead of in their way. Creating a file costs far more than
// verifying a record (a temp file, a write, a rename, often a directory), so writes wait in a queue while
// lookups are busy and drain with bounded concurrency once the client has been quiet for a moment, or at once
// when someone needs them on disk (flush, i.e. the client's settled()). New activity pauses a drain until the
// next quiet moment (thousands of files after a big audit must not compete with the next edit's audit). Tiles go
// first; when too many lookup files pile up, the surplus is dropped (a cache that is not written only costs a
// refetch).
// Must never: do I/O itself (the write function is given), import vscode, or throw from add().

export type WriteKind = 'tile' | 'lookup';

export interface WriteBehindOptions {
  /** Writes in flight at once while draining. */
  concurrency?: number;
  /** Quiet time (no add() or busy()) before draining starts on its own, in ms. */
  idleMs?: number;
  /** Lookup files kept waiting at most; more are dropped. */
  maxQueuedLookups?: number;
}

interface Pending { file: string; data: Uint8Array }

export class WriteBehindQueue {
  private readonly tiles: Pending[] = [];
  private readonly lookups: Pending[] = [];
  private lookupHead = 0;
  private running = 0;
  private draining = false;
  /** Someone waits for everything on disk: activity no longer pauses the drain. */
  private flushing = false;
  private lastActivity = 0;
  private timer?: NodeJS.Timeout;
  private waiters: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly idleMs: number;
  private readonly maxQueuedLookups: number;
  /** Lookup files not written because the queue was full. */
  dropped = 0;

  constructor(private readonly write: (file: string, data: Uint8Array) => void | Promise<void>, options: WriteBehindOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.idleMs = options.idleMs ?? 250;
    this.maxQueuedLookups = options.maxQueuedLookups ?? 4096;
  }

  get pending(): number {
    return this.tiles.length + this.lookups.length - this.lookupHead + this.running;
  }

  add(file: string, data: Uint8Array, kind: WriteKind): void {
    // A copy: a small body is a view into a pool slab shared with whatever was allocated around it; copies of
    // queued bodies are packed together instead (Buffer.from uses the pool too, no ArrayBuffer of its own).
    if (kind === 'tile') this.tiles.push({ file, data });
    else if (this.lookups.length - this.lookupHead < this.maxQueuedLookups) this.lookups.push({ file, data: Buffer.from(data) });
    else this.dropped++;
    this.busy();
    if (this.draining) this.pump();
    else this.arm();
  }

  /** Lookups are happening: keep writes out of their way a little longer (writes under way finish). */
  busy(): void {
    this.lastActivity = performance.now();
    if (this.draining && !this.flushing) {
      this.draining = false;
      this.arm();
    }
  }

  /** Resolves once everything queued so far (and anything added meanwhile) is written. */
  flush(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    this.draining = true;
    this.flushing = true;
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.pump();
    return done;
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const quiet = performance.now() - this.lastActivity;
      if (quiet >= this.idleMs) {
        this.draining = true;
        this.pump();
      } else if (this.pending > 0) {
        this.arm();
      }
    }, this.idleMs);
    this.timer.unref?.();
  }

  private next(): Pending | undefined {
    const t = this.tiles.shift();
    if (t) return t;
    if (this.lookupHead < this.lookups.length) {
      const l = this.lookups[this.lookupHead];
      this.lookups[this.lookupHead++] = undefined as unknown as Pending;
      if (this.lookupHead === this.lookups.length || this.lookupHead > 4096) {
        this.lookups.splice(0, this.lookupHead);
        this.lookupHead = 0;
      }
      return l;
    }
    return undefined;
  }

  private pump(): void {
    while (this.draining && this.running < this.concurrency) {
      const job = this.next();
      if (!job) break;
      this.running++;
      let r: void | Promise<void>;
      try {
        r = this.write(job.file, job.data);
      } catch {
        r = undefined;
      }
      Promise.resolve(r).catch(() => undefined).then(() => {
        this.running--;
        this.pump();
      });
    }
    if (this.pending === 0) {
      this.draining = false;
      this.flushing = false;
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }
}
