// The built command-line tool against databases that never finish answering, with its shipped defaults: whatever
// the server does, `check --json` ends within 40 s with a valid report, the database named unreachable and exit 2,
// and once the database is judged unreachable the lookups still queued are given up, not waited out one by one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliSuiteHooks, goSumProject, runCli, type CliRun } from '../support/builtCli';
import { startSumdbServer, type Misbehavior, type SumdbServer } from '../support/sumdbServer';
import { syntheticGoSum } from '../support/syntheticGoSum';

const TELEGRAF = readFileSync(path.join(__dirname, '..', 'fixtures', 'reference', 'gosum', 'influxdata_telegraf.go.sum'), 'utf8')
  .split('\n').filter((l) => l.trim() !== '');
/** The promise: a report within 40 s, whatever the server does. */
const PROMISED_MS = 40_000;

describe('gosum-doctor check ends within its deadline whatever the database does', function () {
  this.timeout(120_000);
  const suite = cliSuiteHooks('gosum-doctor-deadline-');

  /** Runs `check --json` on these lines against a database serving them that misbehaves so; times the whole process. */
  async function check(lines: string[], misbehavior: Misbehavior): Promise<{ run: CliRun; ms: number; db: SumdbServer }> {
    const db = await startSumdbServer({ goSumLines: lines, misbehavior });
    suite.servers.push(db);
    const p = goSumProject(suite, lines, db);
    const started = performance.now();
    const run = await runCli(['check', '--json', p.dir], { env: p.env, timeoutMs: 60_000 });
    return { run, ms: performance.now() - started, db };
  }

  /** A valid report: every line unverifiable, under the blocked scenario, exit 2, in time. */
  function assertUnreachableReport(r: { run: CliRun; ms: number }, lines: number, goError: RegExp): void {
    assert.equal(r.run.timedOut, false);
    assert.ok(r.ms < PROMISED_MS, `took ${r.ms.toFixed(0)} ms`);
    assert.equal(r.run.code, 2, r.run.stderr);
    const j = JSON.parse(r.run.stdout);
    assert.equal(j.lines.length, lines);
    assert.equal(j.summary.unverifiable, lines);
    assert.equal(j.scenario, 'blocked');
    assert.match(j.diagnosis.goError, goError);
  }

  it('every answer drips a byte at a time: 80 lines, /latest given up on, exit 2 within 40 s', async () => {
    const r = await check(TELEGRAF.slice(0, 80), { kind: 'drip' });
    // Go never asks /latest: it quotes its first lookup of a module from this go.sum.
    assertUnreachableReport(r, 80, /\/lookup\/[^"]+@v[^"]+": context deadline exceeded/);
    assert.deepEqual(r.db.requests, ['/latest'], 'nothing else was asked of a database whose /latest never ended');
  });

  it('/latest answers and every lookup stalls: 80,000 lines, the queued lookups given up with the first, exit 2 within 40 s', async () => {
    const lines = syntheticGoSum(80_000).trimEnd().split('\n');
    const r = await check(lines, { kind: 'stall', paths: ['/lookup/'] });
    assertUnreachableReport(r, 80_000, /\/lookup\/.*: net\/http: timeout awaiting response headers/);
    const lookups = r.db.requests.filter((p) => p.startsWith('/lookup/')).length;
    // One wave: the lookups the connections took at once, then none (16 HTTP/1.1 connections).
    assert.ok(lookups > 0 && lookups <= 16, `${lookups} lookups sent`);
    // Judged unreachable at the first lookup's first-byte timeout (10 s), not 40,000 lookups later.
    assert.ok(r.ms < 25_000, `took ${r.ms.toFixed(0)} ms`);
  });

  it('/latest answers and every lookup drips: 80 lines, exit 2 within 40 s', async () => {
    const r = await check(TELEGRAF.slice(0, 80), { kind: 'drip', paths: ['/lookup/'] });
    assertUnreachableReport(r, 80, /\/lookup\/.*: (context deadline exceeded|net\/http: request canceled)/);
  });
});
