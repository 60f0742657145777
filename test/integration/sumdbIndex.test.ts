import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SumdbServer } from '../support/sumdbServer';
import { answeredWithoutIo, databasePerTest, readGoSum, seededCache, tempDir, dropCachedTiles } from '../support/sumdbClientSetup';
import { lookupsIn, parse } from '../support/auditSetup';
import { auditsInOneHome } from '../support/sumdbAudits';
import { groupGoSumLines } from '../support/sumdbLog';
import { SecurityError, UnverifiableError } from '../../server/src/sumdb/client';
import { PackLines, RecordIndex } from '../../server/src/sumdb/recordIndex';
import { holdsLineFor, isCanonicalText, recordLinesOf } from '../../server/src/sumdb/recordText';
import { SumdbStore } from '../../server/src/sumdb/store';
import { StepClock } from '../support/stepClock';
import { recordHash, recordHashOfText } from '../../server/src/sumdb/tlog';

const ETCD = readGoSum('etcd-io_etcd.go.sum');

/** Our store, noting on the test's clock when each pack write starts, and letting the test await the next one. */
class WatchedStore extends SumdbStore {
  readonly writesAt: number[] = [];
  private waiters: ((written: Promise<void>) => void)[] = [];

  constructor(cacheDir: string, private readonly testClock: StepClock) {
    super({ cacheDir });
  }

  override updateIndex(...args: Parameters<SumdbStore['updateIndex']>): Promise<void> {
    this.writesAt.push(this.testClock.now());
    const written = super.updateIndex(...args);
    for (const w of this.waiters.splice(0)) w(written);
    return written;
  }

  /** Resolves once the next write has started and finished. */
  async nextWrite(): Promise<void> {
    await new Promise<Promise<void>>((resolve) => this.waiters.push(resolve));
  }
}

function indexFile(cacheDir: string, name: string): string {
  return path.join(cacheDir, 'sumdb', 'index', name);
}

/** Where an index file's entries start: after the magic, the key, the tree and the tile lines. */
function firstEntry(text: string[]): number {
  let i = 2;
  while (text[i]?.startsWith('tree ') || text[i]?.startsWith('tile ')) i++;
  return i;
}

/**
 * Rewrites an index file so its first entry carries the second record's id and text (and, with `withProof`, its
 * proof) under the first record's name; returns the first entry's head fields.
 */
function giveFirstEntryTheSecondRecord(file: string, withProof: boolean): string[] {
  const text = readFileSync(file, 'utf8').split('\n');
  const at = firstEntry(text);
  const firstHead = text[at].split(' ');
  const secondAt = at + 1 + Number(firstHead[4]);
  const secondHead = text[secondAt].split(' ');
  const secondLines = text.slice(secondAt + 1, secondAt + 1 + Number(secondHead[4]));
  const head = [secondHead[0], secondHead[1], firstHead[2], firstHead[3], ...secondHead.slice(4, withProof ? undefined : 5)];
  writeFileSync(file, [...text.slice(0, at), head.join(' '), ...secondLines, ''].join('\n'));
  return firstHead;
}

/** Rewrites one record's entry in an index file. */
function editIndex(file: string, edit: (head: string[], lines: string[]) => [string[], string[]]): void {
  const text = readFileSync(file, 'utf8').split('\n');
  let i = firstEntry(text);
  const out = text.slice(0, i);
  let done = false;
  while (i < text.length && text[i] !== '') {
    const head = text[i].split(' ');
    const count = Number(head[4]);
    let lines = text.slice(i + 1, i + 1 + count);
    let h = head;
    if (!done) {
      [h, lines] = edit(head, lines);
      done = true;
    }
    out.push(h.join(' '), ...lines);
    i += 1 + count;
  }
  writeFileSync(file, out.join('\n') + '\n');
}

describe('the verified-record index: one file instead of a signed lookup per record, never trusted on its own', function () {
  let db: SumdbServer;
  const entries = groupGoSumLines(ETCD).slice(0, 40);

  const pool = databasePerTest({ goSumLines: ETCD }, (d) => { db = d; });
  const client = pool.client;

  /** A cache directory whose index holds the first 40 etcd records (and the tiles that prove them). */
  const seeded = (): Promise<string> => seededCache(pool, entries, 'index');

  it('is written in a quiet moment: not while audits keep asking for /latest, then once they stop', async () => {
    // Time is the test's own: a write can start only when the clock passes the schedule's moment.
    const QUIET = 300;
    const clock = new StepClock();
    const cacheDir = tempDir('quiet');
    const store = new WatchedStore(cacheDir, clock);
    const c = client({ indexQuietMs: QUIET, clock, cacheDir, store });
    for (const e of entries.slice(0, 10)) await c.client.lookup(e.module, e.version);
    const file = indexFile(c.cacheDir, db.name);
    // An editor's audits, one after another: each starts with /latest.
    for (let t = 0; t < 12; t++) {
      await c.client.latest();
      assert.equal(existsSync(file), false, `written during the audits (after ${t} of them)`);
      assert.deepEqual(store.writesAt, [], `a write started during the audits (after ${t} of them)`);
      await clock.advance(100);
    }
    const quietFrom = clock.now();
    await clock.advance(QUIET / 2 - 1);
    assert.deepEqual(store.writesAt, [], 'no write half-way through the quiet time');
    const writing = store.nextWrite();
    await clock.advance(QUIET);
    await writing;
    assert.ok(existsSync(file), 'written once the audits stopped');
    assert.equal(store.writesAt.length, 1);
    assert.ok(store.writesAt[0] - quietFrom >= 150, 'not at once: after a quiet moment');
    const back = new RecordIndex(db.verifierKey);
    assert.equal(await back.merge(readFileSync(file)), 10);
  });

  it('a new process answers every indexed record with no lookup request, proven against tiles of the head', async () => {
    const cacheDir = await seeded();
    assert.ok(existsSync(indexFile(cacheDir, db.name)));
    const second = client({ cacheDir });
    await answeredWithoutIo(second, db, entries);
    for (const e of entries) assert.ok((await second.client.lookupRecord(e.module, e.version)).fromCache);
    assert.deepEqual(lookupsIn(db.requests), []);
  });

  it('an index entry whose text was altered is never verified: the record is looked up again', async () => {
    const cacheDir = await seeded();
    const file = indexFile(cacheDir, db.name);
    let edited = '';
    editIndex(file, (head, lines) => {
      edited = `${head[2]}@${head[3]}`;
      const [m, v, h] = lines[0].split(' ');
      const bytes = Buffer.from(h.slice(3), 'base64');
      bytes[0] ^= 0xff;
      return [head, [`${m} ${v} h1:${bytes.toString('base64')}`, ...lines.slice(1)]];
    });
    const [module, version] = edited.split('@');
    const second = client({ cacheDir });
    await second.client.latest();
    await second.client.prepare([{ module, version }]);
    assert.equal(second.client.lookupRecordNow(module, version), undefined, 'the altered entry is refused');
    db.requests.length = 0;
    const r = await second.client.lookupRecord(module, version);
    const want = ETCD.filter((l) => l.startsWith(`${module} ${version} `) || l.startsWith(`${module} ${version}/go.mod `)).map((l) => l.trim());
    assert.deepEqual([...recordLinesOf(r.text)].sort(), want.sort());
    assert.ok(!recordLinesOf(r.text).includes(edited), 'the altered line never comes back');
  });

  it('an index entry pointing at another record (a real leaf, the wrong module) is refused', async () => {
    const cacheDir = await seeded();
    // Give the first entry the id, text and proof of the second record, under the first record's name.
    const firstHead = giveFirstEntryTheSecondRecord(indexFile(cacheDir, db.name), true);
    const second = client({ cacheDir });
    await second.client.latest();
    await second.client.prepare([{ module: firstHead[2], version: firstHead[3] }]);
    assert.equal(second.client.lookupRecordNow(firstHead[2], firstHead[3]), undefined);
    const r = await second.client.lookupRecord(firstHead[2], firstHead[3]);
    assert.equal(r.id, db.log.id(firstHead[2], firstHead[3]));
  });

  it('an index entry pointing at another record is refused when its tile is read for it, too', async () => {
    const cacheDir = await seeded();
    // The second record's id and text under the first record's name, without its proof: only its tile can prove it.
    const firstHead = giveFirstEntryTheSecondRecord(indexFile(cacheDir, db.name), false);
    const second = client({ cacheDir });
    // No prepare(): the lookup reads the tile holding the leaf itself.
    const r = await second.client.lookupRecord(firstHead[2], firstHead[3]);
    assert.equal(r.id, db.log.id(firstHead[2], firstHead[3]));
    assert.ok(recordLinesOf(r.text).some((l: string) => l.startsWith(`${firstHead[2]} ${firstHead[3]}`)));
  });

  it('an index written for another key is ignored', async () => {
    const cacheDir = await seeded();
    const file = indexFile(cacheDir, db.name);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^key .*$/m, 'key sumdb.test+00000000+AAAA'));
    const second = client({ cacheDir });
    await second.client.latest();
    await second.client.prepare(entries);
    assert.equal(second.client.lookupRecordNow(entries[0].module, entries[0].version), undefined);
  });

  it('offline: indexed records verify from the cached tiles; with the tiles gone they are unverifiable', async () => {
    const cacheDir = await seeded();
    assert.doesNotMatch(readFileSync(indexFile(cacheDir, db.name), 'utf8'), /^tree /m, 'records packed in one tile get no proofs');
    const offline = client({ cacheDir, offline: true });
    const r = await offline.client.lookupRecord(entries[3].module, entries[3].version);
    assert.ok(r.fromCache);
    dropCachedTiles(cacheDir, db.name);
    const bare = client({ cacheDir, offline: true });
    const err = await bare.client.lookup(entries[3].module, entries[3].version).catch((e) => e);
    assert.ok(err instanceof UnverifiableError, String(err));
  });

  it('the database forks after everything was indexed: a new process reports the fork, not a verified line', async () => {
    const cacheDir = await seeded();
    db.setMisbehavior({ kind: 'fork' });
    const second = client({ cacheDir });
    const err = await second.client.latest().catch((e) => e);
    assert.ok(err instanceof SecurityError, String(err));
    assert.equal(second.securityReports.length, 1);
  });

  it('settled() writes one pack (records and tiles), no file per lookup or tile, no temp or lock file left', async () => {
    const c = client();
    for (const e of entries.slice(0, 10)) await c.client.lookup(e.module, e.version);
    await c.client.settled();
    const files = readdirSync(c.cacheDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => path.relative(c.cacheDir, path.join(f.parentPath ?? f.path, f.name)));
    assert.deepEqual(files.sort(), [path.join('sumdb', 'config', db.name, 'latest'), path.join('sumdb', 'index', db.name)]);
    const back = new RecordIndex(db.verifierKey);
    assert.equal(await back.merge(readFileSync(indexFile(c.cacheDir, db.name))), 10);
    assert.ok(back.tileCount > 0, 'the tiles proving the records are in the pack');
  });
});

describe('auditing from the index in a new process', function () {
  it('a fork since the last process is a security error on every line, though every record is indexed', async () => {
    await auditsInOneHome({ goSumLines: ETCD }, 'audit-index-fork', async (db, audit) => {
      await audit(async (first) => assert.equal((await first.auditor.audit(parse(ETCD))).summary.verified, 208));
      db.setMisbehavior({ kind: 'fork' });
      await audit(async (second) => {
        db.requests.length = 0;
        const r = await second.auditor.audit(parse(ETCD));
        assert.equal(r.summary['security-error'], 208);
        assert.equal(r.summary.verified, 0);
        assert.deepEqual(lookupsIn(db.requests), []);
      });
    });
  });

  it('honest growth since the last process: every line verified from the index, no lookups, the larger tree', async () => {
    await auditsInOneHome({ goSumLines: ETCD.slice(0, 100) }, 'audit-index-growth', async (db, audit) => {
      await audit(async (first) => assert.equal((await first.auditor.audit(parse(ETCD.slice(0, 100)))).summary.verified, 100));
      await db.append(ETCD.slice(100));
      await audit(async (second) => {
        db.requests.length = 0;
        const r = await second.auditor.audit(parse(ETCD.slice(0, 100)));
        assert.equal(r.summary.verified, 100);
        assert.equal(r.database!.treeSize, db.log.size);
        assert.deepEqual(lookupsIn(db.requests), []);
        assert.equal(db.requests[0], '/latest');
      });
    });
  });
});

describe('pieces of the fast paths', function () {
  it('an index round-trips its records and skips what it cannot read', async () => {
    const idx = new RecordIndex('db.test+12345678+key');
    idx.set('example.com/a@v1.0.0', { id: 3, treeSize: 10, text: 'example.com/a v1.0.0 h1:x\nexample.com/a v1.0.0/go.mod h1:y\n' });
    idx.set('example.com/b@v2.0.0', { id: 4, treeSize: 10, text: 'not canonical' });
    assert.equal(idx.size, 1, 'a text that is not plain record lines is not indexed');
    const data = Buffer.concat(await idx.format()).toString() + '7 10 example.com/c v1 9\nshort\n';
    const back = new RecordIndex('db.test+12345678+key');
    assert.equal(await back.merge(Buffer.from(data)), 1);
    assert.deepEqual(back.get('example.com/a@v1.0.0'), idx.get('example.com/a@v1.0.0'));
    assert.equal(await new RecordIndex('other+key').merge(Buffer.from(data)), 0);
    assert.ok(isCanonicalText('a\nb\n'));
    assert.deepEqual(recordLinesOf('a\nb\n'), ['a', 'b']);
    const text = 'example.com/ü v1.0.0 h1:x\n';
    assert.deepEqual(recordHashOfText(text), recordHash(Buffer.from(text, 'utf8')));
    assert.equal(isCanonicalText('a\n\nb\n'), false);
  });

  it('a record text is read in place: plain lines, and whether it holds a line for a module version', () => {
    const lines = (n: number, width = 1) => Array.from({ length: n }, () => 'x'.repeat(width) + '\n').join('');
    for (const [text, plain] of [['', false], ['a\n', true], ['a', false], ['\na\n', false], ['a\n\nb\n', false], ['a\r\n', false],
      ['a\rb\n', false], [lines(64), true], [lines(65), false], [lines(2, 4096), true], [lines(2, 4097), false]] as const) {
      assert.equal(isCanonicalText(text), plain, JSON.stringify(text.slice(0, 20)));
    }
    const text = 'a.com/x v1.0.0 h1:z=\na.com/x v1.0.0/go.mod h1:m=\n';
    const holds = (t: string, path: string, version: string) => holdsLineFor(t, path, version);
    assert.ok(holds(text, 'a.com/x', 'v1.0.0'));
    assert.ok(holds(text, 'a.com/x', 'v1.0.0/go.mod'));
    assert.ok(holds('a.com/x v1.0.0/go.mod h1:m=\n', 'a.com/x', 'v1.0.0'), 'the /go.mod line alone');
    assert.ok(holds('a.com/x v1.0.0 h1:z=', 'a.com/x', 'v1.0.0'), 'no newline after the last line');
    for (const [path, version] of [['a.com', 'v1.0.0'], ['a.com/x', 'v1.0'], ['a.com/xy', 'v1.0.0'], ['a.com/x', 'v1.0.0/go'], ['b.com/x', 'v1.0.0']]) {
      assert.ok(!holds(text, path, version), `${path} ${version}`);
    }
    assert.ok(!holds('a.com/x v1.0.0\n', 'a.com/x', 'v1.0.0'), 'a line that ends after the version');
    assert.ok(!holds('a.com/x v1.0.0/go.modh1:m=\n', 'a.com/x', 'v1.0.0'));
  });

  it('a big index is written in pieces and read back entry for entry, UTF-8 and all, with no trailing newline too', async () => {
    const idx = new RecordIndex('db.test+12345678+key');
    // 12,000 entries: over 1 MiB, so reading decodes the file in more than one piece.
    for (let i = 0; i < 12_000; i++) {
      const m = `example.com/ü${i}`;
      idx.set(`${m}@v1.0.${i}`, { id: i, treeSize: 20_000, text: `${m} v1.0.${i} h1:x${i}=\n${m} v1.0.${i}/go.mod h1:y${i}=\n` });
    }
    const chunks = await idx.format();
    assert.ok(chunks.length >= 4, `${chunks.length} pieces for 12,000 entries`);
    // Each piece whole entries, its string small enough for V8's young generation (under 64 K characters).
    for (const c of chunks) {
      const piece = Buffer.from(c).toString('utf8');
      assert.ok(piece.length <= 64 * 1024, `a piece of ${piece.length} characters`);
      assert.ok(piece.endsWith('=\n'), 'a piece ends with an entry');
    }
    assert.equal(idx.dirty, false);
    const data = Buffer.concat(chunks);
    assert.ok(data.length > 1 << 20, `${data.length} bytes`);
    const back = new RecordIndex('db.test+12345678+key');
    assert.equal(await back.merge(data), 12_000);
    for (let i = 0; i < 12_000; i++) {
      assert.deepEqual(back.get(`example.com/ü${i}@v1.0.${i}`), idx.get(`example.com/ü${i}@v1.0.${i}`), `entry ${i}`);
    }
    // A file cut inside the last line keeps that entry's cut text, which the client never takes as a record; cut
    // before that line, the entry is dropped.
    const cut = new RecordIndex('db.test+12345678+key');
    assert.equal(await cut.merge(data.subarray(0, data.length - 3)), 12_000);
    assert.equal(isCanonicalText(cut.get('example.com/ü11999@v1.0.11999')!.text), false);
    const lastLine = Buffer.byteLength('example.com/ü11999 v1.0.11999/go.mod h1:y11999=\n');
    const shorter = new RecordIndex('db.test+12345678+key');
    assert.equal(await shorter.merge(data.subarray(0, data.length - lastLine)), 11_999);
    const bare = new RecordIndex('db.test+12345678+key');
    assert.equal(await bare.merge(Buffer.from('gosum-doctor verified-record index 2\nkey db.test+12345678+key')), 0);
  });

  it('the pack is read a piece at a time: every line and every marked text whatever the piece size', () => {
    const text = 'first\nü second\n\nthird line\r\n' + Array.from({ length: 40 }, (_, i) => `l${i} ${'ü'.repeat(i % 5)}\n`).join('') + 'last, no newline';
    const lines = text.split('\n');
    for (const piece of [1, 2, 3, 7, 16, 100, 1 << 20]) {
      const file = new PackLines(Buffer.from(text), piece);
      // Marks every third line and reads three lines from there: the text between must be those lines whole.
      for (let i = 0; i < lines.length; i++) {
        if (i % 3 === 0) file.mark();
        assert.equal(file.line(), lines[i], `line ${i}, pieces of ${piece} bytes`);
        if (i % 3 === 2) assert.equal(file.marked(), lines.slice(i - 2, i + 1).join('\n') + (i < lines.length - 1 ? '\n' : ''), `lines ${i - 2}-${i}, pieces of ${piece} bytes`);
      }
      assert.equal(file.line(), undefined);
      assert.equal(file.skip(), false);
    }
  });

  it('a caller slow between the slices of formatting a big index (waiting for a quiet moment) changes nothing in it', async () => {
    const idx = new RecordIndex('db.test+12345678+key');
    for (let i = 0; i < 60_000; i++) idx.set(`example.com/m${i}@v1.0.${i}`, { id: i, treeSize: 70_000, text: `example.com/m${i} v1.0.${i} h1:x${i}=\n` });
    let waits = 0;
    const slowly = await idx.format(async () => {
      waits++;
      // Another turn of the event loop: what a caller waiting for a quiet moment gives up.
      await new Promise((resolve) => setImmediate(resolve));
    });
    assert.ok(waits > 0, 'the caller was waited for between slices');
    assert.deepEqual(Buffer.concat(slowly), Buffer.concat(await idx.format()));
  });
});
