// Seeded answers of an HTTPS_PROXY to CONNECT (versions, statuses, line ends, headers Go ignores or refuses), a 200
// then tunnelling to the database, read by the go command and by check on the same bytes: where go verifies greet
// through the proxy, check must too; where go stops, check must quote its line. 150 seeds agreed when this was
// written (30 verified by go); the test runs 60.
import * as net from 'node:net';
import { testCertificates } from '../support/certs';
import { startRawServer } from '../support/faultServers';
import { closedAfterSuite } from '../support/suiteServers';
import { greetBesideGo } from '../support/goModDownload';
import { randomInts } from '../support/fuzz';
import { assertSeedsAgreeWithGo } from '../support/seededBesideGo';

const SEEDS = 60;

/** A CONNECT answer's head from the seeded `pick`. */
function connectAnswer(pick: (n: number) => number): string {
  const one = <T>(xs: readonly T[]): T => xs[pick(xs.length)];
  const eol = one(['\r\n', '\r\n', '\n']);
  const lines = [`${one(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'http/1.1'])} ${one(['200 Connection established', '200 OK', '200', '201 Created', '299 X', '000 X', '407 Proxy Authentication Required', '502 Bad Gateway', '200  OK'])}`];
  for (let i = pick(3); i > 0; i--) lines.push(one(['Proxy-Agent: x', 'Content-Length: 0', 'Connection: keep-alive', 'Transfer-Encoding: chunked', 'X: y', ' continued', 'Content-Length: abc']));
  return lines.join(eol) + eol + eol;
}

describe('seeded answers of an HTTPS_PROXY to CONNECT, read by the go command and by check', function () {
  this.timeout(300_000);
  const certs = testCertificates();
  const greet = greetBesideGo({ tls: { cert: certs.server.cert, key: certs.server.key } });
  const keep = closedAfterSuite();
  /** A proxy answering CONNECT from `seed`; after a 200 it tunnels to the database (sumdb.test is 127.0.0.1). */
  async function proxy(seed: number): Promise<string> {
    const port = Number(new URL(greet.db.url).port);
    const p = await startRawServer((socket) => {
      const answer = connectAnswer(randomInts(seed));
      if (!/^\S+ 200/.test(answer)) return void socket.end(answer, 'latin1');
      // Go's hello follows the 200 at once: nothing it sends is read before the tunnel is there to carry it.
      socket.pause();
      const up = net.connect(port, '127.0.0.1', () => { up.pipe(socket); socket.pipe(up); socket.write(answer, 'latin1'); socket.resume(); });
      up.on('error', () => socket.destroy());
      socket.on('close', () => up.destroy());
    });
    return keep(p).url;
  }
  it(`${SEEDS} seeded answers: check verifies where go does, and quotes go's line where it stops`, async () => {
    const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
    // A name, not 127.0.0.1: Go never sends loopback addresses through a proxy.
    const database = `${greet.db.verifierKey} https://sumdb.test:${new URL(greet.db.url).port}`;
    await assertSeedsAgreeWithGo(seeds, greet.gp.goSumLines, async (seed) => ({
      env: { GOPROXY: greet.gp.url, GOSUMDB: database, HTTPS_PROXY: await proxy(seed), SSL_CERT_FILE: certs.rootBundlePath },
      shown: connectAnswer(randomInts(seed)),
    }));
  });
});
