// A database whose answer to a lookup is cut before its head is whole, is no HTTP at all, or has a head or
// chunked body Go refuses, beside the go command: Go's net/http reads those bytes its own way ("malformed HTTP
// status code", "transport connection broken: unexpected EOF", "bad Content-Length", ...), and `check` and the probe quote the very line Go prints, over HTTP/1.1 (plain and TLS).
import assert from 'node:assert/strict';
import { testCertificates } from '../support/certs';
import { closedAfterSuite } from '../support/suiteServers';
import { startRelayFront } from '../support/relayFront';
import { auditSetup, parse } from '../support/auditSetup';
import { probeGoSum } from '../support/probeGoSum';
import { goModDownload, greetBesideGo } from '../support/goModDownload';

/** What the front sends for a lookup before it closes the connection. */
const ANSWERS: Record<string, string> = {
  'half a status line': 'HTTP/1.1 20',
  'a status line, then nothing': 'HTTP/1.1 200 OK\r\n',
  'half a header': 'HTTP/1.1 200 OK\r\nContent-Ty',
  'headers without their blank line': 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n',
  'a line that is no HTTP': 'HELLO\r\n\r\n',
  'a status code with a letter': 'HTTP/1.1 2x0 OK\r\n\r\n',
  'a version Go does not read': 'HTTX/1.1 200 OK\r\n\r\n',
  'a TLS alert (a TLS port asked over plain HTTP)': '\x15\x03\x01\x00\x02\x02\x28',
  'a first header line that is indented': 'HTTP/1.1 200 OK\r\n X: y\r\n\r\n',
  // Heads Go's readTransfer refuses, and chunked bodies its chunked reader refuses.
  'a Content-Length that is no number': 'HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nhello',
  'two Content-Lengths that disagree': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
  'a Transfer-Encoding Go does not support': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nhello',
  'two Transfer-Encodings': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
  'a chunk length that is no hex number': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
  'a chunk length too large': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n',
  'a chunk without its CRLF': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n',
  // What the unit tests of goResponseHead.ts read from Go's sources, answered by go itself.
  'a Content-Length with a plus sign': 'HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello',
  'a header continued on an indented line, then a bad length': 'HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\nContent-Length: abc\r\n\r\nhello',
  'HTTP/1.0: its Transfer-Encoding ignored, its bad length not': 'HTTP/1.0 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: abc\r\n\r\nhello',
  'a 204 with lengths that disagree (refused before the status is looked at)': 'HTTP/1.1 204 No Content\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
};

describe('a lookup answered with a cut or foreign response head, beside the go command (HTTP/1.1)', function () {
  this.timeout(120_000);
  const greet = greetBesideGo();
  const keep = closedAfterSuite();

  /**
   * The database behind a front that answers each /lookup/ with `answer` and closes; anything else is the
   * database's. Over TLS (HTTP/1.1: the front offers no h2) with `tlsPair`.
   */
  async function front(answer: string, tlsPair?: { cert: string; key: string }): Promise<string> {
    return keep(await startRelayFront(greet.db.url, ({ target }) => (target.startsWith('/lookup/') ? answer : undefined), { tlsPair })).url;
  }

  const certs = testCertificates();
  const cases = [
    ...Object.entries(ANSWERS).map(([name, answer]) => ({ name, answer, tlsPair: undefined })),
    ...['half a status line', 'a line that is no HTTP'].map((name) => ({ name: `over TLS, ${name}`, answer: ANSWERS[name], tlsPair: certs.server })),
  ];
  for (const { name, answer, tlsPair } of cases) {
    it(`${name}: check and the probe quote Go's line`, async () => {
      const env = { GOPROXY: greet.gp.url, GOSUMDB: `${greet.db.verifierKey} ${await front(answer, tlsPair)}`, SSL_CERT_FILE: certs.rootBundlePath };
      const go = await goModDownload(env);
      assert.match(go, /^go: example\.com\/greet@v1\.1\.0: verifying go\.mod: .*lookup\/example\.com\/greet@v1\.1\.0"?: /, go);
      const a = await auditSetup(env);
      let checked: string | undefined;
      try {
        checked = (await a.auditor.audit(parse(greet.gp.goSumLines))).scenario?.goError;
      } finally {
        await a.close();
      }
      const p = await probeGoSum(greet.gp.goSumLines, env);
      assert.equal(checked, go, 'check');
      assert.equal(p.goError, go, 'probe');
    });
  }
});
