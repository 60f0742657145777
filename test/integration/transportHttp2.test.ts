// The transport's HTTP/2 path (our own client, h2Connection.ts) against a real node:http2 server on
// 127.0.0.1 that misbehaves one stream at a time: every failure in the same words as over HTTP/1.1, and one
// stream's failure never takes its connection's other streams with it.
import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import { TransportOptions } from '../../server/src/transport/http';
import { testCertificates } from '../support/certs';
import { H2Server, startH2Server } from '../support/faultServers';
import { transportFailure as failure } from '../support/transportFailure';
import { TransportFixture } from '../support/transportFixture';
import { until } from '../support/until';

describe("transport over HTTP/2 (our client, h2Connection.ts) against node:http2's server on 127.0.0.1", function () {
  this.timeout(20_000);
  const certs = testCertificates();
  const fixture = new TransportFixture(['sum.golang.org']);
  /** Streams the server saw closed, with the code they were closed with (8 = CANCEL). */
  const closedWith = new Map<string, number>();
  let sessionsClosed = 0;
  const transport = (o?: TransportOptions) => fixture.transport(o);
  after(() => fixture.close());

  /** An HTTP/2 server answering by path: /ok, /stall (never answers), /stall-body (headers, then nothing), /cut (half a body, then RST_STREAM), /die (half a body, then the connection drops), /big (1,000 bytes), /goaway (answers, then GOAWAY and closes). */
  async function server(): Promise<H2Server & { base: string }> {
    const srv = await startH2Server(certs.server, (req, res) => {
      req.stream.on('close', () => closedWith.set(req.url, req.stream.rstCode ?? -1));
      const path = req.url.split('?')[0];
      if (path === '/stall') return;
      if (path === '/stall-body') return void res.writeHead(200).write('a');
      if (path === '/cut') {
        res.writeHead(200).write('half a bo');
        return void setTimeout(() => req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR), 20);
      }
      if (path === '/die') {
        res.writeHead(200, { 'content-length': '100' }).write('part of');
        return void setTimeout(() => req.stream.session?.destroy(), 20);
      }
      if (path === '/big') return void res.end('x'.repeat(1000));
      if (path === '/auth') return void res.end(`auth ${req.headers.authorization ?? 'none'}`);
      if (path === '/huge') return void res.end(Buffer.alloc(20 << 20, 0x61));
      if (path === '/goaway') {
        const session = req.stream.session!;
        session.once('close', () => sessionsClosed++);
        res.end('bye');
        return void res.stream.on('close', () => session.close());
      }
      res.end(`ok ${req.url}`);
    });
    fixture.keep(srv);
    return { ...srv, base: `https://sum.golang.org:${srv.port}` };
  }

  it('speaks HTTP/2 and reads status, headers and body', async () => {
    const srv = await server();
    const r = await transport().get(`${srv.base}/ok`);
    assert.equal(r.status, 200);
    assert.equal(Buffer.from(r.body).toString(), 'ok /ok');
    assert.deepEqual(srv.versions, ['2.0']);
  });

  it("a URL's credentials go as HTTP Basic authentication, as Go's net/http sends them; the answer and errors show the password as xxxxx", async () => {
    const srv = await server();
    const t = transport({ timeoutMs: 300 });
    const withCredentials = srv.base.replace('https://', 'https://build%40er:p%3Ass@');
    const r = await t.get(`${withCredentials}/auth`);
    assert.equal(Buffer.from(r.body).toString(), `auth Basic ${Buffer.from('build@er:p:ss').toString('base64')}`);
    assert.equal(r.url, `${srv.base.replace('https://', 'https://build%40er:xxxxx@')}/auth`);
    const plain = await t.get(`${srv.base}/auth`);
    assert.equal(Buffer.from(plain.body).toString(), 'auth none');
    await assert.rejects(t.get(`${withCredentials}/stall`), (e: Error) => e.message.includes('build%40er:xxxxx@') && !e.message.includes('p%3Ass'));
  });

  it('a stream whose headers never come times out in Go\'s words; the connection\'s other streams still answer', async () => {
    const srv = await server();
    const t = transport({ timeouts: { firstByteMs: 300 } });
    await t.get(`${srv.base}/ok`);
    const [stalled, ok] = await Promise.all([failure(t.get(`${srv.base}/stall`)), t.get(`${srv.base}/ok?again`)]);
    assert.equal(stalled.kind, 'timeout');
    // Go's HTTP/2 transport's own words (h2_bundle.go's errTimeout), not net/http's.
    assert.equal(stalled.message, `Get "${srv.base}/stall": http2: timeout awaiting response headers`);
    assert.equal(Buffer.from(ok.body).toString(), 'ok /ok?again');
    assert.equal(srv.remotePorts.size, 1, 'one connection throughout');
  });

  it('a body that stops coming times out as Go\'s reading-the-body deadline, and the stream is cancelled', async () => {
    const srv = await server();
    const e = await failure(transport({ timeouts: { bodyMs: 300 } }).get(`${srv.base}/stall-body`));
    assert.equal(e.kind, 'timeout');
    // A body's failure has the go command's head for a body (web.GetBytes), not net/http's Get.
    assert.equal(e.message, `reading ${srv.base}/stall-body: context deadline exceeded (Client.Timeout or context cancellation while reading body)`);
    await until(() => closedWith.has('/stall-body'));
    assert.equal(closedWith.get('/stall-body'), http2.constants.NGHTTP2_CANCEL);
  });

  it('a stream reset mid-body is a reset; the next request goes on the same connection', async () => {
    const srv = await server();
    const t = transport();
    const e = await failure(t.get(`${srv.base}/cut`));
    assert.equal(e.kind, 'reset');
    const r = await t.get(`${srv.base}/ok`);
    assert.equal(r.status, 200);
    assert.equal(srv.remotePorts.size, 1);
  });

  it('a connection that drops mid-body is a reset, never a short body taken for the whole; the next request reconnects', async () => {
    const srv = await server();
    const t = transport();
    const e = await failure(t.get(`${srv.base}/die`));
    assert.equal(e.kind, 'reset');
    assert.equal((await t.get(`${srv.base}/ok`)).status, 200);
    assert.equal(srv.remotePorts.size, 2);
  });

  it('a body over the cap fails as too large and its stream is cancelled, not its connection', async () => {
    const srv = await server();
    const t = transport();
    const e = await failure(t.get(`${srv.base}/big`, { maxBytes: 100 }));
    assert.equal(e.kind, 'too-large');
    assert.equal(e.message, `Get "${srv.base}/big": response body larger than 100 bytes`);
    assert.equal((await t.get(`${srv.base}/ok`)).status, 200);
    assert.equal(srv.remotePorts.size, 1);
  });

  it('a 20 MB body arrives whole: the client gives the stream and the connection their windows back as it reads', async () => {
    const srv = await server();
    const r = await transport().get(`${srv.base}/huge`, { maxBytes: 32 << 20 });
    assert.equal(r.body.length, 20 << 20);
    assert.ok(Buffer.from(r.body).every((b) => b === 0x61));
  });

  it('after the server\'s GOAWAY the next request opens a new connection', async () => {
    const srv = await server();
    const t = transport();
    assert.equal(Buffer.from((await t.get(`${srv.base}/goaway`)).body).toString(), 'bye');
    await until(() => sessionsClosed === 1);
    const r = await t.get(`${srv.base}/ok?after`);
    assert.equal(Buffer.from(r.body).toString(), 'ok /ok?after');
    assert.equal(srv.remotePorts.size, 2, 'a second connection');
  });

  it('a request aborted by its signal fails at once as aborted, and the server sees its stream cancelled', async () => {
    const srv = await server();
    const t = transport();
    const stop = new AbortController();
    const pending = failure(t.get(`${srv.base}/stall`, { signal: stop.signal }));
    await until(() => srv.versions.length === 1);
    stop.abort();
    assert.equal((await pending).kind, 'aborted');
    await until(() => closedWith.has('/stall'));
    assert.equal(closedWith.get('/stall'), http2.constants.NGHTTP2_CANCEL);
  });

  it('giving up on the origin fails every stream in flight with the reason given, in Go\'s words', async () => {
    const srv = await server();
    const t = transport();
    const pending = [1, 2, 3].map((i) => failure(t.get(`${srv.base}/stall?${i}`)));
    await until(() => srv.versions.length === 3);
    t.giveUp(srv.base, 'timeout', 'context deadline exceeded');
    for (const [i, p] of pending.entries()) {
      const e = await p;
      assert.equal(e.kind, 'timeout');
      assert.equal(e.message, `Get "${srv.base}/stall?${i + 1}": context deadline exceeded`);
    }
  });

  it('closing the transport with streams in flight fails each of them; nothing is left waiting', async () => {
    const srv = await server();
    const t = transport();
    const pending = [1, 2].map((i) => failure(t.get(`${srv.base}/stall?${i}`)));
    await until(() => srv.versions.length === 2);
    await t.close();
    for (const p of pending) assert.equal((await p).kind, 'reset');
  });
});
