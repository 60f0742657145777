// The explanation webview's HTML: what a user sees for an intercepted connection, and that nothing
// from a probe report can run script, load a resource or break out of its element.
import assert from 'node:assert/strict';
import { escapeHtml, renderExplanationHtml } from '../../client/src/explanationHtml';
import { hostileReport, interceptedReport, labels } from '../support/explanationFixture';

const security = { nonce: 'TESTNONCE123', cspSource: 'https://file+.vscode-resource.vscode-cdn.net', lang: 'zh-cn' };
const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'h1', 'h2', 'p', 'section', 'ol', 'ul', 'li',
  'span', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'div', 'button', 'script']);

const ALLOWED_ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'nonce', 'data-scenario', 'id', 'class',
  'role', 'aria-labelledby', 'aria-label', 'aria-hidden', 'scope', 'type', 'data-fix']);

function tags(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase());
}

describe('explanation webview HTML', () => {
  it('draws the chain editor → proxy → database with the first hop broken when a proxy intercepts TLS', () => {
    const html = renderExplanationHtml(interceptedReport(), labels, security);
    const chain = /<ol class="chain" id="chain">(.*?)<\/ol>/s.exec(html)?.[1] ?? '';
    const order = [...chain.matchAll(/<li class="(node|hop broken|hop)"/g)].map((m) => m[1]);
    assert.deepEqual(order, ['node', 'hop broken', 'node', 'hop', 'node']);
    assert.match(chain, /editor.*BROKEN.*https:\/\/goproxy\.cn.*sum\.golang\.org/s);
    assert.match(html, /<p id="scenario"[^>]*>Intercepted<\/p>/);
  });

  it('shows steps with timings, the certificate issuer Go does not trust, and Go\'s error text', () => {
    const html = renderExplanationHtml(interceptedReport(), labels, security);
    assert.match(html, /<td class="ms">12 ms<\/td>/);
    assert.match(html, /<tr class="failed"><td>tls<\/td>.*x509: certificate signed by unknown authority.*<td class="ms">80 ms<\/td>/);
    assert.match(html, /Issuer: <code>CN=Corp Inspection CA<\/code> <strong>\(untrusted\)<\/strong>/);
    assert.match(html, /<pre id="go-error">verifying module: Get &#34;https:\/\/goproxy.cn\/sumdb\/sum.golang.org\/supported&#34;/);
  });

  it('offers each fix as a keyboard-focusable button that names its index', () => {
    const html = renderExplanationHtml(interceptedReport(), labels, security);
    const buttons = [...html.matchAll(/<button type="button" class="fix" data-fix="(\d+)">([^<]*)<\/button>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(buttons, [['0', 'Trust the corporate root'], ['1', 'Use the Google mirror']]);
    assert.match(html, /<button type="button" id="copy">Copy<\/button>/);
  });

  it('says so when no fix is needed', () => {
    const html = renderExplanationHtml({ scenario: 'ok', steps: [], evidence: [], fixes: [] }, labels, security);
    assert.match(html, /<p>Nothing to fix<\/p>/);
    assert.doesNotMatch(html, /class="fix"/);
  });

  it('has a strict Content-Security-Policy: nothing by default, script and style only with the nonce', () => {
    const html = renderExplanationHtml(interceptedReport(), labels, security);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.ok(csp, 'CSP meta tag');
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-TESTNONCE123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = [...html.matchAll(/<(script|style)([^>]*)>/g)];
    assert.equal(scripts.length, 2);
    for (const s of scripts) assert.match(s[2], /nonce="TESTNONCE123"/);
    assert.match(html, /<html lang="zh-cn">/);
  });

  it('escapes every value of a hostile report: no new element, attribute, link or resource', () => {
    const html = renderExplanationHtml(hostileReport(), labels, security);
    for (const tag of tags(html)) assert.ok(ALLOWED_TAGS.has(tag), `unexpected <${tag}>`);
    assert.equal(tags(html).filter((t) => t === 'script').length, 1);
    const attributes = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((t) => [...t[0].replace(/"[^"]*"/g, '""').matchAll(/\s([a-zA-Z-]+)=/g)].map((a) => a[1]));
    for (const a of attributes) assert.ok(ALLOWED_ATTRIBUTES.has(a), `unexpected attribute ${a}`);
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;&#34;&#39;&#96;/);
    // the hostile env name/value is shown escaped next to its button
    assert.match(html, /data-fix="0">&#60;script&#62;/);
  });

  it('escapeHtml covers the characters that end text, attributes and template literals', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\``), '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#96;');
    assert.equal(escapeHtml(undefined), '');
    assert.equal(escapeHtml(42), '42');
  });
});
