import assert from 'node:assert/strict';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { readGoSum } from '../support/sumdbClientSetup';
import { auditSetup, gosumdbFor, type AuditSetup, lookupsIn, parse, tamper } from '../support/auditSetup';
import type { LineVerdict } from '../../server/src/audit/verdict';

const ETCD = readGoSum('etcd-io_etcd.go.sum');
const ETCD_VERSIONS = new Set(ETCD.map((l) => l.split(' ').slice(0, 2).join('@').replace(/\/go\.mod$/, ''))).size;

function statusOf(verdicts: LineVerdict[], line: number): string {
  return verdicts.find((v) => v.line === line)!.status;
}

describe('auditing a go.sum against the checksum database (real HTTP on 127.0.0.1)', function () {
  const servers: SumdbServer[] = [];
  async function database(lines: string[], opts: Parameters<typeof startSumdbServer>[0] = {}): Promise<SumdbServer> {
    const s = await startSumdbServer({ goSumLines: lines, ...opts });
    servers.push(s);
    return s;
  }
  const setups: AuditSetup[] = [];
  /** auditSetup, closed after the test (before its servers). */
  async function setup(...args: Parameters<typeof auditSetup>): Promise<AuditSetup> {
    const a = await auditSetup(...args);
    setups.push(a);
    return a;
  }
  afterEach(async () => {
    await Promise.all(setups.splice(0).map((a) => a.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it("etcd's real go.sum verifies line by line, looking each module version up once", async () => {
    const db = await database(ETCD);
    const a = await setup({ GOSUMDB: gosumdbFor(db) });
    const r = await a.auditor.audit(parse(ETCD));
    assert.equal(r.verdicts.length, 208);
    assert.equal(r.summary.verified, 208);
    assert.equal(r.scenario, null);
    assert.equal(r.database?.name, 'sumdb.test');
    assert.equal(r.database?.url, db.url);
    assert.equal(r.database?.via, 'url');
    assert.equal(r.database?.treeSize, ETCD_VERSIONS);
    assert.equal(lookupsIn(db.requests).length, ETCD_VERSIONS);
    assert.equal(db.requests[0], '/latest', 'every online audit starts with /latest');
    assert.deepEqual(r.verdicts.map((v) => v.line), ETCD.map((_, i) => i));
  });

  it('a tampered zip line and a tampered /go.mod line are mismatches in Go\'s words, with both hashes', async () => {
    const db = await database(ETCD);
    const edited = [...ETCD];
    edited[4] = tamper(ETCD[4]);
    edited[1] = tamper(ETCD[1]);
    const a = await setup({ GOSUMDB: gosumdbFor(db) });
    const r = await a.auditor.audit(parse(edited));
    assert.equal(r.summary.mismatch, 2);
    assert.equal(r.summary.verified, 206);
    const zip = r.verdicts[4];
    const [m, v, real] = ETCD[4].split(' ');
    assert.equal(zip.status, 'mismatch');
    assert.equal(zip.database, real);
    assert.equal(zip.goSum, edited[4].split(' ')[2]);
    // Our sentence, then what go prints when it downloads the genuine bits (case 2a of the recording).
    assert.equal(zip.message, `sumdb.test holds ${real} for ${m}@${v}, but go.sum has ${zip.goSum}.\n` +
      `When the go command downloads ${m}@${v} and gets the bits the database recorded, it stops with:\n\n` +
      `verifying ${m}@${v}: checksum mismatch\n` +
      `\tdownloaded: ${real}\n\tgo.sum:     ${zip.goSum}\n\nSECURITY ERROR\n` +
      'This download does NOT match an earlier download recorded in go.sum.\n' +
      'The bits may have been replaced on the origin server, or an attacker may\n' +
      "have intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.");
    const goModLine = 'github.com/Masterminds/semver/v3@v3.5.0/go.mod';
    assert.ok(r.verdicts[1].message.startsWith(`sumdb.test holds ${r.verdicts[1].database} for ${goModLine}, but go.sum has ${r.verdicts[1].goSum}.\n`), r.verdicts[1].message);
    assert.ok(r.verdicts[1].message.includes(`\n\nverifying ${goModLine}: checksum mismatch\n\tdownloaded: ${r.verdicts[1].database}\n\tgo.sum:     ${r.verdicts[1].goSum}\n`), r.verdicts[1].message);
  });

  it('lines the database does not know are not-found, with a GONOSUMDB hint for a private-looking module', async () => {
    const known = ETCD.slice(2);
    const db = await database(known);
    const corp = 'git.corp.example/team/lib v1.4.0 h1:kQceYJfbupGfZOKZQg0kou0DgAKhzDg2NZPAwZ/2OOE=';
    const a = await setup({ GOSUMDB: gosumdbFor(db) });
    const r = await a.auditor.audit(parse([...ETCD, corp]));
    assert.equal(r.summary['not-found'], 3);
    assert.equal(r.summary.verified, 206);
    assert.match(r.verdicts[0].message, /sumdb\.test does not know github\.com\/Masterminds\/semver\/v3 v3\.5\.0\./);
    assert.match(r.verdicts[0].message, /404 Not Found\n\tserver response: not found: github\.com\/Masterminds\/semver\/v3@v3\.5\.0/);
    assert.match(r.verdicts[208].message, /add it to GONOSUMDB \(or GOPRIVATE\)/);
    assert.match(r.verdicts[208].message, /If git\.corp\.example is private code/);
  });

  it('a record holding only the /go.mod line leaves the zip line not-found (Go accepts it), never a mismatch', async () => {
    const [zip, mod] = ETCD.slice(0, 2);
    const db = await database([mod, ...ETCD.slice(2, 10)]);
    const a = await setup({ GOSUMDB: gosumdbFor(db) });
    const r = await a.auditor.audit(parse([zip, mod]));
    assert.equal(r.verdicts[0].status, 'not-found');
    assert.match(r.verdicts[0].message, /holds no module \(zip\) hash, only the \/go\.mod one/);
    assert.equal(r.verdicts[1].status, 'verified');
  });

  it('GOPRIVATE modules are private and their paths never reach the server, even when asked directly', async () => {
    const db = await database(ETCD);
    const a = await setup({ GOSUMDB: gosumdbFor(db), GOPRIVATE: 'github.com/coreos,go.etcd.io' });
    const r = await a.auditor.audit(parse(ETCD));
    const isPrivate = (l: string) => l.startsWith('github.com/coreos/') || l.startsWith('go.etcd.io/');
    const privateCount = ETCD.filter(isPrivate).length;
    assert.ok(privateCount >= 4);
    assert.equal(r.summary.private, privateCount);
    assert.equal(r.summary.verified, 208 - privateCount);
    assert.match(r.verdicts.find((v) => v.status === 'private')!.message, /matches GOPRIVATE=github\.com\/coreos,go\.etcd\.io/);
    // Even a direct client lookup is refused on the wire.
    const refused = await a.ctx.client!.lookupRecord('github.com/coreos/go-systemd/v22', 'v22.7.0').catch((e) => e);
    assert.equal(refused.kind, 'blocked-by-policy');
    assert.equal(db.requests.filter((p) => p.includes('coreos') || p.includes('go.etcd.io')).length, 0);
  });

  it('GOSUMDB=off: every line is disabled and nothing is requested', async () => {
    const a = await setup({ GOSUMDB: 'off', GOPROXY: 'http://127.0.0.1:9' });
    const r = await a.auditor.audit(parse(ETCD));
    assert.equal(r.summary.disabled, 208);
    assert.equal(r.lookups, 0);
    assert.match(r.verdicts[0].message, /GOSUMDB=off: new module versions are accepted without any check/);
    assert.match(r.verdicts[0].message, /still enforced by the go command/);
  });

  it('the database forks between two audits: every line becomes a security error with Go\'s misbehavior wording', async () => {
    const db = await database(ETCD);
    const a = await setup({ GOSUMDB: gosumdbFor(db) });
    const first = await a.auditor.audit(parse(ETCD));
    assert.equal(first.summary.verified, 208);
    db.setMisbehavior({ kind: 'fork' });
    const second = await a.auditor.audit(parse(ETCD));
    assert.equal(second.summary['security-error'], 208);
    assert.match(second.verdicts[0].message, /^SECURITY ERROR\ngo\.sum database server misbehavior detected!/);
    assert.match(second.securityReport!, /old database:[\s\S]*new database:[\s\S]*proof of misbehavior:/);
    assert.equal(a.ctx.securityReports.length, 1);
  });

  it('an edit re-checks only the lines it changed: the earlier verdicts of the others stand once /latest is proven', async () => {
    const db = await database(ETCD);
    const a = await setup({ GOSUMDB: gosumdbFor(db) });
    const first = await a.auditor.audit(parse(ETCD));
    // Marked copies show which verdicts were taken over and which were judged again.
    const marked = first.verdicts.map((v) => ({ ...v, message: `earlier: ${v.message}` }));
    const edited = [...ETCD];
    edited[4] = tamper(ETCD[4]);
    const before = db.requests.length;
    const r = await a.auditor.audit(parse(edited), { earlier: { from: first, verdicts: Promise.resolve(marked.filter((v) => v.line !== 4)) } });
    assert.deepEqual(db.requests.slice(before), ['/latest'], 'the new head is proven even though nothing is looked up');
    assert.equal(r.verdicts[4].status, 'mismatch');
    assert.ok(!r.verdicts[4].message.startsWith('earlier: '));
    assert.equal(r.verdicts.filter((v) => v.message.startsWith('earlier: ')).length, 207);
    assert.deepEqual(r.verdicts.map((v) => v.status), (await a.auditor.audit(parse(edited))).verdicts.map((v) => v.status));

    // One resting on a tree larger than the head proven now is decided again.
    const ahead = marked.map((v) => (v.line === 9 ? { ...v, record: { ...v.record!, treeSize: 1e9 } } : v));
    const r1 = await a.auditor.audit(parse(edited), { earlier: { from: first, verdicts: ahead } });
    assert.ok(!r1.verdicts[9].message.startsWith('earlier: '));
    assert.equal(r1.verdicts[9].status, 'verified');
    assert.equal(r1.verdicts.filter((v) => v.message.startsWith('earlier: ')).length, 206);
    // An earlier verdict for another text on that line is not taken over.
    const wrongLine = marked.map((v) => (v.line === 7 ? { ...v, goSum: 'h1:other' } : v));
    const r2 = await a.auditor.audit(parse(edited), { earlier: { from: first, verdicts: wrongLine } });
    assert.ok(!r2.verdicts[7].message.startsWith('earlier: '));
    assert.equal(r2.verdicts[7].status, 'verified');
    // A result of another auditor, or one from before the cache forgot something ("Re-check"), is not built on.
    const other = await setup({ GOSUMDB: gosumdbFor(db) });
    const theirs = await other.auditor.audit(parse(ETCD));
    const r3 = await a.auditor.audit(parse(edited), { earlier: { from: theirs, verdicts: marked } });
    assert.equal(r3.verdicts.filter((v) => v.message.startsWith('earlier: ')).length, 0);
    const [m, v] = ETCD[100].split(' ');
    a.auditor.cache.delete(m, v);
    const r4 = await a.auditor.audit(parse(edited), { earlier: { from: first, verdicts: marked } });
    assert.equal(r4.verdicts.filter((x) => x.message.startsWith('earlier: ')).length, 0);
    assert.equal(r4.summary.verified, 207);
  });

  it('a fork between two audits taints the earlier verdicts an edit would have kept', async () => {
    const db = await database(ETCD);
    const a = await setup({ GOSUMDB: gosumdbFor(db) });
    const first = await a.auditor.audit(parse(ETCD));
    db.setMisbehavior({ kind: 'fork' });
    const second = await a.auditor.audit(parse(ETCD), { earlier: { from: first, verdicts: first.verdicts } });
    assert.equal(second.summary['security-error'], 208);
    assert.match(second.verdicts[100].message, /^SECURITY ERROR\ngo\.sum database server misbehavior detected!/);
  });

  it('honest growth between two audits: still verified, the tree is larger, and nothing is looked up again', async () => {
    const db = await database(ETCD.slice(0, 100));
    const a = await setup({ GOSUMDB: gosumdbFor(db) });
    const first = await a.auditor.audit(parse(ETCD.slice(0, 100)));
    assert.equal(first.summary.verified, 100);
    const before = db.requests.length;
    await db.append(ETCD.slice(100));
    const second = await a.auditor.audit(parse(ETCD.slice(0, 100)));
    assert.equal(second.summary.verified, 100);
    assert.equal(second.lookups, 0);
    assert.ok(second.database!.treeSize > first.database!.treeSize);
    const after = db.requests.slice(before);
    assert.equal(after[0], '/latest');
    assert.equal(lookupsIn(after).length, 0);
  });

  it('a reopen is answered from the verdict cache after one /latest round trip', async () => {
    const db = await database(ETCD);
    const a = await setup({ GOSUMDB: gosumdbFor(db) });
    await a.auditor.audit(parse(ETCD));
    const before = db.requests.length;
    const again = await a.auditor.audit(parse(ETCD));
    assert.equal(again.summary.verified, 208);
    assert.deepEqual(db.requests.slice(before), ['/latest']);
  });

  it('the network goes away mid-audit: the rest is unverifiable with one scenario, and nothing crashes', async () => {
    const db = await database(ETCD, { latencyMs: 25 });
    const a = await setup({ GOSUMDB: gosumdbFor(db) }, { auditor: { concurrency: 4 } });
    let closing: Promise<void> | undefined;
    const r = await a.auditor.audit(parse(ETCD), {
      onProgress: (done) => { if (done >= 30 && !closing) closing = db.close(); },
    });
    await closing;
    assert.equal(r.verdicts.length, 208);
    assert.ok(r.summary.verified >= 30, `verified ${r.summary.verified}`);
    assert.ok(r.summary.unverifiable > 0);
    assert.equal(r.summary.verified + r.summary.unverifiable, 208);
    assert.equal(r.scenario?.scenario, 'blocked');
    assert.equal(r.offline, true);
    const u = r.verdicts.find((v) => v.status === 'unverifiable')!;
    assert.match(u.message, /^Not checked: The checksum database sumdb\.test cannot be reached\./);
  });

  it('the database is down from the start: one blocked scenario and every line unverifiable', async () => {
    const db = await database(ETCD);
    const url = db.url;
    await db.close();
    const a = await setup({ GOSUMDB: `${db.verifierKey} ${url}` });
    const r = await a.auditor.audit(parse(ETCD));
    assert.equal(r.summary.unverifiable, 208);
    assert.equal(r.scenario?.scenario, 'blocked');
    assert.match(r.scenario!.goError!, /connection refused/);
  });

  it('a GOSUMDB value Go rejects: the misconfigured scenario, every line unverifiable', async () => {
    const a = await setup({ GOSUMDB: 'https://sum.golang.org,https://goproxy.cn/sumdb' });
    const r = await a.auditor.audit(parse(ETCD.slice(0, 4)));
    assert.equal(r.summary.unverifiable, 4);
    assert.equal(r.scenario?.scenario, 'misconfigured');
    assert.match(r.scenario!.goError!, /invalid GOSUMDB: malformed verifier id/);
    assert.equal(r.database, null);
  });

  it('the file is edited mid-audit: after an abort, the re-audit looks up only what changed', async () => {
    const extra = 'example.com/added v1.0.0/go.mod h1:4V+yj/TJE1HU9XfppCwVMZq3I84lprf4nC11bSS5beM=';
    const db = await database([...ETCD, extra], { latencyMs: 10 });
    const a = await setup({ GOSUMDB: gosumdbFor(db) }, { auditor: { concurrency: 4 } });
    const controller = new AbortController();
    const first = await a.auditor.audit(parse(ETCD), {
      signal: controller.signal,
      onProgress: (done) => { if (done >= 60) controller.abort(); },
    }).then(() => 'finished', (e: Error) => e.name);
    assert.equal(first, 'AbortError');
    const edited = [...ETCD];
    edited[150] = tamper(ETCD[150]);
    edited.push(extra);
    const r = await a.auditor.audit(parse(edited));
    assert.equal(r.verdicts.length, 209);
    assert.equal(statusOf(r.verdicts, 150), 'mismatch');
    assert.equal(statusOf(r.verdicts, 208), 'verified');
    assert.equal(r.summary.verified, 208);
    // Each module version was requested once over both runs: the edit cost one lookup, the hash change none.
    assert.equal(lookupsIn(db.requests).length, ETCD_VERSIONS + 1);
    assert.ok(r.lookups < ETCD_VERSIONS, `re-audit looked up ${r.lookups}`);
  });

  it('lines in view are decided first', async () => {
    const db = await database(ETCD);
    const a = await setup({ GOSUMDB: gosumdbFor(db) }, { auditor: { concurrency: 1 } });
    const order: number[] = [];
    await a.auditor.audit(parse(ETCD), { priority: { start: 180, end: 185 }, onVerdicts: (b) => order.push(...b.map((v) => v.line)) });
    // Whole module versions go first (line 179 shares its version with 180, 186 with 185).
    const lastInView = Math.max(...[180, 181, 182, 183, 184, 185].map((l) => order.indexOf(l)));
    assert.ok(order.slice(0, lastInView + 1).every((l) => l >= 179 && l <= 186), order.slice(0, lastInView + 1).join(','));
    assert.ok(lastInView <= 7);
  });

  it('malformed lines and unknown algorithms are malformed; nothing crashes on garbage', async () => {
    const db = await database(ETCD.slice(0, 2));
    const a = await setup({ GOSUMDB: gosumdbFor(db) });
    const text = [ETCD[0], 'github.com/Masterminds/semver/v3 v3.5.0', 'x y h2:abc', '\u0000\u0001 \uffff', ETCD[1]].join('\n');
    const { parseGoSum } = await import('../../server/src/parse/gosum');
    const r = await a.auditor.audit(parseGoSum(text));
    assert.deepEqual(r.verdicts.map((v) => v.status), ['verified', 'malformed', 'malformed', 'malformed', 'verified']);
    assert.equal(r.verdicts[1].message, 'wrong number of fields 2');
  });
});
