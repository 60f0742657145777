// Owns: a workspace folder's way to its checksum database — the current AuditContext (rebuilt whenever the
// folder's environment changes) and one GoSumAuditor per database (name + verifier key). The auditor reads its
// context through a source that follows the current one, so its verdict cache survives a rebuild: after a
// settings change only what changed is looked up again, and a reopened go.sum is answered at once.
// Must never: publish anything, run an audit by itself, or hand out a closed context.
import { createAuditContext, GoSumAuditor, type AuditContext, type AuditContextOptions, type AuditSource } from '../audit';
import { parseGosumdb } from '../goenv/gosumdb';
import { realClock, waitOn } from '../sumdb/clock';

/** An AuditSource that reads whichever context is current (records verified with one key stay true). */
class CurrentSource implements AuditSource {
  constructor(public ctx: AuditContext) {}
  get database() { return this.ctx.database; }
  get disabled() { return this.ctx.disabled; }
  get gate() { return this.ctx.gate; }
  get online() { return this.ctx.online; }
  get latest() { return this.ctx.latest; }
  get remembered() { return this.ctx.remembered; }
  get setupScenario() { return this.ctx.setupScenario; }
  get scenarioContext() { return this.ctx.scenarioContext; }
  get moduleCache() { return this.ctx.moduleCache; }
  get locale() { return this.ctx.locale; }
  get lookupLimit() { return this.ctx.lookupLimit; }
  get giveUp() { return this.ctx.giveUp; }
}

export interface AuditTarget {
  ctx: AuditContext;
  auditor: GoSumAuditor;
  /** Counts rebuilds: an audit run under an older generation used an environment that is gone. */
  generation: number;
}

/** Which database a context checks against: records proven under one key are the same by any route. */
function databaseKey(ctx: AuditContext): string {
  const db = parseGosumdb(ctx.values.GOSUMDB);
  return db.kind === 'db' ? `${db.name} ${db.verifierKey}` : `(${db.kind})`;
}

export class DatabaseSession {
  private target?: AuditTarget;
  private generation = 0;
  private readonly auditors = new Map<string, { auditor: GoSumAuditor; source: CurrentSource }>();

  /** The current context and its auditor; undefined before the first build. */
  get current(): AuditTarget | undefined {
    return this.target;
  }

  /** Builds a context for `options`, makes it current and closes the previous one. */
  async rebuild(options: AuditContextOptions): Promise<AuditTarget> {
    const ctx = await createAuditContext(options);
    const key = databaseKey(ctx);
    let entry = this.auditors.get(key);
    if (entry) entry.source.ctx = ctx;
    else {
      const source = new CurrentSource(ctx);
      entry = { auditor: new GoSumAuditor(source, { wait: waitOn(realClock) }), source };
      this.auditors.set(key, entry);
    }
    const previous = this.target;
    this.target = { ctx, auditor: entry.auditor, generation: ++this.generation };
    // Audits on the previous context were aborted by the caller; lookups still in flight may fail now.
    if (previous && previous.ctx !== ctx) void previous.ctx.close().catch(() => undefined);
    return this.target;
  }

  async close(): Promise<void> {
    const t = this.target;
    this.target = undefined;
    if (t) await t.ctx.close().catch(() => undefined);
  }
}
