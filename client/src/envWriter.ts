// Writes an environment change where the user chose: the go env file (through `go env -w`/`-u` when
// `go` may be run, else by editing the file ourselves with goenv's lossless setVar) or the workspace setting
// `go.toolsEnvVars` (edited losslessly in the folder's .vscode/settings.json or the .code-workspace file, see
// toolsEnvVarsEdit.ts). Files are written atomically and only if nobody changed them since the preview.
// Plans are computed first so that the user sees exactly what will change before anything is written.
import { execFile } from 'node:child_process';
import path = require('node:path');
import vscode = require('vscode');
import type { EnvTarget } from '../../server/src/shared/fixCommands';
import type { CatalogError } from '../../server/src/shared/catalog';
import { ChangedSinceRead, readKeptText, replaceKeptText } from '../../server/src/shared/keptTextFile';
import { setVar, unsetVar } from '../../server/src/shared/envFile';
import { envFileLocation } from '../../server/src/shared/locations';
import { clientError } from './i18n/catalogs';
import { editToolsEnvVars, toolsEnvVarsFile } from './toolsEnvVarsEdit';

export type FixTargetKind = EnvTarget;

export interface EnvChangePlan {
  target: FixTargetKind;
  /** The file written: the go env file, a folder's .vscode/settings.json or the .code-workspace file. */
  where: string;
  /** Whole text before and after, for the preview. */
  before: string;
  after: string;
  env: Record<string, string>;
}

/**
 * The go env file as the go command finds it ($GOENV, else <os.UserConfigDir>/go/env), or why there is none:
 * GOENV=off, or Go's own error (no $HOME...), so that a fix never writes a file the go command does not read.
 */
export function goEnvFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { path: string } | { error: CatalogError } {
  const where = envFileLocation(env, platform);
  if (where.kind === 'off') return { error: clientError('fix.goEnvOff') };
  return where.kind === 'file' ? { path: where.path } : { error: clientError('fix.goEnvNotFound', { reason: where.error }) };
}

/** goEnvFile's path; throws its error. */
export function goEnvFilePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const file = goEnvFile(env, platform);
  if ('error' in file) throw file.error;
  return file.path;
}

export async function planGoEnvChange(env: Record<string, string>, file = goEnvFilePath()): Promise<EnvChangePlan> {
  const before = await readKeptText(file);
  let after = before;
  for (const [name, value] of Object.entries(env)) after = value === '' ? unsetVar(after, name) : setVar(after, name, value);
  return { target: 'goenv', where: file, before, after, env };
}

export function toolsEnvVarsAvailable(): boolean {
  return vscode.workspace.getConfiguration('go').inspect('toolsEnvVars')?.defaultValue !== undefined && !!vscode.workspace.workspaceFolders?.length;
}

/** The change to `go.toolsEnvVars` in the file that holds the workspace's settings for `folder` (default: the first). */
export async function planToolsEnvVarsChange(env: Record<string, string>, folder = vscode.workspace.workspaceFolders?.[0]): Promise<EnvChangePlan> {
  if (!folder) throw clientError('fix.noWorkspaceFolder');
  const folderFile = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
  const workspaceFile = vscode.workspace.workspaceFile?.scheme === 'file' ? vscode.workspace.workspaceFile.fsPath : undefined;
  const file = toolsEnvVarsFile({
    folder: { path: folderFile, text: await readKeptText(folderFile) },
    ...(workspaceFile ? { workspace: { path: workspaceFile, text: await readKeptText(workspaceFile) } } : {}),
  }, Object.keys(env));
  return { target: 'toolsEnvVars', where: file.path, before: file.text, after: editToolsEnvVars(file.text, file.kind, env), env };
}

/** Writes a planned change. `goBinary` is undefined when no binary may be run (the file is edited directly). */
export async function applyPlan(plan: EnvChangePlan, goBinary: string | undefined, log: vscode.LogOutputChannel): Promise<void> {
  if (plan.target === 'toolsEnvVars') return writeFileIfUnchanged(plan.where, plan.before, plan.after);
  if (goBinary && await runGoEnv(plan, goBinary, log)) return;
  await writeFileIfUnchanged(plan.where, plan.before, plan.after);
}

/** `go env -w`/`-u`; false when go is not installed (then we edit the file ourselves). */
async function runGoEnv(plan: EnvChangePlan, goBinary: string, log: vscode.LogOutputChannel): Promise<boolean> {
  const sets = Object.entries(plan.env).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`);
  const unsets = Object.entries(plan.env).filter(([, v]) => v === '').map(([k]) => k);
  const env = { ...process.env, GOENV: plan.where };
  const run = (args: string[]) => new Promise<void>((resolve, reject) => execFile(goBinary, args, { env, timeout: 30_000 }, (err, _out, stderr) => {
    if (err) reject(Object.assign(err, { stderr: String(stderr).trim() })); else resolve();
  }));
  try {
    if (sets.length) await run(['env', '-w', ...sets]);
    if (unsets.length) await run(['env', '-u', ...unsets]);
    log.info(`go env ${sets.length ? `-w ${sets.join(' ')}` : ''} ${unsets.length ? `-u ${unsets.join(' ')}` : ''} → ${plan.where}`);
    return true;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') { log.info(`${goBinary} not found; editing ${plan.where} directly`); return false; }
    throw new Error(err.stderr || err.message);
  }
}

/** Atomic replace (temp file + rename in the same folder), refused if the file changed since `expected`. */
async function writeFileIfUnchanged(file: string, expected: string, text: string): Promise<void> {
  try {
    await replaceKeptText(file, expected, text, 0o644);
  } catch (e) {
    throw e instanceof ChangedSinceRead ? clientError('fix.changedSincePreview', { file }) : e;
  }
}
