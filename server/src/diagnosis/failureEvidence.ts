// Owns: the one classification of a failed request into evidence, shared by `check` (audit/scenario.ts) and
// `probe`: a certificate Go would refuse is tls-untrusted (whatever the request was: the database, or a GOPROXY
// entry's /supported), an HTTP proxy that answered CONNECT with a status is a refusal naming that proxy, an
// answer Go rejects (a page, an endless body, a redirect loop, not HTTP) is a foreign answer, anything else is
// unreachable; and a read from the database that failed once it was reached (a body that is no note or record,
// a signature that does not verify, a fork, a status).
// Pure: no I/O, never imports vscode.
import { NotFoundError, RemoteStatusError, SecurityError, VerificationError } from '../sumdb/client-errors';
import type { FailureKind, TimeoutPhase, TransportError, TransportFailureDetail } from '../transport/types';
import type { Evidence, ForeignAnswer, ProxyRefusal } from '../shared/evidence';
import { hostOf, hostPortOf } from '../transport/urlHost';

/** A request that failed, as our transport reported it. */
export interface SeenFailure {
  role: 'database' | 'proxy';
  url: string;
  kind: FailureKind;
  /** `Get "URL": reason`, Go's words for what we saw. */
  goError: string;
  phase?: TimeoutPhase;
  detail?: Pick<TransportFailureDetail, 'proxy' | 'proxyStatus' | 'issuer' | 'subject' | 'code'>;
  /** The trust store Go reads, as people know it. */
  store?: string;
  /** The GOPROXY entry whose step failed (role proxy). */
  goproxyEntry?: string;
}

export const UNKNOWN_ISSUER = 'unknown issuer';
const GO_TRUST_STORE = 'the trust store Go uses';

export function isTlsFailure(kind: string): boolean {
  return kind.startsWith('tls-');
}

export function failureEvidence(f: SeenFailure): Evidence {
  if (isTlsFailure(f.kind)) {
    const host = hostOf(f.url, false);
    return {
      kind: 'tls-untrusted', role: f.role, url: f.url, host, failure: f.kind,
      issuer: f.detail?.issuer || UNKNOWN_ISSUER, subject: f.detail?.subject || host, store: f.store ?? GO_TRUST_STORE, goError: f.goError,
    };
  }
  const answer = HEADER_OVERFLOW.has(f.detail?.code ?? '') ? 'huge-headers' : ANSWER_BY_KIND[f.kind];
  if (answer) return { kind: 'foreign-answer', role: f.role, url: f.url, failure: f.kind, answer: { form: answer }, goError: f.goError };
  const refusedBy = refusalOf(f);
  return {
    kind: 'unreachable', role: f.role, url: f.url, failure: f.kind, goError: f.goError,
    ...(f.phase ? { phase: f.phase } : {}), ...(f.goproxyEntry ? { proxy: f.goproxyEntry } : {}), ...(refusedBy ? { refusedBy } : {}),
  };
}

/**
 * Evidence for a probe's read from the database at `url` that failed (the sumdb client's error or our transport's):
 * `database` names it in a signature failure, `store` is the trust store Go reads.
 */
export function databaseReadEvidence(err: unknown, url: string, database: string, store?: string): Evidence {
  const te = transportErrorOf(err);
  if (te) return failureEvidence(seenFailure(te, 'database', url, store));
  if (err instanceof VerificationError && isForeignBody(err.kind)) return malformedAnswerEvidence(url, err.kind, err.message);
  if (err instanceof VerificationError && (err.kind === 'unverified-note' || err.kind === 'bad-signature')) {
    return { kind: 'signature', verification: err.kind, name: database, goError: err.message };
  }
  if (err instanceof SecurityError) return { kind: 'security', goError: err.message };
  if (err instanceof RemoteStatusError || err instanceof NotFoundError) return { kind: 'database-status', url: err.url, status: err.status, goError: err.message };
  if (err instanceof VerificationError) return { kind: 'security', goError: err.message };
  return { kind: 'unreachable', role: 'database', url, failure: 'other', goError: err instanceof Error ? err.message : String(err) };
}

/** Headers larger than our transport reads (Go reads up to 10 MiB of them, then the body). */
const HEADER_OVERFLOW = new Set(['UND_ERR_HEADERS_OVERFLOW', 'HPE_HEADER_OVERFLOW']);

/** Transport failures that mean an answer came, but not one Go can use. */
const ANSWER_BY_KIND: Partial<Record<FailureKind, ForeignAnswer['form']>> = { 'too-large': 'too-large', 'redirect-refused': 'redirect', malformed: 'not-http' };

/** Sumdb client errors that mean the body was not the database's at all (a signed note that is not a tree is). */
export function isForeignBody(kind: string): boolean {
  return kind === 'malformed-note' || kind === 'malformed-record';
}

/**
 * A tree note or record that is not one (the sumdb client's malformed-note / malformed-record / malformed-tree):
 * what the body looked like, from the echo the client's message carries after "note:", "tree:" or the record.
 */
export function malformedAnswerEvidence(url: string, kind: string, message: string, role: 'database' | 'proxy' = 'database'): Evidence {
  const body = /\n(?:note|tree):\n([\s\S]*)$/.exec(message)?.[1] ?? message;
  return { kind: 'foreign-answer', role, url, failure: kind, answer: describeBody(body), goError: message.split('\n')[0] };
}

/** An HTML page and its title, or the first characters of other text. */
export function describeBody(body: string): ForeignAnswer {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
  if (/<(!doctype html|html|head|body)\b/i.test(body)) return { form: 'html', ...(title ? { sample: title.slice(0, 120) } : {}) };
  const text = body.replace(/\s+/g, ' ').trim().slice(0, 80);
  return { form: 'text', ...(text ? { sample: text } : {}) };
}

/** The HTTP proxy's refusal, when it answered CONNECT with a status (403, 407, ...). */
function refusalOf(f: SeenFailure): ProxyRefusal | undefined {
  const status = f.detail?.proxyStatus;
  if (status === undefined || !f.detail?.proxy) return undefined;
  return { proxy: proxyLabel(f.detail.proxy), status, target: hostPortOf(f.url) };
}

/** The TransportError behind an error, if any (the sumdb client copies errors when it adds "M@V: "). */
export function transportErrorOf(err: unknown): TransportError | undefined {
  const e = err as { kind?: unknown; url?: unknown; detail?: unknown; cause?: unknown } | undefined;
  if (e && typeof e === 'object' && typeof e.kind === 'string' && typeof e.url === 'string' && e.detail && typeof e.detail === 'object') {
    return err as TransportError;
  }
  return e && typeof e === 'object' && e.cause ? transportErrorOf(e.cause) : undefined;
}

/** The failure a TransportError describes, for a request in `role`; `url` overrides the error's own. */
export function seenFailure(te: TransportError, role: 'database' | 'proxy', url = te.url, store?: string): SeenFailure {
  return { role, url, kind: te.kind, goError: goGet(url, te.message), phase: te.detail.phase, detail: te.detail, ...(store ? { store } : {}) };
}

/** `Get "URL": reason`, whether or not the message already has that head. */
function goGet(url: string, message: string): string {
  if (message.startsWith('Get "')) return message;
  return `Get ${JSON.stringify(url)}: ${message.startsWith(url + ': ') ? message.slice(url.length + 2) : message}`;
}

/** A proxy URL as shown to people: scheme, host and port, never its user name or password. */
export function proxyLabel(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return proxy.replace(/\/\/[^@/]*@/, '//');
  }
}
