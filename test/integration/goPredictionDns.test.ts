// The go command's error for a name that does not resolve, predicted: go1.19.8 and our check and probe run in a
// private network namespace (test/support/privateDns.ts) whose resolv.conf and DNS server the test chooses, so
// Go's own resolver ("lookup H on SERVER: ...") and the C library's (cgo, no server named) are both compared
// without a query leaving the machine. Which resolver Go picks is goResolverConf.ts (unit tests in goResolverConf.test.ts).
import assert from 'node:assert/strict';
import { ensureBuilt } from '../support/built';
import { goOnPath } from '../support/goEnv';
import { privateDnsUnavailable, runWithPrivateDns, type PrivateDnsRun } from '../support/privateDns';

const NXDOMAIN = 3;
const SERVFAIL = 2;
const GO_MOD = 'module example.com/app\n\ngo 1.17\n\nrequire example.com/greet v1.1.0\n';
const GO_SUM = 'example.com/greet v1.1.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
/** Go fetches the .mod from its GOPROXY first; check and probe read the database through the same proxy. */
const ENV = { GOPROXY: 'https://goproxy.test', GOSUMDB: 'sum.golang.org', GONOSUMDB: '', GOPRIVATE: '', GONOPROXY: '' };
const MOD_URL = 'go: example.com/greet@v1.1.0: Get "https://goproxy.test/example.com/greet/@v/v1.1.0.mod": dial tcp: ';

describe('a name that does not resolve: the go command\'s words, predicted (private network namespace)', function () {
  this.timeout(180_000);
  before(function () {
    const why = goOnPath() ? privateDnsUnavailable() : 'no go command on PATH';
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    ensureBuilt();
  });

  /** Go's text with the ephemeral port of its UDP socket (and ours, in our prediction) masked. */
  const portless = (s: string | null | undefined) => (s ?? '').replace(/read udp (\S+):\d+->/, 'read udp $1:PORT->');

  async function agree(run: Omit<PrivateDnsRun, 'goMod' | 'goSum' | 'env'> & { env?: Record<string, string> }, reason: string): Promise<void> {
    const r = await runWithPrivateDns({ goMod: GO_MOD, goSum: GO_SUM, ...run, env: { ...ENV, ...run.env } });
    assert.equal(portless(r.go), MOD_URL + reason, 'what go1.19.8 printed');
    assert.equal(portless(r.check.diagnosis?.goError), portless(r.go), 'check');
    assert.equal(r.probe.scenario, 'blocked');
    assert.equal(portless(r.probe.goError), portless(r.go), 'probe');
  }

  it('NXDOMAIN through Go\'s own resolver names the nameserver from resolv.conf', async () => {
    await agree({ resolvConf: 'nameserver 127.0.0.1\n', dns: { address: '127.0.0.1', rcode: NXDOMAIN } }, 'lookup goproxy.test on 127.0.0.1:53: no such host');
  });

  it('the first nameserver that is an address, port 53 added', async () => {
    await agree({ resolvConf: '# ours\nsearch corp.test\nnameserver dns.corp.test\nnameserver 127.0.0.53\nnameserver 127.0.0.1\noptions ndots:1\n', dns: { address: '127.0.0.53', rcode: NXDOMAIN } },
      'lookup goproxy.test on 127.0.0.53:53: no such host');
  });

  it('a nameserver Go does not read as an address (a leading zero, a lone colon) is passed over', async () => {
    await agree({ resolvConf: 'nameserver 010.0.0.1\nnameserver :\nnameserver 127.0.0.1\n', dns: { address: '127.0.0.1', rcode: NXDOMAIN } },
      'lookup goproxy.test on 127.0.0.1:53: no such host');
  });

  it('an IPv6 nameserver in brackets', async () => {
    await agree({ resolvConf: 'nameserver ::1\n', dns: { address: '::1', rcode: NXDOMAIN } }, 'lookup goproxy.test on [::1]:53: no such host');
  });

  it('SERVFAIL: "server misbehaving"', async () => {
    await agree({ resolvConf: 'nameserver 127.0.0.1\n', dns: { address: '127.0.0.1', rcode: SERVFAIL } }, 'lookup goproxy.test on 127.0.0.1:53: server misbehaving');
  });

  it('no DNS server listening: Go names both ends of its UDP socket (its port aside)', async () => {
    await agree({ resolvConf: 'nameserver 127.0.0.1\n' }, 'lookup goproxy.test on 127.0.0.1:53: read udp 127.0.0.1:PORT->127.0.0.1:53: read: connection refused');
  });

  it('through the C library (GODEBUG=netdns=cgo): no nameserver named', async () => {
    await agree({ resolvConf: 'nameserver 127.0.0.1\n', dns: { address: '127.0.0.1', rcode: NXDOMAIN }, env: { GODEBUG: 'netdns=cgo' } }, 'lookup goproxy.test: no such host');
  });

  it('GODEBUG as go1.19 reads it: the first netdns setting, and in "cgo+go" the later mode: Go\'s own resolver', async () => {
    await agree({ resolvConf: 'nameserver 127.0.0.1\n', dns: { address: '127.0.0.1', rcode: NXDOMAIN }, env: { GODEBUG: 'netdns=cgo+go,netdns=cgo' } },
      'lookup goproxy.test on 127.0.0.1:53: no such host');
  });

  it('nsswitch.conf naming files alone: no nameserver asked, "no suitable address found"', async () => {
    await agree({ resolvConf: 'nameserver 127.0.0.1\n', dns: { address: '127.0.0.1', rcode: NXDOMAIN }, nsswitch: 'hosts: files\n' }, 'address goproxy.test: no suitable address found');
  });

  it('through the C library because resolv.conf has an option Go does not know: SERVFAIL in glibc\'s words', async () => {
    await agree({ resolvConf: 'nameserver 127.0.0.1\noptions edns0\n', dns: { address: '127.0.0.1', rcode: SERVFAIL } }, 'lookup goproxy.test: Temporary failure in name resolution');
  });
});
