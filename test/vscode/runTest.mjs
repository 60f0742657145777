#!/usr/bin/env node
// Runs the extension tests (test/vscode/suite/*.test.ts) inside a real VS Code through
// @vscode/test-electron's runTests(). Offline (default): the VS Code server build from npm's code-server
// + headless Debian chromium, via codeShim.mjs. GOSUM_DOCTOR_VSCODE=download: the plain runTests()
// path, which downloads desktop VS Code (where that is possible).
// Each run (runs.ts) is one VS Code session with its own workspace, servers and environment: the fixture
// workspace, a healthy network with one tampered go.sum line, and the blocked, tls-intercepted and
// misconfigured scenarios. GOSUM_DOCTOR_RUNS=id,id runs some of them. Prints `N passed, N failed` last,
// for all runs together. KEEP_TMP=1 keeps each run's folder (VS Code's logs, the workbench console) in /tmp.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { tsImport } from 'tsx/esm/api';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const CS_VERSION = '4.100.3';
const csDir = process.env.CS_DIR || path.join(os.homedir(), '.cache/gosum-doctor', `code-server-${CS_VERSION}`);
const mode = process.env.GOSUM_DOCTOR_VSCODE === 'download' ? 'download' : 'shim';
const t0 = Date.now();
const lap = (m) => console.log(`[vscode ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// One VS Code session per run (test/vscode/runs.ts): its workspace, the servers it needs on 127.0.0.1 (started
// here before VS Code, stopped after), the server process's environment, and the suite files it executes.
const { RUNS, LEAKY_VARIABLES, layOutExtensions } = await tsImport('./runs.ts', import.meta.url);
const only = (process.env.GOSUM_DOCTOR_RUNS ?? '').split(',').filter(Boolean);  // e.g. GOSUM_DOCTOR_RUNS=tampered,blocked
const runs = only.length ? RUNS.filter((r) => only.includes(r.id)) : RUNS;

if (mode === 'shim' && !fs.existsSync(process.env.CHROMIUM || '/usr/bin/chromium')) {
  const why = 'the VS Code tests need Debian chromium at /usr/bin/chromium (apt-get install chromium)';
  if (process.env.CI) { console.error(`FAIL: ${why}`); process.exit(1); }
  console.log(`VS Code tests SKIPPED: ${why}. They run in CI.`);
  process.exit(0);
}
if (mode === 'shim') {
  execFileSync(path.join(here, 'install-code-server.sh'), [csDir], { stdio: 'inherit', env: { ...process.env, CS_VERSION } });
  lap(`code-server ${CS_VERSION} in ${csDir}`);
}

// The extension itself (dist/extension.js, dist/server.js) is built by `npm run build`; here the suite.
for (const f of ['dist/extension.js', 'dist/server.js']) {
  if (!fs.existsSync(path.join(root, f))) { console.error(`FAIL: ${f} is missing; run \`npm run build\` first`); process.exit(1); }
}
const suiteDir = path.join(here, 'suite');
const suiteFiles = fs.readdirSync(suiteDir).filter((f) => f.endsWith('.ts'));
await build({
  entryPoints: suiteFiles.map((f) => path.join(suiteDir, f)), outdir: path.join(root, 'dist/test/suite'), bundle: true,
  platform: 'node', target: 'node20', format: 'cjs', external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning',
});
lap(`suite bundled (${suiteFiles.length} files)`);
const orphans = suiteFiles.filter((f) => f.endsWith('.test.ts') && !RUNS.some((r) => r.files.includes(f)));
if (orphans.length) { console.error(`FAIL: no run in test/vscode/runs.ts executes ${orphans.join(', ')}`); process.exit(1); }

// Download first (it may need the developer's proxy settings), then drop the developer's Go, TLS and proxy
// settings so that they cannot reach a session (extensionTestsEnv can only add variables).
const vscodeExecutablePath = mode === 'shim' ? path.join(here, 'codeShim.mjs') : await downloadAndUnzipVSCode('stable').catch((e) => {
  console.error(`FAIL: could not download VS Code (${e?.message ?? e}); without GOSUM_DOCTOR_VSCODE=download the tests use code-server`);
  process.exit(1);
});
for (const v of LEAKY_VARIABLES) delete process.env[v];

let passed = 0, failed = 0;
const failedRuns = [];
const results = fs.mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-vscode-'));
for (const [i, run] of runs.entries()) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-run-'));
  const resultsFile = path.join(results, `run-${i}.json`);
  let exitCode = 0;
  const t1 = Date.now();
  let world;
  try {
    world = await run.start(tmp, root);
    const env = {
      ...world.env, GOSUM_DOCTOR_FACTS: JSON.stringify({ ...world.facts, goExtension: run.goExtension }),
      GOSUM_DOCTOR_RESULTS: resultsFile, GOSUM_DOCTOR_RUN: run.name, GOSUM_DOCTOR_FILES: run.files.join(','), CS_DIR: csDir,
      // codeShim.mjs writes the workbench's console there (VS Code's grammar warnings); the tests read it.
      ...(mode === 'shim' ? { GOSUM_DOCTOR_WORKBENCH_LOG: path.join(tmp, 'workbench-console.log') } : {}),
    };
    lap(`run "${run.name}" (${run.files.join(', ')}${run.goExtension ? `; Go extension's stand-in ${run.goExtension}` : ''})`);
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: layOutExtensions(path.join(tmp, 'extensions'), root, run.goExtension),
      extensionTestsPath: path.join(root, 'dist/test/suite/index.js'),
      // A run with the Go extension's stand-in has both extensions installed in its own folder: they must stay enabled.
      launchArgs: [world.workspace, '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'),
        ...(run.goExtension ? [] : ['--disable-extensions']), '--disable-workspace-trust'],
      extensionTestsEnv: env,
    });
  } catch (e) {
    exitCode = 1;
    console.error(`run "${run.name}" failed: ${e instanceof Error ? e.message : e}`);
  } finally {
    await world?.close();
  }
  const r = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : { results: [] };
  const p = r.results.filter((x) => x.state === 'passed').length;
  const f = r.results.filter((x) => x.state === 'failed').length;
  passed += p;
  failed += f + (exitCode !== 0 && f === 0 ? 1 : 0);  // a session that died without results counts as a failure
  if (f || exitCode) failedRuns.push(run.name);
  lap(`run "${run.name}": ${p} passed, ${f} failed in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  if (!process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}
fs.rmSync(results, { recursive: true, force: true });
lap(`done: ${runs.length} VS Code sessions`);
if (failedRuns.length) console.log(`failed runs: ${failedRuns.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
