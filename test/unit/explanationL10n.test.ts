// Simplified Chinese covers everything the client shows: every string in client/src/text.ts has a
// translation with the same placeholders, and every %key% of package.json exists in both nls files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

describe('Chinese UI text', () => {
  const keys = [...read('client/src/text.ts').matchAll(/\bt\('((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\'/g, `'`));
  const zh = JSON.parse(read('client/l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;

  it('finds the strings of text.ts', () => {
    assert.ok(keys.length > 50, `only ${keys.length} strings found`);
    assert.ok(keys.includes('TLS intercepted'));
  });

  it('translates every string of the client, keeping its placeholders', () => {
    for (const k of keys) {
      assert.ok(typeof zh[k] === 'string' && zh[k] !== '', `missing zh-cn for "${k}"`);
      assert.deepEqual(placeholders(zh[k]), placeholders(k), `placeholders of "${k}"`);
    }
  });

  it('has no translation for a string the client no longer shows', () => {
    const unused = Object.keys(zh).filter((k) => !keys.includes(k));
    assert.deepEqual(unused, []);
  });

  it('names every %key% of package.json in package.nls.json and package.nls.zh-cn.json', () => {
    const used = [...new Set([...read('package.json').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
    assert.ok(used.includes('command.probe'));
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const nls = JSON.parse(read(file)) as Record<string, string>;
      for (const k of used) assert.ok(nls[k], `${file} lacks ${k}`);
      assert.deepEqual(Object.keys(nls).filter((k) => !used.includes(k)), [], `${file} has unused keys`);
    }
  });
});
