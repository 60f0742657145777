// What activate() returns: read by the extension tests (activation time, what the UI shows) and the
// seams later tests use (open the explanation for a report, apply a fix with scripted answers).
import type { FixView, ProbeReportView } from '../../server/src/shared/protocol';
import type { DatabaseLanguageStatus } from './languageStatus';
import type { FixPrompts } from './quickFixes';
import type { StatusSample } from './statusBar';

export interface GosumDoctorApi {
  /** Module load + activate(), in milliseconds. */
  readonly activationMs: number;
  /** Resolves when the language server started (true) or failed to (false). */
  readonly serverStarted: Promise<boolean>;
  /** The status-bar item; `visible` while a Go editor is active or the state is a problem. */
  statusBar(): { text: string; tooltip: string; state: string; visible: boolean };
  /** The language status item of go.mod and go.sum editors. */
  languageStatus(): DatabaseLanguageStatus['shown'];
  /** The first states the status-bar item showed (up to 100), with milliseconds since the extension was loaded. */
  statusTimeline(): readonly StatusSample[];
  showExplanation(report: ProbeReportView): void;
  explanationHtml(): string | undefined;
  explanationMarkdown(): string | undefined;
  /** Runs the fix flow; `prompts` replaces the dialogs (tests). Resolves true unless cancelled or failed. */
  applyFix(fix: FixView, prompts?: Partial<FixPrompts>): Promise<boolean>;
}
