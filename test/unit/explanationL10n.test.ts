// Simplified Chinese covers everything the client shows: every key of the client's catalog (client/src/i18n/en.ts)
// has a Chinese text in zh-cn.ts with the same placeholders, the client uses every key, errors its pure modules
// raise can be shown in Chinese, and every %key% of package.json exists in both nls files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { en, type ClientMessageKey } from '../../client/src/i18n/en';
import { zhCn } from '../../client/src/i18n/zh-cn';
import { clientCatalogs as catalogs, clientError } from '../../client/src/i18n/catalogs';
import { editToolsEnvVars } from '../../client/src/toolsEnvVarsEdit';
import { CatalogError } from '../../server/src/shared/catalog';
import { collect, compareTexts } from '../support/catalogTexts';

const root = path.resolve(__dirname, '../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

/** The client's sources besides its catalogs. */
function clientSources(dir = path.join(root, 'client', 'src')): string {
  return fs.readdirSync(dir, { withFileTypes: true }).map((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return clientSources(p);
    return e.name.endsWith('.ts') && !/^(en|zh-cn)\.ts$/.test(e.name) ? fs.readFileSync(p, 'utf8') : '';
  }).join('\n');
}

describe('Chinese UI text', () => {
  const keys = Object.keys(en) as ClientMessageKey[];

  it('finds the strings of the client catalog', () => {
    assert.ok(keys.length > 50, `only ${keys.length} strings found`);
    assert.ok(Object.values(en).includes('TLS intercepted'));
  });

  it('translates every string of the client, keeping its placeholders and what users search for verbatim', () => {
    assert.deepEqual(collect((report) => { for (const k of keys) compareTexts(k, en[k], zhCn[k], report); }), []);
  });

  it('has every key in both languages, and no translation for a string the client no longer shows', () => {
    assert.deepEqual(Object.keys(zhCn).filter((k) => !(k in en)), []);
    assert.deepEqual(keys.filter((k) => !(k in zhCn)), []);
    const sources = clientSources();
    // A key is used when the client names it, or builds it from its prefix (`state.${state}`).
    const used = (k: string) => sources.includes(`'${k}'`) || sources.includes('`' + k.slice(0, k.lastIndexOf('.') + 1) + '${');
    assert.deepEqual(keys.filter((k) => !used(k)), []);
  });

  it('words the client in the editor\'s language through the catalog machinery the server uses', () => {
    assert.equal(catalogs.t('status.reachedVia', { name: 'sum.golang.org', via: 'direct' }, 'zh-cn'), 'sum.golang.org，经由 direct');
    assert.equal(catalogs.t('status.reachedVia', { name: 'sum.golang.org', via: 'direct' }, 'zh-TW'), 'sum.golang.org via direct');
    assert.equal(catalogs.t('state.blocked', {}, 'en'), 'blocked');
  });

  it('an error a pure module raises says it in English and can be shown in Chinese', () => {
    const err = clientError('fix.changedSincePreview', { file: '/home/gopher/.config/go/env' });
    assert.equal(err.message, '/home/gopher/.config/go/env changed since the preview; nothing was written');
    assert.equal(catalogs.t(err.key, err.params, 'zh-cn'), '/home/gopher/.config/go/env 在预览之后已被修改；没有写入任何内容');
    let refused: unknown;
    try { editToolsEnvVars('[1, 2]', 'folder', { GOPROXY: 'direct' }); } catch (e) { refused = e; }
    assert.ok(refused instanceof CatalogError && refused.key === 'fix.cannotEditToolsEnvVars', String(refused));
    assert.match(catalogs.t('fix.cannotEditToolsEnvVars', refused.params, 'zh-cn'), /^无法在此编辑 go\.toolsEnvVars：/);
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
