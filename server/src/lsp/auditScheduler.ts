// Owns: when and how each open go.sum is audited — at once on open, after the edit debounce on a change, on save
// when the last audit did not finish, on "Re-check go.sum", and when the folder's environment or the database's
// reachability changes. Syntax diagnostics go out first (with the last verdicts carried over to unchanged
// lines), then the audit runs in the background: lines in view first, bounded concurrency (the auditor's),
// incremental (the auditor's verdict cache), a stale run aborted by the next edit, LSP work-done progress the
// user can cancel. Verdicts and syntax are merged into one list per publish.
// Must never: look anything up itself, publish for a version that is no longer current, or run two audits of
// one document at once.
import type { Diagnostic } from 'vscode-languageserver';
import type { AuditResult, LineVerdict } from '../audit';
import { t } from '../i18n';
import { parseGoSum, type GoSumParse } from '../parse/gosum';
import type { Range } from '../parse/ranges';
import { goSumDiagnostics, type AuditOutcome } from './auditDiagnostics';
import { AuditProgress, type CreateProgress } from './auditProgress';
import type { EventLoopMeter } from './eventLoopMeter';
import type { FolderSession } from './folderSession';
import { fixViews } from './probeView';
import { carryOver, NO_MEMORY, rememberVerdicts, type VerdictMemory } from './verdictCarryOver';

/** Lines looked up first when the client has not said which lines are shown: the first screenful. */
export const FIRST_SCREENFUL = { start: 0, end: 60 };
/** An edit's audit shows progress only when it takes longer than this (a warm re-audit takes a few ms). */
export const EDIT_PROGRESS_DELAY_MS = 300;
/** While an audit runs, what is decided so far is published at most this often. */
export const PARTIAL_PUBLISH_MS = 300;

export interface SchedulerDeps {
  documents: { get(uri: string): { version: number; getText(): string } | undefined };
  sessionFor(uri: string): FolderSession;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  createProgress: CreateProgress;
  log(message: string): void;
  locale?: string;
  meter?: EventLoopMeter;
}

interface Run {
  controller: AbortController;
  version: number;
  generation?: number;
  verdicts: LineVerdict[];
  cancelledByUser: boolean;
  partialTimer?: NodeJS.Timeout;
  /** The last audit's verdicts carried over to this text: fixed for the run (an edit or a finished audit ends it). */
  carried?: LineVerdict[];
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
  run?: Run;
}

function outcomeOf(r: AuditResult): AuditOutcome {
  return { scenario: r.scenario, offline: r.offline, database: r.database };
}

export class AuditScheduler {
  private readonly docs = new Map<string, DocState>();
  /** Lines shown in the editor (0-based, inclusive), by URI; may arrive before the document is opened. */
  private readonly inView = new Map<string, { start: number; end: number }>();

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
   * Parses, starts the audit, and publishes the syntax (with carried-over verdicts) right behind it: the audit's
   * first request is on the wire while the syntax diagnostics are built. Skipped if the audit has already
   * published this version (then it holds the syntax too).
   */
  private start(uri: string, progressDelayMs: number): void {
    const st = this.update(uri);
    if (!st) return;
    const version = st.version;
    void this.audit(uri, progressDelayMs);
    setImmediate(() => {
      if (this.docs.get(uri) === st && st.version === version && st.auditedVersion !== version) {
        this.publish(st, version, carryOver(st.memory, st.parse.lines), false);
      }
    });
  }

  /** Saved: audit again unless the current text was audited to the end with the database reachable. */
  saved(uri: string): void {
    const st = this.docs.get(uri);
    if (!st || st.run) return;
    if (st.auditedVersion !== st.version || st.outcome?.scenario) void this.audit(uri, EDIT_PROGRESS_DELAY_MS);
  }

  closed(uri: string): void {
    const st = this.docs.get(uri);
    if (st?.run) this.stop(st.run);
    this.docs.delete(uri);
    this.inView.delete(uri);
  }

  /** The lines the user sees now: their module versions are looked up first by the next audit. */
  visible(uri: string, ranges: readonly Range[]): void {
    if (ranges.length === 0) return;
    this.inView.set(uri, { start: Math.min(...ranges.map((r) => r.start.line)), end: Math.max(...ranges.map((r) => r.end.line)) });
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

  /** A probe finished: the diagnostics at the top of this folder's go.sum files get its fixes. */
  republish(session: FolderSession): void {
    for (const st of this.docs.values()) {
      if (st.outcome?.scenario && !st.run && this.deps.sessionFor(st.uri) === session) this.publish(st, st.version, carryOver(st.memory, st.parse.lines), false);
    }
  }

  /** The parse of an open go.sum whose text is exactly this, so the go.mod cross-check need not parse it again. */
  parseOf(text: string): GoSumParse | undefined {
    for (const st of this.docs.values()) if (st.text === text) return st.parse;
    return undefined;
  }

  /** Parses the current text and stops a run on an older one; undefined when the document is not open. */
  private update(uri: string): DocState | undefined {
    const doc = this.deps.documents.get(uri);
    if (!doc) return undefined;
    const text = doc.getText();
    const parse = parseGoSum(text);
    const nl = text.indexOf('\n');
    const firstLine = nl < 0 ? text : text.slice(0, nl);
    const prev = this.docs.get(uri);
    const st: DocState = prev ?? { uri, version: doc.version, text, parse, firstLineLength: 0, memory: NO_MEMORY };
    st.version = doc.version;
    st.text = text;
    st.parse = parse;
    st.firstLineLength = firstLine.replace(/\r$/, '').length;
    this.docs.set(uri, st);
    if (st.run) this.stop(st.run);
    return st;
  }

  private stop(run: Run): void {
    run.controller.abort();
    if (run.partialTimer) clearTimeout(run.partialTimer);
  }

  private publish(st: DocState, version: number, verdicts: readonly LineVerdict[], partial: boolean): void {
    const session = this.deps.sessionFor(st.uri);
    const values = session.database.current?.ctx.values;
    const probe = session.lastProbe?.report;
    const scenario = st.outcome?.scenario?.scenario;
    const diagnostics = goSumDiagnostics({
      uri: st.uri, parse: st.parse, firstLineLength: st.firstLineLength, verdicts, outcome: st.outcome, partial,
      scenarioFixes: probe && scenario && (probe.scenario === scenario) ? fixViews(probe.fixes) : undefined,
      privacy: { database: st.outcome?.database?.name ?? 'sum.golang.org', GONOSUMDB: values?.GONOSUMDB ?? '', GOPRIVATE: values?.GOPRIVATE ?? '' },
      locale: this.deps.locale,
    });
    this.deps.publish(st.uri, version, diagnostics);
  }

  private audit(uri: string, progressDelayMs: number): Promise<void> {
    const st = this.docs.get(uri);
    if (!st) return Promise.resolve();
    if (st.run) this.stop(st.run);
    const run: Run = { controller: new AbortController(), version: st.version, verdicts: [], cancelledByUser: false };
    st.run = run;
    return this.execute(st, run, progressDelayMs)
      .catch((e: unknown) => this.deps.log(`audit of ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`))
      .finally(() => {
        if (run.partialTimer) clearTimeout(run.partialTimer);
        if (st.run === run) st.run = undefined;
      });
  }

  private current(st: DocState, run: Run): boolean {
    return st.run === run && st.version === run.version && this.docs.get(st.uri) === st && !run.controller.signal.aborted;
  }

  /** Verdicts carried over from the last audit, overridden line by line by this run's. */
  private merged(st: DocState, run: Run): LineVerdict[] {
    const byLine: LineVerdict[] = [];
    run.carried ??= carryOver(st.memory, st.parse.lines);
    for (const v of run.carried) byLine[v.line] = v;
    for (const v of run.verdicts) byLine[v.line] = v;
    return byLine.filter((v) => v !== undefined);
  }

  private schedulePartial(st: DocState, run: Run): void {
    if (run.partialTimer) return;
    run.partialTimer = setTimeout(() => {
      run.partialTimer = undefined;
      if (this.current(st, run)) this.publish(st, run.version, this.merged(st, run), true);
    }, PARTIAL_PUBLISH_MS);
    run.partialTimer.unref();
  }

  private async execute(st: DocState, run: Run, progressDelayMs: number): Promise<void> {
    const session = this.deps.sessionFor(st.uri);
    const target = await session.ready();
    if (!this.current(st, run)) return;
    run.generation = target.generation;
    const parse = st.parse;
    const total = parse.lines.length + parse.malformed.length;
    const dbName = target.auditor.database?.name;
    const locale = this.deps.locale;
    const progress = dbName && total > 0
      ? new AuditProgress(this.deps.createProgress, t('audit.progress', { count: total.toLocaleString('en-US'), database: dbName }, locale),
        (done, all) => t('lsp.progress.report', { done: done.toLocaleString('en-US'), total: all.toLocaleString('en-US') }, locale),
        () => { run.cancelledByUser = true; this.stop(run); })
      : undefined;
    progress?.start(progressDelayMs);
    this.deps.meter?.begin();
    const started = performance.now();
    let maxDelayMs: number | undefined;
    try {
      const result = await target.auditor.audit(parse, {
        signal: run.controller.signal,
        priority: this.inView.get(st.uri) ?? FIRST_SCREENFUL,
        onProgress: (done, all) => progress?.report(done, all),
        onVerdicts: (batch) => {
          for (const v of batch) run.verdicts.push(v);
          this.schedulePartial(st, run);
        },
      });
      if (!this.current(st, run)) return;
      if (run.partialTimer) clearTimeout(run.partialTimer);
      st.memory = rememberVerdicts(parse.lines, result.verdicts);
      st.outcome = outcomeOf(result);
      st.generation = run.generation;
      st.auditedVersion = run.version;
      this.publish(st, run.version, result.verdicts, false);
      maxDelayMs = this.deps.meter?.end();
      session.noteAudit(result);
      const summary = Object.entries(result.summary).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
      this.deps.log(`audited ${st.uri} v${run.version}: ${total} lines [${summary}], ${result.lookups} lookups, ` +
        `${(performance.now() - started).toFixed(1)} ms${result.scenario ? `, ${result.scenario.scenario}` : ''}` +
        (maxDelayMs !== undefined ? `, event-loop max ${maxDelayMs.toFixed(1)} ms` : ''));
    } catch (e) {
      if (!run.controller.signal.aborted) throw e;
      // Cancelled by the user: show what was decided; superseded by an edit: the next run publishes.
      if (run.cancelledByUser && st.run === run && st.version === run.version) this.publish(st, run.version, this.merged(st, run), true);
    } finally {
      if (maxDelayMs === undefined) this.deps.meter?.end();
      progress?.done();
    }
  }
}
