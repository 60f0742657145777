// Where the go command finds its main module when run in a directory, beside `go env GOMOD GOWORK` run there:
// nested modules, a directory named go.mod, workspaces, GOWORK and GO111MODULE settings, and the go.mod in the
// system's temporary directory that Go ignores (also through a symbolic link and a trailing slash). Then the
// built CLI, run in a package directory with nothing to check there, checks the module (or workspace) go uses.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mainModuleRoot, type MainModuleFs, type MainModuleSettings } from '../../server/src/goenv/mainModuleRoot';
import { goWorkFile } from '../../server/src/goenv/workspace';
import { isRegularFile } from '../../server/src/shared/smallFile';
import { ensureBuilt } from '../support/built';
import { runCli } from '../support/builtCli';

const FS: MainModuleFs = {
  isFile: isRegularFile,
  realPath: (f) => { try { return realpathSync(f); } catch { return undefined; } },
};

/** `go env GOMOD GOWORK` in `cwd` with these settings (TMPDIR, GOWORK, GO111MODULE), nothing else of ours. */
function goEnv(cwd: string, home: string, settings: MainModuleSettings): Promise<{ GOMOD: string; GOWORK: string }> {
  const env = {
    PATH: process.env.PATH, HOME: home, GOENV: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local', GOCACHE: path.join(home, 'cache'),
    TMPDIR: settings.tempDir, GOWORK: settings.gowork, GO111MODULE: settings.go111module,
    PWD: cwd, // go starts its walk from $PWD when it names the directory, as through a symbolic link
  };
  return new Promise((resolve, reject) => execFile('go', ['env', 'GOMOD', 'GOWORK'], { cwd, env, timeout: 60_000 }, (err, stdout, stderr) => {
    if (err) return reject(new Error(`go env in ${cwd}: ${stderr}`));
    const [GOMOD, GOWORK] = stdout.split('\n');
    resolve({ GOMOD, GOWORK });
  }));
}

/** What `go env GOMOD GOWORK` should print by our reading: GOMOD is the module-mode root (go env reads it first). */
function ours(cwd: string, settings: MainModuleSettings): { GOMOD: string; GOWORK: string } {
  const root = mainModuleRoot(cwd, { ...settings, gowork: 'off' }, FS);
  const GOMOD = root.kind === 'module' ? path.join(root.dir, 'go.mod') : root.kind === 'none' && root.mode === 'module' ? '/dev/null' : '';
  const GOWORK = settings.gowork === 'off' ? 'off' : goWorkFile(cwd, settings.gowork, FS.isFile) ?? '';
  return { GOMOD, GOWORK };
}

describe('the main module the go command finds in a directory', function () {
  this.timeout(600_000);
  let top: string;
  const at = (...parts: string[]) => path.join(top, ...parts);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(at(file)), { recursive: true });
    writeFileSync(at(file), text);
  };

  before(() => {
    ensureBuilt();
    top = realpathSync(mkdtempSync(path.join(tmpdir(), 'gosum-doctor-root-')));
    write('repo/go.mod', 'module example.com/repo\n\ngo 1.19\n\nrequire golang.org/x/text v0.3.7\n');
    write('repo/go.sum', 'golang.org/x/text v0.3.7/go.mod h1:u+2+/6zg+i71rQMx5EYifcz6VVVSDjBpdZGB7BQZUf0=\n');
    mkdirSync(at('repo/pkg/a'), { recursive: true });
    write('repo/nested/go.mod', 'module example.com/repo/nested\n');
    mkdirSync(at('repo/nested/deep/x'), { recursive: true });
    mkdirSync(at('repo/dirmod/go.mod'), { recursive: true }); // a directory named go.mod is no go.mod
    mkdirSync(at('repo/dirmod/sub'), { recursive: true });
    write('ws/go.work', 'go 1.19\n\nuse ./m1\n');
    write('ws/m1/go.mod', 'module example.com/m1\n');
    write('ws/m1/go.sum', 'golang.org/x/text v0.3.7 h1:olpwvP2KacW1ZWvsR7uQhoyTYvKAupfQrRGBFM352Gk=\n');
    mkdirSync(at('ws/m1/pkg'), { recursive: true });
    mkdirSync(at('ws/other/x'), { recursive: true });
    write('ws/unused/go.mod', 'module example.com/unused\n');
    write('tmp/go.mod', 'module scratch\n');
    mkdirSync(at('tmp/sub/x'), { recursive: true });
    write('tmp/mod/go.mod', 'module example.com/undertmp\n');
    mkdirSync(at('tmp/mod/p'), { recursive: true });
    symlinkSync(at('tmp'), at('tmplink'));
    mkdirSync(at('plain/a/b'), { recursive: true });
    // Reached through a link whose own parent is a module: go walks up the link's path ($PWD), not plain's.
    write('links/go.mod', 'module example.com/links\n\ngo 1.19\n\nrequire golang.org/x/text v0.3.7\n');
    write('links/go.sum', 'golang.org/x/text v0.3.7/go.mod h1:u+2+/6zg+i71rQMx5EYifcz6VVVSDjBpdZGB7BQZUf0=\n');
    symlinkSync(at('plain/a'), at('links/proj'));
  });
  after(() => rmSync(top, { recursive: true, force: true }));

  it('agrees with go env GOMOD GOWORK in every directory, for each GOWORK, GO111MODULE and TMPDIR', async () => {
    const dirs = ['repo', 'repo/pkg/a', 'repo/nested/deep/x', 'repo/dirmod/sub', 'ws', 'ws/m1/pkg', 'ws/other/x', 'ws/unused',
      'tmp', 'tmp/sub/x', 'tmp/mod/p', 'tmplink/sub/x', 'plain/a/b', 'links/proj/b'];
    const variants: Omit<MainModuleSettings, 'tempDir'>[] = [
      { gowork: '', go111module: '' }, { gowork: 'off', go111module: '' }, { gowork: 'auto', go111module: 'on' },
      { gowork: '', go111module: 'auto' }, { gowork: '', go111module: 'off' }, { gowork: at('ws/go.work'), go111module: '' },
    ];
    const temps = [at('tmp'), at('tmp') + '/', at('tmplink'), at('plain')];
    let compared = 0;
    let ignoredTempRoots = 0;
    for (const dir of dirs) {
      for (const v of variants) {
        for (const tempDir of dir.startsWith('tmp') || v === variants[0] ? temps : temps.slice(0, 1)) {
          const settings = { ...v, tempDir };
          const theirs = await goEnv(at(dir), top, settings);
          assert.deepEqual(ours(at(dir), settings), theirs, `${dir} ${JSON.stringify(settings)}`);
          const root = mainModuleRoot(at(dir), { ...settings, gowork: 'off' }, FS);
          if (root.kind === 'none' && root.ignoredTempRoot !== undefined) ignoredTempRoots++;
          compared++;
        }
      }
    }
    assert.ok(compared >= 90, `${compared} comparisons`);
    assert.ok(ignoredTempRoots >= 6, `the ignored temp root came up ${ignoredTempRoots} times`);
  });

  describe('gosum-doctor check in a directory with nothing to check', () => {
    const env = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: process.env.PATH ?? '', HOME: top, GOENV: 'off', GOSUMDB: 'off', GOPROXY: 'off', GOFLAGS: '', TMPDIR: at('tmp'), ...extra });
    const filesOf = (stdout: string) => [...new Set((JSON.parse(stdout) as { lines: { file: string }[] }).lines.map((l) => l.file))];

    it('checks the module the go command uses there, naming its files from where it ran', async () => {
      const r = await runCli(['check', '--json'], { env: env(), cwd: at('repo/pkg/a') });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(filesOf(r.stdout), [path.join('..', '..', 'go.sum')]);
      const byPath = await runCli(['check', '--json', at('repo/dirmod/sub')], { env: env() });
      assert.deepEqual(filesOf(byPath.stdout), [at('repo/go.sum')]);
    });

    it('checks the workspace in a directory under a go.work, and the module alone with GOWORK=off', async () => {
      const r = await runCli(['check', '--json', '.'], { env: env(), cwd: at('ws/other/x') });
      assert.equal(r.code, 0, r.stderr);
      // The used modules are named as go names them in workspace mode: by their absolute paths.
      assert.deepEqual(filesOf(r.stdout), [at('ws/m1/go.sum')]);
      const off = await runCli(['check', '--json', at('ws/m1/pkg')], { env: env({ GOWORK: 'off' }) });
      assert.deepEqual(filesOf(off.stdout), [at('ws/m1/go.sum')]);
    });

    it('run through a symbolic link, finds the module above the link as go does ($PWD), and none without $PWD', async () => {
      const logical = at('links/proj/b');
      assert.equal((await goEnv(logical, top, { gowork: '', go111module: '', tempDir: at('tmp') })).GOMOD, at('links/go.mod'));
      const r = await runCli(['check', '--json'], { env: env({ PWD: logical }), cwd: logical });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(filesOf(r.stdout), [at('links/go.sum')]);
      const dotDot = await runCli(['check', '--json', '../..'], { env: env({ PWD: logical }), cwd: logical });
      assert.deepEqual(filesOf(dotDot.stdout), [at('links/go.sum')]);
      // A $PWD that names another directory is not taken (nor by go): the kernel's path, where no module is.
      const stale = await runCli(['check'], { env: env({ PWD: at('repo') }), cwd: logical });
      assert.equal(stale.code, 2);
      assert.match(stale.stderr, /go\.mod file not found in current directory or any parent directory/);
    });

    it('says what the go command says where it finds no module: none above, or only the temp root\'s', async () => {
      const none = await runCli(['check', at('plain/a/b')], { env: env() });
      assert.equal(none.code, 2);
      assert.equal(none.stderr, `gosum-doctor: ${at('plain/a/b')}: no go.mod, go.sum or go.work.sum here (go: go.mod file not found in current directory or any parent directory)\n`);
      const temp = await runCli(['check', at('tmp/sub/x')], { env: env() });
      assert.equal(temp.code, 2);
      assert.match(temp.stderr, new RegExp(`go: warning: ignoring go\\.mod in system temp root ${at('tmp').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)\\n$`));
      const gopath = await runCli(['check', at('repo/pkg/a')], { env: env({ GO111MODULE: 'off' }) });
      assert.equal(gopath.code, 2);
      assert.match(gopath.stderr, /GO111MODULE=off: the go command uses no module/);
    });
  });
});
