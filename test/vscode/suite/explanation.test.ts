// The explanation webview opens for a probe report and shows its scenario, chain, steps and fixes;
// the code actions of a diagnostic carrying `data.fixes` run the fix flow.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProbeReportView } from '../../../server/src/shared/protocol';
import { activated, explanationHtml, waitFor, workspaceFile } from './extensionHost';

const blocked: ProbeReportView = {
  scenario: 'blocked',
  database: { name: 'sum.golang.org', via: 'direct', baseUrl: 'https://sum.golang.org' },
  brokenHop: 'editor-database',
  steps: [{ name: 'connect', target: 'sum.golang.org:443', ok: false, ms: 10_000, detail: 'timeout' }],
  evidence: ['TCP connect to sum.golang.org:443 timed out after 10 s'],
  fixes: [{ title: 'Use sum.golang.google.cn', env: { GOSUMDB: 'sum.golang.google.cn' } }],
  goErrorText: 'verifying module: dial tcp: i/o timeout',
};

describe('explanation webview', () => {
  it('opens for a probe report and shows scenario, chain, steps and fixes', async () => {
    const api = await activated();
    api.showExplanation(blocked);
    const html = await explanationHtml(api);
    assert.match(html, /<body data-scenario="blocked">/);
    assert.match(html, /The network blocks the way to the checksum database/);
    assert.match(html, /<li class="hop broken"/);
    assert.match(html, /sum\.golang\.org:443.*10000 ms/s);
    assert.match(html, /data-fix="0">Use sum.golang.google.cn<\/button>/);
    assert.match(html, /<pre id="go-error">verifying module: dial tcp: i\/o timeout<\/pre>/);
    await waitFor('the webview tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gosumDoctor.explanation')));
    assert.match(api.explanationMarkdown() ?? '', /\n- Use sum\.golang\.google\.cn: `go env -w GOSUMDB=sum.golang.google.cn`\n/);
  });

  it('reopens the last report from the status-bar command', async () => {
    const api = await activated();
    api.showExplanation(blocked);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(api.explanationHtml(), undefined);
    const shown = await vscode.commands.executeCommand<ProbeReportView>('gosumDoctor.showExplanation');
    assert.equal(shown?.scenario, 'blocked');
    assert.match(await explanationHtml(api), /data-scenario="blocked"/);
  });

  it('offers the fixes of a diagnostic as quick fixes that run gosumDoctor.applyFix', async () => {
    await activated();
    const uri = workspaceFile('go.mod');
    const collection = vscode.languages.createDiagnosticCollection('gosum-doctor-test');
    try {
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 6), 'GOSUMDB is invalid', vscode.DiagnosticSeverity.Error);
      (d as vscode.Diagnostic & { data: unknown }).data = { fixes: [{ title: 'Use sum.golang.google.cn', env: { GOSUMDB: 'sum.golang.google.cn' }, preferred: true }] };
      collection.set(uri, [d]);
      await vscode.workspace.openTextDocument(uri);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, 0, 6), vscode.CodeActionKind.QuickFix.value);
      const ours = actions.filter((a) => a.command?.command === 'gosumDoctor.applyFix');
      assert.equal(ours.length, 1, JSON.stringify(actions.map((a) => a.title)));
      assert.equal(ours[0].title, 'Use sum.golang.google.cn');
      assert.equal(ours[0].isPreferred, true);
      assert.deepEqual(ours[0].command?.arguments?.[0]?.env, { GOSUMDB: 'sum.golang.google.cn' });
      // A go.work's too (a go line above the toolchain that runs gets GOTOOLCHAIN's fix there).
      const workDoc = await vscode.workspace.openTextDocument({ language: 'go.work', content: 'go 1.99.0\n' });
      const work = workDoc.uri;
      const switchFix = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 9), 'go.work requires go >= 1.99.0', vscode.DiagnosticSeverity.Error);
      (switchFix as vscode.Diagnostic & { data: unknown }).data = { fixes: [{ title: 'Let the go command switch', env: { GOTOOLCHAIN: 'auto' }, preferred: true }] };
      collection.set(work, [switchFix]);
      const workActions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', work, new vscode.Range(0, 0, 0, 9), vscode.CodeActionKind.QuickFix.value);
      assert.deepEqual(workActions.filter((a) => a.command?.command === 'gosumDoctor.applyFix').map((a) => a.command?.arguments?.[0]?.env), [{ GOTOOLCHAIN: 'auto' }]);
    } finally {
      collection.dispose();
    }
  });
});
