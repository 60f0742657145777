// A GOPROXY that redirects between host names, with .netrc credentials: the go command puts a .netrc entry's
// Authorization on the first request only, and net/http copies it on a redirect only to the same host and port or
// to a subdomain of the last hop (shouldCopyHeaderOnRedirect: isDomainOrSubdomain on canonicalAddr, so a name that
// merely ends with the last hop's name gets nothing). Names need a resolver: the go command and our CLI run in a
// private mount namespace whose /etc/hosts sends them to 127.0.0.1 (privateHosts.ts). Beside go1.19, same settings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { cliSuiteHooks, runCli } from '../support/builtCli';
import { testCertificates } from '../support/certs';
import { startTlsServer, type RecordingServer } from '../support/faultServers';
import { goOnPath } from '../support/goEnv';
import { goModDownload, MODULES } from '../support/goModDownload';
import { startGoproxyServer, type GoproxyServer } from '../support/goproxyServer';
import { privateHostsUnavailable, withHostNames, type Launcher } from '../support/privateHosts';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';

const USER = 'builder';
const TOKEN = 'n3trc-t0ken';
const BASIC = `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`;
/** Names the test certificate holds (certs.ts SERVER_NAMES). */
const PROXY = 'goproxy.test';
const MIRROR = 'mirror.goproxy.test';
const SUFFIX_ONLY = 'proxy.test';

interface CheckJson {
  summary: { lines: number; verified: number };
  diagnosis: { goError: string | null } | null;
}

describe('credentials on a GOPROXY redirect between host names, beside the go command', function () {
  this.timeout(120_000);
  const suite = cliSuiteHooks('gosum-doctor-redirect-names-');
  const certs = testCertificates();
  let gp: GoproxyServer;
  let db: SumdbServer;
  let front: RecordingServer;
  let launch: Launcher;
  /** Where a request for each host name is sent on; the host it names serves. */
  const redirects = new Map<string, string>();
  /** Every host name that got a request through with the credentials, and how it answered. */
  const passed = new Set<string>();

  before(async function () {
    const why = goOnPath() ? privateHostsUnavailable() : 'no go command on PATH';
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    launch = withHostNames([PROXY, MIRROR, SUFFIX_ONLY]);
    gp = await startGoproxyServer(MODULES);
    db = await startSumdbServer({ goSumLines: gp.goSumLines });
    // One TLS server answers every name, by its Host header: a redirect where one is set, else the proxy itself.
    // Nothing gets through without the credentials.
    front = await startTlsServer(certs.server, (req, res) => {
      if (req.headers.authorization !== BASIC) return void res.writeHead(401, { 'content-type': 'text/plain' }).end('credentials required\n');
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const to = redirects.get(host);
      passed.add(`${host} ${to ? 'redirected' : 'served'}`);
      if (to) return void res.writeHead(302, { location: `https://${to}:${port()}${req.url ?? '/'}` }).end();
      forward(req, res, req.url?.startsWith('/sumdb/') ? new URL(db.proxyUrl).origin : gp.url);
    });
  });
  after(async () => {
    await front?.close();
    await db?.close();
    await gp?.close();
  });

  const port = () => new URL(front.url).port;

  /** The settings, the same for go and for us: GOPROXY at `first`, a .netrc with an entry for each of `netrcFor`. */
  function settings(first: string, netrcFor: string[]): Record<string, string> {
    const dir = fs.mkdtempSync(path.join(suite.dir, 'env-'));
    const netrc = path.join(dir, 'netrc');
    fs.writeFileSync(netrc, netrcFor.map((h) => `machine ${h} login ${USER} password ${TOKEN}\n`).join(''));
    return { GOPROXY: `https://${first}:${port()}`, GOSUMDB: db.verifierKey, SSL_CERT_FILE: certs.rootBundlePath, NETRC: netrc, HTTP_PROXY: '', HTTPS_PROXY: '' };
  }

  async function ours(e: Record<string, string>): Promise<{ check: CheckJson; probe: { scenario: string; goError?: string } }> {
    const dir = fs.mkdtempSync(path.join(suite.dir, 'project-'));
    fs.writeFileSync(path.join(dir, 'go.sum'), gp.goSumLines.join('\n') + '\n');
    const env = { PATH: process.env.PATH ?? '', HOME: dir, GOENV: 'off', GOPATH: path.join(dir, 'go'), GOFLAGS: '', GOSUM_DOCTOR_CACHE: path.join(dir, 'cache'), ...e };
    const check = await runCli(['check', '--json', dir], { env, launch });
    const probe = await runCli(['probe', '--json', '--no-go', dir], { env, launch });
    assert.ok(check.stdout.trim() && probe.stdout.trim(), `check: ${check.stderr}\nprobe: ${probe.stderr}`);
    return { check: JSON.parse(check.stdout) as CheckJson, probe: JSON.parse(probe.stdout) as { scenario: string; goError?: string } };
  }

  it(`to a subdomain on the same port (${PROXY} → ${MIRROR}): the credentials go along, though the .netrc names only the first; go verifies, and so do we`, async () => {
    redirects.clear();
    passed.clear();
    redirects.set(PROXY, MIRROR);
    const e = settings(PROXY, [PROXY]);
    const go = await goModDownload(e, { launch });
    assert.equal(go, '', `the go command failed: ${go}`);
    const r = await ours(e);
    assert.equal(r.check.summary.verified, r.check.summary.lines, JSON.stringify(r.check).slice(0, 2000));
    assert.equal(r.probe.scenario, 'ok', JSON.stringify(r.probe).slice(0, 2000));
    assert.deepEqual([...passed].sort(), [`${PROXY} redirected`, `${MIRROR} served`]);
  });

  for (const [from, to, why] of [
    [MIRROR, PROXY, 'to the parent domain'],
    [SUFFIX_ONLY, PROXY, `to a name that only ends with the first (${PROXY} is no subdomain of ${SUFFIX_ONLY})`],
  ] as const) {
    it(`${why}: go drops the credentials, though the .netrc has an entry for both, and is refused with 401; so are we, in its words`, async () => {
      redirects.clear();
      passed.clear();
      redirects.set(from, to);
      const e = settings(from, [from, to]);
      const go = await goModDownload(e, { launch });
      // Go names the URL it asked for; the refusal came after the redirect: the first hop let the credentials in.
      assert.match(go, new RegExp(`reading https://${from.replace(/\./g, '\\.')}:\\d+/.*: 401 Unauthorized`));
      const r = await ours(e);
      assert.deepEqual([...passed], [`${from} redirected`]);
      assert.equal(r.check.summary.verified, 0, JSON.stringify(r.check).slice(0, 2000));
      assert.equal(r.check.diagnosis?.goError, go);
      assert.equal(r.probe.goError, go);
    });
  }
});

/** Forwards a request to a backend on 127.0.0.1 and streams its answer back. */
function forward(req: http.IncomingMessage, res: http.ServerResponse, backend: string): void {
  http.get(new URL(req.url ?? '/', backend), (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  }).on('error', () => res.writeHead(502).end());
}
