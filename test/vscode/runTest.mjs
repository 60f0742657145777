#!/usr/bin/env node
// Runs the extension tests (test/vscode/suite/*.test.ts) inside a real VS Code through
// @vscode/test-electron's runTests(). Offline (default): the VS Code server build from npm's code-server
// + headless Debian chromium, via code-shim.mjs. GOSUM_DOCTOR_VSCODE=download: the plain runTests()
// path, which downloads desktop VS Code (where that is possible).
// Each entry of RUNS is one VS Code session with its own workspace and environment (the seam for
// scenario runs: point GOSUMDB/GOPROXY at a test database on 127.0.0.1 there).
// Prints `N passed, N failed` last.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const CS_VERSION = '4.100.3';
const csDir = process.env.CS_DIR || path.join(os.homedir(), '.cache/gosum-doctor', `code-server-${CS_VERSION}`);
const mode = process.env.GOSUM_DOCTOR_VSCODE === 'download' ? 'download' : 'shim';
const t0 = Date.now();
const lap = (m) => console.log(`[vscode ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

/** One VS Code session per entry. `env` gets a fresh temp folder; files are suite file names (default: all). */
const RUNS = [
  {
    name: 'fixture workspace',
    workspace: path.join(here, 'fixtures/ws'),
    env: (tmp) => {
      fs.writeFileSync(path.join(tmp, 'goenv'), GOENV_FIXTURE);
      return { GOENV: path.join(tmp, 'goenv'), GOPATH: path.join(tmp, 'gopath'), GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
    },
  },
];

// A go env file with what a lossless editor must keep: a comment, a CRLF line, an unknown key, no final newline.
export const GOENV_FIXTURE = '# written by hand\nGOPROXY=https://proxy.example.invalid,direct\r\nGOPRIVATE=corp.example\nXYZ_UNKNOWN=1\nGOSUMDB=sum.golang.org+https://wrong';

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

let passed = 0, failed = 0;
const results = fs.mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-vscode-'));
for (const [i, run] of RUNS.entries()) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-run-'));
  const resultsFile = path.join(results, `run-${i}.json`);
  const env = { ...run.env(tmp), GOSUM_DOCTOR_RESULTS: resultsFile, GOSUM_DOCTOR_RUN: run.name, GOSUM_DOCTOR_FILES: (run.files ?? []).join(','), CS_DIR: csDir };
  lap(`run "${run.name}"`);
  let exitCode = 0;
  try {
    await runTests({
      ...(mode === 'shim' ? { vscodeExecutablePath: path.join(here, 'code-shim.mjs') } : { version: 'stable' }),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'dist/test/suite/index.js'),
      launchArgs: [run.workspace, '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'), '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: env,
    });
  } catch (e) {
    exitCode = 1;
    console.error(`run "${run.name}" failed: ${e instanceof Error ? e.message : e}`);
  }
  const r = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : { results: [] };
  const p = r.results.filter((x) => x.state === 'passed').length;
  const f = r.results.filter((x) => x.state === 'failed').length;
  passed += p;
  failed += f + (exitCode !== 0 && f === 0 ? 1 : 0);  // a session that died without results counts as a failure
  fs.rmSync(tmp, { recursive: true, force: true });
}
fs.rmSync(results, { recursive: true, force: true });
lap('done');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
