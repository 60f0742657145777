// Owns: when and how each open go.sum is audited — at once on open, after the edit debounce on a change, on save
// when the last audit did not finish, on "Re-check go.sum", and when the folder's environment or the database's
// reachability changes. Syntax diagnostics go out first (with the last verdicts carried over to unchanged
// lines), then the audit runs in the background: lines in view first, bounded concurrency (the auditor's),
// incremental (an edit is parsed again only where it changed the text, and the auditor judges only the lines
// it changed: the others keep the last audit's verdicts once /latest is proven), a stale run aborted by the
// next edit, LSP work-done progress the user can cancel. Verdicts and syntax are merged into one list per publish.
// Must never: look anything up itself, publish for a version that is no longer current, or run two audits of
// one document at once.
import type { Diagnostic, Hover } from 'vscode-languageserver';
import type { AuditResult, LineVerdict } from '../audit';
import { groupDigits, t } from '../i18n';
import type { GoSumParse } from '../parse/gosum';
import type { Range } from '../parse/ranges';
import { goSumDiagnostics, type AuditOutcome } from './auditDiagnostics';
import { goSumHover } from './goSumHover';
import { AuditProgress, type CreateProgress } from './auditProgress';
import type { FolderSession } from './folderSession';
import { parseGoSumInSlices } from './goSumInSlices';
import { fixViews } from './probeView';
import { carryOver, carryOverInSlices, NO_MEMORY, rememberVerdicts, type VerdictMemory } from './verdictCarryOver';
import { nextTurn } from '../slices';
import { monotonicMs } from '../monotonic';

/** Lines looked up first when the client has not said which lines are shown: the first screenful. */
export const FIRST_SCREENFUL = { start: 0, end: 60 };
/** An edit's audit shows progress only when it takes longer than this (a warm re-audit takes a few ms). */
export const EDIT_PROGRESS_DELAY_MS = 300;
/** Above this many lines, work on the whole document is spread over several turns of the event loop. */
const LARGE_LINES = 20_000;
/** A scroll republishes a capped list of diagnostics at most this often. */
const REFOCUS_MS = 150;
/** While an audit runs, what is decided so far is published at most this often. */
export const PARTIAL_PUBLISH_MS = 300;

export interface SchedulerDeps {
  documents: { get(uri: string): { version: number; getText(): string } | undefined };
  sessionFor(uri: string): FolderSession;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  createProgress: CreateProgress;
  log(message: string): void;
  locale?: string;
  /** How the go command names the document's file in a checksum mismatch (AuditOptions.sumFile); "go.sum" without it. */
  sumFileOf?(uri: string): Promise<string | undefined>;
}

/** One audit the scheduler started for a version of a document: how to stop it, and what it has handed on so far. */
interface ScheduledAudit {
  controller: AbortController;
  version: number;
  generation?: number;
  /** The audit's verdicts so far, as it handed them on (batches, not one growing copy of a huge go.sum's). */
  batches: LineVerdict[][];
  cancelledByUser: boolean;
  partialTimer?: NodeJS.Timeout;
  /** The final verdicts are out: no partial publish may follow. */
  finished?: boolean;
  /** The last audit's verdicts carried over to this text: fixed for the run (an edit or a finished audit ends it). */
  carried?: LineVerdict[];
  /** What merged() shows, by line, and how many of `batches` are in it. */
  byLine?: (LineVerdict | undefined)[];
  mergedBatches?: number;
}

interface DocState {
  uri: string;
  version: number;
  /** The text `parse` was made from (the document's own string, not a copy). */
  text: string;
  parse: GoSumParse;
  firstLineLength: number;
  /** The last complete audit: its verdicts by line text, how it ended, under which context, for which version. */
  memory: VerdictMemory;
  outcome?: AuditOutcome;
  generation?: number;
  auditedVersion?: number;
  run?: ScheduledAudit;
  /** What was published last, so a scroll can show the findings near the new view when not all fit. */
  published?: { parse: GoSumParse; verdicts: readonly (LineVerdict | undefined)[]; partial: boolean; capped: boolean };
  refocus?: NodeJS.Timeout;
  /** The last audit's verdicts carried over to `parse` from `memory`: made once (in slices for a huge go.sum), shared by every publish and by the audit. */
  carried?: { parse: GoSumParse; memory: VerdictMemory; verdicts?: LineVerdict[]; making?: Promise<LineVerdict[]> };
}

/** One more than the last line number with a line or a malformed line. */
function lineCount(parse: GoSumParse): number {
  const last = (xs: readonly { line: number }[]) => (xs.length ? xs[xs.length - 1].line + 1 : 0);
  return Math.max(last(parse.lines), last(parse.malformed));
}

function outcomeOf(r: AuditResult): AuditOutcome {
  return { scenario: r.scenario, offline: r.offline, database: r.database };
}

export class AuditScheduler {
  private readonly docs = new Map<string, DocState>();
  /** Lines shown in the editor (0-based, inclusive), by URI; may arrive before the document is opened. */
  private readonly inView = new Map<string, { start: number; end: number }>();
  /** Parses under way, by URI: the newest text only (a newer one makes the older stale). */
  private readonly parsing = new Map<string, { text: string; version: number; parse: Promise<GoSumParse | undefined> }>();

  constructor(private readonly deps: SchedulerDeps) {}

  /** A go.sum was opened: syntax now, the audit with progress at once. */
  opened(uri: string): void {
    this.start(uri, 0);
  }

  /** A go.sum changed (after the debounce): syntax now, the audit replaces any running one. */
  changed(uri: string): void {
    this.start(uri, EDIT_PROGRESS_DELAY_MS);
  }

  /**
   * Parses (in slices, so a huge go.sum does not hold the event loop), starts the audit, and publishes the syntax
   * (with carried-over verdicts) right behind it: the audit's first request is on the wire while the syntax
   * diagnostics are built. Skipped if the audit has already published this version (then it holds the syntax too).
   * A run on the older text stops at once; while the parse runs, nothing else audits or publishes the document.
   */
  private start(uri: string, progressDelayMs: number): void {
    const doc = this.deps.documents.get(uri);
    if (!doc) return;
    const run = this.docs.get(uri)?.run;
    if (run) this.stop(run);
    const text = doc.getText();
    const version = doc.version;
    const stale = () => this.parsing.get(uri) !== pending || this.deps.documents.get(uri)?.version !== version;
    // After an edit only what it touched is parsed again: the other lines keep their objects.
    const before = this.docs.get(uri);
    const pending = { text, version, parse: parseGoSumInSlices(text, stale, before && { text: before.text, parse: before.parse }) };
    this.parsing.set(uri, pending);
    pending.parse.then((parse) => {
      if (!parse || stale()) return;
      this.parsing.delete(uri);
      this.installed(uri, version, text, parse, progressDelayMs);
    }).catch((e: unknown) => {
      if (this.parsing.get(uri) === pending) this.parsing.delete(uri);
      this.deps.log(`parse of ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    });
  }

  /** The parse of `version` is done: it becomes the document's state, audited now, its syntax published next. */
  private installed(uri: string, version: number, text: string, parse: GoSumParse, progressDelayMs: number): void {
    const st = this.update(uri, version, text, parse);
    void this.audit(uri, progressDelayMs);
    const wanted = () => this.docs.get(uri) === st && st.version === version && st.auditedVersion !== version;
    setImmediate(async () => {
      if (!wanted()) return;
      // A huge go.sum: carry the verdicts over in slices, then publish in a turn of its own.
      if (parse.lines.length > LARGE_LINES) {
        await this.carriedSoon(st);
        await nextTurn();
        if (!wanted()) return;
      }
      this.publish(st, version, this.carried(st), false);
    });
  }

  /** Saved: audit again unless the current text was audited to the end with the database reachable. */
  saved(uri: string): void {
    const st = this.docs.get(uri);
    if (!st || st.run || this.parsing.has(uri)) return;
    if (st.auditedVersion !== st.version || st.outcome?.scenario) void this.audit(uri, EDIT_PROGRESS_DELAY_MS);
  }

  closed(uri: string): void {
    const st = this.docs.get(uri);
    if (st?.run) this.stop(st.run);
    this.docs.delete(uri);
    this.parsing.delete(uri);
    this.inView.delete(uri);
  }

  /** What hovering `line` shows (goSumHover.ts), from what was published last for the document's current text. */
  hover(uri: string, line: number): Hover | undefined {
    const st = this.docs.get(uri);
    const last = st?.published;
    if (!st || !last || last.parse !== st.parse) return undefined;
    return goSumHover(last.parse, last.verdicts, line, this.deps.locale);
  }

  /** The lines the user sees now: their module versions are looked up first by the next audit. */
  visible(uri: string, ranges: readonly Range[]): void {
    if (ranges.length === 0) return;
    this.inView.set(uri, { start: Math.min(...ranges.map((r) => r.start.line)), end: Math.max(...ranges.map((r) => r.end.line)) });
    // Not every finding is shown: once scrolling settles, show those near the new view.
    const st = this.docs.get(uri);
    if (!st?.published?.capped || st.refocus) return;
    st.refocus = setTimeout(() => {
      st.refocus = undefined;
      const last = st.published;
      if (this.docs.get(uri) === st && last?.parse === st.parse && !this.parsing.has(uri)) this.publish(st, st.version, last.verdicts, last.partial);
    }, REFOCUS_MS);
    st.refocus.unref();
  }

  /** Forgets what the database said about these documents' lines and audits them again; resolves when done. */
  async recheck(uris?: readonly string[]): Promise<number> {
    const targets = [...this.docs.values()].filter((st) => !uris || uris.includes(st.uri));
    const sessions = new Set(targets.map((st) => this.deps.sessionFor(st.uri)));
    await Promise.all([...sessions].map((s) => s.refresh('recheck')));
    for (const st of targets) {
      const { auditor } = await this.deps.sessionFor(st.uri).ready();
      for (const l of st.parse.lines) auditor.cache.delete(l.module, l.version);
    }
    await Promise.all(targets.map((st) => this.audit(st.uri, 0)));
    return targets.length;
  }

  /** The folder's context or the database's reachability changed: audit what that concerns again. */
  folderChanged(session: FolderSession, why: 'environment' | 'reachability'): void {
    const generation = session.database.current?.generation;
    for (const st of this.docs.values()) {
      if (this.deps.sessionFor(st.uri) !== session) continue;
      const stale = why === 'environment'
        ? (st.run ? st.run.generation !== undefined && st.run.generation !== generation : st.generation !== generation)
        : !st.run;
      if (stale) void this.audit(st.uri, 0);
    }
  }

  /**
   * A go.work appeared, changed or went away in `dirUri` (ending in "/"): whether Go runs in workspace mode below
   * it may have changed, and with it how a checksum mismatch names each go.sum there. Those are audited again
   * (from the caches: nothing is asked of the database that it answered already).
   */
  workspaceChanged(dirUri: string): void {
    for (const st of this.docs.values()) if (st.uri.startsWith(dirUri)) void this.audit(st.uri, 0);
  }

  /** A probe finished: the diagnostics at the top of this folder's go.sum files get its fixes. */
  republish(session: FolderSession): void {
    for (const st of this.docs.values()) {
      if (st.outcome?.scenario && !st.run && !this.parsing.has(st.uri) && this.deps.sessionFor(st.uri) === session) this.publish(st, st.version, this.carried(st), false);
    }
  }

  /**
   * The parse of this go.sum text, for the go.mod cross-check: an open go.sum's (done or under way) when its text is
   * exactly this, else a parse of its own; never holding the event loop for long either way.
   */
  async parseOf(text: string): Promise<GoSumParse> {
    for (const st of this.docs.values()) if (st.text === text && !this.parsing.has(st.uri)) return st.parse;
    for (const p of this.parsing.values()) {
      if (p.text === text) {
        const parse = await p.parse;
        if (parse) return parse;
      }
    }
    return (await parseGoSumInSlices(text))!;
  }

  /** The document's state for a parsed version, stopping a run on an older one. */
  private update(uri: string, version: number, text: string, parse: GoSumParse): DocState {
    const nl = text.indexOf('\n');
    const firstLine = nl < 0 ? text : text.slice(0, nl);
    const prev = this.docs.get(uri);
    const st: DocState = prev ?? { uri, version, text, parse, firstLineLength: 0, memory: NO_MEMORY };
    st.version = version;
    st.text = text;
    st.parse = parse;
    st.firstLineLength = firstLine.replace(/\r$/, '').length;
    this.docs.set(uri, st);
    if (st.run) this.stop(st.run);
    return st;
  }

  private stop(run: ScheduledAudit): void {
    run.controller.abort();
    if (run.partialTimer) clearTimeout(run.partialTimer);
  }

  private publish(st: DocState, version: number, verdicts: readonly (LineVerdict | undefined)[], partial: boolean): void {
    const session = this.deps.sessionFor(st.uri);
    const values = session.database.current?.ctx.values;
    const probe = session.lastProbe?.report;
    const scenario = st.outcome?.scenario?.scenario;
    const diagnostics = goSumDiagnostics({
      uri: st.uri, parse: st.parse, firstLineLength: st.firstLineLength, verdicts, outcome: st.outcome, partial,
      scenarioFixes: probe && scenario && (probe.scenario === scenario) ? fixViews(probe.fixes) : undefined,
      privacy: { database: st.outcome?.database?.name ?? 'sum.golang.org', GONOSUMDB: values?.GONOSUMDB ?? '', GOPRIVATE: values?.GOPRIVATE ?? '' },
      locale: this.deps.locale, focus: this.inView.get(st.uri) ?? FIRST_SCREENFUL,
    });
    st.published = { parse: st.parse, verdicts, partial, capped: diagnostics.some((d) => d.code === 'not-shown') };
    this.deps.publish(st.uri, version, diagnostics);
  }

  private audit(uri: string, progressDelayMs: number): Promise<void> {
    const st = this.docs.get(uri);
    // A parse under way audits its text when it is done.
    if (!st || this.parsing.has(uri)) return Promise.resolve();
    if (st.run) this.stop(st.run);
    const run: ScheduledAudit = { controller: new AbortController(), version: st.version, batches: [], cancelledByUser: false };
    st.run = run;
    return this.execute(st, run, progressDelayMs)
      .catch((e: unknown) => this.deps.log(`audit of ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`))
      .finally(() => {
        if (run.partialTimer) clearTimeout(run.partialTimer);
        if (st.run === run) st.run = undefined;
      });
  }

  private current(st: DocState, run: ScheduledAudit): boolean {
    return st.run === run && st.version === run.version && this.docs.get(st.uri) === st && !run.controller.signal.aborted;
  }

  /** The last audit's verdicts carried over to the current parse. */
  private carried(st: DocState): LineVerdict[] {
    if (st.carried?.parse !== st.parse || st.carried.memory !== st.memory || !st.carried.verdicts) {
      st.carried = { parse: st.parse, memory: st.memory, verdicts: carryOver(st.memory, st.parse.lines) };
    }
    return st.carried.verdicts!;
  }

  /** carried(st), made in slices for a huge go.sum (once, however many ask). */
  private carriedSoon(st: DocState): LineVerdict[] | Promise<LineVerdict[]> {
    const { parse, memory } = st;
    const c = st.carried;
    if (c?.parse === parse && c.memory === memory && (c.verdicts || c.making)) return c.verdicts ?? c.making!;
    if (parse.lines.length <= LARGE_LINES) return this.carried(st);
    const entry: NonNullable<DocState['carried']> = { parse, memory };
    entry.making = carryOverInSlices(memory, parse.lines).then((verdicts) => {
      entry.verdicts = verdicts;
      entry.making = undefined;
      return verdicts;
    });
    st.carried = entry;
    return entry.making;
  }

  /**
   * Verdicts carried over from the last audit, overridden line by line by this run's: by line, with holes. One
   * array per run, brought up to date with the batches since the last call: a long audit of a huge go.sum
   * publishes every few hundred milliseconds, and a fresh copy each time would keep the collector busy.
   */
  private merged(st: DocState, run: ScheduledAudit): readonly (LineVerdict | undefined)[] {
    if (!run.byLine) {
      // Sized up front: verdicts arrive out of line order, and writing far past the end of an empty array turns it
      // into a slow dictionary for a huge go.sum.
      run.byLine = new Array<LineVerdict | undefined>(lineCount(st.parse)).fill(undefined);
      run.carried ??= this.carried(st);
      const carried = run.carried;
      for (let i = 0; i < carried.length; i++) run.byLine[carried[i].line] = carried[i];
      run.mergedBatches = 0;
    }
    const byLine = run.byLine;
    for (; run.mergedBatches! < run.batches.length; run.mergedBatches!++) {
      const batch = run.batches[run.mergedBatches!];
      for (let i = 0; i < batch.length; i++) byLine[batch[i].line] = batch[i];
    }
    return byLine;
  }

  private schedulePartial(st: DocState, run: ScheduledAudit): void {
    if (run.partialTimer) return;
    run.partialTimer = setTimeout(async () => {
      // Merging and building the diagnostics each take a while for a huge go.sum: a turn each.
      await nextTurn();
      if (!this.current(st, run)) return;
      const verdicts = this.merged(st, run);
      await nextTurn();
      run.partialTimer = undefined;
      if (this.current(st, run) && !run.finished) this.publish(st, run.version, verdicts, true);
    }, PARTIAL_PUBLISH_MS);
    run.partialTimer.unref();
  }

  private async execute(st: DocState, run: ScheduledAudit, progressDelayMs: number): Promise<void> {
    const session = this.deps.sessionFor(st.uri);
    const target = await session.ready();
    const sumFile = await this.deps.sumFileOf?.(st.uri);
    if (!this.current(st, run)) return;
    run.generation = target.generation;
    const parse = st.parse;
    const total = parse.lines.length + parse.malformed.length;
    const progress = this.progressFor(run, total, target.auditor.database?.name);
    progress?.start(progressDelayMs);
    const started = monotonicMs();
    try {
      // The lines this edit left alone keep the last audit's word once the new head is proven.
      const memory = st.memory;
      const result = await target.auditor.audit(parse, {
        earlier: memory.from && { from: memory.from, verdicts: this.carriedSoon(st) },
        sumFile,
        signal: run.controller.signal,
        priority: this.inView.get(st.uri) ?? FIRST_SCREENFUL,
        onProgress: (done, all) => progress?.report(done, all),
        onVerdicts: (batch) => {
          run.batches.push(batch);
          this.schedulePartial(st, run);
        },
        onStopped: (lookups) => {
          if (run.cancelledByUser) this.deps.log(`audit of ${st.uri} v${run.version} cancelled: ${lookups} lookups, none in flight`);
        },
      });
      if (await this.finish(st, run, parse, result)) {
        session.noteAudit(result);
        const summary = Object.entries(result.summary).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
        this.deps.log(`audited ${st.uri} v${run.version}: ${total} lines [${summary}], ${result.lookups} lookups, ` +
          `${(monotonicMs() - started).toFixed(1)} ms${result.scenario ? `, ${result.scenario.scenario}` : ''}`);
      }
    } catch (e) {
      if (!run.controller.signal.aborted) throw e;
      // Cancelled by the user: show what was decided; superseded by an edit: the next run publishes.
      if (run.cancelledByUser && st.run === run && st.version === run.version) this.publish(st, run.version, this.merged(st, run), true);
    } finally {
      progress?.done();
    }
  }

  /** The editor's progress for an audit of `total` lines against `database` (none without one); cancelling it stops the run. */
  private progressFor(run: ScheduledAudit, total: number, database: string | undefined): AuditProgress | undefined {
    if (!database || total === 0) return undefined;
    const locale = this.deps.locale;
    return new AuditProgress(this.deps.createProgress, t('audit.progress', { count: groupDigits(total), database }, locale),
      (done, all) => t('lsp.progress.report', { done: groupDigits(done), total: groupDigits(all) }, locale),
      () => { run.cancelledByUser = true; this.stop(run); });
  }

  /**
   * Publishes a finished audit's verdicts and remembers them, with the lines of `parse` they are for, for the next
   * edit; false when an edit superseded the run.
   */
  private async finish(st: DocState, run: ScheduledAudit, parse: GoSumParse, result: AuditResult): Promise<boolean> {
    const large = parse.lines.length > LARGE_LINES;
    // A huge go.sum: the audit's own wrap-up had this turn; the diagnostics go in the next turn.
    if (large) await nextTurn();
    if (!this.current(st, run)) return false;
    if (run.partialTimer) clearTimeout(run.partialTimer);
    run.finished = true;
    st.outcome = outcomeOf(result);
    st.generation = run.generation;
    st.auditedVersion = run.version;
    this.publish(st, run.version, result.verdicts, false);
    // A huge go.sum: remember its verdicts in the next turn (until then an edit carries the older ones over).
    if (large) await nextTurn();
    st.memory = rememberVerdicts(parse.lines, result.verdicts, result);
    // Verdicts carried over from the memory just replaced would keep it, and its audit, alive until the next edit.
    if (st.carried && st.carried.memory !== st.memory) st.carried = undefined;
    return true;
  }
}
