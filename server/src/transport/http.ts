// The undici-backed Transport: the one place where our requests leave the process. Proxies by Go's rules
// (proxyRules.ts), roots Go would trust (trustStore.ts), phase timeouts (connector.ts), body caps, Go's
// redirect policy, keep-alive, HTTP/2 over TLS when offered. Never reads process.env: the caller passes the
// resolved Go environment. Statuses are returned, failures thrown as TransportError.
import type { SecureContext } from 'node:tls';
import type { Client as UndiciClient, Dispatcher, Pool as UndiciPool } from 'undici';
import { classify, goGetError } from './failure';
import { ConnectSettings, DEFAULT_TIMEOUTS, Endpoint, endpointOf, isSocksProxy, PhaseTimeouts, Resolver, openConnection } from './connector';
import { ProxyConfig, ProxyDecision, ProxyEnv, proxyConfigFromEnv, proxyForUrl, withExplicitProxy } from './proxyRules';
import { sharedSecureContext } from './secureContext';
import { TrustStore, TrustStoreEnv, loadTrustStore, loadTrustStoreInSlices } from './trustStore';
import { GetOptions, HttpResponse, Transport, TransportError } from './types';

export { classify } from './failure';

// Only the pieces of undici we use. Its index also loads fetch, WebSocket, mocks and caches, which costs a
// command-line run ~30 ms before the first request; request() is what the index would add to Dispatcher.
/* eslint-disable @typescript-eslint/no-require-imports */
const Pool: typeof UndiciPool = require('undici/lib/dispatcher/pool.js');
const Client: typeof UndiciClient = require('undici/lib/dispatcher/client.js');
const request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> = require('undici/lib/api/api-request.js');
/* eslint-enable @typescript-eslint/no-require-imports */
type Pool = UndiciPool;
type Client = UndiciClient;

export interface TransportOptions {
  /** Default body cap in bytes. */
  maxBytes?: number;
  /** Upper bound on one whole request (all phases together), in milliseconds. */
  timeoutMs?: number;
  /** At most this many connections per host. */
  connections?: number;
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
  /** Name resolution hook (tests map sum.golang.org to 127.0.0.1). */
  resolve?: Resolver;
  /** Offer HTTP/2 to TLS servers (default true). */
  allowH2?: boolean;
  /** Concurrent HTTP/2 streams per connection (default 16). */
  streamsPerConnection?: number;
  /** Redirects followed before "stopped after 10 redirects" (Go: 10). */
  maxRedirects?: number;
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
}

const DEFAULT_MAX_BYTES = 4 << 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * A whole body, at most `cap` bytes. Listeners rather than `for await`: an async iterator per response costs
 * several objects and promises per chunk, which adds up over thousands of lookups.
 */
function readBody(body: Dispatcher.ResponseData['body'], cap: number, href: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        body.destroy();
        reject(new TransportError('too-large', href, goGetError(href, `response body larger than ${cap} bytes`)));
        return;
      }
      chunks.push(chunk);
    });
    // Each fires at most once; plain listeners spare a wrapper per event.
    let ended = false;
    body.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks, size));
    });
    body.on('error', reject);
    body.on('close', () => {
      if (!ended) reject(new Error('response body closed before its end'));
    });
  });
}

// Loading ~150 roots into a TLS context holds the event loop ~17 ms: transports over the same roots (a new audit
// context after a settings change, every run of a benchmark) share one context. Keyed by the roots' PEM text.
export function createTransport(options: TransportOptions = {}): GoTransport {
  const timeouts: PhaseTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  let proxyConfig = proxyConfigFromEnv(options.env ?? {});
  if (options.proxy) proxyConfig = withExplicitProxy(proxyConfig, options.proxy);
  let store = options.trustStore;
  const getStore = (): TrustStore =>
    (store ??= loadTrustStore({ env: options.env, extraCACertificates: options.extraCACertificates }));
  // Connections load the store in slices (reading and parsing ~150 roots takes ~40 ms): an editor stays responsive.
  let storeLoading: Promise<TrustStore> | undefined;
  const getStoreInSlices = (): Promise<TrustStore> =>
    store ? Promise.resolve(store) : (storeLoading ??= loadTrustStoreInSlices({ env: options.env, extraCACertificates: options.extraCACertificates }).then((s) => (store ??= s)));
  const allowH2 = options.allowH2 ?? true;
  const streams = options.streamsPerConnection ?? 16;
  const maxRedirects = options.maxRedirects ?? 10;
  const pools = new Map<string, Pool>();
  let closed = false;
  // Go's proxy rules look at the scheme, host and port only: one decision per origin, not per request.
  const decisions = new Map<string, ProxyDecision>();
  const proxyDecision = (url: URL): ProxyDecision => {
    const key = url.origin;
    let d = decisions.get(key);
    if (!d) {
      d = proxyForUrl(proxyConfig, url);
      if (decisions.size > 256) decisions.clear();
      decisions.set(key, d);
    }
    return d;
  };

  // The roots are read (and every certificate parsed) only when a connection speaks TLS, and loaded into one TLS
  // context that every connection shares.
  let secureContext: SecureContext | undefined;
  const settings = async (tls: boolean): Promise<ConnectSettings> => {
    if (!tls) return { resolve: options.resolve, timeouts, ca: [], alpn: allowH2 ? ['h2', 'http/1.1'] : ['http/1.1'] };
    const ca = (await getStoreInSlices()).certificates;
    secureContext ??= await sharedSecureContext(ca);
    return { resolve: options.resolve, timeouts, ca, secureContext, alpn: allowH2 ? ['h2', 'http/1.1'] : ['http/1.1'] };
  };

  /** One pool per (origin, route): direct or tunnelled per origin, or absolute-form through an http proxy. */
  function poolFor(url: URL, decision: ProxyDecision): { pool: Pool; absoluteForm: boolean } {
    const proxy = decision.proxy ?? undefined;
    // Only an HTTP(S) proxy takes absolute-form requests; a SOCKS5 proxy is a tunnel to the origin.
    const absoluteForm = !!proxy && url.protocol === 'http:' && !isSocksProxy(proxy);
    const key = absoluteForm ? `proxy ${proxy!.origin}` : `${url.origin} via ${proxy?.origin ?? 'direct'}`;
    let pool = pools.get(key);
    if (pool) return { pool, absoluteForm };
    const endpoint: Endpoint = absoluteForm ? { ...endpointOf(proxy!), protocol: 'http:' } : endpointOf(url);
    const poolOrigin = absoluteForm ? proxy!.origin : url.origin;
    pool = new Pool(poolOrigin, {
      connections: options.connections ?? 4,
      factory: (origin: string | URL, opts: object) => {
        let lastProtocol = 'http/1.1';
        // Start optimistic for TLS (so a burst waits for the first connection instead of opening many), then
        // settle on the negotiated protocol: undici multiplexes HTTP/2 only when pipelining > 1, and HTTP/1.1
        // stays one request at a time per connection, as in Go.
        const h2 = endpoint.protocol === 'https:' && allowH2;
        const client: Client = new Client(origin, {
          ...opts,
          pipelining: h2 ? streams : 1,
          allowH2: h2,
          headersTimeout: timeouts.firstByteMs,
          bodyTimeout: timeouts.bodyMs,
          keepAliveTimeout: 30_000,
          connect: (_o: unknown, callback: (err: Error | null, socket: unknown) => void) => {
            settings(endpoint.protocol === 'https:' || proxy?.protocol === 'https:').then((s) => openConnection(endpoint, s, proxy)).then(
              (c) => {
                lastProtocol = (c.socket as { alpnProtocol?: string | false }).alpnProtocol || 'http/1.1';
                callback(null, c.socket);
              },
              (err) => callback(err, null),
            );
          },
        } as UndiciClient.Options);
        client.on('connect', () => {
          client.pipelining = lastProtocol === 'h2' ? streams : 1;
        });
        return client;
      },
    } as UndiciPool.Options);
    pools.set(key, pool);
    return { pool, absoluteForm };
  }

  async function once(url: URL, opts: GetOptions, cap: number, decision: ProxyDecision, redirects: string[]): Promise<HttpResponse> {
    const { pool, absoluteForm } = poolFor(url, decision);
    const firstByteMs = opts.timeouts?.firstByteMs ?? timeouts.firstByteMs;
    const bodyMs = opts.timeouts?.bodyMs ?? timeouts.bodyMs;
    const controller = new AbortController();
    const onAbort = () => controller.abort(opts.signal?.reason);
    if (opts.signal) opts.signal.addEventListener('abort', onAbort, { once: true });
    let phase: 'first-byte' | 'body' = 'first-byte';
    let timedOut = false;
    // A whole-request bound: connection phases + first byte + body, or the caller's timeoutMs.
    const overallMs = options.timeoutMs ?? timeouts.dnsMs + timeouts.connectMs + timeouts.tlsMs * 2 + firstByteMs + bodyMs;
    const overall = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, overallMs);
    overall.unref?.();
    let bodyTimer: NodeJS.Timeout | undefined;
    try {
      const headers: Record<string, string> = { 'user-agent': options.userAgent ?? 'gosum-doctor' };
      if (absoluteForm) headers.host = url.host;
      const res = await request.call(pool, {
        method: 'GET',
        path: absoluteForm ? url.href : url.pathname + url.search,
        headers,
        signal: controller.signal,
        headersTimeout: firstByteMs,
        bodyTimeout: bodyMs,
      } as Dispatcher.RequestOptions);
      phase = 'body';
      res.body.on('error', () => undefined); // destroyed below on a cap or timeout; readBody reports it
      bodyTimer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, bodyMs);
      bodyTimer.unref?.();
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > cap) {
        res.body.destroy();
        throw new TransportError('too-large', url.href, goGetError(url.href, `response body larger than ${cap} bytes`));
      }
      const body = await readBody(res.body, cap, url.href);
      const out: Record<string, string> = {};
      for (const k in res.headers) {
        const v = res.headers[k];
        if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
      }
      return {
        url: url.href, status: res.statusCode, headers: out, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
        proxy: decision.proxy?.href, redirects,
      };
    } catch (err) {
      if (timedOut && !(err instanceof TransportError)) {
        throw new TransportError('timeout', url.href, goGetError(url.href, phase === 'body'
          ? 'context deadline exceeded (Client.Timeout or context cancellation while reading body)'
          : 'net/http: timeout awaiting response headers'), { phase, cause: err, ...(decision.proxy ? { proxy: decision.proxy.href } : {}) });
      }
      const e = classify(url.href, err, phase);
      if (decision.proxy && !e.detail.proxy) (e.detail as { proxy?: string }).proxy = decision.proxy.href;
      throw e;
    } finally {
      clearTimeout(overall);
      if (bodyTimer) clearTimeout(bodyTimer);
      if (opts.signal) opts.signal.removeEventListener('abort', onAbort);
    }
  }

  async function get(rawUrl: string, opts: GetOptions = {}): Promise<HttpResponse> {
    if (closed) throw new TransportError('aborted', rawUrl, goGetError(rawUrl, 'transport closed'));
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new TransportError('malformed', rawUrl, `parse "${rawUrl}": invalid URL`);
    }
    const cap = opts.maxBytes ?? options.maxBytes ?? DEFAULT_MAX_BYTES;
    const first = url;
    const redirects: string[] = [];
    for (;;) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new TransportError('malformed', url.href, goGetError(url.href, `unsupported protocol scheme "${url.protocol.replace(':', '')}"`));
      }
      const refusal = options.refuse?.(url);
      if (refusal) throw new TransportError('blocked-by-policy', url.href, refusal);
      const decision = proxyDecision(url);
      const res = await once(url, opts, cap, decision, redirects);
      const location = res.headers['location'];
      if (!REDIRECT_STATUSES.has(res.status) || !location) {
        return res;
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new TransportError('malformed', url.href, goGetError(url.href, `failed to parse Location header ${JSON.stringify(location)}`));
      }
      if (first.protocol === 'https:' && next.protocol !== 'https:') {
        throw new TransportError('redirect-refused', next.href, goGetError(next.href, `redirected from secure URL ${url.href} to insecure URL ${next.href}`));
      }
      if (redirects.length >= maxRedirects) {
        throw new TransportError('redirect-refused', next.href, goGetError(next.href, `stopped after ${maxRedirects} redirects`));
      }
      redirects.push(url.href);
      url = next;
    }
  }

  return {
    get,
    proxyFor: (u) => proxyForUrl(proxyConfig, typeof u === 'string' ? new URL(u) : u),
    trustStore: getStore,
    get proxyConfig() {
      return proxyConfig;
    },
    timeouts,
    async close() {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.destroy().catch(() => undefined)));
    },
  };
}
