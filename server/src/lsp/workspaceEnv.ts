// Owns: one workspace folder's Go environment as the language server sees it — the server's process
// environment, the folder's `go.toolsEnvVars` and `gosumDoctor.*` settings (asked through the reader the wiring
// supplies, i.e. workspace/configuration), and workspace trust — plus a fingerprint that changes exactly when
// something the go command would read changed (those settings, the go env file, $GOROOT/go.env), and the
// options an audit context and a probe are built from.
// Untrusted workspaces: the client answers `go.toolsEnvVars` with the user-level value only (VS Code's model:
// workspace settings are the untrusted part), and the restricted gosumDoctor settings fall back to user values.
// Must never: run a binary, keep settings in module state, or write anything.
import path = require('node:path');
import type { AuditContextOptions } from '../audit';
import type { GoStepOptions } from '../diagnosis/probe';
import { envFileLocation, toolEnvironment } from '../shared/locations';
import type { EnvInputs, GoVar } from '../goenv/resolve';
import { readEnvSources } from '../goenv/sources';
import { goauthRunner } from '../goenv/goProcess';
import type { CommandRunner } from '../transport/goauth';
import type { GosumDoctorSettings } from '../shared/protocol';

export interface Folder {
  /** The workspace folder's URI (or a go.sum's directory when it lies in no folder). */
  uri: string;
  /** Its file system path: where the go command would run. */
  path: string;
}

export interface FolderSettings {
  gosumDoctor: GosumDoctorSettings;
  toolsEnvVars?: Record<string, string>;
}

export type SettingsReader = (folder: Folder) => Promise<FolderSettings>;

export const DEFAULT_SETTINGS: Readonly<GosumDoctorSettings> = Object.freeze({
  extraCACertificates: [], offline: false, goBinary: '', fixTarget: 'ask', probe: Object.freeze({ confirmWithGo: true }),
});

/** The `gosumDoctor` section as received, with wrong types replaced by defaults. */
export function settingsFrom(raw: unknown): GosumDoctorSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const fixTarget = r.fixTarget === 'goenv' || r.fixTarget === 'toolsEnvVars' ? r.fixTarget : 'ask';
  return {
    extraCACertificates: Array.isArray(r.extraCACertificates) ? r.extraCACertificates.filter((c): c is string => typeof c === 'string' && c !== '') : [],
    offline: r.offline === true,
    goBinary: typeof r.goBinary === 'string' ? r.goBinary : '',
    fixTarget,
    // workspace/configuration answers `gosumDoctor.probe.confirmWithGo` as a nested object.
    probe: { confirmWithGo: (r.probe as Record<string, unknown> | undefined)?.confirmWithGo !== false },
  };
}

/** `go.toolsEnvVars` as received: string values only, as vscode-go passes them to the go command. */
export function toolsEnvVarsFrom(raw: unknown): Record<string, string> | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

export interface FolderEnvironment {
  folder: Folder;
  processEnv: Record<string, string | undefined>;
  toolsEnvVars?: Record<string, string>;
  settings: GosumDoctorSettings;
  trusted: boolean;
  /** The go env file the go command would read here (to watch), when there is one. */
  envFile?: string;
  /** Equal for two reads exactly when the go command would see the same settings. */
  fingerprint: string;
  /** The sources that fingerprint was made from: the audit context is built from this same reading. */
  inputs: EnvInputs;
}

export async function readFolderEnvironment(folder: Folder, settings: FolderSettings, processEnv: Record<string, string | undefined>,
  trusted: boolean): Promise<FolderEnvironment> {
  const toolsEnvVars = settings.toolsEnvVars;
  const inputs = await readEnvSources({ process: processEnv, toolsEnvVars, cwd: folder.path });
  const location = envFileLocation(toolEnvironment(processEnv, toolsEnvVars), process.platform);
  const envFile = location.kind === 'file' ? path.resolve(folder.path, location.path) : undefined;
  const fingerprint = JSON.stringify([inputs.userFile ?? null, inputs.gorootFile ?? null, inputs.gorootFound ?? null, inputs.gorootVersion ?? null, toolsEnvVars ?? null,
    settings.gosumDoctor, trusted]);
  return { folder, processEnv, toolsEnvVars, settings: settings.gosumDoctor, trusted, envFile, fingerprint, inputs };
}

/** Connection-phase limits for the editor: a blocked network is named within seconds, not tens of seconds. */
const EDITOR_TIMEOUTS = { dnsMs: 3_000, connectMs: 3_000, tlsMs: 3_000, firstByteMs: 8_000, bodyMs: 20_000 };

/** What the folder's audit context is built from (our cache directory as processEnv names it: cacheDir.ts). */
export function auditContextOptions(env: FolderEnvironment): AuditContextOptions {
  return {
    processEnv: env.processEnv,
    toolsEnvVars: env.toolsEnvVars,
    cwd: env.folder.path,
    offline: env.settings.offline,
    transportOptions: { timeouts: EDITOR_TIMEOUTS, extraCACertificates: env.settings.extraCACertificates },
    envInputs: env.inputs,
    runGoauthCommands: env.trusted,
  };
}

/**
 * The go step of an explicit probe: the folder's go binary (`gosumDoctor.goBinary`, else `go` on the server's
 * PATH) run with the probe's environment; undefined when the setting is off or the workspace is untrusted.
 */
export function probeGoStep(env: FolderEnvironment): GoStepOptions | undefined {
  if (!env.trusted || !env.settings.probe.confirmWithGo) return undefined;
  return { allowed: true, processEnv: env.processEnv, ...(env.settings.goBinary ? { goBinary: env.settings.goBinary } : {}) };
}

/** How the folder's probe runs GOAUTH's commands (as its audits do); none in an untrusted workspace. */
export function goauthRunnerFor(env: FolderEnvironment): CommandRunner | undefined {
  return env.trusted ? goauthRunner(toolEnvironment(env.processEnv, env.toolsEnvVars)) : undefined;
}

/** The environment the probe runs with: the values the go command resolved (proxy and TLS variables included). */
export function probeEnvironment(values: Record<GoVar, string>): Record<GoVar, string> {
  return { ...values };
}
