// Owns: judging an HTTPS_PROXY value the way Go's net/http reads it (golang.org/x/net/http/httpproxy
// parseProxy over net/url.Parse): a value Go cannot parse, or one it would silently turn into an address that
// cannot work (an unsupported scheme, no host, a port that is not a number), is refused with the reason,
// before anything is written. Also picks a pre-fill from the editor's own proxy settings.
// Pure: no I/O, never imports vscode.

/** The schemes httpproxy keeps as written; anything else gets "http://" prepended. */
export const GO_PROXY_SCHEMES = ['http', 'https', 'socks5'] as const;

/** The scheme and host (host[:port]) of the URL Go ends up with, as net/url's URL.Scheme and URL.Host. */
export interface GoProxyUrl { scheme: string; host: string }

export type ProxyAddressCheck =
  | { ok: true; /** What Go will use, and what we write. */ url: string; scheme: string; host: string; port?: string; go: GoProxyUrl }
  | { ok: false; /** Why it is refused; Go's own text when Go itself rejects it. */ reason: string; goError?: string; go?: GoProxyUrl };

interface GoUrl { scheme: string; opaque: string; host: string; userinfo?: string }

/** Go's url.Error text: `parse "RAW": MSG`. */
function urlError(raw: string, msg: string): Error {
  return new Error(`parse ${JSON.stringify(raw)}: ${msg}`);
}

/** net/url shouldEscape(c, encodeHost) for ASCII: the characters a host may hold unescaped. */
function hostCharOk(c: string): boolean {
  return /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/.test(c);
}

function validOptionalPort(port: string): boolean {
  return port === '' || (port[0] === ':' && /^[0-9]*$/.test(port.slice(1)));
}

/** net/url parseHost, for the errors it reports. */
function parseHost(raw: string, host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw urlError(raw, "missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw urlError(raw, `invalid port ${JSON.stringify(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0 && !validOptionalPort(host.slice(i))) throw urlError(raw, `invalid port ${JSON.stringify(host.slice(i))} after host`);
  }
  for (let i = 0; i < host.length; i++) {
    const c = host[i];
    if (c === '%') {
      if (!/^%[0-9A-Fa-f]{2}$/.test(host.slice(i, i + 3))) throw urlError(raw, `invalid URL escape ${JSON.stringify(host.slice(i, i + 3))}`);
      i += 2;
    } else if (c.charCodeAt(0) < 0x80 && !hostCharOk(c)) {
      throw urlError(raw, `invalid character ${JSON.stringify(c)} in host name`);
    }
  }
  return host;
}

/** The part of net/url.Parse a proxy value goes through (viaRequest false). Throws Go's url.Error text. */
export function goUrlParse(raw: string): GoUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw urlError(raw, 'net/url: invalid control character in URL');
  const noFragment = raw.split('#')[0];
  let scheme = '';
  let rest = noFragment;
  for (let i = 0; i < noFragment.length; i++) {
    const c = noFragment[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) { if (i === 0) break; continue; }
    if (c === ':') {
      if (i === 0) throw urlError(raw, 'missing protocol scheme');
      scheme = noFragment.slice(0, i).toLowerCase();
      rest = noFragment.slice(i + 1);
    }
    break;
  }
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, opaque: rest, host: '' };
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) throw urlError(raw, 'first path segment in URL cannot contain colon');
  }
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    const at = authority.lastIndexOf('@');
    const host = parseHost(raw, at < 0 ? authority : authority.slice(at + 1));
    return { scheme, opaque: '', host, ...(at >= 0 ? { userinfo: authority.slice(0, at) } : {}) };
  }
  return { scheme, opaque: '', host: '' };
}

function tryParse(raw: string): { url?: GoUrl; error?: string } {
  try {
    return { url: goUrlParse(raw) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function splitHostPort(host: string): { hostname: string; port?: string } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host);
  return m ? { hostname: m[1], ...(m[2] !== undefined ? { port: m[2] } : {}) } : { hostname: host };
}

/**
 * What Go does with `value` as HTTPS_PROXY, and whether the result can work. `ok` carries the URL Go will use
 * (a value without a scheme gets "http://", as Go reads it).
 */
export function checkProxyAddress(value: string): ProxyAddressCheck {
  if (value.trim() === '') return { ok: false, reason: 'empty: Go reads an empty HTTPS_PROXY as "no proxy"' };
  if (value !== value.trim()) return { ok: false, reason: 'leading or trailing spaces: Go does not trim them' };
  const first = tryParse(value);
  let used: GoUrl | undefined = first.url;
  let written = value;
  let retried = false;
  if (first.error || !(GO_PROXY_SCHEMES as readonly string[]).includes(first.url!.scheme)) {
    const second = tryParse(`http://${value}`);
    if (second.url) { used = second.url; written = `http://${value}`; retried = true; }
  }
  const go = used ? { scheme: used.scheme, host: used.host } : undefined;
  if (!used) return { ok: false, goError: `invalid proxy address ${JSON.stringify(value)}: ${first.error}`, reason: `Go refuses it: invalid proxy address ${JSON.stringify(value)}: ${first.error}` };
  // Go prepended "http://" to a value that named its own scheme: it would dial nonsense, not the proxy meant.
  if (retried && /^[A-Za-z][A-Za-z0-9+\-.]*:\/\//.test(value)) {
    const scheme = value.slice(0, value.indexOf(':')).toLowerCase();
    if (!(GO_PROXY_SCHEMES as readonly string[]).includes(scheme)) {
      return { ok: false, go, reason: `Go's proxy support knows only ${GO_PROXY_SCHEMES.join(', ')}, not "${scheme}": Go would read it as http://${value}` };
    }
    return { ok: false, go, reason: `Go cannot parse it (${first.error}), and would read it as http://${value}` };
  }
  if (!(GO_PROXY_SCHEMES as readonly string[]).includes(used.scheme)) {
    return { ok: false, go, reason: used.scheme === '' ? 'not an address: Go would read it as a path, with no host' : `Go would read "${used.scheme}" as a scheme it does not know, with no host` };
  }
  const { hostname, port } = splitHostPort(used.host);
  if (hostname === '' || hostname === '[]') return { ok: false, go, reason: 'no host: Go would have nothing to connect to' };
  if (port !== undefined && port !== '' && (Number(port) < 1 || Number(port) > 65535)) return { ok: false, go, reason: `port ${port} is out of range (1-65535)` };
  const socksAuth = used.scheme === 'socks5' && used.userinfo !== undefined ? socksCredentialsProblem(used.userinfo) : undefined;
  if (socksAuth) return { ok: false, go, reason: socksAuth };
  return { ok: true, url: written, scheme: used.scheme, host: hostname, ...(port ? { port } : {}), go: go! };
}

/**
 * RFC 1929 carries a user name of 1-255 bytes and a password of at most 255: Go's SOCKS dialer refuses anything
 * else with "invalid username/password" once the proxy asks for them.
 */
function socksCredentialsProblem(userinfo: string): string | undefined {
  const colon = userinfo.indexOf(':');
  const decode = (s: string) => {
    try {
      return Buffer.byteLength(decodeURIComponent(s), 'utf8');
    } catch {
      return Buffer.byteLength(s, 'utf8');
    }
  };
  const user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const pass = colon < 0 ? 0 : decode(userinfo.slice(colon + 1));
  if (user === 0 || user > 255 || pass > 255) {
    return 'a SOCKS5 user name must be 1 to 255 bytes and its password at most 255: Go would fail with "invalid username/password"';
  }
  return undefined;
}

/** Where a pre-filled proxy address was seen. */
export interface ProxyCandidate { value: string; source: string }

/**
 * The first workable proxy address the editor knows and Go's environment lacks: VS Code's `http.proxy`, then
 * the editor process's HTTPS_PROXY/https_proxy, ALL_PROXY/all_proxy (which Go ignores), HTTP_PROXY/http_proxy.
 */
export function proxyPrefill(editorSetting: string | undefined, processEnv: Readonly<Record<string, string | undefined>>, goValue: string | undefined): ProxyCandidate | undefined {
  const candidates: ProxyCandidate[] = [];
  if (editorSetting) candidates.push({ value: editorSetting, source: 'http.proxy' });
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'HTTP_PROXY', 'http_proxy']) {
    const v = processEnv[name];
    if (v) candidates.push({ value: v, source: name });
  }
  for (const c of candidates) {
    const check = checkProxyAddress(c.value);
    if (check.ok && check.url !== goValue && c.value !== goValue) return { value: check.url, source: c.source };
  }
  return undefined;
}
