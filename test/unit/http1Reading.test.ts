// One answer read off an HTTP/1.1 connection's bytes as net/http reads it (h1/responseReader.ts, h1/chunkedBody.ts,
// goResponseHead.ts's framing), byte by byte as well as whole: what the go-command comparisons (integration
// http1Reading and responseHead) cannot cause on purpose, such as a head split anywhere, or where a body ends.
import assert from 'node:assert/strict';
import { readResponseHead } from '../../server/src/transport/goResponseHead';
import { ChunkedBody } from '../../server/src/transport/h1/chunkedBody';
import { ResponseReader, type ReadOutput } from '../../server/src/transport/h1/responseReader';

/** Everything the reader made of `bytes`, fed in pieces of `piece` bytes, then (when `ended`) the connection's end. */
function read(bytes: string, piece = Infinity, ended = false): { heads: number[]; body: string; last: ReadOutput['steps'][number] | undefined } {
  const reader = new ResponseReader();
  const all = Buffer.from(bytes, 'latin1');
  const outputs: ReadOutput[] = [];
  for (let i = 0; i < all.length; i += Math.min(piece, all.length)) outputs.push(reader.push(all.subarray(i, i + Math.min(piece, all.length))));
  if (ended) outputs.push(reader.end());
  const steps = outputs.flatMap((o) => o.steps);
  return {
    heads: steps.flatMap((s) => (s.kind === 'head' ? [s.head.code] : [])),
    body: Buffer.concat(outputs.flatMap((o) => o.data)).toString('latin1'),
    last: steps.filter((s) => s.kind !== 'head').pop(),
  };
}

describe('an HTTP/1.1 answer read as net/http reads it', () => {
  it('a length-framed answer, whole or a byte at a time, keeps the connection', () => {
    for (const piece of [Infinity, 1, 7]) {
      const r = read('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', piece);
      assert.deepEqual(r, { heads: [200], body: 'hello', last: { kind: 'done', reusable: true } }, `pieces of ${piece}`);
    }
  });

  it('bytes past the answer, Connection: close, HTTP/1.0 without keep-alive and a body to the close end the connection', () => {
    assert.deepEqual(read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiEXTRA').last, { kind: 'done', reusable: false });
    assert.deepEqual(read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: Keep-Alive, close\r\n\r\nhi').last, { kind: 'done', reusable: false });
    assert.deepEqual(read('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi').last, { kind: 'done', reusable: false });
    assert.deepEqual(read('HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nhi').last, { kind: 'done', reusable: true });
    const toClose = read('HTTP/1.1 200 OK\r\n\r\nall of it', 3, true);
    assert.deepEqual(toClose, { heads: [200], body: 'all of it', last: { kind: 'done', reusable: false } });
  });

  it('no body for 204 and 304 whatever their length says; 1xx heads are skipped, past five refused', () => {
    assert.deepEqual(read('HTTP/1.1 204 No Content\r\nContent-Length: abc\r\n\r\n'), { heads: [204], body: '', last: { kind: 'done', reusable: true } });
    assert.deepEqual(read('HTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx', 4).heads, [200]);
    const many = 'HTTP/1.1 100 Continue\r\n\r\n'.repeat(6) + 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n';
    // Go's words as the go command prints them (integration http1Reading): a head it cannot read breaks the connection.
    assert.deepEqual(read(many).last, { kind: 'failed', reason: 'net/http: HTTP/1.x transport connection broken: net/http: too many 1xx informational responses', code: 'refused-head' });
  });

  it('a connection that ends early: nothing is EOF, a cut head is Go\'s broken connection, a cut body unexpected EOF', () => {
    assert.deepEqual(read('', Infinity, true).last, { kind: 'failed', reason: 'EOF', code: 'cut' });
    assert.deepEqual(read('HTTP/1.1 200 OK\r\nA: b', 4, true).last,
      { kind: 'failed', reason: 'net/http: HTTP/1.x transport connection broken: unexpected EOF', code: 'cut' });
    assert.deepEqual(read('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhalf', Infinity, true).last, { kind: 'failed', reason: 'unexpected EOF', code: 'cut' });
  });

  it('a head past Go\'s 10 MiB, in pieces, fails in Go\'s words', () => {
    const reader = new ResponseReader();
    reader.push(Buffer.from('HTTP/1.1 200 OK\r\n'));
    const piece = Buffer.from(`X-Filler: ${'a'.repeat(65_000)}\r\n`);
    const steps = [];
    for (let i = 0; i < 200 && steps.length === 0; i++) steps.push(...reader.push(piece).steps);
    assert.deepEqual(steps, [{ kind: 'failed', reason: 'net/http: HTTP/1.x transport connection broken: net/http: server response headers exceeded 10485760 bytes; aborted', code: 'huge-head' }]);
  });

  it('a whole head past 10 MiB in one piece fails as well', () => {
    const head = Buffer.from(`HTTP/1.1 200 OK\r\n${`X-Filler: ${'a'.repeat(1000)}\r\n`.repeat(10_600)}\r\n`);
    assert.equal(new ResponseReader().push(head).steps[0]?.kind, 'failed');
  });

  it('a malformed status line or header line is refused as soon as it is whole, before the head ends', () => {
    assert.deepEqual(read('HTTP/1.1 2x0 OK\r\n').last,
      { kind: 'failed', reason: 'net/http: HTTP/1.x transport connection broken: malformed HTTP status code "2x0"', code: 'refused-head' });
    assert.deepEqual(read('HTTP/1.1 200 OK\r\nNoColon\r\n', 3).last,
      { kind: 'failed', reason: 'net/http: HTTP/1.x transport connection broken: malformed MIME header: missing colon: "NoColon"', code: 'refused-head' });
    assert.equal(read('HTTP/1.1 20').last, undefined, 'a status line not yet whole waits');
  });
});

describe('a chunked body read as go1.19 reads it', () => {
  const chunked = (body: string, piece = Infinity, ended = false) => read(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body}`, piece, ended);

  it('chunks, extensions and a trailer, whole or a byte at a time', () => {
    for (const piece of [Infinity, 1]) {
      assert.deepEqual(chunked('5;a=b\r\nhello\r\n1 \r\n!\r\n0\r\nX-T: 1\r\n\r\n', piece), { heads: [200], body: 'hello!', last: { kind: 'done', reusable: true } });
    }
    assert.deepEqual(chunked('3\r\nabc\r\n\r\n\r\n').body, 'abc', 'go1.19 reads an empty size line as 0');
  });

  it('each fault in Go\'s words', () => {
    const failed = (body: string, ended = false) => { const l = chunked(body, Infinity, ended).last; return l?.kind === 'failed' ? l.reason : l?.kind; };
    assert.equal(failed('zz\r\n'), 'invalid byte in chunk length');
    assert.equal(failed('11111111111111111\r\n'), 'http chunk length too large');
    assert.equal(failed('1111111111111111\r\n'), undefined, 'sixteen digits still parse (then wait for the data)');
    assert.equal(failed('2\r\nhiXX'), 'malformed chunked encoding');
    assert.equal(failed(`${'1'.repeat(4100)}`), 'header line too long');
    assert.equal(failed('2\r\nh', true), 'unexpected EOF');
    assert.equal(failed('0\r\n', true), 'http: unexpected EOF reading trailer');
    assert.equal(failed(`0\r\nX: ${'a'.repeat(5000)}\r\n\r\n`), 'http: suspiciously long trailer after chunked body');
  });

  it('its pieces: data is handed on as it comes, before the chunk ends', () => {
    const body = new ChunkedBody();
    assert.deepEqual(body.push(Buffer.from('a\r\nhel')).data.map(String), ['hel']);
    assert.deepEqual(body.push(Buffer.from('lo')).data.map(String), ['lo']);
  });
});

describe('a head\'s framing, as readTransfer decides it for a GET', () => {
  const framing = (text: string) => readResponseHead(Buffer.from(text, 'latin1')).framing;

  it('chunked from HTTP/1.1 on, a length otherwise, else the body runs to the close', () => {
    assert.deepEqual(framing('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n'), { kind: 'chunked' });
    assert.deepEqual(framing('HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n'), { kind: 'length', length: 3 });
    assert.deepEqual(framing('HTTP/1.1 200 OK\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n'), { kind: 'length', length: 7 });
    assert.deepEqual(framing('HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n'), { kind: 'until-close' });
    assert.deepEqual(framing('HTTP/1.1 200 OK\r\nContent-Length : 7\r\n\r\n'), { kind: 'until-close' }, 'not Content-Length to Go');
  });

  it('keeps Go\'s Status and the header lines as textproto joins them', () => {
    const head = readResponseHead(Buffer.from('HTTP/1.1   404 Not  Found\r\nX-Long: a\r\n  b\r\nA:  c \r\n\r\n', 'latin1'));
    assert.equal(head.status, '404 Not  Found');
    assert.deepEqual(head.raw, ['X-Long', 'a b', 'A', 'c']);
  });
});
