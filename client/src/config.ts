// Reads the `gosumDoctor.*` settings and workspace trust. In an untrusted workspace the restricted
// settings (goBinary, extraCACertificates) fall back to their user values, and no binary is run.
import * as vscode from 'vscode';
import type { GosumDoctorSettings } from '../../server/src/protocol';

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
  };
}

/** The go binary to run, or undefined when none may be run (untrusted workspace). */
export function goBinary(): string | undefined {
  if (!isTrusted()) return undefined;
  return settings().goBinary || 'go';
}
