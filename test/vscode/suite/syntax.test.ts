// The language server's syntax diagnostics reach the editor: the fixture go.sum's malformed third
// line gets an error squiggle with Go's wording.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, diagnosticsOf, workspaceFile } from './extensionHost';

describe('go.sum syntax squiggles', () => {
  it('marks the malformed line of the fixture go.sum', async () => {
    const api = await activated();
    assert.equal(await api.serverStarted, true, 'the language server did not start');
    const uri = workspaceFile('go.sum');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'go.sum');
    await vscode.window.showTextDocument(doc);
    // Syntax problems have codes gosum.*; the audit adds its own (e.g. one at the top when GOSUMDB cannot work).
    const isSyntaxError = (x: vscode.Diagnostic) => x.severity === vscode.DiagnosticSeverity.Error && String(x.code).startsWith('gosum.');
    const diags = await diagnosticsOf(uri, (d) => d.some(isSyntaxError));
    const errors = diags.filter(isSyntaxError);
    assert.equal(errors.length, 1, errors.map((d) => d.message).join('\n'));
    assert.equal(errors[0].range.start.line, 2);
    assert.equal(errors[0].range.start.character, 0);
    assert.equal(errors[0].range.end.character, 'this line is not a go.sum line'.length);
    assert.match(errors[0].message, /malformed go\.sum: wrong number of fields 7/);
  });
});
