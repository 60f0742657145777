// Owns: the one classification of a failed request into evidence, shared by `check` (audit/scenario.ts) and
// `probe`: a certificate Go would refuse is tls-untrusted (whatever the request was: the database, or a GOPROXY
// entry's /supported), an HTTP proxy that answered CONNECT with a status is a refusal naming that proxy, an
// answer Go rejects (a page, an endless body, a redirect loop, not HTTP) is a foreign answer, anything else is
// unreachable; and a read from the database that failed once it was reached (a body that is no note or record,
// a signature that does not verify, a fork, a status), with who reports it (databaseReadFailure).
// Pure: no I/O, never imports vscode.
import { NotFoundError, RemoteStatusError, SecurityError, VerificationError, withoutLookupPrefix } from '../sumdb/clientErrors';
import type { FailureKind, TimeoutPhase, TransportError, TransportFailureDetail } from '../transport/types';
import type { CredentialsNote, Evidence, ForeignAnswer, ProxyRefusal } from '../shared/evidence';
import { hostOf, hostPortOf } from '../transport/urlHost';
import { CLEARTEXT_CREDENTIALS, ConnectionCode, goGetError, whileReading } from '../transport/failure';
import { redactedSetting, redactedUrlText } from '../shared/goUrl';
import { databaseBaseOf } from './goPrediction';
import type { DatabaseBase } from '../sumdb/databaseBase';

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
  if (f.kind === 'blocked-by-policy' && f.goError.startsWith(CLEARTEXT_CREDENTIALS)) {
    // Go will not send a URL's credentials over plain HTTP: the setting that holds them cannot work.
    const variable = f.role === 'proxy' ? 'GOPROXY' : 'GOSUMDB';
    const setting = f.goproxyEntry ?? (f.role === 'database' ? databaseBaseOf(f.url) : f.url);
    return { kind: 'setting-error', variable, value: redactedSetting(setting), goError: f.goError, request: { role: f.role, url: redactedUrlText(f.url) } };
  }
  if (isTlsFailure(f.kind)) {
    const host = hostOf(f.url, false);
    return {
      kind: 'tls-untrusted', role: f.role, url: f.url, host, failure: f.kind,
      issuer: f.detail?.issuer || UNKNOWN_ISSUER, subject: f.detail?.subject || host, store: f.store ?? GO_TRUST_STORE, goError: f.goError,
    };
  }
  const answer = FORM_BY_CODE[f.detail?.code ?? ''] ?? ANSWER_BY_KIND[f.kind];
  if (answer) return { kind: 'foreign-answer', role: f.role, url: f.url, failure: f.kind, answer: { form: answer }, goError: f.goError };
  const refusedBy = refusalOf(f);
  return {
    kind: 'unreachable', role: f.role, url: f.url, failure: f.kind, goError: f.goError,
    ...(f.phase ? { phase: f.phase } : {}), ...(f.goproxyEntry ? { proxy: f.goproxyEntry } : {}), ...(refusedBy ? { refusedBy } : {}),
  };
}

/** Where a failed read from the checksum database went. */
export interface DatabaseRead {
  /** The database's name (sum.golang.org): a signature failure names it. */
  database: string;
  /** The URL read, when the caller knows it; it wins over a transport error's own. */
  url?: string;
  /** The database's base: named for a body that was no note or record when the URL read is not known. */
  base?: DatabaseBase;
  /** The trust store Go reads, as people know it (named when Go would refuse the certificate). */
  store?: string;
  /** What the go command sends with a request (GoTransport.credentialsFor): noted on a 401 or 403. */
  credentialsFor?: (url: string) => CredentialsNote;
}

/** Statuses a server answers for credentials it did not get or does not take. */
const CREDENTIAL_STATUSES: ReadonlySet<number> = new Set([401, 403]);

/** What the go command sends with a request a server answered 401 or 403 over HTTPS, to explain that; else nothing. */
export function credentialsOf(url: string, status: number, credentialsFor: ((url: string) => CredentialsNote) | undefined): { credentials?: CredentialsNote } {
  if (!credentialsFor || !CREDENTIAL_STATUSES.has(status) || !url.startsWith('https://')) return {};
  return { credentials: credentialsFor(url) };
}

/**
 * A failed database read, classified. `scope` says who reports it:
 * - 'database': the database cannot be used at all (nothing or something else answered, an unexpected status, a
 *   note no configured key signed): `check` names it as its scenario, the probe as its evidence;
 * - 'version': the database answered and its answer fails (a bad signature by the configured key, a fork, a tile
 *   that does not hash up or is missing) or it does not know the version (404/410 for its lookup). The go command reports these per module
 *   version, and so does `check`, per go.sum line;
 * - 'unknown': not an error of our transport or sumdb client (the probe files it as an unreachable database).
 */
export interface ReadFailure {
  scope: 'database' | 'version' | 'unknown';
  evidence: Evidence;
}

/**
 * The one classification of a failed read from the database (the sumdb client's error or our transport's), for
 * `check` and the probe alike. goError drops the client's "M@V: " prefix where diagnose() adds its own.
 */
export function databaseReadFailure(err: unknown, read: DatabaseRead): ReadFailure {
  const te = transportErrorOf(err);
  if (te) return { scope: 'database', evidence: failureEvidence(seenFailure(te, 'database', read.url ?? te.url, read.store)) };
  if (err instanceof RemoteStatusError || err instanceof NotFoundError) {
    const missingTile = err instanceof NotFoundError && err.missingTile;
    const evidence: Evidence = { kind: 'database-status', url: err.url, status: err.status, goError: withoutLookupPrefix(err.message), ...(missingTile ? { missingTile } : {}),
      ...credentialsOf(err.url, err.status, read.credentialsFor) };
    // A lookup's or a tile's 404 fails the versions it is about, as Go reports it; /latest's, the whole database.
    const perVersion = err instanceof NotFoundError && (err.versionUnknown || missingTile);
    return { scope: perVersion ? 'version' : 'database', evidence };
  }
  if (err instanceof SecurityError) return { scope: 'version', evidence: { kind: 'security', goError: err.message } };
  if (err instanceof VerificationError) return verificationFailure(err, read);
  const goError = err instanceof Error ? err.message : String(err);
  return { scope: 'unknown', evidence: { kind: 'unreachable', role: 'database', url: urlOf(read), failure: 'other', goError } };
}

/** A signed answer that did not check out: a body that is no note or record, a signature, or the tree itself. */
function verificationFailure(err: VerificationError, read: DatabaseRead): ReadFailure {
  const goError = withoutLookupPrefix(err.message);
  if (err.foreignBody) return { scope: 'database', evidence: malformedAnswerEvidence(lookupUrlOf(err, read) ?? urlOf(read), err.kind, goError) };
  if (err.kind === 'unverified-note' || err.kind === 'bad-signature') {
    // No signature by the configured key says the key is wrong; a bad one by that key is the database's fault.
    const evidence: Evidence = { kind: 'signature', verification: err.kind, name: read.database, goError };
    return { scope: err.kind === 'unverified-note' ? 'database' : 'version', evidence };
  }
  return { scope: 'version', evidence: { kind: 'security', goError: err.message } };
}

/** The lookup an error of a lookup (inLookup names its module version) was about, under the database's base. */
function lookupUrlOf(err: VerificationError, read: DatabaseRead): string | undefined {
  const { module, version } = err as { module?: string; version?: string };
  if (read.url || !read.base || module === undefined || version === undefined) return undefined;
  return read.base.lookupUrl(module, version);
}

/** The most precise URL known for a read: the one asked, else the database's base, else its name. */
function urlOf(read: DatabaseRead): string {
  return read.url ?? read.base?.shown ?? read.database;
}


/** Transport failures that mean an answer came, but not one Go can use. */
const ANSWER_BY_KIND: Partial<Record<FailureKind, ForeignAnswer['form']>> = { 'too-large': 'too-large', 'redirect-refused': 'redirect', malformed: 'not-http', 'not-tls': 'not-tls' };
/** Failures our connections tell apart by their code (failure.ts ConnectionCode), more precisely than by kind. */
const FORM_BY_CODE: Partial<Record<string, ForeignAnswer['form']>> = { [ConnectionCode.hugeHead]: 'huge-headers', [ConnectionCode.badGzip]: 'bad-gzip' };

/**
 * A tree note or record that is not one (the sumdb client's malformed-note / malformed-record / malformed-tree):
 * what the body looked like, from the echo the client's message carries after "note:", "tree:" or the record.
 */
function malformedAnswerEvidence(url: string, kind: string, message: string): Evidence {
  const body = /\n(?:note|tree):\n([\s\S]*)$/.exec(message)?.[1] ?? message;
  return { kind: 'foreign-answer', role: 'database', url, failure: kind, answer: describeBody(body), goError: message };
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
function seenFailure(te: TransportError, role: 'database' | 'proxy', url = te.url, store?: string): SeenFailure {
  return { role, url, kind: te.kind, goError: goGet(url, te.message), phase: te.detail.phase, detail: te.detail, ...(store ? { store } : {}) };
}

/**
 * `Get "URL": reason`, whether or not the message already has that head; a body's failure keeps its own
 * (`reading URL: reason`), and Go's refusal to send credentials has none. A lookup's error names its module
 * version before the request's words (the sumdb client's inLookup): those words are the failure.
 */
function goGet(url: string, message: string): string {
  const own = withoutLookupPrefix(message);
  if (own.startsWith('Get "') || whileReading(own) || own.startsWith(CLEARTEXT_CREDENTIALS)) return own;
  return goGetError(url, message.startsWith(url + ': ') ? message.slice(url.length + 2) : message);
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
