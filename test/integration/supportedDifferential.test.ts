// Seeded answers of a GOPROXY to /sumdb/<name>/supported (statuses Go uses, refuses or falls through on, bodies,
// framings), the proxy serving modules and the database's other paths as it should, read by the go command and by
// check: where go verifies greet, check must too; where go stops, check must quote its error. 150 seeds agreed when
// this was written (35 verified by go); the test runs 60.
import { closedAfterSuite } from '../support/suiteServers';
import { greetBesideGo } from '../support/goModDownload';
import { randomInts } from '../support/fuzz';
import { startRelayFront } from '../support/relayFront';
import { assertSeedsAgreeWithGo } from '../support/seededBesideGo';

const SEEDS = 60;
/** What neither go nor check may reach: the outside world, through a proxy that is not there. */
const NO_INTERNET = { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' };

/** A /supported answer from the seeded `pick`. */
function supportedAnswer(pick: (n: number) => number): string {
  const one = <T>(xs: readonly T[]): T => xs[pick(xs.length)];
  const eol = one(['\r\n', '\n']);
  const status = one(['200 OK', '000 X', '404 Not Found', '410 Gone', '500 Oops', '302 Found', '099 X', '204 No Content', '403 Forbidden', '2000 OK']);
  const lines = [`${one(['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0'])} ${status}`];
  const body = one(['', 'not here\n', 'proxy does not serve sumdb\nline two\n']);
  lines.push(one([`Content-Length: ${body.length}`, `Content-Length: ${body.length}`, '', 'Transfer-Encoding: chunked']));
  if (pick(2)) lines.push(one(['Content-Type: text/plain; charset=utf-8', 'Location: /elsewhere', 'X-A: b']));
  const chunked = lines.some((l) => l.includes('chunked'));
  const head = lines.filter(Boolean).join(eol) + eol + eol;
  return head + (chunked ? (body.length ? `${body.length.toString(16)}\r\n${body}\r\n` : '') + '0\r\n\r\n' : body);
}

describe('seeded answers to a GOPROXY\'s /sumdb/<name>/supported, read by the go command and by check', function () {
  this.timeout(300_000);
  const greet = greetBesideGo();
  const keep = closedAfterSuite();
  /** A GOPROXY serving greet and the database, whose /supported answer comes from `seed`. */
  async function front(seed: number): Promise<string> {
    const upstreamOf = (target: string) => (target.startsWith('/sumdb/') ? new URL(target.replace(/^\/sumdb\/[^/]+/, ''), greet.db.url) : new URL(target, greet.gp.url));
    return keep(await startRelayFront(upstreamOf, ({ target }) => (target.endsWith('/supported') ? supportedAnswer(randomInts(seed)) : undefined))).url;
  }

  it(`${SEEDS} seeded answers: check verifies where go does, and quotes go's error where it stops`, async () => {
    const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
    await assertSeedsAgreeWithGo(seeds, greet.gp.goSumLines, async (seed) => {
      const env = { GOPROXY: await front(seed), GOSUMDB: greet.db.verifierKey };
      return { env, checkEnv: { ...env, ...NO_INTERNET }, shown: supportedAnswer(randomInts(seed)) };
    });
  });
});
