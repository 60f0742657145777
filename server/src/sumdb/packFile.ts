// Owns: our verified-record pack as a cache file: read once when the client starts, written behind the audits
// when it changed (packWriteSchedule.ts says when), merged with what another process wrote there, and how long
// reading and writing took (`check --timings`). The pack is only a hint (indexedRecords.ts proves every entry),
// so a pack that cannot be read is no pack, and one that cannot be written costs the next process a refetch.
// Must never: do I/O but through the ops' readIndex/updateIndex, import vscode, or keep a timer (the schedule's
// clock is injected).
import type { IndexedRecords } from './indexedRecords';
import type { ScheduleClock } from './clock';
import { PackWriteSchedule } from './packWriteSchedule';

/** The pack's reads and writes: ClientOps.readIndex and updateIndex (see there). */
export interface PackIo {
  readIndex?(name: string): Promise<Uint8Array | undefined>;
  updateIndex?(name: string, build: (onDisk: Uint8Array | undefined) => Promise<readonly Uint8Array[] | undefined>): Promise<void>;
}

export class PackFile {
  /** Milliseconds spent reading (and parsing) the pack at start and writing it. */
  readonly times = { readMs: 0, writeMs: 0 };
  private readonly schedule: PackWriteSchedule;

  constructor(
    /** The database name the pack is kept under. */
    private readonly name: string,
    private readonly io: PackIo,
    /** The pack in memory. */
    private readonly packed: IndexedRecords,
    quietMs: number | undefined,
    private readonly clock: ScheduleClock,
  ) {
    this.schedule = new PackWriteSchedule(() => this.write(), quietMs, clock);
  }

  /** Reads the pack into memory; any failure means there is none. Never throws. */
  async read(): Promise<void> {
    const started = this.clock.now();
    try {
      const data = await this.io.readIndex?.(this.name);
      if (data) await this.packed.load(data);
    } catch {
      // no pack
    } finally {
      this.times.readMs = this.clock.now() - started;
    }
  }

  /** An audit is using the client (a /latest, a lookup): the pack is written behind it. */
  active(): void {
    this.schedule.active();
  }

  /** The pack changed: written behind the audits (there is no pack to write without updateIndex). */
  changed(): void {
    if (this.io.updateIndex) this.schedule.changed();
  }

  /** Resolves at a moment the audits leave free. */
  quietMoment(): Promise<void> {
    return this.schedule.quietMoment();
  }

  /** Resolves once the pack write started or due so far has finished (before exiting or removing the cache). */
  settled(): Promise<void> {
    // Again while lookups during a write changed the pack.
    return this.schedule.settle(() => this.packed.unwritten && this.io.updateIndex !== undefined);
  }

  /**
   * Writes the pack if it changed, merged with what another process wrote there (the store keeps other writers
   * out between that read and the rename). The quiet moment is waited for before, not while holding the pack.
   */
  private async write(): Promise<void> {
    const update = this.io.updateIndex;
    if (!update) return;
    if (!await this.packed.complete()) return;
    await this.schedule.quietMoment();
    const started = this.clock.now();
    await update.call(this.io, this.name, (onDisk) => this.packed.merged(onDisk))
      .finally(() => { this.times.writeMs += this.clock.now() - started; });
  }
}
