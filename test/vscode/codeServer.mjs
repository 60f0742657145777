// Starting the VS Code server build from npm's code-server (CS_DIR) on 127.0.0.1 and the headless Debian chromium
// that is its window. Shared by codeShim.mjs (extension tests) and ui.mjs (screenshots).
// The server runs detached in its own process group; stop() ends the group (killing only the parent leaves a
// file watcher behind).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Flags that keep chromium off the network and quiet.
const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** User settings that keep the workbench quiet: no welcome page, tips, gallery, telemetry or AI panels. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false, 'update.mode': 'none', 'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.tips.enabled': false, 'workbench.enableExperiments': false,
};

/** Writes <udd>/User/settings.json unless it exists. */
export function writeUserSettings(udd, settings) {
  fs.mkdirSync(path.join(udd, 'User'), { recursive: true });
  const file = path.join(udd, 'User/settings.json');
  if (!fs.existsSync(file)) fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
}

function freePort() {
  return new Promise((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}

/**
 * Starts the server with its user data in `udd` and waits until it answers.
 * @returns {Promise<{ base: string, port: number, remote: (p: string) => string, stop: () => void, log: string }>}
 */
export async function startCodeServer({ csDir, udd, extensionsDir = path.join(udd, 'extensions'), env = process.env, trust = false }) {
  const serverMain = path.join(csDir, 'node_modules/code-server/lib/vscode/out/server-main.js');
  if (!fs.existsSync(serverMain)) throw new Error(`no VS Code server at ${serverMain} (run test/vscode/install-code-server.sh)`);
  const port = await freePort();
  const logFile = path.join(udd, 'server.log');
  const log = fs.openSync(logFile, 'w');
  const server = spawn(process.execPath, [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--enable-smoke-test-driver', ...(trust ? [] : ['--disable-workspace-trust']), '--telemetry-level', 'off',
    '--user-data-dir', udd, '--server-data-dir', path.join(udd, 'server'), '--extensions-dir', extensionsDir],
  { detached: true, stdio: ['ignore', log, log], env: { ...env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' } });
  fs.closeSync(log);
  let stopped = false;
  const stop = () => { if (stopped) return; stopped = true; try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ } };
  process.on('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { await fetch(`${base}/`); break; } catch {
      if (i > 300 || server.exitCode !== null) { stop(); throw new Error(`the VS Code server did not start, see ${logFile}`); }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { base, port, remote: (p) => `vscode-remote://127.0.0.1:${port}${p}`, stop, log: logFile };
}

/** The workbench URL opening `folder` (or a .code-workspace), with `payload` pairs (extensionDevelopmentPath, ...). */
export function workbenchUrl(base, { folder, payload = [] }) {
  let url = `${base}/?payload=${encodeURIComponent(JSON.stringify(payload))}`;
  if (!folder) return `${url}&ew=true`;
  return url + (folder.endsWith('.code-workspace') ? `&workspace=${encodeURIComponent(folder)}` : `&folder=${encodeURIComponent(folder)}`);
}

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROME_ARGS });
}
