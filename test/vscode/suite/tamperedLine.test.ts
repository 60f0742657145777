// A healthy network and a go.sum with one tampered line (the demo module: 27 real lines from etcd's go.sum,
// line 10 changed), GOSUMDB pointing at our test database on 127.0.0.1 that serves the real hashes
// (runs.ts, run "tampered"). The status bar says the database is verified within a second; the audit marks
// exactly the tampered line; a module the database does not know gets a warning whose quick fix adds it to
// GONOSUMDB in the go env file without touching any other byte, after which the warning goes away.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { EnvChangePlan } from '../../../client/src/envWriter';
import type { FixView } from '../../../server/src/shared/protocol';
import { activated, diagnosticsOf, statusShowing, waitFor, workspaceFile } from './extensionHost';
import { runFacts } from './facts';

const facts = runFacts();
const db = facts.database!;
const tampered = facts.tampered!;
const unknown = facts.unknownLine!;
const ours = (ds: readonly vscode.Diagnostic[]) => ds.filter((d) => d.source === 'gosum-doctor');
const isMismatch = (d: vscode.Diagnostic) => d.severity === vscode.DiagnosticSeverity.Error && d.code === 'mismatch';
const isNotFound = (d: vscode.Diagnostic) => d.severity === vscode.DiagnosticSeverity.Warning && d.code === 'not-found';

describe('a healthy network and one tampered go.sum line', () => {
  const goSum = () => workspaceFile('go.sum');

  it('the status bar shows a state within a second of opening the module: sumdb.test verified, with its tree size', async () => {
    const api = await activated();
    // The folder holds a go.mod, so VS Code activated us when it opened it; the timeline starts at our module's load.
    const first = await waitFor('a status other than checking', () => api.statusTimeline().find((s) => s.state !== 'checking'));
    console.log(`[vscode] activation ${api.activationMs.toFixed(1)} ms; first status "${first.state}" ${first.ms.toFixed(0)} ms after the extension loaded (target 1000 ms)`);
    assert.equal(first.state, 'verified', JSON.stringify(api.statusTimeline()));
    assert.ok(api.activationMs < 400, `activation took ${api.activationMs.toFixed(1)} ms (target 100 ms)`);
    assert.equal(api.statusTimeline()[0].state, 'checking', 'checking is shown until the server knows');
    // The target is 1 s on a healthy network; a loaded CI machine gets slack before this fails.
    assert.ok(first.ms < 5000, `first state after ${first.ms.toFixed(0)} ms`);

    const shown = api.statusBar();
    const host = new URL(db.url).host;
    assert.equal(shown.state, 'verified');
    assert.equal(shown.text, `$(pass) ${db.name} via ${host}: verified, tree ${db.treeSize}`);
    assert.match(shown.tooltip, /\*\*Go Sum Doctor\*\*: verified/);
    const tooltip = shown.tooltip.replace(/&nbsp;/g, ' ');  // MarkdownString.appendText keeps spaces as &nbsp;
    assert.ok(tooltip.includes(`${db.name} via ${host} · tree size ${db.treeSize}`), tooltip);
    assert.ok(tooltip.includes(`GOSUMDB names the URL ${db.url}`), tooltip);
  });

  it('marks exactly the tampered line, on its hash, with Go\'s checksum mismatch and the database\'s hash', async () => {
    await activated();
    const doc = await vscode.workspace.openTextDocument(goSum());
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.lineAt(tampered.line).text, tampered.text);
    const diags = ours(await diagnosticsOf(goSum(), (d) => d.some(isMismatch)));
    assert.equal(diags.length, 1, diags.map((d) => `${d.range.start.line}: ${d.code} ${d.message}`).join('\n'));
    const [d] = diags;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, 'gosum-doctor');
    const hashAt = tampered.text.lastIndexOf(' ') + 1;
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [tampered.line, hashAt, tampered.line, tampered.text.length]);
    const [module, version] = tampered.text.split(' ');
    const [inGoSum, real] = [tampered.text.split(' ')[2], tampered.real.split(' ')[2]];
    assert.ok(d.message.startsWith(`${db.name} holds ${real} for ${module}@${version}, but go.sum has ${inGoSum}.\n`), d.message);
    assert.ok(d.message.includes(`\n\nverifying ${module}@${version}: checksum mismatch\n\tdownloaded: ${real}\n\tgo.sum:     ${inGoSum}\n`), d.message);
    assert.match(d.message, /SECURITY ERROR/);
  });

  it('a module the database does not know: its quick fix adds the prefix to GONOSUMDB in the go env file, every other byte kept, and the warning goes', async () => {
    const api = await activated();
    const goEnv = process.env.GOENV ?? '';
    assert.ok(goEnv.startsWith('/'), 'runs.ts sets GOENV to a temp file');
    const before = fs.readFileSync(goEnv, 'utf8');
    assert.equal(before, facts.goEnvFile, 'the go env file as the run wrote it (comments, CRLF lines, no final newline)');

    const doc = await vscode.workspace.openTextDocument(goSum());
    const line = doc.lineCount - 1;  // the go.sum ends with a newline: the new line goes on the last, empty one
    assert.equal(doc.lineAt(line).text, '');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(line, 0), unknown.text + '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());

    const diags = await diagnosticsOf(goSum(), (ds) => ds.some((d) => isNotFound(d) && d.range.start.line === line));
    const warning = diags.find((d) => isNotFound(d) && d.range.start.line === line)!;
    assert.match(warning.message, new RegExp(`^${db.name.replace(/\./g, '\\.')} does not know ${unknown.text.split(' ').slice(0, 2).join(' ').replace(/[./]/g, '\\$&')}\\.`));
    assert.equal(ours(diags).filter(isMismatch).length, 1, 'the tampered line is still marked');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', goSum(), warning.range, vscode.CodeActionKind.QuickFix.value);
    const action = actions.find((a) => a.command?.command === 'gosumDoctor.applyFix' && (a.command.arguments?.[0] as FixView)?.env?.GONOSUMDB !== undefined);
    assert.ok(action, JSON.stringify(actions.map((a) => a.title)));
    const fix = action.command!.arguments![0] as FixView;
    assert.deepEqual(fix.env, { GONOSUMDB: unknown.prefix });
    assert.equal(action.isPreferred, true);

    const plans: EnvChangePlan[] = [];
    const ok = await api.applyFix(fix, {
      chooseTarget: async () => 'goenv',
      pickFile: async () => undefined,
      confirm: async (plan) => { plans.push(plan); return true; },
    });
    assert.equal(ok, true);
    const after = fs.readFileSync(goEnv, 'utf8');
    // Every line kept byte for byte (CRLF and comments included); the last one gets the newline it lacked.
    assert.equal(after, `${before}\nGONOSUMDB=${unknown.prefix}\n`);
    assert.equal(plans.length, 1);
    assert.deepEqual([plans[0].where, plans[0].before, plans[0].after], [goEnv, before, after], 'the preview showed exactly what was written');

    // The fix re-probes and re-checks: the module is no longer looked up, the warning goes, the mismatch stays.
    const now = await diagnosticsOf(goSum(), (ds) => !ds.some(isNotFound) && ds.some(isMismatch));
    assert.deepEqual(ours(now).map((d) => [d.range.start.line, d.code]), [[tampered.line, 'mismatch']]);
    assert.equal(api.statusBar().state, 'verified');
  });

  it('the status-bar item shows in Go editors only, the database being fine; the language status of go.sum says verified', async () => {
    const api = await activated();
    await statusShowing(api, 'verified');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: '# notes' }));
    await waitFor('the status-bar item to hide in a Markdown editor', () => (api.statusBar().visible ? undefined : true));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(goSum()));
    await waitFor('the status-bar item to show in the go.sum editor', () => api.statusBar().visible || undefined);
    const s = api.languageStatus();
    assert.deepEqual([s.text, s.detail, s.severity, s.busy, s.command], [api.statusBar().text, `tree size ${db.treeSize!.toLocaleString()}`,
      vscode.LanguageStatusSeverity.Information, false, 'gosumDoctor.showExplanation']);
  });
});
