import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { answeredWithoutIo, clientFor, databasePerTest, readGoSum, seededCache, tempDir, type TestClient, dropCachedTiles } from '../support/sumdbClientSetup';
import { lookupsIn, parse } from '../support/auditSetup';
import { auditsInOneHome } from '../support/sumdbAudits';
import { groupGoSumLines } from '../support/sumdbLog';
import { SecurityError, UnverifiableError } from '../../server/src/sumdb/client';
import { RecordIndex } from '../../server/src/sumdb/recordIndex';
import { ProvenTree, StoredHashes, encodeProof, proveRecordFrom } from '../../server/src/sumdb/recordProof';
import { proveRecord, recordHash, storedHashIndex, tileForIndex } from '../../server/src/sumdb/tlog';

const ETCD = readGoSum('etcd-io_etcd.go.sum');
/** As in sum.golang.org's log: every record of the go.sum in a level-0 tile of its own. */
const SPREAD = 300;

function indexText(cacheDir: string, name: string): string {
  return readFileSync(path.join(cacheDir, 'sumdb', 'index', name), 'utf8');
}

function tileRequests(requests: readonly string[]): string[] {
  return requests.filter((r) => r.includes('/tile/'));
}

describe('record proofs in the index: a warm run on a real log reads no tile', function () {
  let db: SumdbServer;
  const sample = ETCD.slice(0, 60);
  const entries = groupGoSumLines(sample);

  const pool = databasePerTest({ goSumLines: sample, spread: SPREAD }, (d) => { db = d; });
  const client = pool.client;

  const seeded = (): Promise<string> => seededCache(pool, entries, 'proofs');

  it('the test log spreads the records: no two share a level-0 tile', () => {
    const tiles = new Set(entries.map((e) => tileForIndex(8, storedHashIndex(0, db.log.id(e.module, e.version)!)).n));
    assert.equal(tiles.size, entries.length);
    assert.equal(db.log.size, entries.length * (SPREAD + 1));
  });

  it('a new process proves every indexed record by its proof, with the tiles deleted and only /latest asked', async () => {
    const cacheDir = await seeded();
    assert.match(indexText(cacheDir, db.name), /^tree \d+ \S+$/m);
    dropCachedTiles(cacheDir, db.name);
    const second = client({ cacheDir });
    for (const now of await answeredWithoutIo(second, db, entries)) assert.equal(now.tree.n, db.log.size);
    assert.deepEqual(db.requests, ['/latest']);
  });

  it('a proof with one flipped bit is not believed: the record is proven through tiles instead', async () => {
    const cacheDir = await seeded();
    const file = path.join(cacheDir, 'sumdb', 'index', db.name);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => /^\d+ /.test(l));
    const head = lines[at].split(' ');
    const proof = Buffer.from(head[5], 'base64');
    proof[5] ^= 1;
    lines[at] = [...head.slice(0, 5), proof.toString('base64')].join(' ');
    writeFileSync(file, lines.join('\n'));
    const [module, version] = [head[2], head[3]];
    dropCachedTiles(cacheDir, db.name);
    const second = client({ cacheDir });
    await second.client.latest();
    await second.client.prepare(entries);
    assert.equal(second.client.lookupRecordNow(module, version), undefined, 'the altered proof proves nothing');
    assert.ok(second.client.lookupRecordNow(entries[1].module, entries[1].version), 'the others still stand');
    db.requests.length = 0;
    const r = await second.client.lookupRecord(module, version);
    assert.equal(r.id, db.log.id(module, version));
    assert.ok(tileRequests(db.requests).length > 0, 'proven again through tiles');
    assert.deepEqual(lookupsIn(db.requests), []);
  });

  it('offline: the proofs prove the records with every tile gone; without them the records are unverifiable', async () => {
    const cacheDir = await seeded();
    dropCachedTiles(cacheDir, db.name);
    const offline = client({ cacheDir, offline: true });
    db.requests.length = 0;
    for (const e of entries.slice(0, 5)) assert.equal((await offline.client.lookupRecord(e.module, e.version)).id, db.log.id(e.module, e.version));
    assert.deepEqual(db.requests, []);
    const file = path.join(cacheDir, 'sumdb', 'index', db.name);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\d+ \d+ \S+ \S+ \d+) \S+$/gm, '$1'));
    const bare = client({ cacheDir, offline: true });
    const err = await bare.client.lookup(entries[0].module, entries[0].version).catch((e) => e);
    assert.ok(err instanceof UnverifiableError, String(err));
  });

  it('records packed in one tile get no proofs: their tile proves them all', async () => {
    const packed = await startSumdbServer({ goSumLines: sample });
    const open: TestClient[] = [];
    try {
      const c = clientFor(packed, { cacheDir: tempDir('packed') });
      open.push(c);
      for (const e of entries) await c.client.lookup(e.module, e.version);
      await c.client.settled();
      assert.doesNotMatch(indexText(c.cacheDir, packed.name), /^tree /m);
      assert.match(indexText(c.cacheDir, packed.name), /^\d+ \d+ \S+ \S+ \d+$/m);
    } finally {
      await Promise.all(open.splice(0).map((x) => x.close()));
      await packed.close();
    }
  });

  it('the database forks after every record was proven in the index: the fork is caught, nothing verified', async () => {
    const cacheDir = await seeded();
    dropCachedTiles(cacheDir, db.name);
    db.setMisbehavior({ kind: 'fork', extraLines: ETCD.slice(60, 64) });
    const second = client({ cacheDir });
    const err = await second.client.latest().catch((e) => e);
    assert.ok(err instanceof SecurityError, String(err));
    assert.equal(second.securityReports.length, 1);
  });
});

describe('auditing a real log\'s layout from the index in a new process', function () {
  it('a fork since the last process is a security error on every line, though every record has its proof', async () => {
    const lines = ETCD.slice(0, 60);
    await auditsInOneHome({ goSumLines: lines, spread: SPREAD }, 'audit-proofs-fork', async (db, audit) => {
      await audit(async (first) => assert.equal((await first.auditor.audit(parse(lines))).summary.verified, 60));
      await audit(async (second) => {
        db.requests.length = 0;
        assert.equal((await second.auditor.audit(parse(lines))).summary.verified, 60);
        assert.deepEqual(db.requests, ['/latest'], 'warm: one /latest, no tile, no lookup');
      });
      db.setMisbehavior({ kind: 'fork', extraLines: ETCD.slice(60, 64) });
      await audit(async (third) => {
        const r = await third.auditor.audit(parse(lines));
        assert.equal(r.summary['security-error'], 60);
        assert.equal(r.summary.verified, 0);
      });
    });
  });
});

describe('honest growth on a real log\'s layout', function () {
  it('a new process verifies every line by its proof in the older tree, proven a prefix of the new head', async () => {
    const lines = ETCD.slice(0, 60);
    await auditsInOneHome({ goSumLines: lines, spread: SPREAD }, 'audit-proofs-growth', async (db, audit) => {
      await audit(async (first) => assert.equal((await first.auditor.audit(parse(lines))).summary.verified, 60));
      const before = db.log.size;
      await db.append(ETCD.slice(60, 80));
      await audit(async (second) => {
        db.requests.length = 0;
        const r = await second.auditor.audit(parse(lines));
        assert.equal(r.summary.verified, 60);
        assert.equal(r.database!.treeSize, db.log.size);
        assert.ok(db.log.size > before);
        assert.deepEqual(lookupsIn(db.requests), []);
        assert.ok(tileRequests(db.requests).length <= 8, `only the tiles proving the new head: ${db.requests.join(' ')}`);
      });
    });
  });
});

describe('record proofs, the pure part', function () {
  const texts = Array.from({ length: 777 }, (_, i) => Buffer.from(`example.com/m${i} v1.0.0 h1:x\n`));

  async function tree(): Promise<{ root: (n: number) => Promise<Uint8Array>; stored: (level: number, index: number) => Uint8Array; prove: typeof proveRecord; reader: Parameters<typeof proveRecord>[2] }> {
    const { TestLog } = await import('../support/sumdbLog');
    const { generateKeyPair } = await import('../../server/src/sumdb/note');
    const log = new TestLog((await import('../../server/src/sumdb/note')).parseSignerKey(generateKeyPair('p.test').signerKey));
    await log.append(texts.map((text, i) => ({ module: `example.com/m${i}`, version: 'v1.0.0', text })));
    const hashes = await log.reader.readHashes(Array.from({ length: storedHashIndex(0, 777) }, (_, i) => i));
    return {
      root: async (n) => (await log.tree(n)).hash,
      stored: (level, index) => hashes[storedHashIndex(level, index)],
      prove: proveRecord,
      reader: log.reader,
    };
  }

  it('builds the proofs tlog builds, from stored hashes of tile levels only, and checks them with shared nodes', async () => {
    const t = await tree();
    for (const n of [1, 2, 3, 255, 256, 257, 500, 777]) {
      const th = await t.root(n);
      const stored = new StoredHashes(8, (level, index) => (level % 8 === 0 && storedHashIndex(level, index) < storedHashIndex(0, 777) ? t.stored(level, index) : undefined));
      const proven = new ProvenTree(n, th);
      for (let id = 0; id < n; id += n > 64 ? 7 : 1) {
        const mine = proveRecordFrom(n, id, stored.get);
        assert.deepEqual(mine?.map((h) => Buffer.from(h).toString('hex')), (await proveRecord(n, id, t.reader)).map((h) => Buffer.from(h).toString('hex')));
        const again = encodeProof(mine!);
        assert.ok(proven.includes(again, id, recordHash(texts[id])), `record ${id} in tree ${n}`);
        assert.ok(!proven.includes(again, id, recordHash(texts[(id + 1) % 777])), 'another leaf with this proof fails, shared nodes or not');
        if (mine!.length > 0) {
          const bad = mine!.map((h) => Buffer.from(h));
          bad[0][0] ^= 1;
          assert.ok(!new ProvenTree(n, th).includes(bad, id, recordHash(texts[id])), 'a flipped bit fails');
          assert.ok(!proven.includes(bad, id, recordHash(texts[(id + 1) % 777])), 'nor does a wrong leaf with it against proven nodes');
        }
      }
    }
  });

  it('nodes proven by one record are shared by the next, and a lie meets them', async () => {
    const t = await tree();
    const proven = new ProvenTree(777, await t.root(777));
    const proof = async (id: number) => (await proveRecord(777, id, t.reader)).map((h) => Buffer.from(h));
    assert.ok(proven.includes(encodeProof(await proof(0)), 0, recordHash(texts[0])));
    // Record 2's path meets record 0's at [0, 4): a flipped bit below it shows there.
    const bad = await proof(2);
    bad[0][3] ^= 1;
    assert.ok(!proven.includes(encodeProof(bad), 2, recordHash(texts[2])));
    assert.ok(!proven.includes(encodeProof(await proof(2)), 2, recordHash(texts[3])), 'a wrong leaf fails');
    assert.ok(proven.includes(encodeProof(await proof(2)), 2, recordHash(texts[2])));
    assert.ok(proven.includes('-', 1, recordHash(texts[1])) === false, 'a proof of the wrong length is refused');
    assert.ok(proven.includes(encodeProof(await proof(1)), 1, recordHash(texts[1])));
    assert.ok(!proven.includes(encodeProof(await proof(1)), 1, recordHash(texts[2])));
    assert.ok(!proven.includes(encodeProof(await proof(776)).replace(/^..../, 'AAAA'), 776, recordHash(texts[776])));
    assert.ok(proven.includes(encodeProof(await proof(776)), 776, recordHash(texts[776])));
  });

  it('an index keeps proofs and their tree through a file, and refuses a second hash for one tree size', async () => {
    const idx = new RecordIndex('db.test+12345678+key');
    const text = 'example.com/a v1.0.0 h1:x\nexample.com/a v1.0.0/go.mod h1:y\n';
    idx.set('example.com/a@v1.0.0', { id: 3, treeSize: 5, text });
    const hash = Buffer.alloc(32, 7).toString('base64');
    idx.setProof('example.com/a@v1.0.0', 10, hash, encodeProof([Buffer.alloc(32, 1), Buffer.alloc(32, 2)]));
    idx.setProof('example.com/a@v1.0.0', 10, Buffer.alloc(32, 8).toString('base64'), '-');
    const back = new RecordIndex('db.test+12345678+key');
    assert.equal(await back.merge(Buffer.concat(await idx.format())), 1);
    assert.deepEqual(back.get('example.com/a@v1.0.0'), { id: 3, treeSize: 10, text, proof: encodeProof([Buffer.alloc(32, 1), Buffer.alloc(32, 2)]) });
    assert.equal(back.treeHash(10), hash);
    const v1 = new RecordIndex('db.test+12345678+key');
    assert.equal(await v1.merge(Buffer.from(`gosum-doctor verified-record index 1\nkey db.test+12345678+key\n3 5 example.com/a v1.0.0 2\n${text}`)), 1);
    assert.equal(v1.get('example.com/a@v1.0.0')?.proof, undefined);
  });
});
