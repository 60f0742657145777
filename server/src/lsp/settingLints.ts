// Owns: showing setting lints where the value lives — a value from the go env file (or $GOROOT/go.env) becomes
// a diagnostic on that file's line and value; a value from `go.toolsEnvVars` becomes one on the entry in the
// workspace's .vscode/settings.json (or under "settings" in the .code-workspace file). A lint with a computed fix
// carries it as `data.fixes` (the client offers it). Values from the process environment live in no file: the
// status tooltip says what is wrong with them.
// Must never: do I/O or import vscode (the caller supplies the settings.json text).
import type { Diagnostic } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import path = require('node:path');
import type { SettingLint } from '../goenv/lints';
import { DIAGNOSTIC_SOURCE } from '../problems/validate';
import type { DiagnosticFixData } from '../shared/protocol';
import { findToolsEnvVar } from './settingsJson';

export interface LintPlaces {
  /** The folder the go command runs in (a relative GOENV is relative to it). */
  folderPath: string;
  /** The folder's .vscode/settings.json, when it exists. */
  settingsJson?: { path: string; text: string };
  /** The open .code-workspace file, whose "settings" hold workspace settings below the folder's own. */
  workspaceFile?: { path: string; text: string };
}

const SEVERITY: Record<SettingLint['severity'], 1 | 2 | 3> = { error: 1, warning: 2, info: 3 };

function diagnostic(lint: SettingLint, range: Diagnostic['range']): Diagnostic {
  const d: Diagnostic = {
    range, severity: SEVERITY[lint.severity], source: DIAGNOSTIC_SOURCE, code: lint.code,
    message: lint.goError && !lint.message.includes(lint.goError) ? `${lint.message}\n${lint.goError}` : lint.message,
  };
  if (lint.fix) d.data = { fixes: [{ title: lint.fix.title, env: lint.fix.env, preferred: true }] } satisfies DiagnosticFixData;
  return d;
}

/** Diagnostics by file URI for the lints whose value lives in a file we can point at. */
export function settingLintDiagnostics(lints: readonly SettingLint[], places: LintPlaces): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const add = (file: string, d: Diagnostic) => {
    const uri = pathToFileURL(path.resolve(places.folderPath, file)).toString();
    const list = out.get(uri) ?? [];
    list.push(d);
    out.set(uri, list);
  };
  for (const lint of lints) {
    const v = lint.source;
    if ((v.source === 'goenv-file' || v.source === 'goroot-go.env') && v.file && v.line !== undefined) {
      const r = v.range ?? { start: 0, end: 0 };
      add(v.file, diagnostic(lint, { start: { line: v.line, character: r.start }, end: { line: v.line, character: r.end } }));
    } else if (v.source === 'toolsEnvVars') {
      // The folder's settings.json wins over the workspace file, as in VS Code.
      const name = v.readAs ?? v.name;
      const inFolder = places.settingsJson && findToolsEnvVar(places.settingsJson.text, name);
      const inWorkspace = !inFolder && places.workspaceFile ? findToolsEnvVar(places.workspaceFile.text, name, 'settings') : undefined;
      if (inFolder) add(places.settingsJson!.path, diagnostic(lint, inFolder));
      else if (inWorkspace) add(places.workspaceFile!.path, diagnostic(lint, inWorkspace));
    }
  }
  return out;
}
