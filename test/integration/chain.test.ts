import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveChain } from '../../server/src/goenv/chain';
import { monotonicMs } from '../../server/src/monotonic';
import { readLocalFile } from '../../server/src/transport/localFiles';
import { createTransport } from '../../server/src/transport/http';
import { Transport } from '../../server/src/transport/types';
import { startHttpServer, RecordingServer, closedPort } from '../support/faultServers';

const REFERENCE = readFileSync(path.join(__dirname, '../fixtures/reference/go-error-messages.md'), 'utf8');
const NAME = '127.0.0.1:44857';
const KEY = '127.0.0.1:44857+4cc374a8+ASFXc3X92QIFTplaCLFLeID9ay7b8RuOnaE7w60W1M6N';
const SUPPORTED = `/sumdb/${NAME}/supported`;
/** The file reader and clock the product's callers hand the chain. */
const CHAIN_IO = { readLocal: readLocalFile, now: monotonicMs };

type Behaviour = 200 | 404 | 410 | 500 | 'reset';

async function proxy(behaviour: Behaviour): Promise<RecordingServer> {
  return startHttpServer((req, res) => {
    if (behaviour === 'reset') {
      req.socket.destroy();
      return;
    }
    const body = behaviour === 200 ? '' : behaviour === 500
      ? `Internal Server Error: this proxy does not proxy checksum database ${NAME}\n`
      : 'not found\n';
    res.writeHead(behaviour, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(body);
  });
}

describe('how the go command reaches the checksum database (GOPROXY chain)', () => {
  const servers: Record<string, RecordingServer> = {};
  let transport: Transport;

  before(async () => {
    for (const b of [200, 404, 410, 500, 'reset'] as Behaviour[]) servers[String(b)] = await proxy(b);
    transport = createTransport({ timeoutMs: 5000 });
  });
  after(async () => {
    await transport.close();
    await Promise.all(Object.values(servers).map((s) => s.close()));
  });
  beforeEach(() => {
    for (const s of Object.values(servers)) s.requests.length = 0;
  });

  const url = (b: Behaviour) => servers[String(b)].url;

  it('a proxy answering 200 serves every database read, with no fallback', async () => {
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url(200)},direct` }, transport, CHAIN_IO);
    assert.equal(r.via, 'proxy');
    assert.equal(r.base?.shown, `${url(200)}/sumdb/${NAME}`);
    assert.equal(r.proxy, url(200));
    assert.deepEqual(servers['200'].requests, [`GET ${SUPPORTED}`]);
    assert.equal(r.steps.length, 1);
    assert.equal(r.steps[0].outcome, 'supported');
  });

  for (const status of [404, 410] as const) {
    it(`a proxy answering ${status} passes to the next entry, and direct means https://<name>`, async () => {
      const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url(status)},direct` }, transport, CHAIN_IO);
      assert.equal(r.via, 'direct');
      assert.equal(r.base?.shown, `https://${NAME}`);
      assert.deepEqual(servers[String(status)].requests, [`GET ${SUPPORTED}`]);
      assert.deepEqual(r.steps.map((s) => s.outcome), [status === 404 ? 'not-found' : 'gone', 'direct']);
      assert.equal(r.error, undefined);
    });
  }

  it('a 404 then a 200 proxy: the second one serves the database', async () => {
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url(404)},${url(200)},direct` }, transport, CHAIN_IO);
    assert.equal(r.via, 'proxy');
    assert.equal(r.base?.shown, `${url(200)}/sumdb/${NAME}`);
    assert.deepEqual(servers['404'].requests, [`GET ${SUPPORTED}`]);
    assert.deepEqual(servers['200'].requests, [`GET ${SUPPORTED}`]);
  });

  it('all proxies 404 and no direct: Go still connects to the database directly', async () => {
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url(404)},${url(410)}` }, transport, CHAIN_IO);
    assert.equal(r.via, 'direct');
    assert.equal(r.base?.shown, `https://${NAME}`);
  });

  it('a proxy answering 500 stops the walk with the go command\'s exact error', async () => {
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url(500)},${url(200)},direct` }, transport, CHAIN_IO);
    assert.equal(r.via, 'none');
    assert.deepEqual(servers['200'].requests, [], 'the next proxy is never asked');
    // The recording (case 10-500) with our server's port in place of the recorded one.
    const recorded = /verifying go\.mod: example\.com\/greet@v1\.1\.0\/go\.mod: (reading http:\/\/127\.0\.0\.1:44567\/sumdb\/[^\n]*\n\tserver response: [^\n]*)/.exec(REFERENCE);
    assert.ok(recorded, 'the recording has the 10-500 case');
    assert.equal(r.error?.message, recorded[1].replace('http://127.0.0.1:44567', url(500)));
    assert.equal(r.steps[0].outcome, 'http-error');
    assert.equal(r.steps[0].why, 'stop');
  });

  it('with "|" a 500 falls through to the next proxy', async () => {
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url(500)}|${url(200)},direct` }, transport, CHAIN_IO);
    assert.equal(r.via, 'proxy');
    assert.equal(r.proxy, url(200));
    assert.deepEqual(r.steps.map((s) => s.why), ['try-next-after-error', 'use-proxy']);
  });

  it('with "|" a 500 then a 404 and no direct keeps the 500 as the error (Go ranks it higher)', async () => {
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url(500)}|${url(404)}` }, transport, CHAIN_IO);
    assert.equal(r.via, 'none');
    assert.match(r.error?.message ?? '', /: 500 Internal Server Error\n/);
  });

  it('a proxy that resets the connection stops the walk after ","', async () => {
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url('reset')},direct` }, transport, CHAIN_IO);
    assert.equal(r.via, 'none');
    assert.equal(r.steps[0].outcome, 'unreachable');
    assert.equal(r.steps[0].failure, 'reset');
    assert.ok(r.error?.message.startsWith(`Get "${url('reset')}${SUPPORTED}": `), r.error?.message);
    // Go names the URL once: `Get "URL": read: connection reset…`, never `Get "URL": Get "URL": …`.
    assert.equal(r.error?.message.split('Get "').length, 2, r.error?.message);
    assert.deepEqual(servers['reset'].requests, [`GET ${SUPPORTED}`]);
  });

  it('a proxy that resets the connection is skipped after "|"', async () => {
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url('reset')}|direct` }, transport, CHAIN_IO);
    assert.equal(r.via, 'direct');
    assert.equal(r.base?.shown, `https://${NAME}`);
  });

  it('a refused connection to a proxy is reported and stops the walk', async () => {
    const port = await closedPort();
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `http://127.0.0.1:${port},direct` }, transport, CHAIN_IO);
    assert.equal(r.via, 'none');
    assert.equal(r.steps[0].failure, 'refused');
  });

  it('GOPROXY=direct and GOPROXY=off go straight to https://<name> without asking anyone', async () => {
    for (const goproxy of ['direct', 'off']) {
      const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: goproxy }, transport, CHAIN_IO);
      assert.equal(r.via, 'direct', goproxy);
      assert.equal(r.base?.shown, `https://${NAME}`);
    }
    for (const s of Object.values(servers)) assert.deepEqual(s.requests, []);
  });

  it('a URL in GOSUMDB bypasses every proxy', async () => {
    const r = await resolveChain({ GOSUMDB: `${KEY} http://127.0.0.1:9/db`, GOPROXY: `${url(200)},direct` }, transport, CHAIN_IO);
    assert.equal(r.via, 'url');
    assert.equal(r.base?.shown, 'http://127.0.0.1:9/db');
    assert.deepEqual(r.steps, []);
    assert.deepEqual(servers['200'].requests, []);
  });

  it('the implicit GONOPROXY entry does not change where the database is found', async () => {
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url(200)},direct`, GONOPROXY: 'corp.example.com' }, transport, CHAIN_IO);
    assert.equal(r.via, 'proxy');
    assert.deepEqual(r.steps.map((s) => s.outcome), ['noproxy', 'supported']);
  });

  it('a proxy with a path keeps it: <proxy>/sumdb/<name>', async () => {
    const r = await resolveChain({ GOSUMDB: 'sum.golang.org', GOPROXY: `${url(200)}/mirror/,direct` }, transport, CHAIN_IO);
    assert.equal(r.base?.shown, `${url(200)}/mirror/sumdb/sum.golang.org`);
    assert.deepEqual(servers['200'].requests, ['GET /mirror/sumdb/sum.golang.org/supported']);
  });

  it('GOSUMDB=off asks nobody; an invalid GOSUMDB or GOPROXY reports Go\'s error and asks nobody', async () => {
    assert.equal((await resolveChain({ GOSUMDB: 'off', GOPROXY: url(200) }, transport, CHAIN_IO)).via, 'off');
    const bad = await resolveChain({ GOSUMDB: 'https://sum.golang.org,https://goproxy.cn/sumdb', GOPROXY: url(200) }, transport, CHAIN_IO);
    assert.equal(bad.error?.message, 'invalid GOSUMDB: malformed verifier id');
    const badProxy = await resolveChain({ GOSUMDB: KEY, GOPROXY: 'ftp://x' }, transport, CHAIN_IO);
    assert.equal(badProxy.error?.message, 'invalid proxy URL scheme (must be https, http, file): ftp://x');
    assert.deepEqual(servers['200'].requests, []);
  });

  it('a file:// proxy is asked through its supported file', async () => {
    const seen: string[] = [];
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: 'file:///srv/goproxy,direct' }, transport, {
      readLocal: async (p) => { seen.push(p); return undefined; }, now: monotonicMs,
    });
    assert.deepEqual(seen, [`/srv/goproxy/sumdb/${NAME}/supported`]);
    assert.equal(r.via, 'direct');
  });

  it('a file:// proxy on disk: its supported file makes it the base, a missing one passes to the next entry', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'file-goproxy-'));
    try {
      const serving = path.join(root, 'serving');
      mkdirSync(path.join(serving, 'sumdb', NAME), { recursive: true });
      writeFileSync(path.join(serving, 'sumdb', NAME, 'supported'), '');
      const empty = path.join(root, 'empty');
      mkdirSync(empty);
      const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `file://${empty},file://${serving},direct` }, transport, CHAIN_IO);
      assert.deepEqual(r.steps.map((s) => s.outcome), ['not-found', 'supported']);
      assert.equal(r.steps[0].goError, `reading file://${empty}/sumdb/${NAME}/supported: no such file or directory`);
      assert.equal(r.via, 'proxy');
      assert.equal(r.base?.shown, `file://${serving}/sumdb/${NAME}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('how long each step took is read from the caller\'s clock', async () => {
    let t = 1000;
    const r = await resolveChain({ GOSUMDB: KEY, GOPROXY: `${url(404)},direct` }, transport, {
      readLocal: CHAIN_IO.readLocal, now: () => (t += 125),
    });
    assert.equal(r.steps[0].outcome, 'not-found');
    assert.equal(r.steps[0].ms, 125);
  });
});
