// HTTPS_PROXY, HTTP_PROXY and NO_PROXY read beside Go's own net/http.ProxyFromEnvironment, the rules the go
// command's client follows (test/support/go-proxy-env): for seeded environments and request URLs, the same
// proxy (scheme, credentials, host, port), the same "direct", the same CGI refusal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { proxyConfigFromEnv, proxyForUrl, type ProxyEnv } from '../../server/src/transport/proxyRules';
import { randomInts } from '../support/fuzz';
import { buildGoProgram } from '../support/goBuild';
import { tempDir } from '../support/sumdbClientSetup';

const PROXIES = ['', 'http://proxy:3128', 'proxy:3128', 'https://u:p%40ss@proxy', 'socks5://127.0.0.1:1080', 'http://[::1]:8080', 'HTTP://Proxy.Corp:80',
  '%zz', 'ftp://x', ':3128', 'proxy', 'http://proxy:3128/path', 'corp proxy:80', 'http://user@proxy:8080', 'https://proxy.corp',
  'http://:8080', 'socks5://:1080', 'u@:3128', ':', 'ftp://:21'];
// U+0085 is white space to Go's TrimSpace and U+FEFF is not (JavaScript's trim says the opposite).
const NO_PROXIES = ['', '*', 'example.com', '\u0085example.com', 'example.com\ufeff', '\u00a0.example.com,corp\u0085', '.example.com', 'example.com:8443', '10.0.0.0/8', '::1', '192.168.1.1', ' example.com , .corp ',
  'EXAMPLE.COM', 'sub.example.com:443', '[::1]:443', '*.example.com', 'fe80::/10', '192.168.1.1:80', 'corp,localhost', '.', 'example.com.'];
const URLS = ['https://example.com/x', 'https://sub.example.com/x', 'https://a.example.com:8443/x', 'http://example.com/x', 'https://10.1.2.3/x',
  'https://192.168.1.1/x', 'http://192.168.1.1/x', 'https://localhost/x', 'https://127.0.0.1:8443/x', 'https://[::1]/x', 'https://EXAMPLE.com/x',
  'https://corp/x', 'https://x.corp/x', 'https://example.com.evil.com/x', 'https://[fe80::1]/x', 'https://sum.golang.org/lookup/x@v1', 'http://example.com:8443/x'];

function seededEnv(seed: number): ProxyEnv {
  const int = randomInts(seed);
  const pick = (xs: string[]) => xs[int(xs.length)];
  const env: ProxyEnv = {};
  const set = (k: keyof ProxyEnv, v: string) => { if (v !== '') env[k] = v; };
  set(int(4) === 0 ? 'https_proxy' : 'HTTPS_PROXY', pick(PROXIES));
  set(int(4) === 0 ? 'http_proxy' : 'HTTP_PROXY', pick(PROXIES));
  set(int(3) === 0 ? 'no_proxy' : 'NO_PROXY', pick(NO_PROXIES));
  if (int(8) === 0) env.REQUEST_METHOD = 'GET';
  return env;
}

type Answer = { scheme: string; user: string; hostname: string; port: string } | { none: true } | { error: string };

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', socks5: '1080' };
/**
 * A proxy as it is reached: scheme, credentials decoded, host name in lower case (an empty one is this machine, where
 * Go's dialer goes for it), port (the default filled in).
 */
function reached(a: Answer): string {
  if (!('scheme' in a)) return JSON.stringify(a);
  const decode = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };
  return `${a.scheme}://${decode(a.user)}@${a.hostname.toLowerCase() || '127.0.0.1'}:${a.port || DEFAULT_PORTS[a.scheme] || ''}`;
}

function ours(env: ProxyEnv, url: string): Answer {
  const d = proxyForUrl(proxyConfigFromEnv(env), url);
  if (d.reason === 'cgi-refused') return { error: 'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy' };
  if (!d.proxy) return { none: true };
  const p = d.proxy;
  const user = p.username || p.password ? `${p.username}${p.password ? `:${p.password}` : ''}` : '';
  return { scheme: p.protocol.replace(/:$/, ''), user, hostname: p.hostname.replace(/^\[(.*)\]$/, '$1'), port: p.port };
}

describe("proxy variables beside Go's net/http.ProxyFromEnvironment", function () {
  this.timeout(120_000);
  let program = '';
  before(function () {
    program = path.join(tempDir('go-proxy-env'), 'go-proxy-env');
    buildGoProgram('test/support/go-proxy-env', program);
  });

  it('60 seeded environments × 17 request URLs: the proxy Go picks, or none, or its refusal', () => {
    const differ: string[] = [];
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const env = seededEnv(seed);
      const r = spawnSync(program, [], { input: URLS.join('\n') + '\n', encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } as NodeJS.ProcessEnv });
      assert.equal(r.status, 0, r.stderr);
      r.stdout.trim().split('\n').forEach((line, i) => {
        const go = JSON.parse(line) as Answer;
        seen.add('scheme' in go ? 'proxied' : 'none' in go ? 'direct' : 'error');
        const o = ours(env, URLS[i]);
        if (reached(o) !== reached(go)) differ.push(`${JSON.stringify(env)} ${URLS[i]}: Go ${reached(go)}, ours ${reached(o)}`);
      });
    }
    assert.deepEqual(differ.slice(0, 12), []);
    for (const k of ['proxied', 'direct', 'error']) assert.ok(seen.has(k), `no seed reached ${k}`);
  });
});
