// The extension's one log: a LogOutputChannel ("Go Sum Doctor") that the language client also uses for
// the server's output and, with `gosumDoctor.trace.server`, for LSP tracing.
import vscode = require('vscode');

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Go Sum Doctor', { log: true });
}
