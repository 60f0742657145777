// "Copy report as Markdown": a report a colleague can read in an issue, and that hostile values
// cannot turn into links, images, HTML, headings or extra table cells.
import assert from 'node:assert/strict';
import { codeBlock, escapeMarkdown, renderReportMarkdown } from '../../client/src/reportMarkdown';
import { inlineCode } from '../../server/src/shared/markdown';
import { fixCommandLines, shellQuote } from '../../server/src/shared/fixCommands';
import { hostileReport, interceptedReport, labels } from '../support/explanationFixture';

/** The Markdown with fenced blocks and code spans removed (CommonMark: a span ends at a run of equal length). */
function withoutCode(md: string): string {
  md = md.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '');
  let out = '';
  for (let i = 0; i < md.length;) {
    if (md[i] === '\\') { out += md.slice(i, i + 2); i += 2; continue; }
    const run = /^`+/.exec(md.slice(i))?.[0];
    if (!run) { out += md[i++]; continue; }
    const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
    close.lastIndex = i + run.length;
    const m = close.exec(md);
    if (!m) { out += run; i += run.length; continue; }
    i = m.index + run.length;
  }
  return out;
}

const unescapedPipes = (line: string) => (line.match(/(?<!\\)\|/g) ?? []).length;

describe('report as Markdown', () => {
  it('tells a colleague what broke where, with timings, the issuer and the commands that fix it', () => {
    const md = renderReportMarkdown(interceptedReport(), labels);
    assert.match(md, /^## Why\n\n\*\*Intercepted\*\*\n/);
    assert.match(md, /\neditor ✕ \*\*BROKEN\*\* ✕ proxy `https:\/\/goproxy.cn` → database `sum.golang.org`\n/);
    assert.match(md, /\n\| tls \| `goproxy.cn:443` \| \*\*failed\*\*: x509: certificate signed by unknown authority \| 80 ms \|\n/);
    assert.match(md, /\n1\. Subject: `CN=goproxy.cn`; Issuer: `CN=Corp Inspection CA` \*\*\(untrusted\)\*\*; SHA\\-256 `ab12`\n/);
    assert.match(md, /\n- Use the Google mirror: `go env -w GOSUMDB=sum.golang.google.cn`\n/);
    // Go reads SSL_CERT_FILE only from the process environment (`go env -w` refuses it): an export.
    assert.match(md, /\n- Trust the corporate root: `export SSL_CERT_FILE=\/path\/to\/root.pem`\n/);
    assert.match(md, /\n```text\nverifying module: Get "https:\/\/goproxy.cn/);
  });

  it('draws a direct connection without a proxy node', () => {
    const r = { ...interceptedReport(), proxy: undefined, brokenHop: 'editor-database' as const };
    assert.match(renderReportMarkdown(r, labels), /\neditor ✕ \*\*BROKEN\*\* ✕ database `sum.golang.org`\n/);
  });

  it('keeps hostile values inert: no link, image, raw HTML, heading or extra cell', () => {
    const md = renderReportMarkdown(hostileReport(), labels);
    const outsideCode = withoutCode(md);
    assert.doesNotMatch(outsideCode, /(?<!\\)\]\(/, 'a link or image');
    assert.doesNotMatch(outsideCode, /<(?!\/?\w+@)/, 'raw HTML');
    const headings = outsideCode.split('\n').filter((l) => l.startsWith('#'));
    assert.ok(headings.every((h) => /^#{2,3} [A-Z]/.test(h)), headings.join(' / '));
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    assert.ok(rows.length >= 3);
    for (const row of rows) assert.equal(unescapedPipes(row), 5, row);
    // Go's error text contains ``` itself: the fence must be longer
    assert.match(md, /\n````text\n[\s\S]*\n```\n<img src=x onerror=alert\(3\)>\n````\n/);
  });

  it('escapes Markdown syntax and HTML in inline text', () => {
    assert.equal(escapeMarkdown('[a](b) *c* <d> & #e | f\ng'), '\\[a\\]\\(b\\) \\*c\\* &lt;d\\> &amp; \\#e \\| f g');
    assert.equal(escapeMarkdown('1. not a list'), '1\\. not a list');
    assert.equal(escapeMarkdown('- not a bullet'), '\\- not a bullet');
    assert.equal(escapeMarkdown('sum.golang.org'), 'sum.golang.org');
  });

  it('makes code spans and blocks that the value cannot close', () => {
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(inlineCode('`x`'), '`` `x` ``');
    assert.equal(codeBlock('x\n````\ny'), '`````text\nx\n````\ny\n`````');
  });

  it('writes go env commands a shell runs as shown', () => {
    assert.deepEqual(fixCommandLines({ env: { GOSUMDB: 'sum.golang.org https://sum.golang.google.cn', GONOSUMDB: '' } }),
      [`go env -w 'GOSUMDB=sum.golang.org https://sum.golang.google.cn'`, 'go env -u GONOSUMDB']);
    assert.equal(shellQuote(`it's`), `'it'\\''s'`);
    assert.equal(shellQuote('GOPROXY=https://goproxy.cn,direct'), 'GOPROXY=https://goproxy.cn,direct');
  });
});
