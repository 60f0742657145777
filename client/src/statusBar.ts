// The status-bar item: renders the server's StatusNotification (database, how it is reached, state)
// with a Markdown tooltip. It shows 'checking' until the first status arrives and never guesses more.
import * as vscode from 'vscode';
import type { StatusParams, StatusState } from '../../server/src/shared/protocol';
import { loadedAt } from './activationClock';
import { text } from './text';

/** One state the item showed, and when: milliseconds since the extension's module was loaded. */
export interface StatusSample { state: StatusState; text: string; ms: number }

const ICONS: Record<StatusState, string> = {
  checking: '$(sync~spin)', verified: '$(pass)', blocked: '$(error)', 'tls-intercepted': '$(unlock)',
  misconfigured: '$(gear)', disagreement: '$(alert)', offline: '$(cloud)', disabled: '$(circle-slash)', unknown: '$(question)',
};
const ERROR_STATES: ReadonlySet<StatusState> = new Set(['blocked', 'tls-intercepted', 'misconfigured', 'disagreement']);
const WARNING_STATES: ReadonlySet<StatusState> = new Set(['offline', 'disabled']);
/** The timeline is for the start of a session (time to the first state); it stops growing after this many. */
const MAX_SAMPLES = 100;

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private status: StatusParams = { state: 'checking', text: '' };
  private readonly samples: StatusSample[] = [];

  constructor(command: string, private trusted: boolean) {
    this.item = vscode.window.createStatusBarItem('gosumDoctor.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = text.statusName();
    this.item.command = command;
    this.render();
    this.item.show();
  }

  update(status: StatusParams): void {
    this.status = status;
    this.render();
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.render();
  }

  /** The first states shown, in order, with their times; read by the extension tests (time to the first state). */
  get timeline(): readonly StatusSample[] {
    return this.samples;
  }

  /** What the item shows now; read by the extension tests. */
  get shown(): { text: string; tooltip: string; state: StatusState } {
    const tip = this.item.tooltip;
    return { text: this.item.text, tooltip: typeof tip === 'string' ? tip : tip?.value ?? '', state: this.status.state };
  }

  private render(): void {
    const s = this.status;
    const db = s.database;
    let label = s.text;
    if (!label) label = s.state === 'checking' ? text.checkingText() : db ? `${text.reachedVia(db.name, db.via)}: ${text.stateLabel(s.state)}` : text.stateLabel(s.state);
    this.item.text = `${ICONS[s.state] ?? ICONS.unknown} ${label}`;
    if (this.samples.length < MAX_SAMPLES) this.samples.push({ state: s.state, text: this.item.text, ms: performance.now() - loadedAt });
    this.item.backgroundColor = ERROR_STATES.has(s.state) ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : WARNING_STATES.has(s.state) ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;

    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    md.appendMarkdown(`**${text.statusName()}**: `).appendText(text.stateLabel(s.state));
    if (db) {
      md.appendMarkdown('\n\n').appendText(text.reachedVia(db.name, db.via));
      if (db.treeSize !== undefined) md.appendText(` · ${text.treeSize(db.treeSize.toLocaleString())}`);
      md.appendMarkdown('\n\n').appendCodeblock(db.baseUrl, 'text');
    }
    if (s.tooltipMarkdown) md.appendMarkdown('\n\n').appendMarkdown(s.tooltipMarkdown);
    if (s.lastProbe) md.appendMarkdown('\n\n').appendText(text.lastProbe(new Date(s.lastProbe).toLocaleString()));
    if (!this.trusted || s.untrusted) md.appendMarkdown('\n\n$(workspace-untrusted) ').appendText(text.untrustedTooltip());
    md.appendMarkdown('\n\n').appendText(text.clickForExplanation());
    this.item.tooltip = md;
  }

  dispose(): void {
    this.item.dispose();
  }
}
