// What a 401 or 403 from an HTTPS proxy or database is told by (diagnosis/credentials.ts): the credentials the go
// command sends there, or why none, with the .netrc entry to add; nothing where credentials explain nothing.
import assert from 'node:assert/strict';
import { credentialsAdvice } from '../../server/src/diagnosis/credentials';
import { sayIn } from '../../server/src/i18n';

const t = sayIn('en');
const NETRC = (matching: 'hostname' | 'prefix') => ({ file: '/home/a/.netrc', matching });

describe('credentials advice', () => {
  it('none sent and none read: how to give the go command some, for the host as the URL writes it', () => {
    const a = credentialsAdvice('https://proxy.corp:8443/sumdb/sum.golang.org/supported', 401, { sent: 'none' }, t)!;
    assert.equal(a.title, 'proxy.corp wants credentials, and the go command sends it none.');
    assert.match(a.explanation, /it reads no \.netrc/);
    assert.match(a.fixes[0].advice!, /machine proxy\.corp:8443 login <user> password <token>.*https:\/\/<user>:<token>@proxy\.corp:8443\//);
  });

  it('an entry the release passes over: since 1.24 the host and port (keep the old one), before it the host name', () => {
    const since = credentialsAdvice('https://proxy.corp:8443/x', 401, { sent: 'none', netrc: NETRC('prefix'), passedOver: 'proxy.corp' }, t)!;
    assert.match(since.explanation, /entry for machine proxy\.corp, but the go command here \(Go 1\.24 or later.*only an entry for proxy\.corp:8443 is used/);
    assert.equal(since.fixes[0].title, 'Add an entry for machine proxy.corp:8443 to /home/a/.netrc');
    assert.match(since.fixes[0].advice!, /Keep the entry for proxy\.corp: go commands before 1\.24/);
    const before = credentialsAdvice('https://[::1]:8443/x', 403, { sent: 'none', netrc: NETRC('hostname'), passedOver: '[::1]:8443' }, t)!;
    assert.equal(before.fixes[0].title, 'Add an entry for machine ::1 to /home/a/.netrc');
  });

  it('credentials the server refuses are named by where they come from; a 403 with none sent nor meant is no credentials matter', () => {
    const refused = credentialsAdvice('https://u:xxxxx@proxy.corp/x', 403, { sent: 'url' }, t)!;
    assert.equal(refused.title, 'proxy.corp refuses the credentials the go command sends it.');
    assert.match(refused.explanation, /answered 403 to the credentials the go command sends it, the user name and password written in its URL/);
    assert.equal(credentialsAdvice('https://proxy.corp/x', 403, { sent: 'none', netrc: NETRC('prefix') }, t), undefined);
    assert.equal(credentialsAdvice('http://proxy.corp/x', 401, { sent: 'none' }, t), undefined);
    assert.match(credentialsAdvice('https://proxy.corp/x', 401, { sent: 'none', netrc: NETRC('prefix') }, t)!.explanation, /\/home\/a\/\.netrc has no entry for machine proxy\.corp\./);
  });

  it('speaks Chinese where asked, Go\'s names kept', () => {
    const zh = credentialsAdvice('https://proxy.corp:8443/x', 401, { sent: 'none', netrc: NETRC('prefix'), passedOver: 'proxy.corp' }, sayIn('zh-cn'))!;
    assert.match(zh.explanation, /golang\/go#81253/);
    assert.match(zh.fixes[0].title, /machine proxy\.corp:8443/);
    assert.doesNotMatch(zh.explanation, /wants credentials/);
  });

  it('GOAUTH methods whose credentials we never fetch are named: the go command may be let in where we are not', () => {
    const a = credentialsAdvice('https://proxy.corp/x', 401, { sent: 'none', netrc: NETRC('prefix'), unread: ['git', '/usr/bin/creds --json'] }, t)!;
    assert.match(a.explanation, /has no entry for machine proxy\.corp\. So downloads fail with the error below\. GOAUTH also names git; \/usr\/bin\/creds --json, whose credentials Go Sum Doctor does not fetch/);
  });
});
