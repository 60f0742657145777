// The explanation webview: one panel that shows the latest probe report, runs a fix when its button
// is pressed, and copies the report as Markdown. Rendering itself lives in explanationHtml.ts.
import vscode = require('vscode');
import { randomBytes } from 'node:crypto';
import type { FixView, ProbeReportView } from '../../server/src/shared/protocol';
import { renderExplanationHtml, type PageMessage } from './explanationHtml';
import { renderReportMarkdown } from './reportMarkdown';
import { displayLocale, reportLabels, say } from './i18n';

export interface ExplanationActions {
  applyFix(fix: FixView): Thenable<unknown>;
  probe(): Thenable<unknown>;
}

export class ExplanationView implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private report?: ProbeReportView;

  constructor(private readonly actions: ExplanationActions) {}

  get lastReport(): ProbeReportView | undefined {
    return this.report;
  }

  /** The HTML the panel shows now, or undefined when closed; read by the extension tests. */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  show(report: ProbeReportView): void {
    this.report = report;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('gosumDoctor.explanation', say('explanation.title'), vscode.ViewColumn.Active,
        { enableScripts: true, enableCommandUris: false, localResourceRoots: [], retainContextWhenHidden: false });
      this.panel.onDidDispose(() => { this.panel = undefined; });
      this.panel.webview.onDidReceiveMessage((m: PageMessage) => this.onMessage(m));
    }
    const webview = this.panel.webview;
    webview.html = renderExplanationHtml(report, reportLabels(), {
      nonce: randomBytes(16).toString('base64'), cspSource: webview.cspSource, lang: displayLocale(),
    });
    this.panel.reveal(undefined, false);
  }

  markdown(): string | undefined {
    return this.report && renderReportMarkdown(this.report, reportLabels());
  }

  private async onMessage(m: PageMessage): Promise<void> {
    if (!this.report) return;
    if (m.type === 'fix') {
      const fix = this.report.fixes[m.index];
      if (fix) await this.actions.applyFix(fix);
    } else if (m.type === 'copy') {
      await vscode.env.clipboard.writeText(this.markdown()!);
      void vscode.window.showInformationMessage(say('explanation.copied'));
    } else if (m.type === 'probe') {
      await this.actions.probe();
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
