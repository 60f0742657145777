#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }) on
// machines that cannot download desktop VS Code: it starts the VS Code server build from npm's
// code-server (CS_DIR), opens the workbench in headless Debian chromium with the test arguments in the
// URL payload, forwards the extension host's log, and exits with its test exit code.
// Our environment (GOENV, GOSUMDB, ...) reaches the extension host and the language server through the server.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { launchChromium, startCodeServer, workbenchUrl, writeUserSettings } from './codeServer.mjs';

const csDir = process.env.CS_DIR;
if (!csDir) { console.error('codeShim: CS_DIR is not set'); process.exit(2); }

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
const trust = process.env.GOSUM_DOCTOR_TRUST === 'ask';
writeUserSettings(udd, { 'security.workspace.trust.enabled': trust });

let server;
try {
  server = await startCodeServer({ csDir, udd, extensionsDir: opt.ext, trust });
} catch (e) {
  console.error(`codeShim: ${e.message}`); process.exit(1);
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
const payload = [...opt.dev.map((d) => ['extensionDevelopmentPath', server.remote(d)]), ['skipWelcome', 'true']];
if (opt.tests) payload.push(['extensionTestsPath', server.remote(opt.tests)]);

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
// The workbench's console (where VS Code warns about grammars), for the tests to read.
const consoleLog = process.env.GOSUM_DOCTOR_WORKBENCH_LOG;
if (consoleLog) page.on('console', (m) => fs.appendFileSync(consoleLog, `${m.type()}: ${m.text()}\n`));
await page.exposeFunction('codeAutomationLog', (type, args) => (type === 'error' ? console.error : console.log)(util.format(...args)));
await page.goto(workbenchUrl(server.base, { folder: opt.open[0], payload }));
const timeoutMs = Number(process.env.CODE_SHIM_TIMEOUT_MS || 300000);
let timer;
const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); })]);
clearTimeout(timer);
if (code === 'timeout') console.error(`codeShim: no result from the extension host within ${timeoutMs} ms`);
await browser.close();
server.stop();
process.exit(code === 'timeout' ? 1 : code);
