// How many requests the built command-line tool keeps in flight, counted by real servers on 127.0.0.1: over
// HTTP/2 as many as the server advertises in SETTINGS_MAX_CONCURRENT_STREAMS (learned at run time, never more),
// on at most 2 connections; over HTTP/1.1 at most 16 connections with one request each. The language server
// follows the same policy.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliSuiteHooks, goSumProject, runCli } from '../support/builtCli';
import { testCertificates } from '../support/certs';
import { makeHome, serverEnv, startLspClient } from '../support/lspClient';
import { startSumdbServer, type SumdbServer, type SumdbServerOptions } from '../support/sumdbServer';

const TELEGRAF = readFileSync(path.join(__dirname, '..', 'fixtures', 'reference', 'gosum', 'influxdata_telegraf.go.sum'), 'utf8')
  .split('\n').filter((l) => l.trim() !== '');

describe('lookups in flight follow what the database connection allows', function () {
  this.timeout(120_000);
  const suite = cliSuiteHooks('gosum-doctor-concurrency-');

  /** A cold `check --json` of these lines against the database, every line expected verified; returns the database. */
  async function coldCheck(lines: string[], options: SumdbServerOptions): Promise<SumdbServer> {
    const db = await startSumdbServer({ goSumLines: lines, latencyMs: 20, ...options });
    suite.servers.push(db);
    const p = goSumProject(suite, lines, db);
    const r = await runCli(['check', '--json', p.dir], { env: { ...p.env, SSL_CERT_FILE: testCertificates().rootBundlePath }, timeoutMs: 90_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).summary.verified, lines.length);
    return db;
  }

  function h2(maxConcurrentStreams: number): SumdbServerOptions {
    const { cert, key } = testCertificates().server;
    return { tls: { cert, key, http2: true, maxConcurrentStreams } };
  }

  it('HTTP/2 advertising 6 streams: exactly 6 requests in flight at the most, on at most 2 connections', async () => {
    const db = await coldCheck(TELEGRAF.slice(0, 300), h2(6));
    assert.equal(db.peakInFlight, 6);
    assert.ok(db.connections <= 2, `${db.connections} connections`);
  });

  it('HTTP/2 advertising 250 streams (Go\'s server): far more than 32 in flight, never more than 250, on at most 2 connections', async () => {
    const db = await coldCheck(TELEGRAF, h2(250));
    assert.ok(db.peakInFlight > 32 && db.peakInFlight <= 250, `${db.peakInFlight} in flight at the most`);
    assert.ok(db.connections <= 2, `${db.connections} connections`);
  });

  it('the language server too: exactly the 6 streams an HTTP/2 database advertises, on at most 2 connections', async () => {
    const lines = TELEGRAF.slice(0, 300);
    const db = await startSumdbServer({ goSumLines: lines, latencyMs: 20, ...h2(6) });
    suite.servers.push(db);
    const home = makeHome('lsp-concurrency');
    writeFileSync(home.goEnvFile, `GOSUMDB=${db.verifierKey} ${db.url}\n`);
    const lsp = await startLspClient({ env: serverEnv(home, { SSL_CERT_FILE: testCertificates().rootBundlePath }), workspace: home.workspace });
    try {
      const uri = await lsp.open(path.join(home.workspace, 'go.sum'), lines.join('\n') + '\n');
      const { diagnostics } = await lsp.audited(uri, 1, 60_000);
      assert.deepEqual(diagnostics, [], 'every line verified');
      assert.equal(db.peakInFlight, 6);
      assert.ok(db.connections <= 2, `${db.connections} connections`);
    } finally {
      await lsp.stop();
      home.remove();
    }
  });

  it('HTTP/1.1: 16 connections, one request each, never more', async () => {
    const db = await coldCheck(TELEGRAF.slice(0, 1000), {});
    assert.equal(db.peakInFlight, 16);
    assert.ok(db.connections <= 16, `${db.connections} connections`);
  });
});
