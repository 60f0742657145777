// A user opens a go.sum of 12,000 lines (bigger than what is parsed in one go) in the real language server, with
// GOSUMDB=off so nothing is looked up: the syntax diagnostics name exactly the lines one parse names, an edit sent
// as VS Code sends it (a range) fixes one line and moves the others, and a scroll shows the findings near the view
// when there are too many to show them all.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_LINE_DIAGNOSTICS } from '../../server/src/lsp/auditDiagnostics';
import { ONE_GO_CHARS } from '../../server/src/lsp/goSumInSlices';
import { parseGoSum } from '../../server/src/parse/gosum';
import { makeHome, serverEnv, startLspClient } from '../support/lspClient';
import { runCli } from '../support/builtCli';
import { MAX_MESSAGE_CHARS } from '../../server/src/lsp/messageLimit';
import { fakeH1, syntheticGoSum } from '../support/syntheticGoSum';

describe('a huge go.sum in the real language server', function () {
  this.timeout(60_000);

  it('publishes the syntax of one parse, follows incremental edits, and shows the findings near the view', async () => {
    const home = makeHome('lsp-large');
    writeFileSync(home.goEnvFile, 'GOSUMDB=off\n');
    const lsp = await startLspClient({ env: serverEnv(home), workspace: home.workspace });
    try {
      const lines = syntheticGoSum(12_000).split('\n');
      lines[10] = 'example.com/synth/m5 v1.5.0';            // wrong number of fields
      lines[9_000] = lines[9_000].replace(/h1:.*/, 'h1:short=');
      const text = lines.join('\n');
      assert.ok(text.length > ONE_GO_CHARS);
      const file = path.join(home.workspace, 'go.sum');
      const uri = await lsp.open(file, text);
      const syntax = (v: number) => lsp.waitFor(`diagnostics of v${v}`, () => {
        const p = [...lsp.diagnostics].reverse().find((d) => d.uri === uri && d.version === v);
        return p ? p.diagnostics.filter((d) => String(d.code).startsWith('gosum.')) : undefined;
      });
      const opened = await syntax(1);
      assert.deepEqual(opened.map((d) => [d.range.start.line, d.code]), parseGoSum(text).problems.map((p) => [p.range.start.line, p.code]));
      assert.deepEqual(opened.map((d) => d.range.start.line), [10, 9_000]);

      // Line 10 gets its missing hash (an insertion at its end) and a line is inserted above the bad hash.
      await lsp.edit(uri, 2, { start: { line: 10, character: lines[10].length }, end: { line: 10, character: lines[10].length } }, ` ${fakeH1('fixed')}`);
      await lsp.edit(uri, 3, { start: { line: 5_000, character: 0 }, end: { line: 5_000, character: 0 } }, `example.com/new v1.0.0 ${fakeH1('new')}\n`);
      assert.deepEqual((await syntax(3)).map((d) => [d.range.start.line, d.code]), [[9_001, 'gosum.hash']]);

      // Thousands of broken lines: the ones near the view, and a note counting the rest.
      const broken = lines.map((l, i) => (i % 4 === 0 ? l.replace(/ h1:.*/, '') : l)).join('\n');
      await lsp.replace(uri, 4, broken);
      const all = parseGoSum(broken).problems.length;
      assert.ok(all > MAX_LINE_DIAGNOSTICS);
      const first = await syntax(4);
      assert.equal(first.length, MAX_LINE_DIAGNOSTICS);
      assert.ok(first.every((d) => d.range.start.line < 4_100), 'the first screenful is in view');
      const note = lsp.lastDiagnostics(uri)!.find((d) => d.code === 'not-shown');
      assert.match(String(note?.message), new RegExp(`^${all - MAX_LINE_DIAGNOSTICS} more findings`));
      const published = lsp.diagnostics.length;
      await lsp.conn.sendNotification('gosumDoctor/visibleRanges', { uri, ranges: [{ start: { line: 8_000, character: 0 }, end: { line: 8_050, character: 0 } }] });
      const moved = await lsp.waitFor('a republish with the lines in view', () => {
        const p = lsp.diagnostics.slice(published).find((d) => d.uri === uri && d.diagnostics.some((x) => x.range.start.line === 8_000));
        return p?.diagnostics.filter((d) => d.code === 'gosum.fields').map((d) => d.range.start.line);
      });
      assert.ok(moved.includes(8_048), 'the lines in view have their diagnostics');
      assert.ok(!moved.includes(0), 'far away lines give way');
    } finally {
      await lsp.stop();
      home.remove();
    }
  });

  it('a line holding a path of megabytes: a diagnostic whose words keep Go\'s start and end, not the megabytes; the command line keeps them all', async () => {
    const home = makeHome('lsp-huge-line');
    writeFileSync(home.goEnvFile, 'GOSUMDB=off\n');
    const lsp = await startLspClient({ env: serverEnv(home), workspace: home.workspace });
    try {
      const huge = 'a'.repeat(2 << 20);
      const text = `${huge} v1.0.0 ${fakeH1('huge')}\nexample.com/ok v1.0.0 ${fakeH1('ok')}\n`;
      const file = path.join(home.workspace, 'go.sum');
      const uri = await lsp.open(file, text);
      const [d] = await lsp.waitFor('the path\'s diagnostic', () => lsp.lastDiagnostics(uri)?.filter((x) => x.code === 'gosum.path'));
      const message = String(d.message);
      assert.ok(message.length <= MAX_MESSAGE_CHARS + 100, `${message.length} characters`);
      assert.ok(message.startsWith('malformed module path "aaaa'), message.slice(0, 80));
      assert.ok(message.endsWith('aaaa": missing dot in first path element'), message.slice(-80));
      const left = Number(/\(([\d,]+) characters left out\)/.exec(message)![1].replace(/,/g, ''));
      assert.equal(message.length - / … \([\d,]+ characters left out\) … /.exec(message)![0].length + left, parseGoSum(text).problems[0].message.length, 'what is left out is counted');
      assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: huge.length } });
      writeFileSync(file, text);
      const cli = await runCli(['check', home.workspace], { env: serverEnv(home) });
      assert.ok(cli.stdout.includes(`malformed module path "${huge}": missing dot in first path element`), 'the command line prints Go\'s words whole');
    } finally {
      await lsp.stop();
      home.remove();
    }
  });
});
