// Owns: how many requests may be in flight to one origin at once, following what its connection allows — one
// until the first connection says which protocol it speaks; then over HTTP/2 the streams the server advertises
// (SETTINGS_MAX_CONCURRENT_STREAMS), over HTTP/1.1 one per connection. Requests beyond the limit wait here in
// order, urgent ones (answers many others wait on, such as a tile) ahead of the rest, with no timer of theirs
// running yet, and every request waiting or in flight can be failed at once when the origin is given up on.
// Must never: let more requests through than the limit, or keep a request waiting after its signal aborts.

/** Connections per origin over HTTP/1.1, one request each (Go's transport leaves this unbounded; a shared database deserves a bound). */
export const HTTP1_CONNECTIONS = 16;
/** The streams Go's HTTP/2 client allows itself when a server's SETTINGS state no limit (and our ceiling). */
const HTTP2_UNSTATED_STREAMS = 1000;

/** One request's place at the gate. */
export class GateTicket {
  /** Stops the request once it runs (set by the request when it is dispatched). */
  stop?: (err: Error) => void;
  admitted = false;
  done = false;
  constructor(
    readonly url: string,
    readonly admit: () => void,
    readonly fail: (err: Error) => void,
  ) {}
}

export class OriginGate {
  private readonly running = new Set<GateTicket>();
  private waiting: GateTicket[] = [];
  private head = 0;
  /** Urgent requests waiting: few (a tile per 256 records), admitted before any in `waiting`. */
  private urgent: GateTicket[] = [];
  private allowed: number;
  private h2 = false;

  /** `protocolKnown`: plain http, which is HTTP/1.1 from the start. */
  constructor(protocolKnown: boolean) {
    this.allowed = protocolKnown ? HTTP1_CONNECTIONS : 1;
  }

  /** Requests that may be in flight at once now. */
  get limit(): number {
    return this.allowed;
  }

  /** A connection of this origin has spoken HTTP/2: one connection multiplexes every request. */
  get multiplexed(): boolean {
    return this.h2;
  }

  /** A connection said which protocol it speaks (and, over HTTP/2, how many streams the server allows). */
  spoke(protocol: string, streams?: number): void {
    this.h2 = protocol === 'h2';
    if (this.h2) {
      const stated = streams === undefined || streams >= 2 ** 31 ? HTTP2_UNSTATED_STREAMS : streams;
      this.allowed = Math.max(1, Math.min(stated, HTTP2_UNSTATED_STREAMS));
    } else {
      this.allowed = HTTP1_CONNECTIONS;
    }
    this.admitWaiting();
  }

  /**
   * Waits for a place; rejects with the signal's error, or the error the origin was given up with. An `urgent`
   * request takes the next place that frees, ahead of those already waiting.
   */
  enter(url: string, signal: AbortSignal | undefined, aborted: () => Error, urgent = false): Promise<GateTicket> {
    return new Promise<GateTicket>((resolve, reject) => {
      const onAbort = (): void => ticket.fail(aborted());
      const ticket: GateTicket = new GateTicket(url, () => {
        signal?.removeEventListener('abort', onAbort);
        ticket.admitted = true;
        this.running.add(ticket);
        resolve(ticket);
      }, (err) => {
        signal?.removeEventListener('abort', onAbort);
        if (ticket.done) return;
        ticket.done = true;
        reject(err);
      });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      (urgent ? this.urgent : this.waiting).push(ticket);
      this.admitWaiting();
    });
  }

  /** The request is over: its place goes to the next one waiting. */
  leave(ticket: GateTicket): void {
    ticket.done = true;
    if (this.running.delete(ticket)) this.admitWaiting();
  }

  /** Fails every request waiting or in flight, each with the error made for its URL. */
  giveUp(errorFor: (url: string) => Error): void {
    const waiting = [...this.urgent, ...this.waiting.slice(this.head)];
    this.urgent = [];
    this.waiting = [];
    this.head = 0;
    for (const t of waiting) t.fail(errorFor(t.url));
    for (const t of [...this.running]) t.stop?.(errorFor(t.url));
  }

  private admitWaiting(): void {
    while (this.running.size < this.allowed && this.urgent.length > 0) {
      const t = this.urgent.shift()!;
      if (!t.done) t.admit();
    }
    while (this.running.size < this.allowed && this.head < this.waiting.length) {
      const t = this.waiting[this.head++];
      if (!t.done) t.admit();
    }
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }
}
