// Owns: the one place the audit asks the checksum database about a module version. GONOSUMDB/GOPRIVATE and
// GOSUMDB=off are enforced here before anything is looked up, and again on the wire (refuseLookupUrl is
// installed as the transport's refusal hook), so a private module path can never leave the process.
// Must never: import vscode, or look up a module the go command would not send to the database.
import { SumdbSkips } from '../goenv/patterns';
import { unescapePath, unescapeVersion } from '../parse/module';
import type { LookupResult, SumdbClient } from '../sumdb/client';
import type { VersionToPrepare } from '../sumdb/indexedRecords';

export interface LookupPolicy {
  GOSUMDB: string;
  GONOSUMDB: string;
  /** Which variable GONOSUMDB's value came from, to name it in messages. */
  nosumdbFrom: 'GONOSUMDB' | 'GOPRIVATE';
}

export type Exemption =
  | { status: 'private'; variable: 'GONOSUMDB' | 'GOPRIVATE'; patterns: string }
  | { status: 'disabled' };

/** Why the go command would never send a module to a checksum database (GOSUMDB=off, GONOSUMDB/GOPRIVATE). */
export class Exemptions {
  private readonly skips: SumdbSkips;

  constructor(private readonly policy: LookupPolicy) {
    this.skips = new SumdbSkips(policy);
  }

  /** Why this module is never sent (patterns.ts SumdbSkips), or undefined when it would be. */
  of(module: string): Exemption | undefined {
    const { policy } = this;
    // The usual setting, asked once per module of a go.sum: no pattern and the database on exempts nothing.
    if ((policy.GONOSUMDB === '' && !this.skips.off) || !this.skips.skips(module)) return undefined;
    // Skipped with the database on: the patterns matched. With GOSUMDB=off, they may name it as well.
    if (!this.skips.off || this.skips.matchesPatterns(module)) return { status: 'private', variable: policy.nosumdbFrom, patterns: policy.GONOSUMDB };
    return { status: 'disabled' };
  }
}

export class PrivateModuleRefused extends Error {
  constructor(readonly module: string) {
    super(`refusing to send ${module} to the checksum database: it matches GONOSUMDB/GOPRIVATE`);
  }
}

/** A transport refusal hook: /lookup/<module>@<version> of an exempt module never leaves. */
export function refuseLookupUrl(policy: LookupPolicy): (url: URL) => string | null {
  // With GOSUMDB on and no GONOSUMDB/GOPRIVATE pattern, no module is exempt: there is nothing this hook could
  // keep from leaving, and decoding and validating every lookup path would cost each request for nothing.
  const canExempt = policy.GOSUMDB === 'off' || policy.GONOSUMDB.split(',').some((g) => g !== '' && g !== '/');
  if (!canExempt) return () => null;
  const exemptions = new Exemptions(policy);
  return (url) => {
    const m = /\/lookup\/(.+)@([^@/]+)$/.exec(url.pathname);
    if (!m) return null;
    let module: string;
    try {
      module = unescapePath(decodeURIComponent(m[1]));
      unescapeVersion(decodeURIComponent(m[2]));
    } catch {
      return `refusing to send a malformed lookup path to the checksum database: ${url.pathname}`;
    }
    return exemptions.of(module) ? new PrivateModuleRefused(module).message : null;
  };
}

/** Lookups through the online client, or the offline one (our cache + Go's), never for exempt modules. */
export class LookupGate {
  private readonly exemptions: Exemptions;

  constructor(
    policy: LookupPolicy,
    private readonly online: SumdbClient | undefined,
    private readonly offline: SumdbClient | undefined,
  ) {
    this.exemptions = new Exemptions(policy);
  }

  exemption(module: string): Exemption | undefined {
    return this.exemptions.of(module);
  }

  /** The verified record for module@version (version without /go.mod). */
  async lookup(module: string, version: string, useOffline: boolean): Promise<LookupResult> {
    if (this.exemptions.of(module)) throw new PrivateModuleRefused(module);
    const client = useOffline ? this.offline : this.online;
    if (!client) throw new Error(`no ${useOffline ? 'offline' : 'online'} checksum-database client`);
    return client.lookupRecord(module, version);
  }

  /**
   * Lets the client authenticate, in one batch, the tiles that prove what its index holds for these versions;
   * see lookupNow. Only tiles of the tree are read (nothing names a module), and lookupNow checks exemptions.
   */
  async prepare(versions: VersionToPrepare[], useOffline: boolean): Promise<void> {
    const client = useOffline ? this.offline : this.online;
    await client?.prepare(versions);
  }

  /** lookup() answered at once when the client can prove the record without I/O; undefined otherwise. */
  lookupNow(module: string, version: string, useOffline: boolean, key?: string): LookupResult | undefined {
    // Local only (the client's index and tiles in memory): asking first and checking the exemption after
    // sends nothing anywhere, and keeps a cold audit from paying for the patterns twice.
    const client = useOffline ? this.offline : this.online;
    const r = client?.lookupRecordNow(module, version, key);
    return r && !this.exemptions.of(module) ? r : undefined;
  }
}
