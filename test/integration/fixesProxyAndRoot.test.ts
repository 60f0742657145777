// The two fixes that used to write a guess: the HTTPS proxy (now asked for, and judged as Go's net/http reads
// HTTPS_PROXY) and the corporate root (now the certificate the intercepting server really presented, written
// byte for byte into our directory, which SSL_CERT_DIR lists after the system's own). Real TLS servers on
// 127.0.0.1, and the real go command where one is installed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { certificateFacts, checkedCertificate, writeCertificateFile } from '../../client/src/certificateFile';
import { renderExplanationHtml } from '../../client/src/explanationHtml';
import { renderReportMarkdown } from '../../client/src/reportMarkdown';
import { formatReport } from '../../server/src/cli/probeCommand';
import { fixViews } from '../../server/src/lsp/probeView';
import { certificatePem, goCertDirectories, goReadsCertDir, ourCertDirectory, pemDer, sslCertDirValue } from '../../server/src/diagnosis/certificateTrust';
import type { Fix } from '../../server/src/shared/evidence';
import { envTargets, fixCommandLines, goEnvFileAccepts } from '../../server/src/shared/fixCommands';
import { fixDetailLines } from '../../server/src/diagnosis/fixDetails';
import { tlsFixes } from '../../server/src/diagnosis/fixes';
import { confirmWithGo } from '../../server/src/diagnosis/goConfirm';
import { probe } from '../../server/src/diagnosis/probe';
import { checkProxyAddress, proxyPrefill } from '../../server/src/shared/proxyAddress';
import { generateKeyPair } from '../../server/src/sumdb/note';
import { testCertificates } from '../support/certs';
import { labels } from '../support/explanationFixture';
import { closedPort } from '../support/faultServers';
import { goOnPath, resolvedEnv } from '../support/goEnv';
import { startGoproxyServer, type SyntheticModule } from '../support/goproxyServer';
import { startSumdbServer } from '../support/sumdbServer';
import { realClock } from '../../server/src/sumdb/clock';


const scratchDirs: string[] = [];
function scratch(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gosum-fix-'));
  scratchDirs.push(d);
  return d;
}
after(() => { for (const d of scratchDirs) fs.rmSync(d, { recursive: true, force: true }); });

/**
 * HTTPS_PROXY values and what Go 1.19 makes of them (httpproxy.parseProxy: url.Parse, and on an error or a
 * scheme other than http/https/socks5, url.Parse("http://" + value)). `go` is the URL's Scheme and Host Go ends
 * up with, or Go's own error; `ok` whether that can reach a proxy.
 */
const PROXY_TABLE: { value: string; go: { scheme: string; host: string } | { error: string }; ok: boolean; url?: string; why?: RegExp }[] = [
  // httpproxy's own test cases: a bare host[:port] gets http://.
  { value: '127.0.0.1:8080', go: { scheme: 'http', host: '127.0.0.1:8080' }, ok: true, url: 'http://127.0.0.1:8080' },
  { value: 'cache.corp.example.com:1234', go: { scheme: 'http', host: 'cache.corp.example.com:1234' }, ok: true, url: 'http://cache.corp.example.com:1234' },
  { value: 'cache.corp.example.com', go: { scheme: 'http', host: 'cache.corp.example.com' }, ok: true, url: 'http://cache.corp.example.com' },
  { value: 'https://cache.corp.example.com', go: { scheme: 'https', host: 'cache.corp.example.com' }, ok: true, url: 'https://cache.corp.example.com' },
  { value: 'http://127.0.0.1:8080', go: { scheme: 'http', host: '127.0.0.1:8080' }, ok: true, url: 'http://127.0.0.1:8080' },
  { value: 'socks5://127.0.0.1', go: { scheme: 'socks5', host: '127.0.0.1' }, ok: true, url: 'socks5://127.0.0.1' },
  { value: 'user:pass@proxy:3128', go: { scheme: 'http', host: 'proxy:3128' }, ok: true, url: 'http://user:pass@proxy:3128' },
  { value: '[::1]:3128', go: { scheme: 'http', host: '[::1]:3128' }, ok: true, url: 'http://[::1]:3128' },
  { value: 'HTTP://Proxy:3128', go: { scheme: 'http', host: 'Proxy:3128' }, ok: true, url: 'HTTP://Proxy:3128' },
  { value: 'http://proxy.corp:3128/path', go: { scheme: 'http', host: 'proxy.corp:3128' }, ok: true, url: 'http://proxy.corp:3128/path' },
  // Schemes Go's proxy support does not know: "http://" is prepended and the scheme becomes a host.
  { value: 'socks5h://127.0.0.1:1080', go: { scheme: 'http', host: 'socks5h:' }, ok: false, why: /only http, https, socks5, not "socks5h"/ },
  { value: 'ftp://proxy:21', go: { scheme: 'http', host: 'ftp:' }, ok: false, why: /not "ftp"/ },
  // A port that is not a number: url.Parse fails, and the retry reads "http:" as the host.
  { value: 'http://proxy:port', go: { scheme: 'http', host: 'http:' }, ok: false, why: /invalid port ":port" after host/ },
  { value: 'http://[::1', go: { scheme: 'http', host: 'http:' }, ok: false, why: /missing '\]' in host/ },
  // Parsed without error, but nothing to connect to.
  { value: 'proxy:port', go: { scheme: 'proxy', host: '' }, ok: false, why: /scheme it does not know/ },
  { value: 'http://', go: { scheme: 'http', host: '' }, ok: false, why: /no host/ },
  { value: ':3128', go: { scheme: 'http', host: ':3128' }, ok: false, why: /no host/ },
  { value: 'proxy example', go: { scheme: '', host: '' }, ok: false, why: /path/ },
  { value: 'http://proxy:99999', go: { scheme: 'http', host: 'proxy:99999' }, ok: false, why: /out of range/ },
  // What Go itself rejects, in its words.
  { value: 'http://proxy\n:3128', go: { error: 'invalid proxy address "http://proxy\\n:3128": parse "http://proxy\\n:3128": net/url: invalid control character in URL' }, ok: false, why: /invalid control character in URL/ },
];

/** A Go program doing exactly what httpproxy.parseProxy does, printing Scheme and Host or the error. */
const GO_PARSE_PROXY = `package main

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"strconv"
)

func parseProxy(proxy string) (*url.URL, error) {
	proxyURL, err := url.Parse(proxy)
	if err != nil || (proxyURL.Scheme != "http" && proxyURL.Scheme != "https" && proxyURL.Scheme != "socks5") {
		if proxyURL, err := url.Parse("http://" + proxy); err == nil {
			return proxyURL, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("invalid proxy address %q: %v", proxy, err)
	}
	return proxyURL, nil
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		v, _ := strconv.Unquote(sc.Text())
		if u, err := parseProxy(v); err != nil {
			fmt.Println("ERR\\t" + err.Error())
		} else {
			fmt.Println("OK\\t" + u.Scheme + "\\t" + u.Host)
		}
	}
}
`;

describe('the HTTPS proxy fix asks for the address and judges it as Go reads HTTPS_PROXY', function () {
  this.timeout(60_000);

  for (const row of PROXY_TABLE) {
    it(`${JSON.stringify(row.value)}: ${row.ok ? `Go uses ${row.url}` : 'refused before anything is written'}`, () => {
      const c = checkProxyAddress(row.value);
      if ('error' in row.go) assert.equal(!c.ok && c.goError, row.go.error);
      else assert.deepEqual(c.go, row.go);
      assert.equal(c.ok, row.ok, JSON.stringify(c));
      if (c.ok) assert.equal(c.url, row.url);
      else assert.match(c.reason, row.why!);
    });
  }

  it('an empty value or stray spaces are refused (Go reads "" as no proxy, and never trims)', () => {
    assert.equal(checkProxyAddress('').ok, false);
    assert.equal(checkProxyAddress(' http://proxy:3128').ok, false);
  });

  it('the table says what the real go command\'s net/url does with each value', function () {
    if (!goOnPath()) this.skip();
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'main.go'), GO_PARSE_PROXY);
    const out = execFileSync('go', ['run', 'main.go'], {
      cwd: dir, input: PROXY_TABLE.map((r) => JSON.stringify(r.value)).join('\n') + '\n', timeout: 50_000,
      env: { ...process.env, GOTOOLCHAIN: 'local', GO111MODULE: 'off', GOFLAGS: '' },
    }).toString();
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, PROXY_TABLE.length, out);
    PROXY_TABLE.forEach((row, i) => {
      const [status, a, b] = lines[i].split('\t');
      const c = checkProxyAddress(row.value);
      if (status === 'ERR') assert.equal(!c.ok && c.goError, a, row.value);
      else assert.deepEqual(c.go, { scheme: a, host: b ?? '' }, row.value);
    });
  });

  it('pre-fills from VS Code\'s http.proxy, else a proxy variable the editor has and Go lacks (ALL_PROXY too, which Go ignores)', () => {
    assert.deepEqual(proxyPrefill('proxy.corp:3128', { HTTPS_PROXY: 'http://other:1' }, undefined), { value: 'http://proxy.corp:3128', source: 'http.proxy' });
    assert.deepEqual(proxyPrefill(undefined, { all_proxy: 'socks5://10.0.0.1:1080' }, undefined), { value: 'socks5://10.0.0.1:1080', source: 'all_proxy' });
    // Go already has it (and still fails): no point proposing it again; an unusable value is never proposed.
    assert.equal(proxyPrefill(undefined, { HTTPS_PROXY: 'http://proxy:3128' }, 'http://proxy:3128'), undefined);
    assert.equal(proxyPrefill('ftp://proxy:21', { ALL_PROXY: 'proxy:port' }, undefined), undefined);
  });

  it('a blocked database: every report shows the asked value as `HTTPS_PROXY=<your proxy address>`, and the JSON says how to ask', async () => {
    const port = await closedPort();
    const r = await probe({ clock: realClock, env: resolvedEnv({ GOSUMDB: `${generateKeyPair('sumdb.test').verifierKey} http://127.0.0.1:${port}`, GOPROXY: 'off' }) });
    assert.equal(r.scenario, 'blocked', JSON.stringify(r.evidence));
    const fix = r.fixes.find((f) => f.ask?.variable === 'HTTPS_PROXY');
    assert.ok(fix && !('HTTPS_PROXY' in fix.env), JSON.stringify(r.fixes));
    assert.deepEqual({ validate: fix.ask!.validate, placeholder: fix.ask!.placeholder }, { validate: 'go-proxy-url', placeholder: '<your proxy address>' });
    assert.match(formatReport(r), /\n {7}export HTTPS_PROXY=<your proxy address>\n/);
    assert.ok(!formatReport(r).includes('proxy.example.com'));
    const views = fixViews(r.fixes);
    const view = views.find((f) => f.ask);
    assert.equal(view?.ask?.variable, 'HTTPS_PROXY');
    const report = { scenario: r.scenario, steps: [], evidence: [], fixes: views };
    assert.ok(renderReportMarkdown(report, labels).includes('`export HTTPS_PROXY=<your proxy address>`'));
    assert.ok(renderExplanationHtml(report, labels, { nonce: 'N', cspSource: 'x', lang: 'en' }).includes('<code>HTTPS_PROXY=&#60;your proxy address&#62;</code>'));
  });

  it('is written down as an export with its placeholder: `go env -w` refuses HTTPS_PROXY and SSL_CERT_*', function () {
    const fix: Fix = { title: 'proxy', env: {}, ask: { variable: 'HTTPS_PROXY', prompt: 'p', placeholder: '<your proxy address>', validate: 'go-proxy-url' } };
    assert.deepEqual(fixCommandLines(fix), ['export HTTPS_PROXY=<your proxy address>']);
    assert.deepEqual(fixCommandLines({ env: { GOPROXY: 'https://goproxy.cn,direct', SSL_CERT_DIR: '/etc/ssl/certs:/x y' } }),
      ['go env -w GOPROXY=https://goproxy.cn,direct', `export 'SSL_CERT_DIR=/etc/ssl/certs:/x y'`]);
    assert.deepEqual(envTargets(['HTTPS_PROXY'], false), []);
    assert.deepEqual(envTargets(['SSL_CERT_DIR'], true), ['toolsEnvVars']);
    assert.deepEqual(envTargets(['GOPROXY'], true), ['goenv', 'toolsEnvVars']);
    if (!goOnPath()) return;
    // What the real go command says about each variable we route away from the go env file.
    const goenv = path.join(scratch(), 'env');
    for (const name of ['HTTPS_PROXY', 'SSL_CERT_DIR', 'SSL_CERT_FILE', 'GOPROXY']) {
      let refused = '';
      try {
        execFileSync('go', ['env', '-w', `${name}=x`], { env: { ...process.env, GOENV: goenv, GOTOOLCHAIN: 'local' }, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        refused = String((e as { stderr?: Buffer }).stderr);
      }
      assert.equal(goEnvFileAccepts(name), refused === '', `${name}: ${refused}`);
      if (refused) assert.equal(refused, `go: unknown go command variable ${name}\n`);
    }
  });
});

describe('the corporate root fix writes the certificate really presented, and keeps the system roots', function () {
  this.timeout(60_000);
  const certs = testCertificates();
  const servers: { close(): Promise<void> }[] = [];
  after(async () => { await Promise.all(servers.map((s) => s.close())); });

  it('SSL_CERT_DIR lists Go\'s default directories that exist, then ours; a set SSL_CERT_DIR is kept as Go reads only it', () => {
    const exists = (d: string) => d === '/etc/ssl/certs' || d === '/etc/pki/tls/certs';
    assert.equal(sslCertDirValue('linux', '/home/u/.config/gosum-doctor/certs', exists), '/etc/ssl/certs:/etc/pki/tls/certs:/home/u/.config/gosum-doctor/certs');
    assert.equal(sslCertDirValue('linux', '/o', () => false), '/o');
    assert.equal(sslCertDirValue('freebsd', '/o', (d) => d === '/usr/local/share/certs'), '/usr/local/share/certs:/o');
    assert.equal(sslCertDirValue('linux', '/o', exists, '/corp/certs::/o'), '/corp/certs:/o');
    // On this machine, with real directories.
    const real = sslCertDirValue(process.platform, '/o', fs.existsSync);
    assert.deepEqual(real.split(':'), [...goCertDirectories(process.platform).filter((d) => fs.existsSync(d)), '/o']);
    assert.deepEqual(ourCertDirectory({ XDG_CONFIG_HOME: '/cfg', HOME: '/home/u' }, 'linux'), { dir: '/cfg/gosum-doctor/certs' });
    assert.deepEqual(ourCertDirectory({ HOME: '/home/u' }, 'linux'), { dir: '/home/u/.config/gosum-doctor/certs' });
    // Go's os.UserConfigDir rules and errors: no made-up fallback the go command would not agree with.
    assert.deepEqual(ourCertDirectory({ XDG_CONFIG_HOME: 'cfg', HOME: '/home/u' }, 'linux'), { error: 'path in $XDG_CONFIG_HOME is relative' });
    assert.deepEqual(ourCertDirectory({}, 'linux'), { error: 'neither $XDG_CONFIG_HOME nor $HOME are defined' });
    assert.deepEqual(ourCertDirectory({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32'), { dir: 'C:\\Users\\u\\AppData\\Roaming\\gosum-doctor\\certs' });
    assert.equal(goReadsCertDir('darwin') || goReadsCertDir('win32'), false);
    assert.equal(goReadsCertDir('linux') && goReadsCertDir('openbsd'), true);
  });

  async function interceptedProbe(cert: string) {
    const db = await startSumdbServer({ goSumLines: [], tls: { cert, key: certs.corpServer.key } });
    servers.push(db);
    const url = `https://127.0.0.1:${new URL(db.url).port}`;
    const r = await probe({ clock: realClock, env: resolvedEnv({ GOSUMDB: `${db.verifierKey} ${url}`, GOPROXY: 'off', SSL_CERT_FILE: certs.rootBundlePath }) });
    return { db, url, r };
  }

  it('a proxy presenting its chain up to Corp-Proxy-CA: the fix names that root\'s fingerprint, and its PEM is the one presented, byte for byte', async () => {
    const { r, db } = await interceptedProbe(certs.corpServer.cert + certs.corpCA.cert);
    assert.equal(r.scenario, 'tls-intercepted');
    const corp = new X509Certificate(certs.corpCA.cert);
    const fix = r.fixes[0];
    assert.ok(fix.certificate, JSON.stringify(r.fixes));
    assert.equal(fix.certificate.fingerprint256, corp.fingerprint256);
    assert.equal(fix.certificate.position, 'root');
    assert.equal(fix.certificate.action, 'trust');
    assert.match(fix.title, /"Corp-Proxy-CA"/);
    const place = ourCertDirectory(process.env, process.platform);
    assert.ok('dir' in place, JSON.stringify(place));
    const dir = place.dir;
    assert.equal(path.dirname(fix.certificate.file), dir);
    assert.deepEqual(fix.env, { SSL_CERT_DIR: sslCertDirValue(process.platform, dir, fs.existsSync) });
    assert.ok(pemDer(fix.certificate.pem).equals(corp.raw), 'the PEM holds the presented DER');
    assert.equal(db.requests.length, 0, 'nothing was sent over the untrusted connection');

    const file = path.join(scratch(), 'certs', path.basename(fix.certificate.file));
    await writeCertificateFile(file, fix.certificate);
    const written = fs.readFileSync(file);
    assert.ok(written.equals(Buffer.from(certificatePem(corp.raw))), 'written byte for byte');
    const parsed = new X509Certificate(written);
    assert.equal(parsed.fingerprint256, corp.fingerprint256);
    assert.ok(parsed.raw.equals(corp.raw));

    // The report shows what to compare before trusting; the CLI says where the PEM goes.
    assert.match(certificateFacts(fix.certificate, { subject: 'S', issuer: 'I', validity: 'V', position: 'P' }), new RegExp(`SHA-256: ${corp.fingerprint256}`));
    const detail = fixDetailLines(fix, 0).join('\n');
    assert.match(detail, /exactly what an attacker would want trusted/);
    assert.ok(detail.includes(corp.fingerprint256) && detail.includes(fix.certificate.file), detail);
    assert.ok(detail.includes(`export SSL_CERT_DIR=${fix.env.SSL_CERT_DIR}`), detail);
  });

  it('a proxy that sends only its leaf: the CA, if the person has it, comes first; trusting the leaf says it breaks on re-issue', async () => {
    const { r } = await interceptedProbe(certs.corpServer.cert);
    assert.equal(r.fixes[0].ask?.variable, 'SSL_CERT_FILE', JSON.stringify(r.fixes));
    const fix = r.fixes[1];
    assert.ok(fix.certificate, JSON.stringify(r.fixes));
    assert.equal(fix.certificate.position, 'leaf');
    assert.equal(fix.certificate.fingerprint256, new X509Certificate(certs.corpServer.cert).fingerprint256);
    assert.match(fix.title, /server's own certificate .* stops working when the proxy re-issues it; prefer the "Corp-Proxy-CA" CA/);
  });

  it('a certificate whose fingerprint is not the one shown is never written', async () => {
    const corp = new X509Certificate(certs.corpCA.cert);
    const file = path.join(scratch(), 'x.pem');
    await assert.rejects(writeCertificateFile(file, { pem: certificatePem(corp.raw), fingerprint256: new X509Certificate(certs.rootCA.cert).fingerprint256 }), /is not the one shown/);
    assert.equal(fs.existsSync(file), false);
    assert.equal(checkedCertificate({ pem: certs.corpCA.cert, fingerprint256: corp.fingerprint256 }).subject, corp.subject);
  });

  it('on macOS and Windows (Go asks the OS, ignores SSL_CERT_*): advice and a certificate to save, no variable', () => {
    const root = { pem: certs.corpCA.cert, subject: 'CN=Corp-Proxy-CA', issuer: 'CN=Corp-Proxy-CA', subjectCN: 'Corp-Proxy-CA', validFrom: '', validTo: '', fingerprint256: 'AB:CD', position: 'root' as const };
    const ev = { kind: 'tls-untrusted' as const, role: 'database' as const, url: 'https://x', host: 'x', failure: 'tls-unknown-authority' as const, issuer: 'Corp-Proxy-CA', subject: 'x', store: 's', goError: 'e', root };
    for (const platform of ['darwin', 'win32']) {
      const fixes = tlsFixes(ev, { database: 'sum.golang.org', env: {}, platform });
      assert.equal(fixes.length, 1);
      assert.deepEqual(fixes[0].env, {});
      assert.equal(fixes[0].certificate?.action, 'save');
      assert.match(fixes[0].advice ?? '', platform === 'darwin' ? /Keychain/ : /Trusted Root Certification Authorities/);
    }
  });

  it('an expired certificate or one for another name: no root to trust, since trusting it would not cure that', () => {
    const root = { pem: certs.corpCA.cert, subject: 'CN=Corp-Proxy-CA', issuer: 'CN=Corp-Proxy-CA', subjectCN: 'Corp-Proxy-CA', validFrom: '', validTo: '', fingerprint256: 'AB:CD', position: 'root' as const };
    const ctx = { database: 'sum.golang.org', env: {}, platform: 'linux', certTrust: { dir: '/o', sslCertDir: '/etc/ssl/certs:/o' } };
    for (const failure of ['tls-expired', 'tls-name-mismatch'] as const) {
      const fixes = tlsFixes({ kind: 'tls-untrusted', role: 'database', url: 'https://x', host: 'x', failure, issuer: 'Corp-Proxy-CA', subject: 'x', store: 's', goError: 'e', root }, ctx);
      assert.ok(fixes.every((f) => !f.certificate && !('SSL_CERT_DIR' in f.env)), JSON.stringify(fixes));
    }
    const trusted = tlsFixes({ kind: 'tls-untrusted', role: 'database', url: 'https://x', host: 'x', failure: 'tls-unknown-authority', issuer: 'Corp-Proxy-CA', subject: 'x', store: 's', goError: 'e', root }, ctx);
    assert.deepEqual([trusted[0].env, trusted[0].certificate?.file], [{ SSL_CERT_DIR: '/etc/ssl/certs:/o' }, '/o/Corp-Proxy-CA-abcd.pem']);
  });

  describe('the real go command, after the fix', function () {
    const MODULES: SyntheticModule[] = [{ path: 'example.com/util', version: 'v0.1.0', files: { 'util.go': 'package util\n' } }];
    before(function () { if (!goOnPath()) this.skip(); });

    it('downloads and verifies against the intercepted database once SSL_CERT_DIR names our directory; fails before', async () => {
      const proxy = await startGoproxyServer(MODULES);
      servers.push(proxy);
      const db = await startSumdbServer({ goSumLines: proxy.goSumLines, tls: { cert: certs.corpServer.cert + certs.corpCA.cert, key: certs.corpServer.key } });
      servers.push(db);
      const url = `https://127.0.0.1:${new URL(db.url).port}`;
      const base = { GOPROXY: proxy.url, GOSUMDB: `${db.verifierKey} ${url}`, SSL_CERT_FILE: certs.rootBundlePath };
      const r = await probe({ clock: realClock, env: resolvedEnv({ ...base, GOPROXY: 'off' }) });
      const fix = r.fixes[0];
      assert.ok(fix.certificate && fix.env.SSL_CERT_DIR, JSON.stringify(r.fixes));
      // Our directory for this test; the SSL_CERT_DIR value built exactly as the fix builds it.
      const ours = path.join(scratch(), 'gosum-doctor', 'certs');
      await writeCertificateFile(path.join(ours, path.basename(fix.certificate.file)), fix.certificate);
      const sslCertDir = sslCertDirValue(process.platform, ours, fs.existsSync);
      const processEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? os.tmpdir() };
      const module = { module: 'example.com/util', version: 'v0.1.0' };

      const before = await confirmWithGo({ env: resolvedEnv(base), ...module }, { allowed: true, processEnv });
      assert.notEqual(before.exitCode, 0, before.output);
      assert.match(before.output, /x509: certificate signed by unknown authority/);

      const fixed = await confirmWithGo({ env: resolvedEnv({ ...base, SSL_CERT_DIR: sslCertDir }), ...module }, { allowed: true, processEnv });
      assert.equal(fixed.exitCode, 0, fixed.output);
      assert.deepEqual(fixed.download, { sum: proxy.modules[0].zipHash, goModSum: proxy.modules[0].goModHash });
      assert.ok(db.requests.includes('/lookup/example.com/util@v0.1.0'), 'go asked the intercepted database, over TLS it now trusts');
    });
  });
});
