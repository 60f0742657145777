// The extension's manifest as the Marketplace and the Settings editor read it: a package that can be published
// as it is (a license, our icon, no made-up URLs), and settings in the order a user needs them, each described
// in English and Simplified Chinese.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/built';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const manifest = JSON.parse(read('package.json'));
const nls: Record<string, Record<string, string>> = { en: JSON.parse(read('package.nls.json')), 'zh-cn': JSON.parse(read('package.nls.zh-cn.json')) };

interface Setting { order?: number; markdownDescription?: string; description?: string; enum?: string[]; enumDescriptions?: string[] }
const settings = Object.entries(manifest.contributes.configuration.properties as Record<string, Setting>);

/** The width and height a PNG's header declares. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(path.join(ROOT, file));
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('the extension manifest', () => {
  it('is publishable as it is: MIT license file, our PNG icon, a changelog, no placeholder URLs, no --skip-license', () => {
    assert.equal(manifest.license, 'MIT');
    assert.match(read('LICENSE'), /^MIT License\n\nCopyright \(c\) \d{4} /);
    const icon = pngSize(manifest.icon);
    assert.ok(icon.width >= 128 && icon.width === icon.height, `icon is ${icon.width}x${icon.height}`);
    assert.ok(existsSync(path.join(ROOT, 'CHANGELOG.md')));
    assert.match(read('CHANGELOG.md'), new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`, 'm'));
    assert.doesNotMatch(read('package.json'), /example\.(?:invalid|com)|localhost/);
    for (const key of ['repository', 'bugs', 'homepage']) assert.equal(manifest[key], undefined, `${key} names no real home`);
    assert.doesNotMatch(manifest.scripts.package, /--skip-license/);
    assert.match(manifest.scripts.package, /--allow-missing-repository/);
    const shipped = read('.vscodeignore').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));
    for (const f of ['LICENSE', 'CHANGELOG.md', manifest.icon]) assert.ok(shipped.includes(f), `${f} is not in the .vsix`);
    // dist/server.js only starts dist/serverMain.js, and dist/cli.js dist/cliMain.js (codeCache.ts).
    for (const f of ['dist/extension.js', 'dist/server.js', 'dist/serverMain.js', 'dist/cli.js', 'dist/cliMain.js']) assert.ok(shipped.includes(f), `${f} is not in the .vsix`);
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    for (const word of ['go.sum', 'GOSUMDB', 'GOPROXY', 'checksum', 'sumdb']) assert.ok(manifest.keywords.includes(word), word);
  });

  it('orders the settings for a user behind a corporate proxy: their root certificate first, then offline, tracing last', () => {
    const orders = settings.map(([, s]) => s.order);
    assert.ok(orders.every((o) => Number.isInteger(o)), 'a setting has no order');
    assert.equal(new Set(orders).size, orders.length, 'two settings share an order');
    const ordered = settings.sort(([, a], [, b]) => a.order! - b.order!).map(([id]) => id);
    assert.deepEqual([ordered[0], ordered[1], ordered.at(-1)], ['gosumDoctor.extraCACertificates', 'gosumDoctor.offline', 'gosumDoctor.trace.server']);
  });

  it('describes every setting and every choice of a setting in English and in Simplified Chinese', () => {
    for (const [id, s] of settings) {
      const keys = [s.markdownDescription ?? s.description, ...(s.enumDescriptions ?? [])];
      assert.equal((s.enumDescriptions ?? []).length, (s.enum ?? []).length, `${id}: one description per choice`);
      for (const k of keys) {
        const key = /^%(.+)%$/.exec(k ?? '')?.[1];
        assert.ok(key, `${id}: ${k} is not a localized key`);
        assert.match(nls.en[key], /[a-z]{3,} [a-z]{3,}/, `${id}: no English for ${key}`);
        assert.match(nls['zh-cn'][key], /[\u4e00-\u9fff]{2,}/, `${id}: no Chinese for ${key}`);
      }
    }
  });
});
