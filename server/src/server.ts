// The language server: LSP wiring only — the connection, open documents, the client's capabilities, settings
// and notifications, and which module each event goes to. Logic lives in problems/ (syntax and cross-file
// checks), lsp/ (audit scheduling, folder sessions and their environment, status, probe view, setting lints)
// and audit/ (verdicts). Runs over node IPC when started by the extension, or over stdio with --stdio.
// Settings are never kept here: each folder session asks for them when it refreshes.

import {
  createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentKind, validateDocument } from './problems/validate';
import { goenvMessages } from './goenv/messages';
import { parseGoSum } from './parse/gosum';
import { buildNodeRootStoreNow } from './transport/secureContext';
import { AuditScheduler } from './lsp/auditScheduler';
import { Debouncer, VALIDATION_DELAY_MS } from './lsp/debounce';
import { EnvFileWatcher } from './lsp/envFileWatcher';
import { FolderSession, type FolderListener } from './lsp/folderSession';
import { probeView } from './lsp/probeView';
import { SettingLintPublisher } from './lsp/settingLintPublisher';
import { readSibling, siblingUri } from './lsp/siblings';
import { StatusReporter } from './lsp/statusReporter';
import { DEFAULT_SETTINGS, settingsFrom, toolsEnvVarsFrom, type SettingsReader } from './lsp/workspaceEnv';
import { WorkspaceFolders } from './lsp/workspaceFolders';
import {
  ProbeRequest, RecheckRequest, StatusNotification, VisibleRangesNotification, type InitializationOptions,
} from './shared/protocol';

interface Services {
  folders: WorkspaceFolders;
  scheduler: AuditScheduler;
  status: StatusReporter;
  locale?: string;
}

function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const debouncer = new Debouncer(VALIDATION_DELAY_MS);
  const log = (message: string) => connection.console.log(message);
  let services: Services | undefined;
  let canConfigure = false;
  let canWatchFolders = false;
  let canRegisterConfiguration = false;

  const readSettings: SettingsReader = async (folder) => {
    if (!canConfigure) return { gosumDoctor: { ...DEFAULT_SETTINGS } };
    const [own, tools] = await connection.workspace.getConfiguration([
      { scopeUri: folder.uri, section: 'gosumDoctor' }, { scopeUri: folder.uri, section: 'go.toolsEnvVars' }]) as unknown[];
    return { gosumDoctor: settingsFrom(own), toolsEnvVars: toolsEnvVarsFrom(tools) };
  };

  function createServices(trusted: boolean, locale: string | undefined, workspaceFile?: string): Services {
    const lints = new SettingLintPublisher((uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }), workspaceFile);
    const goenv = goenvMessages(locale);
    const status = new StatusReporter((s) => void connection.sendNotification(StatusNotification.type, s), locale, goenv);
    const watcher = new EnvFileWatcher((file) => {
      for (const s of folders.all()) if (s.environment?.envFile === file) void s.refresh('env-file');
    });
    const listener: FolderListener = {
      health: (s) => status.changed(s),
      contextChanged: (s, why) => scheduler.folderChanged(s, why),
      lints: (s, found) => void lints.show(s.folder, found),
      probed: (s) => scheduler.republish(s),
      envFile: (file) => watcher.watch(file),
      log,
    };
    const folders = new WorkspaceFolders((folder) => new FolderSession(folder, { readSettings, processEnv: process.env, trusted, listener, goenvMessages: goenv, locale }));
    const scheduler = new AuditScheduler({
      documents,
      sessionFor: (uri) => folders.sessionFor(uri)!,
      publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
      createProgress: () => connection.window.createWorkDoneProgress(),
      log, locale,
    });
    connection.onShutdown(async () => {
      watcher.dispose();
      await Promise.all(folders.all().map((s) => s.dispose()));
    });
    return { folders, scheduler, status, locale };
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    canConfigure = caps.workspace?.configuration === true;
    canWatchFolders = caps.workspace?.workspaceFolders === true;
    canRegisterConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const options = params.initializationOptions as Partial<InitializationOptions> | undefined;
    services = createServices(options?.trusted !== false, params.locale, options?.workspaceFile);
    services.folders.change(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []), []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        ...(canWatchFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'gosum-doctor' },
    };
  });

  connection.onInitialized(() => {
    const s = services!;
    if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    if (canWatchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const gone of s.folders.change(e.added, e.removed)) {
          s.status.forget(gone, s.folders.workspaceSessions()[0]);
          void gone.dispose();
        }
        for (const added of e.added) void s.folders.sessionFor(added.uri)?.refresh('start');
      });
    }
    const sessions = s.folders.workspaceSessions();
    if (sessions[0]) s.status.focus(sessions[0]);
    for (const session of sessions) void session.refresh('start');
  });

  /** Validates a go.mod and publishes the result, dropping it if the document changed meanwhile. */
  async function validateGoMod(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const sibling = await readSibling(uri, 'go.sum', documents);
    // An open go.sum beside it is parsed by the scheduler: reuse that parse (made without holding the event loop).
    const sumParse = sibling === undefined ? undefined : await (services?.scheduler.parseOf(sibling) ?? parseGoSum(sibling));
    const current = documents.get(uri);
    if (!current || current.version !== version) return;
    const parseSum = (text: string) => (text === sibling && sumParse ? sumParse : parseGoSum(text));
    await connection.sendDiagnostics({ uri, version, diagnostics: validateDocument('go.mod', current.getText(), uri, sibling, parseSum) });
  }

  /** go.sum: syntax now and the audit behind it (the scheduler); go.mod: syntax and the cross-check. */
  function scheduleValidation(uri: string, delay: boolean): void {
    const run = () => {
      const kind = documentKind(uri);
      if (kind === 'go.sum' && services?.folders.sessionFor(uri)) {
        if (delay) services.scheduler.changed(uri);
        else services.scheduler.opened(uri);
      } else if (kind === 'go.mod') {
        validateGoMod(uri).catch((e) => connection.console.error(`validation failed for ${uri}: ${String(e)}`));
      }
    };
    if (delay) debouncer.schedule(uri, run);
    else { debouncer.cancel(uri); run(); }
  }

  /** A go.sum edit changes the cross-check of the go.mod beside it. */
  function revalidateGoModBeside(uri: string): void {
    if (documentKind(uri) !== 'go.sum' || !uri.endsWith('/go.sum')) return;
    const mod = siblingUri(uri, 'go.mod');
    if (mod && documents.get(mod)) scheduleValidation(mod, true);
  }

  function focus(uri: string): void {
    const session = services?.folders.sessionFor(uri);
    if (!session) return;
    services!.status.focus(session);
    void session.ready().catch(() => undefined);
  }

  // TextDocuments fires onDidOpen then onDidChangeContent for an open; validate the open at once, edits debounced.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    focus(e.document.uri);
    scheduleValidation(e.document.uri, false);
    revalidateGoModBeside(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    if (justOpened.delete(e.document.uri)) return;
    scheduleValidation(e.document.uri, true);
    revalidateGoModBeside(e.document.uri);
  });
  documents.onDidSave((e) => {
    if (documentKind(e.document.uri) === 'go.sum') services?.scheduler.saved(e.document.uri);
  });
  documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    debouncer.cancel(e.document.uri);
    services?.scheduler.closed(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    revalidateGoModBeside(e.document.uri);
  });

  connection.onDidChangeConfiguration(() => {
    for (const s of services?.folders.all() ?? []) void s.refresh('settings');
  });
  connection.onDidChangeWatchedFiles((e) => {
    for (const c of e.changes) {
      revalidateGoModBeside(c.uri);
      void services?.folders.sessionFor(c.uri)?.refresh('watched-files');
    }
  });
  connection.onNotification(VisibleRangesNotification.type, (p) => {
    services?.scheduler.visible(p.uri, p.ranges);
    if (documents.get(p.uri)) focus(p.uri);
  });

  connection.onRequest(ProbeRequest.type, async (p, token) => {
    const s = services!;
    const session = p.uri ? s.folders.sessionFor(p.uri) : s.folders.workspaceSessions()[0];
    if (!session) throw new Error('no workspace folder to probe');
    // The client cancelled: the go command the probe started is killed.
    const cancel = new AbortController();
    const onCancel = token.onCancellationRequested(() => cancel.abort());
    const outcome = await session.probeNow({ withGo: p.confirmWithGo === true, signal: cancel.signal }).finally(() => onCancel.dispose());
    return probeView(outcome.report, { fallbackDatabase: session.health.database, time: outcome.time, locale: s.locale });
  });
  connection.onRequest(RecheckRequest.type, async (p) => {
    const s = services!;
    const mods = documents.all().filter((d) => documentKind(d.uri) === 'go.mod' && (!p.uris || p.uris.includes(d.uri)));
    for (const d of mods) scheduleValidation(d.uri, false);
    return { checked: (await s.scheduler.recheck(p.uris)) + mods.length };
  });

  documents.listen(connection);
  connection.listen();
}

// --stdio is read by createConnection itself; IPC is the default when the extension starts us.
startServer(createConnection(ProposedFeatures.all));
// While the process starts anyway, not in its first TLS handshake (see buildNodeRootStoreNow).
buildNodeRootStoreNow();
