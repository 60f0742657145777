// Which resolver the go command's net package picks for a name (its own, or the C library's) as /etc/nsswitch.conf
// says, beside go1.19 itself: each text is bind-mounted over /etc/nsswitch.conf in a private mount and network
// namespace while `go mod download` looks up goproxy.test with GODEBUG=netdns=2 (test/support/nsswitchOrder.sh).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goLookupOf } from '../../server/src/transport/goResolverConf';
import { goOnPath } from '../support/goEnv';
import { privateDnsUnavailable } from '../support/privateDns';

const TEXTS = [
  'hosts: files dns\n', 'hosts:\tfiles dns\t# comment\n', 'hosts: files\tdns\n', 'hosts: dns files\n', 'hosts: files\n',
  'hosts: files dns [NOTFOUND=return]\n', 'hosts: files [NOTFOUND=return] dns\n', 'hosts: files dns [SUCCESS=return=x]\n',
  'hosts: files dns [NOTFOUND=return\tUNAVAIL=continue]\n', 'hosts: files [!UNAVAIL=return] dns\n', 'hosts: files\u00a0dns\n',
  'hosts: files resolve [!UNAVAIL=return] dns\n', 'hosts: files mdns4_minimal [NOTFOUND=return] dns\n', 'hosts: files myhostname dns\n',
  'passwd: files [x]\nhosts: files dns\n', 'passwd: files [ab]\nhosts: files dns\n', 'passwd: files [\nhosts: files dns\n',
  'passwd: files [!a=b]\nhosts: files dns\n', 'no colon here\nhosts: files dns\n', 'hosts: files dns\nhosts: mdns4\n',
  'passwd: files\n', '', 'hosts: files [tryagain=continue unavail=continue] dns [success=RETURN]\n', 'hosts:files dns[NOTFOUND=return]\n',
];

describe('nsswitch.conf read as the go command\'s net package reads it (private mount namespace, go1.19)', function () {
  this.timeout(180_000);
  let goOrders: string[] = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nsswitch-'));
  after(() => fs.rmSync(work, { recursive: true, force: true }));
  before(function () {
    const why = goOnPath() ? privateDnsUnavailable() : 'no go command on PATH';
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    fs.mkdirSync(path.join(work, 'mod'));
    fs.writeFileSync(path.join(work, 'mod', 'go.mod'), 'module example.com/app\n\ngo 1.17\n\nrequire example.com/greet v1.1.0\n');
    const files = TEXTS.map((text, i) => {
      const f = path.join(work, `nsswitch-${i}`);
      fs.writeFileSync(f, text);
      return f;
    });
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin:/usr/sbin:/sbin', HOME: work, WORK: work, GOPATH: path.join(work, 'gopath'), GOCACHE: path.join(work, 'gocache'),
      GOENV: 'off', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'https://goproxy.test', GOSUMDB: 'off',
    };
    goOrders = execFileSync('unshare', ['--net', '--mount', 'sh', path.join(__dirname, '..', 'support', 'nsswitchOrder.sh'), ...files], { env, encoding: 'utf8', timeout: 120_000 })
      .trim().split('\n');
  });

  it('picks Go\'s own resolver, /etc/hosts alone or the C library where go1.19 does, for every text', () => {
    assert.equal(goOrders.length, TEXTS.length, goOrders.join('\n'));
    const mdnsAllow = fs.existsSync('/etc/mdns.allow');
    const disagreements = TEXTS.flatMap((text, i) => {
      // Go's own order: files and DNS in either order, or DNS alone, is its resolver; /etc/hosts alone is "files".
      const theirs = goOrders[i] === 'cgo' || goOrders[i] === 'files' ? goOrders[i] : 'go';
      const ours = goLookupOf({ resolvConf: 'nameserver 127.0.0.1\n', nsswitch: text, mdnsAllow, hostname: os.hostname() }, {}, 'goproxy.test').resolver;
      return ours === theirs ? [] : [`${JSON.stringify(text)}: go ${goOrders[i]}, we ${ours}`];
    });
    assert.ok(goOrders.every((o) => o !== 'none'), `go printed no lookup order: ${goOrders.join(' ')}`);
    assert.ok(goOrders.filter((o) => o === 'cgo').length >= 8 && goOrders.filter((o) => o !== 'cgo').length >= 6, goOrders.join(' '));
    assert.deepEqual(disagreements, []);
  });
});
