// Owns: publishing a folder's setting lints on the files that hold the values — the go env file, $GOROOT/go.env,
// the folder's .vscode/settings.json or the .code-workspace file (read here, size-capped, to find `go.toolsEnvVars` entries) — and
// clearing them once fixed. One update per folder at a time, in order.
// Must never: write a file, or publish on a file no lint points at (except to clear it).
import { readFile, stat } from 'node:fs/promises';
import path = require('node:path');
import type { Diagnostic } from 'vscode-languageserver';
import type { SettingLint } from '../goenv/lints';
import { LintFiles } from './lintFiles';
import { settingLintDiagnostics } from './settingLints';
import type { Folder } from './workspaceEnv';

const MAX_SETTINGS_BYTES = 1 << 20;

async function readSmall(file: string): Promise<string | undefined> {
  try {
    const st = await stat(file);
    if (!st.isFile() || st.size > MAX_SETTINGS_BYTES) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export class SettingLintPublisher {
  private readonly files = new LintFiles();
  private queue: Promise<void> = Promise.resolve();

  /** `workspaceFile`: the open .code-workspace file, when the workspace is one. */
  constructor(private readonly publish: (uri: string, diagnostics: Diagnostic[]) => void, private readonly workspaceFile?: string) {}

  show(folder: Folder, lints: readonly SettingLint[]): Promise<void> {
    this.queue = this.queue.then(async () => {
      const settingsPath = path.join(folder.path, '.vscode', 'settings.json');
      const tools = lints.some((l) => l.source.source === 'toolsEnvVars');
      const text = tools ? await readSmall(settingsPath) : undefined;
      const wsText = tools && this.workspaceFile ? await readSmall(this.workspaceFile) : undefined;
      const byUri = settingLintDiagnostics(lints, {
        folderPath: folder.path, settingsJson: text !== undefined ? { path: settingsPath, text } : undefined,
        workspaceFile: wsText !== undefined ? { path: this.workspaceFile!, text: wsText } : undefined,
      });
      for (const { uri, diagnostics } of this.files.set(folder.uri, byUri)) this.publish(uri, diagnostics);
    }).catch(() => undefined);
    return this.queue;
  }
}
