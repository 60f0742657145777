import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureBuilt } from '../support/built';
import { runCli } from '../support/builtCli';
import { goErrors, IsolatedGo, type GoError } from '../support/goModEdit';
import { goRootNaming } from '../support/goroot';

const H_A = 'h1:KlQV+7CEdqJ7E/eXKgVs27RMjFZn2I0x44SjauCGNkY=';
const H_M = 'h1:rcTgdhGf2dvXrNywJG0jkV+0342RC7PiKN0YX33Ej6Y=';

// check now audits go.sum against the checksum database; these syntax scenarios run with it turned off
// (GOSUMDB=off, hermetic Go settings) so nothing leaves the machine. The audit has its own tests (auditCli).
const OFF_ENV = { PATH: process.env.PATH ?? '', HOME: tmpdir(), GOENV: 'off', GOSUMDB: 'off', GOPROXY: 'off', GOFLAGS: '' };

const cli = (args: string[]) => runCli(args, { env: OFF_ENV });

describe('the gosum-doctor command', () => {
  let dir: string;
  before(function () {
    this.timeout(120_000);
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'gosum-doctor-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function project(name: string, files: Record<string, string>): string {
    const p = path.join(dir, name);
    mkdirSync(p, { recursive: true });
    for (const [f, t] of Object.entries(files)) writeFileSync(path.join(p, f), t);
    return p;
  }

  it('finds nothing wrong in the syntax of the bundled example and exits 0', async () => {
    const r = await cli(['check', 'test/fixtures/example']);
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0);
  });

  it('says on stderr, in Go\'s words, a setting every go command refuses (a GOFLAGS word that is no flag) with its fix, and leaves the exit code to go.sum', async () => {
    const p = project('goflags', { 'go.mod': 'module example.com/app\n\ngo 1.19\n', 'go.sum': `a.com/x v1.0.0 ${H_A}\n` });
    const goError = 'go: parsing $GOFLAGS: non-flag "integration"';
    const plain = await cli(['check', p]);
    const r = await runCli(['check', p], { env: { ...OFF_ENV, GOFLAGS: '-mod=mod -tags integration' } });
    assert.deepEqual([r.code, r.stdout], [plain.code, plain.stdout]);
    assert.equal(r.stderr, `$GOFLAGS: error: Every go command but go env stops as it starts at this GOFLAGS (each word must be a flag of its own: -name or -name=value): ${goError}\n`
      + `\tfix (Write -tags=integration as one word in GOFLAGS): export 'GOFLAGS=-mod=mod -tags=integration'\n${plain.stderr}`);
    // In a go env file: at its line and column, fixed by `go env -w`, after which the go command runs.
    const envFile = path.join(p, 'goenv');
    writeFileSync(envFile, '# mine\nGOFLAGS=-mod=mod -tags integration\n');
    const json = JSON.parse((await runCli(['check', '--json', p], { env: { ...OFF_ENV, GOENV: envFile } })).stdout) as { settings: { code: string; file: string; line: number; column: number; goError: string; fix: { commands: string[] } }[] };
    const s = json.settings.find((x) => x.code === 'goflags-invalid')!;
    assert.deepEqual([s.file, s.line, s.column, s.goError, s.fix.commands], [envFile, 2, 9, goError, ["go env -w 'GOFLAGS=-mod=mod -tags=integration'"]]);
    const goEnv = { ...OFF_ENV, GOENV: envFile, GOTOOLCHAIN: 'local', GOCACHE: path.join(p, 'cache'), GOPATH: path.join(p, 'gopath'), GOFLAGS: undefined };
    const goList = () => { try { return execFileSync('go', ['list', '-m'], { cwd: p, env: goEnv, encoding: 'utf8', stdio: 'pipe' }); } catch (e) { return String((e as { stderr: unknown }).stderr); } };
    assert.equal(goList(), `${goError}\n`);
    execFileSync('sh', ['-c', s.fix.commands[0]], { env: goEnv });
    assert.equal(goList(), 'example.com/app\n');
    // Said also where there is nothing to check (exit 2 as before), in text and in JSON.
    const nothing = project('goflags-nothing', {});
    const broken = { ...OFF_ENV, GOFLAGS: '-tags integration', GO111MODULE: 'off' };
    const text = await runCli(['check', nothing], { env: broken });
    assert.equal(text.code, 2);
    assert.match(text.stderr, /^\$GOFLAGS: error: .*non-flag "integration"\n\tfix .*\ngosum-doctor: .*no go\.mod, go\.sum or go\.work\.sum here/s);
    const asJson = await runCli(['check', '--json', nothing], { env: broken });
    assert.deepEqual((JSON.parse(asJson.stdout) as { settings: { code: string }[] }).settings.map((x) => x.code), ['gosumdb-off', 'goproxy-off', 'goflags-invalid']);
  });

  it('prints FILE:LINE:COL: severity: message for a malformed go.sum and exits 1', async () => {
    const p = project('broken', { 'go.sum': `a.com/x v1.0.0 ${H_A}\na.com/x v1.1.0\n  a.com/x v1.1.0 h1:not-base64!\n` });
    const r = await cli(['check', p]);
    const sum = path.join(p, 'go.sum');
    assert.equal(r.code, 1);
    assert.equal(r.stdout.split('\n')[0], `${sum}:2:1: error: malformed go.sum: wrong number of fields 2`);
    assert.match(r.stdout.split('\n')[1], new RegExp(`^${sum.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:18: error: malformed h1 hash "h1:not-base64!"`));
  });

  it('warns about a require whose go.mod line is missing from go.sum, in Go\'s words, and still exits 0', async () => {
    const p = project('missing', {
      'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.0.0\n)\n',
      'go.sum': `a.com/x v1.0.0 ${H_A}\na.com/x v1.0.0/go.mod ${H_M}\n`,
    });
    const r = await cli(['check', p]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${path.join(p, 'go.mod')}:7:2: warning: b.com/y@v1.0.0: missing go.sum entry for go.mod file; to add it:\n\tgo mod download b.com/y\n`);
  });

  /** What `go mod edit -json` (modfile's strict parse) says of this go.mod text, in a scratch directory. */
  async function goModEditErrors(text: string): Promise<GoError[] | undefined> {
    const go = new IsolatedGo();
    try {
      return goErrors((await go.run('m', text, ['mod', 'edit', '-json', 'go.mod'])).stderr);
    } finally {
      go.dispose();
    }
  }

  it('places go.mod errors at the go command\'s FILE:LINE:COL, where a lone carriage return ends no line', async function () {
    this.timeout(60_000);
    const text = 'module a.com/m\rgo 1.19\nrequire a.com/x 1.2.3\r\n\texclude a.com/z\n';
    const p = project('lone-cr', { 'go.mod': text });
    const goErrs = await goModEditErrors(text);
    assert.ok(goErrs && goErrs.length > 0, 'go rejects this go.mod');
    const r = await cli(['check', p]);
    const file = path.join(p, 'go.mod');
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), goErrs.map((e) => `${file}:${e.line}:${e.column}: error: ${e.message}`));
  });

  it('reads go.mod as the local go command does: go1.19 on PATH refuses a toolchain line and a go line like 1.21.0 in its words; a GOROOT naming go1.26.1 reads them', async function () {
    this.timeout(60_000);
    const text = 'module a.com/m\n\ngo 1.21.0\n\ntoolchain go1.21.0\n';
    const p = project('toolchain', { 'go.mod': text });
    const goErrs = await goModEditErrors(text);
    assert.equal(goErrs?.length, 2, 'go1.19 refuses both lines');
    const r = await cli(['check', p]);
    const file = path.join(p, 'go.mod');
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), goErrs!.map((e) => `${file}:${e.line}:${e.column}: error: ${e.message}`));
    const newer = await runCli(['check', p], { env: { ...OFF_ENV, GOROOT: goRootNaming(dir) } });
    assert.equal(newer.code, 0, newer.stdout + newer.stderr);
    assert.equal(newer.stdout, '');
  });

  it('a go line above the toolchain that runs (Go 1.21+, GOTOOLCHAIN=local or toolchain default) is ReadModFile\'s refusal at that line; with a switch there is none', async () => {
    const goroot = goRootNaming(dir);
    const check = async (goMod: string, gotoolchain: string) => {
      const p = project(`too-new-${gotoolchain}-${goMod.length}`, { 'go.mod': goMod, 'go.sum': '' });
      return { p, r: await runCli(['check', p], { env: { ...OFF_ENV, GOROOT: goroot, GOTOOLCHAIN: gotoolchain } }) };
    };
    const newer = 'module a.com/m\n\ngo 1.27.0\n\nrequire a.com/x v1.0.0\n';
    const local = await check(newer, 'local');
    assert.equal(local.r.code, 1);
    // Go stops there: no missing go.sum entry is reported after it.
    assert.equal(local.r.stdout, `${path.join(local.p, 'go.mod')}:3:1: error: go.mod requires go >= 1.27.0 (running go 1.26.1; GOTOOLCHAIN=local)\n`);
    const pinned = await check('module a.com/m\n\ngo 1.27.0\n\ntoolchain default\n', 'auto');
    assert.equal(pinned.r.stdout, `${path.join(pinned.p, 'go.mod')}:3:1: error: go.mod requires go >= 1.27.0 (running go 1.26.1; go.mod sets toolchain default)\n`);
    const switched = await check(newer, 'auto');
    assert.equal(switched.r.code, 0, switched.r.stdout);
    assert.doesNotMatch(switched.r.stdout, /requires go >=/);
    // In a workspace, go.work's go line is refused the same way, before its uses are looked at: no go command works there.
    const ws = project('too-new-ws', { 'go.work': 'go 1.27.0\n\nuse ./m\n' });
    const wsRun = await runCli(['check', ws], { env: { ...OFF_ENV, GOROOT: goroot, GOTOOLCHAIN: 'local' } });
    assert.equal(wsRun.code, 2);
    assert.equal(wsRun.stderr, 'gosum-doctor: go.work requires go >= 1.27.0 (running go 1.26.1; GOTOOLCHAIN=local)\n');
    // go1.19 on PATH has no toolchain switching: a two-part go line it reads is not refused.
    const old = await runCli(['check', project('too-new-119', { 'go.mod': 'module a.com/m\n\ngo 1.27\n', 'go.sum': '' })], { env: { ...OFF_ENV, GOTOOLCHAIN: 'local' } });
    assert.equal(old.code, 0, old.stdout);
  });

  it('checks go.work.sum beside go.sum, and a single FILE', async () => {
    const p = project('work', { 'go.work.sum': 'a.com/x v1.0.0\n' });
    assert.match((await cli(['check', p])).stdout, /go\.work\.sum:1:1: error: malformed go\.sum: wrong number of fields 2/);
    const one = await cli(['check', path.join(p, 'go.work.sum')]);
    assert.equal(one.code, 1);
  });

  it('prints one JSON entry per go.sum line, always valid JSON', async () => {
    const p = project('json', { 'go.sum': `a.com/x v1.0.0 ${H_A}\n\na.com/x v1.0.0/go.mod\n` });
    const r = await cli(['check', p, '--json']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.stdout);
    assert.equal(j.database, null);
    assert.equal(j.scenario, null);
    assert.deepEqual(j.lines.map((l: { line: number; kind: string; status: string; goSum: string | null }) => [l.line, l.kind, l.status, l.goSum]), [
      [1, 'zip', 'disabled', H_A], [3, 'go.mod', 'malformed', null],
    ]);
    assert.equal(j.lines[1].message, 'malformed go.sum: wrong number of fields 2');
    assert.equal(j.summary.malformed, 1);
    assert.equal(j.problems.filter((f: { severity: string }) => f.severity === 'error').length, 1);
    const missing = await cli(['check', path.join(dir, 'nope'), '--json']);
    assert.equal(missing.code, 2);
    assert.equal(JSON.parse(missing.stdout).lines.length, 0);
  });

  it('writes SARIF 2.1.0 with 1-based regions', async () => {
    const p = project('sarif', { 'go.sum': `a.com/x v1.0.0 h2:abc\n` });
    const r = await cli(['check', p, '--sarif']);
    // The go command ignores a hash that is not h1:, so the audit calls the line malformed: a problem (exit 1).
    assert.equal(r.code, 1);
    const s = JSON.parse(r.stdout);
    assert.equal(s.version, '2.1.0');
    const [res] = s.runs[0].results;
    assert.equal(res.ruleId, 'gosum.algorithm');
    assert.equal(res.level, 'warning');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 1, startColumn: 16, endLine: 1, endColumn: 18 });
  });

  it('exits 2 when there is nothing to check, and 64 on a usage mistake', async () => {
    const empty = project('empty', {});
    const r = await cli(['check', empty]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no go\.mod, go\.sum or go\.work\.sum here/);
    assert.equal((await cli(['check', '--frobnicate'])).code, 64);
    assert.equal((await cli(['check', '--json', '--sarif'])).code, 64);
    assert.equal((await cli([])).code, 64);
    assert.equal((await cli(['check', 'a', 'b'])).code, 64);
  });

  it('probe names the release of the go command on PATH (its $GOROOT/VERSION), whose rules it follows, as `go version` names it', async () => {
    const p = project('probe-release', { 'go.mod': 'module example.com/m\n' });
    const r = await cli(['probe', '--json', '--no-go', p]);
    const settings = (JSON.parse(r.stdout) as { steps: { name: string; detail: string }[] }).steps.find((s) => s.name === 'settings');
    const release = /^go version (\S+) /.exec(execFileSync('go', ['version'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }))?.[1];
    assert.ok(release && settings?.detail.endsWith(`; the go command here is ${release}`), settings?.detail);
  });

  it('answers --help and --version', async () => {
    const h = await cli(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /exit codes: 0 clean, 1 problems found, 2 could not check, 64 usage error/);
    const v = await cli(['--version']);
    assert.match(v.stdout, /^gosum-doctor \d+\.\d+\.\d+\n$/);
  });
});
