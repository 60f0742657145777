// Starts the language server (dist/server.js over node IPC) for go.mod / go.sum / go.work.sum, relays
// its status notifications to the status bar, tells it which lines of a go.sum are in view, and sends our
// custom requests. Restarts it when trust changes; while untrusted, answers `go.toolsEnvVars` with the user
// setting only (workspace settings are the untrusted part).
import fs = require('node:fs');
import os = require('node:os');
import vscode = require('vscode');
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  ProbeRequest, RecheckRequest, StatusNotification, VisibleRangesNotification, type InitializationOptions, type ProbeReportView, type StatusParams,
} from '../../server/src/shared/protocol';
import { serverNodeArgs } from '../../server/src/shared/serverProcess';
import { isTrusted, userToolsEnvVars } from './config';
import { say } from './i18n';

/** How the server process starts: dist/server.js over IPC, with the Node flags serverProcess.ts gives it. */
function serverOptionsFor(module: string): ServerOptions {
  const execArgv = serverNodeArgs(os.availableParallelism());
  return {
    run: { module, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6010'] } },
  };
}

/** The documents, settings and files the server follows; untrusted, it sees only the user's go.toolsEnvVars. */
function clientOptionsFor(watcher: vscode.FileSystemWatcher, log: vscode.LogOutputChannel): LanguageClientOptions {
  return {
    documentSelector: [{ scheme: 'file', language: 'go.mod' }, { scheme: 'file', language: 'go.sum' }, { scheme: 'file', language: 'go.work' }],
    outputChannel: log,
    traceOutputChannel: log,
    initializationOptions: (): InitializationOptions => ({
      trusted: isTrusted(),
      ...(vscode.workspace.workspaceFile?.scheme === 'file' ? { workspaceFile: vscode.workspace.workspaceFile.fsPath } : {}),
    }),
    synchronize: { configurationSection: ['gosumDoctor', 'go.toolsEnvVars'], fileEvents: watcher },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (isTrusted() || !Array.isArray(result)) return result;
          return params.items.map((item, i) => (item.section === 'go.toolsEnvVars' ? userToolsEnvVars() : result[i]));
        },
      },
    },
  };
}

/** Tells the server which lines of a go.sum or go.mod are in view (their lines are audited first), 100 ms after scrolling stops. */
class VisibleRangesSender {
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly client: LanguageClient) {}

  send(editor: vscode.TextEditor | undefined): void {
    if (!editor || !['go.sum', 'go.mod'].includes(editor.document.languageId)) return;
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      if (!this.client.isRunning()) return;
      const c2p = this.client.code2ProtocolConverter;
      void this.client.sendNotification(VisibleRangesNotification.type, { uri: c2p.asUri(editor.document.uri), ranges: editor.visibleRanges.map((r) => c2p.asRange(r)) });
    }, 100);
  }
}

export class LanguageServer implements vscode.Disposable {
  private client?: LanguageClient;
  /** Settles when the first start attempt finished (successfully or not). */
  readonly started: Promise<boolean>;

  constructor(context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel, onStatus: (s: StatusParams) => void) {
    const module = context.asAbsolutePath('dist/server.js');
    if (!fs.existsSync(module)) {
      log.error(`language server not found: ${module}`);
      onStatus({ state: 'unknown', text: '', tooltipMarkdown: say('server.notRunning') });
      this.started = Promise.resolve(false);
      return;
    }
    const watcher = vscode.workspace.createFileSystemWatcher('**/{go.mod,go.sum,go.work,go.work.sum}');
    context.subscriptions.push(watcher);
    // The id makes `gosumDoctor.trace.server` control LSP tracing.
    const client = new LanguageClient('gosumDoctor', say('status.name'), serverOptionsFor(module), clientOptionsFor(watcher, log));
    client.onNotification(StatusNotification.type, onStatus);
    this.client = client;
    const visible = new VisibleRangesSender(client);
    context.subscriptions.push(
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => visible.send(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => visible.send(editor)),
    );
    this.started = client.start().then(() => { visible.send(vscode.window.activeTextEditor); return true; }, (e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      log.error(`language server failed to start: ${message}`);
      onStatus({ state: 'unknown', text: '', tooltipMarkdown: say('server.failed', { message }) });
      return false;
    });
  }

  get running(): boolean {
    return this.client?.isRunning() ?? false;
  }

  /**
   * `confirmWithGo`: the user asked, so the server may also run the go command (gosumDoctor.probe.confirmWithGo);
   * cancelling `token` kills it.
   */
  async probe(uri?: vscode.Uri, options: { confirmWithGo?: boolean; token?: vscode.CancellationToken } = {}): Promise<ProbeReportView> {
    const params = { uri: uri?.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString(), ...(options.confirmWithGo ? { confirmWithGo: true } : {}) };
    return this.require().sendRequest(ProbeRequest.type, params, options.token);
  }

  async recheck(): Promise<number> {
    return (await this.require().sendRequest(RecheckRequest.type, {})).checked;
  }

  async restart(): Promise<void> {
    if (this.client?.isRunning()) await this.client.restart();
  }

  private require(): LanguageClient {
    if (!this.client?.isRunning()) throw new Error(say('server.notRunning'));
    return this.client;
  }

  async dispose(): Promise<void> {
    await this.client?.stop();
  }
}
