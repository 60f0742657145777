// A failed read from the checksum database, turned into the evidence the probe hands to diagnose() and the
// scenario check names, by one classification (databaseReadFailure): without servers. The sumdb client's own errors come from a real client reading from memory (a portal's page, a note
// signed by another key); transport failures are the errors our transport raises, as values.
import assert from 'node:assert/strict';
import { scenarioForError, type ScenarioContext } from '../../server/src/audit/scenario';
import { diagnose } from '../../server/src/diagnosis/diagnose';
import { databaseReadFailure, type ReadFailure } from '../../server/src/diagnosis/failureEvidence';
import { SumdbClient, type ClientOps } from '../../server/src/sumdb/client';
import { NotFoundError, RemoteStatusError, SecurityError, VerificationError } from '../../server/src/sumdb/clientErrors';
import { generateKeyPair, parseSignerKey, signNote } from '../../server/src/sumdb/note';
import { TransportError } from '../../server/src/transport/types';
import { StepClock } from '../support/stepClock';
import { DatabaseBase } from '../../server/src/sumdb/databaseBase';
import { parseGoUrl } from '../../server/src/shared/goUrl';

const proxyUrl = parseGoUrl('https://proxy.golang.org');
const PROXY_DATABASE = DatabaseBase.throughProxy(proxyUrl.ok ? proxyUrl.url : assert.fail(), 'sum.golang.org');

const LATEST = 'https://sum.golang.org/latest';
const LOOKUP_PATH = '/lookup/example.com/x@v1.0.0';

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
    await new SumdbClient(ops, { verifierKey, clock: new StepClock() }).latest();
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
    const ev = databaseReadFailure(err, { url: LATEST, database: 'sum.golang.org' }).evidence;
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
    assert.deepEqual(databaseReadFailure(err, { url: LATEST, database: 'sumdb.test' }).evidence, { kind: 'signature', verification: 'unverified-note', name: 'sumdb.test', goError: err.message });
  });

  it('a certificate Go would refuse: TLS interception, with the issuer and the trust store Go reads', () => {
    const err = new TransportError('tls-unknown-authority', LATEST, 'x509: certificate signed by unknown authority', { issuer: 'Corp Inspection CA', subject: 'sum.golang.org' });
    assert.deepEqual(databaseReadFailure(err, { url: LATEST, database: 'sum.golang.org', store: '/etc/ssl/certs' }).evidence, {
      kind: 'tls-untrusted', role: 'database', url: LATEST, host: 'sum.golang.org', failure: 'tls-unknown-authority',
      issuer: 'Corp Inspection CA', subject: 'sum.golang.org', store: '/etc/ssl/certs', goError: `Get "${LATEST}": x509: certificate signed by unknown authority`,
    });
  });

  it('a refused connection behind the client\'s "M@V: " copy: unreachable, quoted as Go quotes a GET', () => {
    const te = new TransportError('refused', LATEST, 'dial tcp 127.0.0.1:443: connect: connection refused');
    const wrapped = Object.assign(new Error(`golang.org/x/text@v0.14.0: ${te.message}`), { cause: te });
    assert.deepEqual(databaseReadFailure(wrapped, { url: `${LATEST}x`, database: 'sum.golang.org' }).evidence, {
      kind: 'unreachable', role: 'database', url: `${LATEST}x`, failure: 'refused', goError: `Get "${LATEST}x": dial tcp 127.0.0.1:443: connect: connection refused`,
    });
  });

  it('statuses, a fork, a tile that does not hash up, and anything else', () => {
    const lookup = 'https://sum.golang.org/lookup/example.com/x@v1.0.0';
    const fork = new SecurityError('SECURITY ERROR', new Uint8Array(), new Uint8Array(), { n: 1, hash: new Uint8Array(32) }, { n: 2, hash: new Uint8Array(32) }, new Uint8Array(32), []);
    const cases: [unknown, unknown][] = [
      [new RemoteStatusError('503 Service Unavailable', lookup, 503, '', LOOKUP_PATH), { kind: 'database-status', url: lookup, status: 503, goError: '503 Service Unavailable' }],
      [new NotFoundError('404 Not Found', lookup, 404, '', LOOKUP_PATH), { kind: 'database-status', url: lookup, status: 404, goError: '404 Not Found' }],
      [new VerificationError('bad-signature', 'verifying tree note: invalid signature'), { kind: 'signature', verification: 'bad-signature', name: 'sum.golang.org', goError: 'verifying tree note: invalid signature' }],
      [fork, { kind: 'security', goError: 'SECURITY ERROR' }],
      [new VerificationError('inconsistent-tile', 'tile does not match'), { kind: 'security', goError: 'tile does not match' }],
      [new Error('something else'), { kind: 'unreachable', role: 'database', url: lookup, failure: 'other', goError: 'something else' }],
      ['a thrown string', { kind: 'unreachable', role: 'database', url: lookup, failure: 'other', goError: 'a thrown string' }],
    ];
    for (const [err, want] of cases) assert.deepEqual(databaseReadFailure(err, { url: lookup, database: 'sum.golang.org' }).evidence, want, String(err));
  });
});

describe('one classification of a failed database read for check and probe (no servers)', () => {
  const LOOKUP = 'https://sum.golang.org/lookup/example.com/x@v1.0.0';
  const ctx: ScenarioContext = {
    database: 'sum.golang.org',
    env: { GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org' },
    route: { moduleProxy: 'https://proxy.golang.org', database: PROXY_DATABASE },
  };
  /** What the probe concludes from the failure alone, and what check names as the go.sum's scenario. */
  const probeScenario = (err: unknown) => diagnose([databaseReadFailure(err, { url: LATEST, database: 'sum.golang.org' }).evidence], ctx).scenario;
  const checkScenario = (err: unknown) => scenarioForError(err, ctx)?.scenario;

  interface Case {
    name: string;
    err: unknown;
    scope: ReadFailure['scope'];
    evidence: Record<string, unknown>;
    probe: string;
    /** undefined: check leaves it to the go.sum lines' verdicts. */
    check: string | undefined;
  }
  const cases: Case[] = [
    {
      name: 'a refused connection', err: new TransportError('refused', LATEST, 'dial tcp 127.0.0.1:443: connect: connection refused'),
      scope: 'database', evidence: { kind: 'unreachable', failure: 'refused', url: LATEST }, probe: 'blocked', check: 'blocked',
    },
    {
      name: 'a name that does not resolve', err: new TransportError('dns', LATEST, 'dial tcp: lookup sum.golang.org: no such host'),
      scope: 'database', evidence: { kind: 'unreachable', failure: 'dns' }, probe: 'blocked', check: 'blocked',
    },
    {
      name: 'a connection that times out', err: new TransportError('timeout', LATEST, 'dial tcp 127.0.0.1:443: i/o timeout', { phase: 'connect' }),
      scope: 'database', evidence: { kind: 'unreachable', failure: 'timeout', phase: 'connect' }, probe: 'blocked', check: 'blocked',
    },
    {
      name: 'a certificate from an unknown authority',
      err: new TransportError('tls-unknown-authority', LATEST, 'x509: certificate signed by unknown authority', { issuer: 'Corp Inspection CA', subject: 'sum.golang.org' }),
      scope: 'database', evidence: { kind: 'tls-untrusted', host: 'sum.golang.org', issuer: 'Corp Inspection CA' }, probe: 'tls-intercepted', check: 'tls-intercepted',
    },
    {
      name: 'an HTTP proxy that answers CONNECT with 403',
      err: new TransportError('refused', LATEST, 'Forbidden', { proxy: 'http://gopher:secret@proxy.corp.test:3128', proxyStatus: 403 }),
      scope: 'database', evidence: { kind: 'unreachable', refusedBy: { proxy: 'http://proxy.corp.test:3128', status: 403, target: 'sum.golang.org:443' } },
      probe: 'blocked', check: 'blocked',
    },
    {
      name: 'an HTTP proxy that wants credentials (407)',
      err: new TransportError('refused', LATEST, 'Proxy Authentication Required', { proxy: 'http://proxy.corp.test:3128', proxyStatus: 407 }),
      scope: 'database', evidence: { kind: 'unreachable', refusedBy: { proxy: 'http://proxy.corp.test:3128', status: 407, target: 'sum.golang.org:443' } },
      probe: 'blocked', check: 'blocked',
    },
    {
      name: 'an answer that is not HTTP', err: new TransportError('malformed', LATEST, 'malformed HTTP response "SSH-2.0-OpenSSH_9.2"'),
      scope: 'database', evidence: { kind: 'foreign-answer', answer: { form: 'not-http' } }, probe: 'blocked', check: 'blocked',
    },
    {
      name: 'a version the database does not know (404)', err: new NotFoundError('example.com/x@v1.0.0: 404 Not Found', LOOKUP, 404, 'not found', LOOKUP_PATH),
      scope: 'version', evidence: { kind: 'database-status', status: 404, goError: '404 Not Found' }, probe: 'blocked', check: undefined,
    },
    {
      name: 'a version the database has removed (410)', err: new NotFoundError('example.com/x@v1.0.0: 410 Gone', LOOKUP, 410, 'gone', LOOKUP_PATH),
      scope: 'version', evidence: { kind: 'database-status', status: 410, goError: '410 Gone' }, probe: 'blocked', check: undefined,
    },
    {
      name: 'a tile the database does not serve (404): Go stops on it for the versions it proves',
      err: new NotFoundError('example.com/x@v1.0.0: reading https://sum.golang.org/tile/8/0/000: 404 Not Found', 'https://sum.golang.org/tile/8/0/000', 404, '', '/tile/8/0/000'),
      scope: 'version', evidence: { kind: 'database-status', status: 404, goError: 'reading https://sum.golang.org/tile/8/0/000: 404 Not Found' }, probe: 'blocked', check: undefined,
    },
    {
      name: 'no tree head at the URL (404 for /latest): no database there',
      err: new NotFoundError('reading https://sum.golang.org/latest: 404 Not Found', 'https://sum.golang.org/latest', 404, '', '/latest'),
      scope: 'database', evidence: { kind: 'database-status', status: 404, goError: 'reading https://sum.golang.org/latest: 404 Not Found' }, probe: 'blocked', check: 'blocked',
    },
    {
      name: 'the database answering 503', err: new RemoteStatusError('example.com/x@v1.0.0: 503 Service Unavailable', LOOKUP, 503, '', LOOKUP_PATH),
      scope: 'database', evidence: { kind: 'database-status', status: 503, goError: '503 Service Unavailable' }, probe: 'blocked', check: 'blocked',
    },
    {
      name: 'a tree note that is a login page',
      err: new VerificationError('malformed-note', 'reading tree note: malformed note\nnote:\n<html><title>Login</title></html>'),
      // The whole text: Go quotes the note it refused on the lines after its error.
      scope: 'database', evidence: { kind: 'foreign-answer', answer: { form: 'html', sample: 'Login' }, goError: 'reading tree note: malformed note\nnote:\n<html><title>Login</title></html>' }, probe: 'blocked', check: 'blocked',
    },
    {
      name: 'a note no configured key signed', err: new VerificationError('unverified-note', 'reading tree note: note has no verifiable signatures'),
      scope: 'database', evidence: { kind: 'signature', verification: 'unverified-note' }, probe: 'misconfigured', check: 'misconfigured',
    },
    {
      name: 'a bad signature by the configured key', err: new VerificationError('bad-signature', 'verifying tree note: invalid signature'),
      scope: 'version', evidence: { kind: 'signature', verification: 'bad-signature' }, probe: 'disagreement', check: undefined,
    },
    {
      name: 'a tile that does not hash up', err: new VerificationError('inconsistent-tile', 'example.com/x@v1.0.0: tile does not match'),
      scope: 'version', evidence: { kind: 'security', goError: 'example.com/x@v1.0.0: tile does not match' }, probe: 'disagreement', check: undefined,
    },
    {
      name: 'an error that is none of ours', err: new Error('something else'),
      scope: 'unknown', evidence: { kind: 'unreachable', failure: 'other', url: LATEST }, probe: 'blocked', check: undefined,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.scope}, ${String(c.evidence.kind)}; the probe says ${c.probe}, check ${c.check ?? 'leaves it to the lines'}`, () => {
      const failure = databaseReadFailure(c.err, { url: LATEST, database: 'sum.golang.org' });
      assert.equal(failure.scope, c.scope);
      for (const [field, want] of Object.entries(c.evidence)) assert.deepEqual((failure.evidence as Record<string, unknown>)[field], want, field);
      assert.equal(probeScenario(c.err), c.probe);
      assert.equal(checkScenario(c.err), c.check);
    });
  }

  it('where check names a scenario, it is the probe\'s, with the same title and the same quote of the go command', () => {
    for (const c of cases.filter((x) => x.check !== undefined)) {
      const fromCheck = scenarioForError(c.err, ctx);
      const fromProbe = diagnose([databaseReadFailure(c.err, { url: LATEST, database: 'sum.golang.org' }).evidence], ctx);
      assert.deepEqual([fromCheck?.scenario, fromCheck?.title, fromCheck?.goError], [fromProbe.scenario, fromProbe.title, fromProbe.goError], c.name);
    }
  });

  it('check names a transport failure at its own URL and a page at the database\'s base; the probe at the URL it read', () => {
    const refused = new TransportError('refused', LOOKUP, 'connection refused');
    const atOwn = databaseReadFailure(refused, { database: 'sum.golang.org', base: PROXY_DATABASE }).evidence;
    assert.equal(atOwn.kind === 'unreachable' && atOwn.url, LOOKUP);
    const page = new VerificationError('malformed-record', 'malformed record data');
    const atBase = databaseReadFailure(page, { database: 'sum.golang.org', base: PROXY_DATABASE }).evidence;
    assert.equal(atBase.kind === 'foreign-answer' && atBase.url, 'https://proxy.golang.org/sumdb/sum.golang.org');
    const atUrl = databaseReadFailure(page, { database: 'sum.golang.org', base: PROXY_DATABASE, url: LOOKUP }).evidence;
    assert.equal(atUrl.kind === 'foreign-answer' && atUrl.url, LOOKUP);
  });
});
