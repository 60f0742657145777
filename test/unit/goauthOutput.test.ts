// GOAUTH's text as Go 1.24+ reads and writes it (transport/goauthOutput.ts, from cmd/go/internal/auth and
// cmd/internal/quoted): a command line's fields, a command's output (prefixes, headers, blank lines) and Go's
// error for output it refuses, the response a command reads after a 4xx, and git credential fill's answer.
import assert from 'node:assert/strict';
import { goauthMethods, parseGoauthOutput, quotedSplit, responseForStdin } from '../../server/src/transport/goauthOutput';
import { parseGitCredential } from '../../server/src/transport/goauth';

const parsed = (text: string) => {
  const r = parseGoauthOutput(text);
  return 'error' in r ? r : Object.fromEntries(r);
};

describe('GOAUTH text', () => {
  it('a command line splits on spaces, with \'…\' or "…" around a field and no escapes', () => {
    assert.deepEqual(quotedSplit(` /usr/bin/creds  --host 'a b' "c'd"\tx`), ['/usr/bin/creds', '--host', 'a b', "c'd", 'x']);
    assert.deepEqual(quotedSplit('creds "open'), { error: 'unterminated " string' });
    assert.deepEqual(quotedSplit(''), []);
  });

  it('output: each block\'s URL prefixes get its headers (keys in canonical form, continuation lines joined), the later block winning a prefix', () => {
    assert.deepEqual(parsed('https://proxy.corp/go\nhttps://sum.corp\n\nauthorization: Bearer a\nX-Token: one\n  two\n\nhttps://proxy.corp/go\n\nAuthorization: Bearer b\n\n'), {
      'proxy.corp/go': [['Authorization', 'Bearer b']],
      'sum.corp': [['Authorization', 'Bearer a'], ['X-Token', 'one two']],
    });
    assert.deepEqual(parsed(''), {});
    assert.deepEqual(parsed('https://a\r\n\r\nAuthorization: x\r\n\r\n'), { a: [['Authorization', 'x']] });
  });

  it('output Go refuses, in its words', () => {
    assert.deepEqual(parsed(' https://a\n\n\n'), { error: 'invalid format: leading or trailing white space' });
    assert.deepEqual(parsed('http://a\n\n\n'), { error: 'invalid format: expected url prefix or empty line' });
    assert.deepEqual(parsed('\nAuthorization: x\n\n'), { error: 'invalid format: expected url prefix' });
    assert.deepEqual(parsed('https://a\n\nno colon here\n\n'), { error: 'malformed MIME header line: no colon here' });
    assert.deepEqual(parsed('https://a\n\n bad: start\n\n'), { error: 'malformed MIME header initial line:  bad: start' });
    assert.deepEqual(parsed('https://a\n\nAuthorization: x\n'), { error: 'EOF' });
    assert.deepEqual(parsed('https://a\n'), { error: 'EOF' });
    assert.deepEqual(parsed('https://a\n\nAuthorization: x\n\n\n'), { error: 'invalid format: expected url prefix' });
    // White space as strings.TrimSpace has it: U+0085 is, U+FEFF is not.
    assert.deepEqual(parsed('https://a\u0085\n\n\n'), { error: 'invalid format: leading or trailing white space' });
    assert.deepEqual(parsed('https://a\ufeff\n\nAuthorization: x\n\n'), { 'a\ufeff': [['Authorization', 'x']] });
  });

  it('GOAUTH\'s commands are trimmed as Go trims them (strings.TrimSpace): "netrc\\u0085" is netrc, "\\ufeffnetrc" a command', () => {
    assert.deepEqual(goauthMethods('netrc\u0085;\ufeffnetrc; git /h ').map((m) => [m.text, m.kind]), [['netrc', 'netrc'], ['\ufeffnetrc', 'command'], ['git /h', 'git']]);
  });

  it('the response a command reads after a 4xx: status line, headers sorted in canonical form with CRLF, a blank line', () => {
    assert.equal(responseForStdin('HTTP/1.1', '401 Unauthorized', { 'www-authenticate': 'Basic realm="corp"', 'content-type': 'text/plain' }),
      'HTTP/1.1 401 Unauthorized\nContent-Type: text/plain\r\nWww-Authenticate: Basic realm="corp"\r\n\n');
  });
});

describe('git credential fill, as GOAUTH=git reads it', () => {
  it('the prefix from its url line, else from protocol, host and path as net/url writes them; the user and password', () => {
    assert.deepEqual(parseGitCredential('protocol=https\nhost=proxy.corp:8443\npath=go/mod\nusername=u\npassword=p=q\n'),
      { prefix: 'https://proxy.corp:8443/go/mod', username: 'u', password: 'p=q' });
    assert.deepEqual(parseGitCredential('  url=https://proxy.corp/\nprotocol=http\nusername=u\n').prefix, 'https://proxy.corp/');
    assert.equal(parseGitCredential('protocol=https\nhost=h\nurl=::bad\n').prefix, 'https://h', 'a malformed url line is passed over');
    assert.equal(parseGitCredential('no fields here\n').prefix, '');
    assert.equal(parseGitCredential('protocol=https\nhost=h\npassword=secret\u0085\n').password, 'secret', 'trimmed as Go trims a line');
  });
});
