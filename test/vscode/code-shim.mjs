#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }) on
// machines that cannot download desktop VS Code: it starts the VS Code server build from npm's
// code-server (CS_DIR), opens the workbench in headless Debian chromium with the test arguments in the
// URL payload, forwards the extension host's log, and exits with its test exit code.
// Our environment (GOENV, GOSUMDB, ...) reaches the extension host and the language server through the server.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import util from 'node:util';
import { chromium } from 'playwright-core';

const csDir = process.env.CS_DIR;
if (!csDir) { console.error('code-shim: CS_DIR is not set'); process.exit(2); }
const serverMain = path.join(csDir, 'node_modules/code-server/lib/vscode/out/server-main.js');

const opt = { dev: [], tests: undefined, udd: undefined, ext: undefined, open: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
  if (!m) { opt.open.push(path.resolve(argv[i])); continue; }
  const [, k, inline] = m;
  const val = () => (inline !== undefined ? inline : argv[++i]);
  if (k === 'extensionDevelopmentPath') opt.dev.push(path.resolve(val()));
  else if (k === 'extensionTestsPath') opt.tests = path.resolve(val());
  else if (k === 'user-data-dir') opt.udd = path.resolve(val());
  else if (k === 'extensions-dir') opt.ext = path.resolve(val());
  // Electron-only flags (--no-sandbox, --disable-updates, ...) mean nothing here.
}
const udd = opt.udd ?? fs.mkdtempSync('/tmp/gosum-doctor-udd-');
const extDir = opt.ext ?? path.join(udd, 'extensions');
fs.mkdirSync(path.join(udd, 'User'), { recursive: true });
const settings = path.join(udd, 'User/settings.json');
if (!fs.existsSync(settings)) fs.writeFileSync(settings, JSON.stringify({
  'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': process.env.GOSUM_DOCTOR_TRUST === 'ask',
  'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'update.mode': 'none',
  'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.tips.enabled': false,
}, null, 2));

const port = await new Promise((res) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
const log = fs.openSync(path.join(udd, 'server.log'), 'w');
const trustArgs = process.env.GOSUM_DOCTOR_TRUST === 'ask' ? [] : ['--disable-workspace-trust'];
const server = spawn(process.execPath, [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
  '--accept-server-license-terms', '--enable-smoke-test-driver', ...trustArgs, '--telemetry-level', 'off',
  '--user-data-dir', udd, '--server-data-dir', path.join(udd, 'server'), '--extensions-dir', extDir],
  { detached: true, stdio: ['ignore', log, log], env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' } });
// Kill the whole process group: killing only the parent leaves a file watcher behind.
const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ } };
process.on('exit', stop);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
for (let i = 0; ; i++) {
  try { await fetch(`http://127.0.0.1:${port}/`); break; } catch {
    if (i > 300) { console.error(`code-shim: server did not start, see ${path.join(udd, 'server.log')}`); process.exit(1); }
    await new Promise((r) => setTimeout(r, 100));
  }
}
const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
const payload = [...opt.dev.map((d) => ['extensionDevelopmentPath', remote(d)]), ['skipWelcome', 'true']];
if (opt.tests) payload.push(['extensionTestsPath', remote(opt.tests)]);
let url = `http://127.0.0.1:${port}/?payload=${encodeURIComponent(JSON.stringify(payload))}`;
const target = opt.open[0];
if (target) url += target.endsWith('.code-workspace') ? `&workspace=${encodeURIComponent(target)}` : `&folder=${encodeURIComponent(target)}`;
else url += '&ew=true';

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox',
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
await page.exposeFunction('codeAutomationLog', (type, args) => (type === 'error' ? console.error : console.log)(util.format(...args)));
await page.goto(url);
const timeoutMs = Number(process.env.CODE_SHIM_TIMEOUT_MS || 300000);
let timer;
const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); })]);
clearTimeout(timer);
if (code === 'timeout') console.error(`code-shim: no result from the extension host within ${timeoutMs} ms`);
await browser.close();
stop();
process.exit(code === 'timeout' ? 1 : code);
