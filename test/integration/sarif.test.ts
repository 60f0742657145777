// `gosum-doctor check --sarif` as code scanning reads it: the log validates against the SARIF 2.1.0 schema
// (the one Microsoft's SARIF SDK ships in its multitool package, checked with ajv), every rule is described
// (short and full text, Markdown help, a real documentation page, tags, a severity for security findings),
// fingerprints stay the same when lines move, and the invocation carries the exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { ensureBuilt, ROOT } from '../support/built';
import { runCli } from '../support/builtCli';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { readGoSum } from '../support/sumdbClientSetup';
import { tamper } from '../support/auditSetup';
import { RULES } from '../../server/src/cli/sarifRules';
import { FINGERPRINT_KEY } from '../../server/src/cli/sarif';

const ETCD = readGoSum('etcd-io_etcd.go.sum');
const VERSION: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const requireHere = createRequire(__filename);
/** The platform package of @microsoft/sarif-multitool: the schema file and the multitool binary. */
const MULTITOOL_DIR = path.dirname(requireHere.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`));

function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(path.join(MULTITOOL_DIR, 'sarif-2.1.0.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

function assertValid(validate: ValidateFunction, log: unknown): void {
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
}

const fingerprints = (log: Sarif.Log) => log.runs[0].results!.map((r) => `${r.ruleId} ${r.partialFingerprints![FINGERPRINT_KEY]}`);

/** Each result's rule is in the log and has an entry of its own, fully described. */
function assertRulesDescribed(run: Sarif.Run): void {
  const rules = run.tool.driver.rules!;
  for (const r of run.results!) assert.equal(rules[r.ruleIndex!].id, r.ruleId);
  for (const rule of rules) {
    assert.ok(RULES.has(rule.id), `${rule.id} has no entry of its own`);
    assert.ok(rule.shortDescription!.text.length > 10 && rule.fullDescription!.text.length > rule.shortDescription!.text.length, rule.id);
    assert.match(rule.help!.markdown!, /### What it means\n\n.+\n\n### What the go command says\n\n[^]+### What to do\n\n.+/, rule.id);
    assert.match(rule.helpUri!, /^https:\/\/(?:go\.dev\/ref\/mod#|pkg\.go\.dev\/)/, rule.id);
    assert.ok((rule.properties!.tags as string[]).length > 0, rule.id);
  }
}

describe('gosum-doctor check --sarif, as code scanning reads it', function () {
  this.timeout(60_000);
  let dir: string;
  let validate: ValidateFunction;
  const servers: SumdbServer[] = [];
  before(function () {
    this.timeout(120_000);
    ensureBuilt();
    validate = sarifValidator();
    dir = mkdtempSync(path.join(tmpdir(), 'gosum-doctor-sarif-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }));
  afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });

  let n = 0;
  /** A project dir (go.sum, optionally go.mod) and a user's hermetic environment. */
  function project(goSum: string[], goMod?: string, env: Record<string, string> = {}): { dir: string; env: Record<string, string> } {
    const p = path.join(dir, `p${n++}`);
    const home = path.join(p, 'home');
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(p, 'go.sum'), goSum.join('\n') + '\n');
    if (goMod !== undefined) writeFileSync(path.join(p, 'go.mod'), goMod);
    return {
      dir: p,
      env: { PATH: process.env.PATH ?? '', HOME: home, GOENV: 'off', GOPATH: path.join(home, 'go'), GOPROXY: 'off',
        GOSUM_DOCTOR_CACHE: path.join(home, 'cache'), LANG: 'C', ...env },
    };
  }

  async function database(lines: string[]): Promise<SumdbServer> {
    const s = await startSumdbServer({ goSumLines: lines });
    servers.push(s);
    return s;
  }

  async function sarif(p: { dir: string; env: Record<string, string> }): Promise<{ code: number | null; log: Sarif.Log }> {
    const r = await runCli(['check', p.dir, '--sarif'], { env: p.env });
    return { code: r.code, log: JSON.parse(r.stdout) };
  }

  /** A go.sum with a tampered line, one the database does not know, and syntax problems; a go.mod with its own. */
  function troubled(env: Record<string, string>): { dir: string; env: Record<string, string> } {
    const lines = [...ETCD.slice(0, 20)];
    lines[6] = tamper(lines[6]);
    lines.push('example.com/private v1.0.0 h1:KlQV+7CEdqJ7E/eXKgVs27RMjFZn2I0x44SjauCGNkY=', 'a.com/x v1.0.0 h2:abc', 'a.com/x v1.1.0');
    const goMod = 'module example.com/m\n\ngo 1.19\n\nfrobnicate x\nrequire example.com/absent v1.0.0\nrequire example.com/bad v1.0\n';
    return project(lines, goMod, env);
  }

  it('a go.sum with a tampered line validates against SARIF 2.1.0, each rule described, exit status and version recorded', async () => {
    const db = await database(ETCD.slice(0, 20));
    const { code, log } = await sarif(troubled({ GOSUMDB: `${db.verifierKey} ${db.url}` }));
    assert.equal(code, 1);
    assertValid(validate, log);
    const run = log.runs[0];
    assert.equal(run.tool.driver.version, VERSION);
    assert.deepEqual(run.invocations, [{ executionSuccessful: true, exitCode: 1, exitCodeDescription: run.invocations![0].exitCodeDescription }]);
    const ids = run.results!.map((r) => r.ruleId);
    for (const id of ['audit.mismatch', 'audit.not-found', 'gosum.fields', 'gosum.algorithm', 'gomod.directive', 'gomod.require']) {
      assert.ok(ids.includes(id), `${id} not among ${ids.join(', ')}`);
    }
    assertRulesDescribed(run);
    const rules = run.tool.driver.rules!;
    const mismatch = rules.find((r) => r.id === 'audit.mismatch')!;
    assert.equal(mismatch.properties!['security-severity'], '8.1');
    assert.ok((mismatch.properties!.tags as string[]).includes('security'));
    assert.match(mismatch.help!.markdown!, /```text\nverifying <module>@<version>: checksum mismatch\n/);
    assert.equal(rules.find((r) => r.id === 'audit.not-found')!.properties!['security-severity'], undefined);
    assert.equal(rules.find((r) => r.id === 'gomod.require')!.helpUri, 'https://go.dev/ref/mod#go-mod-file-require');
    // The existing fields stay as they were.
    const tampered = run.results!.find((r) => r.ruleId === 'audit.mismatch')!;
    assert.equal(tampered.level, 'error');
    assert.deepEqual(tampered.locations![0].physicalLocation!.region, { startLine: 7, startColumn: 1, endLine: 7, endColumn: 1 });
    assert.match(tampered.message.text!, /but go\.sum has h1:/);
  });

  it('a go.mod the go command loads: a requirement with no go.sum line and one whose path it refuses, each rule described', async () => {
    const goMod = 'module example.com/m\n\ngo 1.19\n\nrequire example.com/absent v1.0.0\nrequire foo v1.0.0\n';
    const { code, log } = await sarif(project(ETCD.slice(0, 2), goMod, { GOSUMDB: 'off' }));
    assert.equal(code, 0, 'warnings only');
    assertValid(validate, log);
    const run = log.runs[0];
    const ids = run.results!.map((r) => r.ruleId);
    for (const id of ['gomod.missingGoSum', 'gomod.modulePath']) assert.ok(ids.includes(id), `${id} not among ${ids.join(', ')}`);
    assertRulesDescribed(run);
    assert.match(run.results!.find((r) => r.ruleId === 'gomod.modulePath')!.message.text!, /^malformed module path "foo": missing dot in first path element/);
  });

  it('run in a package directory, the module above is checked and its files are named by file:// URIs, never "../"', async () => {
    const goMod = 'module example.com/m\n\ngo 1.19\n\nrequire example.com/absent v1.0.0\n';
    const p = project(ETCD.slice(0, 2), goMod, { GOSUMDB: 'off' });
    const pkg = path.join(p.dir, 'cmd', 'tool');
    mkdirSync(pkg, { recursive: true });
    const r = await runCli(['check', '--sarif'], { env: p.env, cwd: pkg });
    const log = JSON.parse(r.stdout) as Sarif.Log;
    assertValid(validate, log);
    const uris = new Set(log.runs[0].results!.map((x) => x.locations![0].physicalLocation!.artifactLocation!.uri));
    // The go.mod's findings, and GOSUMDB=off at the go.sum the audit read.
    assert.deepEqual([...uris], [pathToFileURL(path.join(p.dir, 'go.mod')).href, pathToFileURL(path.join(p.dir, 'go.sum')).href]);
  });

  it('the Go settings every go command refuses, and GOSUMDB=off: results at the go.sum saying where each is set, Go\'s words, the fix; fingerprints follow the value', async () => {
    const p = project(ETCD.slice(0, 2), 'module example.com/m\n\ngo 1.19\n', { GOSUMDB: 'off' });
    const goEnv = path.join(p.dir, 'home', 'go.env');
    writeFileSync(goEnv, 'GOPROXY=off\nGOFLAGS=-tags integration\n');
    // GOPROXY from the go env file this time, not the environment.
    const env: Record<string, string> = { ...p.env, GOENV: goEnv };
    delete env.GOPROXY;
    const run1 = await runCli(['check', p.dir, '--sarif'], { env });
    assert.equal(run1.code, 0, 'the settings leave the exit code to the go.sum lines');
    const log = JSON.parse(run1.stdout) as Sarif.Log;
    assertValid(validate, log);
    const run = log.runs[0];
    assertRulesDescribed(run);
    const byRule = new Map(run.results!.map((r) => [r.ruleId!, r]));
    // GOPROXY=off (in the go env file) is a choice that weakens no check: in JSON, not in code scanning.
    assert.deepEqual([...byRule.keys()].sort(), ['goenv.goflags-invalid', 'goenv.gosumdb-off']);
    const goSumUri = pathToFileURL(path.join(p.dir, 'go.sum')).href;
    for (const r of run.results!) {
      assert.equal(r.locations![0].physicalLocation!.artifactLocation!.uri, goSumUri);
      assert.deepEqual(r.locations![0].physicalLocation!.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    }
    const flags = byRule.get('goenv.goflags-invalid')!;
    assert.equal(flags.level, 'error');
    assert.match(flags.message.text!, /go: parsing \$GOFLAGS: non-flag "integration"/);
    assert.ok(flags.message.text!.includes(`GOFLAGS=-tags integration is set at ${goEnv}:2:9.`), flags.message.text);
    assert.match(flags.message.text!, /go env -w GOFLAGS=-tags=integration/);
    const off = byRule.get('goenv.gosumdb-off')!;
    assert.equal(off.level, 'warning');
    assert.match(off.message.text!, /GOSUMDB=off is set in the environment\.\n.*unset GOSUMDB/);
    const offRule = run.tool.driver.rules!.find((r) => r.id === 'goenv.gosumdb-off')!;
    assert.equal(offRule.properties!['security-severity'], '5.3');
    assert.equal(run.tool.driver.rules!.find((r) => r.id === 'goenv.goflags-invalid')!.defaultConfiguration!.level, 'error');
    assert.ok(!flags.message.text!.includes('The go command says'), 'Go\'s words are in the message already: not twice');
    assert.deepEqual(JSON.parse((await runCli(['check', p.dir, '--json'], { env })).stdout).settings.map((x: { code: string }) => x.code).sort(),
      ['goflags-invalid', 'goproxy-off', 'gosumdb-off']);

    // The go.sum's first line changes: the settings' fingerprints stay; the value changes: its fingerprint changes.
    const prints = (l: Sarif.Log) => new Map(l.runs[0].results!.filter((r) => r.ruleId!.startsWith('goenv.')).map((r) => [r.ruleId!, r.partialFingerprints![FINGERPRINT_KEY]]));
    writeFileSync(path.join(p.dir, 'go.sum'), [...ETCD.slice(0, 2)].reverse().join('\n') + '\n');
    writeFileSync(goEnv, 'GOPROXY=off\nGOFLAGS=-tags unit\n');
    const again = prints(JSON.parse((await runCli(['check', p.dir, '--sarif'], { env })).stdout));
    const first = prints(log);
    assert.equal(again.get('goenv.gosumdb-off'), first.get('goenv.gosumdb-off'));
    assert.notEqual(again.get('goenv.goflags-invalid'), first.get('goenv.goflags-invalid'));
  });

  it('the schema check is real: a log with a bad level, a line 0 and no tool is rejected, each for its reason', async () => {
    const db = await database(ETCD.slice(0, 20));
    const { log } = await sarif(troubled({ GOSUMDB: `${db.verifierKey} ${db.url}` }));
    const broken = structuredClone(log) as unknown as { runs: { tool?: unknown; results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0;
    delete broken.runs[0].tool;
    assert.equal(validate(broken), false);
    const reasons = validate.errors!.map((e) => `${e.instancePath} ${e.keyword}`);
    for (const reason of ['/runs/0/results/0/level enum', '/runs/0/results/1/locations/0/physicalLocation/region/startLine minimum', '/runs/0 required']) {
      assert.ok(reasons.includes(reason), `${reason} not among ${reasons.join('; ')}`);
    }
  });

  it('fingerprints stay the same when the run is repeated and when lines move, and no two findings share one', async () => {
    const db = await database(ETCD.slice(0, 20));
    const p = troubled({ GOSUMDB: `${db.verifierKey} ${db.url}` });
    const first = await sarif(p);
    const again = await sarif(p);
    assert.deepEqual(fingerprints(again.log), fingerprints(first.log));
    const all = fingerprints(first.log);
    assert.equal(new Set(all).size, all.length, 'two findings share a fingerprint');
    // The same lines in another order, below a blank line: every go.sum finding moves, none changes its fingerprint.
    const goSum = path.join(p.dir, 'go.sum');
    writeFileSync(goSum, ['', ...readFileSync(goSum, 'utf8').trimEnd().split('\n').reverse()].join('\n') + '\n');
    const moved = await sarif(p);
    const inGoSum = (log: Sarif.Log) => log.runs[0].results!.filter((r) => r.locations![0].physicalLocation!.artifactLocation!.uri!.endsWith('go.sum'));
    const startLines = (log: Sarif.Log) => inGoSum(log).map((r) => r.locations![0].physicalLocation!.region!.startLine).sort();
    const keys = (log: Sarif.Log) => inGoSum(log).map((r) => `${r.ruleId} ${r.partialFingerprints![FINGERPRINT_KEY]}`).sort();
    assert.notDeepEqual(startLines(moved.log), startLines(first.log));
    assert.deepEqual(keys(moved.log), keys(first.log));
    assert.ok(keys(first.log).some((k) => k.startsWith('audit.mismatch ')));
  });

  it('the database cannot be reached: one scenario result, a valid log, and an invocation that says exit 2', async () => {
    const db = await database(ETCD.slice(0, 20));
    const url = db.url;
    await db.close();
    const { code, log } = await sarif(project(ETCD.slice(0, 20), undefined, { GOSUMDB: `${db.verifierKey} ${url}` }));
    assert.equal(code, 2);
    assertValid(validate, log);
    const run = log.runs[0];
    // The environment's GOPROXY=off is no result: a choice that weakens no check.
    assert.deepEqual(run.results!.map((r) => r.ruleId), ['scenario.blocked']);
    assert.equal(run.invocations![0].exitCode, 2);
    assert.equal(run.invocations![0].executionSuccessful, false);
    assert.match(run.tool.driver.rules!.find((r) => r.id === 'scenario.blocked')!.help!.markdown!, /connect: connection refused/);
  });

  it('nothing to check (no go.sum or go.mod at the path): still a valid log, exit 2, and why on the invocation', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'sarif-empty-'));
    try {
      const r = await runCli(['check', empty, '--sarif'], { env: {} });
      assert.equal(r.code, 2);
      const log = JSON.parse(r.stdout) as Sarif.Log;
      assertValid(validate, log);
      assert.deepEqual(log.runs[0].results, []);
      const invocation = log.runs[0].invocations![0];
      assert.equal(invocation.exitCode, 2);
      assert.equal(invocation.toolExecutionNotifications![0].level, 'error');
      assert.ok(r.stderr.includes(invocation.toolExecutionNotifications![0].message.text!), r.stderr);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a Chinese shell reads the rules in Chinese, with the go command\'s words left as it prints them', async () => {
    const { code, log } = await sarif(project(['a.com/x v1.0.0 h2:abc'], undefined, { GOSUMDB: 'off', LANG: 'zh_CN.UTF-8' }));
    assert.equal(code, 1);
    assertValid(validate, log);
    const run = log.runs[0];
    assert.equal(run.language, 'zh-CN');
    const rule = run.tool.driver.rules!.find((r) => r.id === 'gosum.algorithm')!;
    assert.match(rule.shortDescription!.text, /go\.sum 中的哈希使用了 go 命令不校验的算法/);
    assert.match(rule.help!.markdown!, /### 处理方法\n\n删除这一行，然后运行 `go mod tidy`/);
    assert.match(run.invocations![0].exitCodeDescription!, /[\u4e00-\u9fff]/);
    const off = run.results!.find((r) => r.ruleId === 'goenv.gosumdb-off')!;
    assert.match(off.message.text!, /GOSUMDB=off 由环境变量设置。/);
    assert.match(run.tool.driver.rules!.find((r) => r.id === 'goenv.gosumdb-off')!.shortDescription!.text, /校验和数据库已关闭（GOSUMDB=off）/);
  });

  it('Microsoft\'s SARIF multitool finds nothing to improve (no error or warning of its rules)', async function () {
    const db = await database(ETCD.slice(0, 20));
    const p = troubled({ GOSUMDB: `${db.verifierKey} ${db.url}` });
    const r = await runCli(['check', p.dir, '--sarif'], { env: p.env });
    const file = path.join(dir, 'multitool-input.sarif');
    writeFileSync(file, r.stdout);
    const out = path.join(dir, 'multitool-output.sarif');
    // Invariant globalization: the .NET tool then needs no ICU library on the machine.
    const run = spawnSync(path.join(MULTITOOL_DIR, 'Sarif.Multitool'), ['validate', file, '--output', out, '--log', 'ForceOverwrite'],
      { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' }, timeout: 60_000 });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const report: Sarif.Log = JSON.parse(readFileSync(out, 'utf8'));
    const complaints = report.runs[0].results!.filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined);
    assert.deepEqual(complaints.map((x) => `${x.ruleId}: ${x.message.text ?? x.message.arguments?.join(' ')}`), []);
    // The multitool does judge: a log without a version or an informationUri draws its warnings.
    const bare = path.join(dir, 'bare.sarif');
    writeFileSync(bare, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [] }] }));
    spawnSync(path.join(MULTITOOL_DIR, 'Sarif.Multitool'), ['validate', bare, '--output', out, '--log', 'ForceOverwrite'],
      { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' }, timeout: 60_000 });
    const judged: Sarif.Log = JSON.parse(readFileSync(out, 'utf8'));
    assert.ok(judged.runs[0].results!.some((x) => x.ruleId === 'SARIF2005' && (x.level ?? 'warning') === 'warning'));
  });
});
