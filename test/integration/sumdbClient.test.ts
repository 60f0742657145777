import assert from 'node:assert/strict';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { clientFor, databasePerTest, readGoSum, type TestClient, goCacheOf } from '../support/sumdbClientSetup';
import { goSumdbDirs } from '../../server/src/sumdb/store';
import { lookupPath } from '../../server/src/sumdb/lookupPath';
import {
  NotFoundError,
  RemoteStatusError,
  SecurityError,
  UnverifiableError,
  VerificationError,
} from '../../server/src/sumdb/client';
import { TransportError } from '../../server/src/transport/types';
import { checkTree, hashEqual } from '../../server/src/sumdb/tlog';
import { groupGoSumLines } from '../support/sumdbLog';

const ETCD = readGoSum('etcd-io_etcd.go.sum');
const PROMETHEUS = readGoSum('prometheus_prometheus.go.sum');

/** The go.sum lines of `module version` (both kinds) as the corpus has them. */
/** The corpus lines Go's Lookup(module, version) gives: those starting "module version " ("v1.0.0/go.mod" for the go.mod line). */
function linesOf(corpus: string[], module: string, version: string): string[] {
  return corpus
    .map((l) => l.trim().split(/\s+/).join(' '))
    .filter((l) => l.startsWith(`${module} ${version} `))
    .sort();
}

function tileRequests(db: SumdbServer): string[] {
  return db.requests.filter((r) => r.includes('/tile/'));
}

describe('checksum-database client against our test database', function () {
  let db: SumdbServer;
  const entries = groupGoSumLines(ETCD);

  const pool = databasePerTest({ goSumLines: ETCD }, (d) => { db = d; });
  const client = pool.client;

  it('a lookup returns the database lines only once the note, the tree and the record check out', async () => {
    const c = client();
    for (const e of entries.slice(0, 25)) {
      // As the go command asks: once for the zip's line, once for the /go.mod line.
      const lines = await c.client.lookup(e.module, e.version);
      assert.deepEqual([...lines].sort(), linesOf(ETCD, e.module, e.version), `${e.module}@${e.version}`);
      const goMod = await c.client.lookup(e.module, `${e.version}/go.mod`);
      assert.deepEqual([...goMod].sort(), linesOf(ETCD, e.module, `${e.version}/go.mod`), `${e.module}@${e.version}/go.mod`);
    }
    const head = await c.client.remembered();
    assert.equal(head.tree.n, db.log.size);
    assert.ok(hashEqual(head.tree.hash, (await db.log.tree()).hash));
    assert.equal(c.rememberedNote(), Buffer.from(await db.log.signedTree()).toString('utf8'));
    assert.ok(tileRequests(db).length > 0, 'inclusion was proven with tiles');
  });

  it('a /go.mod lookup returns only the /go.mod line, like the go command', async () => {
    const e = entries.find((x) => Buffer.from(x.text).toString().split('\n').length === 3)!;
    const lines = await client().client.lookup(e.module, `${e.version}/go.mod`);
    assert.deepEqual(lines, linesOf(ETCD, e.module, `${e.version}/go.mod`));
    assert.ok(lines.length > 0 && lines.every((l) => l.includes('/go.mod ')));
  });

  it('a module the database does not know is a 404 in the go command\'s words', async () => {
    const err = await client().client.lookup('example.com/Unknown', 'v1.0.0').catch((e) => e);
    assert.ok(err instanceof NotFoundError, String(err));
    assert.equal(err.status, 404);
    assert.equal(
      err.message,
      `example.com/Unknown@v1.0.0: reading ${db.url}/lookup/example.com/!unknown@v1.0.0: 404 Not Found\n\tserver response: not found: example.com/Unknown@v1.0.0`,
    );
  });

  it('a module the database has dropped answers 410 Gone', async () => {
    const e = entries[3];
    db.setMisbehavior({ kind: 'not-found', modules: [`${e.module}@${e.version}`], status: 410 });
    const err = await client().client.lookup(e.module, e.version).catch((x) => x);
    assert.ok(err instanceof NotFoundError);
    assert.match(err.message, /: 410 Gone\n\tserver response: gone: /);
  });

  it('a database failing with 500 is not mistaken for "not found"', async () => {
    db.setMisbehavior({ kind: 'status', status: 500 });
    const err = await client().client.lookup(entries[0].module, entries[0].version).catch((x) => x);
    assert.ok(err instanceof RemoteStatusError && !(err instanceof NotFoundError), String(err));
    assert.match(err.message, /: 500 Internal Server Error\n\tserver response: 500 Internal Server Error \(injected/);
  });

  it('a tree note with a corrupted signature is refused with Go\'s wording', async () => {
    db.setMisbehavior({ kind: 'bad-signature' });
    const c = client();
    const err = await c.client.lookup(entries[0].module, entries[0].version).catch((x) => x);
    assert.ok(err instanceof VerificationError, String(err));
    assert.equal(err.kind, 'bad-signature');
    const keyId = db.verifierKey.split('+').slice(0, 2).join('+');
    assert.ok(err.message.includes(`: reading tree note: invalid signature for key ${keyId}\nnote:\ngo.sum database tree\n`), err.message);
    assert.equal(c.rememberedNote(), undefined, 'nothing unverified is remembered');
  });

  it('a database signing with another key is refused: no verifiable signatures', async () => {
    db.setMisbehavior({ kind: 'other-key' });
    const err = await client().client.lookup(entries[0].module, entries[0].version).catch((x) => x);
    assert.ok(err instanceof VerificationError);
    assert.equal(err.kind, 'unverified-note');
    assert.match(err.message, /reading tree note: note has no verifiable signatures\nnote:\n/);
  });

  it('a tile that does not hash up to the signed tree is caught', async () => {
    db.setMisbehavior({ kind: 'inconsistent-tile' });
    const err = await client().client.lookup(entries[7].module, entries[7].version).catch((x) => x);
    assert.ok(err instanceof VerificationError, String(err));
    assert.equal(err.kind, 'inconsistent-tile');
    assert.match(err.message, /downloaded inconsistent tile$/);
  });

  it('a record that is not the leaf in the signed tree is caught', async () => {
    db.setMisbehavior({ kind: 'record-not-in-tree' });
    const c = client();
    const err = await c.client.lookup(entries[5].module, entries[5].version).catch((x) => x);
    assert.ok(err instanceof VerificationError);
    assert.equal(err.kind, 'record-not-in-tree');
    assert.equal(err.message, `${entries[5].module}@${entries[5].version}: cannot authenticate record data in server response`);
  });

  it('a record id beyond the signed tree is caught', async () => {
    db.setMisbehavior({ kind: 'record-beyond-tree' });
    const err = await client().client.lookup(entries[5].module, entries[5].version).catch((x) => x);
    assert.ok(err instanceof VerificationError);
    assert.equal(err.kind, 'record-beyond-tree');
    assert.match(err.message, new RegExp(`cannot validate record ${db.log.size} in tree of size ${db.log.size}$`));
  });

  it('the database forks at the same size between two lookups: a security error with both notes, never retried', async () => {
    const c = client();
    await c.client.lookup(entries[0].module, entries[0].version);
    const honestNote = Buffer.from(await db.log.signedTree()).toString('utf8');
    db.setMisbehavior({ kind: 'fork' });
    const before = db.requests.length;
    const err = await c.client.lookup(entries[1].module, entries[1].version).catch((x) => x);
    assert.ok(err instanceof SecurityError, String(err));
    const forkNote = Buffer.from(err.olderNote).toString('utf8');
    assert.notEqual(forkNote, honestNote);
    assert.equal(Buffer.from(err.newerNote).toString('utf8'), honestNote);
    const tab = (s: string) => s.replace(/\n/g, '\n\t');
    assert.equal(
      err.message,
      `SECURITY ERROR\ngo.sum database server misbehavior detected!\n\nold database:\n\t${tab(forkNote)}\nnew database:\n\t${tab(honestNote)}\nproof of misbehavior:\n\t${Buffer.from(err.computedHash).toString('base64')}`,
    );
    assert.deepEqual(c.securityReports, [err.message]);
    assert.equal(db.requests.length - before, 1, 'one lookup request, no retry');
    assert.equal(c.rememberedNote(), honestNote, 'the remembered head is untouched');
    // Asking again does not paper over it.
    const again = await c.client.lookup(entries[1].module, entries[1].version).catch((x) => x);
    assert.ok(again instanceof SecurityError);
  });

  it('the database forks and grows: the security error carries a checkable consistency proof', async () => {
    const c = client();
    await c.client.lookup(entries[0].module, entries[0].version);
    db.setMisbehavior({ kind: 'fork', extraLines: ['example.com/forked v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='] });
    const err = await c.client.lookup(entries[2].module, entries[2].version).catch((x) => x);
    assert.ok(err instanceof SecurityError, String(err));
    assert.equal(err.newerTree.n, db.log.size + 1);
    assert.equal(err.olderTree.n, db.log.size);
    assert.ok(!hashEqual(err.computedHash, err.olderTree.hash));
    assert.ok(err.proof.length > 0);
    checkTree(err.proof, err.newerTree.n, err.newerTree.hash, err.olderTree.n, err.computedHash);
    const proofLines = err.message.split('proof of misbehavior:\n\t')[1].split('\n\t');
    assert.deepEqual(proofLines, [err.computedHash, ...err.proof].map((h) => Buffer.from(h).toString('base64')));
    assert.equal((await c.client.remembered()).tree.n, db.log.size, 'the forked head is not adopted');
  });

  it('a fresh client that remembers the honest head on disk catches the fork too', async () => {
    const first = client();
    await first.client.lookup(entries[0].module, entries[0].version);
    db.setMisbehavior({ kind: 'fork' });
    const second = client({ cacheDir: first.cacheDir });
    const err = await second.client.lookup(entries[9].module, entries[9].version).catch((x) => x);
    assert.ok(err instanceof SecurityError, String(err));
  });

  it('latest() proves /latest against the remembered head, so a fork shows even when every record is cached', async () => {
    const c = client();
    await c.client.lookup(entries[0].module, entries[0].version);
    const head = await c.client.latest();
    assert.equal(head.tree.n, db.log.size);
    db.setMisbehavior({ kind: 'fork', extraLines: ['example.com/forked v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='] });
    await assert.rejects(c.client.latest(), SecurityError);
    // The cached record still verifies against the honest head.
    assert.ok((await c.client.lookup(entries[0].module, entries[0].version)).length > 0);
  });

  it('honest growth is accepted, and the remembered head advances only after the consistency proof', async () => {
    const c = client();
    await c.client.lookup(entries[0].module, entries[0].version);
    const oldSize = db.log.size;
    const oldNote = c.rememberedNote();
    await db.append(['example.com/grown v1.2.3 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=', 'example.com/grown v1.2.3/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=']);

    // First the proof fails (a lying tile): the head must not move.
    db.setMisbehavior({ kind: 'inconsistent-tile' });
    const err = await c.client.lookup('example.com/grown', 'v1.2.3').catch((x) => x);
    assert.ok(err instanceof VerificationError, String(err));
    assert.match(err.message, new RegExp(`checking tree#${oldSize} against tree#${oldSize + 1}: downloaded inconsistent tile`));
    assert.equal((await c.client.remembered()).tree.n, oldSize);
    assert.equal(c.rememberedNote(), oldNote);

    db.setMisbehavior({ kind: 'honest' });
    const lines = await c.client.lookup('example.com/grown', 'v1.2.3');
    assert.deepEqual(lines, ['example.com/grown v1.2.3 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4='], 'the zip line only, as Go\'s Lookup gives');
    assert.equal((await c.client.remembered()).tree.n, oldSize + 1);
    assert.equal(c.rememberedNote(), Buffer.from(await db.log.signedTree()).toString('utf8'));
    // Records looked up before the growth still verify (now against the larger tree).
    assert.ok((await c.client.lookup(entries[0].module, entries[0].version)).length > 0);
  });

  it('a truncated body is a transport failure, not a verdict', async () => {
    db.setMisbehavior({ kind: 'truncate' });
    const err = await client().client.lookup(entries[0].module, entries[0].version).catch((x) => x);
    assert.ok(err instanceof TransportError, String(err));
    assert.ok(err.message.startsWith(`${entries[0].module}@${entries[0].version}: `));
  });

  it('an oversized body is cut off at the cap', async () => {
    db.setMisbehavior({ kind: 'oversize', bytes: 4 << 20 });
    const err = await client().client.lookup(entries[0].module, entries[0].version).catch((x) => x);
    assert.ok(err instanceof TransportError, String(err));
    assert.equal(err.kind, 'too-large');
  });

  it('a database that never answers times out', async () => {
    db.setMisbehavior({ kind: 'stall' });
    const err = await client({ transport: { timeoutMs: 300 } }).client.lookup(entries[0].module, entries[0].version).catch((x) => x);
    assert.ok(err instanceof TransportError, String(err));
    assert.equal(err.kind, 'timeout');
  });

  it('a connection reset mid-request is a transport failure', async () => {
    db.setMisbehavior({ kind: 'reset' });
    const err = await client().client.lookup(entries[0].module, entries[0].version).catch((x) => x);
    assert.ok(err instanceof TransportError, String(err));
    assert.equal(err.kind, 'reset');
  });

  it('bad module paths are refused before any request', async () => {
    const c = client();
    for (const [m, v] of [['../../etc/passwd', 'v1.0.0'], ['example.com/x', 'v1.0.0?x=1'], ['example.com/x', '../v1'], ['', 'v1.0.0']]) {
      await assert.rejects(c.client.lookup(m, v), (e: Error) => e.message.startsWith(`${m}@${v}: `));
    }
    assert.deepEqual(db.requests, []);
  });

  it('the database can be reached through a proxy\'s /sumdb/<name>/ path', async () => {
    const c = client({ baseUrl: db.proxiedDatabaseUrl });
    const e = entries[4];
    assert.deepEqual([...(await c.client.lookup(e.module, e.version))].sort(), linesOf(ETCD, e.module, e.version));
    assert.ok(db.requests.every((r) => r.startsWith(`/sumdb/${db.name}/`)));
  });
});

describe('checksum-database client: concurrency and caches', function () {
  let db: SumdbServer;
  const open: TestClient[] = [];
  const entries = groupGoSumLines(PROMETHEUS).slice(0, 200);

  before(async () => {
    db = await startSumdbServer({ goSumLines: PROMETHEUS });
  });
  after(async () => {
    await Promise.all(open.map((c) => c.close()));
    await db.close();
  });

  it('200 lookups at once fetch every tile and every lookup at most once', async () => {
    assert.equal(entries.length, 200);
    const c = clientFor(db);
    open.push(c);
    db.requests.length = 0;
    const results = await Promise.all([
      ...entries.map((e) => c.client.lookup(e.module, e.version)),
      ...entries.map((e) => c.client.lookup(e.module, `${e.version}/go.mod`)),
    ]);
    results.slice(0, 200).forEach((lines, i) => assert.deepEqual([...lines].sort(), linesOf(PROMETHEUS, entries[i].module, entries[i].version)));
    const tiles = tileRequests(db);
    assert.ok(tiles.length > 0);
    assert.equal(new Set(tiles).size, tiles.length, `a tile was fetched twice: ${tiles.join(' ')}`);
    const lookups = db.requests.filter((r) => r.startsWith('/lookup/'));
    assert.equal(lookups.length, 200, 'zip and /go.mod lookups share one request');
  });

  it('a second client with the same cache directory answers without asking the server', async () => {
    const first = clientFor(db);
    open.push(first);
    for (const e of entries.slice(0, 40)) await first.client.lookup(e.module, e.version);
    await first.client.settled();
    const second = clientFor(db, { cacheDir: first.cacheDir });
    open.push(second);
    db.requests.length = 0;
    for (const e of entries.slice(0, 40)) {
      const r = await second.client.lookupRecord(e.module, e.version);
      assert.ok(r.fromCache);
      assert.deepEqual([...await second.client.lookup(e.module, e.version)].sort(), linesOf(PROMETHEUS, e.module, e.version));
    }
    assert.deepEqual(db.requests, []);
  });

  it('offline with nothing cached, a lookup is unverifiable, never verified', async () => {
    const c = clientFor(db, { offline: true });
    open.push(c);
    db.requests.length = 0;
    const err = await c.client.lookup(entries[0].module, entries[0].version).catch((x) => x);
    assert.ok(err instanceof UnverifiableError, String(err));
    await assert.rejects(c.client.latest(), UnverifiableError);
    assert.deepEqual(db.requests, []);
  });

  it('offline, a lookup in Go\'s cache whose tiles are not cached is unverifiable', async () => {
    const e = entries[10];
    const gopath = await goCacheOf(db, ['latest', lookupPath(e.module, e.version)]);
    const offline = clientFor(db, { offline: true, go: goSumdbDirs(gopath, undefined) });
    open.push(offline);
    const err = await offline.client.lookup(e.module, e.version).catch((x) => x);
    assert.ok(err instanceof UnverifiableError, String(err));
    assert.match(err.message, /offline: tile\/8\/0\/\S+ is not in the local caches/);
  });

  it('Go\'s caches serve as a source while online and are never written', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const seed = clientFor(db);
    open.push(seed);
    db.requests.length = 0;
    for (const e of entries.slice(50, 60)) await seed.client.lookup(e.module, e.version);
    // What the go command would have cached for these lookups: the head, the lookups and the tiles they read.
    const gopath = await goCacheOf(db, ['latest', ...db.requests.map((r) => r.slice(1)).filter((r) => r !== 'latest')]);
    const snapshot = () => readdirSync(gopath, { recursive: true }).map(String).sort().map((f) => {
      const st = statSync(`${gopath}/${f}`);
      return `${f} ${st.size} ${st.mtimeMs}`;
    });
    const before = snapshot();
    const c = clientFor(db, { go: goSumdbDirs(gopath, undefined) });
    open.push(c);
    db.requests.length = 0;
    for (const e of entries.slice(50, 60)) assert.ok((await c.client.lookupRecord(e.module, e.version)).fromCache);
    assert.deepEqual(db.requests, [], 'answered from Go\'s cache alone');
    await c.client.lookup(entries[70].module, entries[70].version);
    await c.client.settled();
    assert.ok(db.requests.length > 0);
    assert.deepEqual(snapshot(), before, 'nothing under GOPATH changed');
    const { rmSync } = await import('node:fs');
    rmSync(gopath, { recursive: true, force: true });
  });
});
