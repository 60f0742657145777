// Turning low-level socket/TLS/HTTP errors into one FailureKind with the words Go's net/http would use
// (`Get "URL": dial tcp 127.0.0.1:9: connect: connection refused`). Pure: no I/O.
import type { GoLookup, NameserverAnswer } from './goResolverConf';
import { FailureKind, TimeoutPhase, TransportError } from './types';
import { hostOf, joinHostPort } from './urlHost';
import { goQuote } from '../shared/goquote';

/**
 * The codes our connections (http1Connection.ts, h2Connection.ts) put on their errors, beside Node's and OpenSSL's:
 * classify reads the kind and the phase from them.
 */
export const ConnectionCode = {
  /** The connection ended before the answer was whole (EOF; within a body, Go's "unexpected EOF"). */
  closed: 'GOSUM_DOCTOR_CONNECTION_CLOSED',
  /** The transport was closed under the request. */
  transportClosed: 'GOSUM_DOCTOR_TRANSPORT_CLOSED',
  /** No response head within the request's first-byte wait (HTTP/1.1). */
  headersTimeout: 'GOSUM_DOCTOR_HEADERS_TIMEOUT',
  /** Nothing more of the body within its wait. */
  bodyTimeout: 'GOSUM_DOCTOR_BODY_TIMEOUT',
  /** A body shorter or longer than its declared length. */
  lengthMismatch: 'GOSUM_DOCTOR_LENGTH_MISMATCH',
  /** A response head Go refuses. */
  refusedHead: 'GOSUM_DOCTOR_REFUSED_HEAD',
  /** A response head past Go's 10 MiB. */
  hugeHead: 'GOSUM_DOCTOR_HUGE_HEAD',
  /** A body Go's reader refuses (chunked encoding). */
  badBody: 'GOSUM_DOCTOR_BAD_BODY',
  /** A body sent gzip-encoded that Go's gzip reader refuses (gzipBody.ts). */
  badGzip: 'GOSUM_DOCTOR_BAD_GZIP',
} as const;

/** Node/OpenSSL error codes, and our connections' own, and the kind each one means. */
const KIND_BY_CODE: Record<string, FailureKind> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
  ENODATA: 'dns',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  [ConnectionCode.closed]: 'reset',
  [ConnectionCode.transportClosed]: 'reset',
  ETIMEDOUT: 'timeout',
  [ConnectionCode.headersTimeout]: 'timeout',
  GOSUM_DOCTOR_H2_HEADERS_TIMEOUT: 'timeout',
  [ConnectionCode.bodyTimeout]: 'timeout',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls-unknown-authority',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls-unknown-authority',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls-unknown-authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls-unknown-authority',
  UNABLE_TO_GET_ISSUER_CERT: 'tls-unknown-authority',
  CERT_UNTRUSTED: 'tls-unknown-authority',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls-name-mismatch',
  CERT_HAS_EXPIRED: 'tls-expired',
  CERT_NOT_YET_VALID: 'tls-expired',
  ABORT_ERR: 'aborted',
  [ConnectionCode.lengthMismatch]: 'malformed',
  [ConnectionCode.refusedHead]: 'malformed',
  [ConnectionCode.hugeHead]: 'malformed',
  [ConnectionCode.badBody]: 'malformed',
  [ConnectionCode.badGzip]: 'malformed',
  ERR_HTTP2_PROTOCOL_ERROR: 'malformed',
  ERR_HTTP2_STREAM_ERROR: 'reset',
  ERR_HTTP2_SESSION_ERROR: 'reset',
  ERR_HTTP2_GOAWAY_SESSION: 'reset',
  ERR_HTTP2_STREAM_CANCEL: 'reset',
  ERR_HTTP2_INVALID_SESSION: 'reset',
  ERR_SSL_WRONG_VERSION_NUMBER: 'tls-handshake',
};

export function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : '';
}

/** The kind for an error code; TLS library errors that are not verification errors are handshake failures. */
export function kindForCode(code: string, message = ''): FailureKind {
  const known = KIND_BY_CODE[code];
  if (known) return known;
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /\bssl|tls\b/i.test(message)) return 'tls-handshake';
  return 'other';
}

/** Go's wording for the inner part of a failure (what follows `Get "URL": `). */
export function goReason(kind: FailureKind, ctx: {
  host?: string;
  address?: string;
  phase?: TimeoutPhase;
  notAfter?: string;
  notBefore?: string;
  message?: string;
  /** For a 'first-byte' timeout: the request went over HTTP/2 (Go's bundled HTTP/2 transport has words of its own). */
  h2?: boolean;
  /** For 'dns': how Go looks the name up here (resolverFiles.ts) and the resolver's error code. */
  lookup?: GoLookup;
  code?: string;
  answer?: NameserverAnswer;
}): string {
  switch (kind) {
    case 'dns':
      return `dial tcp: ${goLookupReason(ctx.host ?? '?', ctx.code ?? 'ENOTFOUND', ctx.lookup, ctx.answer)}`;
    case 'refused':
      return `dial tcp ${ctx.address ?? ctx.host ?? '?'}: connect: connection refused`;
    case 'reset':
      if (ctx.phase === 'connect') return `dial tcp ${ctx.address ?? ctx.host ?? '?'}: connect: connection reset by peer`;
      return ctx.message?.includes('reset') ? resetReadReason(undefined) : 'EOF';
    case 'timeout':
      switch (ctx.phase) {
        case 'dns':
          return `dial tcp: lookup ${ctx.host ?? '?'}: i/o timeout`;
        case 'connect':
          return `dial tcp ${ctx.address ?? ctx.host ?? '?'}: i/o timeout`;
        case 'tls':
          return 'net/http: TLS handshake timeout';
        case 'first-byte':
          // net/http's errTimeout over HTTP/1.1, its bundled HTTP/2 transport's over h2.
          return ctx.h2 ? 'http2: timeout awaiting response headers' : 'net/http: timeout awaiting response headers';
        default:
          return 'context deadline exceeded (Client.Timeout or context cancellation while reading body)';
      }
    case 'tls-unknown-authority':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'tls-name-mismatch':
      // peerCertificate.ts words the x509 part as Go's crypto/x509 does.
      if (ctx.message?.startsWith('x509: ')) return `tls: failed to verify certificate: ${ctx.message}`;
      return `tls: failed to verify certificate: x509: certificate is not valid for any names, but wanted to match ${ctx.host ?? '?'}`;
    case 'tls-expired': {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      if (ctx.notBefore && Date.parse(ctx.notBefore) > Date.now())
        return `tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${now} is before ${isoSeconds(ctx.notBefore)}`;
      return `tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${now} is after ${ctx.notAfter ? isoSeconds(ctx.notAfter) : '?'}`;
    }
    case 'tls-handshake':
      return `tls: ${ctx.message ?? 'handshake failure'}`;
    default:
      return ctx.message ?? kind;
  }
}

/**
 * Go's DNSError text, `lookup H[ on SERVER]: words`: Go's own resolver names the nameserver it asked, says "server
 * misbehaving" for a SERVFAIL and names both ends of its UDP socket when nothing listens; the C library's (cgo)
 * names no server and words a temporary failure as gai_strerror does. Without `lookup`, the server is left out.
 * `answer` is what the nameserver itself said when asked again (nameserverQuery.ts), for EAI_AGAIN.
 */
export function goLookupReason(host: string, code: string, lookup?: GoLookup, answer?: NameserverAnswer): string {
  if (lookup?.resolver === 'files') return `address ${host}: no suitable address found`;
  if (lookup?.resolver !== 'go') {
    const words = code === 'EAI_AGAIN' && lookup ? 'Temporary failure in name resolution' : 'no such host';
    return `lookup ${host}: ${words}`;
  }
  let words = 'no such host';
  if (answer && 'refused' in answer) words = `read udp ${answer.refused}->${lookup.nameserver}: read: connection refused`;
  else if (code === 'EAI_AGAIN' && !(answer && 'rcode' in answer && answer.rcode === 3)) words = 'server misbehaving';
  return `lookup ${host} on ${lookup.nameserver}: ${words}`;
}

function isoSeconds(date: string): string {
  const t = Date.parse(date);
  return Number.isNaN(t) ? date : new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** `Get "URL": reason`, the form Go's url.Error prints (the URL quoted as its %q quotes it). */
export function goGetError(url: string, reason: string): string {
  return `Get ${goQuote(url)}: ${reason}`;
}

/**
 * `reading URL: reason`: a body that failed once the headers were in, as the go command's web.GetBytes words it
 * (the URL as it shows URLs, unquoted), over HTTP/1.1 and HTTP/2 alike.
 */
export function goReadingError(url: string, reason: string): string {
  return `reading ${url}: ${reason}`;
}

/** Go's text for a request that failed in `phase`: a body's with the go command's head, anything else net/http's. */
export function goFailureText(url: string, reason: string, phase?: TimeoutPhase): string {
  return phase === 'body' ? goReadingError(url, reason) : goGetError(url, reason);
}

/** Whether a transport failure's message is a body's (goReadingError) rather than a request's (goGetError). */
export function whileReading(message: string): boolean {
  return message.startsWith('reading ');
}

/** A failure text (goFailureText's) told of `url` instead: the same reason under the same head. */
export function failureTextFor(url: string, text: string): string {
  return goFailureText(url, reasonOfFailureText(text), whileReading(text) ? 'body' : undefined);
}

/**
 * The two ends of a TCP connection, as Go's net.OpError names them in `read tcp LOCAL->REMOTE: ...`, put on a
 * socket error by the connection it happened on (http.ts): Node's error names neither.
 */
export interface TcpEnds {
  local: string;
  remote: string;
}

/** A connected socket's two ends (IPv6 in brackets, as Go writes them); undefined when Node no longer knows one. */
export function tcpEndsOf(s: { localAddress?: string; localPort?: number; remoteAddress?: string; remotePort?: number }): TcpEnds | undefined {
  if (!s.localAddress || !s.localPort || !s.remoteAddress || !s.remotePort) return undefined;
  return { local: joinHostPort(s.localAddress, s.localPort), remote: joinHostPort(s.remoteAddress, s.remotePort) };
}

/**
 * Go's words for a read on a connection the peer reset (net.OpError), naming both ends; without them (Node lost
 * them before we could read them) the same words with none.
 */
export function resetReadReason(ends: TcpEnds | undefined): string {
  return `read tcp${ends ? ` ${ends.local}->${ends.remote}` : ''}: read: connection reset by peer`;
}

/** The code of our HTTP/2 client's first-byte timeout (h2/requestStream.ts), worded as Go's HTTP/2 transport words it. */
export const H2_HEADERS_TIMEOUT = 'GOSUM_DOCTOR_H2_HEADERS_TIMEOUT';

/** Go's io.ErrUnexpectedEOF: what its client says when a connection or body ends before it should. */
export const UNEXPECTED_EOF = 'unexpected EOF';

/** The go command's web package, asked to send a URL's credentials over plain HTTP: it refuses, in these words. */
export const CLEARTEXT_CREDENTIALS = 'refusing to pass credentials to insecure URL: ';

/**
 * An error of our HTTP/2 client's whose message is already the reason as Go's client says it (h2Connection.ts,
 * h2/requestStream.ts): classify keeps it as it is, whatever its kind. `code` gives the kind.
 */
export function inGoWords(message: string, code: string, cause?: unknown): Error {
  return Object.assign(new Error(message), { code, goWords: true, cause });
}

/** Wrap anything thrown below the transport into a TransportError for `url`. */
export function classify(url: string, err: unknown, phase?: TimeoutPhase): TransportError {
  if (err instanceof TransportError) {
    if (err.url === url) return err;
    // A connector failure carries the origin; re-address it to the request URL, keeping Go's inner wording.
    return new TransportError(err.kind, url, failureTextFor(url, err.message), err.detail);
  }
  const e = err as { message?: string; name?: string } | undefined;
  const code = errorCode(err);
  let kind = kindForCode(code, e?.message ?? '');
  if (kind === 'other' && e?.name === 'AbortError') kind = 'aborted';
  let p = phase;
  if (code === ConnectionCode.headersTimeout || code === H2_HEADERS_TIMEOUT) p = 'first-byte';
  if (code === ConnectionCode.bodyTimeout) p = 'body';
  const worded = (err as { goWords?: unknown } | undefined)?.goWords === true;
  const reason = worded || kind === 'other' || kind === 'malformed' || kind === 'aborted' ? (e?.message ?? String(err))
    : (kind === 'reset' ? endedReason(code, phase, err) : undefined) ??
      goReason(kind, { host: hostOf(url, false), phase: p, message: e?.message, h2: code === H2_HEADERS_TIMEOUT });
  return new TransportError(kind, url, goFailureText(url, reason, phase), { phase: kind === 'timeout' ? p : undefined, code, cause: err });
}

/**
 * Go's words for a connection that ended under a request, where we know them: a reset is its read's error, naming
 * both ends when the connection put them on the error (TcpEnds); a connection closed within a body is
 * io.ErrUnexpectedEOF (before the response, goReason's EOF).
 */
function endedReason(code: string, phase: TimeoutPhase | undefined, err: unknown): string | undefined {
  const ends = (err as { goTcp?: TcpEnds } | undefined)?.goTcp;
  if (code === 'ECONNRESET' && ends) return resetReadReason(ends);
  return code === ConnectionCode.closed && phase === 'body' ? UNEXPECTED_EOF : undefined;
}

/** The part after `Get "URL": ` (or `reading URL: `) of a request's failure text; the whole text without such a head. */
export function reasonOfFailureText(text: string): string {
  const m = /^(?:Get "(?:[^"\\]|\\.)*"|reading \S+): ([\s\S]*)$/.exec(text);
  return m ? m[1] : text;
}

/** The part after `Get "URL": ` (or `reading URL: `) of a TransportError message. */
export function innerReason(err: TransportError): string {
  return reasonOfFailureText(err.message);
}
