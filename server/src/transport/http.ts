// The Transport: the one place where our requests leave the process (HTTP/1.1 through http1Connection.ts, HTTP/2
// through h2Connection.ts: conduits.ts). Proxies by Go's rules
// (proxyRules.ts), roots Go would trust (trustStore.ts), phase timeouts (connector.ts), body caps, Go's
// redirect policy, keep-alive, HTTP/2 over TLS when offered, as many requests in flight per origin as its
// connection allows (originGate.ts), a run's deadline. Never reads process.env: the caller passes the
// resolved Go environment. Statuses are returned, failures thrown as TransportError.
import type * as net from 'node:net';
import type { SecureContext } from 'node:tls';
import { classify, CLEARTEXT_CREDENTIALS, ConnectionCode, goFailureText, goGetError, goReason, UNEXPECTED_EOF } from './failure';
import { gunzipAsGo, isGzipEncoding } from './gzipBody';
import { NetrcCredentials, type CredentialsNote, type NetrcSetting } from './netrc';
import { GoauthStore, type CredentialOptions } from './goauth';
import { responseForStdin } from './goauthOutput';
import { bareHost, basicCredentials, proxyAuthorization } from './urlHost';
import { goTakesStatus } from './goStatus';
import { redactedUrlText, userinfoBytes } from '../shared/goUrl';
import { Connection, ConnectSettings, DEFAULT_TIMEOUTS, Endpoint, endpointOf, isSocksProxy, PhaseTimeouts, Resolver, SessionNotResumed, openConnection } from './connector';
import { ProxyConfig, ProxyDecision, ProxyEnv, proxyConfigFromEnv, proxyForUrl, withExplicitProxy } from './proxyRules';
import { rootlessContext, sharedSecureContext } from './secureContext';
import { sessionKey, type TlsSessions } from './tlsSessions';
import type { ResolverEnv } from './resolverFiles';
import { TrustStore, TrustStoreEnv, TrustStoreOptions, loadTrustStore, loadTrustStoreInSlices, trustStoreFingerprint } from './trustStore';
import { ClientSet } from './clientSet';
import { AlpnConduit, Conduit, GetRequest } from './conduits';
import { Http1Connection } from './http1Connection';
import { H2Connection } from './h2Connection';
import { GateTicket, OriginGate } from './originGate';
import { FailureKind, GetOptions, HttpResponse, Transport, TransportError } from './types';

export interface TransportOptions {
  /** The OS variables that decide how Go resolves names (resolverFiles.ts), for Go's words on a DNS failure. */
  resolverEnv?: ResolverEnv;
  /** Default body cap in bytes. */
  maxBytes?: number;
  /** Upper bound on one whole request (all phases together), in milliseconds. */
  timeoutMs?: number;
  /** Per-phase timeouts; unset phases use DEFAULT_TIMEOUTS. */
  timeouts?: Partial<PhaseTimeouts>;
  /** The resolved Go environment: HTTPS_PROXY, HTTP_PROXY, NO_PROXY (+ lower case), SSL_CERT_FILE, SSL_CERT_DIR. */
  env?: ProxyEnv & TrustStoreEnv;
  /** An explicit proxy for every request (VS Code's http.proxy); NO_PROXY and loopback rules still apply. */
  proxy?: string;
  /** PEM text or file paths added to the roots (gosumDoctor.extraCACertificates). */
  extraCACertificates?: string[];
  /** A store loaded already (otherwise loaded on first use from env + extraCACertificates). */
  trustStore?: TrustStore;
  /** Where TLS sessions of verified connections are kept, to be resumed by the next process (tlsSessions.ts). */
  tlsSessions?: TlsSessions;
  /** Name resolution hook (tests map sum.golang.org to 127.0.0.1). */
  resolve?: Resolver;
  /** Offer HTTP/2 to TLS servers (default true). */
  allowH2?: boolean;
  /** Redirects followed before "stopped after 10 redirects" (Go: 10). */
  maxRedirects?: number;
  /**
   * The whole run's deadline: once it aborts, every request waiting, in flight or yet to come fails as a Go
   * request past its context's deadline would (`context deadline exceeded`).
   */
  deadline?: AbortSignal;
  /** The .netrc the go command would read credentials for HTTPS servers from, and how it matches them (netrc.ts netrcFor); none when unset. */
  netrc?: NetrcSetting;
  /** GOAUTH methods whose credentials we never fetch (goauth.ts unreadGoauthMethods): named when a server wants credentials. */
  goauthUnread?: readonly string[];
  /** GOAUTH's methods and how to run its commands (goauth.ts), where the caller lets them run. */
  goauth?: CredentialOptions['goauth'];
  /** Refuse a request before it leaves (returns the reason), e.g. a GONOSUMDB module. */
  refuse?: (url: URL) => string | null | undefined;
  userAgent?: string;
}

/** The transport plus what the probe needs to explain it. */
export interface GoTransport extends Transport {
  /** Which proxy Go's rules pick for this URL, and why. */
  proxyFor(url: string | URL): ProxyDecision;
  /** The roots in use, and where they came from. */
  trustStore(): TrustStore;
  readonly proxyConfig: ProxyConfig;
  readonly timeouts: PhaseTimeouts;
  /** Requests to this URL's origin that may be in flight at once now (see originGate.ts): callers keep that many busy. */
  inFlightLimit(url: string): number;
  /** Fails every request to this URL's origin, waiting or in flight, with `reason` in Go's words (e.g. the database was judged unreachable). Later requests go ahead. */
  giveUp(url: string, kind: FailureKind, reason: string): void;
  /** What the go command sends with a request to this URL (credentials), for explaining a 401 or 403; nothing is read but .netrc. */
  credentialsFor(url: string): CredentialsNote;
}

const DEFAULT_MAX_BYTES = 4 << 20;

/** Only an HTTP(S) proxy takes absolute-form requests; a SOCKS5 proxy is a tunnel to the origin. */
function isAbsoluteForm(url: URL, decision: ProxyDecision): boolean {
  return !!decision.proxy && url.protocol === 'http:' && !isSocksProxy(decision.proxy);
}

function routeKey(url: URL, decision: ProxyDecision): string {
  return isAbsoluteForm(url, decision) ? `proxy ${decision.proxy!.origin}` : `${url.origin} via ${decision.proxy?.origin ?? 'direct'}`;
}

/** A request stopped by the run's deadline, in the words of Go's context package. */
function pastDeadline(url: string): TransportError {
  return new TransportError('timeout', url, goGetError(url, 'context deadline exceeded'));
}

function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

/** The protocol a TLS socket's ALPN settled on ('' for none, or a plain socket). */
function alpnOf(socket: net.Socket): string {
  return (socket as { alpnProtocol?: string | false }).alpnProtocol || '';
}

/** The requests to one origin by one route: its connections, and the gate that decides how many are in flight. */
interface Route {
  clients: ClientSet;
  gate: OriginGate;
  absoluteForm: boolean;
  /** The proxy Go's rules picked for it, if any. */
  proxy: URL | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What one request needs back from its conduit: the status, the headers, and the whole body (at most `cap` bytes). */
interface RawResponse {
  status: number;
  goStatus: string;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * One GET as a plain dispatch handler (RequestHandler, which both conduits drive). undici's request() wraps every request in an AsyncResource, a
 * Readable body stream and its promises; over tens of thousands of lookups in flight that garbage outlives the
 * young generation and doubles the heap. Here a response is a few chunks and one Buffer.concat.
 */
class GetHandler {
  status = 0;
  goStatus = '';
  headers: Record<string, string> = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private abortRequest?: (reason: Error) => void;
  private settled = false;
  /** The response's head came: what follows is its body. */
  private headersIn = false;
  /** The reason we stopped the request with (a timeout, the caller's signal, a cap), even before the conduit took it. */
  private stopped?: Error;

  constructor(
    private readonly cap: number,
    private readonly href: string,
    /** Called once the headers are in: the body phase begins. */
    private readonly onBodyPhase: () => void,
    private readonly resolve: (r: RawResponse) => void,
    private readonly reject: (e: unknown) => void,
  ) {}

  abort(reason: Error): void {
    this.stopped = reason;
    this.abortRequest?.(reason);
  }

  onConnect(abort: (reason: Error) => void): void {
    if (this.stopped) abort(this.stopped);
    else this.abortRequest = abort;
  }

  onHeaders(status: number, raw: string[], goStatus: string): boolean {
    this.headersIn = true;
    this.status = status;
    this.goStatus = goStatus;
    // A header given twice keeps its first value: what Go's Header.Get reads (Content-Type, Location).
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      if (!(name in this.headers)) this.headers[name] = raw[i + 1];
    }
    const declared = Number(this.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.cap && this.isData()) {
      this.fail(this.tooLarge());
      return false;
    }
    this.onBodyPhase();
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return false;
    this.size += chunk.length;
    if (this.size > this.cap) {
      if (this.isData()) {
        this.fail(this.tooLarge());
        return false;
      }
      // An error page only feeds the "server response" detail, which Go cuts short anyway: keep its head
      // and report the status, as Go does, rather than failing on the page's size.
      this.chunks.push(chunk.subarray(0, chunk.length - (this.size - this.cap)));
      this.size = this.cap;
      this.onComplete();
      this.abort(new Error('error page read up to the cap'));
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    let res: RawResponse;
    try {
      res = this.asGoHandsItOver(body);
    } catch (err) {
      return this.reject(err);
    }
    this.resolve(res);
  }

  onError(err: Error): void {
    if (this.settled) return;
    // An error page's body only feeds the "server response" detail: the go command reports the status whatever
    // became of the body (a read that failed is not an error of the request). Not when we stopped it ourselves.
    if (this.headersIn && !goTakesStatus(this.status) && err !== this.stopped) return this.onComplete();
    const first = this.headersIn && err !== this.stopped ? this.gzipFaultBefore() : undefined;
    this.settled = true;
    this.chunks = [];
    this.reject(first ?? err);
  }

  /**
   * The response as Go's transport hands it over: a body sent gzip-encoded decoded (Go asked for gzip; it then
   * drops Content-Encoding and Content-Length). A body that is the data and does not decode fails as Go's read of it
   * fails; an error page keeps what decoded, for its status's detail.
   */
  private asGoHandsItOver(body: Buffer): RawResponse {
    const res = { status: this.status, goStatus: this.goStatus, headers: this.headers, body };
    if (!isGzipEncoding(this.headers['content-encoding'])) return res;
    const headers = { ...this.headers };
    delete headers['content-encoding'];
    delete headers['content-length'];
    const decoded = gunzipAsGo(body, this.cap);
    if (decoded.error !== undefined && this.isData()) throw decoded.tooLarge ? this.tooLarge() : this.gzipFault(decoded.error);
    return { ...res, headers, body: decoded.body };
  }

  /**
   * Go reads a gzip body through its decoder as it arrives: a fault in the bytes that came before the body broke off
   * (a header that is no gzip, corrupt data, a wrong checksum) is what it meets first.
   */
  private gzipFaultBefore(): TransportError | undefined {
    if (!isGzipEncoding(this.headers['content-encoding'])) return undefined;
    const decoded = gunzipAsGo(Buffer.concat(this.chunks, this.size), this.cap);
    if (decoded.error === undefined || decoded.error === UNEXPECTED_EOF || decoded.tooLarge) return undefined;
    return this.gzipFault(decoded.error);
  }

  /** A gzip body Go's reader refuses, in its words, as the go command reports a body it could not read. */
  private gzipFault(words: string): TransportError {
    return new TransportError('malformed', this.href, goFailureText(this.href, words, 'body'), { phase: 'body', code: ConnectionCode.badGzip });
  }

  /** A body that is the data over the cap, whether its content-length said so, its bytes or its decoding did. */
  private tooLarge(): TransportError {
    return new TransportError('too-large', this.href, goGetError(this.href, `response body larger than ${this.cap} bytes`));
  }

  /**
   * A 2xx answer, or one the go command takes as success (000): its body is the data itself. Anything else is a
   * status with an explanatory page.
   */
  private isData(): boolean {
    return (this.status >= 200 && this.status < 300) || goTakesStatus(this.status);
  }

  /** Settles with our error first, then stops the request (the conduit then reports an abort we ignore). */
  private fail(err: TransportError): void {
    this.onError(err);
    this.abort(err);
  }
}

/** A failed request in Go's words: a timeout by the phase it stopped in, anything else classified, with the proxy it went through. */
function requestFailure(err: unknown, url: URL, phase: 'first-byte' | 'body', timedOut: boolean, proxy: URL | undefined, h2: boolean): TransportError {
  if (timedOut && !(err instanceof TransportError)) {
    const text = goFailureText(url.href, goReason('timeout', { phase, h2 }), phase);
    return new TransportError('timeout', url.href, text, { phase, cause: err, ...(proxy ? { proxy: proxy.href } : {}) });
  }
  const e = classify(url.href, err, phase);
  if (proxy && !e.detail.proxy) (e.detail as { proxy?: string }).proxy = proxy.href;
  return e;
}

/** Where a redirect from `real` leads (credentials kept, as Go's ResolveReference keeps them), or why Go would not follow it. */
function redirectTarget(real: URL, location: string, first: URL, redirects: string[], maxRedirects: number): URL {
  const url = redactedUrl(real);
  let next: URL;
  try {
    next = new URL(location, real);
  } catch {
    throw new TransportError('malformed', url.href, goGetError(url.href, `failed to parse Location header ${JSON.stringify(location)}`));
  }
  const shown = redactedUrl(next).href;
  if (first.protocol === 'https:' && next.protocol !== 'https:') {
    throw new TransportError('redirect-refused', shown, goGetError(shown, `redirected from secure URL ${url.href} to insecure URL ${shown}`));
  }
  if (redirects.length >= maxRedirects) {
    throw new TransportError('redirect-refused', shown, goGetError(shown, `stopped after ${maxRedirects} redirects`));
  }
  return next;
}

/** Basic authentication from a URL's user info, as net/http adds it to any request that has no Authorization yet. */
function userInfoAuthorization(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  return basicCredentials(userinfoBytes(url.username), userinfoBytes(url.password));
}

/**
 * net/http's shouldCopyHeaderOnRedirect for Authorization: copied from one hop to the next only when the next goes
 * to the same host and port (canonicalAddr), or to a subdomain of it.
 */
function sameDomainOrSub(next: URL, previous: URL): boolean {
  const to = canonicalAddr(next);
  const from = canonicalAddr(previous);
  return to === from || (to.endsWith(from) && to[to.length - from.length - 1] === '.');
}

/** net/http's shouldCopyHeaderOnRedirect: the fields a redirect to another domain drops. */
const SENSITIVE_FIELDS = new Set(['authorization', 'www-authenticate', 'cookie', 'cookie2']);

function withoutSensitiveFields(fields: Readonly<Record<string, string>>): Readonly<Record<string, string>> | undefined {
  const kept = Object.entries(fields).filter(([k]) => !SENSITIVE_FIELDS.has(k));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** Go's canonicalAddr: host:port, the scheme's port when none is written. */
function canonicalAddr(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

/** The URL as Go's Redacted writes it: its password, if any, as "xxxxx". */
function redactedUrl(url: URL): URL {
  if (url.password === '') return url;
  const r = new URL(url.href);
  r.password = 'xxxxx';
  return r;
}

/**
 * Throws unless the transport may request `url`: a scheme it speaks, no credentials in the clear (the go command's
 * web package refuses them over plain HTTP, in these words), and not refused by the caller's policy.
 */
function assertRequestable(url: URL, refuse: TransportOptions['refuse']): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TransportError('malformed', url.href, goGetError(url.href, `unsupported protocol scheme "${url.protocol.replace(':', '')}"`));
  }
  if (url.protocol === 'http:' && (url.username !== '' || url.password !== '')) {
    throw new TransportError('blocked-by-policy', url.href, CLEARTEXT_CREDENTIALS + redactedUrlText(url.href));
  }
  const refusal = refuse?.(url);
  if (refusal) throw new TransportError('blocked-by-policy', url.href, refusal);
}

function parseUrl(rawUrl: string): URL {
  try {
    return new URL(rawUrl);
  } catch {
    throw new TransportError('malformed', rawUrl, `parse "${rawUrl}": invalid URL`);
  }
}

/** What ALPN offers: h2 besides HTTP/1.1 when HTTP/2 is wanted. */
function alpnFor(offerH2: boolean): string[] {
  return offerH2 ? ['h2', 'http/1.1'] : ['http/1.1'];
}

/** The trust roots and what connections are opened with. */
class ConnectionSettings {
  private store?: TrustStore;
  private storeLoading?: Promise<TrustStore>;
  private secureContext?: SecureContext;
  /** The trust store's sources as this transport found them (taken once: TLS sessions are kept under it). */
  private rootsFingerprint?: string;

  constructor(private readonly options: TransportOptions, private readonly timeouts: PhaseTimeouts) {
    this.store = options.trustStore;
  }

  trustStore(): TrustStore {
    return (this.store ??= loadTrustStore(this.storeOptions()));
  }

  // Connections load the store in slices (reading and parsing ~150 roots takes ~40 ms): an editor stays responsive.
  private trustStoreInSlices(): Promise<TrustStore> {
    if (this.store) return Promise.resolve(this.store);
    return (this.storeLoading ??= loadTrustStoreInSlices(this.storeOptions())
      .then((s) => (this.store ??= s)));
  }

  /**
   * A connection to `endpoint` (through `proxy`): over TLS, first by resuming the session kept from an earlier
   * verified connection, which needs no root; else, or when the server does not resume it, verified against the
   * roots, its session then kept. Not through an https proxy, whose own handshake needs the roots anyway.
   */
  async open(endpoint: Endpoint, proxy: URL | undefined, tls: boolean, offerH2: boolean): Promise<Connection> {
    const sessions = tls && proxy?.protocol !== 'https:' ? this.sessionsFor(endpoint, proxy, offerH2) : undefined;
    const resume = sessions?.store.saved(sessions.key);
    if (resume) {
      try {
        return await openConnection(endpoint, { ...this.withoutRoots(offerH2), secureContext: rootlessContext(), resume, sessions }, proxy);
      } catch (err) {
        if (!(err instanceof SessionNotResumed)) throw err;
      }
    }
    return openConnection(endpoint, { ...(await this.forConnection(tls, offerH2)), sessions }, proxy);
  }

  private sessionsFor(endpoint: Endpoint, proxy: URL | undefined, offerH2: boolean): ConnectSettings['sessions'] {
    const store = this.options.tlsSessions;
    if (!store) return undefined;
    this.rootsFingerprint ??= trustStoreFingerprint(this.storeOptions());
    return { store, key: sessionKey(endpoint.hostname, endpoint.port, alpnFor(offerH2), proxy?.origin ?? 'direct', this.rootsFingerprint) };
  }

  // The roots are read (and every certificate parsed) only when a connection speaks TLS, and loaded into one TLS
  // context that every connection shares. `offerH2`: ALPN offers h2 besides HTTP/1.1.
  private async forConnection(tls: boolean, offerH2: boolean): Promise<ConnectSettings> {
    if (!tls) return this.withoutRoots(offerH2);
    const ca = (await this.trustStoreInSlices()).certificates;
    this.secureContext ??= await sharedSecureContext(ca);
    return { ...this.withoutRoots(offerH2), ca, secureContext: this.secureContext };
  }

  /** What every connection is opened with, before any root. */
  private withoutRoots(offerH2: boolean): ConnectSettings {
    const { resolve, resolverEnv } = this.options;
    return { resolve, resolverEnv, timeouts: this.timeouts, ca: [], alpn: alpnFor(offerH2) };
  }

  /** The store's sources: the resolved Go environment's SSL_CERT_FILE/SSL_CERT_DIR and the user's extra CAs. */
  private storeOptions(): TrustStoreOptions {
    return { env: this.options.env, extraCACertificates: this.options.extraCACertificates };
  }
}

/** The transport's state, one method per job; createTransport hands out a GoTransport over it. */
class HttpTransport {
  readonly timeouts: PhaseTimeouts;
  readonly proxyConfig: ProxyConfig;
  readonly connections: ConnectionSettings;
  private readonly allowH2: boolean;
  private readonly maxRedirects: number;
  private readonly routes = new Map<string, Route>();
  /** The route inFlightLimit was last asked about. */
  private limitRoute: { url: string; route: Route } | undefined;
  private closed = false;
  // Go's proxy rules look at the scheme, host and port only: one decision, so one route, per origin, not per request.
  private readonly byOrigin = new Map<string, Route>();
  /** An origin-form request's headers: the same object for every request, so an HTTP/2 connection encodes them once. */
  private readonly originFormHeaders: Readonly<Record<string, string>>;
  /** Headers with an Authorization, by its value (headersWith). */
  private readonly withCredentials = new Map<string, Readonly<Record<string, string>>>();
  /** The .netrc the go command reads credentials for HTTPS servers from. */
  private readonly netrc: NetrcCredentials;
  /** GOAUTH's commands' credentials beside .netrc's (Go 1.24+), when it names a command we may run. */
  private readonly goauth: GoauthStore | undefined;

  constructor(private readonly options: TransportOptions) {
    // Go's transport asks for gzip on every GET, and decodes what comes gzip-encoded (GetHandler.asGoHandsItOver).
    this.originFormHeaders = Object.freeze({ 'user-agent': options.userAgent ?? 'gosum-doctor', 'accept-encoding': 'gzip' });
    this.netrc = new NetrcCredentials(options.netrc);
    this.goauth = options.goauth && new GoauthStore(options.goauth.methods, this.netrc, options.goauth.run);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.proxyConfig = proxyConfigFromEnv(options.env ?? {});
    if (options.proxy) this.proxyConfig = withExplicitProxy(this.proxyConfig, options.proxy);
    this.allowH2 = options.allowH2 ?? true;
    this.maxRedirects = options.maxRedirects ?? 10;
    this.connections = new ConnectionSettings(options, this.timeouts);
    // Past the deadline nothing waits any longer, and nothing new leaves.
    options.deadline?.addEventListener('abort', () => {
      for (const route of this.routes.values()) route.gate.giveUp(pastDeadline);
    }, { once: true });
  }

  /** The route to `url`'s origin, by the proxy Go's rules pick for it. */
  private routeTo(url: URL): Route {
    const origin = url.origin;
    let route = this.byOrigin.get(origin);
    if (!route) {
      route = this.routeFor(url, proxyForUrl(this.proxyConfig, url));
      if (this.byOrigin.size > 256) this.byOrigin.clear();
      this.byOrigin.set(origin, route);
    }
    return route;
  }

  /** One route per (origin, way there): direct or tunnelled per origin, or absolute-form through an http proxy. */
  private routeFor(url: URL, decision: ProxyDecision): Route {
    const key = routeKey(url, decision);
    const known = this.routes.get(key);
    if (known) return known;
    const proxy = decision.proxy ?? undefined;
    const absoluteForm = isAbsoluteForm(url, decision);
    const endpoint: Endpoint = absoluteForm ? { ...endpointOf(proxy!), protocol: 'http:' } : endpointOf(url);
    const clientOrigin = absoluteForm ? proxy!.origin : url.origin;
    // Over TLS the protocol is known once the first connection has negotiated it: one request until then.
    const h2 = endpoint.protocol === 'https:' && this.allowH2;
    const gate = new OriginGate(!h2);
    const clients = new ClientSet(() => this.newConduit(clientOrigin, endpoint, proxy, h2, gate), () => gate.multiplexed);
    const route: Route = { clients, gate, absoluteForm, proxy };
    this.routes.set(key, route);
    return route;
  }

  /**
   * What carries requests to `clientOrigin`: over TLS with HTTP/2 offered, the first connection's ALPN answer
   * decides (h2Connection.ts for h2, http1Connection.ts for HTTP/1.1); otherwise HTTP/1.1. Connections are opened by
   * connector.ts; once up, `gate` learns their protocol. An HTTP/1.1 conduit's own connections offer nothing else.
   */
  private newConduit(clientOrigin: string, endpoint: Endpoint, proxy: URL | undefined, h2: boolean, gate: OriginGate): Conduit {
    const tls = endpoint.protocol === 'https:' || proxy?.protocol === 'https:';
    const open = (offerH2: boolean): Promise<Connection> => this.connections.open(endpoint, proxy, tls, offerH2);
    const http1 = (): Promise<Connection> => open(false);
    if (!h2) return this.http1Conduit(clientOrigin, gate, http1);
    const conduit: AlpnConduit = new AlpnConduit({
      open: () => open(true).then((c) => ({ socket: c.socket, protocol: alpnOf(c.socket) })),
      http1: (first) => this.http1Conduit(clientOrigin, gate, http1, first),
      http2: (socket) => new H2Connection(clientOrigin, socket, (streams) => gate.spoke('h2', streams), (request, handler) => conduit.dispatch(request, handler)),
    });
    return conduit;
  }

  /**
   * An HTTP/1.1 conduit (http1Connection.ts) whose connections `open` makes (the first one `first`, when given),
   * one request at a time per connection, as in Go; each connection up tells the gate.
   */
  private http1Conduit(clientOrigin: string, gate: OriginGate, open: () => Promise<Connection>, first?: net.Socket): Http1Connection {
    return new Http1Connection({
      open: () => open().then((c) => c.socket),
      connected: () => gate.spoke('http/1.1'),
      host: new URL(clientOrigin).host,
      first,
    });
  }

  async get(rawUrl: string, opts: GetOptions = {}): Promise<HttpResponse> {
    // `real` keeps any password the URL carries, for the request's credentials and for resolving a redirect;
    // what every message and the answer show has it as Go's Redacted writes it.
    const real = parseUrl(rawUrl);
    if (this.closed) {
      const shown = redactedUrl(real).href;
      throw new TransportError('aborted', shown, goGetError(shown, 'transport closed'));
    }
    const store = real.protocol === 'https:' ? this.goauth : undefined;
    if (!store) return this.follow(real, this.netrcFields(rawUrl, real), opts);
    const res = await this.follow(real, (await store.fieldsFor(rawUrl))?.fields, opts);
    // Go 1.24+ (cmd/go/internal/web): after a 4xx, GOAUTH's methods run again with the URL, and the request goes once more.
    if (res.status < 400 || res.status >= 500) return res;
    if (!await store.rerun(rawUrl, responseForStdin(this.protoOf(res.url), res.goStatus, res.headers))) return res;
    return this.follow(real, (await store.fieldsFor(rawUrl))?.fields, opts);
  }

  /**
   * A request and the redirects that answer it, `given` the credentials' fields on the first: a redirect carries
   * them on only as net/http copies them (sameDomainOrSub; other fields always).
   */
  private async follow(first: URL, given: Readonly<Record<string, string>> | undefined, opts: GetOptions): Promise<HttpResponse> {
    let real = first;
    let url = redactedUrl(real);
    const shownFirst = url;
    const cap = opts.maxBytes ?? this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    const redirects: string[] = [];
    let copied = given;
    for (;;) {
      assertRequestable(url, this.options.refuse);
      const res = await this.once(url, opts, cap, redirects, this.headersWith(copied, real));
      const location = res.headers['location'];
      if (!REDIRECT_STATUSES.has(res.status) || !location) {
        return res;
      }
      const previous = real;
      real = redirectTarget(real, location, shownFirst, redirects, this.maxRedirects);
      redirects.push(url.href);
      url = redactedUrl(real);
      copied = given && (sameDomainOrSub(real, previous) ? given : withoutSensitiveFields(given));
    }
  }

  /** One request, once the origin's gate lets it through (its timers start then, not while it waits). */
  private async once(url: URL, opts: GetOptions, cap: number, redirects: string[], headers: Readonly<Record<string, string>>): Promise<HttpResponse> {
    if (this.options.deadline?.aborted) throw pastDeadline(url.href);
    const route = this.routeTo(url);
    const ticket = await route.gate.enter(url.href, opts.signal, () => classify(url.href, abortReason(opts.signal)), opts.urgent);
    try {
      return await this.dispatchOnce(route, ticket, url, opts, cap, redirects, headers);
    } finally {
      route.gate.leave(ticket);
    }
  }

  private async dispatchOnce(route: Route, ticket: GateTicket, url: URL, opts: GetOptions, cap: number, redirects: string[],
    headers: Readonly<Record<string, string>>): Promise<HttpResponse> {
    const { absoluteForm, proxy } = route;
    const slot = route.clients.take();
    const firstByteMs = opts.timeouts?.firstByteMs ?? this.timeouts.firstByteMs;
    const bodyMs = opts.timeouts?.bodyMs ?? this.timeouts.bodyMs;
    let handler!: GetHandler;
    let phase: 'first-byte' | 'body' = 'first-byte';
    let timedOut = false;
    let bodyTimer: NodeJS.Timeout | undefined;
    const timeOut = () => {
      timedOut = true;
      handler.abort(new Error('request timed out'));
    };
    const onAbort = () => handler.abort(abortReason(opts.signal));
    const overall = setTimeout(timeOut, this.overallMs(firstByteMs, bodyMs));
    overall.unref?.();
    try {
      const res = await new Promise<RawResponse>((resolve, reject) => {
        handler = new GetHandler(cap, url.href, () => {
          phase = 'body';
          bodyTimer = setTimeout(timeOut, bodyMs);
          bodyTimer.unref?.();
        }, resolve, reject);
        ticket.stop = (err) => handler.abort(err);
        if (opts.signal?.aborted) onAbort();
        else opts.signal?.addEventListener('abort', onAbort, { once: true });
        slot.conduit.dispatch(this.getRequest(url, absoluteForm, proxy, firstByteMs, bodyMs, headers), handler);
      });
      return {
        url: url.href, status: res.status, goStatus: res.goStatus, headers: res.headers, body: new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.byteLength),
        proxy: proxy?.href, redirects,
      };
    } catch (err) {
      throw requestFailure(err, url, phase, timedOut, proxy, route.gate.multiplexed);
    } finally {
      slot.release();
      clearTimeout(overall);
      if (bodyTimer) clearTimeout(bodyTimer);
      if (opts.signal) opts.signal.removeEventListener('abort', onAbort);
    }
  }

  /** A whole-request bound: connection phases + first byte + body, or the caller's timeoutMs. */
  private overallMs(firstByteMs: number, bodyMs: number): number {
    const t = this.timeouts;
    return this.options.timeoutMs ?? t.dnsMs + t.connectMs + t.tlsMs * 2 + firstByteMs + bodyMs;
  }

  private getRequest(url: URL, absoluteForm: boolean, proxy: URL | undefined, firstByteMs: number, bodyMs: number, headers: Readonly<Record<string, string>>): GetRequest {
    if (!absoluteForm) return { path: url.pathname + url.search, headers, firstByteMs, bodyMs };
    // Plain http only (assertRequestable refused any credentials in it): the URL is the request line, and the
    // proxy URL's own credentials go to the proxy, as net/http sends them.
    const credentials = proxy && proxyAuthorization(proxy);
    return { path: url.href, headers: { ...headers, host: url.host, ...(credentials ? { 'proxy-authorization': credentials } : {}) }, firstByteMs, bodyMs };
  }

  /**
   * The Authorization the go command puts on a request to `url` itself: Basic, from the .netrc entry the go command's
   * release picks for it, for HTTPS only (cmd/go's auth.AddCredentials).
   */
  private netrcFields(rawUrl: string, url: URL): Readonly<Record<string, string>> | undefined {
    if (url.protocol !== 'https:') return undefined;
    const authorization = this.netrc.authorizationFor(rawUrl, bareHost(url.hostname));
    return authorization === undefined ? undefined : { authorization };
  }

  credentialsFor(rawUrl: string): CredentialsNote {
    const url = parseUrl(rawUrl);
    if (url.protocol !== 'https:') return { sent: 'none' };
    const fromCommand = this.goauth?.peek(rawUrl);
    const note: CredentialsNote = fromCommand && fromCommand.method !== 'netrc'
      ? { sent: 'goauth', method: fromCommand.method, ...(this.options.netrc ? { netrc: this.options.netrc } : {}) }
      : this.netrc.noteFor(rawUrl, bareHost(url.hostname), url.username !== '');
    const unread = this.options.goauthUnread;
    const failures = this.goauth ? [...this.goauth.failures.values()] : [];
    return { ...note, ...(unread && unread.length > 0 ? { unread: [...unread] } : {}), ...(failures.length > 0 ? { goauthFailures: failures } : {}) };
  }

  /** HTTP/2.0 or HTTP/1.1, as the answer from this URL's origin came (Go's Response.Proto). */
  private protoOf(u: string): string {
    return this.routeTo(new URL(u)).gate.multiplexed ? 'HTTP/2.0' : 'HTTP/1.1';
  }

  /**
   * Our headers with the credentials' fields, and, without an Authorization among them, the one net/http makes of
   * the URL's user: one object per set of values, so an HTTP/2 connection encodes it once (h2/hpack.ts).
   */
  private headersWith(fields: Readonly<Record<string, string>> | undefined, real: URL): Readonly<Record<string, string>> {
    const authorization = fields?.authorization ?? userInfoAuthorization(real);
    const key = fields && Object.keys(fields).some((k) => k !== 'authorization') ? `${authorization ?? ''}\0${JSON.stringify(fields)}` : authorization;
    if (key === undefined) return this.originFormHeaders;
    let headers = this.withCredentials.get(key);
    if (!headers) {
      headers = Object.freeze({ ...this.originFormHeaders, ...fields, ...(authorization === undefined ? {} : { authorization }) });
      this.withCredentials.set(key, headers);
    }
    return headers;
  }

  inFlightLimit(u: string): number {
    // Asked before every lookup: the base URL's route is remembered instead of parsing the URL each time.
    if (this.limitRoute?.url !== u) {
      this.limitRoute = { url: u, route: this.routeTo(new URL(u)) };
    }
    return this.limitRoute.route.gate.limit;
  }

  giveUp(u: string, kind: FailureKind, reason: string): void {
    this.routeTo(new URL(u)).gate.giveUp((at) => new TransportError(kind, at, goGetError(at, reason)));
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.routes.values()];
    this.routes.clear();
    this.byOrigin.clear();
    this.limitRoute = undefined;
    await Promise.all(all.map((r) => r.clients.close()));
    await this.options.tlsSessions?.settled();
  }
}

export function createTransport(options: TransportOptions = {}): GoTransport {
  const t = new HttpTransport(options);
  return {
    get: (rawUrl, opts) => t.get(rawUrl, opts),
    proxyFor: (u) => proxyForUrl(t.proxyConfig, typeof u === 'string' ? new URL(u) : u),
    trustStore: () => t.connections.trustStore(),
    get proxyConfig() {
      return t.proxyConfig;
    },
    timeouts: t.timeouts,
    inFlightLimit: (u) => t.inFlightLimit(u),
    giveUp: (u, kind, reason) => t.giveUp(u, kind, reason),
    credentialsFor: (u) => t.credentialsFor(u),
    close: () => t.close(),
  };
}
