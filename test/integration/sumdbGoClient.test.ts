// Our client beside golang.org/x/mod/sumdb's own Client (built from Debian's sources, test/support/go-sumdb-lookup)
// on one test database on 127.0.0.1: the lines a lookup gives, and the error a misbehaving database gets, are
// Go's answers, not our reading of client.go.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { buildGoProgram } from '../support/goBuild';
import { clientFor, readGoSum, tempDir } from '../support/sumdbClientSetup';
import { groupGoSumLines } from '../support/sumdbLog';
import { startSumdbServer, type Misbehavior, type SumdbServer } from '../support/sumdbServer';

const ETCD = readGoSum('etcd-io_etcd.go.sum').slice(0, 60);
const ENTRIES = groupGoSumLines(ETCD).slice(0, 8);

/** What Go's Lookup answered for one "path version": its lines, or its error's text. */
type GoAnswer = { lines: string[] } | { error: string };

/** Both lookups of each entry (zip line, then /go.mod line), as asked of our client and Go's. */
const ASKED = ENTRIES.flatMap((e) => [[e.module, e.version], [e.module, `${e.version}/go.mod`]]);

describe("our checksum-database client beside Go's (golang.org/x/mod/sumdb)", function () {
  let goLookup: string;

  before(function () {
    goLookup = path.join(tempDir('go-sumdb-lookup'), 'go-sumdb-lookup');
    buildGoProgram('test/support/go-sumdb-lookup', goLookup);
  });

  /** Go's answers to ASKED, one client for them all, in order (async: the database answers in this process). */
  async function goAnswers(db: SumdbServer): Promise<GoAnswer[]> {
    const { stdout } = await promisify(execFile)(goLookup, ['-k', db.verifierKey, '-u', db.url, ...ASKED.flat()], { encoding: 'utf8', timeout: 60_000 });
    return stdout.trim().split('\n').map((l) => JSON.parse(l) as GoAnswer);
  }

  /** Ours to ASKED, one client for them all, in order: lines, or the error's text. */
  async function ourAnswers(db: SumdbServer): Promise<GoAnswer[]> {
    const c = clientFor(db);
    try {
      const out: GoAnswer[] = [];
      for (const [module, version] of ASKED) {
        out.push(await c.client.lookup(module, version).then((lines) => ({ lines }), (err: Error) => ({ error: err.message })));
      }
      return out;
    } finally {
      await c.close();
    }
  }

  async function bothOn(misbehavior: Misbehavior): Promise<{ go: GoAnswer[]; ours: GoAnswer[] }> {
    const db = await startSumdbServer({ goSumLines: ETCD, spread: 300, misbehavior });
    try {
      return { go: await goAnswers(db), ours: await ourAnswers(db) };
    } finally {
      await db.close();
    }
  }

  it("gives Go's lines for a version's zip and its /go.mod (the \"path version \" prefix rule)", async () => {
    const { go, ours } = await bothOn({ kind: 'honest' });
    assert.ok(go.every((a) => 'lines' in a && a.lines.length === 1), JSON.stringify(go));
    assert.deepEqual(ours, go);
  });

  const served = { 'record-not-in-tree': 'a record that is not its leaf', 'record-beyond-tree': 'a record id beyond its tree' };
  for (const kind of ['record-not-in-tree', 'record-beyond-tree'] as const) {
    it(`fails with Go's text when the database serves ${served[kind]}`, async () => {
      const { go, ours } = await bothOn({ kind });
      assert.ok(go.every((a) => 'error' in a), JSON.stringify(go));
      assert.deepEqual(ours, go);
    });
  }

  it("fails with Go's text on an inconsistent tile, saying where it was read", async () => {
    const { go, ours } = await bothOn({ kind: 'inconsistent-tile' });
    assert.ok(go.every((a) => 'error' in a && a.error.endsWith(': downloaded inconsistent tile')), JSON.stringify(go));
    // Where the tile was read may differ: Go proves a record's tree against its head even when both are one signed
    // tree ("checking tree#N: "), ours does not need tiles for that and meets the tile checking the record
    // ("checking record R in tree#N: "). The rest is Go's text.
    const withoutWhere = (answers: GoAnswer[]): GoAnswer[] =>
      answers.map((a) => ('error' in a ? { error: a.error.replace(/checking (record \d+ in )?tree#\d+: /, '') } : a));
    assert.ok(ours.every((a) => 'error' in a && /: checking record \d+ in tree#\d+: downloaded inconsistent tile$/.test(a.error)), JSON.stringify(ours));
    assert.deepEqual(withoutWhere(ours), withoutWhere(go));
  });
});
