// Answers the go command reads over HTTP/1.1 that undici's parser (llhttp) refused, and statuses Go takes as they
// come, beside go itself: a database behind a front that sends each lookup's real body under an odd head. Where go
// verifies greet, `check` and the probe must verify it too; where go quotes a status, they quote Go's very line.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { startRawServer } from '../support/faultServers';
import { closedAfterSuite } from '../support/suiteServers';
import { startRelayFront } from '../support/relayFront';
import { auditSetup, parse } from '../support/auditSetup';
import { probeGoSum } from '../support/probeGoSum';
import { goModDownload, greetBesideGo } from '../support/goModDownload';

/** The head a lookup's body of `length` bytes comes under (a chunked one gets its body as one chunk). */
type Head = (length: number) => string;

const READ_BY_GO: Record<string, Head> = {
  'the same Content-Length twice': (n) => `HTTP/1.1 200 OK\r\nContent-Length: ${n}\r\nContent-Length: ${n}\r\nConnection: close\r\n\r\n`,
  'bare LF line ends': (n) => `HTTP/1.1 200 OK\nContent-Length: ${n}\nConnection: close\n\n`,
  'chunked with a Content-Length beside it': () => 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\n',
  'a chunk extension and a trailer': () => 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n',
  'version HTTP/1.2': (n) => `HTTP/1.2 200 OK\r\nContent-Length: ${n}\r\nConnection: close\r\n\r\n`,
  'a space before a header\'s colon (a header Go does not take as Content-Length; the body runs to the close)': (n) => `HTTP/1.1 200 OK\r\nContent-Length : ${n}\r\n\r\n`,
  'a NUL in a header value': (n) => `HTTP/1.1 200 OK\r\nX-A: a\x00b\r\nContent-Length: ${n}\r\nConnection: close\r\n\r\n`,
  'a 100 Continue before the answer': (n) => `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: ${n}\r\n\r\n`,
  'status 000, which the go command\'s web package takes as success': (n) => `HTTP/1.1 000 Odd\r\nContent-Length: ${n}\r\n\r\n`,
};

const STATUSES: Record<string, Head> = {
  'a status under 100': () => 'HTTP/1.1 099 Odd\r\nContent-Length: 0\r\n\r\n',
  'a 204 whose Content-Length is no number (not read for a 204)': () => 'HTTP/1.1 204 No Content\r\nContent-Length: abc\r\n\r\n',
  'a status over 599 without a reason': () => 'HTTP/1.1 999\r\nContent-Length: 0\r\n\r\n',
  // Only the lookup is empty (the tree head is the database's): something else answering, not a lie.
  'an empty 200 answer to the lookup': () => 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
  'an empty answer with status 000 (success to the go command)': () => 'HTTP/1.1 000 Odd\r\nContent-Length: 0\r\n\r\n',
  // Past our cap for a lookup (64 KiB; Go has none): Go reads it all and finds no record.
  'status 000 with 70,000 bytes of text': () => `HTTP/1.1 000 Odd\r\nContent-Length: 70000\r\nConnection: close\r\n\r\n${'x'.repeat(70_000)}`,
  // Limits and readings the unit tests take from Go's sources, answered by go itself.
  'six 100 Continue heads (Go skips five)': () => `${'HTTP/1.1 100 Continue\r\n\r\n'.repeat(6)}HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n`,
  'headers past 10 MiB': () => `HTTP/1.1 200 OK\r\n${`X-Filler: ${'a'.repeat(1000)}\r\n`.repeat(10_600)}\r\n`,
  'a chunk-size line past 4 KiB': () => `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'0'.repeat(5000)}1\r\nx\r\n`,
  'a trailer past 4 KiB': () => `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: ${'a'.repeat(5000)}\r\n\r\n`,
  'an empty chunk-size line (go1.19 reads it as the last chunk)': () => 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n',
};

/** `body` under the head `head` makes for it; a chunked head gets the body as one chunk (with an extension and a trailer when asked). */
function underHead(head: Head, body: Buffer, chunkedExtras: boolean): Buffer {
  const text = head(body.length);
  if (!text.includes('chunked')) return Buffer.concat([Buffer.from(text, 'latin1'), body]);
  const size = body.length.toString(16) + (chunkedExtras ? ';name=value' : '');
  const trailer = chunkedExtras ? 'X-Trailer: yes\r\n\r\n' : '\r\n';
  return Buffer.concat([Buffer.from(`${text}${size}\r\n`, 'latin1'), body, Buffer.from(`\r\n0\r\n${trailer}`)]);
}

describe('lookups answered under heads the go command reads, beside go (HTTP/1.1)', function () {
  this.timeout(120_000);
  const greet = greetBesideGo();
  const keep = closedAfterSuite();

  /** The database behind a front that sends each lookup's body under `head`, and closes after each answer. */
  async function front(head: Head, chunkedExtras = false): Promise<string> {
    return keep(await startRelayFront(greet.db.url, ({ target, body }) => (target.startsWith('/lookup/') ? underHead(head, body, chunkedExtras) : undefined))).url;
  }

  async function runBoth(env: Record<string, string>): Promise<{ go: string; checked: Awaited<ReturnType<typeof check>>; probed: Awaited<ReturnType<typeof probeGoSum>> }> {
    const go = await goModDownload(env);
    return { go, checked: await check(env), probed: await probeGoSum(greet.gp.goSumLines, env) };
  }

  async function check(env: Record<string, string>) {
    const a = await auditSetup(env);
    try {
      return await a.auditor.audit(parse(greet.gp.goSumLines));
    } finally {
      await a.close();
    }
  }

  for (const [name, head] of Object.entries(READ_BY_GO)) {
    it(`${name}: go verifies greet, and so do check and the probe`, async () => {
      const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${await front(head, name.includes('extension'))}` };
      const { go, checked, probed } = await runBoth(env);
      assert.equal(go, '', 'go');
      assert.equal(checked.summary.verified, 2, JSON.stringify(checked.scenario));
      assert.equal(checked.scenario, null);
      assert.equal(probed.goError, undefined, 'probe');
    });
  }

  it('a kept-alive connection the server closes as the next request comes: Go sends it again on a new one, and so do we', async () => {
    let connections = 0;
    const server = await startRawServer((socket, request) => {
      connections++;
      http.get(new URL(request.split(' ')[1], greet.db.url), (up) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c)).on('end', () => {
          const body = Buffer.concat(parts);
          socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 ${up.statusCode} X\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
          // The answer said keep-alive; the next request on this connection is met with its close.
          socket.once('data', () => socket.end());
        });
      }).on('error', () => socket.destroy());
    });
    keep(server);
    const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${server.url}` };
    const { go, checked, probed } = await runBoth(env);
    assert.equal(go, '', 'go');
    assert.equal(checked.summary.verified, 2, JSON.stringify(checked.scenario));
    assert.equal(probed.goError, undefined, 'probe');
    assert.ok(connections >= 4, `each request after a connection's first went again on a new one (${connections} connections)`);
  });

  for (const [name, head] of Object.entries(STATUSES)) {
    it(`${name}: check and the probe quote Go's line`, async () => {
      const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${await front(head)}` };
      const { go, checked, probed } = await runBoth(env);
      // Go may log an unsolicited response first (the front's bytes after a bodiless answer): its error is the last line.
      const goLine = go.split('\n').pop()!;
      assert.match(goLine, /^go: example\.com\/greet@v1\.1\.0: verifying go\.mod: /, go);
      assert.equal(checked.scenario?.goError, goLine, 'check');
      assert.equal(checked.summary['security-error'], 0, 'an answer that is no record is not a lie');
      assert.equal(probed.goError, goLine, 'probe');
    });
  }
});
