// How the go command names the file of a tampered line in its checksum mismatch, beside our audit of that file
// (the built CLI): "go.sum"; "go.work.sum"; and, in workspace mode, a module's go.sum by its full path
// (modfetch haveModSumLocked). Each of our verdicts must end with Go's text, byte for byte.
import assert from 'node:assert/strict';
import { runGo } from '../support/goModEdit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureBuilt } from '../support/built';
import { runCli } from '../support/builtCli';
import { tamper } from '../support/auditSetup';
import { greetBesideGo } from '../support/goModDownload';
import { localGoVersion } from '../support/goEnv';
import { lintGoEnv } from '../../server/src/goenv/lints';
import { resolveGoEnv } from '../../server/src/goenv/resolve';
import { readEnvSources } from '../../server/src/goenv/sources';

describe('the file a tampered line is in, named as the go command names it', function () {
  this.timeout(60_000);
  const servers = greetBesideGo();
  let root: string;
  before(() => {
    ensureBuilt();
    root = mkdtempSync(path.join(tmpdir(), 'ws-sums-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  let n = 0;
  /** A workspace (go.work using ./m, m requiring greet) with the tampered line in `where`. */
  function workspace(where: 'go.work.sum' | 'm/go.sum'): string {
    const dir = path.join(root, `w${n++}`);
    mkdirSync(path.join(dir, 'm'), { recursive: true });
    writeFileSync(path.join(dir, 'go.work'), 'go 1.19\n\nuse ./m\n');
    writeFileSync(path.join(dir, 'm', 'go.mod'), 'module example.com/m\n\ngo 1.19\n\nrequire example.com/greet v1.1.0\n');
    const line = servers.gp.goSumLines.find((l) => l.includes('/go.mod'))!;
    writeFileSync(path.join(dir, where), tamper(line) + '\n');
    return dir;
  }

  function env(dir: string, gowork?: string): NodeJS.ProcessEnv {
    const { gp, db } = servers;
    return {
      PATH: process.env.PATH, HOME: dir, GOPATH: path.join(dir, 'gopath'), GOCACHE: path.join(dir, 'gocache'), GOENV: 'off',
      GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local', GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} ${db.url}`,
      GOSUM_DOCTOR_CACHE: path.join(dir, 'ours'), ...(gowork ? { GOWORK: gowork } : {}),
    };
  }

  function goSays(dir: string, e: NodeJS.ProcessEnv): Promise<string> {
    return runGo(path.join(dir, 'm'), ['mod', 'download'], e).then((r) => r.stderr.trim());
  }

  async function oursFor(target: string, e: NodeJS.ProcessEnv): Promise<string> {
    const r = await runCli(['check', '--json', target], { env: e });
    const lines = (JSON.parse(r.stdout) as { lines: { status: string; message: string }[] }).lines;
    return lines.find((l) => l.status === 'mismatch')?.message ?? `(no mismatch) ${r.stdout.slice(0, 500)}`;
  }

  for (const [where, label] of [['go.work.sum', 'go.work.sum'], ['m/go.sum', 'the module\'s go.sum by its path']] as const) {
    it(`in workspace mode, a tampered line in ${where}: Go names ${label}, and so does our verdict`, async () => {
      const dir = workspace(where);
      const go = await goSays(dir, env(dir));
      assert.match(go, /checksum mismatch/);
      assert.ok(go.includes(where === 'go.work.sum' ? '\tgo.work.sum:     h1:' : `\t${path.join(dir, 'm', 'go.sum')}:     h1:`), go);
      const ours = await oursFor(where === 'go.work.sum' ? dir : path.join(dir, 'm'), env(dir));
      assert.ok(ours.endsWith(go), `ours:\n${ours}\ngo:\n${go}`);
    });
  }

  it('check on the workspace\'s own directory audits the go.sum of every module go.work uses: the tampered line in m/go.sum is found there, in Go\'s words', async () => {
    const dir = workspace('m/go.sum');
    const go = await goSays(dir, env(dir));
    assert.ok(go.includes(`\t${path.join(dir, 'm', 'go.sum')}:     h1:`), go);
    const r = await runCli(['check', '--json', dir], { env: env(dir) });
    const out = JSON.parse(r.stdout) as { lines: { file: string; status: string; message: string }[] };
    const mismatch = out.lines.find((l) => l.status === 'mismatch');
    assert.equal(mismatch?.file, path.join(dir, 'm', 'go.sum'), r.stdout.slice(0, 600));
    assert.ok(mismatch.message.endsWith(go), `ours:\n${mismatch.message}\ngo:\n${go}`);
    assert.equal(r.code, 1);
    // With GOWORK=off the directory is no workspace to Go: nothing there but go.work.
    const off = await runCli(['check', '--json', dir], { env: env(dir, 'off') });
    assert.equal(off.code, 2, off.stderr);
    // Named, the go.work is that workspace, as GOWORK naming it makes it.
    const named = await runCli(['check', '--json', path.join(dir, 'go.work')], { env: env(dir, 'off') });
    const namedLines = (JSON.parse(named.stdout) as { lines: { file: string; status: string; message: string }[] }).lines;
    assert.deepEqual(namedLines.find((l) => l.status === 'mismatch'), mismatch);
  });

  it('a go.work the go command refuses (a bad use line, a directory used twice, several refused directives): check says so in its words, every line of them, and exits 2 (no go command works there)', async () => {
    for (const uses of ['use ./m ./n', 'use ./m\nuse (\n\tm/\n)', 'use ./m ./n\nfoo bar\nuse (\n\tx y\n\t./m\n)\nuse']) {
      const dir = workspace('m/go.sum');
      writeFileSync(path.join(dir, 'go.work'), `go 1.19\n\n${uses}\n`);
      const go = (await runGo(dir, ['list', '-m'], env(dir))).stderr.trim();
      assert.match(go, /reading go\.work: /);
      // Named as given, and as the directory check runs in: go names the file by its absolute path either way.
      for (const [target, cwd] of [[dir, undefined], ['.', dir]]) {
        const r = await runCli(['check', target!], { env: env(dir), cwd });
        assert.equal(r.code, 2);
        // Go 1.19 prints it bare; later releases after "go: ".
        assert.equal(r.stderr.trim(), `gosum-doctor: ${go.replace(/^go: /, '')}`);
      }
    }
  });

  it('a relative GOWORK: go refuses it before anything is loaded, and so does check, in its words', async () => {
    const dir = workspace('m/go.sum');
    const e = env(dir, 'go.work');
    const go = (await runGo(path.join(dir, 'm'), ['list', '-m'], e)).stderr.trim();
    assert.match(go, /the path provided to GOWORK must be an absolute path$/);
    const r = await runCli(['check', path.join(dir, 'm')], { env: e });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), `gosum-doctor: ${go.replace(/^go: /, '')}`);
  });

  it('a go.work using a directory without go.mod: go refuses every command there, and check says why and exits 2', async () => {
    const dir = workspace('m/go.sum');
    writeFileSync(path.join(dir, 'go.work'), 'go 1.19\n\nuse (\n\t./m\n\t./gone\n)\n');
    const go = await runGo(dir, ['list', '-m'], env(dir));
    assert.equal(go.code, 1);
    // Go 1.19 names the go.mod by its absolute path alone; today's go says which use line it is (modload).
    assert.ok(go.stderr.includes(`open ${path.join(dir, 'gone', 'go.mod')}: no such file or directory`) || go.stderr.includes('cannot load module gone listed in go.work file'), go.stderr);
    const r = await runCli(['check', dir], { env: env(dir) });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'gosum-doctor: cannot load module gone listed in go.work file: open gone/go.mod: no such file or directory');
  });

  it('a GOWORK naming another file: its sum file is that path + ".sum", named "go.sum" by Go unless the path ends in go.work.sum; its modules are checked too', async () => {
    for (const [name, goName] of [['dev.work', 'go.sum'], ['my.go.work', 'go.work.sum']]) {
      const dir = workspace('m/go.sum');
      const line = servers.gp.goSumLines.find((l) => l.includes('/go.mod'))!;
      // The module's own go.sum is right; the workspace's sum file, named after the work file, is tampered.
      writeFileSync(path.join(dir, 'm', 'go.sum'), line + '\n');
      writeFileSync(path.join(dir, `${name}.sum`), tamper(line) + '\n');
      writeFileSync(path.join(dir, 'go.work.sum'), line + '\n'); // never read by go here
      const e = env(dir, path.join(dir, name));
      writeFileSync(path.join(dir, name), 'go 1.19\n\nuse ./m\n');
      const go = await goSays(dir, e);
      assert.ok(go.includes(`\t${goName}:     h1:`), go);
      const r = await runCli(['check', '--json', dir], { env: e });
      const lines = (JSON.parse(r.stdout) as { lines: { file: string; status: string; message: string }[] }).lines;
      assert.deepEqual([...new Set(lines.map((l) => l.file))].sort(), [path.join(dir, `${name}.sum`), path.join(dir, 'm', 'go.sum')].sort(), r.stdout.slice(0, 600));
      const mismatch = lines.find((l) => l.status === 'mismatch');
      assert.equal(mismatch?.file, path.join(dir, `${name}.sum`));
      assert.ok(mismatch.message.endsWith(go), `ours:\n${mismatch.message}\ngo:\n${go}`);
    }
  });

  it('a module go version above go.work\'s, and a GOTOOLCHAIN go cannot read: check and the lint refuse them exactly where the go command here does (go1.19: neither)', async () => {
    const dir = workspace('m/go.sum');
    writeFileSync(path.join(dir, 'm', 'go.sum'), servers.gp.goSumLines.join('\n') + '\n');
    writeFileSync(path.join(dir, 'm', 'go.mod'), 'module example.com/m\n\ngo 1.22\n\nrequire example.com/greet v1.1.0\n');
    // go.work's rule came with Go 1.21 (errWorkTooOld); GOTOOLCHAIN=local never switches.
    const local = { ...env(dir), GOTOOLCHAIN: 'local' };
    const go = await runGo(dir, ['list', '-m'], local);
    const r = await runCli(['check', dir], { env: local });
    assert.equal(r.code === 0, go.code === 0, `go: ${go.stderr}\nours: ${r.stdout}${r.stderr}`);
    // GOTOOLCHAIN: read (and refused) only by go commands from 1.21 on.
    const bad = { ...env(dir), GOTOOLCHAIN: 'asdf' };
    const goBad = await runGo(dir, ['env', 'GOMOD'], bad);
    const lints = lintGoEnv(resolveGoEnv(await readEnvSources({ process: bad }))).filter((l) => l.variable === 'GOTOOLCHAIN');
    assert.equal(lints.length > 0, goBad.code !== 0, goBad.stderr);
    if (lints.length > 0) assert.equal(`go: ${lints[0].goError}`, goBad.stderr.trim());
    // What the go command here is decides both: go1.19 in CI accepts them.
    console.log(`      ${await localGoVersion()}: workspace ${go.code === 0 ? 'accepted' : 'refused'}, GOTOOLCHAIN=asdf ${goBad.code === 0 ? 'ignored' : 'refused'}`);
  });

  it('with GOWORK=off the module\'s go.sum is plain "go.sum" to Go, and to us', async () => {
    const dir = workspace('m/go.sum');
    const go = await goSays(dir, env(dir, 'off'));
    assert.ok(go.includes('\tgo.sum:     h1:'), go);
    const ours = await oursFor(path.join(dir, 'm'), env(dir, 'off'));
    assert.ok(ours.endsWith(go), `ours:\n${ours}\ngo:\n${go}`);
  });
});
