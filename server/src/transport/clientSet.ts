// Owns: the conduits (conduits.ts: each one connection at a time, reconnected as needed) that carry one origin's
// requests, and which of them takes the next request: over HTTP/2 one connection multiplexes them all; over
// HTTP/1.1 an idle one, or a new one while there are fewer than HTTP1_CONNECTIONS.
// Why not undici's Pool: it opens another connection whenever a client's busy flag has not been cleared yet
// (that happens a microtask after each answer), so even requests made one after another could take two.
// Must never: open more connections than the protocol's limit; the origin's gate bounds requests in flight.
import type { Conduit } from './conduits';
import { HTTP1_CONNECTIONS } from './originGate';

/** A request's conduit, and the way to say it is over. */
export interface ClientSlot {
  conduit: Conduit;
  release(): void;
}

interface Member {
  conduit: Conduit;
  running: number;
}

export class ClientSet {
  private readonly members: Member[] = [];

  constructor(
    private readonly create: () => Conduit,
    /** True once a connection of this origin has spoken HTTP/2. */
    private readonly multiplexed: () => boolean,
  ) {}

  /** The conduit for the next request: the least busy that can take it, or a new one. */
  take(): ClientSlot {
    const member = this.pick();
    member.running++;
    let released = false;
    return {
      conduit: member.conduit,
      release: () => {
        if (released) return;
        released = true;
        member.running--;
      },
    };
  }

  async close(): Promise<void> {
    const all = this.members.splice(0);
    await Promise.all(all.map((m) => m.conduit.destroy().catch(() => undefined)));
  }

  private pick(): Member {
    if (this.multiplexed() && this.members.length > 0) return this.members[0];
    const idle = this.members.find((m) => m.running === 0);
    if (idle) return idle;
    if (this.members.length < HTTP1_CONNECTIONS) {
      const member = { conduit: this.create(), running: 0 };
      this.members.push(member);
      return member;
    }
    return this.members.reduce((a, b) => (b.running < a.running ? b : a));
  }
}
