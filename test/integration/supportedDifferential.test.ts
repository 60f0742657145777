// Seeded answers of a GOPROXY to /sumdb/<name>/supported (statuses Go uses, refuses or falls through on, bodies,
// framings), the proxy serving modules and the database's other paths as it should, read by the go command and by
// check: where go verifies greet, check must too; where go stops, check must quote its error. 150 seeds agreed when
// this was written (35 verified by go); the test runs 60.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { startRawServer, type RunningServer } from '../support/faultServers';
import { auditSetup, parse } from '../support/auditSetup';
import { goModDownload, greetBesideGo } from '../support/goModDownload';
import { randomInts } from '../support/fuzz';

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
  const fronts: RunningServer[] = [];
  after(async () => { await Promise.all(fronts.map((f) => f.close())); });
  /** A GOPROXY serving greet and the database, whose /supported answer comes from `seed`; one answer per connection. */
  async function front(seed: number): Promise<string> {
    const server = await startRawServer((socket, request) => {
      const target = request.split(' ')[1];
      if (target.endsWith('/supported')) return void socket.end(supportedAnswer(randomInts(seed)), 'latin1');
      const upstream = target.startsWith('/sumdb/') ? new URL(target.replace(/^\/sumdb\/[^/]+/, ''), greet.db.url) : new URL(target, greet.gp.url);
      http.get(upstream, (up) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c)).on('end', () => {
          const body = Buffer.concat(parts);
          socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${up.statusCode} X\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body]));
        });
      }).on('error', () => socket.destroy());
    });
    fronts.push(server);
    return server.url;
  }
  it(`${SEEDS} seeded answers: check verifies where go does, and quotes go's error where it stops`, async () => {
    const diffs: string[] = [];
    let ok = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const env = { GOPROXY: await front(seed), GOSUMDB: greet.db.verifierKey };
      const go = await goModDownload(env);
      const goLines = go.split('\n');
      const goText = goLines.slice(Math.max(0, goLines.findIndex((l) => l.startsWith('go: ')))).join('\n');
      const a = await auditSetup({ ...env, ...NO_INTERNET });
      let ours: string;
      try {
        const r = await a.auditor.audit(parse(greet.gp.goSumLines));
        ours = r.summary.verified === 2 ? '' : r.scenario?.goError ?? JSON.stringify(r.summary);
      } finally { await a.close(); }
      if (go === '') ok++;
      if (ours.trimEnd() !== goText) diffs.push(`seed ${seed}: ${JSON.stringify(supportedAnswer(randomInts(seed)))}\n go:   ${goText}\n ours: ${ours}`);
    }
    console.log(`      ${SEEDS} answers: go verified ${ok}, stopped ${SEEDS - ok}`);
    assert.deepEqual(diffs, []);
    assert.ok(ok > 0 && ok < SEEDS, 'the seeds reach both outcomes');
  });
});
