// Seeded response heads for a database's lookups, each built from pieces that real servers and proxies send or get
// wrong (line ends, versions, status codes, repeated or disagreeing lengths, transfer encodings, continuation lines,
// odd header names, a length shorter than the body, chunk sizes written in many ways, trailers), read by the go
// command and by us on the same bytes: where go verifies greet, check must too; where go fails, check must quote
// go's error. 400 seeds agreed when this was written (56 verified by go); the test runs SEEDS.
import { closedAfterSuite } from '../support/suiteServers';
import { greetBesideGo } from '../support/goModDownload';
import { randomInts } from '../support/fuzz';
import { startRelayFront } from '../support/relayFront';
import { assertSeedsAgreeWithGo } from '../support/seededBesideGo';

/**
 * The first 60 seeds, and those beyond that once found a difference: a cut note (68), error pages with bad chunks
 * (129, 168), an error page's detail to the close (105) and under a repeated Content-Type (199).
 */
const SEEDS = [...Array.from({ length: 60 }, (_, i) => i + 1), 68, 105, 129, 168, 199];

/** A lookup's answer for `body`: a head from the seeded `pick`, and the body framed as that head says (or not). */
function answerFor(pick: (n: number) => number, body: Buffer): Buffer {
  const one = <T>(xs: readonly T[]): T => xs[pick(xs.length)];
  const eol = one(['\r\n', '\r\n', '\n']);
  const version = one(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/1.2', 'HTTP/2.0', 'HTTP/1.10', 'http/1.1']);
  const status = one(['200 OK', '200 OK', '200', '200  OK', '000 X', '099 Early', '203 Fine', '204 No Content', '2000 OK', '404 Not Found']);
  const lines = [`${version} ${status}`];
  const length = body.length;
  const framing = one(['length', 'length', 'twice', 'disagree', 'chunked', 'chunked+length', 'close', 'empty-length', 'short']);
  if (framing === 'length') lines.push(`${one(['Content-Length', 'content-length', 'CONTENT-LENGTH'])}:${one([' ', '', '  ', '\t'])}${length}`);
  if (framing === 'twice') lines.push(`Content-Length: ${length}`, `Content-Length: ${length}`);
  if (framing === 'disagree') lines.push(`Content-Length: ${length}`, `Content-Length: ${length + 1}`);
  if (framing === 'chunked' || framing === 'chunked+length') lines.push(`Transfer-Encoding: ${one(['chunked', 'Chunked', 'chunked', 'gzip, chunked'])}`);
  if (framing === 'chunked+length') lines.push(`Content-Length: ${length}`);
  if (framing === 'empty-length') lines.push('Content-Length:');
  if (framing === 'short') lines.push(`Content-Length: ${length - 5}`);
  for (let i = pick(3); i > 0; i--) {
    lines.splice(1 + pick(lines.length), 0, one(['X-Note: a', 'X-Long: a', ' continued', 'X-Empty:', ': no name', 'Server: x', 'Connection: close', 'Connection: keep-alive', 'Content-Type: text/plain; charset=utf-8', 'content-type: text/plain']));
  }
  const head = Buffer.from(lines.join(eol) + eol + eol, 'latin1');
  return Buffer.concat([head, framing.startsWith('chunked') ? chunked(pick, body) : body]);
}

/** `body` in one to three chunks, their sizes written the ways servers write them (and a few ways Go refuses). */
function chunked(pick: (n: number) => number, body: Buffer): Buffer {
  const one = <T>(xs: readonly T[]): T => xs[pick(xs.length)];
  const parts: Buffer[] = [];
  let at = 0;
  for (let left = 1 + pick(3); at < body.length; left--) {
    const size = left === 1 ? body.length - at : 1 + pick(body.length - at);
    const hex = one([size.toString(16), size.toString(16).toUpperCase(), `00${size.toString(16)}`, `0x${size.toString(16)}`, `${size.toString(16)} `]);
    parts.push(Buffer.from(`${hex}${one(['', '', ';ext=1', ';'])}\r\n`), body.subarray(at, at + size), Buffer.from(one(['\r\n', '\r\n', '\r\n', '\n', 'XX'])));
    at += size;
  }
  parts.push(Buffer.from(`0\r\n${one(['', '', 'X-Trailer: 1\r\n', 'Bad trailer\r\n'])}\r\n`));
  return Buffer.concat(parts);
}

describe('seeded response heads for lookups, read by the go command and by us (HTTP/1.1)', function () {
  this.timeout(300_000);
  const greet = greetBesideGo();
  const keep = closedAfterSuite();

  /** The database behind a front whose lookup answers are built by answerFor from `seed`. */
  async function front(seed: number): Promise<string> {
    return keep(await startRelayFront(greet.db.url, ({ target, body }) => (target.startsWith('/lookup/') ? answerFor(randomInts(seed), body) : undefined))).url;
  }

  it(`${SEEDS.length} seeded heads: check verifies where go does, and quotes go's line where it fails`, async () => {
    await assertSeedsAgreeWithGo(SEEDS, greet.gp.goSumLines, async (seed) => ({
      env: { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${await front(seed)}` },
      shown: answerFor(randomInts(seed), Buffer.from('BODY')).toString('latin1'),
    }));
  });
});
