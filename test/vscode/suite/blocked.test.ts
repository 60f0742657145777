// Blocked: GOSUMDB names a database at an address that refuses connections, as behind a firewall (runs.ts,
// run "blocked"). The status bar says blocked; "Go Sum Doctor: Probe sumdb" opens the explanation with the
// scenario and the broken hop between the editor and the database; go.sum gets one diagnostic at the top.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, diagnosticsOf, probeFromPalette, statusShowing, waitFor, workspaceFile } from './extensionHost';
import { runFacts } from './facts';

const db = runFacts().database!;
const host = new URL(db.url).host;

describe('blocked: nothing answers at the checksum database\'s address', () => {
  it('the status bar says blocked, naming the database and how it is reached', async () => {
    const api = await activated();
    const shown = await statusShowing(api, 'blocked');
    assert.equal(shown.text, `$(error) ${db.name} via ${host}: blocked`);
  });

  it('a problem to act on: the status-bar item shows in any editor, and the language status of go.mod and go.sum is an error', async () => {
    const api = await activated();
    await statusShowing(api, 'blocked');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: '# notes' }));
    await waitFor('a Markdown editor', () => (vscode.window.activeTextEditor?.document.languageId === 'markdown' ? true : undefined));
    assert.equal(api.statusBar().visible, true);
    const s = api.languageStatus();
    assert.deepEqual([s.text, s.severity, s.busy], [api.statusBar().text, vscode.LanguageStatusSeverity.Error, false]);
  });

  it('Probe sumdb opens the explanation: scenario blocked, the editor → database hop marked broken, Go\'s error', async () => {
    const api = await activated();
    const { report, html } = await probeFromPalette(api);
    assert.equal(report.scenario, 'blocked');
    assert.equal(report.brokenHop, 'editor-database');
    assert.match(html, /<body data-scenario="blocked">/);
    assert.match(html, /<p id="scenario" class="scenario bad" role="status">The network blocks the way to the checksum database<\/p>/);
    // The chain: editor, then the broken hop, then the database.
    assert.match(html, /<ol class="chain" id="chain"><li class="node">.*?<\/li><li class="hop broken"[^>]*>.*?<\/li><li class="node">.*?<\/li><\/ol>/);
    assert.ok(html.includes(host), 'the database address is shown');
    assert.match(html, new RegExp(`<pre id="go-error">go: [^<]*: Get &#34;${db.url.replace(/[.]/g, '\\.')}/[^&]+&#34;: dial tcp ${host.replace(/[.]/g, '\\.')}: connect: connection refused</pre>`));
    assert.match(html, /<ul id="evidence"><li>No answer from the checksum database at [^<]*: refused\.<\/li>/);
    assert.match(html, /<button type="button" class="fix" data-fix="0">/);
  });

  it('go.sum gets one diagnostic at the top naming the scenario, not one per line', async () => {
    await activated();
    const uri = workspaceFile('go.sum');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = (await diagnosticsOf(uri, (d) => d.some((x) => x.code === 'blocked'))).filter((d) => d.source === 'gosum-doctor');
    assert.deepEqual(diags.map((d) => [d.range.start.line, d.code, d.severity]), [[0, 'blocked', vscode.DiagnosticSeverity.Error]]);
    assert.match(diags[0].message, new RegExp(`go\\.sum lines could not be checked against ${db.name.replace(/\./g, '\\.')}`));
  });
});
