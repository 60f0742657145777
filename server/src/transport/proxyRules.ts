// Which proxy, if any, a request URL goes through: Go's rules from golang.org/x/net/http/httpproxy
// (HTTPS_PROXY/HTTP_PROXY/NO_PROXY, upper case first; loopback and "localhost" never proxied).
// Pure: no I/O, never reads process.env — the caller passes the resolved Go environment.
import { BlockList, isIP } from 'node:net';
import { goTrimSpace } from '../shared/utf8';

/** The proxy-related variables, as the go command would see them. */
export interface ProxyEnv {
  HTTPS_PROXY?: string;
  https_proxy?: string;
  HTTP_PROXY?: string;
  http_proxy?: string;
  NO_PROXY?: string;
  no_proxy?: string;
  REQUEST_METHOD?: string;
}

export interface ProxyConfig {
  httpProxy?: URL;
  httpsProxy?: URL;
  /** Raw NO_PROXY, kept for explanations. */
  noProxy: string;
  /** Set when REQUEST_METHOD is set: Go then refuses HTTP_PROXY for http:// URLs. */
  cgi: boolean;
  /** Proxy values that could not be parsed (Go ignores them silently; we report them). */
  invalid: string[];
  matchers: NoProxyMatcher[];
}

type NoProxyMatcher =
  | { kind: 'all' }
  | { kind: 'cidr'; list: BlockList; text: string }
  | { kind: 'ip'; ip: string; port: string }
  | { kind: 'domain'; suffix: string; port: string; matchHost: boolean };

/** Why a URL is or is not proxied, for the probe's steps. */
export interface ProxyDecision {
  proxy: URL | null;
  reason: 'no-proxy-configured' | 'loopback' | 'no-proxy-match' | 'proxied' | 'cgi-refused';
}

function firstSet(...values: (string | undefined)[]): string {
  for (const v of values) if (v) return v;
  return '';
}

/**
 * A proxy written with no host, only a port (":3128", "http://:3128"): Go's net/url takes it (with http:// put in
 * front when no scheme is written), and its dialer then reaches this machine at that port (an empty host is the
 * local system). A WHATWG URL cannot hold an empty host, so the proxy is named by the loopback address Go's dial
 * ends at.
 */
const PORT_ONLY = /^(?:(https?|socks5):\/\/)?([^@/?#:]*(?::[^@/?#]*)?@)?:(\d*)(\/[^?#]*)?$/i;

/** Like Go's parseProxy: a full URL, or host[:port] with http:// assumed. */
export function parseProxyUrl(value: string): URL | null {
  if (value === '') return null;
  const parsed = urlOrNull(value);
  const scheme = parsed?.protocol;
  if (parsed && (scheme === 'http:' || scheme === 'https:' || scheme === 'socks5:') && parsed.host !== '') return parsed;
  return portOnlyProxy(value) ?? urlOrNull('http://' + value);
}

function urlOrNull(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** The proxy on this machine a PORT_ONLY value names, or null. */
function portOnlyProxy(value: string): URL | null {
  const m = PORT_ONLY.exec(value);
  return m ? urlOrNull(`${(m[1] ?? 'http').toLowerCase()}://${m[2] ?? ''}127.0.0.1${m[3] ? `:${m[3]}` : ''}${m[4] ?? ''}`) : null;
}

/** Go's FromEnvironment + init: parse the proxy URLs and the NO_PROXY list once. */
export function proxyConfigFromEnv(env: ProxyEnv): ProxyConfig {
  const httpValue = firstSet(env.HTTP_PROXY, env.http_proxy);
  const httpsValue = firstSet(env.HTTPS_PROXY, env.https_proxy);
  const noProxy = firstSet(env.NO_PROXY, env.no_proxy);
  const invalid: string[] = [];
  const httpProxy = parseProxyUrl(httpValue) ?? undefined;
  if (httpValue && !httpProxy) invalid.push(httpValue);
  const httpsProxy = parseProxyUrl(httpsValue) ?? undefined;
  if (httpsValue && !httpsProxy) invalid.push(httpsValue);
  return { httpProxy, httpsProxy, noProxy, cgi: !!env.REQUEST_METHOD, invalid, matchers: parseNoProxy(noProxy) };
}

/** A config with one explicit proxy for every scheme (VS Code's http.proxy), NO_PROXY still honoured. */
export function withExplicitProxy(config: ProxyConfig, proxy: string): ProxyConfig {
  const url = parseProxyUrl(proxy);
  if (!url) return { ...config, invalid: [...config.invalid, proxy] };
  return { ...config, httpProxy: url, httpsProxy: url };
}

function parseNoProxy(noProxy: string): NoProxyMatcher[] {
  const out: NoProxyMatcher[] = [];
  for (const raw of noProxy.split(',')) {
    const p = goTrimSpace(raw).toLowerCase();
    if (p === '') continue;
    if (p === '*') return [{ kind: 'all' }];
    const cidr = parseCidr(p);
    if (cidr) {
      out.push({ kind: 'cidr', list: cidr, text: p });
      continue;
    }
    let host = p;
    let port = '';
    const split = splitHostPort(p);
    if (split) {
      if (split.host === '') continue; // malformed, Go ignores it
      host = split.host;
      port = split.port;
    }
    const ip = normalizeIp(host);
    if (ip) {
      out.push({ kind: 'ip', ip, port });
      continue;
    }
    if (host === '') continue;
    if (host.startsWith('*.')) host = host.slice(1);
    let matchHost = false;
    if (!host.startsWith('.')) {
      matchHost = true;
      host = '.' + host;
    }
    out.push({ kind: 'domain', suffix: toAscii(host), port, matchHost });
  }
  return out;
}

/** The proxy for a request URL, or null, with the reason (Go's proxyForURL + useProxy). */
export function proxyForUrl(config: ProxyConfig, target: URL | string): ProxyDecision {
  const url = typeof target === 'string' ? new URL(target) : target;
  let proxy: URL | undefined;
  if (url.protocol === 'https:') proxy = config.httpsProxy;
  else if (url.protocol === 'http:') {
    proxy = config.httpProxy;
    if (proxy && config.cgi) return { proxy: null, reason: 'cgi-refused' };
  }
  if (!proxy) return { proxy: null, reason: 'no-proxy-configured' };
  const host = stripBrackets(url.hostname);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (host === 'localhost') return { proxy: null, reason: 'loopback' };
  const ip = normalizeIp(host);
  if (ip && isLoopback(ip)) return { proxy: null, reason: 'loopback' };
  const name = goTrimSpace(host).toLowerCase();
  for (const m of config.matchers) {
    if (matches(m, name, port, ip)) return { proxy: null, reason: 'no-proxy-match' };
  }
  return { proxy, reason: 'proxied' };
}

function matches(m: NoProxyMatcher, host: string, port: string, ip: string | null): boolean {
  switch (m.kind) {
    case 'all':
      return true;
    case 'cidr':
      return ip !== null && m.list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
    case 'ip':
      return ip !== null && m.ip === ip && (m.port === '' || m.port === port);
    case 'domain':
      if (host.endsWith(m.suffix) || (m.matchHost && host === m.suffix.slice(1))) return m.port === '' || m.port === port;
      return false;
  }
}

function parseCidr(p: string): BlockList | null {
  const slash = p.indexOf('/');
  if (slash < 0) return null;
  const addr = p.slice(0, slash);
  const bitsText = p.slice(slash + 1);
  const family = isIP(addr);
  if (family === 0 || !/^\d{1,3}$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (bits > (family === 4 ? 32 : 128)) return null;
  const list = new BlockList();
  list.addSubnet(addr, bits, family === 4 ? 'ipv4' : 'ipv6');
  return list;
}

/** Go's net.SplitHostPort, enough for NO_PROXY entries: "h:p" or "[v6]:p". */
function splitHostPort(p: string): { host: string; port: string } | null {
  if (p.startsWith('[')) {
    const end = p.indexOf(']');
    if (end < 0 || p[end + 1] !== ':') return null;
    return { host: p.slice(1, end), port: p.slice(end + 2) };
  }
  const colon = p.lastIndexOf(':');
  if (colon < 0 || p.indexOf(':') !== colon) return null; // none, or a bare IPv6 address
  return { host: p.slice(0, colon), port: p.slice(colon + 1) };
}

function stripBrackets(h: string): string {
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

/**
 * A canonical text form of an IP address as Go's net.ParseIP reads it (no zone), or null for anything else: IPv4
 * as written, IPv6 as eight unpadded hex groups, and IPv4-mapped IPv6 however written folded to IPv4 (Go's To4).
 */
export function normalizeIp(host: string): string | null {
  const h = stripBrackets(host);
  const family = isIP(h);
  if (family === 4) return h;
  if (family !== 6 || h.includes('%')) return null;
  const g = ipv6Groups(h);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
  return g.map((x) => x.toString(16)).join(':');
}

/** The eight 16-bit groups of a valid IPv6 address; an embedded IPv4 tail ("64:ff9b::1.2.3.4") is the last two. */
function ipv6Groups(h: string): number[] {
  const [head, tail] = h.includes('::') ? h.split('::') : [h, undefined];
  const parts = (s: string): number[] => {
    const list = s === '' ? [] : s.split(':');
    const last = list[list.length - 1];
    if (last === undefined || !last.includes('.')) return list.map((x) => parseInt(x, 16));
    const b = last.split('.').map(Number);
    return [...list.slice(0, -1).map((x) => parseInt(x, 16)), (b[0] << 8) | b[1], (b[2] << 8) | b[3]];
  };
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const fill = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

export function isLoopback(ip: string): boolean {
  if (isIP(ip) === 4) return ip.startsWith('127.');
  return ip === '0:0:0:0:0:0:0:1';
}

function toAscii(host: string): string {
  if (/^[\x00-\x7f]*$/.test(host)) return host;
  try {
    return new URL('http://x' + host).hostname.slice(1);
  } catch {
    return host;
  }
}
