import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliSuiteHooks, runCli } from '../support/builtCli';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { readGoSum } from '../support/sumdbClientSetup';
import { lookupsIn, tamper } from '../support/auditSetup';

const ETCD = readGoSum('etcd-io_etcd.go.sum');

describe('gosum-doctor check audits go.sum against the checksum database', function () {
  this.timeout(60_000);
  const suite = cliSuiteHooks('gosum-doctor-audit-cli-');

  async function database(lines: string[]): Promise<SumdbServer> {
    const s = await startSumdbServer({ goSumLines: lines });
    suite.servers.push(s);
    return s;
  }

  let n = 0;
  /** A project dir with go.sum, and a user's hermetic environment (temp HOME, GOPATH, our cache). */
  function project(goSum: string[], env: Record<string, string> = {}): { dir: string; env: Record<string, string> } {
    const p = path.join(suite.dir, `p${n++}`);
    mkdirSync(p, { recursive: true });
    writeFileSync(path.join(p, 'go.sum'), goSum.join('\n') + '\n');
    const home = path.join(p, 'home');
    mkdirSync(home);
    return {
      dir: p,
      env: { PATH: process.env.PATH ?? '', HOME: home, GOENV: 'off', GOPATH: path.join(home, 'go'), GOPROXY: 'off',
        GOSUM_DOCTOR_CACHE: path.join(home, 'cache'), ...env },
    };
  }

  it('a tampered line: FILE:LINE:COL: error with Go\'s mismatch text, exit 1, and our cache filled', async () => {
    const db = await database(ETCD);
    const edited = [...ETCD];
    edited[6] = tamper(ETCD[6]);
    const p = project(edited, { GOSUMDB: `${db.verifierKey} ${db.url}` });
    const r = await runCli(['check', p.dir], { env: p.env });
    assert.equal(r.code, 1, r.stderr);
    const sum = path.join(p.dir, 'go.sum');
    const [m, v] = ETCD[6].split(' ');
    const [goSum, real] = [edited[6].split(' ')[2], ETCD[6].split(' ')[2]];
    assert.ok(r.stdout.startsWith(`${sum}:7:1: error: sumdb.test holds ${real} for ${m}@${v}, but go.sum has ${goSum}.\n` +
      `When the go command downloads ${m}@${v} and gets the bits the database recorded, it stops with:\n\n` +
      `verifying ${m}@${v}: checksum mismatch\n\tdownloaded: ${real}\n\tgo.sum:     ${goSum}\n`), r.stdout);
    assert.match(r.stderr, /208 go\.sum lines: 207 verified, 1 mismatch/);
    assert.ok(existsSync(path.join(p.env.GOSUM_DOCTOR_CACHE, 'sumdb', 'config', 'sumdb.test', 'latest')));
  });

  it('--timings: where the time went, on stderr after the report, the output unchanged; a warm run reads no cache file but the pack', async () => {
    const db = await database(ETCD);
    const p = project(ETCD, { GOSUMDB: `${db.verifierKey} ${db.url}` });
    const cold = await runCli(['check', p.dir, '--json', '--timings'], { env: p.env });
    assert.equal(cold.code, 0, cold.stderr);
    const phases = /^gosum-doctor: timings in ms: start-up \d+, files \d+, environment \d+, audit \d+ \(cache read \d+\), report \d+, cache write \d+; total \d+$/m;
    assert.match(cold.stderr, phases);
    db.requests.length = 0;
    const warm = await runCli(['check', p.dir, '--json', '--timings'], { env: p.env });
    assert.match(warm.stderr, phases);
    assert.deepEqual(JSON.parse(warm.stdout).summary, JSON.parse(cold.stdout).summary);
    assert.deepEqual(db.requests, ['/latest'], 'warm: records and tiles from the pack');
    const plain = await runCli(['check', p.dir, '--json'], { env: p.env });
    assert.equal(plain.stderr, '', 'nothing on stderr unless asked');
  });

  it('--json: one entry per line with 1-based numbers, the database, counts per status, no scenario', async () => {
    const db = await database(ETCD.slice(1));
    const p = project(ETCD, { GOSUMDB: `${db.verifierKey} ${db.url}` });
    const r = await runCli(['check', p.dir, '--json'], { env: p.env });
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.database, { name: 'sumdb.test', url: db.url, via: 'url', treeSize: db.log.size });
    assert.equal(j.lines.length, 208);
    assert.deepEqual(j.lines.map((l: { line: number }) => l.line), ETCD.map((_, i) => i + 1));
    assert.equal(j.scenario, null);
    // Line 1's record (Masterminds/semver) holds only its /go.mod line now.
    assert.deepEqual({ ...j.lines[0], message: undefined, record: undefined }, {
      file: path.join(p.dir, 'go.sum'), line: 1, module: 'github.com/Masterminds/semver/v3', version: 'v3.5.0', kind: 'zip',
      status: 'not-found', goSum: ETCD[0].split(' ')[2], database: null, message: undefined, record: undefined,
    });
    // The record both lines of that version rest on, in the tree the audit proved.
    assert.equal(j.lines[0].record.treeSize, db.log.size);
    assert.deepEqual(j.lines[1].record, j.lines[0].record);
    assert.ok(Number.isInteger(j.lines[0].record.id) && j.lines[0].record.id < db.log.size);
    assert.match(j.lines[0].message, /holds no module \(zip\) hash/);
    assert.equal(j.lines[1].status, 'verified');
    assert.equal(j.lines[1].database, ETCD[1].split(' ')[2]);
    assert.equal(j.summary.verified, 207);
    assert.equal(j.summary['not-found'], 1);
    assert.equal(r.code, 1);
  });

  it('everything verified: exit 0, and --sarif is SARIF 2.1.0 with no results', async () => {
    const db = await database(ETCD);
    const p = project(ETCD, { GOSUMDB: `${db.verifierKey} ${db.url}` });
    const r = await runCli(['check', path.join(p.dir, 'go.sum'), '--sarif'], { env: p.env });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.version, '2.1.0');
    assert.deepEqual(s.runs[0].results, []);
  });

  it('the database cannot be reached: one scenario at the top, valid JSON saying why, exit 2', async () => {
    const db = await database(ETCD);
    const url = db.url;
    await db.close();
    const p = project(ETCD, { GOSUMDB: `${db.verifierKey} ${url}` });
    const j = await runCli(['check', p.dir, '--json'], { env: p.env });
    assert.equal(j.code, 2);
    const doc = JSON.parse(j.stdout);
    assert.equal(doc.scenario, 'blocked');
    assert.equal(doc.summary.unverifiable, 208);
    assert.equal(doc.lines.length, 208);
    const t = await runCli(['check', p.dir], { env: p.env });
    assert.equal(t.code, 2);
    const out = t.stdout.trimEnd().split('\n').filter((l) => !l.startsWith('\t'));
    assert.equal(out.length, 1, t.stdout);
    assert.match(out[0], /go\.sum:1:1: error: 208 go\.sum lines could not be checked against sumdb\.test: The checksum database sumdb\.test cannot be reached\./);
  });

  it('--offline with nothing cached: never verified, exit 2, still a JSON document', async () => {
    const p = project(ETCD.slice(0, 6), { GOSUMDB: 'sum.golang.org' });
    const r = await runCli(['check', p.dir, '--offline', '--json'], { env: p.env });
    assert.equal(r.code, 2);
    const j = JSON.parse(r.stdout);
    assert.equal(j.summary.unverifiable, 6);
    assert.equal(j.database.via, 'offline');
  });

  it('GOPRIVATE set in the go env file is honoured like the go command does, and private paths are never requested', async () => {
    const db = await database(ETCD);
    const p = project(ETCD, { GOSUMDB: `${db.verifierKey} ${db.url}` });
    const envFile = path.join(p.dir, 'goenv');
    writeFileSync(envFile, 'GOPRIVATE=github.com/coreos\n');
    const r = await runCli(['check', p.dir, '--json'], { env: { ...p.env, GOENV: envFile } });
    const j = JSON.parse(r.stdout);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(j.summary.private, ETCD.filter((l) => l.startsWith('github.com/coreos/')).length);
    assert.equal(lookupsIn(db.requests).filter((q) => q.includes('coreos')).length, 0);
  });
});
