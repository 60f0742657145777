// Owns: naming why the checksum database could not be used at all — a transport failure, an unusable
// setting, a wrong key, a status from /latest — as ONE of the diagnosis module's scenarios, by handing the
// evidence to its diagnose().
// Must never: do I/O or import vscode.
import { diagnose } from '../diagnosis/verdict';
import type { Evidence } from '../shared/evidence';
import { RemoteStatusError, VerificationError, withoutLookupPrefix } from '../sumdb/client-errors';
import type { TransportError } from '../transport/types';
import type { Scenario, ScenarioReport } from './verdict';

export interface ScenarioContext {
  database: string;
  env: Record<string, string>;
  sample?: { module: string; version: string };
  /** The language of the scenario's title and explanation (default English). */
  locale?: string;
}

/** The TransportError behind an error, if any (the sumdb client copies errors when it names a lookup). */
export function transportErrorOf(err: unknown): TransportError | undefined {
  const e = err as { kind?: unknown; url?: unknown; detail?: unknown; cause?: unknown } | undefined;
  if (e && typeof e === 'object' && typeof e.kind === 'string' && typeof e.url === 'string' && e.detail && typeof e.detail === 'object') {
    return err as TransportError;
  }
  return e && typeof e === 'object' && e.cause ? transportErrorOf(e.cause) : undefined;
}

/** True when the error means "we could not ask" (nothing answered), as opposed to an answer. */
export function isUnreachable(err: unknown): boolean {
  const te = transportErrorOf(err);
  return te !== undefined && te.kind !== 'blocked-by-policy' && te.kind !== 'aborted';
}

function goGet(url: string, message: string): string {
  return message.startsWith('Get "') ? message : `Get ${JSON.stringify(url)}: ${message.startsWith(url + ': ') ? message.slice(url.length + 2) : message}`;
}

/**
 * Evidence for a failure to use the database, or undefined when the error is not about reaching it. goError
 * drops the client's "M@V: " prefix: diagnose() adds its own.
 */
export function evidenceFor(err: unknown, database: string): Evidence | undefined {
  const te = transportErrorOf(err);
  if (te) {
    if (te.kind.startsWith('tls-')) {
      const host = safeHost(te.url);
      return { kind: 'tls-untrusted', role: 'database', url: te.url, host, failure: te.kind,
        issuer: te.detail.issuer ?? 'unknown issuer', subject: te.detail.subject ?? host, store: 'the trust store Go uses', goError: goGet(te.url, te.message) };
    }
    return { kind: 'unreachable', role: 'database', url: te.url, failure: te.kind, phase: te.detail.phase, goError: goGet(te.url, te.message), proxy: te.detail.proxy };
  }
  if (err instanceof RemoteStatusError) return { kind: 'database-status', url: err.url, status: err.status, goError: withoutLookupPrefix(err.message) };
  if (err instanceof VerificationError && err.kind === 'unverified-note') {
    return { kind: 'signature', verification: err.kind, goError: withoutLookupPrefix(err.message), name: database };
  }
  return undefined;
}

function safeHost(url: string): string {
  try { return new URL(url).hostname; } catch { return url; }
}

/** The scenario for a failure to reach or use the database; undefined when the error is something else. */
export function scenarioForError(err: unknown, ctx: ScenarioContext): ScenarioReport | undefined {
  const ev = evidenceFor(err, ctx.database);
  return ev ? report(ev, ctx) : undefined;
}

/** The scenario for a GOSUMDB/GOPROXY value Go rejects, or a GOPROXY chain that failed. */
export function scenarioForSetting(variable: string, value: string, goError: string, ctx: ScenarioContext): ScenarioReport {
  return report({ kind: 'setting-error', variable, value, goError }, ctx);
}

/** A chain failure (a proxy's /supported unreachable or answering 500) from Go's error text. */
export function scenarioForChain(failure: { url?: string; status?: number; failure?: string; goError: string }, ctx: ScenarioContext): ScenarioReport {
  const ev: Evidence = failure.status !== undefined
    ? { kind: 'proxy-status', url: failure.url ?? '', status: failure.status, goError: failure.goError }
    : { kind: 'unreachable', role: 'proxy', url: failure.url ?? '', failure: (failure.failure ?? 'other') as never, goError: failure.goError };
  return report(ev, ctx);
}

function report(ev: Evidence, ctx: ScenarioContext): ScenarioReport {
  const d = diagnose([ev], { database: ctx.database, env: ctx.env, locale: ctx.locale }, ctx.sample);
  const scenario: Scenario = d.scenario === 'ok' ? 'blocked' : d.scenario;
  return { scenario, title: d.title, explanation: d.explanation, goError: d.goError };
}
