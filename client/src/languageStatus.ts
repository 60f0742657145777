// The language status of go.mod and go.sum editors (the {} entry beside the language name): the checksum
// database's state as the server pushed it, its severity, busy while checking, and the same click-through to
// the explanation as the status-bar item.
import vscode = require('vscode');
import type { StatusParams } from '../../server/src/shared/protocol';
import { CHECKED_DOCUMENTS, stateIcon, stateSeverity, stateText, treeSizeText } from './statusLook';
import { say } from './i18n';

export class DatabaseLanguageStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor(command: string) {
    this.item = vscode.languages.createLanguageStatusItem('gosumDoctor.database', CHECKED_DOCUMENTS);
    this.item.name = say('status.name');
    this.item.command = { title: say('status.explain'), command };
    this.update({ state: 'checking', text: '' });
  }

  update(s: StatusParams): void {
    this.item.text = `${stateIcon(s.state)} ${stateText(s)}`;
    this.item.detail = treeSizeText(s);
    this.item.severity = stateSeverity(s.state);
    this.item.busy = s.state === 'checking';
  }

  /** What the item shows now; read by the extension tests. */
  get shown(): { text: string; detail?: string; severity: vscode.LanguageStatusSeverity; busy: boolean; command?: string; selector: vscode.DocumentSelector } {
    const i = this.item;
    return { text: i.text, detail: i.detail, severity: i.severity, busy: i.busy, command: i.command?.command, selector: i.selector };
  }

  dispose(): void {
    this.item.dispose();
  }
}
