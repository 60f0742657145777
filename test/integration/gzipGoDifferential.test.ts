// Bodies sent with Content-Encoding: gzip, read by us (transport/gzipBody.ts, transport/inflate.ts) and by Go's own
// HTTP client (test/support/go-gunzip: net/http's default transport asks for gzip and decodes it): seeded members
// as compressors write them (every level, stored blocks, fixed and dynamic codes, header fields, several members),
// then cut, flipped, padded or rewritten the ways a broken server or proxy gets them wrong. For every body both must
// hand over the same bytes and stop with the same error, offsets in "flate: corrupt input before offset N" included.
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { gunzipAsGo, isGzipEncoding } from '../../server/src/transport/gzipBody';
import { randomInts } from '../support/fuzz';
import { closedAfterSuite } from '../support/suiteServers';
import { brokenGzip, gzipMember, gzipMembers } from '../support/gzipBodies';
import { auditSetup, parse } from '../support/auditSetup';
import { testCertificates } from '../support/certs';
import { goModDownload, greetBesideGo } from '../support/goModDownload';
import { startRelayFront } from '../support/relayFront';
import { assertSeedsAgreeWithGo, checkOutcome, goErrorOf } from '../support/seededBesideGo';
import { goProgramBeforeSuite } from '../support/goProgramSuite';

interface Answer { body: string; error: string }

/** Seeds given to the go command (each one a go run). */
const SEEDS = 80;

/** Record-like text: the lines a lookup answers with, or bytes of any value. */
function plainText(int: (n: number) => number): Buffer {
  if (int(4) === 0) return Buffer.from(Array.from({ length: int(3000) }, () => int(256)));
  const lines = Array.from({ length: int(40) }, (_, i) => `golang.org/x/text v0.${int(20)}.${i} h1:${'abcdefghij'.repeat(4).slice(int(10))}=\n`);
  return Buffer.from(lines.join('').repeat(1 + int(3)), 'latin1');
}

/** One seed's body: members of seeded text, then the seed's way of breaking them (or none). */
function seededBody(seed: number): Buffer {
  const int = randomInts(seed);
  return brokenGzip(int, Buffer.concat(Array.from({ length: 1 + int(3) }, () => gzipMember(int, plainText(int)))));
}

describe("gzip bodies beside Go's HTTP client", function () {
  this.timeout(120_000);
  const goProgram = goProgramBeforeSuite('go-gunzip');

  it('3,000 seeded bodies, whole and broken: the same bytes and the same error as Go', () => {
    const bodies = Array.from({ length: 3_000 }, (_, seed) => seededBody(seed));
    const go = goProgram.ask<Answer>(bodies.map((b) => ({ body: b.toString('base64'), encoding: 'gzip' })));
    let whole = 0;
    const differ = bodies.flatMap((b, i) => {
      const ours = gunzipAsGo(b, 64 << 20);
      if (go[i].error === '') whole++;
      const same = ours.body.toString('base64') === go[i].body && (ours.error ?? '') === go[i].error;
      return same ? [] : [`seed ${i}: go ${JSON.stringify(go[i].error)} (${Buffer.from(go[i].body, 'base64').length} bytes), ours ${JSON.stringify(ours.error)} (${ours.body.length} bytes)`];
    });

    console.log(`      Go read ${whole} whole, stopped on ${bodies.length - whole}`);
    assert.deepEqual(differ.slice(0, 20), []);
    assert.ok(whole > 300 && whole < bodies.length - 300, 'the seeds reach both outcomes');
  });

  it('Content-Encoding as Go matches it: "gzip" in any case is decoded, anything else is handed over as sent', () => {
    const gz = zlib.gzipSync('golang.org/x/text v0.14.0 h1:x=\n');
    const encodings = ['gzip', 'GZIP', 'Gzip', 'x-gzip', 'gzip, identity', 'deflate', 'identity', ''];
    const go = goProgram.ask<Answer>(encodings.map((encoding) => ({ body: gz.toString('base64'), encoding })));
    const decodedByGo = encodings.filter((_, i) => go[i].body !== gz.toString('base64'));
    assert.deepEqual(decodedByGo, ['gzip', 'GZIP', 'Gzip']);
    assert.deepEqual(encodings.filter((e) => isGzipEncoding(e)), decodedByGo);
  });
});

/**
 * An answer carrying `body` gzip-encoded, one per connection: 200 unless `status` says otherwise (its reason and
 * `more` header lines); `missing` bytes more than it sends are promised (a body cut short).
 */
function gzipAnswer(body: Buffer, { status = '200 OK', more = '', missing = 0 } = {}): Buffer {
  return Buffer.concat([Buffer.from(`HTTP/1.1 ${status}\r\n${more}Content-Encoding: gzip\r\nContent-Length: ${body.length + missing}\r\nConnection: close\r\n\r\n`), body]);
}

/** A seed's lookup answer: the record in seeded members, broken the seed's way or not. */
function seededLookup(seed: number, record: Buffer): Buffer {
  const int = randomInts(seed);
  return gzipAnswer(brokenGzip(int, gzipMembers(int, record)));
}

describe('a database whose answers come gzip-encoded, read by the go command and by us', function () {
  this.timeout(300_000);
  const greet = greetBesideGo();
  const keep = closedAfterSuite();

  /** The database behind a front that gzips every answer, its lookups as `seededLookup` makes them. */
  async function front(seed: number): Promise<string> {
    return keep(await startRelayFront(greet.db.url, ({ target, body }) => (target.startsWith('/lookup/') ? seededLookup(seed, body) : gzipAnswer(zlib.gzipSync(body))))).url;
  }

  it('every answer gzip-encoded: go verifies greet, and check verifies it too', async () => {
    const db = keep(await startRelayFront(greet.db.url, ({ body }) => gzipAnswer(zlib.gzipSync(body))));
    const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${db.url}` };
    assert.equal(goErrorOf(await goModDownload(env)), '');
    assert.equal(await checkOutcome(env, greet.gp.goSumLines), '');
  });

  it('a lookup marked gzip that is plain text: check says what answered, and quotes the line go stops with', async () => {
    const db = keep(await startRelayFront(greet.db.url, ({ target, body }) => (target.startsWith('/lookup/') ? gzipAnswer(body) : undefined)));
    const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${db.url}` };
    const go = goErrorOf(await goModDownload(env));
    assert.match(go, /: reading http:\/\/127\.0\.0\.1:\d+\/lookup\/example\.com\/greet@v1\.1\.0: gzip: invalid header$/);
    const a = await auditSetup(env);
    try {
      const r = await a.auditor.audit(parse(greet.gp.goSumLines));
      assert.equal(r.scenario?.scenario, 'blocked');
      assert.equal(r.scenario?.goError, go);
      assert.match(r.scenario?.explanation ?? '', /answered with a body marked as gzip-compressed \(Content-Encoding: gzip\) that does not decompress/);
    } finally {
      await a.close();
    }
  });

  it('a 404 whose text/plain page comes gzip-encoded: go quotes the page decoded, and so does check', async () => {
    const page = zlib.gzipSync('not found: example.com/greet@v1.1.0: no such module in this mirror\n');
    const db = keep(await startRelayFront(greet.db.url, ({ target }) => (target.startsWith('/lookup/')
      ? gzipAnswer(page, { status: '404 Not Found', more: 'Content-Type: text/plain\r\n' })
      : undefined)));
    const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${db.url}` };
    const go = goErrorOf(await goModDownload(env));
    assert.match(go, /server response: not found: example\.com\/greet@v1\.1\.0: no such module in this mirror/);
    assert.equal(await checkOutcome(env, greet.gp.goSumLines), go);
  });

  it('a gzip lookup cut short: go meets a fault in the bytes before the cut first, else the cut; so does check', async () => {
    for (const [what, bodyOf, goSays] of [
      ['not gzip at all', (record: Buffer) => record, 'gzip: invalid header'],
      ['a whole member with a wrong checksum', (record: Buffer) => { const z = zlib.gzipSync(record); z[z.length - 8] ^= 1; return z; }, 'gzip: invalid checksum'],
      ['half of a good member', (record: Buffer) => { const z = zlib.gzipSync(record); return z.subarray(0, z.length >> 1); }, 'unexpected EOF'],
    ] as const) {
      const db = keep(await startRelayFront(greet.db.url, ({ target, body }) => (target.startsWith('/lookup/') ? gzipAnswer(bodyOf(body), { missing: 100 }) : undefined)));
      const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${db.url}` };
      const go = goErrorOf(await goModDownload(env));
      assert.ok(go.endsWith(`/lookup/example.com/greet@v1.1.0: ${goSays}`), `${what}: ${go}`);
      assert.equal(await checkOutcome(env, greet.gp.goSumLines), go, what);
    }
  });

  it(`${SEEDS} seeded lookups: check verifies where go does, and quotes go's line where it stops`, async () => {
    await assertSeedsAgreeWithGo(Array.from({ length: SEEDS }, (_, i) => i + 1), greet.gp.goSumLines, async (seed) => ({
      env: { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${await front(seed)}` },
      shown: seededLookup(seed, Buffer.from('RECORD\n')).toString('base64'),
    }));
  });
});

describe('a database over HTTPS and HTTP/2 that compresses when asked, beside the go command', function () {
  this.timeout(120_000);
  const certs = testCertificates();
  const greet = greetBesideGo({ tls: { cert: certs.server.cert, key: certs.server.key, http2: true } });
  afterEach(() => greet.db.setMisbehavior({ kind: 'honest' }));

  function env(): Record<string, string> {
    return { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${greet.db.url}`, SSL_CERT_FILE: certs.rootBundlePath };
  }

  it('answers gzip-encoded to whoever asks: go asks and verifies, check asks and verifies', async () => {
    greet.db.setMisbehavior({ kind: 'gzip' });
    assert.equal(goErrorOf(await goModDownload(env())), '');
    const gzippedForGo = greet.db.gzipped;
    assert.ok(gzippedForGo > 0, 'go asked for gzip');
    assert.equal(await checkOutcome(env(), greet.gp.goSumLines), '');
    assert.ok(greet.db.gzipped > gzippedForGo, 'check asked for gzip and was answered so');
  });

  it('answers marked gzip that are not: the same line from go and check, over HTTP/2', async () => {
    greet.db.setMisbehavior({ kind: 'mislabelled-gzip', paths: ['/lookup/'] });
    const go = goErrorOf(await goModDownload(env()));
    assert.match(go, /\/lookup\/example\.com\/greet@v1\.1\.0: gzip: invalid header$/);
    assert.equal(await checkOutcome(env(), greet.gp.goSumLines), go);
  });
});
