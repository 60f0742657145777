// Owns: one audit run over a go.sum — every line gets exactly one status. Lines are grouped by module@version
// (versionGroups.ts) so each record is looked up once; lookups keep the database's connection busy (as many in
// flight as it takes, lookupCrew.ts), lines in view first, a failure that may pass asked again after a wait
// (retry.ts); every online run starts with /latest (a fork is caught even when every record is cached); answers
// are kept in a VerdictCache so a re-audit only looks up what changed, and an edit's re-audit takes over this
// auditor's own earlier verdicts for the lines it left alone instead of judging them again. When the database
// cannot be reached, the run falls back to the local caches and carries ONE scenario instead of thousands of
// errors, and what still waits for the database is given up at once.
// Must never: import vscode, look anything up except through the LookupGate, block the event loop for long
// (it yields every few milliseconds), or report a line verified that the sumdb client did not prove.
import type { GoSumLine, GoSumParse } from '../parse/gosum';
import { NotFoundError, RemoteStatusError, SecurityError, UnverifiableError, VerificationError } from '../sumdb/clientErrors';
import { t } from '../i18n';
import { lookupFailureText, MISBEHAVIOR_HEADLINE, moduleCacheMismatch, verifyingWhat } from './goWords';
import { baseVerdict, judgeLine, verdictFits } from './judge';
import type { LookupGate } from './lookupGate';
import type { LookupResult } from '../sumdb/client';
import { nextTurn, SliceClock } from '../slices';
import { groupByVersion, type Group } from './versionGroups';
import type { ModuleCacheReader } from './moduleCache';
import { suggestedPrivatePrefix } from './privateHint';
import { isUnreachable, scenarioForError, scenarioForGoSum, type ScenarioContext } from './scenario';
import { notFoundAnswer, recordAnswer, VerdictCache, type CachedAnswer } from './verdictCache';
import { LookupCrew } from './lookupCrew';
import { LineTriage, malformedLineVerdict } from './triage';
import { LOOKUP_RETRIES, retryDelayMs, worthRetrying } from './retry';
import { summarize, type AuditResult, type DatabaseInfo, type LineVerdict, type ScenarioReport } from './verdict';

/** What an audit needs from its surroundings (createAuditContext builds one from the Go environment). */
export interface AuditSource {
  /** The database lines are checked against; null when GOSUMDB cannot be used (see setupScenario). */
  database: DatabaseInfo | null;
  /** GOSUMDB=off. */
  disabled: boolean;
  gate: LookupGate;
  /** Lookups may use the network (false: --offline, or no online client). */
  online: boolean;
  /** Proves /latest consistent with the remembered head; absent offline. */
  latest?: () => Promise<{ tree: { n: number } }>;
  /** The newest head proven from the caches (offline). */
  remembered?: () => Promise<{ tree: { n: number } }>;
  /** Why the database cannot be used at all, known before any lookup (bad GOSUMDB, failed GOPROXY chain). */
  setupScenario: ScenarioReport | null;
  scenarioContext: ScenarioContext;
  moduleCache?: ModuleCacheReader;
  /** The language verdicts are worded in (default English); Go's own texts stay as Go prints them. */
  locale?: string;
  /** Requests the database's connection takes at once now (its HTTP/2 streams, or its HTTP/1.1 connections). */
  lookupLimit?: () => number;
  /** The database was judged unreachable (this error): its requests still waiting or in flight fail at once. */
  giveUp?: (err: unknown) => void;
}

export interface AuditOptions {
  signal?: AbortSignal;
  /** 0-based lines in view: their module versions are looked up first. */
  priority?: { start: number; end: number };
  /** Lines decided so far / lines to decide. */
  onProgress?: (done: number, total: number) => void;
  /** Verdicts as they are decided, in batches (for incremental diagnostics). */
  onVerdicts?: (verdicts: LineVerdict[]) => void;
  /**
   * What an earlier run of this auditor (`from`) said about lines whose text has not changed since, each moved to
   * its line now, in line order: an edit re-checks only the lines it changed. A verdict resting on a verified
   * record stands once this run has proven the new head consistent (a fork still taints it); a private or disabled
   * one at once. Ignored when the context changed or the cache forgot anything since that run.
   */
  earlier?: { from: AuditResult; verdicts: readonly LineVerdict[] | Promise<readonly LineVerdict[]> };
  /**
   * Told, once `signal` aborted the run and every lookup it had sent is answered, how many lookups it made: no
   * lookup is sent after the abort, so nothing of this run reaches the database after that.
   */
  onStopped?: (lookups: number) => void;
  /**
   * How the go command names this file in a checksum mismatch (modfetch haveModSumLocked): "go.sum" (the
   * default), "go.work.sum", or in workspace mode a module's go.sum by its path.
   */
  sumFile?: string;
}

/** What a run's verdicts are judged with: the database's name and how Go names the audited file. */
interface Judging {
  dbName: string;
  sumFile: string;
}

export interface AuditorOptions {
  /**
   * At most this many lookups at once (default: no bound of its own). Online, the auditor keeps twice what the
   * database's connection takes at once (lookupLimit) going, so a lookup waiting for a tile leaves the connection busy.
   */
  concurrency?: number;
  /** How the auditor waits before asking the database again (the CLI and the server: waitOn(realClock)). */
  wait: (ms: number) => Promise<void>;
}


/** A group judged before /latest answered. */
interface Prejudged {
  /** The answer it was judged against: usable once the head proven by /latest allows it (VerdictCache rules). */
  answer: CachedAnswer;
  verdicts: LineVerdict[];
  /** Proven from our index just now: counts as a lookup, and is cached once usable. */
  fresh?: boolean;
  /** The client's key for the record (the same text as the group's), for the cache to share. */
  key?: string;
}

/** Lookups at once from the local caches (offline), which wait on file reads only. */
const OFFLINE_LOOKUPS = 32;
/** Lookups at once online before the connection has said what it takes. */
const FIRST_LOOKUPS = 16;

/** Verdicts handed on at once when a long list is emitted in slices. */
const EMIT_CHUNK = 4096;
/** Groups judged in memory between two looks at the slice clock (a power of two). */
const GROUPS_PER_LOOK = 256;
/** The same when each group reads files from the module cache: a slow disk must not hold the event loop long. */
const MODULE_CACHE_GROUPS_PER_LOOK = 16;

/** Per-run state shared by the phases and the workers. */
interface AuditRun {
  headSize: number;
  /** No /latest to read: the head is the largest tree a lookup proved, as the go command has it (it never reads one). */
  headFromLookups: boolean;
  useOffline: boolean;
  scenario: ScenarioReport | null;
  security?: { report: string };
  lookups: number;
  /** Failed lookups that may pass are asked again (until one has used up its retries). */
  retrying: boolean;
  done: number;
  total: number;
  stopped: boolean;
  parsed: Pick<GoSumParse, 'lines' | 'malformed'>;
  options: AuditOptions;
  signal: AbortSignal | undefined;
  /** One per line, in the order they were emitted; `done` of them so far. */
  verdicts: LineVerdict[];
  /** Lines left for the database (triage). */
  pending: GoSumLine[];
  /** The earlier verdicts that stand once the head is proven. */
  standing: LineVerdict[];
  /** The pending lines by module@version, and what each was judged to before the head was proven. */
  groups: Group[];
  ready: Array<Prejudged | undefined>;
  /** The lookups' crew at work (lookUpAll): settled once every lookup it started is answered. */
  crew?: Promise<void>;
}

/** The verdicts in line order, one per line: the later one if a line had two (never meant to happen). */
function inLineOrder(verdicts: LineVerdict[]): LineVerdict[] {
  // A stable sort keeps two verdicts for one line in the order they came.
  verdicts.sort((x, y) => x.line - y.line);
  return verdicts.filter((v, i) => i + 1 === verdicts.length || verdicts[i + 1].line !== v.line);
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('audit cancelled');
  err.name = 'AbortError';
  return err;
}

/** Audits go.sum files against one database; keeps what the database said between runs. */
export class GoSumAuditor {
  readonly cache = new VerdictCache();
  /** The context and the cache's age each result of this auditor was given under (what `earlier` may reuse). */
  private readonly given = new WeakMap<AuditResult, { gate: LookupGate; forgotten: number }>();
  /** Module-cache comparisons that cannot change (the files are write-once), by the verdict they complete. */
  private readonly compared = new WeakMap<LineVerdict, LineVerdict>();
  private readonly concurrency: number;
  private readonly wait: (ms: number) => Promise<void>;
  /** The process's event-loop slices (one clock: a turn's time is shared by every loop that asks). */
  private readonly slices = new SliceClock();

  constructor(private readonly source: AuditSource, options: AuditorOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? Infinity);
    this.wait = options.wait;
  }

  get database(): DatabaseInfo | null {
    return this.source.database;
  }

  /**
   * Gives every line of `parsed` exactly one status. Rejects with the signal's reason when aborted. Phases, in
   * order: triage (lines decided without the database), tree head, lookups, verdicts (the result); the module
   * cache is compared as each group is decided (withModuleCache).
   */
  async audit(parsed: Pick<GoSumParse, 'lines' | 'malformed'>, options: AuditOptions = {}): Promise<AuditResult> {
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    const src = this.source;
    src.moduleCache?.forget();
    const total = parsed.lines.length + parsed.malformed.length;
    const run: AuditRun = {
      headSize: 0, headFromLookups: false, useOffline: !src.online, scenario: src.setupScenario, lookups: 0, retrying: true,
      done: 0, total, stopped: false,
      parsed, options, signal,
      // One per line: sized up front (a huge go.sum's array grown by push leaves copies behind), cut to length at the end.
      verdicts: new Array<LineVerdict>(total),
      pending: [], standing: [], groups: [], ready: [],
    };
    const { onStopped } = options;
    if (signal && onStopped) {
      // Every lookup goes through the crew, which starts none once aborted: settled, nothing of this run is out.
      const stopped = (): void => onStopped(run.lookups);
      signal.addEventListener('abort', () => void (run.crew ?? Promise.resolve()).then(stopped, stopped), { once: true });
    }
    await this.triage(run);
    if ((run.pending.length > 0 || run.standing.length > 0) && src.database) {
      await this.treeHead(run);
      if (!run.security) await this.lookups(run);
    }
    return this.verdicts(run);
  }

  /** Hands a batch of verdicts on (in the run's verdicts, to the callbacks), unless the run was aborted. */
  private emit(run: AuditRun, batch: LineVerdict[]): void {
    if (batch.length === 0 || run.signal?.aborted) return;
    // Indexed loops over a whole go.sum's worth: for-of in code V8 has not optimised allocates a result per step.
    for (let i = 0; i < batch.length; i++) run.verdicts[run.done++] = batch[i];
    run.options.onVerdicts?.(batch);
    run.options.onProgress?.(run.done, run.total);
  }

  /**
   * emit() of pick(0) ... pick(count - 1), left out where it gives nothing, a few thousand at a time between
   * slices: a whole go.sum's earlier verdicts can be among them.
   */
  private async emitInSlices(run: AuditRun, count: number, pick: (i: number) => LineVerdict | undefined): Promise<void> {
    const { signal } = run;
    const clock = this.slices;
    for (let i = 0; i < count;) {
      const batch: LineVerdict[] = [];
      for (const end = Math.min(count, i + EMIT_CHUNK); i < end; i++) {
        const v = pick(i);
        if (v) batch.push(v);
      }
      this.emit(run, batch);
      if (i < count && clock.due()) {
        await clock.pause();
        if (signal?.aborted) throw abortError(signal);
      }
    }
  }

  /**
   * Phase 1, triage: lines decided without the database (malformed, private, disabled, no database) are emitted;
   * earlier verdicts that may stand go to `standing`, the rest to `pending`.
   */
  private async triage(run: AuditRun): Promise<void> {
    const { parsed, signal } = run;
    this.emit(run, parsed.malformed.map(malformedLineVerdict));
    const known = await this.reusable(run.options.earlier);
    if (signal?.aborted) throw abortError(signal);
    const triage = new LineTriage(this.source, known, run.options.sumFile);
    const early: LineVerdict[] = [];
    for (let i = 0; i < parsed.lines.length; i++) {
      if ((i & 1023) === 0 && this.slices.due()) {
        await this.slices.pause();
        if (signal?.aborted) throw abortError(signal);
      }
      const l = parsed.lines[i];
      const place = triage.place(l);
      if (place === 'pending') run.pending.push(l);
      else if (place === 'no-database') early.push(this.unverifiable(l, run, undefined));
      else if ('standing' in place) run.standing.push(place.standing);
      else early.push(place.early);
    }
    await this.emitInSlices(run, early.length, (i) => early[i]);
  }

  /**
   * Phase 2, tree head: /latest (or the remembered head offline) while the pending lines are grouped and judged
   * from the cache; a fork in the head makes every line waiting for the database a security error.
   */
  private async treeHead(run: AuditRun): Promise<void> {
    const dbName = this.source.database!.name;
    // /latest is in flight while the lines are grouped and those with a cached answer are judged: a re-audit
    // costs one round trip, not a round trip plus the work. Nothing is emitted before the head is proven.
    const starting = this.start(run, run.signal);
    starting.catch(() => undefined);
    // Let the /latest request leave before the CPU work (a connection still to be opened needs its turns).
    await nextTurn();
    await nextTurn();
    run.groups = await groupByVersion(run.pending, run.options.priority);
    run.ready = await this.prepareGroups(run.groups, run.useOffline, run.signal, this.judging(run));
    await starting;
    if (run.security) {
      this.emit(run, run.pending.map((l) => this.securityVerdict(baseVerdict(l), dbName)));
      await this.emitInSlices(run, run.standing.length, (j) => {
        const v = run.standing[j];
        return this.securityVerdict({ line: v.line, module: v.module, version: v.version, kind: v.kind, goSum: v.goSum }, dbName);
      });
    }
  }

  /**
   * Phase 3, lookups, under a proven head: the earlier verdicts and prejudged groups that stand are emitted, the
   * rest is looked up; a fork seen meanwhile taints the whole run.
   */
  private async lookups(run: AuditRun): Promise<void> {
    const { groups, ready, signal } = run;
    const clock = this.slices;
    // An earlier verdict stands on a record proven in a tree no larger than the head: always, on one
    // timeline, unless our remembered head was lost. Those lines are decided again.
    const again = new Set<number>();
    await this.emitInSlices(run, run.standing.length, (j) => {
      const v = run.standing[j];
      if (v.record!.treeSize <= run.headSize) return v;
      again.add(v.line);
      return undefined;
    });
    if (again.size > 0) for (const g of await groupByVersion(run.parsed.lines.filter((l) => again.has(l.line)), undefined)) groups.push(g);
    // What was judged before the head was proven stands when the head allows it: a record proven in a tree
    // on this timeline no larger than the head; a 404 only at the tree size it was seen at.
    const rest: Group[] = [];
    let batch: LineVerdict[] = [];
    for (let i = 0; i < groups.length; i++) {
      const r = ready[i];
      if (r && (r.answer.kind === 'record' ? r.answer.treeSize <= run.headSize : r.answer.treeSize === run.headSize)) {
        if (r.fresh) {
          run.lookups++;
          this.cache.setKey(r.key ?? groups[i].key, r.answer);
        }
        for (const v of r.verdicts) batch.push(v);
      } else {
        rest.push(groups[i]);
      }
      if ((i & 255) === 255 && clock.due()) {
        this.emit(run, batch);
        batch = [];
        await clock.pause();
        if (signal?.aborted) throw abortError(signal);
      }
    }
    this.emit(run, batch);
    if (rest.length > 0) {
      // Records our index holds are proven in one batch of tiles; the workers then answer them at once.
      await this.source.gate.prepare?.(rest, run.useOffline);
      await this.lookUpAll(rest, run);
    }
    if (run.security) {
      // A fork seen mid-run taints every answer of this run, the ones already given included.
      const dbName = this.source.database!.name;
      for (let i = 0; i < run.done; i++) {
        const v = run.verdicts[i];
        if (v.status === 'verified' || v.status === 'mismatch' || v.status === 'not-found' || v.status === 'unverifiable') {
          run.verdicts[i] = { ...v, status: 'security-error', message: `${MISBEHAVIOR_HEADLINE}\n${t('audit.security.line', { database: dbName }, this.source.locale)}` };
        }
      }
    }
  }

  /** Phase 4, verdicts: the run's verdicts in line order, counted, as the audit's result. */
  private verdicts(run: AuditRun): AuditResult {
    const src = this.source;
    const { signal, verdicts } = run;
    if (signal?.aborted) throw abortError(signal);
    verdicts.length = run.done;
    const ordered = inLineOrder(verdicts);
    if (signal?.aborted) throw abortError(signal);
    const summary = summarize(ordered);
    const database = src.database ? { ...src.database, treeSize: run.headSize, via: run.useOffline ? 'offline' as const : src.database.via } : null;
    const result: AuditResult = {
      database, verdicts: ordered, summary, scenario: scenarioForGoSum(run.scenario, run.parsed.lines, src.scenarioContext),
      securityReport: run.security?.report, lookups: run.lookups, offline: run.useOffline,
    };
    this.given.set(result, { gate: src.gate, forgotten: this.cache.forgotten });
    return result;
  }

  /** The earlier verdicts an audit may build on: given by this auditor, under this context, nothing forgotten since. */
  private async reusable(earlier: AuditOptions['earlier']): Promise<readonly LineVerdict[] | undefined> {
    if (!earlier) return undefined;
    const given = this.given.get(earlier.from);
    if (!given || given.gate !== this.source.gate || given.forgotten !== this.cache.forgotten) return undefined;
    const verdicts = await earlier.verdicts;
    // The context or the cache may have changed while the verdicts were being moved.
    return given.gate === this.source.gate && given.forgotten === this.cache.forgotten ? verdicts : undefined;
  }

  /** /latest first (online), or the newest head the caches prove (offline). */
  private async start(run: AuditRun, signal: AbortSignal | undefined): Promise<void> {
    const src = this.source;
    if (!run.useOffline && src.latest) {
      try {
        run.headSize = (await src.latest()).tree.n;
        return;
      } catch (err) {
        if (signal?.aborted) throw abortError(signal);
        if (this.noteSecurity(err, run)) return;
        if (err instanceof NotFoundError && err.missingLatestFile) {
          run.headFromLookups = true;
          await this.rememberedHead(run);
          return;
        }
        const scenario = scenarioForError(err, src.scenarioContext);
        if (!scenario && err instanceof VerificationError) {
          run.security = { report: `${MISBEHAVIOR_HEADLINE}\n${err.message}` };
          this.cache.clear();
          return;
        }
        run.scenario ??= scenario ?? { scenario: 'blocked', title: (err as Error).message, explanation: (err as Error).message };
        run.useOffline = true;
      }
    }
    run.useOffline = true;
    await this.rememberedHead(run);
  }

  /** The newest head our caches prove, as the run's head until lookups prove a larger one. */
  private async rememberedHead(run: AuditRun): Promise<void> {
    const src = this.source;
    try {
      run.headSize = src.remembered ? (await src.remembered()).tree.n : 0;
    } catch (err) {
      this.noteSecurity(err, run);
    }
  }

  private noteSecurity(err: unknown, run: AuditRun): boolean {
    if (!(err instanceof SecurityError)) return false;
    run.security ??= { report: err.message };
    run.stopped = true;
    this.cache.clear();
    return true;
  }

  /** Looks the groups up (lookupsWanted() at a time), emitting each group's verdicts as it is decided. */
  private async lookUpAll(groups: Group[], run: AuditRun): Promise<void> {
    const { signal } = run;
    const crew = new LookupCrew(groups.length, () => this.lookupsWanted(run), async (i) => {
      // Lookups resumed together (a burst of answers), and the first requests (hundreds of them at the start),
      // take their turns a slice at a time.
      while (this.slices.due()) await this.slices.pause();
      const g = groups[i];
      this.emit(run, this.decideGroupNow(g, run) ?? await this.decideGroup(g, run));
    }, () => run.stopped || !!signal?.aborted);
    const lookups = crew.run();
    run.crew = lookups;
    if (!signal) return void (await lookups);
    // An aborted run returns at once; lookups in flight finish in the background and still fill the cache.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([lookups, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
  }

  /**
   * Lookups to keep going now: twice what the database's connection takes at once, or the local caches' share.
   * A lookup whose proof waits for a tile holds its place here, not the connection's: with only as many as the
   * connection takes, each tile's round trip left it idle, and telegraf's cold check took 1.18 s against 1.07 s
   * (medians of nine, same run, quiet machine).
   */
  private lookupsWanted(run: AuditRun): number {
    const online = run.useOffline ? OFFLINE_LOOKUPS : 2 * (this.source.lookupLimit?.() ?? FIRST_LOOKUPS);
    return Math.min(this.concurrency, online);
  }

  /** decideGroup without waiting, when the answer is cached or provable in memory. */
  private decideGroupNow(g: Group, run: AuditRun): LineVerdict[] | undefined {
    let answer = this.cache.getKey(g.key, run.headSize);
    if (!answer) {
      const r = this.source.gate.lookupNow?.(g.module, g.version, run.useOffline, g.key);
      if (!r) return undefined;
      run.lookups++;
      answer = this.recordAnswer(g, r, run, run.useOffline);
    }
    const judging = this.judging(run);
    return this.withModuleCache(this.judgeGroup(g, answer, judging), judging.sumFile);
  }

  private judging(run: AuditRun): Judging {
    return { dbName: this.source.database!.name, sumFile: run.options.sumFile ?? 'go.sum' };
  }

  private async decideGroup(g: Group, run: AuditRun): Promise<LineVerdict[]> {
    const judging = this.judging(run);
    let answer = this.cache.getKey(g.key, run.headSize);
    if (!answer) {
      try {
        answer = await this.lookUp(g, run);
      } catch (err) {
        return this.withModuleCache(g.lines.map((l) => this.failedVerdict(l, err, run)), judging.sumFile);
      }
    }
    return this.withModuleCache(this.judgeGroup(g, answer, judging), judging.sumFile);
  }

  /** The verdicts for a group's lines against an answer, reusing the objects judged before for the same lines. */
  private judgeGroup(g: Group, a: CachedAnswer, judging: Judging): LineVerdict[] {
    const out: LineVerdict[] = new Array(g.lines.length);
    for (let i = 0; i < g.lines.length; i++) {
      const l = g.lines[i];
      let have = l.isGoMod ? a.judgedMod : a.judgedZip;
      if (have && have.goSum !== l.hash) have = a.judgedMore?.get((l.isGoMod ? 'm' : 'z') + l.hash);
      let v: LineVerdict;
      // A line go never reads, or a verdict naming another file, is judged afresh and never shared (verdictFits).
      if (l.shadowedBy !== undefined || (have && !verdictFits(have, l, judging.sumFile))) v = this.freshVerdict(l, a, judging);
      else if (have && have.line === l.line) v = have;
      else {
        v = have ? { ...have, line: l.line } : this.freshVerdict(l, a, judging);
        const slot = l.isGoMod ? a.judgedMod : a.judgedZip;
        if (!slot || slot.goSum === l.hash) {
          if (l.isGoMod) a.judgedMod = v;
          else a.judgedZip = v;
        } else {
          (a.judgedMore ??= new Map()).set((l.isGoMod ? 'm' : 'z') + l.hash, v);
        }
      }
      out[i] = v;
    }
    return out;
  }

  private freshVerdict(l: GoSumLine, a: CachedAnswer, judging: Judging): LineVerdict {
    return a.kind === 'record' ? judgeLine(l, a, judging.dbName, this.source.locale, judging.sumFile) : this.notFoundVerdict(l, a);
  }

  /**
   * Everything that can be made ready before /latest answers, in slices: groups with a cached answer are
   * judged, and groups whose records our index holds are proven against the head we already trust (one batch
   * of tiles) and judged. Nothing is emitted or cached here: the caller keeps what the proven head allows.
   */
  private async prepareGroups(groups: Group[], useOffline: boolean, signal: AbortSignal | undefined, judging: Judging): Promise<Array<Prejudged | undefined>> {
    const out: Array<Prejudged | undefined> = new Array(groups.length);
    const finish = (i: number, p: Prejudged): void => {
      out[i] = this.source.moduleCache ? { ...p, verdicts: this.withModuleCache(p.verdicts, judging.sumFile) } : p;
    };
    const uncached: number[] = [];
    const clock = this.slices;
    const mask = this.source.moduleCache ? MODULE_CACHE_GROUPS_PER_LOOK - 1 : GROUPS_PER_LOOK - 1;
    for (let i = 0; i < groups.length; i++) {
      if ((i & mask) === mask && clock.due()) {
        await clock.pause();
        if (signal?.aborted) throw abortError(signal);
      }
      const g = groups[i];
      const a = this.cache.peek(g.key);
      if (!a) {
        uncached.push(i);
        continue;
      }
      finish(i, { answer: a, verdicts: this.judgeGroup(g, a, judging) });
    }
    const gate = this.source.gate;
    if (uncached.length > 0 && gate.prepare && gate.lookupNow) {
      await gate.prepare(uncached.map((i) => groups[i]), useOffline);
      for (let k = 0; k < uncached.length; k++) {
        if ((k & mask) === mask && clock.due()) {
          await clock.pause();
          if (signal?.aborted) throw abortError(signal);
        }
        const i = uncached[k];
        const g = groups[i];
        const r = gate.lookupNow(g.module, g.version, useOffline, g.key);
        if (!r) continue;
        const answer = recordAnswer(r.text, r.id, r.tree.n);
        finish(i, { answer, verdicts: this.judgeGroup(g, answer, judging), fresh: true, key: r.key });
      }
    }
    return out;
  }

  /** One lookup for a group; a network failure switches the run to the local caches and retries there. */
  private async lookUp(g: Group, run: AuditRun): Promise<CachedAnswer> {
    if (run.signal?.aborted) throw abortError(run.signal);
    const offlineAtStart = run.useOffline;
    run.lookups++;
    try {
      return await this.lookUpOnline(g, run, offlineAtStart);
    } catch (err) {
      if (offlineAtStart || !isUnreachable(err)) throw err;
      run.scenario ??= scenarioForError(err, this.source.scenarioContext) ?? null;
      if (!run.useOffline) {
        // Judged unreachable: what is still waiting for the database would only wait out its own time limit.
        run.useOffline = true;
        this.source.giveUp?.(err);
      }
      return this.lookUpVia(g, run, true);
    }
  }

  /**
   * lookUpVia, asked again after a wait when the failure may pass (retry.ts), while the run is online. Once a
   * lookup has used up its retries, the run retries no more: the database is not coming back soon.
   */
  private async lookUpOnline(g: Group, run: AuditRun, offline: boolean): Promise<CachedAnswer> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.lookUpVia(g, run, offline);
      } catch (err) {
        if (offline || run.useOffline || !run.retrying || !worthRetrying(err)) throw err;
        if (attempt >= LOOKUP_RETRIES) {
          run.retrying = false;
          throw err;
        }
        await this.wait(retryDelayMs(attempt));
      }
    }
  }

  private async lookUpVia(g: Group, run: AuditRun, offline: boolean): Promise<CachedAnswer> {
    // A cancelled run stops asking: a lookup (or a retry) about to leave stays home.
    if (run.signal?.aborted) throw abortError(run.signal);
    try {
      return this.recordAnswer(g, await this.source.gate.lookup(g.module, g.version, offline), run, offline);
    } catch (err) {
      if (err instanceof NotFoundError && err.versionUnknown) {
        const answer = notFoundAnswer(err.status, err.message, run.headSize);
        this.cache.setKey(g.key, answer);
        return answer;
      }
      throw err;
    }
  }

  private recordAnswer(g: Group, r: LookupResult, run: AuditRun, offline: boolean): CachedAnswer {
    const answer = recordAnswer(r.text, r.id, r.tree.n);
    // The client keeps the record under the same "module@version": one string for both tables.
    this.cache.setKey(r.key, answer);
    if (r.tree.n > run.headSize && (offline || run.headFromLookups)) run.headSize = r.tree.n;
    return answer;
  }

  private notFoundVerdict(l: GoSumLine, a: Extract<CachedAnswer, { kind: 'not-found' }>): LineVerdict {
    const dbName = this.source.database!.name;
    const goText = lookupFailureText(l, a.message);
    const prefix = suggestedPrivatePrefix(l.module);
    const locale = this.source.locale;
    const message = [t('audit.notFound', { database: dbName, module: l.module, version: l.version }, locale), goText,
      ...(prefix ? [t('audit.notFound.private', { prefix }, locale)] : [])].join('\n');
    return { ...baseVerdict(l), status: 'not-found', message };
  }

  private failedVerdict(l: GoSumLine, err: unknown, run: AuditRun): LineVerdict {
    const dbName = this.source.database!.name;
    if (this.noteSecurity(err, run)) return this.securityVerdict(baseVerdict(l), dbName);
    // Something else answering (a foreign body) is no lie; neither is a note no configured key signed.
    if (err instanceof VerificationError && err.kind !== 'unverified-note' && !err.foreignBody) {
      return { ...baseVerdict(l), status: 'security-error', message: `verifying ${verifyingWhat(l.module, l.version, l.isGoMod)}: ${err.message}` };
    }
    if (err instanceof UnverifiableError) return this.unverifiable(l, run, undefined);
    if (err instanceof NotFoundError && err.missingTile) return this.missingTileVerdict(l, err);
    if (err instanceof RemoteStatusError || (err instanceof VerificationError)) {
      run.scenario ??= scenarioForError(err, this.source.scenarioContext) ?? null;
    }
    return this.unverifiable(l, run, err);
  }

  /** The database sent a record but not the tile that proves it: nothing is trusted, and Go stops on that tile too. */
  private missingTileVerdict(l: GoSumLine, err: NotFoundError): LineVerdict {
    const goText = lookupFailureText(l, err.message);
    const said = t('audit.unverifiable.missingTile', { database: this.source.database!.name, module: l.module, version: l.version }, this.source.locale);
    return { ...baseVerdict(l), status: 'unverifiable', message: `${said}\n${goText}` };
  }

  private unverifiable(l: GoSumLine, run: AuditRun, err: unknown): LineVerdict {
    const locale = this.source.locale;
    let message: string;
    if (run.scenario) message = t('audit.unverifiable.scenario', { title: run.scenario.title }, locale);
    else if (err !== undefined && !(err instanceof UnverifiableError)) {
      message = t('audit.unverifiable.error', { error: lookupFailureText(l, err instanceof Error ? err.message : String(err)) }, locale);
    } else message = t('audit.unverifiable.offline', { module: l.module, version: l.version }, locale);
    return { ...baseVerdict(l), status: 'unverifiable', message };
  }

  private securityVerdict(base: ReturnType<typeof baseVerdict>, dbName: string): LineVerdict {
    return { ...base, status: 'security-error', message: `${MISBEHAVIOR_HEADLINE}\n${t('audit.security.line', { database: dbName }, this.source.locale)}` };
  }

  /** Adds the module-cache comparison (go mod verify's view) to each verdict, when a module cache exists. */
  private withModuleCache(verdicts: LineVerdict[], sumFile: string): LineVerdict[] {
    const reader = this.source.moduleCache;
    return reader ? verdicts.map((v) => this.comparedWithModuleCache(v, reader, sumFile)) : verdicts;
  }

  private comparedWithModuleCache(v: LineVerdict, reader: ModuleCacheReader, sumFile: string): LineVerdict {
    // A module version's files in the cache are written once: a comparison made stays made. An absent
    // copy may be downloaded any time, so that one is looked for again.
    const known = this.compared.get(v);
    if (known) return known;
    // Go compares the first h1 line of a module version alone (haveModSumLocked).
    if (v.shadowedBy !== undefined) return v;
    const held = reader.hash(v.module, v.version, v.kind === 'go.mod');
    if (held === undefined) return { ...v, moduleCache: 'absent' as const };
    const done: LineVerdict = held === v.goSum ? { ...v, moduleCache: 'matches' as const }
      : { ...v, moduleCache: 'differs' as const, moduleCacheMessage: moduleCacheMismatch(v.module, v.version, v.kind === 'go.mod', held, v.goSum, sumFile) };
    this.compared.set(v, done);
    return done;
  }
}
