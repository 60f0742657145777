// "Probe sumdb" in the editor asks the real go command too (gosumDoctor.probe.confirmWithGo), through a real LSP
// connection to dist/server.js, a real go against our GOPROXY and checksum database on 127.0.0.1. The go binary is
// a wrapper script (gosumDoctor.goBinary) that notes every run in a marker file before handing over to the real
// go, so "no go process" is a fact read from the disk: background probes never run it, the setting turned off
// or an untrusted workspace never runs it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ProbeReportView, StatusParams } from '../../server/src/shared/protocol';
import { renderExplanationHtml } from '../../client/src/explanationHtml';
import { renderReportMarkdown } from '../../client/src/reportMarkdown';
import { gosumdbFor } from '../support/auditSetup';
import { closedPort } from '../support/faultServers';
import { goOnPath } from '../support/goEnv';
import { startGoproxyServer, type GoproxyServer, type SyntheticModule } from '../support/goproxyServer';
import { makeHome, serverEnv, startLspClient, type Home, type LspTestClient } from '../support/lspClient';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { labels } from '../support/explanationFixture';
import { dies, pidWrittenTo, running } from '../support/processes';

const MODULES: SyntheticModule[] = [
  { path: 'example.com/greet', version: 'v1.1.0', files: { 'greet.go': 'package greet\n\nfunc Hello() string { return "Hello" }\n' } },
];
const TAMPERED = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
/** Safety net: anything not on loopback fails locally instead of leaving the machine (Go never proxies loopback). */
const NO_INTERNET = { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' };
const GO_TARGET = 'go mod download -json example.com/greet@v1.1.0';
/** What the Probe sumdb command sends; the probe the extension starts after a fix sends no confirmWithGo. */
const ASKED = { confirmWithGo: true };

describe('Probe sumdb asks the go command too (real LSP, real go)', function () {
  this.timeout(60_000);
  let proxy: GoproxyServer;
  let realGo: string;
  const cleanups: (() => Promise<void> | void)[] = [];
  before(async function () {
    if (process.platform === 'win32' || !goOnPath()) this.skip();
    realGo = execFileSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).trim();
    proxy = await startGoproxyServer(MODULES);
  });
  after(async () => {
    await proxy?.close();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function database(lines: string[]): Promise<SumdbServer> {
    const db = await startSumdbServer({ goSumLines: lines });
    cleanups.push(() => db.close());
    return db;
  }

  /** A workspace with go.mod and go.sum, and a go wrapper that writes each of its runs to `marker`. */
  function workspace(): { home: Home; goBinary: string; marker: string } {
    const home = makeHome('lsp-probe-go');
    cleanups.push(() => home.remove());
    writeFileSync(path.join(home.workspace, 'go.mod'), 'module example.com/app\n\ngo 1.17\n\nrequire example.com/greet v1.1.0\n');
    writeFileSync(path.join(home.workspace, 'go.sum'), proxy.goSumLines.join('\n') + '\n');
    const marker = path.join(home.dir, 'go-runs');
    const goBinary = path.join(home.dir, 'go-wrapper');
    writeFileSync(goBinary, `#!/bin/sh\necho "$*" >> '${marker}'\nexec '${realGo}' "$@"\n`, { mode: 0o755 });
    return { home, goBinary, marker };
  }

  async function server(home: Home, gosumdb: string, options: { trusted?: boolean; gosumDoctor: Record<string, unknown> }): Promise<LspTestClient> {
    const env = serverEnv(home, { PATH: process.env.PATH ?? '/usr/bin:/bin', GOPROXY: proxy.url, GOSUMDB: gosumdb, ...NO_INTERNET });
    const lsp = await startLspClient({ env, workspace: home.workspace, trusted: options.trusted, settings: { gosumDoctor: options.gosumDoctor } });
    cleanups.push(() => lsp.stop());
    return lsp;
  }

  /** Resolves once `file` exists (the go wrapper writes it; no message tells us). */
  const settled = (lsp: LspTestClient, state: StatusParams['state']) =>
    lsp.waitFor(`status ${state}`, () => { const s = lsp.statuses[lsp.statuses.length - 1]; return s?.state === state ? s : undefined; });
  const runs = (marker: string) => (existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').filter((l) => l !== '') : []);

  it('the database holds another hash for the zip: the probe view carries the go step and Go\'s SECURITY ERROR verbatim, and the webview and Markdown show it', async () => {
    const greet = proxy.modules[0];
    const db = await database(proxy.goSumLines.map((l) => (l.startsWith('example.com/greet v1.1.0 ') ? `example.com/greet v1.1.0 ${TAMPERED}` : l)));
    const { home, goBinary, marker } = workspace();
    const lsp = await server(home, gosumdbFor(db), { gosumDoctor: { goBinary, probe: { confirmWithGo: true } } });
    await settled(lsp, 'verified');

    const view = await lsp.conn.sendRequest<ProbeReportView>('gosumDoctor/probe', ASKED);
    assert.deepEqual(runs(marker), ['version', GO_TARGET.replace(/^go /, '')], 'go version, then the download, once');
    const step = view.steps.find((s) => s.name === 'go command');
    assert.ok(step && step.target === GO_TARGET && !step.ok, JSON.stringify(view.steps));
    assert.match(step.detail ?? '', /; go1\.\d+/);
    const goText = `example.com/greet@v1.1.0: verifying module: checksum mismatch\n\tdownloaded: ${greet.zipHash}\n\tsumdb.test: ${TAMPERED}\n\nSECURITY ERROR\n`;
    assert.ok(view.goCommand, 'the view carries the go command');
    assert.equal(view.goCommand.command, `${goBinary} mod download -json example.com/greet@v1.1.0`);
    assert.equal(view.goCommand.exitCode, 1);
    assert.match(view.goCommand.goVersion ?? '', /^go1\.\d+/);
    assert.ok(view.goCommand.output.includes(`\t"Error": ${JSON.stringify(goText).slice(0, -1)}`), view.goCommand.output);
    // Our go.mod spot-check agrees with the database; the go command sees the zip: a disagreement.
    assert.equal(view.scenario, 'disagreement');
    assert.ok(view.evidence.some((e) => e.startsWith(`The go command (${view.goCommand!.goVersion}) says: ${goText}`)), view.evidence.join('\n'));
    assert.ok(db.requests.includes('/lookup/example.com/greet@v1.1.0'), 'the go command asked our database');

    const html = renderExplanationHtml(view, labels, { nonce: 'n', cspSource: 'vscode-resource:' });
    assert.match(html, /<h2 id="h-go-output">Go printed<\/h2><p><code>[^<]*go-wrapper mod download -json example\.com\/greet@v1\.1\.0<\/code> \(go1\.\d+[^,]*, exit 1\)<\/p><pre id="go-output">\{\n\t&#34;Path&#34;: &#34;example\.com\/greet&#34;,/);
    const md = renderReportMarkdown(view, labels);
    assert.match(md, /\n### Go printed\n\n`[^`]*go-wrapper mod download -json example\.com\/greet@v1\.1\.0` \(go1\.\d+[^,]*, exit 1\)\n\n(`{3,}|~{3,})[^\n]*\n\{\n\t"Path": "example\.com\/greet",/);
  });

  it('the database is down: the background probes run no go; the explicit probe does, and Go says "connection refused"', async () => {
    const port = await closedPort();
    const db = await database(proxy.goSumLines);
    const { home, goBinary, marker } = workspace();
    const lsp = await server(home, gosumdbFor({ verifierKey: db.verifierKey, url: `http://127.0.0.1:${port}` }), { gosumDoctor: { goBinary } });
    await settled(lsp, 'blocked');
    assert.ok(lsp.statuses.some((s) => s.lastProbe), 'a background probe named the scenario');
    assert.deepEqual(runs(marker), [], 'no go process for a background probe');

    // The probe the extension starts by itself after a fix does not ask the go command either.
    const afterFix = await lsp.conn.sendRequest<ProbeReportView>('gosumDoctor/probe', {});
    assert.equal(afterFix.scenario, 'blocked');
    assert.ok(!afterFix.steps.some((s) => s.name === 'go command'), JSON.stringify(afterFix.steps));
    assert.deepEqual(runs(marker), [], 'no go process for a probe the user did not ask for');

    // The setting is on by default.
    const view = await lsp.conn.sendRequest<ProbeReportView>('gosumDoctor/probe', ASKED);
    assert.equal(view.scenario, 'blocked');
    assert.equal(runs(marker).length, 2);
    assert.ok(view.steps.some((s) => s.name === 'go command' && s.target === GO_TARGET && !s.ok), JSON.stringify(view.steps));
    assert.match(view.goCommand?.output ?? '', new RegExp(`dial tcp 127\\.0\\.0\\.1:${port}: connect: connection refused`));
    assert.ok(view.evidence.some((e) => e.endsWith('This agrees with our own checks (blocked).')), view.evidence.join('\n'));
  });

  it('gosumDoctor.probe.confirmWithGo off: no go step and no go process', async () => {
    const db = await database(proxy.goSumLines);
    const { home, goBinary, marker } = workspace();
    const lsp = await server(home, gosumdbFor(db), { gosumDoctor: { goBinary, probe: { confirmWithGo: false } } });
    await settled(lsp, 'verified');
    const view = await lsp.conn.sendRequest<ProbeReportView>('gosumDoctor/probe', ASKED);
    assert.equal(view.scenario, 'ok');
    assert.ok(view.steps.some((s) => s.name === 'latest' && s.ok), 'the probe itself ran');
    assert.ok(!view.steps.some((s) => s.name === 'go command'), JSON.stringify(view.steps));
    assert.equal(view.goCommand, undefined);
    assert.deepEqual(runs(marker), []);
  });

  it('an untrusted workspace runs no go, whatever the setting says', async () => {
    const db = await database(proxy.goSumLines);
    const { home, goBinary, marker } = workspace();
    const lsp = await server(home, gosumdbFor(db), { trusted: false, gosumDoctor: { goBinary, probe: { confirmWithGo: true } } });
    await lsp.waitFor('untrusted status', () => lsp.statuses.find((s) => s.untrusted && s.state !== 'checking'));
    const view = await lsp.conn.sendRequest<ProbeReportView>('gosumDoctor/probe', ASKED);
    assert.ok(view.steps.some((s) => s.name === 'latest'), 'the probe itself ran');
    assert.ok(!view.steps.some((s) => s.name === 'go command'), JSON.stringify(view.steps));
    assert.equal(view.goCommand, undefined);
    assert.deepEqual(runs(marker), []);
  });

  it('the user cancels the probe: the go command and everything it started are killed, and the report has no go step', async () => {
    const db = await database(proxy.goSumLines);
    const { home, marker } = workspace();
    // A go that answers `go version`, then hangs in the download with a child of its own.
    const pidFile = path.join(home.dir, 'sleep-pid');
    const goBinary = path.join(home.dir, 'go-hangs');
    writeFileSync(goBinary, `#!/bin/sh\necho "$*" >> '${marker}'\nif [ "$1" = version ]; then exec '${realGo}' version; fi\nsleep 300 &\necho $! > '${pidFile}'\nwait\n`, { mode: 0o755 });
    const lsp = await server(home, gosumdbFor(db), { gosumDoctor: { goBinary } });
    await settled(lsp, 'verified');

    const cancel = new CancellationTokenSource();
    const pending = lsp.conn.sendRequest<ProbeReportView>('gosumDoctor/probe', ASKED, cancel.token);
    const pid = await pidWrittenTo(pidFile);
    assert.ok(running(pid), 'the go command is downloading');
    cancel.cancel();
    const view = await pending;
    assert.equal(view.scenario, 'ok', 'the network checks still answer');
    // Not cancelled, the go step would end at its timeout and show as a step that timed out.
    assert.ok(!view.steps.some((s) => s.name === 'go command'), JSON.stringify(view.steps));
    assert.equal(view.goCommand, undefined);
    assert.ok(await dies(pid), 'the process group was killed');
    assert.deepEqual(runs(marker), ['version', GO_TARGET.replace(/^go /, '')]);
  });
});
