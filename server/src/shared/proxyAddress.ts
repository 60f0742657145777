// Owns: judging an HTTPS_PROXY value the way Go's net/http reads it (golang.org/x/net/http/httpproxy
// parseProxy over net/url.Parse): a value Go cannot parse, or one it would silently turn into an address that
// cannot work (an unsupported scheme, no host, a port that is not a number), is refused with the reason,
// before anything is written. Also picks a pre-fill from the editor's own proxy settings.
// Pure: no I/O, never imports vscode.
import { GoUrl, parseGoUrl } from './goUrl';
import { goTextBytes } from './utf8';

/** The schemes httpproxy keeps as written; anything else gets "http://" prepended. */
const GO_PROXY_SCHEMES = ['http', 'https', 'socks5'] as const;

/** The scheme and host (host[:port]) of the URL Go ends up with, as net/url's URL.Scheme and URL.Host. */
export interface GoProxyUrl { scheme: string; host: string }

export type ProxyAddressCheck =
  | { ok: true; /** What Go will use, and what we write. */ url: string; scheme: string; host: string; port?: string; go: GoProxyUrl }
  | { ok: false; /** Why it is refused; Go's own text when Go itself rejects it. */ reason: string; goError?: string; go?: GoProxyUrl };

function tryParse(raw: string): { url?: GoUrl; error?: string } {
  const r = parseGoUrl(raw);
  return r.ok ? { url: r.url } : { error: r.error };
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
  const socksAuth = used.scheme === 'socks5' && used.user ? socksCredentialsProblem(used.user) : undefined;
  if (socksAuth) return { ok: false, go, reason: socksAuth };
  return { ok: true, url: written, scheme: used.scheme, host: hostname, ...(port ? { port } : {}), go: go! };
}

/**
 * RFC 1929 carries a user name of 1-255 bytes and a password of at most 255: Go's SOCKS dialer refuses anything
 * else with "invalid username/password" once the proxy asks for them.
 */
function socksCredentialsProblem(user: NonNullable<GoUrl['user']>): string | undefined {
  const name = goTextBytes(user.username).length;
  const pass = goTextBytes(user.password ?? '').length;
  if (name === 0 || name > 255 || pass > 255) {
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
