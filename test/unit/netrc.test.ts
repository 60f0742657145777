// The .netrc the go command reads credentials from, read as cmd/go/internal/auth reads it: Go's own test input
// (netrc_test.go), where an incomplete entry, a macdef body and everything after a default token give nothing.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { goAuthReadsNetrc, goNetrcPath, parseNetrc } from '../../server/src/transport/netrc';

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
});
