// A GOPROXY that wants credentials, given them in its URL (https://user:token@proxy/...), as Artifactory and Nexus
// users set it: the go command sends them as HTTP Basic authentication (net/http does for a URL's userinfo), so
// the proxy serves it the module and the checksum database; we must get through the same way, and never show the
// password. The go command is run beside us on the same settings.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { probe } from '../../server/src/diagnosis/probe';
import { netrcFor } from '../../server/src/transport/netrc';
import { auditSetup, parse } from '../support/auditSetup';
import { testCertificates } from '../support/certs';
import { startHttpServer, startTlsServer, type RecordingServer } from '../support/faultServers';
import { goOnPath, localGoVersion, resolvedEnv } from '../support/goEnv';
import { goModDownload, MODULES } from '../support/goModDownload';
import { startGoproxyServer, type GoproxyServer } from '../support/goproxyServer';
import { tempDir } from '../support/sumdbClientSetup';
import { startSumdbServer, type SumdbServer } from '../support/sumdbServer';
import { realClock } from '../../server/src/sumdb/clock';
import { ensureBuilt } from '../support/built';
import { runCli } from '../support/builtCli';
import { goRootNaming } from '../support/goroot';

const USER = 'builder';
const TOKEN = 'p@ss:w/rd';

/** Forwards a request to a backend on 127.0.0.1 and streams its answer back. */
function forward(req: http.IncomingMessage, res: http.ServerResponse, backend: string): void {
  const to = new URL(req.url ?? '/', backend);
  http.get(to, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  }).on('error', () => res.writeHead(502).end());
}

describe('a GOPROXY that wants credentials, given in its URL', function () {
  this.timeout(60_000);
  let gp: GoproxyServer;
  let db: SumdbServer;
  let front: RecordingServer;
  let plain: RecordingServer;
  let forbidding: RecordingServer;
  let proxyAuthing: RecordingServer;
  const certs = testCertificates();

  before(async function () {
    if (!goOnPath()) this.skip();
    gp = await startGoproxyServer(MODULES);
    db = await startSumdbServer({ goSumLines: gp.goSumLines });
    const want = `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`;
    // The proxy: the modules from one backend, /sumdb/<name>/ from the database; nothing without the credentials.
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.headers.authorization !== want) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="corp"', 'content-type': 'text/plain' }).end('credentials required\n');
        return;
      }
      forward(req, res, req.url?.startsWith('/sumdb/') ? new URL(db.proxyUrl).origin : gp.url);
    };
    front = await startTlsServer(certs.server, handler);
    plain = await startHttpServer(handler);
    forbidding = await startHttpServer((_req, res) => res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden\n'));
    // A GOPROXY that answers as a proxy wanting credentials would (some corporate front ends do, to plain GETs).
    proxyAuthing = await startHttpServer((_req, res) => res.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"' }).end());
  });
  after(async () => {
    await plain?.close();
    await forbidding?.close();
    await proxyAuthing?.close();
    await front?.close();
    await db?.close();
    await gp?.close();
  });

  /** The settings: GOPROXY at the proxy (over TLS unless `over` is the plain one), with the credentials or not. */
  const env = (withCredentials: boolean, over = front) => {
    const u = new URL(over.url);
    if (withCredentials) {
      u.username = encodeURIComponent(USER);
      u.password = encodeURIComponent(TOKEN);
    }
    return { GOPROXY: u.href.replace(/\/$/, ''), GOSUMDB: db.verifierKey, SSL_CERT_FILE: certs.rootBundlePath };
  };

  async function ours(e: Record<string, string>): Promise<{ probe: string; goError?: string; check: { scenario?: string; goError?: string; verified: number; lines: number; explanation?: string };
    explanation: string; fixes: string[]; texts: string }> {
    const dir = tempDir('goproxy-credentials');
    fs.writeFileSync(path.join(dir, 'go.sum'), gp.goSumLines.join('\n') + '\n');
    // As the command line and the language server start a probe: the .netrc the go command here would read (netrcFor).
    const netrc = netrcFor(e.GOAUTH ?? 'netrc', e, await localGoVersion());
    const p = await probe({ clock: realClock, dir, env: resolvedEnv({ ...e, GOFLAGS: '' }), transport: { netrc }, confirmWithGo: false, budgetMs: 15_000 });
    // PATH: the audit learns the go command's release where the go run beside it is found (netrc.ts netrcFor).
    const a = await auditSetup({ ...e, PATH: process.env.PATH ?? '' });
    try {
      const r = await a.auditor.audit(parse(gp.goSumLines));
      const verified = r.verdicts.filter((v) => v.status === 'verified').length;
      return {
        probe: p.scenario, goError: p.goError, texts: JSON.stringify({ p, r }), explanation: p.explanation, fixes: p.fixes.map((f) => `${f.title}: ${f.advice ?? ''}`),
        check: { scenario: r.scenario?.scenario, goError: r.scenario?.goError, verified, lines: r.verdicts.length, explanation: r.scenario?.explanation },
      };
    } finally {
      await a.close();
    }
  }

  it('with them, the go command downloads and verifies; so do we, and the password is shown nowhere', async () => {
    const go = await goModDownload(env(true));
    assert.equal(go, '', `the go command failed: ${go}`);
    const r = await ours(env(true));
    assert.equal(r.probe, 'ok', r.texts.slice(0, 2000));
    assert.equal(r.check.scenario, undefined, r.texts.slice(0, 2000));
    assert.equal(r.check.verified, r.check.lines);
    assert.ok(!r.texts.includes(encodeURIComponent(TOKEN)) && !r.texts.includes(TOKEN), 'the password is shown');
  });

  it('without them, the go command is refused with 401; so are we, in its words', async () => {
    const go = await goModDownload(env(false));
    assert.match(go, /401 Unauthorized/);
    const r = await ours(env(false));
    assert.notEqual(r.probe, 'ok');
    assert.ok(r.check.scenario !== undefined && r.check.verified === 0, r.texts.slice(0, 2000));
    assert.equal(r.goError, go);
    assert.equal(r.check.goError, go);
  });

  it("credentials over plain HTTP: the go command refuses to send them, and so do we, in its words", async () => {
    const go = await goModDownload(env(true, plain));
    assert.match(go, /refusing to pass credentials to insecure URL: http:\/\/builder:xxxxx@127\.0\.0\.1:\d+\//);
    const r = await ours(env(true, plain));
    assert.equal(r.probe, 'misconfigured', r.texts.slice(0, 2000));
    assert.equal(r.check.scenario, 'misconfigured', r.texts.slice(0, 2000));
    assert.equal(r.goError, go);
    assert.equal(r.check.goError, go);
    assert.ok(!r.texts.includes(encodeURIComponent(TOKEN)), 'the password is shown');
  });

  it('credentials in a .netrc for the proxy (NETRC names it): the go command uses them, and so do we; a default entry after it changes nothing', async () => {
    const netrc = path.join(tempDir('netrc'), 'netrc');
    fs.writeFileSync(netrc, `machine example.com login nobody password nothing\nmachine 127.0.0.1\n  login ${USER}\n  password ${TOKEN}\n\nmacdef init\nmachine 127.0.0.1 login wrong password wrong\n\ndefault login anyone password anything\n`);
    const e = { ...env(false), NETRC: netrc };
    const go = await goModDownload(e);
    assert.equal(go, '', `the go command failed: ${go}`);
    const r = await ours(e);
    assert.equal(r.probe, 'ok', r.texts.slice(0, 2000));
    assert.equal(r.check.verified, r.check.lines);
    assert.ok(!r.texts.includes(TOKEN), 'the password is shown');
    // GOAUTH=off has Go 1.24 and later read no .netrc (test/unit/netrc.test.ts); the go command here is older and
    // reads it whatever GOAUTH says, and so do we, having read its release.
    assert.match(await localGoVersion() ?? '', /^go1\.(1\d|2[0-3])(\.|$)/, 'this test needs a go command before 1.24');
    assert.equal(await goModDownload({ ...e, GOAUTH: 'off' }), '');
    const off = await ours({ ...e, GOAUTH: 'off' });
    assert.equal(off.probe, 'ok', off.texts.slice(0, 2000));
    assert.equal(off.check.verified, off.check.lines);
  });

  describe('a 401: what the go command sent, and what to change, beside go itself', () => {
    const port = () => new URL(front.url).port;
    function netrcWith(text: string): string {
      const file = path.join(tempDir('netrc'), 'netrc');
      fs.writeFileSync(file, text);
      return file;
    }

    it('an entry written with the port: the go command here (before 1.24) matches the host name alone and sends nothing; we say so, and which entry to add', async () => {
      const netrc = netrcWith(`machine 127.0.0.1:${port()} login ${USER} password ${TOKEN}\n`);
      const e = { ...env(false), NETRC: netrc };
      const go = await goModDownload(e);
      assert.match(go, /401 Unauthorized/);
      const r = await ours(e);
      assert.equal(r.goError, go);
      assert.equal(r.check.goError, go);
      for (const text of [r.explanation, r.check.explanation ?? '']) {
        assert.match(text, new RegExp(`has an entry for machine 127\\.0\\.0\\.1:${port()}, but the go command here \\(before Go 1\\.24\\) matches a \\.netrc machine against the host name alone, so only an entry for 127\\.0\\.0\\.1 is used`), text);
      }
      assert.deepEqual(r.fixes, [`Add an entry for machine 127.0.0.1 to ${netrc}: Add the line "machine 127.0.0.1 login <user> password <token>" to ${netrc} (readable by you alone), with the credentials the server's administrator gives you.`]);
      // With the entry the fix names, go gets through, and so do we.
      fs.appendFileSync(netrc, `machine 127.0.0.1 login ${USER} password ${TOKEN}\n`);
      assert.equal(await goModDownload(e), '');
      assert.equal((await ours(e)).probe, 'ok');
    });

    it('credentials the server does not take: go is refused, and so are we, naming the entry they came from (never the password)', async () => {
      const netrc = netrcWith(`machine 127.0.0.1 login ${USER} password expired-token\n`);
      const e = { ...env(false), NETRC: netrc };
      const go = await goModDownload(e);
      assert.match(go, /401 Unauthorized/);
      const r = await ours(e);
      assert.equal(r.goError, go);
      assert.match(r.explanation, new RegExp(`answered 401 to the credentials the go command sends it, those of the entry for machine 127\\.0\\.0\\.1 in ${netrc.replace(/[.]/g, '\\.')}: the server does not take them`));
      assert.ok(!r.texts.includes('expired-token'), 'the password is shown');
      // The same from the URL's own user and password.
      const inUrl = await ours({ ...env(true), GOPROXY: env(true).GOPROXY.replace(encodeURIComponent(TOKEN), 'expired') });
      assert.match(inUrl.explanation, /to the credentials the go command sends it, the user name and password written in its URL/);
      assert.ok(!inUrl.texts.includes(':expired@'), 'the password is shown');
    });

    it('a go command of 1.24 or later ($GOROOT/VERSION): the entry for the host name alone is passed over for a URL naming a port, and we say which to add beside it', async () => {
      const goroot = goRootNaming(tempDir('goroot'));
      const netrc = netrcWith(`machine 127.0.0.1 login ${USER} password ${TOKEN}\n`);
      // GOAUTH's git method (whose credentials we never fetch) is named beside: the go command may be let in where we are not.
      const e = { ...env(false), NETRC: netrc, GOROOT: goroot, GOAUTH: `netrc; git ${goroot}` };
      const a = await auditSetup(e);
      try {
        const r = await a.auditor.audit(parse(gp.goSumLines));
        assert.equal(r.verdicts.filter((v) => v.status === 'verified').length, 0);
        assert.match(r.scenario?.explanation ?? '', new RegExp(`has an entry for machine 127\\.0\\.0\\.1, but the go command here \\(Go 1\\.24 or later, which reads GOAUTH\\) matches a \\.netrc machine against the URL as written, port and all, so only an entry for 127\\.0\\.0\\.1:${port()} is used there \\(golang/go#81253`), JSON.stringify(r.scenario));
        assert.match(r.scenario?.explanation ?? '', /GOAUTH also names git, whose credentials Go Sum Doctor does not fetch/);
      } finally {
        await a.close();
      }
      // With the entry for the host and port beside it, that go command's rule sends them: the audit verifies.
      fs.appendFileSync(netrc, `machine 127.0.0.1:${port()} login ${USER} password ${TOKEN}\n`);
      const b = await auditSetup(e);
      try {
        const r = await b.auditor.audit(parse(gp.goSumLines));
        assert.equal(r.scenario, null, JSON.stringify(r.scenario));
        assert.equal(r.verdicts.filter((v) => v.status === 'verified').length, r.verdicts.length);
      } finally {
        await b.close();
      }
    });
  });

  describe('GOAUTH commands (Go 1.24 and later, $GOROOT/VERSION naming one), run as the go command runs them', () => {
    const port = () => new URL(front.url).port;
    const basic = `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`;
    /** A GOROOT naming go1.26.1 and an executable GOAUTH command with this shell body; its directory too. */
    function setup(body: string): { goroot: string; command: string; dir: string } {
      const dir = tempDir('goauth');
      const command = path.join(dir, 'creds');
      fs.writeFileSync(command, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
      return { goroot: goRootNaming(dir), command, dir };
    }
    async function audit(e: Record<string, string>, runGoauthCommands = true) {
      const a = await auditSetup(e, { runGoauthCommands });
      try {
        return await a.auditor.audit(parse(gp.goSumLines));
      } finally {
        await a.close();
      }
    }
    const verified = (r: { verdicts: { status: string }[] }) => r.verdicts.filter((v) => v.status === 'verified').length;

    it('a command run with no argument before the first request: its headers go to the URLs its prefix covers, and the audit verifies', async () => {
      const { goroot, command, dir } = setup(`echo run >> "$(dirname "$0")/runs"; printf 'https://127.0.0.1:${port()}\\n\\nAuthorization: ${basic}\\n\\n'`);
      const r = await audit({ ...env(false), GOROOT: goroot, GOAUTH: command, NETRC: path.join(dir, 'none') });
      assert.equal(r.scenario, null, JSON.stringify(r.scenario));
      assert.equal(verified(r), r.verdicts.length);
      assert.equal(fs.readFileSync(path.join(dir, 'runs'), 'utf8'), 'run\n', 'run once, before the first request');
      // The built CLI, as a person runs it, runs the command too.
      ensureBuilt();
      const project = tempDir('goauth-project');
      fs.writeFileSync(path.join(project, 'go.sum'), gp.goSumLines.join('\n') + '\n');
      const cliEnv = { PATH: process.env.PATH ?? '', HOME: project, GOENV: 'off', GOFLAGS: '', GOSUM_DOCTOR_CACHE: path.join(project, 'cache'),
        ...env(false), GOROOT: goroot, GOAUTH: command, NETRC: path.join(dir, 'none') };
      const cli = await runCli(['check', '--json', project], { env: cliEnv });
      assert.equal(cli.code, 0, cli.stdout.slice(0, 2000) + cli.stderr);
    });

    it('a command that answers only when given the URL: run again after the 401 with the URL and the response on its input, and the request goes once more', async () => {
      const { goroot, command, dir } = setup([
        '[ -z "$1" ] && exit 0',
        'cat > "$(dirname "$0")/stdin-$(echo "$1" | tr -c "a-z0-9" _)"',
        `printf '%s\\n\\nAuthorization: ${basic}\\n\\n' "https://127.0.0.1:${port()}"`,
      ].join('\n'));
      const r = await audit({ ...env(false), GOROOT: goroot, GOAUTH: command, NETRC: path.join(dir, 'none') });
      assert.equal(r.scenario, null, JSON.stringify(r.scenario));
      assert.equal(verified(r), r.verdicts.length);
      const inputs = fs.readdirSync(dir).filter((f) => f.startsWith('stdin-'));
      assert.equal(inputs.length, 1, 'once: later requests take the stored credentials');
      assert.match(fs.readFileSync(path.join(dir, inputs[0]), 'utf8'), /^HTTP\/1\.1 401 Unauthorized\n(.*\r\n)*Www-Authenticate: Basic realm="corp"\r\n(.*\r\n)*\n$/);
    });

    it('GOAUTH=git DIR: after the 401, git\'s credential helper (configured in DIR) is asked for the URL, and its user and password let the audit through', async () => {
      const { goroot, dir } = setup('exit 0');
      const repo = path.join(dir, 'repo');
      fs.mkdirSync(repo);
      const helper = path.join(dir, 'helper');
      fs.writeFileSync(helper, `#!/bin/sh\ncat > "${dir}/asked-$1"\nprintf 'protocol=https\\nhost=127.0.0.1:${port()}\\nusername=${USER}\\npassword=${TOKEN}\\n'\n`, { mode: 0o755 });
      execFileSync('git', ['init', '-q', repo]);
      execFileSync('git', ['-C', repo, 'config', 'credential.helper', `!${helper}`]);
      const r = await audit({ ...env(false), PATH: process.env.PATH ?? '', GOROOT: goroot, GOAUTH: `git ${repo}`, NETRC: path.join(dir, 'none') });
      assert.equal(r.scenario, null, JSON.stringify(r.scenario));
      assert.equal(verified(r), r.verdicts.length);
      // git asked its helper with what Go gives git credential fill: the URL, as git splits it.
      assert.match(fs.readFileSync(path.join(dir, 'asked-get'), 'utf8'), new RegExp(`protocol=https\\nhost=127\\.0\\.0\\.1:${port()}\\n`));
      assert.ok(!fs.existsSync(path.join(dir, 'asked-store')) && !fs.existsSync(path.join(dir, 'asked-erase')), 'the credential store was changed');
    });

    it('a command that fails: refused with 401, its failure in Go\'s words; where commands may not run (an untrusted workspace), it never runs and is named unread', async () => {
      const failing = setup(`printf 'https://127.0.0.1\\n\\nAuthorization: Bearer half-written-secret\\n'; echo "no token for you" >&2; exit 3`);
      const r = await audit({ ...env(false), GOROOT: failing.goroot, GOAUTH: failing.command, NETRC: path.join(failing.dir, 'none') });
      assert.equal(verified(r), 0);
      assert.match(r.scenario?.explanation ?? '', new RegExp(`A GOAUTH command failed, as it would for the go command: GOAUTH=${failing.command.replace(/[.]/g, '\\.')}: could not run command .*: exit status 3\nno token for you`));
      assert.ok(!JSON.stringify(r).includes('half-written-secret'), 'what the command wrote to its output is shown');
      const marking = setup('touch "$(dirname "$0")/ran"');
      const untrusted = await audit({ ...env(false), GOROOT: marking.goroot, GOAUTH: marking.command, NETRC: path.join(marking.dir, 'none') }, false);
      assert.equal(verified(untrusted), 0);
      assert.ok(!fs.existsSync(path.join(marking.dir, 'ran')), 'the command ran');
      assert.match(untrusted.scenario?.explanation ?? '', /GOAUTH also names .*creds, whose credentials Go Sum Doctor does not fetch/);
    });
  });

  it('a .netrc for the proxy and for where it redirects: the go command sends them to the first request only, and to a redirect only on the same host and port or a subdomain; so do we', async () => {
    const netrc = path.join(tempDir('netrc'), 'netrc');
    fs.writeFileSync(netrc, `machine 127.0.0.1 login ${USER} password ${TOKEN}\nmachine localhost login ${USER} password ${TOKEN}\n`);
    const port = new URL(front.url).port;
    // Both fronts want the credentials; the second host has its own .netrc entry, which Go never reads for a redirect.
    for (const to of [`https://localhost:${port}`, front.url.replace(/\/$/, '')]) {
      const redirecting = await startTlsServer(certs.server, (req, res) => {
        if (req.headers.authorization !== `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`) return void res.writeHead(401).end();
        res.writeHead(302, { location: `${to}${req.url ?? '/'}` }).end();
      });
      try {
        const e = { ...env(false, redirecting), NETRC: netrc };
        const go = await goModDownload(e);
        const r = await ours(e);
        // Another host, or another port of the same host (net/http's canonicalAddr keeps the port): Go drops the
        // Authorization on the redirect, and the proxy refuses it there.
        assert.match(go, /401 Unauthorized/, `${to}: ${go}`);
        assert.equal(r.check.verified, 0, r.texts.slice(0, 2000));
        assert.equal(r.check.goError, go);
        assert.equal(r.goError, go);
      } finally {
        await redirecting.close();
      }
    }
  });

  it('a .netrc password that is no UTF-8 (a Latin-1 byte): the go command sends its bytes as they are, and so do we', async () => {
    const bytes = Buffer.concat([Buffer.from(`${USER}:p`), Buffer.from([0xe9]), Buffer.from('ss')]);
    const want = `Basic ${bytes.toString('base64')}`;
    const latin = await startTlsServer(certs.server, (req, res) => {
      if (req.headers.authorization !== want) return void res.writeHead(401).end();
      forward(req, res, req.url?.startsWith('/sumdb/') ? new URL(db.proxyUrl).origin : gp.url);
    });
    try {
      const host = new URL(latin.url).host;
      // Fields apart by spaces, or by a no-break space and U+2003 (unicode.IsSpace, as UTF-8), as strings.Fields splits them.
      for (const [sep, label] of [[' ', 'spaces'], ['\u00a0\u2003', 'Unicode spaces']] as const) {
        const netrc = path.join(tempDir('netrc'), 'netrc');
        const line = ['machine', '127.0.0.1', 'login', USER, 'password', 'p'].join(sep);
        fs.writeFileSync(netrc, Buffer.concat([Buffer.from(line, 'utf8'), Buffer.from([0xe9]), Buffer.from('ss\n')]));
        const e = { GOSUMDB: db.verifierKey, SSL_CERT_FILE: certs.rootBundlePath, GOPROXY: `https://${host}`, NETRC: netrc };
        const go = await goModDownload(e);
        assert.equal(go, '', `${label}: the go command failed: ${go}`);
        const r = await ours(e);
        assert.equal(r.probe, 'ok', `${label}: ${r.texts.slice(0, 2000)}`);
        assert.equal(r.check.verified, r.check.lines, `${label}: ${r.texts.slice(0, 2000)}`);
      }
    } finally {
      await latin.close();
    }
  });

  it('a GOPROXY URL whose password escapes a byte that is no UTF-8 (%E9): the go command sends that byte, and so do we; it is shown nowhere', async () => {
    const want = `Basic ${Buffer.concat([Buffer.from(`${USER}:p`), Buffer.from([0xe9]), Buffer.from('ss')]).toString('base64')}`;
    const latin = await startTlsServer(certs.server, (req, res) => {
      if (req.headers.authorization !== want) return void res.writeHead(401).end();
      forward(req, res, req.url?.startsWith('/sumdb/') ? new URL(db.proxyUrl).origin : gp.url);
    });
    try {
      const e = { GOSUMDB: db.verifierKey, SSL_CERT_FILE: certs.rootBundlePath, GOPROXY: `https://${USER}:p%E9ss@${new URL(latin.url).host}` };
      const go = await goModDownload(e);
      assert.equal(go, '', `the go command failed: ${go}`);
      const r = await ours(e);
      assert.equal(r.probe, 'ok', r.texts.slice(0, 2000));
      assert.equal(r.check.verified, r.check.lines, r.texts.slice(0, 2000));
      assert.ok(!/p%E9ss|p%EF%BF%BDss/i.test(r.texts), 'the password is shown');
    } finally {
      await latin.close();
    }
  });

  it('credentials in a GOSUMDB URL over plain HTTP: the go command refuses to send them, and so do we, in its words, naming GOSUMDB', async () => {
    const withCredentials = new URL(db.url);
    withCredentials.username = USER;
    withCredentials.password = encodeURIComponent(TOKEN);
    const e = { GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} ${withCredentials.href.replace(/\/$/, '')}` };
    const go = await goModDownload(e);
    assert.match(go, /verifying go\.mod: .*refusing to pass credentials to insecure URL: http:\/\/builder:xxxxx@127\.0\.0\.1:\d+\/lookup\//);
    const r = await ours(e);
    assert.equal(r.probe, 'misconfigured', r.texts.slice(0, 2000));
    assert.equal(r.check.scenario, 'misconfigured', r.texts.slice(0, 2000));
    assert.equal(r.goError, go);
    assert.equal(r.check.goError, go);
    assert.match(r.texts, /"variable":"GOSUMDB"/);
    assert.ok(!r.texts.includes(encodeURIComponent(TOKEN)), 'the password is shown');
  });

  for (const [status, text, server] of [[403, 'Forbidden', () => forbidding], [407, 'Proxy Authentication Required', () => proxyAuthing]] as const) {
    it(`a proxy that answers ${status} to everything: the go command stops at the module, and so do we, in its words`, async () => {
      const e = { GOPROXY: server().url.replace(/\/$/, ''), GOSUMDB: db.verifierKey };
      const go = await goModDownload(e);
      assert.match(go, new RegExp(`: ${status} ${text}`));
      const r = await ours(e);
      assert.notEqual(r.probe, 'ok');
      assert.ok(r.check.scenario !== undefined && r.check.verified === 0, r.texts.slice(0, 2000));
      assert.equal(r.goError, go);
      assert.equal(r.check.goError, go);
    });
  }
});
