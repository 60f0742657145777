// Opening one connection, phase by phase (DNS, TCP connect, CONNECT or a SOCKS5 handshake through a proxy, TLS),
// each phase with its own timeout so a failure says where it happened. Used by http.ts (for both conduits)
// and by inspectTls.ts. Never decides WHETHER to use a proxy (proxyRules.ts does) and never speaks HTTP beyond
// CONNECT.
import { firstRecordHeader, goFirstRecordReason, NOT_TLS_CODES } from './firstRecord';
import dns = require('node:dns');
import net = require('node:net');
import tls = require('node:tls');
import { goGetError, goReason, kindForCode, errorCode, resetReadReason, tcpEndsOf } from './failure';
import { certificateFailure, type CertificateFailure } from './peerCertificate';
import { askNameserver } from './nameserverQuery';
import { goLookupHere, type ResolverEnv } from './resolverFiles';
import { openTunnel } from './proxyTunnel';
import { socksConnect } from './socks5';
import { SessionKeeper, type TlsSessions } from './tlsSessions';
import { FailureKind, TimeoutPhase, TransportError } from './types';
import { bareHost, joinHostPort } from './urlHost';

/** Maps a host name to addresses; throws an error with code ENOTFOUND when there are none. */
export type Resolver = (hostname: string) => Promise<string[]>;

export interface PhaseTimeouts {
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  firstByteMs: number;
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: PhaseTimeouts = { dnsMs: 5_000, connectMs: 5_000, tlsMs: 5_000, firstByteMs: 10_000, bodyMs: 30_000 };

export interface Endpoint {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
}

/** The endpoint a URL names (scheme's default port when none is written); schemes other than https count as http. */
export function endpointOf(url: URL): Endpoint {
  const https = url.protocol === 'https:';
  return { protocol: https ? 'https:' : 'http:', hostname: url.hostname, port: Number(url.port) || (https ? 443 : 80) };
}

export interface ConnectSettings {
  resolve?: Resolver;
  timeouts: PhaseTimeouts;
  /** Trusted roots (PEM). */
  ca: string[];
  /**
   * The same roots already loaded into a TLS context (TLS 1.2 at least), shared by every connection: building
   * a context from a system bundle parses every root again, tens of milliseconds per connection. Optional.
   */
  secureContext?: tls.SecureContext;
  /** ALPN offered to TLS servers. */
  alpn?: string[];
  /** Skip verification: ONLY for inspectTls, which verifies and reports by itself. */
  inspectOnly?: boolean;
  /** The OS variables that decide how Go resolves names, for wording a DNS failure as Go would (default: none set). */
  resolverEnv?: ResolverEnv;
  /** Where the target's TLS session is kept once the handshake is verified, and under which key (tlsSessions.ts). */
  sessions?: { store: TlsSessions; key: string };
  /**
   * A kept session to resume. The context must then trust no root: a handshake that does not resume it is
   * refused with SessionNotResumed, and the caller connects again with the roots.
   */
  resume?: Buffer;
  /** Stop before the target's own TLS: the bare way to it, to look at what answers there (firstRecord.ts). */
  beforeTargetTls?: boolean;
}

/** The target answered the TLS hello with something OpenSSL cannot read as TLS: looked at again by the caller. */
class NotTlsAnswer extends Error {
  constructor(readonly failure: Error) {
    super(failure.message);
  }
}

/** The server did not resume the session offered (or it could not be offered): connect again with the roots. */
export class SessionNotResumed extends Error {
  constructor(origin: string) {
    super(`${origin}: TLS session not resumed`);
  }
}

export interface Connection {
  socket: net.Socket | tls.TLSSocket;
  addresses: string[];
  /** The address the TCP connection went to (ip:port). */
  address: string;
  /** Milliseconds per phase that ran. */
  timings: Partial<Record<TimeoutPhase | 'proxy', number>>;
}

/** A socks5:// proxy: dialled like any host, then asked for the target by name (Go resolves nothing locally). */
export function isSocksProxy(proxy: URL | undefined): boolean {
  return proxy?.protocol === 'socks5:';
}

/** The proxy's own host and port; a socks5 proxy's default port is 1080, as in Go's connectMethod. */
export function proxyEndpoint(proxy: URL): Endpoint {
  if (isSocksProxy(proxy)) return { protocol: 'http:', hostname: proxy.hostname, port: Number(proxy.port) || 1080 };
  return endpointOf(proxy);
}

/** Used in messages: "proxyconnect tcp: ..." as Go prefixes failures to reach the proxy. */
function proxyPrefix(proxy: URL | undefined): string {
  return proxy ? 'proxyconnect tcp: ' : '';
}

export async function defaultResolve(hostname: string): Promise<string[]> {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => a.address);
}

/** Run `work` with a deadline; on timeout call `onTimeout` (which must release resources) and reject. */
function deadline<T>(ms: number, work: Promise<T>, onTimeout: () => TransportError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref?.();
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

function fail(kind: FailureKind, origin: string, reason: string, detail: TransportError['detail']): TransportError {
  return new TransportError(kind, origin, goGetError(origin, reason), detail);
}

/** A socket error's code and kind; `fallback` names what an unrecognised error means in this phase. */
function kindOf(err: Error, fallback: FailureKind): { code: string; kind: FailureKind } {
  const code = errorCode(err);
  const kind = kindForCode(code, err.message);
  return { code, kind: kind === 'other' ? fallback : kind };
}

function proxyDetail(proxy: URL | undefined): { proxy?: string } {
  return proxy ? { proxy: proxy.href } : {};
}

async function resolveHost(host: string, origin: string, settings: ConnectSettings, proxy: URL | undefined): Promise<string[]> {
  const h = bareHost(host);
  if (net.isIP(h)) return [h];
  const resolve = settings.resolve ?? defaultResolve;
  try {
    const addresses = await deadline(settings.timeouts.dnsMs, Promise.resolve().then(() => resolve(h)), () =>
      fail('timeout', origin, proxyPrefix(proxy) + goReason('timeout', { host: h, phase: 'dns' }), { phase: 'dns', ...proxyDetail(proxy) }),
    );
    if (addresses.length === 0) throw Object.assign(new Error(`no addresses for ${h}`), { code: 'ENOTFOUND' });
    return addresses;
  } catch (err) {
    if (err instanceof TransportError) throw err;
    const code = errorCode(err) || 'ENOTFOUND';
    const lookup = await goLookupHere(h, settings.resolverEnv ?? {});
    // "Try again" hides whether the server answered SERVFAIL or is not there at all; Go's words differ, so ask it
    // (only when the system's resolver failed: a resolver given in the settings is no nameserver to ask).
    const asksSystem = settings.resolve === undefined && code === 'EAI_AGAIN' && lookup.resolver === 'go';
    const answer = asksSystem ? await askNameserver(lookup.nameserver, h, 1000) : undefined;
    return Promise.reject(fail('dns', origin, proxyPrefix(proxy) + goReason('dns', { host: h, code, lookup, answer }), { code, cause: err, ...proxyDetail(proxy) }));
  }
}

function tcpConnect(address: string, port: number, ms: number, origin: string, proxy: URL | undefined): Promise<net.Socket> {
  const hostPort = joinHostPort(address, port);
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(fail('timeout', origin, proxyPrefix(proxy) + goReason('timeout', { address: hostPort, phase: 'connect' }), { phase: 'connect', address: hostPort, ...proxyDetail(proxy) }));
    }, ms);
    timer.unref?.();
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      const { code, kind } = kindOf(err, 'refused');
      const reason = kind === 'refused' || kind === 'reset' ? goReason(kind, { address: hostPort, phase: 'connect' }) : `dial tcp ${hostPort}: ${err.message}`;
      reject(fail(kind, origin, proxyPrefix(proxy) + reason, { code, cause: err, address: hostPort, ...proxyDetail(proxy) }));
    });
  });
}

/** A TLS handshake over `socket`, verified against `ca` and the host name as Go's crypto/tls does. */
function tlsHandshake(
  socket: net.Socket,
  host: string,
  settings: ConnectSettings,
  origin: string,
  proxy: URL | undefined,
  forProxy: boolean,
): Promise<tls.TLSSocket> {
  const h = bareHost(host);
  const prefix = forProxy ? 'proxyconnect tcp: ' : '';
  // Read before the handshake: once reset, Node no longer knows them, and Go's words name them.
  const ends = tcpEndsOf(socket);
  const resume = forProxy ? undefined : settings.resume;
  return new Promise<tls.TLSSocket>((resolve, reject) => {
    let secure: tls.TLSSocket;
    try {
      secure = tls.connect(tlsOptions(socket, h, settings, forProxy, resume));
    } catch (err) {
      if (resume) return reject(new SessionNotResumed(origin)); // bytes OpenSSL cannot read as a session
      throw err;
    }
    const keeper = settings.sessions && !forProxy && !settings.inspectOnly ? new SessionKeeper(settings.sessions.store, settings.sessions.key) : undefined;
    if (keeper) secure.on('session', (session: Buffer) => keeper.offered(session));
    const timer = setTimeout(() => {
      secure.destroy();
      reject(fail('timeout', origin, prefix + goReason('timeout', { phase: 'tls' }), { phase: 'tls', ...proxyDetail(proxy) }));
    }, settings.timeouts.tlsMs);
    timer.unref?.();
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      const refused = settings.inspectOnly ? undefined : handshakeRefused(secure, h, resume !== undefined, origin, prefix, proxy);
      if (refused) {
        secure.destroy();
        return reject(refused);
      }
      keeper?.verified();
      resolve(secure);
    });
    secure.once('error', (err) => {
      clearTimeout(timer);
      secure.destroy();
      if (resume) return reject(new SessionNotResumed(origin));
      reject(handshakeError(err, { host: h, origin, prefix, proxy, forProxy, ends }));
    });
  });
}

/** Node's options for the handshake: only the roots Go would use, verification left to us, Go's minimum version. */
function tlsOptions(socket: net.Socket, host: string, settings: ConnectSettings, forProxy: boolean, resume: Buffer | undefined): tls.ConnectionOptions {
  return {
    socket,
    host,
    servername: net.isIP(host) ? undefined : host,
    ...(settings.secureContext && !forProxy
      ? { secureContext: settings.secureContext }
      : { ca: settings.ca }), // replaces Node's bundled roots: only the store Go would use counts
    ALPNProtocols: forProxy ? ['http/1.1'] : (settings.alpn ?? ['http/1.1']),
    rejectUnauthorized: false, // verified after the handshake, so that the error can name the certificate
    checkServerIdentity: () => undefined, // names are checked then as Go does (SANs only, never the Common Name)
    minVersion: 'TLSv1.2', // Go's client default
    ...(resume ? { session: resume } : {}),
  };
}

/** What a failed handshake is worded with: the host, the request's origin, Go's prefix for a proxy's own handshake. */
interface HandshakeSide {
  host: string;
  origin: string;
  prefix: string;
  proxy: URL | undefined;
  forProxy: boolean;
  ends: ReturnType<typeof tcpEndsOf>;
}

/** A handshake that broke, in Go's words; an answer that is not TLS at all is looked at again by the caller. */
function handshakeError(err: Error, side: HandshakeSide): Error {
  const { code, kind } = kindOf(err, 'tls-handshake');
  if (NOT_TLS_CODES.has(code) && !side.forProxy) return new NotTlsAnswer(err);
  // A reset during the handshake reaches Go as it reads the server's hello, after writing its own.
  const reason = kind === 'reset' && !side.proxy && side.ends ? resetReadReason(side.ends) : goReason(kind, { host: side.host, message: err.message });
  return fail(kind, side.origin, side.prefix + reason, { code, cause: err, ...proxyDetail(side.proxy) });
}

/**
 * A handshake OpenSSL could not read as TLS, in Go's words for what the server answers a hello with ("http: server
 * gave HTTP response to HTTPS client", "tls: first record does not look like a TLS handshake"); OpenSSL's own
 * when that cannot be seen again.
 */
async function notTlsFailure(target: Endpoint, settings: ConnectSettings, proxy: URL | undefined, origin: string, err: Error): Promise<TransportError> {
  const open = () => openConnection(target, { ...settings, beforeTargetTls: true }, proxy).then((c) => c.socket);
  const header = await firstRecordHeader(open, settings.timeouts.tlsMs);
  const reason = header && goFirstRecordReason(header);
  const detail = { code: errorCode(err), cause: err, ...proxyDetail(proxy) };
  if (reason) return fail('not-tls', origin, reason, detail);
  return fail('tls-handshake', origin, goReason('tls-handshake', { message: err.message }), detail);
}

/**
 * Why a finished handshake is refused, or undefined when Go would accept it. A resumed session shows no
 * certificate: it was verified, for this very host, when it was kept. Offered a session on a context without
 * roots, the server must resume it; anything else is judged again with the roots (SessionNotResumed).
 */
function handshakeRefused(secure: tls.TLSSocket, host: string, resuming: boolean, origin: string, prefix: string, proxy: URL | undefined): Error | undefined {
  if (resuming) return secure.isSessionReused() ? undefined : new SessionNotResumed(origin);
  const refused = certificateFailure(secure, host);
  return refused ? refusedCertificate(secure, refused, origin, prefix, proxy) : undefined;
}

/** Go's error for a certificate it refuses, naming the certificate presented. */
function refusedCertificate(secure: tls.TLSSocket, refused: CertificateFailure, origin: string, prefix: string, proxy: URL | undefined): TransportError {
  const cert = secure.getPeerCertificate();
  const who = { subject: cert?.subject?.CN ? String(cert.subject.CN) : undefined, issuer: cert?.issuer?.CN ? String(cert.issuer.CN) : undefined };
  return fail(refused.kind, origin, prefix + refused.reason, { code: refused.code, ...who, ...proxyDetail(proxy) });
}

/**
 * Open a connection to `target`, through `proxy` when given. For an https target the result is a verified TLS
 * socket (through a CONNECT tunnel or SOCKS5 when proxied); for an http target with an http(s) proxy, this
 * connects to the proxy itself (the caller then sends absolute-form requests, as Go does), and through a SOCKS5
 * proxy to the target.
 */
export async function openConnection(target: Endpoint, settings: ConnectSettings, proxy?: URL): Promise<Connection> {
  const origin = `${target.protocol}//${joinHostPort(bareHost(target.hostname), target.port)}`;
  const timings: Connection['timings'] = {};
  const firstHop: Endpoint = proxy ? proxyEndpoint(proxy) : target;
  if (proxy && proxy.protocol !== 'http:' && proxy.protocol !== 'https:' && !isSocksProxy(proxy)) {
    throw fail('other', origin, `proxyconnect tcp: proxy scheme ${proxy.protocol.replace(':', '')} is not supported`, { proxy: proxy.href });
  }
  let t = Date.now();
  const addresses = await resolveHost(firstHop.hostname, origin, settings, proxy);
  timings.dns = Date.now() - t;
  t = Date.now();
  const dialled = await dialFirst(addresses, firstHop, settings.timeouts.connectMs, origin, proxy);
  timings.connect = Date.now() - t;
  const steps = new ConnectionSteps(dialled.socket, target, settings, origin, timings);
  try {
    const socket = await steps.through(dialled.address, proxy);
    return { socket, addresses, address: dialled.address, timings };
  } catch (err) {
    steps.socket.destroy();
    if (err instanceof NotTlsAnswer) throw await notTlsFailure(target, settings, proxy, origin, err.failure);
    throw err;
  }
}

/** Tries each address in order within one connect budget (Go's dialer shares the deadline the same way). */
async function dialFirst(addresses: string[], hop: Endpoint, budgetMs: number, origin: string, proxy: URL | undefined): Promise<{ socket: net.Socket; address: string }> {
  const start = Date.now();
  let lastError: unknown;
  for (const a of addresses.slice(0, 8)) {
    const left = budgetMs - (Date.now() - start);
    if (left <= 0) break;
    try {
      const socket = await tcpConnect(a, hop.port, left, origin, proxy);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 15_000);
      return { socket, address: joinHostPort(a, hop.port) };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError ?? fail('timeout', origin, proxyPrefix(proxy) + goReason('timeout', { host: hop.hostname, phase: 'connect' }), { phase: 'connect' });
}

/** The steps after TCP: TLS to an https proxy, the proxy's tunnel (CONNECT or SOCKS5), then the target's TLS. */
class ConnectionSteps {
  constructor(
    /** The outermost socket so far: TCP, then TLS over it. */
    public socket: net.Socket | tls.TLSSocket,
    private readonly target: Endpoint,
    private readonly settings: ConnectSettings,
    private readonly origin: string,
    private readonly timings: Connection['timings'],
  ) {}

  async through(address: string, proxy: URL | undefined): Promise<net.Socket | tls.TLSSocket> {
    const { settings, origin, target } = this;
    if (proxy?.protocol === 'https:') this.socket = await this.timed('proxy', () => tlsHandshake(this.socket, proxy.hostname, settings, origin, proxy, true));
    if (proxy && isSocksProxy(proxy)) {
      // Both schemes go through the SOCKS tunnel; an http target then gets origin-form requests, as in Go.
      const options = { proxyAddress: address, timeoutMs: settings.timeouts.connectMs, origin };
      await this.timed('proxy', () => socksConnect(this.socket, target, proxy, options));
    } else if (proxy && target.protocol === 'https:') {
      await this.timed('proxy', () => openTunnel(this.socket, target, proxy, settings.timeouts.firstByteMs, origin));
    }
    if (target.protocol === 'https:' && !settings.beforeTargetTls) {
      this.socket = await this.timed('tls', () => tlsHandshake(this.socket, target.hostname, settings, origin, proxy, false));
    }
    return this.socket;
  }

  /** Runs one step, adding its milliseconds to the phase's. */
  private async timed<T>(phase: 'proxy' | 'tls', step: () => Promise<T>): Promise<T> {
    const t = Date.now();
    const done = await step();
    this.timings[phase] = (this.timings[phase] ?? 0) + Date.now() - t;
    return done;
  }
}
