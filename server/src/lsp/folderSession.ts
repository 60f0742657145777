// Owns: one workspace folder's way to its checksum database over time — its Go environment (re-read on every
// refresh, rebuilt into a new audit context only when its fingerprint changed), its health as the status bar
// shows it (from the chain and the first /latest; from the probe when that fails), the setting lints to show,
// and the probe (one in flight; re-probed with backoff while the database is out of reach). It tells its
// listener what changed; the wiring publishes.
// Must never: publish or send anything itself, run two refreshes at once, or run a binary — except the go step
// of an explicit probeNow() (through diagnosis/goConfirm.ts), and never in an untrusted workspace.
import type { AuditResult } from '../audit';
import { MISBEHAVIOR_HEADLINE } from '../audit/goWords';
import { probe as runProbe, type ProbeOptions } from '../diagnosis/probe';
import { realClock } from '../sumdb/clock';
import { resolverEnvOf } from '../transport/resolverFiles';
import { credentialSources } from '../transport/goauth';
import type { ProbeReport } from '../diagnosis/probeReport';
import type { SettingLint } from '../goenv/lints';
import { SecurityError } from '../sumdb/clientErrors';
import type { StatusState } from '../shared/protocol';
import { DatabaseSession, type AuditTarget } from './databaseSession';
import { Backoff, ProbeRunner, type ProbeOutcome } from './probeService';
import { problemVariableOf, viaLabel } from './probeView';
import { databaseView, type FolderHealth } from './statusView';
import { auditContextOptions, DEFAULT_SETTINGS, goauthRunnerFor, probeEnvironment, probeGoStep, readFolderEnvironment, type Folder, type FolderEnvironment, type SettingsReader } from './workspaceEnv';
import { redactedSetting } from '../shared/goUrl';

export type RefreshReason = 'start' | 'settings' | 'env-file' | 'watched-files' | 'recheck' | 'probe' | 'backoff' | 'audit-trouble' | 'audit-recovered';

export interface FolderListener {
  /** The health (status) changed. */
  health(session: FolderSession): void;
  /**
   * Re-audit this folder's open documents: 'environment' — a new audit context was built (documents audited
   * under an older one); 'reachability' — the database became reachable or unreachable (every document).
   */
  contextChanged(session: FolderSession, why: 'environment' | 'reachability'): void;
  /** The setting lints to show for this folder. */
  lints(session: FolderSession, lints: SettingLint[]): void;
  /** A probe finished (its fixes belong on the diagnostics at the top of go.sum files). */
  probed(session: FolderSession): void;
  /** The go env file this folder reads; watch it. */
  envFile(file: string): void;
  log(message: string): void;
}

export interface FolderSessionDeps {
  readSettings: SettingsReader;
  processEnv: Record<string, string | undefined>;
  trusted: boolean;
  listener: FolderListener;
  /** The client's display language, for verdicts and the probe's report (default English). */
  locale?: string;
  /** The probe (tests of this module may replace it; the server uses diagnosis/probe). */
  probe?: (options: ProbeOptions) => Promise<ProbeReport>;
}

const TROUBLE: ReadonlySet<StatusState> = new Set(['blocked', 'tls-intercepted', 'misconfigured', 'disagreement']);
/** Reachability problems the network may fix by itself: re-probed with backoff. */
const TRANSIENT: ReadonlySet<StatusState> = new Set(['blocked', 'tls-intercepted']);

export class FolderSession {
  readonly database = new DatabaseSession();
  private env?: FolderEnvironment;
  private current: FolderHealth;
  private readonly prober: ProbeRunner;
  private readonly backoff: Backoff;
  private refreshing?: Promise<void>;
  private again?: RefreshReason;
  private rebuilding = false;
  private waiters: (() => void)[] = [];
  private disposed = false;
  private environmentNotes: string[] = [];

  constructor(readonly folder: Folder, private readonly deps: FolderSessionDeps) {
    this.current = { state: 'checking', untrusted: !deps.trusted, offlineSetting: false };
    this.prober = new ProbeRunner((withGo, signal) => this.probeOnce(withGo, signal), () => this.deps.listener.probed(this));
    this.backoff = new Backoff(() => void this.refresh('backoff'));
  }

  get health(): FolderHealth {
    return this.current;
  }

  get environment(): FolderEnvironment | undefined {
    return this.env;
  }

  get lastProbe(): ProbeOutcome | undefined {
    return this.prober.last;
  }

  /** The current audit context and auditor, once built (waits for a rebuild in progress). */
  async ready(): Promise<AuditTarget> {
    if (!this.database.current || this.rebuilding) {
      const waited = new Promise<void>((resolve) => this.waiters.push(resolve));
      if (!this.refreshing) void this.refresh('start');
      await waited;
    }
    const target = this.database.current;
    if (!target) throw new Error(`no checksum-database context for ${this.folder.path}`);
    return target;
  }

  /** Re-reads the environment and re-assesses the database; joins (and then repeats) a refresh in progress. */
  refresh(reason: RefreshReason): Promise<void> {
    if (this.refreshing) {
      this.again = reason;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      let next: RefreshReason | undefined = reason;
      while (next && !this.disposed) {
        this.again = undefined;
        try {
          await this.refreshOnce(next);
        } catch (e) {
          this.deps.listener.log(`${this.folder.path}: refresh (${next}) failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
          this.flushWaiters();
        }
        next = this.again;
      }
    })().finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }

  /**
   * "Probe sumdb": a fresh environment, then the probe (joined when one runs); the status follows it. Only an
   * explicit probe (`withGo`) asks the go command, when the folder allows it (setting on, workspace trusted);
   * `signal` (the client cancelled) kills it.
   */
  async probeNow(asked: { withGo?: boolean; signal?: AbortSignal } = {}): Promise<ProbeOutcome> {
    const since = Date.now();
    await this.refresh('probe');
    const withGo = asked.withGo === true && this.env !== undefined && probeGoStep(this.env) !== undefined;
    const last = this.prober.last;
    const fresh = last && last.time.getTime() >= since && (last.withGo || !withGo);
    const outcome = fresh ? last : await this.prober.probe(withGo, asked.signal);
    const target = this.database.current;
    if (target && this.env) this.applyHealth(this.healthFromProbe(outcome, this.baseHealth(target, this.env)), false);
    return outcome;
  }

  /** What an audit found out about the database besides the verdicts. */
  noteAudit(result: AuditResult): void {
    const h = this.current;
    if (result.securityReport) {
      this.applyHealth({ ...h, state: 'disagreement', headline: MISBEHAVIOR_HEADLINE.split('\n')[0] }, false);
    } else if (result.scenario && !TROUBLE.has(h.state)) {
      void this.refresh('audit-trouble');
    } else if (!result.scenario && !result.offline && TROUBLE.has(h.state) && h.state !== 'misconfigured') {
      void this.refresh('audit-recovered');
    } else if (!result.offline && result.database && h.state === 'verified' && h.database && result.database.treeSize > (h.database.treeSize ?? 0)) {
      this.applyHealth({ ...h, database: { ...h.database, treeSize: result.database.treeSize } }, false);
    }
  }

  private async refreshOnce(reason: RefreshReason): Promise<void> {
    const settings = await this.deps.readSettings(this.folder).catch(() => ({ gosumDoctor: { ...DEFAULT_SETTINGS } }));
    const env = await readFolderEnvironment(this.folder, settings, this.deps.processEnv, this.deps.trusted);
    if (env.envFile) this.deps.listener.envFile(env.envFile);
    const previous = this.database.current;
    const changed = !previous || env.fingerprint !== this.env?.fingerprint;
    // A GOPROXY chain that failed is only walked again by a new context.
    const chainFailed = !!previous?.ctx.chain && !previous.ctx.chain.base;
    let target = previous;
    if (changed || chainFailed) {
      this.rebuilding = true;
      if (changed) this.applyHealth({ state: 'checking', untrusted: !env.trusted, offlineSetting: env.settings.offline }, false);
      try {
        target = await this.database.rebuild({ ...auditContextOptions(env), locale: this.deps.locale });
        this.env = env;
      } finally {
        this.rebuilding = false;
        this.flushWaiters();
      }
      const ctx = target.ctx;
      this.deps.listener.log(`${this.folder.path}: ${changed ? 'environment read' : 'way to the database walked again'} (${reason}): ` +
        `GOSUMDB=${redactedSetting(ctx.values.GOSUMDB)} GOPROXY=${redactedSetting(ctx.values.GOPROXY)}${ctx.chain?.base ? ` → ${ctx.chain.base.shown}` : ''}`);
      // In the session's language already: the context was built with its locale.
      const lints = ctx.lints;
      this.environmentNotes = lints.filter((l) => l.source.source === 'process' && l.severity !== 'info').map((l) => `${l.variable}: ${l.message}`);
      this.deps.listener.lints(this, lints);
    }
    this.flushWaiters();
    if (!target || !this.env) return;
    // Nothing the go command reads changed: the state stands (the database is asked again on a real reason).
    const passive = reason === 'settings' || reason === 'env-file' || reason === 'watched-files';
    if (passive && !changed && !chainFailed && this.current.state !== 'checking') return;
    const health = await this.assess(target, this.env);
    if (this.disposed) return;
    this.applyHealth(health, changed);
  }

  /** Sets the health; re-audits on an environment change or when reachability changed; schedules re-probes. */
  private applyHealth(health: FolderHealth, environmentChanged: boolean): void {
    const before = this.current;
    if (JSON.stringify(before) !== JSON.stringify(health)) {
      this.current = health;
      this.deps.listener.health(this);
    }
    if (health.state === 'checking') return;
    if (TRANSIENT.has(health.state)) this.backoff.schedule();
    else this.backoff.reset();
    if (environmentChanged) this.deps.listener.contextChanged(this, 'environment');
    else if (before.state !== 'checking' && before.state !== health.state) this.deps.listener.contextChanged(this, 'reachability');
  }

  private baseHealth(target: AuditTarget, env: FolderEnvironment): FolderHealth {
    const { ctx } = target;
    return {
      state: 'unknown', chain: ctx.chain, untrusted: !env.trusted, offlineSetting: env.settings.offline,
      ...(ctx.database ? { database: databaseView(ctx.database.name, ctx.chain) } : {}),
      ...(this.prober.last ? { lastProbe: this.prober.last.time } : {}),
      ...(this.environmentNotes.length ? { environmentNotes: this.environmentNotes } : {}),
    };
  }

  /** The state from the chain and the first /latest; the probe names what is wrong when that fails. */
  private async assess(target: AuditTarget, env: FolderEnvironment): Promise<FolderHealth> {
    const { ctx } = target;
    const base = this.baseHealth(target, env);
    if (ctx.disabled) return { ...base, state: 'disabled', database: undefined, chain: undefined };
    if (env.settings.offline && ctx.database) {
      const head = await ctx.remembered?.().catch(() => undefined);
      return { ...base, state: 'offline', database: databaseView(ctx.database.name, undefined, head?.tree.n, true) };
    }
    if (ctx.database && ctx.online && ctx.latest) {
      try {
        const head = await ctx.latest();
        return { ...base, state: 'verified', database: databaseView(ctx.database.name, ctx.chain, head.tree.n) };
      } catch (err) {
        if (err instanceof SecurityError) {
          return { ...base, state: 'disagreement', headline: MISBEHAVIOR_HEADLINE.split('\n')[0] };
        }
        this.deps.listener.log(`${this.folder.path}: /latest failed: ${err instanceof Error ? err.message : String(err)}; probing`);
      }
    }
    return this.healthFromProbe(await this.prober.probe(), base);
  }

  private healthFromProbe(outcome: ProbeOutcome, base: FolderHealth): FolderHealth {
    const r = outcome.report;
    const state: StatusState = r.scenario === 'ok' ? 'verified' : r.scenario;
    const database = r.database.base
      ? { name: r.database.name, via: viaLabel(r.database.via, r.database.base), baseUrl: r.database.base, ...(r.database.treeSize ? { treeSize: r.database.treeSize } : {}) }
      : base.database;
    const problemVariable = state === 'misconfigured' ? problemVariableOf(r.evidence) : undefined;
    return {
      ...base, state, lastProbe: outcome.time,
      ...(database ? { database } : {}),
      ...(state !== 'verified' ? { headline: r.title } : {}),
      ...(problemVariable ? { problemVariable } : {}),
      ...(TRANSIENT.has(state) && base.database ? { fromCaches: true } : {}),
    };
  }

  private async probeOnce(withGo: boolean, signal?: AbortSignal): Promise<ProbeReport> {
    const target = this.database.current;
    const env = this.env;
    if (!target || !env) throw new Error('probe before the environment was read');
    // Read again: trust or the setting may have changed since the caller asked.
    const goStep = withGo ? probeGoStep(env) : undefined;
    return (this.deps.probe ?? runProbe)({
      dir: this.folder.path, env: probeEnvironment(target.ctx.values), goVersion: target.ctx.env.goVersion, clock: realClock,
      transport: { extraCACertificates: env.settings.extraCACertificates, resolverEnv: resolverEnvOf(this.deps.processEnv), ...credentialSources(target.ctx.values.GOAUTH, this.deps.processEnv, target.ctx.env.goVersion, goauthRunnerFor(env)) }, locale: this.deps.locale,
      ...(goStep ? { confirmWithGo: { ...goStep, ...(signal ? { signal } : {}) } } : {}),
    });
  }

  private flushWaiters(): void {
    if (this.rebuilding) return;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.backoff.reset();
    this.flushWaiters();
    await this.database.close();
  }
}
