import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readEnvSources } from '../../server/src/goenv/sources';
import { resolveGoEnv } from '../../server/src/goenv/resolve';
import { ChangedSinceRead, readKeptText, replaceKeptText } from '../../server/src/shared/keptTextFile';
import { setVar, unsetVar } from '../../server/src/shared/envFile';
import { runGoEnv, compareWithGo } from '../../server/src/goenv/goCommand';
import { envFileLocation } from '../../server/src/shared/locations';
import { goOnPath } from '../support/goEnv';
import { goTextBytes } from '../../server/src/shared/utf8';

describe('reading and writing the go env files on disk', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'goenv-')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('finds the user file under XDG_CONFIG_HOME and go.env under GOROOT', async () => {
    await fs.mkdir(path.join(dir, 'cfg/go'), { recursive: true });
    await fs.writeFile(path.join(dir, 'cfg/go/env'), 'GOPROXY=https://goproxy.cn,direct\n');
    await fs.mkdir(path.join(dir, 'goroot'));
    await fs.writeFile(path.join(dir, 'goroot/go.env'), 'GOSUMDB=sum.golang.org\nGOTOOLCHAIN=local\n');
    const inputs = await readEnvSources({ process: { HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'cfg'), GOROOT: path.join(dir, 'goroot') }, platform: 'linux' });
    const env = resolveGoEnv(inputs);
    assert.equal(env.vars.GOPROXY.value, 'https://goproxy.cn,direct');
    assert.equal(env.vars.GOPROXY.file, path.join(dir, 'cfg/go/env'));
    assert.equal(env.vars.GOTOOLCHAIN.source, 'goroot-go.env');
  });

  it('a GOROOT written in the user file decides which go.env is read', async () => {
    await fs.mkdir(path.join(dir, 'a')); await fs.mkdir(path.join(dir, 'b'));
    await fs.writeFile(path.join(dir, 'a/go.env'), 'GOTOOLCHAIN=from-a\n');
    await fs.writeFile(path.join(dir, 'b/go.env'), 'GOTOOLCHAIN=from-b\n');
    await fs.writeFile(path.join(dir, 'env'), `GOROOT=${path.join(dir, 'b')}\n`);
    const inputs = await readEnvSources({ process: { HOME: dir, GOENV: path.join(dir, 'env'), GOROOT: path.join(dir, 'a') }, platform: 'linux' });
    assert.equal(resolveGoEnv(inputs).vars.GOTOOLCHAIN.value, 'from-b');
  });

  it('without GOROOT, the go on PATH names it (symlink resolved), past entries that are missing, files or have no go', async () => {
    const goroot = path.join(dir, 'lib', 'go-1.19');
    await fs.mkdir(path.join(goroot, 'bin'), { recursive: true });
    await fs.mkdir(path.join(goroot, 'pkg', 'tool'), { recursive: true });
    await fs.writeFile(path.join(goroot, 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
    await fs.writeFile(path.join(goroot, 'go.env'), 'GOTOOLCHAIN=from-path\n');
    await fs.mkdir(path.join(dir, 'usr-bin'));
    await fs.symlink(path.join(goroot, 'bin', 'go'), path.join(dir, 'usr-bin', 'go'));
    await fs.mkdir(path.join(dir, 'empty'));
    await fs.writeFile(path.join(dir, 'a-file'), '');
    const PATH = [path.join(dir, 'missing'), path.join(dir, 'a-file'), '', path.join(dir, 'empty'), path.join(dir, 'usr-bin')].join(':');
    const inputs = await readEnvSources({ process: { HOME: dir, PATH }, platform: 'linux' });
    assert.equal(inputs.gorootFound, await fs.realpath(goroot));
    assert.equal(resolveGoEnv(inputs).vars.GOTOOLCHAIN.value, 'from-path');
  });

  it('the local go command\'s release is $GOROOT/VERSION\'s first line: the release `go version` names, for the go on PATH here', async function () {
    await fs.mkdir(path.join(dir, 'goroot'));
    await fs.writeFile(path.join(dir, 'goroot', 'VERSION'), 'go1.26.1\ntime 2026-03-05T18:21:05Z\n');
    assert.equal(resolveGoEnv(await readEnvSources({ process: { HOME: dir, GOROOT: path.join(dir, 'goroot') }, platform: 'linux' })).goVersion, 'go1.26.1');
    await fs.writeFile(path.join(dir, 'goroot', 'VERSION'), 'not a release\n');
    assert.equal(resolveGoEnv(await readEnvSources({ process: { HOME: dir, GOROOT: path.join(dir, 'goroot') }, platform: 'linux' })).goVersion, undefined);
    await fs.rm(path.join(dir, 'goroot', 'VERSION'));
    assert.equal(resolveGoEnv(await readEnvSources({ process: { HOME: dir, GOROOT: path.join(dir, 'goroot') }, platform: 'linux' })).goVersion, undefined);
    if (!goOnPath()) return this.skip();
    const said = execFileSync('go', ['version'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
    const local = resolveGoEnv(await readEnvSources({ process: { HOME: dir, PATH: process.env.PATH }, platform: 'linux' })).goVersion;
    assert.ok(local !== undefined && said.startsWith(`go version ${local} `), `${local} / ${said}`);
  });

  it('a missing or unreadable env file is simply absent', async () => {
    const inputs = await readEnvSources({ process: { HOME: dir, GOENV: path.join(dir, 'nope') }, platform: 'linux' });
    assert.equal(inputs.userFile, undefined);
  });

  it('an edit replaces the file in one step, keeping its mode and every untouched byte', async () => {
    const file = path.join(dir, 'env');
    const original = '# keep me\r\nGOPROXY=https://a.example\r\nUNKNOWN=1\n';
    await fs.writeFile(file, original, { mode: 0o600 });
    await fs.chmod(file, 0o600);
    const before = await readKeptText(file);
    await replaceKeptText(file, before, unsetVar(setVar(before, 'GOSUMDB', 'sum.golang.org'), 'GONOSUMCHECK'), 0o644);
    assert.equal(await fs.readFile(file, 'utf8'), original + 'GOSUMDB=sum.golang.org\n');
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await fs.readdir(dir), ['env'], 'no temp file left behind');
  });

  it('creates the file and its directory when go env -w never ran', async () => {
    const file = path.join(dir, 'new/go/env');
    assert.equal(await readKeptText(file), '');
    await replaceKeptText(file, '', setVar('', 'GOSUMDB', 'off'), 0o644);
    assert.equal(await fs.readFile(file, 'utf8'), 'GOSUMDB=off\n');
  });

  it('a FIFO where the go env file is: refused at once as no regular file, never waited on, and left as it is', async () => {
    const file = path.join(dir, 'fifo-env');
    execFileSync('mkfifo', [file]);
    await assert.rejects(readKeptText(file), /fifo-env: not a regular file/);
    await assert.rejects(replaceKeptText(file, '', setVar('', 'GOSUMDB', 'off'), 0o644), /not a regular file/);
    assert.ok((await fs.stat(file)).isFIFO());
  });

  it('a file changed since it was read is not replaced', async () => {
    const file = path.join(dir, 'env');
    await fs.writeFile(file, 'GOPROXY=direct\n');
    const before = await readKeptText(file);
    await fs.writeFile(file, 'GOPROXY=off\n');
    await assert.rejects(replaceKeptText(file, before, setVar(before, 'GOSUMDB', 'off'), 0o644), ChangedSinceRead);
    assert.equal(await fs.readFile(file, 'utf8'), 'GOPROXY=off\n');
  });

  it('a file that is no UTF-8 (Latin-1 bytes): an edit keeps each of those bytes, as go env -w does; the go command reads the same from both', async function () {
    if (!goOnPath()) this.skip();
    const latin = (text: string) => Buffer.from(text, 'latin1');
    const original = Buffer.concat([latin('# proxy of the caf\xe9 team\nGOPRIVATE=caf\xe9.example.com\nGOPROXY=https://a.example\n')]);
    const ours = path.join(dir, 'ours');
    const theirs = path.join(dir, 'theirs');
    await fs.writeFile(ours, original);
    await fs.writeFile(theirs, original);
    const before = await readKeptText(ours);
    await replaceKeptText(ours, before, setVar(before, 'GOPROXY', 'https://b.example,direct'), 0o644);
    execFileSync('go', ['env', '-w', 'GOPROXY=https://b.example,direct'], { env: { ...process.env, GOENV: theirs, GOFLAGS: '' }, stdio: 'ignore' });
    assert.deepEqual(await fs.readFile(ours), latin('# proxy of the caf\xe9 team\nGOPRIVATE=caf\xe9.example.com\nGOPROXY=https://b.example,direct\n'));
    const read = (file: string) => execFileSync('go', ['env', '-json', 'GOPROXY', 'GOPRIVATE'], { env: { ...process.env, GOENV: file, GOFLAGS: '' }, encoding: 'latin1' });
    assert.equal(read(ours), read(theirs));
    // go env -json writes the byte as \ufffd: Go's JSON, not the value, replaces it.
    assert.match(read(ours), /"GOPRIVATE": "caf\\ufffd\.example\.com"/);
  });

  it('a file that is no UTF-8 (Latin-1 bytes): we read each value with the bytes go env prints for it', async function () {
    if (!goOnPath()) this.skip();
    const file = path.join(dir, 'env');
    await fs.writeFile(file, Buffer.from('GOPRIVATE=caf\xe9.example.com\nGONOSUMDB=*.\xfc\xff.example\nGOPROXY=https://caf\xe9.example\n', 'latin1'));
    const ours = resolveGoEnv(await readEnvSources({ process: { GOENV: file, HOME: dir } })).vars;
    for (const name of ['GOPRIVATE', 'GONOSUMDB', 'GOPROXY'] as const) {
      const go = execFileSync('go', ['env', name], { env: { PATH: process.env.PATH, HOME: dir, GOENV: file, GOFLAGS: '' } });
      assert.deepEqual(goTextBytes(`${ours[name].value}\n`), go, name);
    }
  });
});

describe('asking the real go command (go env -json)', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'goenv-go-')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('runs nothing in an untrusted workspace', async () => {
    assert.deepEqual(await runGoEnv({ process: {}, allowed: false }), { ok: false, reason: 'not-allowed' });
  });

  it('reports a missing go binary instead of failing', async () => {
    const r = await runGoEnv({ process: { PATH: dir }, goBinary: path.join(dir, 'no-such-go') });
    assert.equal(r.ok === false && r.reason, 'not-found');
  });

  it('never hangs on a go binary that does not answer', async function () {
    if (process.platform === 'win32') this.skip();
    const fake = path.join(dir, 'go');
    await fs.writeFile(fake, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    const t0 = Date.now();
    const r = await runGoEnv({ process: { PATH: '/usr/bin:/bin' }, goBinary: fake, timeoutMs: 300 });
    assert.equal(r.ok === false && r.reason, 'timeout');
    assert.ok(Date.now() - t0 < 5000);
  });

  it('agrees with go env -json for a set of env files and variables (when go is installed)', async function () {
    const probe = await runGoEnv({ process: { ...process.env, GOENV: 'off' } });
    if (!probe.ok) this.skip();
    const cases: Array<{ env: Record<string, string>; file?: string }> = [
      { env: {} },
      { env: { GOPRIVATE: 'corp.example.com' } },
      { env: { GONOPROXY: 'x.example' }, file: 'GOPRIVATE=corp.example.com\nGOPROXY=https://goproxy.cn,direct\n' },
      { env: { GOPROXY: '' }, file: 'GOPROXY=https://file.example\nGOSUMDB=off\nGOFLAGS=-mod=mod\n' },
      { env: { GOSUMDB: 'sum.golang.google.cn' }, file: 'GONOSUMDB=a.example\r\n' },
    ];
    for (const c of cases) {
      const envFile = path.join(dir, 'env');
      await fs.writeFile(envFile, c.file ?? '');
      const proc = { PATH: process.env.PATH ?? '', HOME: dir, GOENV: envFile, GOTOOLCHAIN: 'local', ...c.env };
      const ours = resolveGoEnv(await readEnvSources({ process: proc, cwd: dir }));
      const go = await runGoEnv({ process: proc, cwd: dir });
      assert.ok(go.ok, JSON.stringify(go));
      assert.deepEqual(compareWithGo(ours, go.ok ? go.values : {}), [], JSON.stringify(c));
    }
  });
});

describe('where the go command finds its env file', () => {
  it('the go env file is where `go env GOENV` says, and where the go command has none, so do we', function () {
    if (!goOnPath()) this.skip();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'gosum-goenv-'));
    const cases: Record<string, string>[] = [
      { HOME: '/home/g' }, { HOME: '/home/g', XDG_CONFIG_HOME: '/xdg' }, { XDG_CONFIG_HOME: '/xdg' }, { HOME: '/home/g', XDG_CONFIG_HOME: '' },
      { HOME: '' }, {}, { HOME: '/home/g', GOENV: '/etc/goenv' }, { HOME: '/home/g', XDG_CONFIG_HOME: 'relative' },
    ];
    try {
      for (const vars of cases) {
        const env = { PATH: process.env.PATH ?? '', GOCACHE: path.join(scratch, 'cache'), GOPATH: path.join(scratch, 'gopath'), ...vars };
        const go = execFileSync('go', ['env', 'GOENV'], { env, cwd: scratch, encoding: 'utf8' }).trim();
        const ours = envFileLocation(env, 'linux');
        if (go === '') assert.equal(ours.kind, 'unknown', JSON.stringify(vars));
        else if (path.isAbsolute(go)) assert.deepEqual(ours.kind === 'file' && ours.path, go, JSON.stringify(vars));
        // go1.19 still took a relative $XDG_CONFIG_HOME from its working directory; later Go refuses it, and so do we.
        else assert.deepEqual(ours, { kind: 'unknown', error: 'path in $XDG_CONFIG_HOME is relative' }, JSON.stringify(vars));
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
