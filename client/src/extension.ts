// Entry point: starts the language server, the status bar, the language status, the commands, the code actions
// and the explanation view, and returns the API the extension tests read. Thin: the server knows, we show.
import { loadedAt } from './activationClock';
import vscode = require('vscode');
import type { GosumDoctorApi } from './api';
import { Commands, probeAndShow, registerCommands, type CommandTargets } from './commands';
import { isTrusted } from './config';
import { ExplanationView } from './explanationView';
import { LanguageServer } from './languageServer';
import { DatabaseLanguageStatus } from './languageStatus';
import { createLog } from './log';
import { applyFix, dialogPrompts, FIXABLE_DOCUMENTS, FixCodeActions, previewContent, previewScheme, type FixPrompts } from './quickFixes';
import { StatusBar } from './statusBar';

export function activate(context: vscode.ExtensionContext): GosumDoctorApi {
  const log = createLog();
  const status = new StatusBar(Commands.showExplanation, isTrusted(), vscode.window.activeTextEditor?.document.languageId);
  const languageStatus = new DatabaseLanguageStatus(Commands.showExplanation);
  const server = new LanguageServer(context, log, (s) => { status.update(s); languageStatus.update(s); });
  const fixFlow = { log, afterWrite: () => Promise.all([server.probe(), server.recheck()]) };
  const targets: CommandTargets = {
    server, log,
    view: new ExplanationView({ applyFix: (fix) => applyFix(fix, fixFlow), probe: () => probeAndShow(targets) }),
    applyFix: (fix, resource) => applyFix(fix, fixFlow, dialogPrompts, resource),
  };
  context.subscriptions.push(log, status, languageStatus, targets.view, { dispose: () => void server.dispose() },
    ...registerCommands(targets),
    vscode.languages.registerCodeActionsProvider(FIXABLE_DOCUMENTS, new FixCodeActions(), { providedCodeActionKinds: FixCodeActions.kinds }),
    vscode.workspace.registerTextDocumentContentProvider(previewScheme, previewContent),
    vscode.workspace.onDidGrantWorkspaceTrust(() => { status.setTrusted(true); void server.restart(); }),
    vscode.window.onDidChangeActiveTextEditor((e) => status.setEditorLanguage(e?.document.languageId)),
    // Changing an editor's language closes and reopens its document; the active editor stays.
    vscode.workspace.onDidOpenTextDocument((d) => { if (d.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) status.setEditorLanguage(d.languageId); }),
  );

  const activationMs = performance.now() - loadedAt;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    serverStarted: server.started,
    statusBar: () => status.shown,
    languageStatus: () => languageStatus.shown,
    statusTimeline: () => status.timeline,
    showExplanation: (report) => targets.view.show(report),
    explanationHtml: () => targets.view.html,
    explanationMarkdown: () => targets.view.markdown(),
    applyFix: (fix, prompts?: Partial<FixPrompts>) => applyFix(fix, fixFlow, { ...dialogPrompts, ...prompts }),
  };
}

export function deactivate(): void {
  // The language client is stopped through context.subscriptions. Setting changes reach the server
  // through didChangeConfiguration (synchronize.configurationSection); it decides whether to re-probe.
}
