import assert from 'node:assert/strict';
import { resolveGoEnv, EnvInputs } from '../../server/src/goenv/resolve';
import { lintGoEnv, SettingLint } from '../../server/src/goenv/lints';

const HOME = '/home/gopher';
const FILE = `${HOME}/.config/go/env`;

function lints(process: Record<string, string>, fileText?: string): SettingLint[] {
  const inputs: EnvInputs = { process: { HOME, ...process }, platform: 'linux', userFile: fileText === undefined ? undefined : { path: FILE, text: fileText } };
  return lintGoEnv(resolveGoEnv(inputs));
}
const codes = (ls: SettingLint[]) => ls.map((l) => l.code);

describe('setting lints', () => {
  it('the default setup has nothing to say', () => {
    assert.deepEqual(lints({}), []);
  });

  it('a comma list in GOSUMDB (the blog-post advice) gets Go\'s error and a fix through GOPROXY', () => {
    const [l] = lints({ GOSUMDB: 'https://sum.golang.org,https://goproxy.cn/sumdb' });
    assert.equal(l.code, 'gosumdb-comma-list');
    assert.equal(l.goError, 'invalid GOSUMDB: malformed verifier id');
    assert.deepEqual(l.fix?.env, { GOSUMDB: 'sum.golang.org', GOPROXY: 'https://goproxy.cn,https://proxy.golang.org,direct' });
  });

  it('"name+https://url" gets the space-separated fix', () => {
    const [l] = lints({ GOSUMDB: 'sum.golang.org+https://sum.golang.google.cn' });
    assert.equal(l.code, 'gosumdb-url-in-key');
    assert.equal(l.goError, 'invalid GOSUMDB: malformed verifier id');
    assert.deepEqual(l.fix?.env, { GOSUMDB: 'sum.golang.org https://sum.golang.google.cn' });
  });

  it('an unknown database name without a key is named as such', () => {
    const [l] = lints({ GOSUMDB: 'gosum.io' });
    assert.equal(l.code, 'gosumdb-unknown-name');
    assert.equal(l.fix, undefined);
  });

  it('a database URL without a scheme gets https:// added', () => {
    const [l] = lints({ GOSUMDB: 'sum.golang.org sum.golang.google.cn' });
    assert.equal(l.code, 'gosumdb-url-scheme');
    assert.deepEqual(l.fix?.env, { GOSUMDB: 'sum.golang.org https://sum.golang.google.cn' });
  });

  it('GOSUMDB=off is explained: new modules unchecked, go.sum still enforced', () => {
    const [l] = lints({ GOSUMDB: 'off' });
    assert.equal(l.code, 'gosumdb-off');
    assert.match(l.message, /still enforced/);
    assert.deepEqual(l.fix?.env, { GOSUMDB: '' });
  });

  it('GONOSUMCHECK in the env file points at its line and offers GONOSUMDB', () => {
    const [l] = lints({ GOPRIVATE: 'corp.example.com' }, '# mine\nGONOSUMCHECK=git.corp.example.com\n');
    assert.equal(l.code, 'ignored-variable');
    assert.deepEqual([l.source.file, l.source.line, l.source.range], [FILE, 1, { start: 13, end: 33 }]);
    assert.deepEqual(l.fix?.env, { GONOSUMDB: 'corp.example.com,git.corp.example.com', GONOSUMCHECK: '' });
  });

  it('GOINSECURE is not mistaken for skipping the database', () => {
    const ls = lints({ GOINSECURE: 'git.corp.example.com' });
    assert.deepEqual(codes(ls), ['goinsecure-not-sumdb']);
    assert.deepEqual(ls[0].fix?.env, { GONOSUMDB: 'git.corp.example.com' });
    assert.deepEqual(lints({ GOINSECURE: 'git.corp.example.com', GOPRIVATE: '*.corp.example.com' }), []);
  });

  it('GOFLAGS=-insecure is flagged and removed, other flags kept', () => {
    const [l] = lints({ GOFLAGS: '-mod=mod -insecure' });
    assert.equal(l.code, 'goflags-insecure');
    assert.deepEqual(l.fix?.env, { GOFLAGS: '-mod=mod' });
  });

  it('a GOAUTH the go command refuses at its first request gets its words (it walks the commands last first) and the fix to read .netrc', () => {
    const refusal = (goauth: string) => {
      const ls = lints({ GOAUTH: goauth });
      assert.deepEqual(codes(ls), ['goauth-invalid'], goauth);
      assert.deepEqual(ls[0].fix?.env, { GOAUTH: '' });
      return ls[0].goError;
    };
    assert.equal(refusal('netrc;'), 'GOAUTH encountered an empty command (GOAUTH=netrc;)');
    assert.equal(refusal('off;netrc'), 'GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)');
    assert.equal(refusal('git'), 'GOAUTH=git dir method requires an absolute path to the git working directory');
    assert.equal(refusal('git /a /b'), 'GOAUTH=git dir method requires an absolute path to the git working directory');
    assert.equal(refusal('netrc;git ~/src'), 'GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute');
    // mtls (parseClientCertificate): an HTTPS origin alone, absolute certificate and key files.
    assert.equal(refusal('mtls https://proxy.corp'), 'GOAUTH=mtls: usage: mtls https-origin cert-file [key-file]');
    assert.equal(refusal('mtls proxy.corp /c.pem'), 'GOAUTH=mtls: invalid HTTPS origin "proxy.corp": parse "proxy.corp": invalid URI for request');
    assert.equal(refusal('mtls https://proxy.corp/go /c.pem'), 'GOAUTH=mtls: origin must be an HTTPS URL without user information, a non-root path, query, or fragment');
    assert.equal(refusal('mtls http://proxy.corp /c.pem'), 'GOAUTH=mtls: origin must be an HTTPS URL without user information, a non-root path, query, or fragment');
    assert.equal(refusal('mtls https://:443 /c.pem'), 'GOAUTH=mtls: HTTPS origin is missing a hostname');
    assert.equal(refusal('mtls https://pröxy.corp /c.pem'), 'GOAUTH=mtls: HTTPS origin hostname must use ASCII or Punycode');
    assert.equal(refusal('mtls https://proxy.corp:8443/ c.pem'), 'GOAUTH=mtls: certificate file must be an absolute path');
    assert.equal(refusal("mtls https://proxy.corp '/my certs/c.pem' key.pem"), 'GOAUTH=mtls: key file must be an absolute path');
    assert.equal(refusal('mtls "https://proxy.corp /c.pem'), 'cannot parse GOAUTH=mtls command "mtls \\"https://proxy.corp /c.pem": unterminated " string');
    assert.deepEqual(codes(lints({ GOAUTH: "netrc; mtls https://proxy.corp:8443 '/my certs/c.pem' /k.pem" })), ['goauth-unread']);
    // Last first: the empty command after the bad git one is the one Go meets.
    assert.equal(refusal('git rel;'), 'GOAUTH encountered an empty command (GOAUTH=git rel;)');
  });

  it('GOAUTH is nothing to the go command before 1.24 ($GOROOT/VERSION): no lint of it there; from 1.24, and for a release unknown, the lints above', () => {
    const withRelease = (gorootVersion: string | undefined) => lintGoEnv(resolveGoEnv({ process: { HOME, GOAUTH: 'netrc;' }, platform: 'linux', ...(gorootVersion ? { gorootVersion } : {}) }));
    for (const old of ['go1.19.8', 'go1.23.12', 'go1.23rc1']) assert.deepEqual(codes(withRelease(old)), [], old);
    for (const today of ['go1.24rc1', 'go1.24.0', 'go1.26.1', 'devel go1.27-abc', 'go1.26.1 X:boringcrypto', undefined]) assert.deepEqual(codes(withRelease(today)), ['goauth-invalid'], today);
  });

  it('GOTOOLCHAIN the go command (1.21 and later) cannot read is its error, with a fix that unsets it; before 1.21 nothing reads it', () => {
    const withRelease = (GOTOOLCHAIN: string, gorootVersion?: string) =>
      lintGoEnv(resolveGoEnv({ process: { HOME, GOTOOLCHAIN }, platform: 'linux', ...(gorootVersion ? { gorootVersion } : {}) }));
    const [l, ...rest] = withRelease('asdf', 'go1.22.1');
    assert.deepEqual(rest, []);
    assert.equal(l.code, 'gotoolchain-invalid');
    assert.equal(l.severity, 'error');
    assert.equal(l.goError, 'invalid GOTOOLCHAIN "asdf"');
    assert.deepEqual(l.fix?.env, { GOTOOLCHAIN: '' });
    assert.equal(withRelease('go1.23+latest', 'go1.22.1')[0].goError, 'invalid GOTOOLCHAIN "go1.23+latest": only version suffixes are +auto and +path');
    for (const fine of ['auto', 'local', 'path', 'go1.23.4', 'go1.23.4+auto', 'local+path']) assert.deepEqual(codes(withRelease(fine, 'go1.22.1')), [], fine);
    assert.deepEqual(codes(withRelease('asdf', 'go1.19.8')), [], 'go1.19 reads no GOTOOLCHAIN');
  });

  it('GOAUTH methods we take no credentials from (mtls; its commands and git we run) are said once, in their order; netrc and off need nothing', () => {
    const [l, ...rest] = lints({ GOAUTH: 'netrc; git /home/gopher/src ;/usr/local/bin/creds --host; mtls https://h /c.pem' });
    assert.deepEqual(rest, []);
    assert.equal(l.code, 'goauth-unread');
    assert.equal(l.severity, 'info');
    assert.match(l.message, /from mtls\. Go Sum Doctor reads \.netrc and runs GOAUTH's commands, but takes no credentials from these/);
    assert.deepEqual(lints({ GOAUTH: '/usr/local/bin/creds --host; git /src' }), []);
    for (const fine of ['netrc', 'off', ' netrc ', '']) assert.deepEqual(lints({ GOAUTH: fine }), [], fine);
  });

  it('GOPROXY=off is explained with Go\'s words', () => {
    const [l] = lints({ GOPROXY: 'off' });
    assert.equal(l.code, 'goproxy-off');
    assert.equal(l.goError, 'module lookup disabled by GOPROXY=off');
  });

  it('GOPROXY=direct notes that the database is contacted directly', () => {
    assert.deepEqual(codes(lints({ GOPROXY: 'direct' })), ['goproxy-direct-database']);
    assert.deepEqual(lints({ GOPROXY: 'direct', GOSUMDB: 'sum.golang.google.cn' }), [], 'a URL in GOSUMDB needs no proxy');
  });

  it('an invalid GOPROXY gets Go\'s error', () => {
    const [l] = lints({ GOPROXY: 'proxy' });
    assert.equal(l.goError, 'invalid proxy URL missing scheme: proxy');
  });

  it('GOPRIVATE patterns that can never match are pointed at precisely, with a cleaned-up list', () => {
    const ls = lints({}, 'GOPRIVATE=corp.com, https://git.corp.com,[bad\r\n');
    assert.deepEqual(codes(ls), ['pattern-never-matches', 'pattern-never-matches']);
    assert.deepEqual(ls.map((l) => l.source.range), [{ start: 19, end: 40 }, { start: 41, end: 45 }]);
    assert.match(ls[0].message, /space/);
    assert.match(ls[1].message, /carriage return/);
    assert.deepEqual(ls[0].fix?.env, { GOPRIVATE: 'corp.com,git.corp.com' });
    assert.deepEqual(lints({ GOPRIVATE: '*.corp.com,github.com/acme/' }), []);
    // A list written with spaces is the list it meant, with commas (the fix used to write it back as it was); one
    // holding nothing that can match is unset.
    assert.deepEqual(lints({ GOPRIVATE: 'github.com/corp gitlab.corp.com' })[0].fix?.env, { GOPRIVATE: 'github.com/corp,gitlab.corp.com' });
    assert.deepEqual(lints({ GONOSUMDB: '"[bad"' })[0].fix?.env, { GONOSUMDB: '' });
  });

  it('a CRLF env file breaks GONOSUMDB, and the lint says why', () => {
    const [l] = lints({}, 'GONOSUMDB=corp.com\r\n');
    assert.equal(l.code, 'pattern-never-matches');
    assert.match(l.message, /carriage return/);
    assert.deepEqual(l.fix?.env, { GONOSUMDB: 'corp.com' });
  });
});
