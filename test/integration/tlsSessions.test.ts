// TLS sessions kept between processes (tlsSessions.ts), against a real node:http2 TLS server on 127.0.0.1 that
// reports whether each handshake resumed a session: a new transport (a new process, as far as TLS knows) resumes
// the session an earlier one verified, and a server that does not resume it gets a full handshake judged against
// the roots, with Go's words when it fails, never a pass on the saved session's account.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { TransportOptions } from '../../server/src/transport/http';
import { SESSION_MAX_AGE_MS, TlsSessionFiles } from '../../server/src/transport/tlsSessions';
import { testCertificates } from '../support/certs';
import { transportFailure } from '../support/transportFailure';
import { TransportFixture } from '../support/transportFixture';

/** An HTTP/2 server whose handshakes are recorded: true for each one that resumed a session. */
interface ResumingServer {
  base: string;
  resumed: boolean[];
  server: http2.Http2SecureServer;
  close(): Promise<void>;
}

async function startServer(pair: { cert: string; key: string }): Promise<ResumingServer> {
  const server = http2.createSecureServer({ cert: pair.cert, key: pair.key }, (_req, res) => res.end('ok'));
  const resumed: boolean[] = [];
  const sockets = new Set<TLSSocket>();
  server.on('secureConnection', (s: TLSSocket) => {
    resumed.push(s.isSessionReused());
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const port = (server.address() as net.AddressInfo).port;
  const close = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
  return { base: `https://sum.golang.org:${port}`, resumed, server, close };
}

describe('TLS sessions kept between processes, against a real server on 127.0.0.1', function () {
  this.timeout(20_000);
  const certs = testCertificates();
  const fixture = new TransportFixture(['sum.golang.org']);
  let dir: string;
  let now = Date.now();
  const sessions = () => new TlsSessionFiles(dir, () => now);
  /** A transport as a new process would make it: nothing shared with earlier ones but the session files. */
  async function getOnce(url: string, o: TransportOptions = {}): Promise<string> {
    const t = fixture.transport({ tlsSessions: sessions(), ...o });
    try {
      return Buffer.from((await t.get(url)).body).toString();
    } finally {
      await t.close();
    }
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gsd-tls-sessions-'));
    now = Date.now();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(() => fixture.close());

  it('a new transport resumes the session an earlier one verified; the file is its owner\'s only', async () => {
    const srv = fixture.keep(await startServer(certs.server));
    assert.equal(await getOnce(`${srv.base}/latest`), 'ok');
    assert.equal(await getOnce(`${srv.base}/latest`), 'ok');
    assert.equal(await getOnce(`${srv.base}/latest`), 'ok');
    assert.deepEqual(srv.resumed, [false, true, true]);
    const files = fs.readdirSync(dir);
    assert.equal(files.length, 1);
    if (process.platform !== 'win32') assert.equal(fs.statSync(path.join(dir, files[0])).mode & 0o777, 0o600);
  });

  it('a server that no longer takes the session gets a full handshake, verified against the roots, and a new session is kept', async () => {
    const srv = fixture.keep(await startServer(certs.server));
    await getOnce(`${srv.base}/a`);
    srv.server.setTicketKeys(randomBytes(48)); // a restart, or keys rotated: the old ticket is worthless
    assert.equal(await getOnce(`${srv.base}/b`), 'ok');
    assert.equal(await getOnce(`${srv.base}/c`), 'ok');
    // b's handshake offering the old session may be cut short by the client before the server counts it.
    assert.deepEqual(srv.resumed.slice(-2), [false, true]);
    assert.ok(!srv.resumed.slice(0, -1).includes(true), String(srv.resumed));
  });

  it('a certificate the roots do not trust fails in Go\'s words, whatever session was kept (an intercepting proxy appears)', async () => {
    const srv = fixture.keep(await startServer(certs.server));
    await getOnce(`${srv.base}/a`);
    srv.server.setSecureContext({ cert: certs.corpServer.cert, key: certs.corpServer.key });
    srv.server.setTicketKeys(randomBytes(48));
    const withSession = await transportFailure(getOnce(`${srv.base}/b`));
    const without = await transportFailure(getOnce(`${srv.base}/b`, { tlsSessions: undefined }));
    assert.deepEqual([withSession.kind, withSession.message], [without.kind, without.message]);
    assert.match(withSession.message, /x509: certificate signed by unknown authority/);
  });

  it('no session is kept from a handshake that failed verification', async () => {
    const srv = fixture.keep(await startServer(certs.wrongName));
    await assert.rejects(getOnce(`${srv.base}/a`), /x509: certificate is valid for wrong\.example, not sum\.golang\.org/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('other trust settings, another port or an old session mean a full handshake', async () => {
    const srv = fixture.keep(await startServer(certs.server));
    await getOnce(`${srv.base}/a`);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'gsd-roots-'));
    try {
      fs.copyFileSync(certs.rootBundlePath, path.join(other, 'roots.pem'));
      await getOnce(`${srv.base}/b`, { env: { SSL_CERT_FILE: path.join(other, 'roots.pem') } });
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
    now += SESSION_MAX_AGE_MS + 1;
    await getOnce(`${srv.base}/c`);
    assert.deepEqual(srv.resumed, [false, false, false]);
  });

  it('sessions too old to be offered are removed when a process keeps its first one (keys that changed leave files behind)', async () => {
    const old = path.join(dir, 'a'.repeat(32));
    const recent = path.join(dir, 'b'.repeat(32));
    fs.writeFileSync(old, 'stale');
    fs.writeFileSync(recent, 'recent');
    const twoDaysAgo = (now - 2 * SESSION_MAX_AGE_MS) / 1000;
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);
    const srv = fixture.keep(await startServer(certs.server));
    await getOnce(`${srv.base}/a`);
    const left = fs.readdirSync(dir);
    assert.ok(!left.includes(path.basename(old)), String(left));
    assert.ok(left.includes(path.basename(recent)), String(left));
    assert.equal(left.length, 2, String(left)); // the recent one and the session just kept
  });

  it('a session file that was tampered with or cut short is never trusted: a full handshake follows', async () => {
    const srv = fixture.keep(await startServer(certs.server));
    await getOnce(`${srv.base}/a`);
    const file = path.join(dir, fs.readdirSync(dir)[0]);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([whole.subarray(0, whole.length - 200), randomBytes(200)]));
    assert.equal(await getOnce(`${srv.base}/b`), 'ok');
    fs.writeFileSync(file, whole.subarray(0, 40));
    assert.equal(await getOnce(`${srv.base}/c`), 'ok');
    assert.deepEqual(srv.resumed, [false, false, false]);
  });

  it('a process reads a key\'s file once, not per connection, and offers what it kept last, while young enough', async () => {
    const key = 'sum.golang.org:443 h2,http/1.1 direct 0123abcd';
    const writer = sessions();
    writer.keep(key, Buffer.from('first'));
    await writer.settled();
    const reader = sessions();
    assert.deepEqual(reader.saved(key), Buffer.from('first'));
    fs.rmSync(path.join(dir, fs.readdirSync(dir)[0]));
    assert.deepEqual(reader.saved(key), Buffer.from('first'));
    reader.keep(key, Buffer.from('second'));
    assert.deepEqual(reader.saved(key), Buffer.from('second'));
    await reader.settled();
    now += SESSION_MAX_AGE_MS + 1;
    assert.equal(reader.saved(key), undefined);
  });

  it('what is not a session file is not read: a huge file, or a FIFO that would never end', async function () {
    if (process.platform === 'win32') this.skip();
    const srv = fixture.keep(await startServer(certs.server));
    await getOnce(`${srv.base}/a`);
    const file = path.join(dir, fs.readdirSync(dir)[0]);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([whole, Buffer.alloc(8 << 20)]));
    assert.equal(await getOnce(`${srv.base}/b`), 'ok');
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    assert.equal(await getOnce(`${srv.base}/c`), 'ok');
    assert.deepEqual(srv.resumed, [false, false, false]);
  });
});
