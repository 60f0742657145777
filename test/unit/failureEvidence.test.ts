// A failed read from the checksum database, turned into the evidence the probe hands to diagnose(): without
// servers. The sumdb client's own errors come from a real client reading from memory (a portal's page, a note
// signed by another key); transport failures are the errors our transport raises, as values.
import assert from 'node:assert/strict';
import { databaseReadEvidence } from '../../server/src/diagnosis/failureEvidence';
import { SumdbClient, type ClientOps } from '../../server/src/sumdb/client';
import { NotFoundError, RemoteStatusError, SecurityError, VerificationError } from '../../server/src/sumdb/client-errors';
import { generateKeyPair, parseSignerKey, signNote } from '../../server/src/sumdb/note';
import { TransportError } from '../../server/src/transport/types';

const LATEST = 'https://sum.golang.org/latest';

/** The error a client configured with `verifierKey` raises when /latest answers `body`. */
async function latestError(verifierKey: string, body: Uint8Array): Promise<unknown> {
  const ops: ClientOps = {
    readRemote: async () => body,
    readConfig: async () => undefined,
    writeConfig: async () => true,
    readCache: async () => undefined,
    securityError: () => undefined,
  };
  try {
    await new SumdbClient(ops, { verifierKey }).latest();
  } catch (err) {
    return err;
  }
  assert.fail('the client accepted the answer');
}

describe('a failed database read as evidence (no servers)', () => {
  it('a captive portal\'s page instead of the tree note: a foreign answer named by its title', async () => {
    const key = generateKeyPair('sum.golang.org').verifierKey;
    const err = await latestError(key, Buffer.from('<!DOCTYPE html><html><head><title>Hotel Wi-Fi login</title></head><body>Accept</body></html>\n'));
    assert.ok(err instanceof VerificationError && err.kind === 'malformed-note');
    const ev = databaseReadEvidence(err, LATEST, 'sum.golang.org');
    assert.equal(ev.kind, 'foreign-answer');
    assert.deepEqual(ev.kind === 'foreign-answer' && [ev.role, ev.url, ev.failure, ev.answer], ['database', LATEST, 'malformed-note', { form: 'html', sample: 'Hotel Wi-Fi login' }]);
    assert.match(ev.kind === 'foreign-answer' ? ev.goError : '', /^reading tree note: /);
  });

  it('a tree note signed by another key of the same name: a signature failure naming the database', async () => {
    const ours = generateKeyPair('sumdb.test');
    const theirs = generateKeyPair('sumdb.test');
    const note = signNote({ text: `go.sum database tree\n1\n${Buffer.alloc(32).toString('base64')}\n` }, parseSignerKey(theirs.signerKey));
    const err = await latestError(ours.verifierKey, note);
    assert.ok(err instanceof VerificationError && err.kind === 'unverified-note');
    assert.deepEqual(databaseReadEvidence(err, LATEST, 'sumdb.test'), { kind: 'signature', verification: 'unverified-note', name: 'sumdb.test', goError: err.message });
  });

  it('a certificate Go would refuse: TLS interception, with the issuer and the trust store Go reads', () => {
    const err = new TransportError('tls-unknown-authority', LATEST, 'x509: certificate signed by unknown authority', { issuer: 'Corp Inspection CA', subject: 'sum.golang.org' });
    assert.deepEqual(databaseReadEvidence(err, LATEST, 'sum.golang.org', '/etc/ssl/certs'), {
      kind: 'tls-untrusted', role: 'database', url: LATEST, host: 'sum.golang.org', failure: 'tls-unknown-authority',
      issuer: 'Corp Inspection CA', subject: 'sum.golang.org', store: '/etc/ssl/certs', goError: `Get "${LATEST}": x509: certificate signed by unknown authority`,
    });
  });

  it('a refused connection behind the client\'s "M@V: " copy: unreachable, quoted as Go quotes a GET', () => {
    const te = new TransportError('refused', LATEST, 'dial tcp 127.0.0.1:443: connect: connection refused');
    const wrapped = Object.assign(new Error(`golang.org/x/text@v0.14.0: ${te.message}`), { cause: te });
    assert.deepEqual(databaseReadEvidence(wrapped, `${LATEST}x`, 'sum.golang.org'), {
      kind: 'unreachable', role: 'database', url: `${LATEST}x`, failure: 'refused', goError: `Get "${LATEST}x": dial tcp 127.0.0.1:443: connect: connection refused`,
    });
  });

  it('statuses, a fork, a tile that does not hash up, and anything else', () => {
    const lookup = 'https://sum.golang.org/lookup/example.com/x@v1.0.0';
    const fork = new SecurityError('SECURITY ERROR', new Uint8Array(), new Uint8Array(), { n: 1, hash: new Uint8Array(32) }, { n: 2, hash: new Uint8Array(32) }, new Uint8Array(32), []);
    const cases: [unknown, unknown][] = [
      [new RemoteStatusError('503 Service Unavailable', lookup, 503, ''), { kind: 'database-status', url: lookup, status: 503, goError: '503 Service Unavailable' }],
      [new NotFoundError('404 Not Found', lookup, 404, ''), { kind: 'database-status', url: lookup, status: 404, goError: '404 Not Found' }],
      [new VerificationError('bad-signature', 'verifying tree note: invalid signature'), { kind: 'signature', verification: 'bad-signature', name: 'sum.golang.org', goError: 'verifying tree note: invalid signature' }],
      [fork, { kind: 'security', goError: 'SECURITY ERROR' }],
      [new VerificationError('inconsistent-tile', 'tile does not match'), { kind: 'security', goError: 'tile does not match' }],
      [new Error('something else'), { kind: 'unreachable', role: 'database', url: lookup, failure: 'other', goError: 'something else' }],
      ['a thrown string', { kind: 'unreachable', role: 'database', url: lookup, failure: 'other', goError: 'a thrown string' }],
    ];
    for (const [err, want] of cases) assert.deepEqual(databaseReadEvidence(err, lookup, 'sum.golang.org'), want, String(err));
  });
});
