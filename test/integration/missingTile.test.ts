// A database that answers a lookup but not the tile that proves its record (404 or 410), beside the go command:
// the record is never trusted, the database is not said to lack the version, and each go.sum line quotes what
// Go printed for it. The file:// form of the same case is in remoteFiles.test.ts.
import assert from 'node:assert/strict';
import { auditSetup, gosumdbFor, parse } from '../support/auditSetup';
import { goOnPath } from '../support/goEnv';
import { probeGoSum } from '../support/probeGoSum';
import { startGoproxyServer, type GoproxyServer } from '../support/goproxyServer';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { goModDownload, MODULES } from '../support/goModDownload';

describe('a database that does not serve the tile proving a record, beside the go command', function () {
  this.timeout(120_000);
  let gp: GoproxyServer;
  const servers: SumdbServer[] = [];
  before(async function () {
    if (!goOnPath()) this.skip();
    gp = await startGoproxyServer(MODULES);
  });
  after(async () => {
    await gp?.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  /** What Go printed for greet's go.mod line (no go.sum yet) and its zip line (go.sum holding the go.mod line). */
  async function goSays(env: Record<string, string>): Promise<{ goMod: string; zip: string }> {
    const goModLine = gp.goSumLines.find((l) => l.includes('/go.mod '))!;
    const fromGo = (out: string): string => out.slice(out.indexOf('go: '));
    return { goMod: fromGo(await goModDownload(env)), zip: fromGo(await goModDownload(env, { goSum: `${goModLine}\n` })) };
  }

  for (const status of [404, 410]) {
    it(`tiles answering ${status}: Go stops on the tile; our lines are unverifiable, quoting Go's text for each line whole`, async () => {
      const db = await startSumdbServer({ goSumLines: gp.goSumLines, misbehavior: { kind: 'status', status, paths: ['/tile/'] } });
      servers.push(db);
      const env = { GOPROXY: gp.url, GOSUMDB: gosumdbFor(db) };
      const go = await goSays(env);
      assert.match(go.goMod, new RegExp(`: verifying go\\.mod: example\\.com/greet@v1\\.1\\.0/go\\.mod: reading ${db.url}/tile/8/0/000\\.p/\\d+: ${status} `), go.goMod);
      assert.match(go.zip, /: verifying module: example\.com\/greet@v1\.1\.0: reading /, go.zip);

      const a = await auditSetup(env);
      try {
        const r = await a.auditor.audit(parse(gp.goSumLines));
        assert.deepEqual(r.verdicts.map((v) => v.status), gp.goSumLines.map(() => 'unverifiable'), r.verdicts.map((v) => v.message).join('\n'));
        assert.equal(r.scenario, null);
        r.verdicts.forEach((v) => {
          assert.equal(v.database, undefined, 'an unproven record is never used');
          assert.doesNotMatch(v.message, /does not know|GONOSUMDB/);
          assert.ok(v.message.includes(`\n${v.kind === 'go.mod' ? go.goMod : go.zip}`), `${v.message}\n--- go said:\n${v.kind === 'go.mod' ? go.goMod : go.zip}`);
        });
        // Nothing is remembered as unknown: the next audit asks again.
        const before = db.requests.length;
        await a.auditor.audit(parse(gp.goSumLines));
        assert.ok(db.requests.slice(before).some((p) => p.startsWith('/lookup/')), db.requests.slice(before).join('\n'));
      } finally {
        await a.close();
      }
    });
  }

  it('the probe: blocked, because the database serves no tiles (not "cannot be reached", not a proxy setting), quoting Go\'s line', async () => {
    const db = await startSumdbServer({ goSumLines: gp.goSumLines, misbehavior: { kind: 'status', status: 404, paths: ['/tile/'] } });
    servers.push(db);
    const env = { GOPROXY: gp.url, GOSUMDB: gosumdbFor(db) };
    const go = await goSays(env);
    const p = await probeGoSum(gp.goSumLines, env);
    assert.equal(p.scenario, 'blocked');
    assert.match(p.title, /answers lookups but not the tiles that prove them/, p.title);
    assert.ok(p.explanation.includes(`${db.url}/tile/8/0/000.p/`), p.explanation);
    assert.ok(!p.fixes.some((f) => f.ask?.variable === 'HTTPS_PROXY'), JSON.stringify(p.fixes));
    assert.equal(p.goError, go.goMod);
  });
});
