// How go1.19 on Linux resolves a name (its own resolver or the C library's) and which nameserver its error names,
// read from resolv.conf/nsswitch.conf text and the environment as net/conf.go and net/dnsconfig_unix.go do.
// test/integration/goPredictionDns.test.ts checks the outcome against the go command.
import assert from 'node:assert/strict';
import { goLookupOf, parseResolvConf } from '../../server/src/transport/goResolverConf';

const DEBIAN = { nsswitch: 'passwd: files systemd\nhosts:          files dns\nnetworks: files\n', hostname: 'box' };

describe('the resolver the go command uses', () => {
  it('names the first nameserver that is an IP address, with port 53, IPv6 in brackets', () => {
    assert.equal(parseResolvConf('# c\n; c\nsearch corp\nnameserver dns.corp\nnameserver 10.1.2.3\nnameserver 10.9.9.9\n').nameserver, '10.1.2.3:53');
    assert.equal(parseResolvConf('nameserver fe80::1%eth0\n').nameserver, '[fe80::1%eth0]:53');
    assert.equal(parseResolvConf('nameserver 2001:db8::53\n').nameserver, '[2001:db8::53]:53');
    assert.equal(parseResolvConf('nameserver 300.1.2.3\nnameserver\tx\n').nameserver, '127.0.0.1:53', 'no usable server: Go asks 127.0.0.1:53');
    assert.equal(parseResolvConf(undefined).nameserver, '127.0.0.1:53', 'no file: the same default');
  });

  it('uses its own resolver with Debian\'s "files dns", and the C library for what Go leaves to it', () => {
    const rc = 'nameserver 10.1.2.3\noptions ndots:2 timeout:1 rotate\n';
    assert.deepEqual(goLookupOf({ ...DEBIAN, resolvConf: rc }, {}, 'sumdb.test'), { resolver: 'go', nameserver: '10.1.2.3:53' });
    const cgo = { resolver: 'cgo' };
    assert.deepEqual(goLookupOf({ ...DEBIAN, resolvConf: rc + 'options edns0\n' }, {}, 'sumdb.test'), cgo, 'an option Go does not know');
    assert.deepEqual(goLookupOf({ ...DEBIAN, resolvConf: rc + 'sortlist 10.0.0.0\n' }, {}, 'sumdb.test'), cgo, 'a keyword Go does not know');
    assert.deepEqual(goLookupOf({ ...DEBIAN, resolvConf: rc }, { GODEBUG: 'netdns=cgo+1' }, 'sumdb.test'), cgo);
    assert.deepEqual(goLookupOf({ ...DEBIAN, resolvConf: rc }, { LOCALDOMAIN: '' }, 'sumdb.test'), cgo, 'LOCALDOMAIN counts when set, even empty');
    assert.deepEqual(goLookupOf({ ...DEBIAN, resolvConf: rc }, { RES_OPTIONS: 'x' }, 'sumdb.test'), cgo);
    assert.deepEqual(goLookupOf({ ...DEBIAN, resolvConf: rc }, { RES_OPTIONS: '' }, 'sumdb.test').resolver, 'go', 'RES_OPTIONS counts only when not empty');
    assert.deepEqual(goLookupOf({ ...DEBIAN, resolvConf: rc }, {}, 'printer.local.'), cgo, '.local names go to mDNS');
    assert.deepEqual(goLookupOf({ ...DEBIAN, resolvConf: rc + 'options edns0\n' }, { GODEBUG: 'x=1,netdns=go' }, 'a.test').resolver, 'go', 'netdns=go wins');
  });

  it('reads nsswitch.conf\'s hosts line as Go does', () => {
    const rc = 'nameserver 10.1.2.3\n';
    const order = (hosts: string | undefined, host = 'sumdb.test', extra = {}) =>
      goLookupOf({ resolvConf: rc, nsswitch: hosts === undefined ? undefined : `hosts: ${hosts}\n`, hostname: 'box', ...extra }, {}, host).resolver;
    assert.equal(order(undefined), 'go', 'no nsswitch.conf');
    assert.equal(order('dns files'), 'go');
    assert.equal(order('files mdns4_minimal [NOTFOUND=return] dns'), 'go', 'mdns is skipped when /etc/mdns.allow is absent');
    assert.equal(order('files mdns4_minimal [NOTFOUND=return] dns', 'sumdb.test', { mdnsAllow: true }), 'cgo');
    assert.equal(order('files dns [NOTFOUND=return]'), 'go', 'a last "return" is standard');
    assert.equal(order('files [NOTFOUND=return UNAVAIL=continue] dns'), 'cgo', 'only the last criterion may say return');
    assert.equal(order('files [!UNAVAIL=return] dns'), 'cgo');
    assert.equal(order('files resolve dns'), 'cgo', 'systemd-resolved\'s module');
    assert.equal(order('files myhostname dns'), 'go');
    assert.equal(order('files myhostname dns', 'box'), 'cgo', 'myhostname answers for the machine\'s own name');
    assert.equal(order('files myhostname dns', 'gateway'), 'cgo');
    assert.equal(order('mdns4'), 'cgo', 'neither files nor dns');
    // net/nss.go parts sources and criteria at spaces only, trims only space, tab, CR and LF, takes an action up to
    // the end, and parses every line: any error in the file hands lookups to the C library.
    assert.equal(order('\tfiles dns\t'), 'go');
    assert.equal(order('files'), 'files', 'hostLookupFiles: /etc/hosts alone, no nameserver');
    assert.equal(order('dns'), 'go');
    assert.equal(order('files\tdns'), 'cgo', 'one source named "files\\tdns"');
    assert.equal(order('files dns [SUCCESS=return=x]'), 'cgo', 'the action is "return=x"');
    assert.equal(order('files dns [NOTFOUND=return\tUNAVAIL=continue]'), 'cgo', 'one criterion with a tab in its action');
    assert.equal(order('files\u00a0dns'), 'cgo', 'NBSP is no space to net');
    const file = (text: string) => goLookupOf({ resolvConf: rc, nsswitch: text, hostname: 'box' }, {}, 'sumdb.test').resolver;
    assert.equal(file('passwd: files [x]\nhosts: files dns\n'), 'cgo', '"criterion too short" on another line');
    assert.equal(file('passwd: files [ab]\nhosts: files dns\n'), 'cgo', 'a criterion without "="');
    assert.equal(file('passwd: files [\nhosts: files dns\n'), 'cgo', 'an unclosed bracket on another line');
    assert.equal(file('passwd: files [!a=b]\nhosts: files dns\n'), 'go', 'criteria Go reads, on a line it does not look at');
  });
});
