// Lookups the database failed in a way that may pass (a cut connection, "try later") are asked again after a
// doubling wait, twice at most, against a real database on 127.0.0.1; the waits go through the auditor's clock.
import assert from 'node:assert/strict';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { readGoSum } from '../support/sumdbClientSetup';
import { auditSetup, gosumdbFor, lookupsIn, parse } from '../support/auditSetup';

const ETCD = readGoSum('etcd-io_etcd.go.sum');
const ETCD_VERSIONS = new Set(ETCD.map((l) => l.split(' ').slice(0, 2).join('@').replace(/\/go\.mod$/, ''))).size;

describe('auditing retries what may pass, with backoff', function () {
  this.timeout(30_000);
  const servers: SumdbServer[] = [];
  afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });

  async function database(misbehavior: Parameters<SumdbServer['setMisbehavior']>[0]): Promise<SumdbServer> {
    const db = await startSumdbServer({ goSumLines: ETCD, misbehavior });
    servers.push(db);
    return db;
  }

  it('lookups cut mid-answer are asked again after 250 ms and verify once the database recovers', async () => {
    const db = await database({ kind: 'reset', paths: ['/lookup/'] });
    const waits: number[] = [];
    // The clock: the first wait is when the database recovers.
    const wait = async (ms: number): Promise<void> => {
      waits.push(ms);
      db.setMisbehavior({ kind: 'honest' });
    };
    const a = await auditSetup({ GOSUMDB: gosumdbFor(db) }, { auditor: { wait } });
    try {
      const r = await a.auditor.audit(parse(ETCD));
      assert.equal(r.summary.verified, ETCD.length);
      assert.equal(r.scenario, null);
      assert.equal(r.offline, false);
      assert.ok(waits.length > 0 && waits.every((ms) => ms === 250), waits.join(','));
    } finally {
      await a.close();
    }
  });

  it('a database answering 503: asked three times, waiting 250 then 500 ms, and after that the run asks each version once', async () => {
    const db = await database({ kind: 'status', status: 503, paths: ['/lookup/'] });
    const waits: number[] = [];
    // One lookup at a time, so which lookup used up the retries is known: the first.
    const a = await auditSetup({ GOSUMDB: gosumdbFor(db) }, { auditor: { concurrency: 1, wait: async (ms) => { waits.push(ms); } } });
    try {
      const r = await a.auditor.audit(parse(ETCD));
      assert.equal(r.summary.unverifiable, ETCD.length);
      assert.equal(lookupsIn(db.requests).length, ETCD_VERSIONS + 2);
      assert.deepEqual(waits, [250, 500]);
    } finally {
      await a.close();
    }
  });

  it('a 500 is an answer: asked once, never again', async () => {
    const db = await database({ kind: 'status', status: 500, paths: ['/lookup/'] });
    const waits: number[] = [];
    const a = await auditSetup({ GOSUMDB: gosumdbFor(db) }, { auditor: { wait: async (ms) => { waits.push(ms); } } });
    try {
      const r = await a.auditor.audit(parse(ETCD));
      assert.equal(r.summary.unverifiable, ETCD.length);
      assert.equal(lookupsIn(db.requests).length, ETCD_VERSIONS);
      assert.deepEqual(waits, []);
    } finally {
      await a.close();
    }
  });
});
