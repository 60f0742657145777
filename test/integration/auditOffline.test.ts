import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { escapePath, escapeVersion } from '../../server/src/parse/module';
import { hashGoMod } from '../../server/src/sumdb/dirhash';
import { startSumdbServer } from '../support/sumdbServer';
import { readGoSum, tempDir } from '../support/sumdbClientSetup';
import { auditSetup, gosumdbFor, lookupsIn, parse, tamper } from '../support/auditSetup';
import { CACHES, fingerprint, goPathOf, walk } from '../support/goCaches';


/** The go.sum lines Go's cached lookups hold (the record text of each /lookup body). */
function cachedGoSumLines(goPath: string): string[] {
  const dir = path.join(goPath, 'pkg', 'mod', 'cache', 'download', 'sumdb', 'sum.golang.org', 'lookup');
  const lines: string[] = [];
  for (const f of walk(dir).sort()) {
    const body = readFileSync(f, 'utf8');
    const record = body.slice(body.indexOf('\n') + 1, body.indexOf('\n\n'));
    lines.push(...record.split('\n').filter((l) => l !== ''));
  }
  return lines;
}

describe('offline truth from local files', function () {
  for (const fixture of readdirSync(CACHES).sort()) {
    it(`offline on Go's real cache ${fixture}: every cached record verifies, a flipped hash is a mismatch, Go's files untouched`, async () => {
      const goPath = goPathOf(fixture);
      const before = fingerprint(goPath);
      const lines = cachedGoSumLines(goPath);
      assert.ok(lines.length > 10);
      const edited = [...lines];
      edited[3] = tamper(lines[3]);
      const a = await auditSetup({ GOPATH: goPath, GOSUMDB: 'sum.golang.org' }, { offline: true });
      try {
        const r = await a.auditor.audit(parse(edited));
        assert.equal(r.verdicts.length, lines.length);
        assert.equal(r.summary.mismatch, 1, JSON.stringify(r.summary));
        assert.equal(r.summary.verified, lines.length - 1);
        assert.equal(r.verdicts[3].status, 'mismatch');
        const [m, v, real] = lines[3].split(' ');
        const what = `${m}@${v}`;  // "M@V" or "M@V/go.mod", as Go names it
        assert.ok(r.verdicts[3].message.startsWith(`sum.golang.org holds ${real} for ${what}, but go.sum has ${edited[3].split(' ')[2]}.\n`), r.verdicts[3].message);
        assert.ok(r.verdicts[3].message.includes(`\n\nverifying ${what}: checksum mismatch\n\tdownloaded: ${real}\n\tgo.sum:     ${edited[3].split(' ')[2]}\n`), r.verdicts[3].message);
        assert.equal(r.offline, true);
        assert.equal(r.database?.name, 'sum.golang.org');
        assert.ok(r.database!.treeSize > 0);
        assert.equal(r.scenario, null);
      } finally {
        await a.close();
      }
      assert.equal(fingerprint(goPath), before);
    });
  }

  it('offline with nothing cached: every line is unverifiable, never verified', async () => {
    const lines = readGoSum('etcd-io_etcd.go.sum').slice(0, 10);
    const a = await auditSetup({ GOSUMDB: 'sum.golang.org' }, { offline: true });
    try {
      const r = await a.auditor.audit(parse(lines));
      assert.equal(r.summary.unverifiable, 10);
      assert.match(r.verdicts[0].message, /offline, and neither our cache nor Go's sumdb cache can prove/);
    } finally {
      await a.close();
    }
  });

  it('the network is down: lines verified earlier are proven again from our cache, the rest point at the scenario', async () => {
    const etcd = readGoSum('etcd-io_etcd.go.sum');
    const db = await startSumdbServer({ goSumLines: etcd });
    const home = tempDir('audit-down');
    try {
      const first = await auditSetup({ GOSUMDB: gosumdbFor(db) }, { home });
      await first.auditor.audit(parse(etcd.slice(0, 50)));
      await first.close();
      await db.close();
      // A new process: nothing in memory, only the files the first one wrote.
      const second = await auditSetup({ GOSUMDB: gosumdbFor(db) }, { home });
      try {
        const r = await second.auditor.audit(parse(etcd));
        // Every line of a module version the first run looked up is provable (a record holds both lines).
        const key = (l: string) => l.split(' ').slice(0, 2).join(' ').replace('/go.mod', '');
        const seen = new Set(etcd.slice(0, 50).map(key));
        const provable = etcd.filter((l) => seen.has(key(l))).length;
        assert.ok(provable >= 50);
        assert.equal(r.summary.verified, provable);
        assert.equal(r.summary.unverifiable, 208 - provable);
        assert.equal(r.scenario?.scenario, 'blocked');
        assert.equal(r.offline, true);
      } finally {
        await second.close();
      }
      assert.ok(lookupsIn(db.requests).length === new Set(etcd.slice(0, 50).map((l) => l.split(' ').slice(0, 2).join(' ').replace('/go.mod', ''))).size);
    } finally {
      await db.close();
      rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    }
  });

  it("the module cache is compared like go mod verify: matching, differing (Go's words) and absent copies", async () => {
    const home = tempDir('audit-modcache');
    const modCache = path.join(home, 'modcache');
    const goModText = 'module example.com/lib\n\ngo 1.21\n';
    const goModHash = hashGoMod(new TextEncoder().encode(goModText));
    const zipHash = 'h1:kQceYJfbupGfZOKZQg0kou0DgAKhzDg2NZPAwZ/2OOE=';
    const put = (module: string, version: string, ext: string, data: string) => {
      const dir = path.join(modCache, 'cache', 'download', ...escapePath(module).split('/'), '@v');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${escapeVersion(version)}.${ext}`), data);
    };
    put('example.com/Lib', 'v1.0.0', 'mod', goModText);
    put('example.com/Lib', 'v1.0.0', 'ziphash', `${zipHash}\n`);
    put('example.com/other', 'v0.1.0', 'ziphash', 'h1:RalcL7BvFdQoW9jV0z5uDmqQxJwMff/wbvqbMOh0VR0=\n');
    const lines = [
      `example.com/Lib v1.0.0 ${zipHash}`,
      `example.com/Lib v1.0.0/go.mod ${goModHash}`,
      'example.com/other v0.1.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      'example.com/absent v0.1.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    ];
    const a = await auditSetup({ GOSUMDB: 'sum.golang.org', GOMODCACHE: modCache }, { offline: true, home });
    try {
      const r = await a.auditor.audit(parse(lines));
      assert.deepEqual(r.verdicts.map((v) => v.moduleCache), ['matches', 'matches', 'differs', 'absent']);
      assert.equal(r.verdicts[2].moduleCacheMessage, 'verifying example.com/other@v0.1.0: checksum mismatch\n' +
        '\tdownloaded: h1:RalcL7BvFdQoW9jV0z5uDmqQxJwMff/wbvqbMOh0VR0=\n\tgo.sum:     h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n' +
        'SECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.\n' +
        'The bits may have been replaced on the origin server, or an attacker may\nhave intercepted the download attempt.\n\n' +
        "For more information, see 'go help module-auth'.");
    } finally {
      await a.close();
      rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    }
  });
});
