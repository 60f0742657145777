// The module cache compared with go.sum, beside the go command: go downloads greet into a module cache, a go.sum
// line is then tampered, and go (GOPROXY=off, so from the cache alone) stops with its checksum mismatch. Our
// audit's module-cache verdict for that line must quote that text exactly, for the zip and the go.mod line.
import assert from 'node:assert/strict';
import { runGo } from '../support/goModEdit';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { auditSetup, parse, tamper } from '../support/auditSetup';
import { greetBesideGo } from '../support/goModDownload';

function go(cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  return runGo(cwd, args, env).then((r) => (r.stderr + r.stdout).trim());
}

describe('the module cache against go.sum, beside the go command', function () {
  this.timeout(60_000);
  const servers = greetBesideGo();
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let sum: string[];

  before(async function () {
    if (!servers.gp) this.skip();
    const { gp, db } = servers;
    dir = mkdtempSync(path.join(tmpdir(), 'modcache-go-'));
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.19\n\nrequire example.com/greet v1.1.0\n');
    env = {
      PATH: process.env.PATH, HOME: dir, GOPATH: path.join(dir, 'gopath'), GOMODCACHE: path.join(dir, 'modcache'),
      GOCACHE: path.join(dir, 'gocache'), GOENV: 'off', GOFLAGS: '-mod=mod -modcacherw', GOTOOLCHAIN: 'local',
      GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} ${db.url}`,
    };
    assert.equal(await go(dir, env, ['mod', 'download', 'example.com/greet']), '');
    sum = readFileSync(path.join(dir, 'go.sum'), 'utf8').trim().split('\n');
    assert.equal(sum.length, 2, sum.join('\n'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('a wrong line after the right one: go compares the first alone and goes on; we compare neither line Go does not read', async () => {
    const zip = sum.findIndex((l) => !l.includes('/go.mod'));
    const lines = [...sum.slice(0, zip + 1), tamper(sum[zip]), ...sum.slice(zip + 1)];
    writeFileSync(path.join(dir, 'go.sum'), lines.join('\n') + '\n');
    assert.equal(await go(dir, { ...env, GOPROXY: 'off' }, ['mod', 'download', 'example.com/greet']), '');
    const { db } = servers;
    const a = await auditSetup({ GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY: 'off', GOMODCACHE: env.GOMODCACHE! });
    try {
      const verdicts = (await a.auditor.audit(parse(lines))).verdicts;
      assert.equal(verdicts[zip].moduleCache, 'matches');
      assert.equal(verdicts[zip + 1].moduleCache, undefined, 'go never compares it');
      assert.match(verdicts[zip + 1].message, /never reads this line/);
    } finally {
      await a.close();
    }
  });

  for (const kind of ['zip', 'go.mod'] as const) {
    it(`a tampered ${kind} line: our module-cache verdict quotes what go says from the cache, word for word`, async () => {
      const i = sum.findIndex((l) => l.includes('/go.mod') === (kind === 'go.mod'));
      const lines = [...sum];
      lines[i] = tamper(lines[i]);
      writeFileSync(path.join(dir, 'go.sum'), lines.join('\n') + '\n');
      const said = await go(dir, { ...env, GOPROXY: 'off' }, ['mod', 'download', 'example.com/greet']);
      assert.match(said, /checksum mismatch/);
      const { db } = servers;
      const a = await auditSetup({ GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY: 'off', GOMODCACHE: env.GOMODCACHE! });
      try {
        const v = (await a.auditor.audit(parse(lines))).verdicts[i];
        assert.equal(v.moduleCache, 'differs');
        assert.equal(v.moduleCacheMessage, said);
        assert.equal((await a.auditor.audit(parse(sum))).verdicts[i].moduleCache, 'matches');
      } finally {
        await a.close();
      }
    });
  }
});
