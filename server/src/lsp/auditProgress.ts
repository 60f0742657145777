// Owns: the LSP work-done progress of one audit ("Checking 1,234 go.sum lines against sum.golang.org"): begun
// after an optional delay (so a warm re-audit of a few milliseconds shows nothing), reported at most every
// 100 ms, cancellable by the user (the cancel reaches the audit through onCancel), always ended.
// Must never: block or fail the audit (progress errors are swallowed), or report after done().
import type { WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { monotonicMs } from '../monotonic';

export type CreateProgress = () => Promise<WorkDoneProgressServerReporter>;

const REPORT_EVERY_MS = 100;

export class AuditProgress {
  private reporter?: WorkDoneProgressServerReporter;
  private timer?: NodeJS.Timeout;
  private finished = false;
  private lastReport = 0;
  private latest?: { done: number; total: number };

  constructor(
    private readonly create: CreateProgress,
    private readonly title: string,
    private readonly message: (done: number, total: number) => string,
    private readonly onCancel: () => void,
  ) {}

  /** Shows the progress now, or after `delayMs` when the audit is still running then. */
  start(delayMs: number): void {
    if (delayMs <= 0) return void this.open();
    this.timer = setTimeout(() => this.open(), delayMs);
    this.timer.unref();
  }

  private open(): void {
    this.timer = undefined;
    if (this.finished) return;
    this.create().then((reporter) => {
      if (this.finished) return reporter.done();
      this.reporter = reporter;
      reporter.begin(this.title, 0, this.latest ? this.message(this.latest.done, this.latest.total) : undefined, true);
      reporter.token.onCancellationRequested(() => this.onCancel());
    }, () => undefined);
  }

  report(done: number, total: number): void {
    this.latest = { done, total };
    const now = monotonicMs();
    if (!this.reporter || this.finished || now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    this.reporter.report(total > 0 ? Math.floor((done / total) * 100) : 0, this.message(done, total));
  }

  done(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.reporter?.done();
  }
}
