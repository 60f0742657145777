// The record text's readers agree with Go's rule for a record line, transcribed here: Lookup keeps the lines that
// start with "path version " (version ending in /go.mod for the go.mod line). hashStartOf reads the same rule in
// place, over near-miss versions no real record holds; beside Go's own client on real records: sumdbGoClient.test.ts.
import assert from 'node:assert/strict';
import { hashStartOf, holdsLineFor, isCanonicalText, linesFor, recordLineCount, recordLinesOf } from '../../server/src/sumdb/recordText';

const MODULES = ['example.com/m', 'example.com/m/v2', 'example.com/mm', 'example.co', 'golang.org/x/mod'];
const VERSIONS = ['v1.0.0', 'v1.0.0-rc.1', 'v1.0', 'v1.0.0+incompatible', 'v2.0.0'];
const HASHES = ['h1:G7mAYYxgmS0lVkHyy2hEOLQCFe0DPQOSM7x5WHVHpHE=', '', 'h2:x', 'h1:'];

/** Go's rule, literally: the line starts with "path version " (cmd/go's Lookup through x/mod's client). */
const goHolds = (line: string, module: string, version: string, goMod: boolean) => line.startsWith(`${module} ${version}${goMod ? '/go.mod' : ''} `);

describe('the record text', function () {
  it('hashStartOf finds a line exactly when Go\'s prefix rule does, and the hash right after that prefix', function () {
    let checked = 0;
    for (const lm of MODULES) for (const lv of VERSIONS) for (const suffix of ['', '/go.mod']) for (const h of HASHES) {
      const line = `${lm} ${lv}${suffix} ${h}`;
      for (const m of MODULES) for (const v of VERSIONS) for (const goMod of [false, true]) {
        const at = hashStartOf(line, 0, line.length, m, v, goMod);
        assert.equal(at >= 0, goHolds(line, m, v, goMod), `${line} for ${m} ${v} ${goMod}`);
        if (at >= 0) assert.equal(line.slice(at), h);
        checked++;
      }
    }
    assert.equal(checked, 10_000);
  });

  it('reads a line inside a text by its start and end, never past them', function () {
    const text = 'example.com/m v1.0.0 h1:a=\nexample.com/m v1.0.0/go.mod h1:b=\n';
    const second = text.indexOf('\n') + 1;
    assert.equal(hashStartOf(text, 0, second - 1, 'example.com/m', 'v1.0.0', false), 'example.com/m v1.0.0 '.length);
    assert.equal(hashStartOf(text, 0, second - 1, 'example.com/m', 'v1.0.0', true), -1);
    assert.equal(text.slice(hashStartOf(text, second, text.length - 1, 'example.com/m', 'v1.0.0', true), text.length - 1), 'h1:b=');
    assert.equal(hashStartOf(text, 0, 10, 'example.com/m', 'v1.0.0', false), -1, 'a line cut before its hash field');
  });

  it('holdsLineFor and linesFor answer as Go\'s rule does for whole texts', function () {
    const text = 'example.com/m v1.0.0 h1:a=\nexample.com/m v1.0.0/go.mod h1:b=\n';
    assert.equal(holdsLineFor(text, 'example.com/m', 'v1.0.0'), true);
    assert.equal(holdsLineFor('example.com/m v1.0.0/go.mod h1:b=\n', 'example.com/m', 'v1.0.0'), true);
    assert.equal(holdsLineFor(text, 'example.com/m', 'v1.0'), false);
    assert.equal(holdsLineFor(text, 'example.com', 'v1.0.0'), false);
    const lines = text.split('\n').filter(Boolean);
    assert.deepEqual(linesFor(lines, 'example.com/m', 'v1.0.0'), [lines[0]]);
    assert.deepEqual(linesFor(lines, 'example.com/m', 'v1.0.0/go.mod'), [lines[1]]);
  });

  it('recordLineCount counts the lines of plain record text, as recordLinesOf reads them', function () {
    const texts = ['', 'a v1 h1:x\n', 'a v1 h1:x\na v1/go.mod h1:y\n', `${'m v1 h1:z\n'.repeat(64)}`];
    for (const text of texts) {
      if (text !== '') assert.ok(isCanonicalText(text));
      assert.equal(recordLineCount(text), text === '' ? 0 : recordLinesOf(text).length, JSON.stringify(text));
    }
  });
});
