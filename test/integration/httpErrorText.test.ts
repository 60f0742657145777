import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { monotonicMs } from '../../server/src/monotonic';
import { readLocalFile } from '../../server/src/transport/localFiles';
import { resolveChain } from '../../server/src/goenv/chain';
import { remoteReader } from '../../server/src/sumdb/remote';
import { createTransport } from '../../server/src/transport/http';
import { Transport } from '../../server/src/transport/types';
import { startHttpServer, RecordingServer } from '../support/faultServers';
import { DatabaseBase } from '../../server/src/sumdb/databaseBase';

const CHAIN_IO = { readLocal: readLocalFile, now: monotonicMs };

const REFERENCE = readFileSync(path.join(__dirname, '../fixtures/reference/go-error-messages.md'), 'utf8');
const NAME = '127.0.0.1:44857';
const KEY = '127.0.0.1:44857+4cc374a8+ASFXc3X92QIFTplaCLFLeID9ay7b8RuOnaE7w60W1M6N';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

const plain = (status: number, body: Buffer | string, contentType = 'text/plain; charset=utf-8'): Answer =>
  ({ status, headers: { 'Content-Type': contentType }, body });

describe("a proxy's or database's error answer, in the go command's exact words (cmd/go/internal/web)", () => {
  let server: RecordingServer;
  let transport: Transport;
  let answer: Answer;

  before(async () => {
    server = await startHttpServer((_req, res) => {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
    transport = createTransport({ timeoutMs: 5000 });
  });
  after(async () => {
    await transport.close();
    await server.close();
  });

  /** What the GOPROXY chain and the database reader each say about the same answer; they must agree. */
  async function bothTexts(a: Answer): Promise<string> {
    answer = a;
    const base = `${server.url}/sumdb/${NAME}`;
    const chain = await resolveChain({ GOSUMDB: KEY, GOPROXY: server.url }, transport, CHAIN_IO);
    const fromChain = chain.steps[0].goError;
    const fromReader = await remoteReader({ base: DatabaseBase.unescaped(base), transport })('/supported').then(
      () => assert.fail('an error status must not be read as a body'),
      (e: Error) => e.message,
    );
    assert.equal(fromReader, fromChain, 'one wording for both');
    return fromReader;
  }

  const url = () => `${server.url}/sumdb/${NAME}/supported`;

  it("a 500 with a one-line explanation reads exactly as recorded from go1.23 (case 10-500)", async () => {
    const text = await bothTexts(plain(500, `Internal Server Error: this proxy does not proxy checksum database ${NAME}\n`));
    const recorded = /verifying go\.mod: example\.com\/greet@v1\.1\.0\/go\.mod: (reading http:\/\/127\.0\.0\.1:44567\/sumdb\/[^\n]*\n\tserver response: [^\n]*)/.exec(REFERENCE);
    assert.ok(recorded);
    assert.equal(text, recorded[1].replace('http://127.0.0.1:44567', server.url));
  });

  it('several lines are indented under "server response:", up to the first blank line', async () => {
    assert.equal(await bothTexts(plain(404, 'not found\nno such module\n  \nhidden\n')),
      `reading ${url()}: 404 Not Found\n\tserver response:\n\tnot found\n\tno such module`);
  });

  it('a CRLF body keeps its carriage return, as Go prints it', async () => {
    assert.equal(await bothTexts(plain(410, 'gone: example.com/m@v1.0.0\r\n')),
      `reading ${url()}: 410 Gone\n\tserver response: gone: example.com/m@v1.0.0\r`);
  });

  it('more than eight lines end in "[Truncated: too many lines.]"', async () => {
    const body = Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n');
    assert.equal(await bothTexts(plain(500, body)),
      `reading ${url()}: 500 Internal Server Error\n\tserver response:\n\t` +
      Array.from({ length: 8 }, (_, i) => `line ${i}`).join('\n\t') + '\n\t[Truncated: too many lines.]');
  });

  it('the 648-byte limit counts UTF-8 bytes, not characters', async () => {
    const line = '€'.repeat(200); // 600 bytes, 200 characters
    assert.equal(await bothTexts(plain(500, `${line}\n${line}\n`)),
      `reading ${url()}: 500 Internal Server Error\n\tserver response:\n\t${line}\n\t[Truncated: too long.]`);
  });

  it('a body that is not plain UTF-8 text, or could play with the terminal, is not echoed', async () => {
    const bare = (status: string) => `reading ${url()}: ${status}`;
    assert.equal(await bothTexts({ status: 404, headers: {}, body: 'not found\n' }), bare('404 Not Found'), 'no Content-Type');
    assert.equal(await bothTexts(plain(404, 'not found\n', 'text/html')), bare('404 Not Found'));
    assert.equal(await bothTexts(plain(404, 'not found\n', 'text/plain-ish')), bare('404 Not Found'));
    assert.equal(await bothTexts(plain(404, 'not found\n', 'text/plain; charset=iso-8859-1')), bare('404 Not Found'));
    assert.equal(await bothTexts(plain(404, 'not found\n', 'text/plain; charset=a; charset=b')), bare('404 Not Found'), 'conflicting parameters');
    assert.equal(await bothTexts(plain(404, '\ufeffnot found\n')), bare('404 Not Found'), 'a byte-order mark is not graphic');
    assert.equal(await bothTexts(plain(404, 'not \x1b[31mfound\n')), bare('404 Not Found'), 'an escape sequence');
    assert.equal(await bothTexts(plain(404, Buffer.from([0x6e, 0xff, 0x0a]))), bare('404 Not Found'), 'invalid UTF-8');
  });

  it('Content-Type is parsed like mime.ParseMediaType: case, quotes and a malformed parameter', async () => {
    const echoed = `reading ${url()}: 404 Not Found\n\tserver response: not found`;
    assert.equal(await bothTexts(plain(404, 'not found\n', 'Text/Plain; Charset="UTF-8"')), echoed);
    assert.equal(await bothTexts(plain(404, 'not found\n', 'text/plain; junk')), echoed, 'a bad parameter keeps the type');
    assert.equal(await bothTexts(plain(404, 'not found\n', 'text/plain;')), echoed);
  });

  it('a line holding only U+0085 is blank to Go and ends the excerpt', async () => {
    assert.equal(await bothTexts(plain(404, 'a\n\u0085\nb\n')), `reading ${url()}: 404 Not Found\n\tserver response: a`);
  });

  it("the status is quoted in the server's words, as Go quotes an HTTP/1.1 status line (the go command's own run: goPrediction.test.ts)", async () => {
    // This Node server writes Node's phrases: Go quotes them, not its own StatusText.
    assert.equal(await bothTexts(plain(418, '')), `reading ${url()}: 418 I'm a Teapot`);
    assert.equal(await bothTexts(plain(413, '')), `reading ${url()}: 413 Payload Too Large`);
    assert.equal(await bothTexts(plain(599, '')), `reading ${url()}: 599 unknown`);
  });
});
