// Go's own client is the ground truth for what a broken HTTP/2 server makes us say: each case runs our transport
// and test/support/go-h2-get (net/http as the go command sets it up) against its own raw-frame server on
// 127.0.0.1 (test/support/rawH2Server.ts) that misbehaves the same way, and compares the reason each gives, the
// part after `Get "URL": `. Where Go retries (GOAWAY, REFUSED_STREAM) differently from our bounded resends,
// what the user finally reads is what counts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { innerReason } from '../../server/src/transport/failure';
import { TransportError } from '../../server/src/transport/types';
import { testCertificates } from '../support/certs';
import { buildGoProgram } from '../support/goBuild';
import { randomInts } from '../support/fuzz';
import { block, RawH2Connection, startRawH2Server } from '../support/rawH2Server';
import { tempDir } from '../support/sumdbClientSetup';
import { TransportFixture } from '../support/transportFixture';

type Misbehaviour = (c: RawH2Connection, id: number) => void;

/** A response that promises ten bytes and sends five of them. */
function halfBody(c: RawH2Connection, id: number): void {
  c.frame(1, 0x4, id, block([[':status', '200'], ['content-length', '10']]));
  c.frame(0, 0, id, Buffer.from('hello'));
}

/** What a client read from a server that answered: the code, Go's Response.Status for it, and the body's size. */
const answered = (status: number, goStatus: string, bytes: number): string => `answered ${status} (${JSON.stringify(goStatus)}) with ${bytes} bytes`;

/** What go-h2-get printed, as the reason (after `Get "URL": `) or what it read. */
function goReason(stdout: string): string {
  const answer = /^status (\d+) HTTP\/2.0 ("(?:[^"\\]|\\.)*")\n/.exec(stdout);
  if (answer) return answered(Number(answer[1]), JSON.parse(answer[2]) as string, stdout.length - answer[0].length);
  const m = /^(error|body-error) ([\s\S]*)\n$/.exec(stdout);
  assert.ok(m, `go-h2-get printed: ${stdout}`);
  return m[1] === 'error' ? innerReason(new TransportError('other', '', m[2])) : m[2];
}

/** A GOAWAY frame's payload: last stream, code, and debug data. */
function goAwayWith(c: RawH2Connection, lastStreamId: number, code: number, debug: string): void {
  const p = Buffer.alloc(8);
  p.writeUInt32BE(lastStreamId, 0);
  p.writeUInt32BE(code, 4);
  c.frame(7, 0, 0, Buffer.concat([p, Buffer.from(debug)]));
}

/** Names a response may carry: real ones, and the odd bytes Go's client checks names and values for. */
const KNOWN_NAMES = ['content-type', 'content-length', 'connection', 'transfer-encoding', 'te', 'keep-alive', 'upgrade', 'x-a'];
const NAME_BYTES = "abcxyz019-_.!#$%&'*+^`|~";
const ODD_BYTES = ['A', 'Z', ' ', ':', '/', '@', '"', '(', ',', ';', '=', '\\', '\x00', '\x01', '\t', '\n', '\r', '\x7f', '\x80', '\xe9', '\xff'];

/** Seeded response header blocks around what Go's client checks: names, values, pseudo-headers and their order. */
function randomHeaderBlock(seed: number): [string, string][] {
  const int = randomInts(seed);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const text = (alphabet: string, odd: number): string => {
    let s = '';
    for (let n = 1 + int(6); n > 0; n--) s += int(100) < odd ? pick(ODD_BYTES) : alphabet[int(alphabet.length)];
    return s;
  };
  const field = (): [string, string] => {
    const r = int(100);
    const name = r < 8 ? `:${text(NAME_BYTES, 0)}` : r < 16 ? '' : r < 40 ? pick(KNOWN_NAMES) : text(NAME_BYTES, 12);
    return [name, int(100) < 10 ? '' : text(`${NAME_BYTES} <>?[]{}`, 10)];
  };
  const fields: [string, string][] = [];
  for (let n = int(4); n > 0; n--) fields.push(field());
  // :status mostly first, sometimes later, twice, or missing; its value mostly a real status.
  const status: [string, string] = [':status', int(100) < 90 ? pick(['200', '200', '204', '404']) : text('0123456789a', 5)];
  const at = int(100);
  if (at < 80) fields.unshift(status);
  else if (at < 90) fields.splice(int(fields.length + 1), 0, status);
  else if (at < 95) fields.unshift(status, status);
  return fields;
}

/**
 * Each case: what the server does with every request it gets, and where Go's client differs on purpose, why and
 * what we say instead of Go's text (`ours`), or that Go never gives up (`goNeverAnswers`).
 */
interface Case {
  what: string;
  misbehave: Misbehaviour;
  differs?: { why: string; ours: (go: string) => string };
  goNeverAnswers?: { why: string; ours: string };
}

const CASES: Case[] = ([
  ['a DATA frame of 20,000 bytes, over the default 16,384 (Go reads it)', (c, id) => {
    c.frame(1, 0x4, id, block([[':status', '200']]));
    c.frame(0, 0x1, id, Buffer.alloc(20_000, 0x61));
  }],
  ['a DATA frame of 5 MB, past the 4 MB window the client gave the stream', (c, id) => {
    c.frame(1, 0x4, id, block([[':status', '200']]));
    c.frame(0, 0x1, id, Buffer.alloc(5 << 20, 0x61));
  }],
  ['a PING of 9 bytes', (c) => c.frame(6, 0, 0, Buffer.alloc(9))],
  ['an HPACK index past both tables', (c, id) => c.frame(1, 0x5, id, Buffer.from([0xbf]))],
  ['a PUSH_PROMISE, which the client\'s SETTINGS forbade', (c, id) => c.frame(5, 0x4, id, Buffer.concat([Buffer.from([0, 0, 0, 2]), block([[':method', 'GET']])]))],
  ['DATA on a stream the client never opened', (c, id) => c.frame(0, 0, id + 2, Buffer.from('stray'))],
  ['a response without :status', (c, id) => c.frame(1, 0x5, id, block([['content-type', 'text/plain']]))],
  ['a non-numeric :status', (c, id) => c.frame(1, 0x5, id, block([[':status', 'abc']]))],
  ['DATA before the response headers', (c, id) => c.frame(0, 0x1, id, Buffer.from('early'))],
  ['trailers without END_STREAM', (c, id) => {
    c.frame(1, 0x4, id, block([[':status', '200']]));
    c.frame(0, 0, id, Buffer.from('hello'));
    c.frame(1, 0x4, id, block([['x-trailer', 'end']]));
  }],
  ['RST_STREAM with INTERNAL_ERROR in the middle of the body', (c, id) => {
    halfBody(c, id);
    c.reset(id, 2);
  }],
  ['a body shorter than its content-length', (c, id) => {
    c.frame(1, 0x4, id, block([[':status', '200'], ['content-length', '10']]));
    c.frame(0, 0x1, id, Buffer.from('short'));
  }],
  ['a body longer than its content-length', (c, id) => {
    c.frame(1, 0x4, id, block([[':status', '200'], ['content-length', '3']]));
    c.frame(0, 0x1, id, Buffer.from('longer'));
  }],
  ['GOAWAY with last stream 0 on every connection', (c) => c.goAway(0), {
    goNeverAnswers: {
      why: 'Go sends the request again on a new connection without end (the go command hangs); we stop after three tries and say it with Go\'s GoAwayError, as Go does for the case below',
      ours: 'http2: server sent GOAWAY and closed the connection; LastStreamID=0, ErrCode=NO_ERROR, debug=""',
    },
  }],
  ['GOAWAY naming the request with INTERNAL_ERROR, then the connection closed', (c, id) => {
    goAwayWith(c, id, 2, 'bye');
    c.socket.end();
  }],
  ['REFUSED_STREAM every time', (c, id) => c.reset(id, 7), {
    differs: {
      why: 'Go tries eight times over a minute of back-off (streams 1 to 15); we try three times (streams 1, 3 and 5), so the last stream ID differs',
      ours: (go) => go.replace(/stream ID \d+/, 'stream ID 5'),
    },
  }],
  // Each of these answers properly after its odd frame: a client that lets the frame pass reads the answer.
  ...([
    ['HEADERS with the PRIORITY flag and 3 bytes', (c, id) => c.frame(1, 0x24, id, Buffer.from([0, 0, 0]))],
    ['HEADERS padded with more padding than the frame holds', (c, id) => c.frame(1, 0x0c, id, Buffer.from([9, 0x88]))],
    ['a CONTINUATION with no HEADERS before it', (c, id) => c.frame(9, 0x4, id, block([[':status', '200']]))],
    ['a RST_STREAM of 3 bytes', (c, id) => c.frame(3, 0, id, Buffer.from([0, 0, 2]))],
    ['a SETTINGS frame of 7 bytes', (c) => c.frame(4, 0, 0, Buffer.alloc(7))],
    ['SETTINGS_MAX_FRAME_SIZE of 1,000', (c) => c.frame(4, 0, 0, Buffer.from([0, 5, 0, 0, 0x03, 0xe8]))],
    ['SETTINGS_INITIAL_WINDOW_SIZE past 2^31 - 1', (c) => c.frame(4, 0, 0, Buffer.from([0, 4, 0x80, 0, 0, 0]))],
    ['a WINDOW_UPDATE of 0 on the connection', (c) => c.frame(8, 0, 0, Buffer.alloc(4))],
    ['a WINDOW_UPDATE of 0 on the stream', (c, id) => c.frame(8, 0, id, Buffer.alloc(4))],
    ['DATA padded with more padding than the frame holds', (c, id) => {
      c.frame(1, 0x4, id, block([[':status', '200']]));
      c.frame(0, 0x8, id, Buffer.from([9, 0x61]));
    }],
    ['a GOAWAY on a stream', (c, id) => c.frame(7, 0, id, Buffer.alloc(8))],
  ] as [string, Misbehaviour][]).map(([what, odd]): [string, Misbehaviour] => [`${what}, then an answer`, (c, id) => {
    odd(c, id);
    c.respond(id, 200, 'ok');
  }]),
  ...([
    ['a header name with capital letters', [[':status', '200'], ['Content-Type', 'text/plain']]],
    ['a pseudo-header after a regular header', [['content-type', 'text/plain'], [':status', '200']]],
    ['an unknown pseudo-header', [[':status', '200'], [':weird', 'x']]],
    ['two :status fields', [[':status', '200'], [':status', '204']]],
    ['a header value with a NUL byte', [[':status', '200'], ['x-odd', 'a\u0000b']]],
    ['a header name with a space', [[':status', '200'], ['x odd', 'b']]],
  ] as [string, [string, string][]][]).map(([what, fields]): [string, Misbehaviour] => [`response headers with ${what.replace(/^an? /, '')}`, (c, id) => {
    c.frame(1, 0x4, id, block(fields));
    c.frame(0, 0x1, id, Buffer.from('body'));
  }]),
  ['100 KB of response headers, over CONTINUATION frames', (c, id) => {
    const fields: [string, string][] = [[':status', '200']];
    for (let i = 0; i < 1000; i++) fields.push([`x-h${i}`, 'v'.repeat(90)]);
    const b = block(fields);
    c.frame(1, 0x0, id, b.subarray(0, 16000));
    let at = 16000;
    for (; at + 16000 < b.length; at += 16000) c.frame(9, 0, id, b.subarray(at, at + 16000));
    c.frame(9, 0x4, id, b.subarray(at));
    c.frame(0, 0x1, id, Buffer.from('ok'));
  }],
  ['a 12 MB header list named from one table entry', (c, id) => {
    const value = Buffer.alloc(4000, 0x61);
    const entry = Buffer.concat([Buffer.from([0x40, 0x01, 0x78, 0x7f, 0xa1, 0x1e]), value]);
    const b = Buffer.concat([Buffer.from([0x88]), entry, Buffer.alloc(3000, 0xbe)]);
    c.frame(1, 0x4, id, b);
    c.frame(0, 0x1, id, Buffer.from('ok'));
  }],
  ['trailers holding a pseudo-header', (c, id) => {
    c.frame(1, 0x4, id, block([[':status', '200']]));
    c.frame(0, 0, id, Buffer.from('hello'));
    c.frame(1, 0x5, id, block([[':status', '200']]));
  }],
  ['a 103 before the response, and trailers after it', (c, id) => {
    c.frame(1, 0x4, id, block([[':status', '103'], ['link', '</x>']]));
    c.frame(1, 0x4, id, block([[':status', '200'], ['content-length', '5']]));
    c.frame(0, 0, id, Buffer.from('hello'));
    c.frame(1, 0x5, id, block([['x-trailer', 'end']]));
  }],
  ['a 103 that ends the stream', (c, id) => c.frame(1, 0x5, id, block([[':status', '103']]))],
  ['six 103s before the answer', (c, id) => {
    for (let i = 0; i < 6; i++) c.frame(1, 0x4, id, block([[':status', '103']]));
    c.respond(id, 200, 'ok');
  }],
  ['five 103s before the answer', (c, id) => {
    for (let i = 0; i < 5; i++) c.frame(1, 0x4, id, block([[':status', '103']]));
    c.respond(id, 200, 'ok');
  }],
  ['a :status with a sign, leading zeros and no reason Go knows ("+0599")', (c, id) => {
    c.frame(1, 0x4, id, block([[':status', '+0599']]));
    c.frame(0, 0x1, id, Buffer.from('body'));
  }],
  ['an empty :status', (c, id) => c.frame(1, 0x5, id, block([[':status', '']]))],
  ['a :status past 64 bits', (c, id) => c.frame(1, 0x5, id, block([[':status', '9223372036854775808']]))],
  ['the connection closed before the response', (c) => c.socket.end()],
  ['the connection closed in the middle of the body', (c, id) => {
    halfBody(c, id);
    c.socket.end();
  }],
] as [string, Misbehaviour, Partial<Case>?][]).map(([what, misbehave, more]) => ({ what, misbehave, ...more }));

describe("HTTP/2 failures in Go's client's words (go-h2-get beside our transport)", function () {
  this.timeout(150_000);
  const certs = testCertificates();
  const fixture = new TransportFixture(['sum.golang.org']);
  let program = '';
  after(() => fixture.close());

  before(function () {
    program = path.join(tempDir('go-h2-get'), 'go-h2-get');
    buildGoProgram('test/support/go-h2-get', program);
  });

  async function server(misbehave: Misbehaviour): Promise<{ url: string; connections: unknown[] }> {
    const srv = fixture.keep(await startRawH2Server(certs.server, (c, id) => misbehave(c, id)));
    return { url: `https://sum.golang.org:${srv.port}/x`, connections: srv.connections };
  }

  /**
   * What Go's client says: the reason of its url.Error, its body read's error, or what it read. With `giveUp`, the
   * program is stopped once that holds before it answers, and the answer is undefined.
   */
  async function goSays(url: string, giveUp?: () => boolean): Promise<string | undefined> {
    const env = { PATH: process.env.PATH ?? '', SSL_CERT_FILE: certs.rootBundlePath };
    const stop = new AbortController();
    const run = promisify(execFile)(program, [url], { encoding: 'utf8', timeout: 110_000, env, signal: stop.signal }).then(({ stdout }) => goReason(stdout));
    if (!giveUp) return run;
    let settled = false;
    run.then(() => (settled = true), () => (settled = true));
    while (!settled && !giveUp()) await new Promise((r) => setTimeout(r, 20));
    if (settled) return run;
    stop.abort();
    return undefined;
  }

  /** What we say: the reason of our TransportError, or what we read. */
  async function weSay(url: string): Promise<string> {
    try {
      const r = await fixture.transport().get(url);
      return answered(r.status, r.goStatus, r.body.length);
    } catch (err) {
      assert.ok(err instanceof TransportError, `not a TransportError: ${String(err)}`);
      return innerReason(err);
    }
  }

  /** Go's answers, asked all at once: Go backs off for a minute before it gives up on a refused request. */
  const goAnswers = new Map<string, string | undefined>();
  before(async function () {
    await Promise.all(CASES.map(async (c) => {
      const srv = await server(c.misbehave);
      // Past ten connections Go has gone on far beyond our three tries.
      goAnswers.set(c.what, await goSays(srv.url, c.goNeverAnswers && (() => srv.connections.length >= 10)));
    }));
  });

  it('seeded response header blocks: each is taken or refused as Go takes or refuses it, in its words', async () => {
    const SEEDS = 200;
    const blocks = Array.from({ length: SEEDS }, (_, seed) => randomHeaderBlock(seed));
    const srv = fixture.keep(await startRawH2Server(certs.server, (c, id, at) => {
      c.frame(1, 0x4, id, block(blocks[Number(at.slice(1))]));
      c.frame(0, 0x1, id, Buffer.from('body'));
    }));
    const url = (seed: number): string => `https://sum.golang.org:${srv.port}/${seed}`;
    const differ: string[] = [];
    const refused = new Set<string>();
    for (let from = 0; from < SEEDS; from += 25) {
      await Promise.all(blocks.slice(from, from + 25).map(async (fields, i) => {
        const seed = from + i;
        const [go, ours] = await Promise.all([goSays(url(seed)), weSay(url(seed))]);
        if (go !== ours) differ.push(`seed ${seed} ${JSON.stringify(fields)}: Go ${JSON.stringify(go)}, ours ${JSON.stringify(ours)}`);
        if (!go?.startsWith('answered')) refused.add(go!.replace(/"[^"]*"/g, '"…"'));
      }));
    }
    assert.deepEqual(differ, []);
    // The seeds reach every rule: each refusal Go's client makes of a response's header block.
    for (const rule of ['invalid header field name', 'invalid header field value', 'pseudo header field after regular', 'invalid pseudo-header', 'duplicate pseudo-header', 'missing status pseudo header', 'non-numeric status']) {
      assert.ok([...refused].some((r) => r.includes(rule)), `no seed reached "${rule}": ${[...refused].join(' | ')}`);
    }
  });

  it('a connection reset in the middle of a body: Go reads the reset, and so do we, each naming its own end', async () => {
    const srv = fixture.keep(await startRawH2Server(certs.server, (c, id) => {
      c.frame(1, 0x4, id, block([[':status', '200'], ['content-length', '10']]));
      c.frame(0, 0, id, Buffer.from('hello'));
      // Under TLS the reset is the TCP connection's: the socket TLS runs on.
      setTimeout(() => (c.socket as unknown as { _parent: net.Socket })._parent.resetAndDestroy(), 30);
    }));
    const url = `https://sum.golang.org:${srv.port}/x`;
    const [go, ours] = await Promise.all([goSays(url), weSay(url)]);
    const ownEnd = (s: string | undefined) => s?.replace(/^read tcp 127\.0\.0\.1:\d+->/, 'read tcp 127.0.0.1:PORT->');
    assert.equal(ownEnd(go), `read tcp 127.0.0.1:PORT->127.0.0.1:${srv.port}: read: connection reset by peer`);
    assert.equal(ownEnd(ours), ownEnd(go));
  });

  for (const c of CASES) {
    const title = c.goNeverAnswers ? `${c.what}: Go never answers; we do (${c.goNeverAnswers.why})`
      : c.differs ? `${c.what}: we differ from Go on purpose (${c.differs.why})` : `${c.what}: we say what Go says`;
    it(title, async () => {
      const go = goAnswers.get(c.what);
      const ours = await weSay((await server(c.misbehave)).url);
      if (c.goNeverAnswers) {
        assert.equal(go, undefined);
        assert.equal(ours, c.goNeverAnswers.ours);
        return;
      }
      assert.ok(go !== undefined);
      assert.equal(ours, c.differs ? c.differs.ours(go) : go);
    });
  }
});
