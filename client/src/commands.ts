// The palette commands (Probe sumdb, Re-check go.sum, Show log) and the internal ones the status bar,
// the webview and the code actions run (show explanation, apply fix).
import vscode = require('vscode');
import type { FixView, ProbeReportView } from '../../server/src/shared/protocol';
import type { ExplanationView } from './explanationView';
import type { LanguageServer } from './languageServer';
import { say } from './i18n';

export const Commands = {
  probe: 'gosumDoctor.probe',
  recheck: 'gosumDoctor.recheck',
  showLog: 'gosumDoctor.showLog',
  showExplanation: 'gosumDoctor.showExplanation',
  applyFix: 'gosumDoctor.applyFix',
} as const;

export interface CommandTargets {
  server: LanguageServer;
  view: ExplanationView;
  log: vscode.LogOutputChannel;
  applyFix(fix: FixView, resource?: vscode.Uri): Promise<boolean>;
}

export async function probeAndShow(t: CommandTargets): Promise<ProbeReportView | undefined> {
  let cancelled = false;
  try {
    // Cancellable: the probe may run the go command for up to 15 s; cancelling kills it.
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: say('status.checking'), cancellable: true },
      (_progress, token) => {
        token.onCancellationRequested(() => { cancelled = true; });
        return t.server.probe(undefined, { confirmWithGo: true, token });
      });
    t.view.show(report);
    return report;
  } catch (e) {
    if (cancelled) return undefined;
    const message = e instanceof Error ? e.message : String(e);
    t.log.error(`probe failed: ${message}`);
    void vscode.window.showErrorMessage(say('probe.failed', { message }));
    return undefined;
  }
}

export function registerCommands(t: CommandTargets): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.probe, () => probeAndShow(t)),
    vscode.commands.registerCommand(Commands.recheck, async () => {
      try {
        const checked = await t.server.recheck();
        vscode.window.setStatusBarMessage(say('recheck.done', { count: checked }), 3000);
        return checked;
      } catch (e) {
        t.log.error(`recheck failed: ${e instanceof Error ? e.message : String(e)}`);
        void vscode.window.showErrorMessage(say('server.notRunning'));
        return undefined;
      }
    }),
    vscode.commands.registerCommand(Commands.showLog, () => t.log.show(true)),
    vscode.commands.registerCommand(Commands.showExplanation, () => {
      if (t.view.lastReport) { t.view.show(t.view.lastReport); return t.view.lastReport; }
      return probeAndShow(t);
    }),
    vscode.commands.registerCommand(Commands.applyFix, (fix: FixView, resource?: vscode.Uri) => t.applyFix(fix, resource)),
  ];
}
