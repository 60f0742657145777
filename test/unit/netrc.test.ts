// The .netrc the go command reads credentials from, read as cmd/go/internal/auth reads it: Go's own test input
// (netrc_test.go), where an incomplete entry, a macdef body and everything after a default token give nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goAuthReadsNetrc, goNetrcPath, netrcFor, NetrcCredentials, parseNetrc, type NetrcMatching } from '../../server/src/transport/netrc';
import { credentialSources, unreadGoauthMethods } from '../../server/src/transport/goauth';

const GO_TEST_NETRC = `
machine incomplete
password none

machine api.github.com
  login user
  password pwd

machine incomlete.host
  login justlogin

machine test.host
login user2
password pwd2

machine oneline login user3 password pwd3

machine ignore.host macdef ignore
  login nobody
  password nothing

machine hasmacro.too macdef ignore-next-lines login user4 password pwd4
  login nobody
  password nothing

default
login anonymous
password gopher@golang.org

machine after.default
login oops
password too-late-in-file
`;

describe('.netrc, as the go command reads it', () => {
  it("gives Go's entries for Go's own test file", () => {
    assert.deepEqual(parseNetrc(GO_TEST_NETRC), [
      { machine: 'api.github.com', login: 'user', password: 'pwd' },
      { machine: 'test.host', login: 'user2', password: 'pwd2' },
      { machine: 'oneline', login: 'user3', password: 'pwd3' },
      { machine: 'hasmacro.too', login: 'user4', password: 'pwd4' },
    ]);
  });

  it('is $NETRC, else .netrc in the home directory (_netrc on Windows), else nowhere', () => {
    assert.equal(goNetrcPath({ NETRC: '/etc/creds', HOME: '/home/a' }, 'linux'), '/etc/creds');
    assert.equal(goNetrcPath({ HOME: '/home/a' }, 'linux'), path.join('/home/a', '.netrc'));
    assert.equal(goNetrcPath({ USERPROFILE: 'C:\\Users\\a', HOME: '/ignored' }, 'win32'), path.join('C:\\Users\\a', '_netrc'));
    assert.equal(goNetrcPath({}, 'linux'), undefined);
  });

  it('is read when GOAUTH (Go 1.24+) names netrc among its commands, as by default, and not when it is off or another command', () => {
    for (const on of ['netrc', ' netrc ', 'git /src; netrc', 'netrc;git /src']) assert.equal(goAuthReadsNetrc(on), true, on);
    for (const off of ['off', 'git /src', '/usr/bin/creds --json', 'netrcx', 'git netrc']) assert.equal(goAuthReadsNetrc(off), false, off);
  });

  it('is read by the go command before 1.24 whatever GOAUTH says, matched by host name; from 1.24 (or a release unknown) as GOAUTH says, matched as URL prefixes', () => {
    const env = { HOME: '/home/a' };
    const file = path.join('/home/a', '.netrc');
    for (const old of ['go1.19.8', 'go1.23.4', 'go1.21rc2']) {
      assert.deepEqual(netrcFor('off', env, old), { file, matching: 'hostname' }, old);
      assert.deepEqual(netrcFor('netrc', env, old), { file, matching: 'hostname' }, old);
    }
    for (const today of ['go1.24.0', 'go1.26.1', 'go1.100', 'devel go1.27-0a1b2c3 Mon Aug 3', undefined]) {
      assert.deepEqual(netrcFor('netrc', env, today), { file, matching: 'prefix' }, today);
      assert.equal(netrcFor('off', env, today), undefined, today);
    }
    assert.equal(netrcFor('netrc', {}, 'go1.19.8'), undefined, 'no home, no .netrc');
  });

  it('GOAUTH methods whose credentials we never fetch: git and mtls by name, a command as written; none before Go 1.24', () => {
    assert.deepEqual(unreadGoauthMethods('netrc; git /src ;mtls https://h /c.pem; /usr/bin/creds --host x', 'go1.26.1'), ['git', 'mtls', '/usr/bin/creds --host x']);
    assert.deepEqual(unreadGoauthMethods('netrc; git /src ;mtls https://h /c.pem; /usr/bin/creds --host x', 'go1.26.1', true), ['mtls']);
    assert.deepEqual(unreadGoauthMethods('netrc', undefined), []);
    assert.deepEqual(unreadGoauthMethods('git /src', 'go1.23.4'), []);
    assert.deepEqual(credentialSources('git /src', { HOME: '/h' }, 'go1.26.1'), { goauthUnread: ['git'] });
    assert.deepEqual(credentialSources('git /src', { HOME: '/h' }, 'go1.22.0'), { netrc: { file: path.join('/h', '.netrc'), matching: 'hostname' } });
  });

  it('a FIFO in its place (which the go command would wait on for ever) is read as no file, at once', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'netrc-fifo-'));
    try {
      const file = path.join(dir, '.netrc');
      execFileSync('mkfifo', [file]);
      const started = Date.now();
      assert.equal(new NetrcCredentials({ file, matching: 'hostname' }).authorizationFor('https://proxy.corp/x', 'proxy.corp'), undefined);
      assert.ok(Date.now() - started < 1_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the entry a request gets', () => {
    let dir: string;
    before(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'netrc-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));
    function credentials(matching: NetrcMatching, text: string): NetrcCredentials {
      const file = path.join(dir, `netrc-${matching}`);
      writeFileSync(file, text);
      return new NetrcCredentials({ file, matching });
    }
    const NETRC = [
      'machine proxy.corp login host password 1',
      'machine proxy.corp:8443 login port password 2',
      'machine https://proxy.corp:9443/artifactory/ login path password 3',
      'machine proxy.corp:8443 login later password 4',
    ].join('\n') + '\n';
    const loginFor = (c: NetrcCredentials, url: string) => c.entryFor(url, new URL(url).hostname)?.login;

    it('since Go 1.24: the machine as a URL prefix (scheme and one trailing slash dropped; the earliest entry for it wins), so a URL naming a port needs the port (golang/go#81253)', () => {
      const c = credentials('prefix', NETRC);
      assert.equal(loginFor(c, 'https://proxy.corp/sumdb/sum.golang.org/supported'), 'host');
      assert.equal(loginFor(c, 'https://proxy.corp:8443/sumdb/sum.golang.org/lookup/x@v1.0.0'), 'port');
      assert.equal(loginFor(c, 'https://proxy.corp:9443/artifactory/api/go/sumdb/x'), 'path');
      assert.equal(loginFor(c, 'https://proxy.corp:9443/artifactory'), 'path');
      assert.equal(loginFor(c, 'https://proxy.corp:9443/other/artifactory/x'), undefined);
      assert.equal(loginFor(c, 'https://proxy.corp:443/x'), undefined, 'Go keeps a port written, even the default one');
      assert.equal(loginFor(c, 'https://user:pw@proxy.corp/x'), undefined, 'a URL with a user is matched with it');
      assert.deepEqual(c.noteFor('https://proxy.corp:7000/x', 'proxy.corp', false), { sent: 'none', netrc: { file: path.join(dir, 'netrc-prefix'), matching: 'prefix' }, passedOver: 'proxy.corp' });
      assert.deepEqual(c.noteFor('https://user:pw@proxy.corp/x', 'proxy.corp', true).sent, 'url');
      assert.deepEqual(c.noteFor('https://proxy.corp:8443/x', 'proxy.corp', false), { sent: 'netrc', machine: 'proxy.corp:8443', netrc: { file: path.join(dir, 'netrc-prefix'), matching: 'prefix' } });
    });

    it('before Go 1.24: the first entry whose machine is the URL\'s host name, whatever the port; one written with a port is never used', () => {
      const c = credentials('hostname', NETRC.split('\n').slice(1).join('\n') + 'machine proxy.corp login host password 1\n');
      assert.equal(loginFor(c, 'https://proxy.corp:9443/x'), 'host');
      assert.equal(loginFor(c, 'https://proxy.corp/x'), 'host');
      assert.equal(c.noteFor('https://other.corp:8443/x', 'other.corp', false).passedOver, undefined);
      const portOnly = credentials('hostname', 'machine proxy.corp:8443 login port password 2\n');
      assert.equal(credentials('prefix', 'machine [::1] login v6 password 6\n').noteFor('https://[::1]:8443/x', '::1', false).passedOver, '[::1]');
      assert.deepEqual(portOnly.noteFor('https://proxy.corp:8443/x', 'proxy.corp', false).passedOver, 'proxy.corp:8443');
    });
  });
});
