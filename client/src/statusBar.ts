// The status-bar item: renders the server's StatusNotification (database, how it is reached, state)
// with a Markdown tooltip. It shows 'checking' until the first status arrives and never guesses more.
// It is visible while a Go editor is active, or while the state is a problem to act on.
import vscode = require('vscode');
import type { StatusParams, StatusState } from '../../server/src/shared/protocol';
import { loadedAt } from './activationClock';
import { GO_LANGUAGES, isProblem, stateIcon, stateLabel, stateSeverity, stateText, treeSizeText } from './statusLook';
import { say } from './i18n';

/** One state the item showed, and when: milliseconds since the extension's module was loaded. */
export interface StatusSample { state: StatusState; text: string; ms: number }

/** The timeline is for the start of a session (time to the first state); it stops growing after this many. */
const MAX_SAMPLES = 100;

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private status: StatusParams = { state: 'checking', text: '' };
  private readonly samples: StatusSample[] = [];
  private visible = false;

  /** `editorLanguage`: the language of the active editor, if any. */
  constructor(command: string, private trusted: boolean, private editorLanguage: string | undefined) {
    this.item = vscode.window.createStatusBarItem('gosumDoctor.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = say('status.name');
    this.item.command = command;
    this.render();
  }

  /** The active editor changed (undefined: none, or not a text editor). */
  setEditorLanguage(languageId: string | undefined): void {
    this.editorLanguage = languageId;
    this.showOrHide();
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
  get shown(): { text: string; tooltip: string; state: StatusState; visible: boolean } {
    const tip = this.item.tooltip;
    return { text: this.item.text, tooltip: typeof tip === 'string' ? tip : tip?.value ?? '', state: this.status.state, visible: this.visible };
  }

  private showOrHide(): void {
    const visible = isProblem(this.status.state) || (this.editorLanguage !== undefined && GO_LANGUAGES.has(this.editorLanguage));
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) this.item.show(); else this.item.hide();
  }

  private render(): void {
    const s = this.status;
    const db = s.database;
    this.item.text = `${stateIcon(s.state)} ${stateText(s)}`;
    if (this.samples.length < MAX_SAMPLES) this.samples.push({ state: s.state, text: this.item.text, ms: performance.now() - loadedAt });
    const severity = stateSeverity(s.state);
    this.item.backgroundColor = severity === vscode.LanguageStatusSeverity.Error ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : severity === vscode.LanguageStatusSeverity.Warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;

    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    md.appendMarkdown(`**${say('status.name')}**: `).appendText(stateLabel(s.state));
    if (db) {
      md.appendMarkdown('\n\n').appendText(say('status.reachedVia', { name: db.name, via: db.via }));
      const treeSize = treeSizeText(s);
      if (treeSize) md.appendText(` · ${treeSize}`);
      md.appendMarkdown('\n\n').appendCodeblock(db.baseUrl, 'text');
    }
    if (s.tooltipMarkdown) md.appendMarkdown('\n\n').appendMarkdown(s.tooltipMarkdown);
    if (s.lastProbe) md.appendMarkdown('\n\n').appendText(say('status.lastProbe', { time: new Date(s.lastProbe).toLocaleString() }));
    if (!this.trusted || s.untrusted) md.appendMarkdown('\n\n$(workspace-untrusted) ').appendText(say('status.untrusted'));
    md.appendMarkdown('\n\n').appendText(say('status.clickForExplanation'));
    this.item.tooltip = md;
    this.showOrHide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
