// Owns: how a fix is written down for a person to repeat by hand (CLI text, Markdown report): `go env -w` for
// the variables the go env file holds, `export NAME=value` for those Go reads only from the process environment
// (`go env -w` refuses them: "unknown go command variable"), and a placeholder where the value is asked for.
// Also where the editor may write a change: never the go env file for those process-only variables.
// Pure: no I/O, never imports vscode.
import type { Fix } from './evidence';

/** Read by net/http and crypto/x509 from the process environment only; the go env file cannot hold them. */
const PROCESS_ONLY = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'ALL_PROXY', 'all_proxy', 'REQUEST_METHOD', 'SSL_CERT_FILE', 'SSL_CERT_DIR']);

export function goEnvFileAccepts(variable: string): boolean {
  return !PROCESS_ONLY.has(variable);
}

/** Where an environment change can be written: the go env file, or the workspace setting `go.toolsEnvVars`. */
export type EnvTarget = 'goenv' | 'toolsEnvVars';

/** Where a change to `variables` can go: never the go env file for process-only variables (`go env -w` refuses them). */
export function envTargets(variables: readonly string[], toolsEnvVarsAvailable: boolean): EnvTarget[] {
  const targets: EnvTarget[] = [];
  if (variables.every(goEnvFileAccepts)) targets.push('goenv');
  if (toolsEnvVarsAvailable) targets.push('toolsEnvVars');
  return targets;
}

/** Quotes for POSIX shells when the value needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command lines that make `fix`'s change; an asked value shows its placeholder, unquoted, to be replaced.
 * `inProcessEnv`: the values are set in the process environment, which overrides the go env file (`go env -w`
 * would change nothing): every variable is then exported or unset.
 */
export function fixCommandLines(fix: Pick<Fix, 'env' | 'ask'>, inProcessEnv = false): string[] {
  const entries: [string, string, boolean][] = Object.entries(fix.env).map(([k, v]) => [k, v, false]);
  if (fix.ask && !(fix.ask.variable in fix.env)) entries.push([fix.ask.variable, fix.ask.placeholder, true]);
  const inFile = ([k]: [string, string, boolean]) => !inProcessEnv && goEnvFileAccepts(k);
  const goEnv = entries.filter(inFile);
  const osEnv = entries.filter((e) => !inFile(e));
  const lines: string[] = [];
  const sets = goEnv.filter(([, v]) => v !== '');
  const unsets = goEnv.filter(([, v]) => v === '');
  if (sets.length) lines.push(`go env -w ${sets.map(([k, v]) => shellQuote(`${k}=${v}`)).join(' ')}`);
  if (unsets.length) lines.push(`go env -u ${unsets.map(([k]) => k).join(' ')}`);
  for (const [k, v, placeholder] of osEnv) lines.push(v === '' ? `unset ${k}` : `export ${placeholder ? `${k}=${v}` : shellQuote(`${k}=${v}`)}`);
  return lines;
}
