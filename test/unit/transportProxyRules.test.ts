import assert from 'node:assert/strict';
import { parseProxyUrl, proxyConfigFromEnv, proxyForUrl, withExplicitProxy, ProxyEnv } from '../../server/src/transport/proxyRules';

function decide(env: ProxyEnv, url: string): string {
  const d = proxyForUrl(proxyConfigFromEnv(env), url);
  return d.proxy ? d.proxy.href : `direct (${d.reason})`;
}

describe('proxy rules (Go httpproxy)', () => {
  const P = 'http://proxy.corp:3128/';
  const cases: { name: string; env: ProxyEnv; url: string; want: string }[] = [
    { name: 'https requests use HTTPS_PROXY', env: { HTTPS_PROXY: 'proxy.corp:3128' }, url: 'https://sum.golang.org/latest', want: P },
    { name: 'http requests ignore HTTPS_PROXY', env: { HTTPS_PROXY: 'proxy.corp:3128' }, url: 'http://example.com/', want: 'direct (no-proxy-configured)' },
    { name: 'https requests ignore HTTP_PROXY', env: { HTTP_PROXY: 'proxy.corp:3128' }, url: 'https://sum.golang.org/', want: 'direct (no-proxy-configured)' },
    { name: 'upper case wins over lower case', env: { HTTPS_PROXY: 'proxy.corp:3128', https_proxy: 'other:1' }, url: 'https://a.com/', want: P },
    { name: 'lower case is read when upper case is empty', env: { HTTPS_PROXY: '', https_proxy: 'proxy.corp:3128' }, url: 'https://a.com/', want: P },
    { name: 'localhost is never proxied', env: { HTTPS_PROXY: P }, url: 'https://localhost:8443/', want: 'direct (loopback)' },
    { name: '127.0.0.1 is never proxied', env: { HTTP_PROXY: P }, url: 'http://127.0.0.1:9/', want: 'direct (loopback)' },
    { name: 'anything in 127/8 is never proxied', env: { HTTP_PROXY: P }, url: 'http://127.3.4.5/', want: 'direct (loopback)' },
    { name: '[::1] is never proxied', env: { HTTP_PROXY: P }, url: 'http://[::1]:80/', want: 'direct (loopback)' },
    { name: 'an IPv4-mapped loopback is never proxied (Go reads it as IPv4)', env: { HTTP_PROXY: P }, url: 'http://[::ffff:127.0.0.1]/', want: 'direct (loopback)' },
    { name: 'an IPv4 entry matches the IPv4-mapped form of its address', env: { HTTPS_PROXY: P, NO_PROXY: '10.1.2.3' }, url: 'https://[::ffff:10.1.2.3]/', want: 'direct (no-proxy-match)' },
    { name: 'a name that merely resolves to loopback is proxied', env: { HTTPS_PROXY: P }, url: 'https://sum.golang.org/', want: P },
    { name: 'NO_PROXY=* disables the proxy', env: { HTTPS_PROXY: P, NO_PROXY: '*' }, url: 'https://sum.golang.org/', want: 'direct (no-proxy-match)' },
    { name: 'a domain matches itself', env: { HTTPS_PROXY: P, NO_PROXY: 'golang.org' }, url: 'https://golang.org/', want: 'direct (no-proxy-match)' },
    { name: 'a domain matches its subdomains', env: { HTTPS_PROXY: P, NO_PROXY: 'golang.org' }, url: 'https://sum.golang.org/', want: 'direct (no-proxy-match)' },
    { name: 'a domain does not match a longer name', env: { HTTPS_PROXY: P, NO_PROXY: 'golang.org' }, url: 'https://notgolang.org/', want: P },
    { name: 'a leading dot matches subdomains only', env: { HTTPS_PROXY: P, NO_PROXY: '.golang.org' }, url: 'https://golang.org/', want: P },
    { name: 'a leading dot matches a subdomain', env: { HTTPS_PROXY: P, NO_PROXY: '.golang.org' }, url: 'https://sum.golang.org/', want: 'direct (no-proxy-match)' },
    { name: '*.domain matches subdomains only', env: { HTTPS_PROXY: P, NO_PROXY: '*.golang.org' }, url: 'https://golang.org/', want: P },
    { name: 'entries are trimmed and lower-cased', env: { HTTPS_PROXY: P, NO_PROXY: ' foo.com , SUM.Golang.ORG ' }, url: 'https://sum.golang.org/', want: 'direct (no-proxy-match)' },
    { name: 'a port in NO_PROXY must match', env: { HTTPS_PROXY: P, NO_PROXY: 'sum.golang.org:8443' }, url: 'https://sum.golang.org/', want: P },
    { name: 'the default port counts as the port', env: { HTTPS_PROXY: P, NO_PROXY: 'sum.golang.org:443' }, url: 'https://sum.golang.org/', want: 'direct (no-proxy-match)' },
    { name: 'an IP matches the same IP', env: { HTTPS_PROXY: P, NO_PROXY: '10.1.2.3' }, url: 'https://10.1.2.3/', want: 'direct (no-proxy-match)' },
    { name: 'a CIDR matches an address inside', env: { HTTPS_PROXY: P, NO_PROXY: '10.0.0.0/8' }, url: 'https://10.1.2.3/', want: 'direct (no-proxy-match)' },
    { name: 'a CIDR does not match a name', env: { HTTPS_PROXY: P, NO_PROXY: '10.0.0.0/8' }, url: 'https://ten.example/', want: P },
    { name: 'an IPv6 CIDR matches', env: { HTTPS_PROXY: P, NO_PROXY: '2001:db8::/32' }, url: 'https://[2001:db8::5]/', want: 'direct (no-proxy-match)' },
    { name: 'an IP with port must match the port', env: { HTTPS_PROXY: P, NO_PROXY: '10.1.2.3:80' }, url: 'https://10.1.2.3/', want: P },
    { name: 'a malformed entry is ignored', env: { HTTPS_PROXY: P, NO_PROXY: ':80,,' }, url: 'https://a.com/', want: P },
    { name: 'REQUEST_METHOD (CGI) refuses HTTP_PROXY for http', env: { HTTP_PROXY: P, REQUEST_METHOD: 'GET' }, url: 'http://a.com/', want: 'direct (cgi-refused)' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(decide(c.env, c.url), c.want));
  }

  it('reads a proxy given as host:port, a full URL, or https://', () => {
    assert.equal(parseProxyUrl('proxy.corp:3128')?.href, 'http://proxy.corp:3128/');
    assert.equal(parseProxyUrl('127.0.0.1:3128')?.href, 'http://127.0.0.1:3128/');
    assert.equal(parseProxyUrl('https://user:pw@proxy.corp')?.href, 'https://user:pw@proxy.corp/');
    assert.equal(parseProxyUrl(''), null);
  });

  it("VS Code's http.proxy applies to both schemes and still honours NO_PROXY", () => {
    const config = withExplicitProxy(proxyConfigFromEnv({ NO_PROXY: 'internal.corp' }), 'http://editor-proxy:8080');
    assert.equal(proxyForUrl(config, 'https://sum.golang.org/').proxy?.href, 'http://editor-proxy:8080/');
    assert.equal(proxyForUrl(config, 'http://goproxy.cn/').proxy?.href, 'http://editor-proxy:8080/');
    assert.equal(proxyForUrl(config, 'https://git.internal.corp/').proxy, null);
  });
});
