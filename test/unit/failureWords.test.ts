// Go's words for DNS failures and resets, as failure.ts words them (pure). The go command itself is compared in
// test/integration/goPredictionDns.test.ts (DNS) and goPrediction.test.ts (resets).
import assert from 'node:assert/strict';
import { goLookupReason, goReason, resetReadReason, tcpEndsOf } from '../../server/src/transport/failure';

describe('Go\'s words for a name that does not resolve', () => {
  it('names the nameserver only for Go\'s own resolver', () => {
    const go = { resolver: 'go' as const, nameserver: '10.1.2.3:53' };
    assert.equal(goLookupReason('sumdb.test', 'ENOTFOUND', go), 'lookup sumdb.test on 10.1.2.3:53: no such host');
    assert.equal(goLookupReason('sumdb.test', 'ENOTFOUND', { resolver: 'cgo' }), 'lookup sumdb.test: no such host');
    assert.equal(goLookupReason('sumdb.test', 'EAI_AGAIN', go), 'lookup sumdb.test on 10.1.2.3:53: server misbehaving');
    assert.equal(goLookupReason('sumdb.test', 'EAI_AGAIN', { resolver: 'cgo' }), 'lookup sumdb.test: Temporary failure in name resolution');
    assert.equal(goLookupReason('sumdb.test', 'EAI_AGAIN', go, { rcode: 2 }), 'lookup sumdb.test on 10.1.2.3:53: server misbehaving');
    assert.equal(goLookupReason('sumdb.test', 'EAI_AGAIN', go, { refused: '10.0.0.7:40001' }),
      'lookup sumdb.test on 10.1.2.3:53: read udp 10.0.0.7:40001->10.1.2.3:53: read: connection refused', 'nothing listens at the server');
    assert.equal(goReason('dns', { host: 'sumdb.test', lookup: go }), 'dial tcp: lookup sumdb.test on 10.1.2.3:53: no such host');
    assert.equal(goReason('dns', { host: 'sumdb.test' }), 'dial tcp: lookup sumdb.test: no such host', 'where the resolver is unknown');
  });
});

describe('Go\'s words for a reset', () => {
  it('names the phase: dialing, or reading the server\'s hello from our end of the connection', () => {
    assert.equal(goReason('reset', { address: '127.0.0.1:4430', phase: 'connect' }), 'dial tcp 127.0.0.1:4430: connect: connection reset by peer');
    assert.equal(resetReadReason({ local: '127.0.0.1:50123', remote: '127.0.0.1:4430' }),
      'read tcp 127.0.0.1:50123->127.0.0.1:4430: read: connection reset by peer');
    assert.equal(goReason('reset', { message: 'other side closed' }), 'EOF', 'a close without a reset');
  });

  it('under a request, names both ends of the connection as Go writes addresses (IPv6 in brackets)', () => {
    assert.equal(resetReadReason(tcpEndsOf({ localAddress: '127.0.0.1', localPort: 50123, remoteAddress: '127.0.0.1', remotePort: 443 })!),
      'read tcp 127.0.0.1:50123->127.0.0.1:443: read: connection reset by peer');
    assert.equal(resetReadReason(tcpEndsOf({ localAddress: '::1', localPort: 50123, remoteAddress: '2001:db8::7', remotePort: 443 })!),
      'read tcp [::1]:50123->[2001:db8::7]:443: read: connection reset by peer');
    assert.equal(tcpEndsOf({ localAddress: '127.0.0.1', localPort: 50123 }), undefined, 'a socket no longer connected names no ends');
  });
});
