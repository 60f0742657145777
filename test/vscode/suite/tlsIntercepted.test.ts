// TLS intercepted: the database answers over HTTPS with a certificate Corp-Proxy-CA signed, and nothing tells
// Go to trust that CA (no SSL_CERT_FILE; runs.ts, run "tls-intercepted"). The status bar says so; "Probe sumdb"
// opens the explanation naming the CA that gave the interception away.
import assert from 'node:assert/strict';
import { activated, probeFromPalette, statusShowing } from './extensionHost';
import { runFacts } from './facts';

const db = runFacts().database!;
const host = new URL(db.url).host;

describe('tls-intercepted: a proxy re-signs the certificate with Corp-Proxy-CA', () => {
  it('the status bar says TLS intercepted, and its tooltip names the issuer', async () => {
    const api = await activated();
    assert.equal(process.env.SSL_CERT_FILE, undefined, 'Go uses the system roots');
    const shown = await statusShowing(api, 'tls-intercepted');
    assert.equal(shown.text, `$(unlock) ${db.name} via ${host}: TLS intercepted`);
    assert.match(shown.tooltip, /Corp-Proxy-CA/);
  });

  it('Probe sumdb opens the explanation: scenario tls-intercepted, the certificate chain naming Corp-Proxy-CA as the untrusted issuer', async () => {
    const api = await activated();
    const { report, html } = await probeFromPalette(api);
    assert.equal(report.scenario, 'tls-intercepted');
    assert.equal(report.brokenHop, 'editor-database');
    assert.match(html, /<body data-scenario="tls-intercepted">/);
    assert.match(html, /<p id="scenario" class="scenario bad" role="status">A proxy intercepts TLS with a certificate Go does not trust<\/p>/);
    assert.match(html, /<li class="hop broken"/);
    const certificates = /<ol id="certificates">(.*?)<\/ol>/s.exec(html)?.[1] ?? '';
    assert.match(certificates, /<li class="untrusted">.*Corp-Proxy-CA.*<strong>/s, certificates || html);
    assert.match(html, /<pre id="go-error">[^<]*x509: certificate signed by unknown authority[^<]*<\/pre>/);
    assert.ok(report.fixes.some((f) => f.pick?.variable === 'SSL_CERT_FILE'), 'a fix lets the user pick the corporate root');
  });
});
