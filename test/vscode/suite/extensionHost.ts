// Helpers for the extension tests: activate the extension and get its API, wait for a condition,
// open fixture files, and read the explanation webview. Shared by every *.test.ts here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GosumDoctorApi } from '../../../client/src/api';
import type { ProbeReportView } from '../../../server/src/shared/protocol';

export const EXTENSION_ID = 'gosum-doctor.gosum-doctor';

export async function activated(): Promise<GosumDoctorApi> {
  const ext = vscode.extensions.getExtension<GosumDoctorApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the fixture workspace open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...parts));
}

/** Polls `probe` until it returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Diagnostics of `uri` once some arrived that satisfy `accept`. */
export function diagnosticsOf(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, ms = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(`diagnostics on ${uri.fsPath}`, () => {
    const d = vscode.languages.getDiagnostics(uri);
    return accept(d) ? d : undefined;
  }, ms);
}

/** The explanation webview's HTML once it is open (the seam for scenario tests). */
export function explanationHtml(api: GosumDoctorApi, ms = 10_000): Promise<string> {
  return waitFor('the explanation webview', () => api.explanationHtml() || undefined, ms);
}

/** The status bar once it shows `state` (the server pushes it after its first probe). */
export function statusShowing(api: GosumDoctorApi, state: string, ms = 20_000): Promise<ReturnType<GosumDoctorApi['statusBar']>> {
  return waitFor(`the status "${state}" (now "${api.statusBar().state}": ${api.statusBar().text})`, () => {
    const shown = api.statusBar();
    return shown.state === state ? shown : undefined;
  }, ms);
}

/** Runs "Go Sum Doctor: Probe sumdb" as the palette does; returns its report and the webview it opened. */
export async function probeFromPalette(api: GosumDoctorApi): Promise<{ report: ProbeReportView; html: string }> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const report = await vscode.commands.executeCommand<ProbeReportView | undefined>('gosumDoctor.probe');
  if (!report) throw new Error('gosumDoctor.probe returned no report (see the log)');
  const html = await explanationHtml(api);
  await waitFor('the explanation tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gosumDoctor.explanation')));
  return { report, html };
}
