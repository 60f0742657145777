// A probe report and fixed labels for the renderer tests, plus a hostile variant whose every field
// tries to break out of HTML or Markdown.
import type { ProbeReportView } from '../../server/src/shared/protocol';
import type { ReportLabels } from '../../client/src/reportLabels';

export const labels: ReportLabels = {
  title: 'Why', scenario: { ok: 'OK', blocked: 'Blocked', 'tls-intercepted': 'Intercepted', misconfigured: 'Misconfigured',
    disagreement: 'Disagree', offline: 'Offline', disabled: 'Disabled' },
  chain: 'Chain', editor: 'editor', proxy: 'proxy', database: 'database', direct: 'direct', broken: 'BROKEN',
  steps: 'Steps', step: 'Step', target: 'Target', result: 'Result', time: 'Time', ok: 'ok', failed: 'failed',
  evidence: 'Evidence', certificates: 'Certificates', subject: 'Subject', issuer: 'Issuer', untrustedIssuer: 'untrusted',
  goError: 'Go says', goOutput: 'Go printed', why: 'Because', fixes: 'Fixes', noFixes: 'Nothing to fix', copyMarkdown: 'Copy', probeAgain: 'Again',
  problemVariable: 'Variable', probedAt: 'At',
};

export function interceptedReport(): ProbeReportView {
  return {
    scenario: 'tls-intercepted',
    database: { name: 'sum.golang.org', via: 'goproxy.cn', baseUrl: 'https://goproxy.cn/sumdb/sum.golang.org' },
    proxy: 'https://goproxy.cn',
    brokenHop: 'editor-proxy',
    summary: 'A proxy re-signs TLS.',
    explanation: 'Your network replaces the certificate of goproxy.cn.',
    steps: [
      { name: 'dns', target: 'goproxy.cn', ok: true, ms: 12.4 },
      { name: 'tls', target: 'goproxy.cn:443', ok: false, ms: 80, detail: 'x509: certificate signed by unknown authority' },
    ],
    evidence: ['The certificate was issued by Corp Inspection CA'],
    fixes: [{ title: 'Trust the corporate root', env: {}, pick: { variable: 'SSL_CERT_FILE', kind: 'file' } },
      { title: 'Use the Google mirror', env: { GOSUMDB: 'sum.golang.google.cn' }, preferred: true }],
    goErrorText: 'verifying module: Get "https://goproxy.cn/sumdb/sum.golang.org/supported": tls: failed to verify certificate: x509: certificate signed by unknown authority',
    certificateChain: [
      { subject: 'CN=goproxy.cn', issuer: 'CN=Corp Inspection CA', trusted: false, fingerprint: 'ab12' },
      { subject: 'CN=Corp Inspection CA', issuer: 'CN=Corp Inspection CA', trusted: false },
    ],
    time: '2025-01-02T03:04:05Z',
  };
}

const EVIL = `<script>alert(1)</script>"'\`|[x](javascript:alert(2))![i](http://evil.example/i.png)&amp;\n# h`;

export function hostileReport(): ProbeReportView {
  return {
    scenario: 'misconfigured',
    database: { name: EVIL, via: EVIL, baseUrl: EVIL },
    proxy: EVIL,
    brokenHop: 'proxy-database',
    summary: EVIL, explanation: EVIL, problemVariable: EVIL, time: EVIL,
    steps: [{ name: EVIL, target: EVIL, ok: false, ms: 1, detail: EVIL }],
    evidence: [EVIL],
    fixes: [{ title: EVIL, env: { [EVIL]: EVIL } }],
    goErrorText: EVIL + '\n```\n<img src=x onerror=alert(3)>',
    certificateChain: [{ subject: EVIL, issuer: EVIL, fingerprint: EVIL, trusted: false }],
  };
}
