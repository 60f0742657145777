// Our HTTP/2 client (h2Connection.ts) against a server on 127.0.0.1 that writes frames by hand: requests a
// GOAWAY or REFUSED_STREAM says were never taken go again (a bounded number of times), a server that breaks
// the protocol ends its connection with the right error code and fails its streams in Go's words, and what
// HTTP/2 allows (padding, priority, 1xx, trailers, PING) is read as it says.
import assert from 'node:assert/strict';
import { testCertificates } from '../support/certs';
import { prng } from '../support/fuzz';
import { block, RawFrame, RawH2Connection, RawH2Server, startRawH2Server } from '../support/rawH2Server';
import { transportFailure as failure } from '../support/transportFailure';
import { TransportFixture } from '../support/transportFixture';
import { until } from '../support/until';

const GOAWAY = 7;
const RST_STREAM = 3;
const PING = 6;

describe('HTTP/2 frame by frame against a server on 127.0.0.1', function () {
  this.timeout(20_000);
  const certs = testCertificates();
  const fixture = new TransportFixture(['sum.golang.org']);
  after(() => fixture.close());

  async function server(onRequest: (c: RawH2Connection, id: number, path: string) => void, options: Parameters<typeof startRawH2Server>[2] = {}): Promise<RawH2Server & { base: string }> {
    const srv = fixture.keep(await startRawH2Server(certs.server, onRequest, options));
    return { ...srv, base: `https://sum.golang.org:${srv.port}` };
  }

  const framesOf = (c: RawH2Connection, type: number): RawFrame[] => c.received.filter((f) => f.type === type);
  const goAwayCode = (c: RawH2Connection): number | undefined => framesOf(c, GOAWAY)[0]?.payload.readUInt32BE(4);

  it('a GOAWAY naming an earlier stream: the requests it never took go again on a new connection and are answered', async () => {
    const seen: string[] = [];
    const srv = await server((c, id, path) => {
      seen.push(`${c.index} ${path}`);
      if (c.index > 0) return c.respond(id, 200, `second ${path}`);
      if (id === 5) {
        c.respond(1, 200, 'first /a');
        c.goAway(1);
      }
    });
    const t = fixture.transport();
    const bodies = await Promise.all(['/a', '/b', '/c'].map(async (p) => Buffer.from((await t.get(srv.base + p)).body).toString()));
    assert.deepEqual(bodies, ['first /a', 'second /b', 'second /c']);
    assert.equal(srv.connections.length, 2);
    assert.deepEqual(seen.sort(), ['0 /a', '0 /b', '0 /c', '1 /b', '1 /c']);
  });

  it('a server that never takes a request (GOAWAY 0 on every connection): it goes three times, then fails as a reset', async () => {
    const srv = await server((c) => c.goAway(0));
    const e = await failure(fixture.transport().get(`${srv.base}/never`));
    assert.equal(e.kind, 'reset');
    assert.equal(srv.connections.length, 3, 'sent once and again twice, each time on a new connection');
  });

  it('REFUSED_STREAM: the request goes again on the same connection, at most twice', async () => {
    const tries = new Map<string, number>();
    const srv = await server((c, id, path) => {
      const n = (tries.get(path) ?? 0) + 1;
      tries.set(path, n);
      if (path === '/always' || n === 1) return c.reset(id, 7);
      c.respond(id, 200, `taken at try ${n}`);
    });
    const t = fixture.transport();
    assert.equal(Buffer.from((await t.get(`${srv.base}/once`)).body).toString(), 'taken at try 2');
    const e = await failure(t.get(`${srv.base}/always`));
    assert.equal(e.kind, 'reset');
    assert.equal(tries.get('/always'), 3);
    assert.equal(srv.connections.length, 1);
  });

  // A frame over the default 16,384 bytes is read, as Go's client reads it (transportH2GoClient.test.ts).
  it('a PING of nine bytes ends the connection with FRAME_SIZE_ERROR; every stream fails, the next request reconnects', async () => {
    const srv = await server((c, id, path) => {
      if (c.index > 0) return c.respond(id, 200, 'fine');
      if (path === '/big-frame') c.frame(PING, 0, 0, Buffer.alloc(9));
    });
    const t = fixture.transport();
    const waiting = failure(t.get(`${srv.base}/waits`));
    await until(() => srv.connections[0]?.received.some((f) => f.type === 1));
    const e = await failure(t.get(`${srv.base}/big-frame`));
    assert.equal(e.kind, 'malformed');
    assert.equal(e.message, `Get "${srv.base}/big-frame": connection error: FRAME_SIZE_ERROR`);
    assert.equal((await waiting).message, `Get "${srv.base}/waits": connection error: FRAME_SIZE_ERROR`);
    await until(() => goAwayCode(srv.connections[0]) !== undefined);
    assert.equal(goAwayCode(srv.connections[0]), 6);
    assert.equal(Buffer.from((await t.get(`${srv.base}/after`)).body).toString(), 'fine');
  });

  // The GOAWAY code the server reads; none where it sent more than we read before closing (the kernel then resets
  // the connection, and what was in flight is lost).
  const hostileBlocks: [string, (id: number) => [number, number, Buffer][], string, number | undefined][] = [
    ['an index past both tables', () => [[1, 0x5, Buffer.from([0xbf])]], 'COMPRESSION_ERROR', 9],
    ['Huffman padding that is not all ones', () => [[1, 0x5, Buffer.from([0x00, 0x81, 0x00, 0x81, 0x00])]], 'COMPRESSION_ERROR', 9],
    ['a string longer than its block', () => [[1, 0x5, Buffer.from([0x00, 0x7e, 0x61])]], 'COMPRESSION_ERROR', 9],
    // A block whose own bytes pass the 10 MB list cap is not held on to while more of it comes.
    ['CONTINUATION frames past 10 MB', () => [[1, 0x1, Buffer.alloc(16_000, 0x88)], ...Array.from({ length: 660 }, (): [number, number, Buffer] => [9, 0, Buffer.alloc(16_000, 0x88)])], 'COMPRESSION_ERROR', undefined],
    ['a PUSH_PROMISE, which our SETTINGS forbade', () => [[5, 0x4, Buffer.concat([Buffer.from([0, 0, 0, 2]), block([[':method', 'GET']])])]], 'PROTOCOL_ERROR', 1],
    ['another frame inside a header block', () => [[1, 0x1, block([[':status', '200']])], [0, 0x1, Buffer.from('x')]], 'PROTOCOL_ERROR', 1],
  ];
  for (const [what, frames, name, code] of hostileBlocks) {
    it(`${what}: the connection ends with ${name}, in Go's words`, async () => {
      const srv = await server((c, id) => {
        for (const [type, flags, payload] of frames(id)) c.frame(type, flags, id, payload);
      });
      const e = await failure(fixture.transport().get(`${srv.base}/x`));
      assert.equal(e.kind, 'malformed');
      assert.equal(e.message, `Get "${srv.base}/x": connection error: ${name}`);
      if (code === undefined) return;
      await until(() => goAwayCode(srv.connections[0]) !== undefined);
      assert.equal(goAwayCode(srv.connections[0]), code);
    });
  }

  it('a small block that names one large table entry until the list passes 10 MB: that stream fails in Go\'s words, the connection and its table carry on', async () => {
    const srv = await server((c, id, path) => {
      if (path === '/ok') return c.respond(id, 200, 'ok');
      // One 4,000-byte entry, then named 3,000 times: 12 MB of fields from a 7 KB block.
      c.frame(1, 0x5, id, Buffer.concat([Buffer.from([0x88]), bigEntry(), Buffer.alloc(3000, 0xbe)]));
    });
    const t = fixture.transport();
    const e = await failure(t.get(`${srv.base}/big-list`));
    assert.equal(e.message, `Get "${srv.base}/big-list": stream error: stream ID 1; PROTOCOL_ERROR; http2: response header list larger than advertised limit`);
    assert.equal(Buffer.from((await t.get(`${srv.base}/ok`)).body).toString(), 'ok');
    assert.equal(srv.connections.length, 1);
  });

  it('DATA on a stream the client never opened is a PROTOCOL_ERROR', async () => {
    const srv = await server((c, id) => c.frame(0, 0, id + 1, Buffer.from('stray')));
    const e = await failure(fixture.transport().get(`${srv.base}/x`));
    assert.equal(e.message, `Get "${srv.base}/x": connection error: PROTOCOL_ERROR`);
  });

  it('padding, priority, a 103 before the response and trailers after it are read as HTTP/2 says', async () => {
    const srv = await server((c, id) => {
      const padded = (payload: Buffer, pad: number, priority = false) => Buffer.concat([Buffer.from([pad]), priority ? Buffer.from([0, 0, 0, 0, 15]) : Buffer.alloc(0), payload, Buffer.alloc(pad)]);
      c.frame(1, 0x4 | 0x8 | 0x20, id, padded(block([[':status', '103'], ['link', '</x>']]), 3, true));
      c.frame(1, 0x4 | 0x8, id, padded(block([[':status', '200'], ['content-length', '5'], ['x-kind', 'padded']]), 7));
      c.frame(0, 0x8, id, padded(Buffer.from('hel'), 250));
      c.frame(0, 0, id, Buffer.from('lo'));
      c.frame(1, 0x4 | 0x1, id, block([['x-trailer', 'end']]));
    });
    const r = await fixture.transport().get(`${srv.base}/x`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-kind'], 'padded');
    assert.equal(Buffer.from(r.body).toString(), 'hello');
  });

  it('a PING is answered with its eight bytes', async () => {
    const srv = await server((c, id) => {
      c.frame(PING, 0, 0, Buffer.from('12345678'));
      c.respond(id, 200, 'pong');
    });
    await fixture.transport().get(`${srv.base}/x`);
    await until(() => framesOf(srv.connections[0], PING).length > 0);
    const [ack] = framesOf(srv.connections[0], PING);
    assert.equal(ack.flags, 1);
    assert.equal(ack.payload.toString(), '12345678');
  });

  it('a server that floods PINGs and reads none of our answers is cut off with ENHANCE_YOUR_CALM, its answers not kept piling up', async () => {
    const srv = await server((c) => {
      c.socket.pause();
      const ping = Buffer.from([0, 0, 8, PING, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
      const burst = Buffer.concat(Array.from({ length: 10_000 }, () => ping));
      for (let i = 0; i < 40; i++) c.socket.write(burst);
    });
    const e = await failure(fixture.transport().get(`${srv.base}/x`));
    assert.equal(e.message, `Get "${srv.base}/x": connection error: ENHANCE_YOUR_CALM`);
  });

  it('a response without :status fails as malformed in Go\'s words and its stream is reset; the connection carries on', async () => {
    const srv = await server((c, id, path) => {
      if (path === '/nostatus') c.frame(1, 0x5, id, block([['content-type', 'text/plain']]));
      else c.respond(id, 200, 'ok');
    });
    const t = fixture.transport();
    const e = await failure(t.get(`${srv.base}/nostatus`));
    assert.equal(e.kind, 'malformed');
    assert.equal(e.message, `Get "${srv.base}/nostatus": stream error: stream ID 1; PROTOCOL_ERROR; malformed response from server: missing status pseudo header`);
    assert.equal(Buffer.from((await t.get(`${srv.base}/ok`)).body).toString(), 'ok');
    await until(() => framesOf(srv.connections[0], RST_STREAM).length > 0);
    assert.equal(framesOf(srv.connections[0], RST_STREAM)[0].payload.readUInt32BE(0), 1);
    assert.equal(srv.connections.length, 1);
  });

  it('300 seeded answers of random frames, then a closed connection: each request settles, answered or failed, and nothing is thrown', async () => {
    const rand = prng(9113);
    const pick = (n: number) => Math.floor(rand() * n);
    const srv = await server((c, id) => {
      const ids = [id, id, id, 0, id + 2, id - 2, pick(2 ** 31)];
      for (let k = 0, n = 1 + pick(6); k < n; k++) {
        const type = pick(11);
        const payload = type === 1 && rand() < 0.5
          ? block([[':status', String(100 + pick(500))], ['content-length', String(pick(20))]])
          : Buffer.from(Array.from({ length: pick(40) }, () => pick(256)));
        c.frame(type, pick(256), ids[pick(ids.length)] >>> 0 & 0x7fffffff, payload);
      }
      c.socket.end();
    });
    const t = fixture.transport({ timeouts: { firstByteMs: 2000, bodyMs: 2000 } });
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const outcome = await t.get(`${srv.base}/fuzz/${i}`).then((r) => `answered ${r.status}`, (e: { kind?: string }) => `failed ${e.kind ?? 'not a TransportError'}`);
      const kind = outcome.replace(/ \d+$/, '');
      outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
    }
    assert.ok(!outcomes.has('failed not a TransportError'), JSON.stringify([...outcomes]));
    assert.ok(outcomes.get('failed malformed')! > 0 && outcomes.get('failed reset')! > 0, JSON.stringify([...outcomes]));
  });

  it('a body shorter than its content-length is never taken for the whole', async () => {
    const srv = await server((c, id) => {
      c.frame(1, 0x4, id, block([[':status', '200'], ['content-length', '10']]));
      c.frame(0, 0x1, id, Buffer.from('short'));
    });
    const e = await failure(fixture.transport().get(`${srv.base}/x`));
    assert.equal(e.kind, 'malformed');
  });
});

/** A literal with incremental indexing: a 4,000-byte value that fills most of the 4,096-byte table (index 62). */
function bigEntry(): Buffer {
  const value = Buffer.alloc(4000, 0x61);
  // name "x" (new name), then the value's length 4000 as a 7-bit-prefix integer: 127, then 3873 in 7-bit groups.
  return Buffer.concat([Buffer.from([0x40, 0x01, 0x78, 0x7f, 0xa1, 0x1e]), value]);
}
