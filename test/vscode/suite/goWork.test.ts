// A go.work opened in the editor gets the go command's refusals as diagnostics (the language server serves go.work
// too): a directive Go does not know, at its line, in Go's words. Written in a folder below the module, so the
// module itself stays out of workspace mode for the run's other tests.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activated, diagnosticsOf, workspaceFile } from './extensionHost';

describe('go.work diagnostics', () => {
  it('an unknown directive in a go.work is an error at its line, in Go\'s words', async () => {
    const api = await activated();
    assert.equal(await api.serverStarted, true, 'the language server did not start');
    const uri = workspaceFile('tools', 'go.work');
    fs.mkdirSync(workspaceFile('tools').fsPath, { recursive: true });
    fs.writeFileSync(uri.fsPath, 'go 1.19\n\nuse ./gone\nusee ./a\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'go.work');
    await vscode.window.showTextDocument(doc);
    const errors = (await diagnosticsOf(uri, (d) => d.length > 0)).filter((d) => d.source === 'gosum-doctor');
    assert.deepEqual(errors.map((d) => [d.range.start.line, d.severity, d.message]), [[3, vscode.DiagnosticSeverity.Error, 'unknown directive: usee']]);
  });
});
