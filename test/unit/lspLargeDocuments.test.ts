// A huge go.sum in the language server: parsed in pieces that give exactly what one parse gives, and edited
// through the documents the server keeps (vscode-languageserver-textdocument), whose positions after any edit must
// be those of a fresh document of the same text.
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { goSumDiagnostics, MAX_LINE_DIAGNOSTICS } from '../../server/src/lsp/auditDiagnostics';
import { ONE_GO_CHARS, parseGoSumInSlices } from '../../server/src/lsp/goSumInSlices';
import { parseGoSum } from '../../server/src/parse/gosum';
import { randomInts } from '../support/fuzz';
import { fakeH1, syntheticGoSum } from '../support/syntheticGoSum';

/** A big go.sum with a few of the problems users write into one, spread over the text. */
function bigGoSumWithProblems(): string {
  const lines = syntheticGoSum(12_000).split('\n');
  lines[5] = 'example.com/synth/m2 v1.2.0';                              // wrong number of fields
  lines[4_001] = lines[4_001].replace(/h1:.*/, 'h1:short=');             // a malformed h1 hash
  lines[7_000] = lines[7_000].replace(/h1:/, 'h9:');                     // an unknown algorithm
  lines[9_998] = 'Example.com/Bad v1.0.0 ' + fakeH1('bad');               // a module path Go refuses
  lines.splice(11_000, 0, '', '   ');                                    // blank lines
  return lines.join('\n');
}

describe('a huge go.sum in the language server', () => {
  it('parsed in slices, gives exactly the lines, malformed lines and problems of one parse', async () => {
    const text = bigGoSumWithProblems();
    assert.ok(text.length > ONE_GO_CHARS);
    const whole = parseGoSum(text);
    assert.ok(whole.problems.length >= 4);
    assert.deepEqual(await parseGoSumInSlices(text), whole);
  });

  it('a line repeated far away, a module met again, or a lone CR: the pieces give way to one parse, with the same result', async () => {
    const base = syntheticGoSum(12_000).split('\n');
    const repeated = [...base.slice(0, 11_000), base[3], ...base.slice(11_000)].join('\n');
    const conflicting = [...base.slice(0, 11_000), base[3].replace(/h1:.*/, fakeH1('other')), ...base.slice(11_000)].join('\n');
    const loneCr = base.join('\n').replace('\n', '\r');
    for (const text of [repeated, conflicting, loneCr]) {
      const whole = parseGoSum(text);
      assert.ok(whole.problems.length > 0);
      assert.deepEqual(await parseGoSumInSlices(text), whole);
    }
  });

  it('after an edit, only the pieces it touched are parsed again, and the result is still exactly one parse', async () => {
    const rnd = randomInts(11);
    const moduleOf = (line: string | undefined) => line?.split(' ')[0];
    // New modules go in between two modules, as go writes them (inside a module's lines, no piece can hold it alone).
    const between = (l: string[], at: number) => {
      while (at > 0 && at < l.length && moduleOf(l[at]) === moduleOf(l[at - 1])) at++;
      return at;
    };
    let text = bigGoSumWithProblems();
    let parse = (await parseGoSumInSlices(text))!;
    // Edits users make, each somewhere random: a hash changed, lines added or removed (some across a piece's
    // edge), a malformed or blank line typed, a CRLF, the end or the start of the text.
    const edits: ((lines: string[], at: number) => void)[] = [
      (l, at) => { l[at] = l[at].replace(/h1:.../, 'h1:XYZ'); },
      (l, at) => { l.splice(between(l, at), 0, `example.com/new/m${at} v1.0.0 ${fakeH1(`n${at}`)}`); },
      (l, at) => { l.splice(at, 1 + rnd(1500)); },
      (l, at) => { l.splice(at, 0, 'example.com/half v1.0.0'); },
      (l, at) => { l.splice(at, 0, '', ''); },
      (l, at) => { l[at] = l[at] + '\r'; },
      (l, at) => { l.splice(between(l, at), 0, ...Array.from({ length: rnd(900) }, (_, k) => `example.com/paste${at}/m${k} v1.0.0 ${fakeH1(`p${k}`)}`)); },
      (l) => { l.push(`zzz.example/last${l.length} v1.0.0 ${fakeH1('last')}`); },
      (l) => { l[0] = l[0].replace(/h1:.../, 'h1:ABC'); },
      (l, at) => { l[at] = 'example.com/synth/m0 v1.0.0 ' + fakeH1('far'); }, // a module met again far away
    ];
    const farModule = edits.length - 1;
    for (let round = 0; round <= 40; round++) {
      const lines = text.split('\n');
      // The module met again far away comes last: after it the text cannot be parsed in pieces at all.
      const edit = round === 40 ? farModule : round < farModule ? round : rnd(farModule);
      const at = rnd(lines.length);
      edits[edit](lines, at);
      const next = lines.join('\n');
      const again = (await parseGoSumInSlices(next, undefined, { text, parse }))!;
      assert.deepEqual(again, parseGoSum(next), `edit ${round}`);
      // The lines before the pieces the edit touched are the very same objects: they were not parsed again.
      const before = new Set(parse.lines);
      const kept = again.lines.filter((l) => before.has(l)).length;
      const untouched = edit === 7 ? lines.length - 1_100 : edit === 8 ? 0 : at - 1_100;
      if (round < 40) assert.ok(kept >= untouched, `edit ${round} (kind ${edit} at ${at}) kept ${kept} line objects, want ${untouched}`);
      text = next;
      parse = again;
    }
  });

  it('an edit keeps the line objects it did not touch, moving the later ones when it adds a line', async () => {
    const lines = syntheticGoSum(40_000).split('\n');
    const text = lines.join('\n');
    const parse = (await parseGoSumInSlices(text))!;
    const mid = 20_000;
    const changed = [...lines];
    changed[mid] = changed[mid].replace(/h1:.../, 'h1:XYZ');
    const sameCount = (await parseGoSumInSlices(changed.join('\n'), undefined, { text, parse }))!;
    const kept = sameCount.lines.filter((l, i) => l === parse.lines[i]).length;
    assert.ok(kept >= 40_000 - 1_100, `only ${kept} of 40,000 line objects kept`);
    assert.notEqual(sameCount.lines[mid], parse.lines[mid]);
    assert.equal(sameCount.lines[mid].hash.slice(0, 6), 'h1:XYZ');

    const added = [...lines.slice(0, mid), `example.com/synth/m9999a v1.0.0 ${fakeH1('added')}`, ...lines.slice(mid)];
    const grown = (await parseGoSumInSlices(added.join('\n'), undefined, { text, parse }))!;
    assert.ok(grown.lines.slice(0, mid - 1_100).every((l, i) => l === parse.lines[i]), 'lines before the edit are the same objects');
    assert.deepEqual(grown.lines.slice(mid + 1_100).map((l) => l.line), parse.lines.slice(mid + 1_099).map((l) => l.line + 1));
    assert.deepEqual(grown, parseGoSum(added.join('\n')));
  });

  it('a parse that is no longer wanted stops at the next yield', async () => {
    assert.equal(await parseGoSumInSlices(syntheticGoSum(40_000), () => true), undefined);
  });

  it('after full and incremental edits, a document\'s positions are those of a fresh document of its text', () => {
    const start = 'a b c\r\nsecond line\rthird\n\nfifth\n';
    let ours = TextDocument.create('file:///go.sum', 'go.sum', 1, start);
    let stock = TextDocument.create('file:///go.sum', 'go.sum', 1, start);
    const rnd = randomInts(7);
    const pieces = ['', 'x', '\n', '\r\n', '\r', 'module v1.0.0 h1:abc=\n', 'é😀'];
    for (let version = 2; version < 400; version++) {
      const lines = stock.lineCount;
      const a = { line: rnd(lines + 1), character: rnd(12) };
      const b = { line: rnd(lines + 1), character: rnd(12) };
      const change = version % 50 === 0 ? { text: stock.getText() + pieces[rnd(pieces.length)] } : { range: { start: a, end: b }, text: pieces[rnd(pieces.length)] };
      ours = TextDocument.update(ours, [change], version);
      const whole = { start: stock.positionAt(0), end: stock.positionAt(stock.getText().length) };
      stock = TextDocument.create('file:///go.sum', 'go.sum', version, TextDocument.applyEdits(stock, [{ range: change.range ?? whole, newText: change.text }]));
      assert.equal(ours.getText(), stock.getText(), `text after edit ${version}`);
      assert.equal(ours.version, version);
      assert.equal(ours.lineCount, stock.lineCount);
      for (let off = 0; off <= stock.getText().length + 1; off++) assert.deepEqual(ours.positionAt(off), stock.positionAt(off), `positionAt(${off})`);
      for (let line = -1; line <= stock.lineCount; line++) {
        for (const character of [-1, 0, 1, 3, 40]) assert.equal(ours.offsetAt({ line, character }), stock.offsetAt({ line, character }), `offsetAt(${line}:${character})`);
      }
      assert.equal(ours.getText({ start: b, end: a }), stock.getText({ start: b, end: a }), `getText(${JSON.stringify([b, a])})`);
    }
  });

  it('line starts moved by an edit are the ones a fresh look at the text finds, line breaks split and joined included', () => {
    const pieces = ['', 'x', 'yz', '\n', '\r\n', '\r', '\n\r', 'mod v1 h1:a=\nmod v1/go.mod h1:b=\n', 'é😀'];
    const lineEnd = (d: TextDocument, line: number) => d.positionAt(d.offsetAt({ line: line + 1, character: 0 }) - 1);
    for (const start of ['a b c\r\nsecond line\rthird\n\nfifth\n', 'plain\nlines\nonly\n', '']) {
      let ours = TextDocument.create('file:///go.sum', 'go.sum', 1, start);
      const rnd = randomInts(5);
      // A position asked for first, so that the edits below move the line starts instead of finding them anew.
      ours.positionAt(0);
      for (let version = 2; version < 1500; version++) {
        const lines = ours.lineCount;
        const a = { line: rnd(lines + 1), character: rnd(8) };
        const b = rnd(3) === 0 ? a : { line: Math.min(a.line + rnd(3), lines), character: rnd(8) };
        ours = TextDocument.update(ours, [{ range: { start: a, end: b }, text: pieces[rnd(pieces.length)] }], version);
        const text = ours.getText();
        const fresh = TextDocument.create('file:///go.sum', 'go.sum', version, text);
        assert.equal(ours.lineCount, fresh.lineCount, `line count after edit ${version}`);
        for (let line = 0; line < fresh.lineCount; line++) {
          assert.deepEqual(lineEnd(ours, line), lineEnd(fresh, line), `line ${line} after edit ${version}: ${JSON.stringify(text)}`);
          assert.equal(ours.offsetAt({ line, character: 0 }), fresh.offsetAt({ line, character: 0 }));
        }
        // Kept short, so that line breaks meet and part again and again.
        if (text.length > 300) ours = TextDocument.update(ours, [{ range: { start: { line: 0, character: 0 }, end: ours.positionAt(200) }, text: '' }], version);
      }
      // Many lines at once, then most of them gone again.
      ours = TextDocument.update(ours, [{ range: { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } }, text: 'x\r\n'.repeat(3000) }], 1500);
      ours = TextDocument.update(ours, [{ range: { start: { line: 5, character: 0 }, end: { line: 2900, character: 1 } }, text: '\n' }], 1501);
      const fresh = TextDocument.create('file:///go.sum', 'go.sum', 1501, ours.getText());
      assert.equal(ours.lineCount, fresh.lineCount);
      for (let line = 0; line < fresh.lineCount; line++) assert.deepEqual(lineEnd(ours, line), lineEnd(fresh, line));
    }
  });

  it('several edits in one change (multi-cursor, replace-all) leave the text of the edits made one at a time', () => {
    const start = 'ab cd\r\nsecond line\rthird\n\nfifth line here\nsixth\r\n';
    let ours = TextDocument.create('file:///go.sum', 'go.sum', 1, start);
    let stock = TextDocument.create('file:///go.sum', 'go.sum', 1, start);
    const rnd = randomInts(11);
    const pieces = ['', 'x', 'yz', '\n', '\r\n', '\r', 'é😀'];
    const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
      a.line < b.line || (a.line === b.line && a.character <= b.character);
    for (let version = 2; version < 600; version++) {
      const lines = stock.lineCount;
      // Positions inside the text, bottom-up as VS Code sends them (touching ends included): each edit's range is
      // then valid when it is applied. (The library keeps wrong line starts for a range past the end of the text.)
      const points = Array.from({ length: 2 + 2 * rnd(4) }, () => stock.positionAt(stock.offsetAt({ line: rnd(lines + 1), character: rnd(9) })));
      points.sort((a, b) => (before(a, b) ? 1 : -1));
      const changes = [];
      for (let i = 0; i < points.length; i += 2) changes.push({ range: { start: points[i + 1], end: points[i] }, text: pieces[rnd(pieces.length)] });
      if (version % 7 === 0) changes.forEach((c) => { c.range = { start: c.range.end, end: c.range.start }; });
      ours = TextDocument.update(ours, changes, version);
      // The reference: one edit at a time, each on a fresh document of the text so far.
      for (const c of changes) stock = TextDocument.update(TextDocument.create(stock.uri, 'go.sum', version, stock.getText()), [c], version);
      assert.equal(ours.getText(), stock.getText(), `text after edit ${version}: ${JSON.stringify(changes)}`);
      assert.equal(ours.lineCount, TextDocument.create(stock.uri, 'go.sum', version, stock.getText()).lineCount);
      if (stock.getText().length > 400) {
        const reset = { text: start };
        ours = TextDocument.update(ours, [reset], version);
        stock = TextDocument.update(stock, [reset], version);
      }
    }
  });

  it('too many findings to show: those nearest the lines in view, and one note at the top counting the rest', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `example.com/m${i} v1.0.0`).join('\n') + '\n';
    const parse = parseGoSum(text);
    assert.equal(parse.problems.length, 3000);
    const view = { uri: 'file:///go.sum', parse, firstLineLength: 24, verdicts: [], partial: false, privacy: { database: 'sum.golang.org', GONOSUMDB: '', GOPRIVATE: '' } };
    const diagnostics = goSumDiagnostics({ ...view, focus: { start: 1500, end: 1549 } });
    const lines = diagnostics.filter((d) => d.code === 'gosum.fields').map((d) => d.range.start.line);
    assert.equal(lines.length, MAX_LINE_DIAGNOSTICS);
    assert.deepEqual(lines, Array.from({ length: MAX_LINE_DIAGNOSTICS }, (_, i) => 1025 + i));
    const note = diagnostics.filter((d) => d.code === 'not-shown');
    assert.equal(note.length, 1);
    assert.equal(note[0].range.start.line, 0);
    assert.match(String(note[0].message), /^2000 more findings/);
    // Few enough: every one, no note.
    const all = goSumDiagnostics({ ...view, limit: 5000 });
    assert.equal(all.length, 3000);
  });
  it('too many findings: a contradicted hash far from the view is still shown, ahead of nearer warnings', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `example.com/m${i} v1.0.0 ${fakeH1(`m${i}`)}`).join('\n') + '\n';
    const parse = parseGoSum(text);
    const verdicts = parse.lines.map((l) => ({
      line: l.line, module: l.module, version: l.version, kind: 'zip' as const, goSum: l.hash,
      status: l.line === 2990 ? 'mismatch' as const : 'not-found' as const, message: l.line === 2990 ? 'checksum mismatch' : 'not found',
    }));
    const diagnostics = goSumDiagnostics({
      uri: 'file:///go.sum', parse, firstLineLength: 10, verdicts, partial: false, focus: { start: 0, end: 49 },
      privacy: { database: 'sum.golang.org', GONOSUMDB: '', GOPRIVATE: '' },
    });
    const errors = diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(errors.map((d) => [d.range.start.line, d.code]), [[2990, 'mismatch']]);
    const warnings = diagnostics.filter((d) => d.code === 'not-found').map((d) => d.range.start.line);
    assert.deepEqual(warnings, Array.from({ length: MAX_LINE_DIAGNOSTICS - 1 }, (_, i) => i));
    assert.match(String(diagnostics.find((d) => d.code === 'not-shown')?.message), /^2000 more findings/);
  });
});
