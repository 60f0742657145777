import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { connectSumdb } from '../../server/src/sumdb/connect';
import { SecurityError, UnverifiableError, VerificationError } from '../../server/src/sumdb/client';
import { goSumdbDirs } from '../../server/src/sumdb/store';
import { unescapePath, unescapeVersion } from '../../server/src/parse/module';
import { lookupPath } from '../../server/src/sumdb/lookupPath';
import { tempDir } from '../support/sumdbClientSetup';
import { CACHES, fingerprint, goPathOf, walk } from '../support/goCaches';

const KEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

/** The module versions of Go's cached lookups, from their escaped file names. */
function cachedLookups(downloadDir: string): Array<{ module: string; version: string }> {
  const dir = path.join(downloadDir, 'sum.golang.org', 'lookup');
  return walk(dir).map((f) => {
    const rel = path.relative(dir, f).split(path.sep).join('/');
    const at = rel.lastIndexOf('@');
    return { module: unescapePath(rel.slice(0, at)), version: unescapeVersion(rel.slice(at + 1)) };
  });
}

describe('checksum-database client offline, on three real Go caches with the real sum.golang.org key', function () {
  const fixtures = readdirSync(CACHES).sort();
  const made: string[] = [];
  after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('there are three caches to test', () => assert.equal(fixtures.length, 3));

  for (const fixture of fixtures) {
    it(`every cached lookup in ${fixture} verifies offline, and Go's files are untouched`, async () => {
      const go = goSumdbDirs(goPathOf(fixture), undefined);
      const before = fingerprint(goPathOf(fixture));
      const cacheDir = tempDir('offline');
      made.push(cacheDir);
      const client = connectSumdb({ verifierKey: KEY, cacheDir, go, offline: true });
      const lookups = cachedLookups(go.downloadDir!);
      assert.ok(lookups.length > 10);
      for (const { module, version } of lookups) {
        const r = await client.lookupRecord(module, version);
        assert.ok(r.fromCache);
        const lines = await client.lookup(module, version);
        assert.ok(lines.length >= 1, `${module}@${version}`);
        for (const line of lines) {
          const rest = line.startsWith(`${module} ${version}/go.mod `) ? line.slice(`${module} ${version}/go.mod `.length) : line.slice(`${module} ${version} `.length);
          assert.ok(line.startsWith(`${module} ${version}`), line);
          assert.match(rest, /^h1:[A-Za-z0-9+/]{43}=$/);
        }
        assert.ok(r.id < r.tree.n);
      }
      // Go's remembered head was honoured: ours is at least as new.
      const goHead = readFileSync(path.join(go.sumdbDir!, 'sum.golang.org', 'latest'), 'utf8');
      const goSize = Number(goHead.split('\n')[1]);
      assert.ok((await client.remembered()).tree.n >= goSize);

      const unknown = await client.lookup('example.com/never-published', 'v0.0.1').catch((e) => e);
      assert.ok(unknown instanceof UnverifiableError, String(unknown));
      await client.settled();
      assert.equal(fingerprint(goPathOf(fixture)), before, 'Go\'s caches are byte-identical afterwards');
    });
  }

  it('a cached lookup whose text was altered is refused offline, never verified', async () => {
    // Copy one real lookup into our own cache with a changed hash: our cache is read first.
    const fixture = fixtures[0];
    const go = goSumdbDirs(goPathOf(fixture), undefined);
    const { module, version } = cachedLookups(go.downloadDir!)[0];
    const cacheDir = tempDir('offline-tampered');
    made.push(cacheDir);
    const escaped = path.join(go.downloadDir!, 'sum.golang.org', ...lookupPath(module, version).split('/'));
    const body = readFileSync(escaped, 'utf8');
    const tampered = body.replace(/h1:([A-Za-z0-9+/])/, (_m, c: string) => `h1:${c === 'A' ? 'B' : 'A'}`);
    assert.notEqual(tampered, body);
    const target = path.join(cacheDir, 'sumdb', 'cache', path.relative(go.downloadDir!, escaped));
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, tampered);
    const client = connectSumdb({ verifierKey: KEY, cacheDir, go, offline: true });
    const err = await client.lookup(module, version).catch((e) => e);
    assert.ok(err instanceof VerificationError && !(err instanceof SecurityError), String(err));
    assert.equal(err.kind, 'record-not-in-tree');
    await client.settled();
  });
});
