#!/usr/bin/env node
// `npm run test:ui`: the extension as a user sees it, in code-server's web UI driven by headless Debian chromium,
// with the README's screenshots as a by-product (client/media/screenshots/, or SHOTS=dir).
//   1. The "tampered" world of runs.ts (healthy test database on 127.0.0.1, the demo module with one tampered
//      go.sum line): open go.sum with Ctrl+P, wait for the error squiggle, hover it → squiggle.png; hover the
//      status-bar item → status-bar.png.
//   2. The "blocked" world (connections to the database refused): F1 → "Go Sum Doctor: Probe sumdb", read the
//      explanation webview → explanation.png.
// Exits non-zero when the squiggle, its message, the status item or the webview's scenario is missing.
// Not part of `npm test` (it writes files). Needs `npm run build` first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { CHROMIUM, launchChromium, startCodeServer, workbenchUrl, writeUserSettings } from './codeServer.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const csDir = process.env.CS_DIR || path.join(os.homedir(), '.cache/gosum-doctor', 'code-server-4.100.3');
const shots = path.resolve(process.env.SHOTS || path.join(root, 'client/media/screenshots'));
const VIEWPORT = { width: 1280, height: 800 };
// The explanation is a long page: its session gets a taller window so the shot reaches Go's error and the fixes.
const TALL = { width: 1280, height: 1060 };
const t0 = Date.now();
const lap = (m) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

if (!fs.existsSync(CHROMIUM)) { console.error(`FAIL: the UI check needs chromium at ${CHROMIUM}`); process.exit(1); }
for (const f of ['dist/extension.js', 'dist/server.js']) {
  if (!fs.existsSync(path.join(root, f))) { console.error(`FAIL: ${f} is missing; run \`npm run build\` first`); process.exit(1); }
}
const { RUNS, LEAKY_VARIABLES } = await tsImport('./runs.ts', import.meta.url);
for (const v of LEAKY_VARIABLES) delete process.env[v];
fs.mkdirSync(shots, { recursive: true });

const failures = [];
const check = (ok, what) => { if (ok) lap(`ok: ${what}`); else { failures.push(what); console.error(`FAIL: ${what}`); } };

/** One code-server session in the world of run `id`: servers up, workbench open on its workspace in a window of
 * size `viewport`; then `fn(page, world)`. */
async function session(id, viewport, fn) {
  const run = RUNS.find((r) => r.id === id);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `gosum-doctor-ui-${id}-`));
  const world = await run.start(tmp, root);
  const udd = path.join(tmp, 'user-data');
  writeUserSettings(udd, { 'security.workspace.trust.enabled': false, 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false });
  const server = await startCodeServer({ csDir, udd, env: { ...process.env, ...world.env } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport });
    const payload = [['extensionDevelopmentPath', server.remote(root)], ['skipWelcome', 'true']];
    await page.goto(workbenchUrl(server.base, { folder: world.workspace, payload }));
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    lap(`${id}: workbench open on ${world.workspace}`);
    await fn(page, world);
  } finally {
    await browser.close();
    server.stop();
    await world.close();
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

/** Screenshot of a region, kept inside the viewport. */
async function shot(page, name, box) {
  const { width, height } = page.viewportSize();
  const x = Math.max(0, Math.floor(box.x)), y = Math.max(0, Math.floor(box.y));
  const clip = { x, y, width: Math.min(width - x, Math.ceil(box.width)), height: Math.min(height - y, Math.ceil(box.height)) };
  const file = path.join(shots, name);
  await page.screenshot({ path: file, clip });
  lap(`screenshot ${path.relative(root, file)} (${clip.width}×${clip.height}, ${(fs.statSync(file).size / 1024).toFixed(0)} KB)`);
}

const visible = async (locator, ms) => { try { await locator.first().waitFor({ state: 'visible', timeout: ms }); return true; } catch { return false; } };

try {
  await session('tampered', VIEWPORT, async (page, world) => {
    const { tampered, database } = world.facts;
    await page.keyboard.press('Control+P');
    await page.keyboard.type('go.sum');
    await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
    await page.keyboard.press('Enter');
    const squiggle = page.locator('.squiggly-error');
    check(await visible(squiggle, 60_000), 'the tampered go.sum line has an error squiggle');

    // The status bar: the item names the database, says verified and gives the tree size.
    const item = page.locator('.statusbar-item', { hasText: `${database.name} via` });
    check(await visible(item, 30_000), 'the status-bar item is shown');
    const itemText = (await item.first().innerText()).trim();
    check(itemText.includes(`${database.name} via ${new URL(database.url).host}: verified, tree ${database.treeSize}`), `status-bar text "${itemText}"`);

    // (a) the squiggle with its hover message.
    const [module, version] = tampered.text.split(' ');
    const line = page.locator('.view-line', { hasText: `${module} ${version} h1:` }).first();
    await line.waitFor();
    // The text layer sits above the squiggle's decoration: move the mouse to the squiggle's place instead.
    const sq = await squiggle.first().boundingBox();
    await page.mouse.move(sq.x + sq.width / 3, sq.y + sq.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'checksum mismatch' });
    check(await visible(hover, 10_000), 'hovering the squiggle shows "checksum mismatch"');
    const hoverText = await hover.first().innerText().catch(() => '');
    check(hoverText.includes(`verifying ${module}@${version}: checksum mismatch`), 'the hover names the module and Go\'s message');
    // The editor from its tab down to three lines below the squiggle, as wide as the hover.
    const editor = await page.locator('.editor-group-container').first().boundingBox();
    const hoverBox = await hover.first().boundingBox();
    const lineBox = await line.boundingBox();
    const right = Math.max(sq.x + sq.width, hoverBox.x + hoverBox.width) + 16;
    await shot(page, 'squiggle.png', { x: editor.x, y: editor.y, width: Math.min(editor.width, right - editor.x), height: lineBox.y + 4 * lineBox.height - editor.y });

    // (b) the status bar with its tooltip.
    await page.mouse.move(VIEWPORT.width / 2, 10);
    await page.keyboard.press('Escape');
    const ib = await item.first().boundingBox();
    await page.mouse.move(ib.x + ib.width / 2, ib.y + ib.height / 2);
    const tooltip = page.locator('.workbench-hover, .monaco-hover', { hasText: 'tree size' });
    check(await visible(tooltip, 10_000), 'hovering the status item shows its tooltip');
    const tipBox = await tooltip.first().boundingBox();
    const itemBox = await item.first().boundingBox();
    const top = Math.min(tipBox?.y ?? itemBox.y, itemBox.y) - 12;
    await shot(page, 'status-bar.png', { x: 0, y: top, width: Math.max(640, (tipBox ? tipBox.x + tipBox.width : 0) + 24), height: VIEWPORT.height - top });
  });

  await session('blocked', TALL, async (page, world) => {
    const { database } = world.facts;
    await page.locator('.statusbar-item', { hasText: 'blocked' }).first().waitFor({ timeout: 30_000 }).catch(() => undefined);
    await page.keyboard.press('F1');
    await page.keyboard.type('Go Sum Doctor: Probe sumdb');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Probe sumdb' }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const body = frame.locator('body[data-scenario]');
    check(await visible(body, 30_000), 'Probe sumdb opens the explanation webview');
    const scenario = await body.getAttribute('data-scenario').catch(() => null);
    check(scenario === 'blocked', `the webview's scenario is "${scenario}"`);
    const heading = await frame.locator('#scenario').innerText().catch(() => '');
    check(heading.includes('The network blocks the way to the checksum database'), `the webview says "${heading}"`);
    check(await frame.locator('#chain .hop.broken').count() === 1, 'the broken hop is marked');
    check((await frame.locator('#go-error').innerText().catch(() => '')).includes(`Get "${database.url}`), 'Go\'s error text is shown');
    const status = page.locator('.statusbar-item', { hasText: `${database.name} via` });
    check((await status.first().innerText().catch(() => '')).includes('blocked'), 'the status bar says blocked');
    const editor = await page.locator('.editor-group-container').first().boundingBox();
    await shot(page, 'explanation.png', { x: editor.x, y: editor.y, width: editor.width, height: editor.height });
  });
} catch (e) {
  failures.push(String(e?.stack ?? e));
  console.error('FAIL:', e);
}
lap(failures.length ? `UI check FAILED (${failures.length})` : `UI check passed; screenshots in ${path.relative(root, shots) || shots}`);
process.exit(failures.length ? 1 : 0);
