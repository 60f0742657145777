// The language server: LSP wiring only (connection, open documents, debounced validation, publishing).
// Logic lives in diagnostics/ (what to report) and lsp/ (debounce, sibling files). Runs over node IPC
// when started by the extension, or over stdio with --stdio. Nothing here touches the network.

import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentKind, validateDocument } from './diagnostics/validate';
import { Debouncer } from './lsp/debounce';
import { readSibling, siblingUri } from './lsp/siblings';

/** Edits within this window are validated once. */
export const VALIDATION_DELAY_MS = 150;

function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const debouncer = new Debouncer(VALIDATION_DELAY_MS);

  connection.onInitialize((): InitializeResult => ({
    capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
    serverInfo: { name: 'gosum-doctor' },
  }));

  /** Validates one document and publishes the result, dropping it if the document changed meanwhile. */
  async function validate(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    const kind = documentKind(uri);
    if (!kind) return;
    const version = doc.version;
    const sibling = kind === 'go.mod' ? await readSibling(uri, 'go.sum', documents) : undefined;
    const current = documents.get(uri);
    if (!current || current.version !== version) return;
    const diagnostics = validateDocument(kind, current.getText(), uri, sibling);
    await connection.sendDiagnostics({ uri, version, diagnostics });
  }

  function scheduleValidation(uri: string, delay: boolean): void {
    const run = () => { validate(uri).catch((e) => connection.console.error(`validation failed for ${uri}: ${String(e)}`)); };
    if (delay) debouncer.schedule(uri, run);
    else { debouncer.cancel(uri); run(); }
  }

  /** A go.sum edit changes the cross-check of the go.mod beside it. */
  function revalidateGoModBeside(uri: string): void {
    if (documentKind(uri) !== 'go.sum' || !uri.endsWith('/go.sum')) return;
    const mod = siblingUri(uri, 'go.mod');
    if (mod && documents.get(mod)) scheduleValidation(mod, true);
  }

  // TextDocuments fires onDidOpen then onDidChangeContent for an open; validate the open at once, edits debounced.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    scheduleValidation(e.document.uri, false);
    revalidateGoModBeside(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    if (justOpened.delete(e.document.uri)) return;
    scheduleValidation(e.document.uri, true);
    revalidateGoModBeside(e.document.uri);
  });
  documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    debouncer.cancel(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    revalidateGoModBeside(e.document.uri);
  });
  connection.onDidChangeWatchedFiles((e) => {
    for (const c of e.changes) revalidateGoModBeside(c.uri);
  });

  documents.listen(connection);
  connection.listen();
}

// --stdio is read by createConnection itself; IPC is the default when the extension starts us.
startServer(createConnection(ProposedFeatures.all));
