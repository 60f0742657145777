// The language server: LSP wiring only — the connection, open documents, the client's capabilities, settings
// and notifications, and which module each event goes to. Logic lives in problems/ (syntax and cross-file
// checks), lsp/ (audit scheduling, folder sessions and their environment, status, probe view, setting lints)
// and audit/ (verdicts). Runs over node IPC when started by the extension, or over stdio with --stdio.
// Settings are never kept here: each folder session asks for them when it refreshes.

import {
  createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { withBoundedMessages } from './lsp/messageLimit';
import { documentKind, validateDocument, type DocumentKind } from './problems/validate';
import { goWorkDiagnostics } from './lsp/goWorkDiagnostics';
import { UsedGoMods } from './lsp/usedGoMods';
import { goReadFileError } from './transport/localFiles';
import { goenvMessages } from './goenv/messages';
import { parseGoSum } from './parse/gosum';
import { isIPv6 } from 'node:net';
import { AuditScheduler } from './lsp/auditScheduler';
import { Debouncer, VALIDATION_DELAY_MS } from './lsp/debounce';
import { EnvFileWatcher } from './lsp/envFileWatcher';
import { FolderSession, type FolderListener } from './lsp/folderSession';
import { probeView } from './lsp/probeView';
import { SettingLintPublisher } from './lsp/settingLintPublisher';
import { fileDirectory, inGoWorkspace, readSibling, siblingUri, sumFileOf } from './lsp/siblings';
import { goCommandFacts, goWorkSetting, type EnvInputs } from './goenv/resolve';
import type { GoCommandFacts } from './goenv/toolchainSelect';
import { readEnvSources } from './goenv/sources';
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
  watcher: EnvFileWatcher;
  locale?: string;
}

/** One language server on one connection: each concern registers its handlers in its own method. */
class GoSumServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly debouncer = new Debouncer(VALIDATION_DELAY_MS);
  // TextDocuments fires onDidOpen then onDidChangeContent for an open; validate the open at once, edits debounced.
  private readonly justOpened = new Set<string>();
  /** The go.mod files open go.work files use, read once while unchanged. */
  private readonly usedGoMods = new UsedGoMods();
  /** The Go sources of the server's own environment, read only when a go.mod or go.work needs them before its folder's are. */
  private processGoInputs: Promise<EnvInputs | undefined> | undefined;
  /** Made at initialize, from the client's trust, locale and workspace file. */
  private services: Services | undefined;
  private canConfigure = false;
  private canWatchFolders = false;
  private canRegisterConfiguration = false;

  constructor(private readonly connection: Connection) {}

  start(): void {
    this.connection.onInitialize((params) => this.initialize(params));
    this.connection.onInitialized(() => this.initialized());
    this.listenToDocuments();
    this.listenToWorkspace();
    this.listenToRequests();
    this.connection.onShutdown(() => this.shutdown());
    this.documents.listen(this.connection);
    this.connection.listen();
  }

  private readonly log = (message: string): void => this.connection.console.log(message);

  private readonly readSettings: SettingsReader = async (folder) => {
    if (!this.canConfigure) return { gosumDoctor: { ...DEFAULT_SETTINGS } };
    const [own, tools] = await this.connection.workspace.getConfiguration([
      { scopeUri: folder.uri, section: 'gosumDoctor' }, { scopeUri: folder.uri, section: 'go.toolsEnvVars' }]) as unknown[];
    return { gosumDoctor: settingsFrom(own), toolsEnvVars: toolsEnvVarsFrom(tools) };
  };

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.canConfigure = caps.workspace?.configuration === true;
    this.canWatchFolders = caps.workspace?.workspaceFolders === true;
    this.canRegisterConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const options = params.initializationOptions as Partial<InitializationOptions> | undefined;
    this.services = this.createServices(options?.trusted !== false, params.locale, options?.workspaceFile);
    this.services.folders.change(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []), []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        ...(this.canWatchFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'gosum-doctor' },
    };
  }

  private createServices(trusted: boolean, locale: string | undefined, workspaceFile?: string): Services {
    const connection = this.connection;
    const lints = new SettingLintPublisher((uri, diagnostics) => void this.publish(uri, undefined, diagnostics), workspaceFile);
    const goenv = goenvMessages(locale);
    const status = new StatusReporter((s) => void connection.sendNotification(StatusNotification.type, s), locale, goenv);
    const watcher = new EnvFileWatcher((file) => {
      for (const s of folders.all()) if (s.environment?.envFile === file) void s.refresh('env-file');
    });
    const listener: FolderListener = {
      health: (s) => status.changed(s),
      contextChanged: (s, why) => {
        scheduler.folderChanged(s, why);
        // GOWORK may have changed (go.toolsEnvVars), and with it whether Go asks go.sum anything for go.mod; so may
        // the go command's release, whose grammar go.mod and go.work are read by.
        if (why === 'environment') this.revalidateGoModsAndWork(s);
      },
      lints: (s, found) => void lints.show(s.folder, found),
      probed: (s) => scheduler.republish(s),
      envFile: (file) => watcher.watch(file),
      log: this.log,
    };
    const folders = new WorkspaceFolders((folder) => new FolderSession(folder, {
      readSettings: this.readSettings, processEnv: process.env, trusted, listener, locale,
    }));
    const scheduler = new AuditScheduler({
      documents: this.documents,
      sessionFor: (uri) => folders.sessionFor(uri)!,
      publish: (uri, version, diagnostics) => void this.publish(uri, version, diagnostics),
      createProgress: () => connection.window.createWorkDoneProgress(),
      log: this.log, locale,
      sumFileOf: (uri) => sumFileOf(uri, this.goworkFor(uri)),
    });
    return { folders, scheduler, status, watcher, locale };
  }

  private initialized(): void {
    const s = this.services!;
    if (this.canRegisterConfiguration) void this.connection.client.register(DidChangeConfigurationNotification.type, undefined);
    if (this.canWatchFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((e) => {
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
  }

  private listenToDocuments(): void {
    const documents = this.documents;
    documents.onDidOpen((e) => {
      this.justOpened.add(e.document.uri);
      this.focus(e.document.uri);
      this.scheduleValidation(e.document.uri, false);
      this.revalidateGoModBeside(e.document.uri);
    });
    documents.onDidChangeContent((e) => {
      if (this.justOpened.delete(e.document.uri)) return;
      this.scheduleValidation(e.document.uri, true);
      this.revalidateGoModBeside(e.document.uri);
    });
    documents.onDidSave((e) => {
      if (documentKind(e.document.uri) === 'go.sum') this.services?.scheduler.saved(e.document.uri);
    });
    documents.onDidClose((e) => {
      this.justOpened.delete(e.document.uri);
      this.debouncer.cancel(e.document.uri);
      this.services?.scheduler.closed(e.document.uri);
      void this.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      this.revalidateGoModBeside(e.document.uri);
    });
  }

  /** Settings, watched files and the editor's visible ranges. */
  private listenToWorkspace(): void {
    this.connection.onDidChangeConfiguration(() => {
      for (const s of this.services?.folders.all() ?? []) void s.refresh('settings');
    });
    this.connection.onDidChangeWatchedFiles((e) => {
      for (const c of e.changes) {
        this.revalidateGoModBeside(c.uri);
        this.revalidateWorkspace(c.uri);
        void this.services?.folders.sessionFor(c.uri)?.refresh('watched-files');
      }
    });
    this.connection.onHover((p) => (documentKind(p.textDocument.uri) === 'go.sum' ? this.services?.scheduler.hover(p.textDocument.uri, p.position.line) ?? null : null));
    this.connection.onNotification(VisibleRangesNotification.type, (p) => {
      this.services?.scheduler.visible(p.uri, p.ranges);
      if (this.documents.get(p.uri)) this.focus(p.uri);
    });
  }

  /** The extension's own requests: the probe view and a recheck. */
  private listenToRequests(): void {
    this.connection.onRequest(ProbeRequest.type, async (p, token) => {
      const s = this.services!;
      const session = p.uri ? s.folders.sessionFor(p.uri) : s.folders.workspaceSessions()[0];
      if (!session) throw new Error('no workspace folder to probe');
      // The client cancelled: the go command the probe started is killed.
      const cancel = new AbortController();
      const onCancel = token.onCancellationRequested(() => cancel.abort());
      const outcome = await session.probeNow({ withGo: p.confirmWithGo === true, signal: cancel.signal }).finally(() => onCancel.dispose());
      return probeView(outcome.report, { fallbackDatabase: session.health.database, time: outcome.time, locale: s.locale });
    });
    this.connection.onRequest(RecheckRequest.type, async (p) => {
      const s = this.services!;
      const mods = this.documents.all().filter((d) => documentKind(d.uri) === 'go.mod' && (!p.uris || p.uris.includes(d.uri)));
      for (const d of mods) this.scheduleValidation(d.uri, false);
      return { checked: (await s.scheduler.recheck(p.uris)) + mods.length };
    });
  }

  private async shutdown(): Promise<void> {
    if (!this.services) return;
    this.services.watcher.dispose();
    await Promise.all(this.services.folders.all().map((s) => s.dispose()));
  }

  /** Validates again the open go.mod and go.work files of a folder. */
  private revalidateGoModsAndWork(session: FolderSession): void {
    const inSession = (uri: string) => this.services?.folders.sessionFor(uri) === session;
    this.revalidateOpen('go.mod', inSession, false);
    this.revalidateOpen('go.work', inSession, false);
  }

  /** Validates again the open documents of `kind` that `which` picks (`delay`: after the usual debounce). */
  private revalidateOpen(kind: DocumentKind, which: (uri: string) => boolean, delay: boolean): void {
    for (const d of this.documents.all()) if (documentKind(d.uri) === kind && which(d.uri)) this.scheduleValidation(d.uri, delay);
  }

  /**
   * The go command this document's folder runs: its release ($GOROOT/VERSION) and GOTOOLCHAIN; the server's own until
   * the folder's environment is read (go.toolsEnvVars may name another GOROOT: then read again).
   */
  private async goCommandFor(uri: string): Promise<GoCommandFacts> {
    const inputs = this.services?.folders.sessionFor(uri)?.environment?.inputs ??
      await (this.processGoInputs ??= readEnvSources({ process: process.env }).catch(() => undefined));
    return inputs ? goCommandFacts(inputs) : {};
  }

  /** GOWORK as the go command run for this document's folder reads it: go.toolsEnvVars, the server's environment, the go env file. */
  private goworkFor(uri: string): string | undefined {
    const env = this.services?.folders.sessionFor(uri)?.environment;
    return env ? goWorkSetting(env.inputs) : process.env.GOWORK;
  }

  /** Validates a go.mod and publishes the result, dropping it if the document changed meanwhile. */
  private async validateGoMod(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    // In workspace mode Go asks go.sum nothing for required go.mod files: no cross-check then.
    const workspace = await inGoWorkspace(uri, this.goworkFor(uri));
    const sibling = workspace ? undefined : await readSibling(uri, 'go.sum', this.documents);
    // An open go.sum beside it is parsed by the scheduler: reuse that parse (made without holding the event loop).
    const sumParse = sibling === undefined ? undefined : await (this.services?.scheduler.parseOf(sibling) ?? parseGoSum(sibling));
    const goCommand = { ...await this.goCommandFor(uri), workspace };
    const current = this.documents.get(uri);
    if (!current || current.version !== version) return;
    const parseSum = (text: string) => (text === sibling && sumParse ? sumParse : parseGoSum(text));
    const moduleDir = fileDirectory(uri);
    const replacementDirs = moduleDir === undefined ? undefined : { moduleDir, readError: goReadFileError };
    const diagnostics = validateDocument('go.mod', current.getText(), uri, sibling, parseSum, replacementDirs, goCommand, this.services?.locale);
    await this.publish(uri, version, diagnostics);
  }

  /** Publishes a go.work's diagnostics: its directives and the directories it uses. */
  private async validateGoWork(uri: string): Promise<void> {
    const goCommand = await this.goCommandFor(uri);
    const doc = this.documents.get(uri);
    if (doc) await this.publish(uri, doc.version, goWorkDiagnostics(uri, doc.getText(), this.usedGoMods, goCommand, this.services?.locale));
  }

  /** Every diagnostic goes out here: its words within what an editor lays out (lsp/messageLimit.ts), in the client's language. */
  private publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): Promise<void> {
    return this.connection.sendDiagnostics({ uri, version, diagnostics: withBoundedMessages(diagnostics, this.services?.locale) });
  }

  /** go.sum: syntax now and the audit behind it (the scheduler); go.mod: syntax and the cross-check; go.work: its directives and uses. */
  private scheduleValidation(uri: string, delay: boolean): void {
    const run = () => {
      const kind = documentKind(uri);
      if (kind === 'go.sum' && this.services?.folders.sessionFor(uri)) {
        if (delay) this.services.scheduler.changed(uri);
        else this.services.scheduler.opened(uri);
      } else if (kind === 'go.mod') {
        this.validateGoMod(uri).catch((e) => this.connection.console.error(`validation failed for ${uri}: ${String(e)}`));
      } else if (kind === 'go.work') {
        this.validateGoWork(uri).catch((e) => this.connection.console.error(`validation failed for ${uri}: ${String(e)}`));
      }
    };
    if (delay) this.debouncer.schedule(uri, run);
    else { this.debouncer.cancel(uri); run(); }
  }

  /** A go.sum edit changes the cross-check of the go.mod beside it. */
  private revalidateGoModBeside(uri: string): void {
    if (documentKind(uri) !== 'go.sum' || !uri.endsWith('/go.sum')) return;
    const mod = siblingUri(uri, 'go.mod');
    if (mod && this.documents.get(mod)) this.scheduleValidation(mod, true);
  }

  /**
   * A go.work at `uri` appeared, changed or went away: open go.mod and go.sum files below it are checked again. A
   * go.mod that did: open go.work files, which may use its directory.
   */
  private revalidateWorkspace(uri: string): void {
    if (uri.endsWith('/go.mod')) this.revalidateOpen('go.work', () => true, true);
    if (!uri.endsWith('/go.work')) return;
    const dir = uri.slice(0, -'go.work'.length);
    this.revalidateOpen('go.mod', (open) => open.startsWith(dir), true);
    this.services?.scheduler.workspaceChanged(dir);
  }

  private focus(uri: string): void {
    const session = this.services?.folders.sessionFor(uri);
    if (!session) return;
    this.services!.status.focus(session);
    void session.ready().catch(() => undefined);
  }
}

// --stdio is read by createConnection itself; IPC is the default when the extension starts us.
new GoSumServer(createConnection(ProposedFeatures.all)).start();
// Node's own root store (~20 ms, built the first time a context is given roots of its own) is not built here: a
// start whose audit resumes its TLS session never needs it, and building it first made the time from start to
// the last diagnostics 199 ms warm instead of 179 (734 cold instead of 698; 7 alternating runs each).
// Node compiles its IPv6 pattern (~10 ms) the first time a host name is connected to: here too, not in the middle
// of the first audit. (The command-line tool gains nothing by paying it early.)
isIPv6('::1');
