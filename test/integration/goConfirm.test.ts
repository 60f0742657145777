// Asking the go command itself: a real go downloads from our test GOPROXY and verifies against our test checksum
// database in a temporary module with a fresh module cache, and we show exactly what it printed. Fake go
// scripts stand in for a go that hangs, is broken, or leaves a read-only module cache behind.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from '../../server/src/cli/args';
import { runProbeCommand } from '../../server/src/cli/probeCommand';
import type { Diagnosis, Evidence } from '../../server/src/shared/evidence';
import { goCommandEvidence, goCommandText, mismatchFromGo } from '../../server/src/diagnosis/goCommandEvidence';
import { childEnvironment, childGoflags, confirmWithGo, GoConfirmation, MAX_OUTPUT_BYTES } from '../../server/src/diagnosis/goConfirm';
import { probe } from '../../server/src/diagnosis/probe';
import { generateKeyPair } from '../../server/src/sumdb/note';
import { closedPort, startStallServer } from '../support/faultServers';
import { GoproxyServer, startGoproxyServer, SyntheticModule } from '../support/goproxyServer';
import { startSumdbServer, SumdbServer } from '../support/sumdbServer';
import { goOnPath, resolvedEnv } from '../support/goEnv';
import { dies, pidWrittenTo, running } from '../support/processes';
import { realClock } from '../../server/src/sumdb/clock';

const MODULES: SyntheticModule[] = [
  {
    path: 'example.com/greet', version: 'v1.1.0',
    goMod: 'module example.com/greet\n\ngo 1.17\n\nrequire example.com/util v0.1.0\n',
    files: { 'greet.go': 'package greet\n\nfunc Hello() string { return "Hello" }\n' },
  },
  { path: 'example.com/util', version: 'v0.1.0', files: { 'util.go': 'package util\n' } },
];
const GREET = { module: 'example.com/greet', version: 'v1.1.0' };
const TAMPERED = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
/** Safety net: anything not on loopback fails locally instead of leaving the machine (Go never proxies loopback). */
const NO_INTERNET = { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' };
const BASE_ENV = { PATH: process.env.PATH, HOME: process.env.HOME ?? os.tmpdir() };

const SECURITY_SUMDB = '\n\nSECURITY ERROR\nThis download does NOT match the one reported by the checksum server.\n'
  + 'The bits may have been replaced on the origin server, or an attacker may\nhave intercepted the download attempt.\n\n'
  + "For more information, see 'go help module-auth'.\n";


const gone = (dir: string | undefined) => assert.ok(dir && !fs.existsSync(dir), `${dir} was not removed`);

describe('confirming with the go command itself', function () {
  this.timeout(60_000);
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  function scratch(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goconfirm-test-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }
  /** A fake go: `go version` answers, anything else runs `body`. */
  function fakeGo(body: string, version = 'echo "go version go1.99.0-fake linux/amd64"'): string {
    const file = path.join(scratch(), 'go');
    fs.writeFileSync(file, `#!/bin/sh\nif [ "$1" = version ]; then ${version}; exit $?; fi\n${body}\n`, { mode: 0o755 });
    return file;
  }

  describe('the environment the go command gets', () => {
    it('every resolved setting is set explicitly; the user\'s go env file, GOPATH and module cache are replaced', () => {
      const dirs = { module: '/t/module', gopath: '/t/gopath', gocache: '/t/gocache', goenv: '/t/goenv' };
      const env = childEnvironment(
        { GOPROXY: 'https://goproxy.cn,direct', GOSUMDB: 'sum.golang.google.cn', GONOSUMDB: 'git.corp.example', GOPRIVATE: '', GOFLAGS: '-mod=vendor -modfile=x.mod -trimpath', https_proxy: 'http://corp:3128', SSL_CERT_FILE: '/etc/corp.pem' },
        { PATH: '/usr/bin', HOME: '/home/u', GOPROXY: 'https://stale.example', GOENV: '/home/u/.config/go/env', GOFLAGS: '-x', GOROOT: '/usr/lib/go', HTTPS_PROXY: 'http://stale:1', GOSUMDB: 'off' },
        dirs,
      );
      assert.deepEqual(env, {
        PATH: '/usr/bin', HOME: '/home/u', GOROOT: '/usr/lib/go',
        GOPROXY: 'https://goproxy.cn,direct', GOSUMDB: 'sum.golang.google.cn', GONOSUMDB: 'git.corp.example',
        HTTPS_PROXY: 'http://corp:3128', SSL_CERT_FILE: '/etc/corp.pem',
        GOFLAGS: '-trimpath -mod=mod -modcacherw', GOENV: '/t/goenv', GOTOOLCHAIN: 'local', GO111MODULE: 'on', GOWORK: 'off',
        GOPATH: '/t/gopath', GOMODCACHE: path.join('/t/gopath', 'pkg', 'mod'), GOCACHE: '/t/gocache', GIT_TERMINAL_PROMPT: '0',
      });
      assert.equal(childGoflags(undefined), '-mod=mod -modcacherw');
      // Split where the go command splits (not at U+FEFF, which is no space to Go), so the child refuses what the user's go refuses.
      assert.equal(childGoflags('-tags\u00a0integration\ufeff -mod=vendor'), '-tags integration\ufeff -mod=mod -modcacherw');
    });
  });

  describe('whatever go there is, nothing hangs and nothing throws', () => {
    before(function () {
      if (process.platform === 'win32') this.skip();
    });

    it('in an untrusted workspace (allowed: false) nothing runs', async () => {
      const marker = path.join(scratch(), 'ran');
      const go = fakeGo(`touch ${marker}`, `touch ${marker}; echo "go version go1.99"`);
      const c = await confirmWithGo({ env: {}, ...GREET }, { allowed: false, goBinary: go, processEnv: BASE_ENV });
      assert.deepEqual({ ran: c.ran, reason: c.reason, workDir: c.workDir }, { ran: false, reason: 'not-allowed', workDir: undefined });
      assert.ok(!fs.existsSync(marker));
      const r = await probe({ clock: realClock, env: resolvedEnv({ GOSUMDB: 'off' }), confirmWithGo: { allowed: false, goBinary: go, processEnv: BASE_ENV } });
      assert.ok(!r.steps.some((s) => s.name === 'go command'));
      assert.ok(!fs.existsSync(marker));
    });

    it('a probe cancelled before the go step starts nothing; cancelled mid-download, the go command is killed with its children', async () => {
      const marker = path.join(scratch(), 'ran');
      const quiet = fakeGo(`touch ${marker}`, `touch ${marker}; echo "go version go1.99"`);
      const c = await confirmWithGo({ env: {}, ...GREET }, { allowed: true, goBinary: quiet, processEnv: BASE_ENV, signal: AbortSignal.abort() });
      assert.deepEqual({ ran: c.ran, reason: c.reason }, { ran: false, reason: 'cancelled' });
      assert.ok(!fs.existsSync(marker));

      const pidFile = path.join(scratch(), 'pid');
      const go = fakeGo('sleep 300 &\necho $! > "$PIDFILE"\nwait');
      const cancel = new AbortController();
      const pending = confirmWithGo({ env: {}, ...GREET }, { allowed: true, goBinary: go, processEnv: { ...BASE_ENV, PIDFILE: pidFile }, signal: cancel.signal });
      const pid = await pidWrittenTo(pidFile);
      assert.ok(running(pid));
      cancel.abort();
      const killed = await pending;
      assert.deepEqual({ ran: killed.ran, reason: killed.reason, exitCode: killed.exitCode }, { ran: true, reason: 'cancelled', exitCode: null });
      assert.ok(await dies(pid), 'the sleep the go command started was killed too');
      gone(killed.workDir);
    });

    it('no go binary: a result that says so, and the probe report gains nothing', async () => {
      const missing = path.join(scratch(), 'no-such-go');
      const c = await confirmWithGo({ env: {}, ...GREET }, { allowed: true, goBinary: missing, processEnv: BASE_ENV });
      assert.equal(c.ran, false);
      assert.equal(c.reason, 'not-found');
      gone(c.workDir);
      const r = await probe({ clock: realClock, env: resolvedEnv({ GOSUMDB: 'off' }), confirmWithGo: { goBinary: missing, processEnv: BASE_ENV } });
      assert.ok(!r.steps.some((s) => s.name === 'go command'));
      assert.ok(!r.evidence.some((e) => e.kind === 'go-command'));
    });

    it('a broken go (go version fails): its message, no throw', async () => {
      const go = fakeGo('exit 0', 'echo "go: cannot find GOROOT directory: /nowhere" >&2; exit 2');
      const c = await confirmWithGo({ env: {}, ...GREET }, { allowed: true, goBinary: go, processEnv: BASE_ENV });
      assert.deepEqual({ ran: c.ran, reason: c.reason, exitCode: c.exitCode, output: c.output }, { ran: false, reason: 'failed', exitCode: 2, output: 'go: cannot find GOROOT directory: /nowhere\n' });
      gone(c.workDir);
    });

    it('a go that hangs is killed with everything it started, within the timeout', async () => {
      const pidFile = path.join(scratch(), 'pid');
      const go = fakeGo('echo "go: downloading example.com/greet v1.1.0" >&2\nsleep 300 &\necho $! > "$PIDFILE"\nwait');
      const t0 = Date.now();
      const c = await confirmWithGo({ env: {}, ...GREET }, { allowed: true, goBinary: go, timeoutMs: 1_500, processEnv: { ...BASE_ENV, PIDFILE: pidFile } });
      const took = Date.now() - t0;
      assert.ok(took < 1_500 + 1_500, `took ${took} ms`);
      assert.deepEqual({ ran: c.ran, reason: c.reason, exitCode: c.exitCode, output: c.output, goVersion: c.goVersion },
        { ran: true, reason: 'timeout', exitCode: null, output: 'go: downloading example.com/greet v1.1.0\n', goVersion: 'go1.99.0-fake' });
      const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
      let alive = true;
      for (let i = 0; i < 100 && alive; i++) {
        alive = running(grandchild);
        if (alive) await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(!alive, `the grandchild ${grandchild} survived`);
      gone(c.workDir);
    });

    it('the probe reports a go that timed out as an unfinished step, inside the 20-second bound', async () => {
      const go = fakeGo('sleep 300');
      const t0 = Date.now();
      const r = await probe({ clock: realClock, env: resolvedEnv({ GOSUMDB: 'off' }), confirmWithGo: { goBinary: go, timeoutMs: 1_000, processEnv: BASE_ENV } });
      assert.ok(Date.now() - t0 < 5_000);
      const step = r.steps.find((s) => s.name === 'go command');
      assert.ok(step && !step.ok, JSON.stringify(r.steps));
      assert.equal(step.target, 'go mod download -json golang.org/x/text@v0.14.0');
      assert.match(step.detail, /^the go command did not finish within \d+ ms and was stopped; go1\.99\.0-fake$/);
      const ev = r.evidence.find((e) => e.kind === 'go-command');
      assert.ok(ev && ev.kind === 'go-command' && ev.outcome === 'timeout' && ev.agreement === 'inconclusive');
    });

    it('a stalled database and a go that hangs: the go step ends with the probe\'s budget, not its own timeout', async () => {
      const stall = await startStallServer();
      cleanups.push(() => stall.close());
      const go = fakeGo('sleep 300');
      const t0 = Date.now();
      const r = await probe({ clock: realClock, budgetMs: 2_000, env: resolvedEnv({ GOSUMDB: `${generateKeyPair('sumdb.test').verifierKey} ${stall.url}`, GOPROXY: 'off' }), confirmWithGo: { goBinary: go, processEnv: BASE_ENV } });
      const took = Date.now() - t0;
      assert.equal(r.scenario, 'blocked');
      assert.ok(took < 2_000 + 1_000 + 1_000, `took ${took} ms`);
      const step = r.steps.find((s) => s.name === 'go command');
      assert.ok(step && !step.ok, JSON.stringify(r.steps));
    });

    it('output is bounded, and a read-only module cache left behind is still removed', async () => {
      const go = fakeGo([
        'mkdir -p "$GOMODCACHE/example.com/greet@v1.1.0" && echo x > "$GOMODCACHE/example.com/greet@v1.1.0/f"',
        'chmod 444 "$GOMODCACHE/example.com/greet@v1.1.0/f"; chmod 555 "$GOMODCACHE/example.com/greet@v1.1.0" "$GOMODCACHE/example.com"',
        'head -c 100000 /dev/zero | tr "\\0" x; exit 1',
      ].join('\n'));
      const c = await confirmWithGo({ env: {}, ...GREET }, { allowed: true, goBinary: go, processEnv: BASE_ENV });
      assert.equal(c.exitCode, 1);
      assert.equal(c.output.length, MAX_OUTPUT_BYTES);
      assert.equal(c.truncated, true);
      assert.equal(c.cleanupError, undefined);
      gone(c.workDir);
    });

    it('the go command gets a temporary module requiring exactly the version to confirm', async () => {
      const go = fakeGo('cat go.mod; echo "$GOENV"; wc -c < "$GOENV"; echo "$@"');
      const c = await confirmWithGo({ env: {}, ...GREET }, { allowed: true, goBinary: go, processEnv: BASE_ENV });
      const goenv = path.join(c.workDir!, 'goenv');
      assert.equal(c.output, `module example.com/gosumdoctorprobe\n\ngo 1.17\n\nrequire example.com/greet v1.1.0\n${goenv}\n0\nmod download -json example.com/greet@v1.1.0\n`);
      assert.equal(c.command, `${go} mod download -json example.com/greet@v1.1.0`);
      gone(c.workDir);
    });
  });

  describe('comparing the go command\'s answer with our verdict', () => {
    const diag = (scenario: Diagnosis['scenario'], deciding: Evidence[] = []): Diagnosis => ({ scenario, title: '', explanation: '', fixes: [], deciding });
    const ran = (exitCode: number, error?: string): GoConfirmation => ({
      ran: true, command: 'go mod download -json example.com/greet@v1.1.0', exitCode, output: '{}\n', truncated: false, ms: 10, goVersion: 'go1.19.8',
      ...(error ? { download: { error } } : {}),
    });
    it('go succeeds where we found the database blocked: a contradiction, said in the evidence', () => {
      const ev = goCommandEvidence(ran(0), GREET.module, GREET.version, diag('blocked'))!;
      assert.equal(ev.agreement, 'contradicts');
      assert.equal(goCommandText(ev), 'The go command (go1.19.8) downloaded and verified example.com/greet v1.1.0 in a temporary module with a fresh module cache (go mod download -json example.com/greet@v1.1.0 exited with 0).\nThis contradicts our own checks, which found: blocked.');
    });
    it('go fails where we found it blocked: agreement; GOSUMDB=off and go succeeds: agreement', () => {
      assert.equal(goCommandEvidence(ran(1, 'x'), GREET.module, GREET.version, diag('blocked'))!.agreement, 'agrees');
      assert.equal(goCommandEvidence(ran(0), GREET.module, GREET.version, diag('misconfigured', [{ kind: 'sumdb-off', value: 'off' }]))!.agreement, 'agrees');
    });
    it('go.sum disagrees with the database, but the temporary module has no go.sum: inconclusive', () => {
      const hm: Evidence = { kind: 'hash-mismatch', ...GREET, file: 'go.mod', goSum: 'h1:a', database: 'h1:b', goError: '' };
      assert.equal(goCommandEvidence(ran(0), GREET.module, GREET.version, diag('disagreement', [hm]))!.agreement, 'inconclusive');
    });
    it('a mismatch against go.sum is not read as one against the database', () => {
      const ev = goCommandEvidence(ran(1, `example.com/greet@v1.1.0: verifying module: checksum mismatch\n\tdownloaded: h1:x\n\tgo.sum:     h1:y${SECURITY_SUMDB}`), GREET.module, GREET.version, diag('ok'))!;
      assert.equal(mismatchFromGo(ev), undefined);
    });
    it('a database named by its address (127.0.0.1:PORT) still reads as the database', () => {
      const ev = goCommandEvidence(ran(1, `example.com/greet@v1.1.0: verifying go.mod: checksum mismatch\n\tdownloaded: h1:x\n\t127.0.0.1:8080: h1:y${SECURITY_SUMDB}`), GREET.module, GREET.version, diag('ok'))!;
      assert.deepEqual({ ...mismatchFromGo(ev), goError: undefined }, { kind: 'hash-mismatch', ...GREET, file: 'go.mod', proxy: 'h1:x', database: 'h1:y', goError: undefined });
    });
  });

  describe('the real go command against our GOPROXY and checksum database', function () {
    let proxy: GoproxyServer;
    before(async function () {
      if (!goOnPath()) this.skip();
      proxy = await startGoproxyServer(MODULES);
      cleanups.push(() => proxy.close());
    });
    async function database(lines: string[]): Promise<SumdbServer> {
      const db = await startSumdbServer({ goSumLines: lines });
      cleanups.push(() => db.close());
      return db;
    }
    const greet = () => proxy.modules[0];
    const env = (db: { verifierKey: string }, url: string) => ({ GOPROXY: proxy.url, GOSUMDB: `${db.verifierKey} ${url}`, ...NO_INTERNET });
    function moduleDir(): string {
      const dir = scratch();
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.17\n\nrequire example.com/greet v1.1.0\n');
      fs.writeFileSync(path.join(dir, 'go.sum'), proxy.goSumLines.join('\n') + '\n');
      return dir;
    }

    it('downloads and verifies: its exact -json output is captured, and the temporary directory is gone', async () => {
      const db = await database(proxy.goSumLines);
      const c = await confirmWithGo({ env: env(db, db.url), ...GREET }, { allowed: true, processEnv: BASE_ENV });
      assert.equal(c.ran, true);
      assert.equal(c.exitCode, 0, c.output);
      assert.match(c.goVersion ?? '', /^go1\.\d+/);
      const cache = path.join(c.workDir!, 'gopath', 'pkg', 'mod');
      assert.ok(c.output.startsWith('{\n\t"Path": "example.com/greet",\n\t"Version": "v1.1.0",\n'), c.output);
      assert.ok(c.output.includes(`\t"Zip": "${cache}/cache/download/example.com/greet/@v/v1.1.0.zip",\n`), c.output);
      assert.ok(c.output.endsWith(`\t"Sum": "${greet().zipHash}",\n\t"GoModSum": "${greet().goModHash}"\n}\n`), c.output);
      assert.deepEqual(c.download, { sum: greet().zipHash, goModSum: greet().goModHash });
      assert.ok(proxy.requests.includes('GET /example.com/greet/@v/v1.1.0.zip'));
      assert.ok(db.requests.includes('/lookup/example.com/greet@v1.1.0'), 'the go command asked our database');
      gone(c.workDir);
    });

    it('the database holds another hash for the module zip: go\'s SECURITY ERROR, verbatim, quoted by the probe', async () => {
      const lines = proxy.goSumLines.map((l) => (l.startsWith('example.com/greet v1.1.0 ') ? `example.com/greet v1.1.0 ${TAMPERED}` : l));
      const db = await database(lines);
      const c = await confirmWithGo({ env: env(db, db.url), ...GREET }, { allowed: true, processEnv: BASE_ENV });
      const goText = `example.com/greet@v1.1.0: verifying module: checksum mismatch\n\tdownloaded: ${greet().zipHash}\n\tsumdb.test: ${TAMPERED}${SECURITY_SUMDB}`;
      assert.equal(c.exitCode, 1, c.output);
      assert.equal(c.download?.error, goText);
      assert.ok(c.output.includes(`\t"Error": ${JSON.stringify(goText)},\n`), c.output);
      gone(c.workDir);

      // Our own checks compare go.mod hashes only, and they agree; the go command sees the zip and disagrees.
      const r = await probe({ clock: realClock, dir: moduleDir(), env: resolvedEnv(env(db, db.url)), confirmWithGo: { processEnv: BASE_ENV } });
      const go = r.evidence.find((e) => e.kind === 'go-command');
      assert.ok(go && go.kind === 'go-command', JSON.stringify(r.evidence));
      assert.deepEqual({ outcome: go.outcome, verdict: go.verdict, agreement: go.agreement, error: go.error }, { outcome: 'failed', verdict: 'ok', agreement: 'contradicts', error: goText });
      assert.equal(r.scenario, 'disagreement');
      assert.equal(r.goError, `go: ${goText.replace(/\n$/, '')}`);
      const mismatch = r.evidence.find((e) => e.kind === 'hash-mismatch');
      assert.ok(mismatch && mismatch.kind === 'hash-mismatch' && mismatch.file === 'zip' && mismatch.proxy === greet().zipHash && mismatch.database === TAMPERED);
      assert.equal(goCommandText(go), `The go command (${go.goVersion}) says: ${goText.replace(/\n$/, '')}\nThis contradicts our own checks, which found: ok.`);
      const step = r.steps.find((s) => s.name === 'go command');
      assert.ok(step && !step.ok && step.target === 'go mod download -json example.com/greet@v1.1.0');
    });

    it('the database is down: go\'s own error text, and it agrees with our "blocked"', async () => {
      const db = await database(proxy.goSumLines);
      const port = await closedPort();
      const c = await confirmWithGo({ env: env(db, `http://127.0.0.1:${port}`), ...GREET }, { allowed: true, processEnv: BASE_ENV });
      const goText = `example.com/greet@v1.1.0: verifying go.mod: example.com/greet@v1.1.0/go.mod: Get "http://127.0.0.1:${port}/lookup/example.com/greet@v1.1.0": dial tcp 127.0.0.1:${port}: connect: connection refused`;
      assert.equal(c.exitCode, 1, c.output);
      assert.equal(c.download?.error, goText);
      gone(c.workDir);

      const r = await probe({ clock: realClock, dir: moduleDir(), env: resolvedEnv(env(db, `http://127.0.0.1:${port}`)), confirmWithGo: { processEnv: BASE_ENV } });
      assert.equal(r.scenario, 'blocked');
      const go = r.evidence.find((e) => e.kind === 'go-command');
      assert.ok(go && go.kind === 'go-command' && go.agreement === 'agrees' && go.error === goText, JSON.stringify(go));
      assert.equal(goCommandText(go), `The go command (${go.goVersion}) says: ${goText}\nThis agrees with our own checks (blocked).`);
    });

    it('gosum-doctor probe shows the go command\'s exact output; --no-go leaves it out', async () => {
      const db = await database(proxy.goSumLines);
      const osEnv = { ...BASE_ENV, GOENV: 'off', ...env(db, db.url) };
      const dir = moduleDir();
      let out = '';
      const io = { out: (s: string) => { out += s; }, err: (s: string) => { out += s; } };
      assert.equal(await runProbeCommand(dir, false, io, osEnv), 0, out);
      assert.match(out, /^The go command says \(go mod download -json example\.com\/greet@v1\.1\.0, go1\.\d+\S*, exit 0\):\n {4}\{\n {4}\t"Path": "example\.com\/greet",$/m);
      assert.match(out, /^This agrees with our own checks \(ok\)\.$/m);
      assert.match(out, /^ {2}ok {3}go command go mod download -json example\.com\/greet@v1\.1\.0 \(\d+ ms\)$/m);

      out = '';
      assert.equal(await runProbeCommand(dir, true, io, osEnv, { go: false }), 0, out);
      const json = JSON.parse(out) as { steps: { name: string }[]; evidence: { kind: string }[] };
      assert.ok(!json.steps.some((s) => s.name === 'go command'));
      assert.deepEqual(parseArgs(['probe', '--no-go']), { name: 'probe', target: '.', format: 'text', go: false });
      assert.deepEqual(parseArgs(['probe', 'dir', '--json']), { name: 'probe', target: 'dir', format: 'json', go: true });
    });
  });
});
