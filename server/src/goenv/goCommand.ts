// Asks a real go binary (`go env -json`) for its view, with the same environment we resolved from, and
// lists where it disagrees with our resolution (which means our rules are wrong). Runs a process: callers
// skip it in untrusted workspaces. Bounded in time and output; never imports vscode.
import { runBounded } from './goProcess';
import { GO_VARS, GoVar, ResolvedEnv } from './resolve';
import { toolEnvironment, OsEnv } from '../shared/locations';

export interface GoEnvQuery {
  process: OsEnv;
  toolsEnvVars?: Readonly<Record<string, unknown>>;
  /** The go binary; default "go" from PATH. */
  goBinary?: string;
  cwd?: string;
  timeoutMs?: number;
  /** False in untrusted workspaces: nothing is run. */
  allowed?: boolean;
}

export type GoEnvReport =
  | { ok: true; values: Record<string, string> }
  | { ok: false; reason: 'not-allowed' | 'not-found' | 'timeout' | 'failed'; detail?: string };

// Variables `go env` reports; the proxy and certificate variables are not part of its output.
export const GO_ENV_REPORTED: readonly GoVar[] = ['GOSUMDB', 'GOPROXY', 'GONOSUMDB', 'GONOPROXY', 'GOPRIVATE', 'GOINSECURE',
  'GOFLAGS', 'GOPATH', 'GOMODCACHE', 'GOENV', 'GOROOT', 'GOTOOLCHAIN'];

export async function runGoEnv(query: GoEnvQuery): Promise<GoEnvReport> {
  if (query.allowed === false) return { ok: false, reason: 'not-allowed' };
  const env = toolEnvironment(query.process, query.toolsEnvVars);
  // Never let `go env` download a toolchain; then its GOTOOLCHAIN answer is ours, not the user's.
  const forcedLocal = (env.GOTOOLCHAIN ?? '') === '';
  if (forcedLocal) env.GOTOOLCHAIN = 'local';
  // No variable names: a go that predates a variable (GOTOOLCHAIN before 1.21) then omits it instead of
  // printing it empty, so it is not mistaken for a disagreement.
  const r = await runBounded(query.goBinary ?? 'go', ['env', '-json'], query.cwd, env, query.timeoutMs ?? 10_000);
  if (r.startError) {
    return r.startError.code === 'ENOENT' ? { ok: false, reason: 'not-found' } : { ok: false, reason: 'failed', detail: r.startError.message };
  }
  if (r.timedOut) return { ok: false, reason: 'timeout' };
  if (r.exitCode !== 0) return { ok: false, reason: 'failed', detail: r.output.toString('utf8').trim() || `exit status ${r.exitCode}` };
  try {
    const parsed = JSON.parse(r.stdout.toString('utf8')) as Record<string, unknown>;
    const values: Record<string, string> = {};
    for (const name of GO_ENV_REPORTED) if (typeof parsed[name] === 'string') values[name] = parsed[name] as string;
    if (forcedLocal) delete values.GOTOOLCHAIN;
    return { ok: true, values };
  } catch {
    return { ok: false, reason: 'failed', detail: 'go env -json printed something that is not JSON' };
  }
}

export interface Disagreement {
  name: GoVar;
  ours: string;
  go: string;
}

/** Where `go env -json` and our resolution differ. */
export function compareWithGo(ours: ResolvedEnv, go: Record<string, string>): Disagreement[] {
  const out: Disagreement[] = [];
  for (const name of GO_VARS) {
    if (!(name in go)) continue;
    if (ours.vars[name].value !== go[name]) out.push({ name, ours: ours.vars[name].value, go: go[name] });
  }
  return out;
}
