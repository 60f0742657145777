// Reads the `gosumDoctor.*` settings, the user-level `go.toolsEnvVars`, and workspace trust. In an untrusted workspace the restricted
// settings (goBinary, extraCACertificates, probe.confirmWithGo) fall back to their user values, and no binary is run.
import vscode = require('vscode');
import type { GosumDoctorSettings } from '../../server/src/shared/protocol';

export type FixTarget = GosumDoctorSettings['fixTarget'];

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

export function settings(): GosumDoctorSettings {
  const c = vscode.workspace.getConfiguration('gosumDoctor');
  return {
    extraCACertificates: c.get<string[]>('extraCACertificates', []),
    offline: c.get<boolean>('offline', false),
    goBinary: c.get<string>('goBinary', ''),
    fixTarget: c.get<FixTarget>('fixTarget', 'ask'),
    probe: { confirmWithGo: c.get<boolean>('probe.confirmWithGo', true) },
  };
}

/** `go.toolsEnvVars` as the user set it in their own settings, ignoring the workspace's (for untrusted workspaces). */
export function userToolsEnvVars(): Record<string, unknown> | null {
  return vscode.workspace.getConfiguration('go').inspect<Record<string, unknown>>('toolsEnvVars')?.globalValue ?? null;
}

/** The go binary to run, or undefined when none may be run (untrusted workspace). */
export function goBinary(): string | undefined {
  if (!isTrusted()) return undefined;
  return settings().goBinary || 'go';
}
