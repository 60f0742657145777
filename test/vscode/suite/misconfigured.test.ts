// Misconfigured: the go env file sets GOSUMDB to a comma list (`sum.golang.org,https://goproxy.cn`), which Go
// rejects (runs.ts, run "misconfigured"). The status bar names GOSUMDB; "Probe sumdb" opens the explanation
// with Go's own words; the line in the go env file is marked.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, diagnosticsOf, probeFromPalette, statusShowing } from './extensionHost';
import { runFacts } from './facts';

const facts = runFacts();

describe('misconfigured: GOSUMDB is a comma list in the go env file', () => {
  it('the status bar says GOSUMDB is misconfigured', async () => {
    const api = await activated();
    const shown = await statusShowing(api, 'misconfigured');
    assert.equal(shown.text, '$(gear) GOSUMDB misconfigured');
  });

  it('Probe sumdb opens the explanation: scenario misconfigured, GOSUMDB at fault, Go\'s "invalid GOSUMDB: malformed verifier id"', async () => {
    const api = await activated();
    const { report, html } = await probeFromPalette(api);
    assert.equal(report.scenario, 'misconfigured');
    assert.equal(report.problemVariable, 'GOSUMDB');
    assert.match(html, /<body data-scenario="misconfigured">/);
    assert.match(html, /<p id="scenario" class="scenario bad" role="status">GOSUMDB or GOPROXY is set to a value that cannot work<\/p>/);
    assert.match(html, /<pre id="go-error">[^<]*invalid GOSUMDB: malformed verifier id[^<]*<\/pre>/);
    assert.match(html, /<code>GOSUMDB<\/code>/);
    assert.ok(report.fixes.some((f) => f.env.GOSUMDB === 'sum.golang.org'), JSON.stringify(report.fixes));
  });

  it('the GOSUMDB line of the go env file is marked where the value is', async () => {
    await activated();
    const file = vscode.Uri.file(process.env.GOENV ?? '');
    const line = facts.goEnvFile!.split('\n').findIndex((l) => l.startsWith('GOSUMDB='));
    const diags = await diagnosticsOf(file, (d) => d.length > 0);
    assert.deepEqual(diags.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['gosumdb-comma-list', line, 'GOSUMDB='.length, 'GOSUMDB='.length + facts.gosumdb!.length]]);
    assert.match(diags[0].message, /GOSUMDB takes one database, not a list/);
  });
});
