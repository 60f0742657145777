import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { SumdbStore, goSumdbDirs, takeOverStale, unsafeFileName } from '../../server/src/sumdb/store';
import { defaultCacheDir, ourCacheDir } from '../../server/src/cacheDir';
import { capFor, DEFAULT_BODY_CAPS } from '../../server/src/sumdb/remote';
import { formatHttpError, goErrorDetail } from '../../server/src/sumdb/httpErrorText';
import { tempDir } from '../support/sumdbClientSetup';
import { StepClock } from '../support/stepClock';

describe('sumdb store: our cache directory and Go\'s read-only one', function () {
  const dirs: string[] = [];
  const dir = (p: string) => { const d = tempDir(p); dirs.push(d); return d; };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the remembered head is replaced only when it still holds what the writer read (compare-and-swap)', async () => {
    const store = new SumdbStore({ cacheDir: dir('cas') });
    const a = Buffer.from('head A\n');
    const b = Buffer.from('head B\n');
    assert.equal(await store.readConfig('db.test/latest'), undefined);
    assert.equal(await store.writeConfig('db.test/latest', undefined, a), true);
    assert.equal(await store.writeConfig('db.test/latest', undefined, b), false, 'a writer that saw nothing loses to one that wrote');
    assert.equal(await store.writeConfig('db.test/latest', Buffer.from('stale\n'), b), false);
    assert.equal(await store.writeConfig('db.test/latest', a, b), true);
    assert.deepEqual(Buffer.from((await store.readConfig('db.test/latest'))!), b);
  });

  it('concurrent writers from one old head: exactly one wins', async () => {
    const store = new SumdbStore({ cacheDir: dir('race') });
    await store.writeConfig('db.test/latest', undefined, Buffer.from('0\n'));
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => store.writeConfig('db.test/latest', Buffer.from('0\n'), Buffer.from(`${i}\n`))));
    assert.equal(results.filter(Boolean).length, 1);
  });

  it('writers in two processes from one old head: exactly one wins, through the lock file', async () => {
    // Two stores on one directory stand for two processes: they share nothing in memory.
    const cacheDir = dir('race2');
    const stores = [1, 2, 3, 4].map(() => new SumdbStore({ cacheDir }));
    await stores[0].writeConfig('db.test/latest', undefined, Buffer.from('0\n'));
    const results = await Promise.all(stores.map((s, i) => s.writeConfig('db.test/latest', Buffer.from('0\n'), Buffer.from(`${i + 1}\n`))));
    assert.equal(results.filter(Boolean).length, 1, results.join(' '));
    const winner = results.indexOf(true) + 1;
    assert.equal(Buffer.from((await stores[1].readConfig('db.test/latest'))!).toString(), `${winner}\n`);
    assert.deepEqual(readdirSync(path.join(cacheDir, 'sumdb', 'config', 'db.test')), ['latest'], 'no lock or temp file left');
  });

  it('a lock held by another process is waited for; one left by a dead process is taken over', async () => {
    const cacheDir = dir('lock');
    const clock = new StepClock();
    const store = new SumdbStore({ cacheDir, clock });
    await store.writeConfig('db.test/latest', undefined, Buffer.from('0\n'));
    const lock = path.join(cacheDir, 'sumdb', 'config', 'db.test', 'latest.lock');
    writeFileSync(lock, '');
    let done = false;
    const writing = store.writeConfig('db.test/latest', Buffer.from('0\n'), Buffer.from('1\n')).then((r) => { done = true; return r; });
    // The writer either finishes or waits on the clock: only the clock moving lets it try the lock again.
    await Promise.race([writing, clock.waiting()]);
    assert.equal(done, false, 'waits while the lock is held');
    await clock.advance(1000);
    await clock.waiting();
    assert.equal(done, false, 'still waits while the lock is held');
    assert.equal(Buffer.from((await store.readConfig('db.test/latest'))!).toString(), '0\n');
    rmSync(lock);
    await clock.advance(1000);
    assert.equal(await writing, true);
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    assert.equal(await store.writeConfig('db.test/latest', Buffer.from('1\n'), Buffer.from('2\n')), true);
    assert.deepEqual(readdirSync(path.dirname(lock)), ['latest']);
  });

  it('a FIFO where the lock file goes is no lock of ours: taken over at once, never read (that would wait for ever)', async () => {
    const cacheDir = dir('fifo-lock');
    const store = new SumdbStore({ cacheDir });
    await store.writeConfig('db.test/latest', undefined, Buffer.from('0\n'));
    const lock = path.join(cacheDir, 'sumdb', 'config', 'db.test', 'latest.lock');
    execFileSync('mkfifo', [lock]);
    assert.equal(await store.writeConfig('db.test/latest', Buffer.from('0\n'), Buffer.from('1\n')), true);
    assert.deepEqual(readdirSync(path.dirname(lock)), ['latest']);
  });

  it('a stale lock another process replaced before our takeover is put back, not removed', async () => {
    const d = dir('takeover');
    const lock = path.join(d, 'latest.lock');
    writeFileSync(lock, 'dead\n');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const seen = statSync(lock);
    // Between our look and our rename, another process removed the stale lock and made its own.
    rmSync(lock);
    writeFileSync(lock, 'alive\n');
    await takeOverStale(lock, seen);
    assert.equal(readFileSync(lock, 'utf8'), 'alive\n');
    assert.deepEqual(readdirSync(d), ['latest.lock'], 'nothing left aside');
    // The stale one itself goes.
    writeFileSync(lock, 'dead\n');
    utimesSync(lock, old, old);
    await takeOverStale(lock, statSync(lock));
    assert.deepEqual(readdirSync(d), []);
  });

  it('file names that could leave the cache directory are refused', async () => {
    const store = new SumdbStore({ cacheDir: dir('names') });
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/./b', 'a b', 'a\\b', '']) {
      assert.ok(unsafeFileName(bad), bad);
      await assert.rejects(store.readCache(bad), /refusing cache file name/);
    }
    assert.equal(unsafeFileName('sum.golang.org/lookup/github.com/!burnt!sushi/toml@v0.3.1'), undefined);
    assert.equal(unsafeFileName('sum.golang.org/tile/8/0/x002/891.p/158'), undefined);
  });

  it('reads fall back to Go\'s download cache; an empty file counts as missing, as in Go', async () => {
    const gomodcache = dir('gomodcache');
    const file = path.join(gomodcache, 'cache', 'download', 'sumdb', 'db.test', 'tile', '8', '0', '000');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'from go');
    const ours = dir('ours');
    const store = new SumdbStore({ cacheDir: ours, go: goSumdbDirs(undefined, gomodcache) });
    assert.equal(Buffer.from((await store.readCache('db.test/tile/8/0/000'))!).toString(), 'from go');
    // A tile file an earlier version of ours wrote is read first.
    const old = path.join(ours, 'sumdb', 'cache', 'db.test', 'tile', '8', '0', '000');
    mkdirSync(path.dirname(old), { recursive: true });
    writeFileSync(old, 'ours');
    // A new store: this one takes a directory it saw missing as missing for a while.
    assert.equal(Buffer.from((await new SumdbStore({ cacheDir: ours, go: goSumdbDirs(undefined, gomodcache) }).readCache('db.test/tile/8/0/000'))!).toString(), 'ours');
    writeFileSync(file, '');
    assert.equal(await store.readCache('db.test/tile/8/0/001'), undefined);
    assert.deepEqual(readdirSync(path.dirname(file)), ['000'], 'nothing was written beside Go\'s file');
  });

  it('a FIFO in Go\'s cache where a tile should be is no tile, at once (an open that waited would never end)', async () => {
    const gomodcache = dir('gomodcache-fifo');
    const file = path.join(gomodcache, 'cache', 'download', 'sumdb', 'db.test', 'tile', '8', '0', '000');
    mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('mkfifo', [file]);
    const store = new SumdbStore({ cacheDir: dir('ours-fifo'), go: goSumdbDirs(undefined, gomodcache) });
    assert.equal(await store.readCache('db.test/tile/8/0/000'), undefined);
  });

  it('Go\'s directories follow the first GOPATH entry, GOMODCACHE overriding', () => {
    const sep = path.delimiter;
    assert.deepEqual(goSumdbDirs(`/g1${sep}/g2`, undefined), { sumdbDir: '/g1/pkg/sumdb', downloadDir: '/g1/pkg/mod/cache/download/sumdb' });
    assert.deepEqual(goSumdbDirs('/g1', '/m'), { sumdbDir: '/g1/pkg/sumdb', downloadDir: '/m/cache/download/sumdb' });
    assert.deepEqual(goSumdbDirs(undefined, undefined), { sumdbDir: undefined, downloadDir: undefined });
  });

  it('a cache directory seen missing is taken as missing for two seconds of its clock, then looked at again', async () => {
    const clock = new StepClock();
    const cacheDir = dir('dir-ttl');
    const store = new SumdbStore({ cacheDir, clock });
    const file = 'sumdb.test/lookup/example.com/m@v1.0.0';
    assert.equal(await store.readCache(file), undefined);
    mkdirSync(path.join(cacheDir, 'sumdb', 'cache', 'sumdb.test', 'lookup', 'example.com'), { recursive: true });
    writeFileSync(path.join(cacheDir, 'sumdb', 'cache', file), 'record');
    await clock.advance(1999);
    assert.equal(await store.readCache(file), undefined, 'still remembered as missing');
    await clock.advance(1);
    assert.equal(Buffer.from((await store.readCache(file))!).toString(), 'record');
  });

  it('our cache directory defaults to XDG_CACHE_HOME, else the platform\'s cache folder', () => {
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }, '/home/u', 'linux'), '/xdg/gosum-doctor');
    assert.equal(defaultCacheDir({}, '/home/u', 'linux'), '/home/u/.cache/gosum-doctor');
    assert.equal(defaultCacheDir({}, '/Users/u', 'darwin'), '/Users/u/Library/Caches/gosum-doctor');
  });

  it('$GOSUM_DOCTOR_CACHE, when set, names our cache directory before all of those', () => {
    assert.equal(ourCacheDir({ GOSUM_DOCTOR_CACHE: '/c', XDG_CACHE_HOME: '/xdg' }, '/home/u', 'linux'), '/c');
    assert.equal(ourCacheDir({ GOSUM_DOCTOR_CACHE: '', XDG_CACHE_HOME: '/xdg' }, '/home/u', 'linux'), '/xdg/gosum-doctor');
  });
});

describe('sumdb remote: statuses in the go command\'s words, bounded bodies', function () {
  it('a 404 with a one-line explanation', () => {
    assert.equal(
      formatHttpError('http://127.0.0.1:1/lookup/example.com/greet@v1.1.0', '404 Not Found', goErrorDetail('text/plain; charset=utf-8', Buffer.from('not found: example.com/greet@v1.1.0\n'))),
      'reading http://127.0.0.1:1/lookup/example.com/greet@v1.1.0: 404 Not Found\n\tserver response: not found: example.com/greet@v1.1.0',
    );
  });

  it('a multi-line explanation is indented; HTML and binary bodies are not echoed', () => {
    assert.equal(formatHttpError('u', '500 Internal Server Error', goErrorDetail('text/plain', Buffer.from('a\nb\n'))), 'reading u: 500 Internal Server Error\n\tserver response:\n\ta\n\tb');
    assert.equal(goErrorDetail('text/html', Buffer.from('<h1>no</h1>')), '');
    assert.equal(goErrorDetail('text/plain', Buffer.from([0, 1, 2])), '');
  });

  it('each kind of path has its own body cap', () => {
    assert.equal(capFor('/latest', DEFAULT_BODY_CAPS), DEFAULT_BODY_CAPS.latest);
    assert.equal(capFor('/lookup/x@v1.0.0', DEFAULT_BODY_CAPS), DEFAULT_BODY_CAPS.lookup);
    assert.equal(capFor('/tile/8/0/000', DEFAULT_BODY_CAPS), 8192);
    assert.equal(capFor('/tile/8/data/000', DEFAULT_BODY_CAPS), DEFAULT_BODY_CAPS.dataTile);
  });
});
