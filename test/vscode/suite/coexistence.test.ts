// The Go extension installed beside us: its stand-in (test/vscode/standin-go, declaring what golang/vscode-go's
// manifest declares for go.mod, go.work and go.sum) registered before us in one run and after us in another
// (runs.ts). VS Code keeps the grammar registered last for each language, so its pick differs between the runs;
// our injection colours every line either way, so the tokens are the ones we give without the Go extension.
// VS Code warns about no scope of ours, and our diagnostics and status come as usual.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated, diagnosticsOf, EXTENSION_ID, waitFor, workspaceFile } from './extensionHost';
import { runFacts } from './facts';
import { GrammarRegistrations, grammarContributions, Tokenizer, type LineToken } from './grammars';

const order = runFacts().goExtension!;
const GO_ID = 'golang.go';
const PROBE_SCOPE = 'text.grammar-log-probe';  // test/vscode/grammar-log-probe: one scopeName from two files
const OUR_SCOPES = ['go.mod.gosum-doctor', 'go.sum.gosum-doctor', 'gosum-doctor.injection.go.mod', 'gosum-doctor.injection.go.sum'];

function fixture(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test/vscode/fixtures/coexistence', name));
}

async function registrations(extensions: readonly vscode.Extension<unknown>[]): Promise<GrammarRegistrations> {
  return new GrammarRegistrations(grammarContributions(extensions), new Set(await vscode.languages.getLanguages()));
}

/** Each token as "text scopes…" without the root scope (the scopeName of whichever grammar VS Code picked). */
const belowRoot = (lines: LineToken[][]) => lines.map((l) => l.map((t) => `${t.text} ${t.scopes.slice(1).join(' ')}`));

/** The innermost scope of the token `text` on line `line`. */
function scopeOf(lines: LineToken[][], line: number, text: string): string | undefined {
  return lines[line].find((t) => t.text === text)?.scopes.at(-1);
}

/** The scopes VS Code's workbench warned about ("Overwriting grammar scope name to file mapping for scope X"). */
function overwrittenScopes(log: string): Set<string> {
  return new Set([...log.matchAll(/Overwriting grammar scope name to file mapping for scope (\S+?)\.?\n/g)].map((m) => m[1]));
}

describe(`coexistence: the Go extension (stand-in) registered ${order === 'before-us' ? 'before' : 'after'} us`, () => {
  it('VS Code registers the extensions in the order the run set up', () => {
    const ids = vscode.extensions.all.map((e) => e.id);
    const [go, ours] = [ids.indexOf(GO_ID), ids.indexOf(EXTENSION_ID)];
    assert.ok(go >= 0 && ours >= 0, ids.join(', '));
    assert.equal(go < ours, order === 'before-us', ids.join(', '));
  });

  it('go.mod, go.work and go.sum get the tokens they get without the Go extension, whichever grammar VS Code picked', async () => {
    const work = await vscode.workspace.openTextDocument(fixture('go.work'));
    assert.equal(work.languageId, 'go.work');
    const texts: Record<string, string> = {
      'go.mod': readFileSync(fixture('go.mod').fsPath, 'utf8'), 'go.work': work.getText(), 'go.sum': readFileSync(fixture('go.sum').fsPath, 'utf8'),
    };
    const both = await registrations(vscode.extensions.all);
    const picker = order === 'before-us' ? EXTENSION_ID : GO_ID;  // the one registered last
    for (const language of Object.keys(texts)) assert.equal(both.languages.get(language)?.extensionId, picker, language);
    const withGo = await Tokenizer.create(vscode.env.appRoot, both);
    const alone = await Tokenizer.create(vscode.env.appRoot, await registrations(vscode.extensions.all.filter((e) => e.id !== GO_ID)));

    const tokens: Record<string, LineToken[][]> = {};
    for (const [language, text] of Object.entries(texts)) {
      tokens[language] = await withGo.tokenize(language, text);
      assert.deepEqual(belowRoot(tokens[language]), belowRoot(await alone.tokenize(language, text)), language);
      const theirs = tokens[language].flat().filter((t) => t.scopes.some((s) => s.includes('stand-in')));
      assert.deepEqual(theirs, [], `${language}: tokens of the Go extension's grammar`);
    }
    const [mod, wrk, sum] = [tokens['go.mod'], tokens['go.work'], tokens['go.sum']];
    assert.equal(scopeOf(wrk, 2, 'use'), 'keyword.other.directive.go.mod');
    assert.equal(scopeOf(wrk, 3, './api'), 'string.unquoted.local-path.go.mod');
    assert.equal(scopeOf(wrk, 9, '=>'), 'keyword.operator.arrow.go.mod');
    assert.equal(scopeOf(mod, 6, 'godebug'), 'keyword.other.directive.go.mod');
    assert.equal(scopeOf(mod, 8, 'panicnil'), 'variable.other.godebug.go.mod');
    assert.equal(scopeOf(mod, 4, 'go1.24.2'), 'constant.numeric.go-version.go.mod');
    assert.equal(scopeOf(mod, 13, '+incompatible'), 'storage.modifier.incompatible.go.mod');
    assert.equal(scopeOf(mod, 18, 'v1.0.5'), 'constant.numeric.version.go.mod');
    assert.equal(scopeOf(mod, 20, 'tool'), 'keyword.other.directive.go.mod');
    assert.equal(scopeOf(mod, 22, 'ignore'), 'keyword.other.directive.go.mod');
    assert.equal(scopeOf(sum, 1, '/go.mod'), 'keyword.other.gomod-suffix.go.sum');
    assert.equal(scopeOf(sum, 2, 'h1:not-base64!'), 'invalid.illegal.hash.go.sum');
  });

  it('VS Code warns about no scope of ours ("Overwriting grammar scope"), only about the probe that proves it warns', async function () {
    const log = process.env.GOSUM_DOCTOR_WORKBENCH_LOG;
    if (!log) this.skip();  // desktop VS Code (GOSUM_DOCTOR_VSCODE=download): its console is not captured
    // An editor with a TextMate grammar makes the workbench build its grammar registry, and warn.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fixture('go.work')));
    const warned = await waitFor('VS Code\'s warning about the probe\'s scope in the workbench console', () => {
      const scopes = overwrittenScopes(existsSync(log!) ? readFileSync(log!, 'utf8') : '');
      return scopes.has(PROBE_SCOPE) ? scopes : undefined;
    });
    assert.deepEqual([...warned], [PROBE_SCOPE], `VS Code overwrote ${[...warned].join(', ')} (ours: ${OUR_SCOPES.join(', ')})`);
    // The registrations this test tokenizes with agree with VS Code's.
    const ours = (await registrations(vscode.extensions.all)).overwrites.map((o) => o.scopeName);
    assert.deepEqual([...new Set(ours)], [PROBE_SCOPE]);
  });

  it('our diagnostics and status come as usual: go.sum is checked, the status shows in its editor, the language status is ours', async () => {
    const api = await activated();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('go.sum'));
    assert.equal(doc.languageId, 'go.sum');
    await vscode.window.showTextDocument(doc);
    const diags = await diagnosticsOf(doc.uri, (d) => d.some((x) => x.source === 'gosum-doctor'));
    assert.ok(diags.length > 0);
    await waitFor('the status-bar item in a go.sum editor', () => api.statusBar().visible || undefined);
    const shown = api.languageStatus();
    assert.deepEqual(shown.selector, [{ language: 'go.mod' }, { language: 'go.sum' }]);
    assert.equal(shown.command, 'gosumDoctor.showExplanation');
    assert.equal(shown.text, api.statusBar().text);
  });
});
