// Owns: naming why the checksum database could not be used at all — a transport failure, an unusable
// setting, a wrong key, a status from /latest — as ONE of the diagnosis module's scenarios, by handing the
// evidence (classified by diagnosis/failureEvidence.ts, the same classification the probe uses) to its
// diagnose(); and quoting the go command's error for a module version from the audited go.sum.
// Must never: do I/O or import vscode.
import { diagnose, type Sample } from '../diagnosis/diagnose';
import type { CredentialsNote, Evidence } from '../shared/evidence';
import { credentialsOf, databaseReadFailure, failureEvidence, transportErrorOf } from '../diagnosis/failureEvidence';
import type { GoRoute } from '../diagnosis/goPrediction';
import { SumdbSkips } from '../goenv/patterns';
import type { FailureKind, TransportFailureDetail } from '../transport/types';
import type { Scenario, ScenarioReport } from './verdict';

export { transportErrorOf };

export interface ScenarioContext {
  database: string;
  env: Record<string, string>;
  sample?: Sample;
  /** How the go command gets modules and reaches the database (which of its requests a failure stops). */
  route?: GoRoute;
  /** The language of the scenario's title and explanation (default English). */
  locale?: string;
  /** The local go command's release ($GOROOT/VERSION): Go's errors are quoted in its wording. */
  goVersion?: string;
  /** What the go command sends with a request (the transport's GoTransport.credentialsFor): a 401 or 403 is explained by it. */
  credentialsFor?: (url: string) => CredentialsNote;
}

/** A scenario whose go command error waits for the go.sum it is quoted for (scenarioForGoSum). */
interface PendingScenario extends ScenarioReport {
  evidence?: Evidence;
}

/** True when the error means "we could not ask" (nothing answered), as opposed to an answer. */
export function isUnreachable(err: unknown): boolean {
  const te = transportErrorOf(err);
  return te !== undefined && te.kind !== 'blocked-by-policy' && te.kind !== 'aborted';
}

/**
 * Evidence for a failure to use the database, or undefined when the error is not about reaching it: a failure the
 * go command reports per module version (a fork, a bad signature, a version the database does not know) is left
 * to the go.sum lines' verdicts, and an error that is none of ours to the caller.
 */
export function evidenceFor(err: unknown, database: string, route?: Pick<GoRoute, 'database'>, credentialsFor?: (url: string) => CredentialsNote): Evidence | undefined {
  const failure = databaseReadFailure(err, { database, base: route?.database, credentialsFor });
  return failure.scope === 'database' ? failure.evidence : undefined;
}

/** The scenario for a failure to reach or use the database; undefined when the error is something else. */
export function scenarioForError(err: unknown, ctx: ScenarioContext): ScenarioReport | undefined {
  const ev = evidenceFor(err, ctx.database, ctx.route, ctx.credentialsFor);
  return ev ? report(ev, ctx) : undefined;
}

/** The scenario for a GOSUMDB/GOPROXY value Go rejects, or a GOPROXY chain that failed. */
export function scenarioForSetting(variable: string, value: string, goError: string, ctx: ScenarioContext): ScenarioReport {
  return report({ kind: 'setting-error', variable, value, goError }, ctx);
}

/** A chain step that failed: a proxy's /supported unreachable, refused, intercepted, or answering 500. */
export interface ChainFailure {
  url?: string;
  status?: number;
  failure?: FailureKind;
  detail?: TransportFailureDetail;
  goError: string;
  /** The GOPROXY entry. */
  proxy?: string;
}

/** A chain failure, classified as the probe classifies it (a TLS failure is interception, not a block). */
export function scenarioForChain(failure: ChainFailure, ctx: ScenarioContext): ScenarioReport {
  const ev: Evidence = failure.status !== undefined
    ? { kind: 'proxy-status', url: failure.url ?? '', status: failure.status, goError: failure.goError, ...credentialsOf(failure.url ?? '', failure.status, ctx.credentialsFor) }
    : failureEvidence({ role: 'proxy', url: failure.url ?? '', kind: failure.failure ?? 'other', goError: failure.goError,
      phase: failure.detail?.phase, detail: failure.detail, goproxyEntry: failure.proxy });
  return report(ev, ctx);
}

/**
 * The scenario with the go command's error quoted for a module version of this go.sum (the first one Go would
 * verify against the database), not for a stand-in module. Scenarios made elsewhere pass through unchanged.
 */
export function scenarioForGoSum(s: ScenarioReport | null, lines: readonly { module: string; version: string }[], ctx: ScenarioContext): ScenarioReport | null {
  if (!s) return s;
  const { evidence, ...plain } = s as PendingScenario;
  const sample = sampleOf(lines, ctx.env);
  if (!evidence || !sample) return plain;
  return { ...plain, goError: diagnose([evidence], diagnosisContext(ctx), sample).goError };
}

/** The first go.sum module version the database is asked about (GONOSUMDB/GOPRIVATE ones are not). */
export function sampleOf(lines: readonly { module: string; version: string }[], env: Record<string, string>): Sample | undefined {
  const skips = new SumdbSkips({ GONOSUMDB: env.GONOSUMDB, GOSUMDB: env.GOSUMDB });
  const line = lines.find((l) => !skips.skips(l.module));
  return line ? { module: line.module, version: line.version } : undefined;
}

function diagnosisContext(ctx: ScenarioContext) {
  return { database: ctx.database, env: ctx.env, locale: ctx.locale, ...(ctx.route ? { route: ctx.route } : {}), ...(ctx.goVersion ? { goVersion: ctx.goVersion } : {}) };
}

function report(ev: Evidence, ctx: ScenarioContext): ScenarioReport {
  const d = diagnose([ev], diagnosisContext(ctx), ctx.sample);
  const scenario: Scenario = d.scenario === 'ok' ? 'blocked' : d.scenario;
  const pending: PendingScenario = { scenario, title: d.title, explanation: d.explanation, goError: d.goError };
  // Kept out of JSON (non-enumerable) until scenarioForGoSum quotes Go for the audited go.sum.
  Object.defineProperty(pending, 'evidence', { value: ev, enumerable: false });
  return pending;
}
