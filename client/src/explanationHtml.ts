// Renders a probe report as the explanation webview's HTML: the chain with the broken hop marked,
// steps with timings, the certificate chain, Go's error text, why, and the fixes as buttons.
// Pure (no vscode): every value from the report is escaped; the only script and style carry the nonce.
import type { FixView, ProbeReportView } from '../../server/src/shared/protocol';
import type { ReportLabels } from './reportLabels';
import { chainOf } from './reportChain';

export interface PageSecurity {
  /** Random per render; the only script and style that may run carry it. */
  nonce: string;
  /** webview.cspSource, allowed for nothing but styles/images from the extension itself. */
  cspSource: string;
  /** BCP 47 language of the labels, e.g. `zh-cn`. */
  lang?: string;
}

/** Messages the page posts to the extension. */
export type PageMessage = { type: 'fix'; index: number } | { type: 'copy' } | { type: 'probe' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const e = escapeHtml;

export function renderExplanationHtml(report: ProbeReportView, labels: ReportLabels, security: PageSecurity): string {
  const nonce = e(security.nonce);
  const scenario = labels.scenario[report.scenario] ?? report.scenario;
  const meta = metaLine(report, labels);
  return `<!DOCTYPE html>
<html lang="${e(security.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce, security.cspSource)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(labels.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body data-scenario="${e(report.scenario)}">
<main>
<h1>${e(labels.title)}</h1>
<p id="scenario" class="scenario ${report.scenario === 'ok' ? 'good' : 'bad'}" role="status">${e(scenario)}</p>
${report.summary ? `<p id="summary">${e(report.summary)}</p>` : ''}
${meta.length ? `<p class="meta">${meta.join(' · ')}</p>` : ''}
${sections(report, labels).join('\n')}
<p class="actions"><button type="button" id="copy">${e(labels.copyMarkdown)}</button> <button type="button" id="probe">${e(labels.probeAgain)}</button></p>
</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}

/** `nonce` already escaped. */
function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return [`default-src 'none'`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`,
    `img-src ${e(cspSource)} data:`, `font-src ${e(cspSource)}`].join('; ');
}

function metaLine(report: ProbeReportView, labels: ReportLabels): string[] {
  const meta: string[] = [];
  if (report.problemVariable) meta.push(`${e(labels.problemVariable)}: <code>${e(report.problemVariable)}</code>`);
  if (report.time) meta.push(`${e(labels.probedAt)}: ${e(report.time)}`);
  return meta;
}

/** The page's sections in order; those the report has nothing for are left out. */
function sections(report: ProbeReportView, labels: ReportLabels): string[] {
  return [
    chainSection(report, labels),
    report.explanation ? `<section aria-labelledby="h-why"><h2 id="h-why">${e(labels.why)}</h2><p id="why">${e(report.explanation)}</p></section>` : '',
    stepsSection(report, labels),
    certificatesSection(report, labels),
    report.goErrorText ? `<section aria-labelledby="h-go"><h2 id="h-go">${e(labels.goError)}</h2><pre id="go-error">${e(report.goErrorText)}</pre></section>` : '',
    goOutputSection(report, labels),
    report.evidence.length ? `<section aria-labelledby="h-evidence"><h2 id="h-evidence">${e(labels.evidence)}</h2><ul id="evidence">${report.evidence.map((x) => `<li>${e(x)}</li>`).join('')}</ul></section>` : '',
    fixesSection(report, labels),
  ].filter((section) => section !== '');
}

function chainSection(report: ProbeReportView, labels: ReportLabels): string {
  const chain = chainOf(report, labels);
  const hops: string[] = [];
  chain.nodes.forEach((node, i) => {
    hops.push(`<li class="node"><span class="role">${e(node.role)}</span>${node.role === node.name ? '' : `<span class="name">${e(node.name)}</span>`}</li>`);
    if (i < chain.nodes.length - 1) {
      const broken = chain.brokenAfter === i;
      hops.push(broken
        ? `<li class="hop broken" aria-label="${e(labels.broken)}"><span aria-hidden="true">✕</span> ${e(labels.broken)}</li>`
        : `<li class="hop" aria-hidden="true">→</li>`);
    }
  });
  return `<section aria-labelledby="h-chain"><h2 id="h-chain">${e(labels.chain)}</h2><ol class="chain" id="chain">${hops.join('')}</ol>` +
    (report.database ? `<p class="base"><code>${e(report.database.baseUrl)}</code></p>` : '') + `</section>`;
}

function stepsSection(report: ProbeReportView, labels: ReportLabels): string {
  if (!report.steps.length) return '';
  const rows = report.steps.map((s) => `<tr class="${s.ok ? 'ok' : 'failed'}"><td>${e(s.name)}</td><td><code>${e(s.target)}</code></td>` +
    `<td>${s.ok ? e(labels.ok) : `<strong>${e(labels.failed)}</strong>`}${s.detail ? `<div class="detail">${e(s.detail)}</div>` : ''}</td>` +
    `<td class="ms">${e(Math.round(s.ms))} ms</td></tr>`).join('');
  return `<section aria-labelledby="h-steps"><h2 id="h-steps">${e(labels.steps)}</h2><table id="steps"><thead><tr><th scope="col">${e(labels.step)}</th>` +
    `<th scope="col">${e(labels.target)}</th><th scope="col">${e(labels.result)}</th><th scope="col">${e(labels.time)}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function certificatesSection(report: ProbeReportView, labels: ReportLabels): string {
  if (!report.certificateChain?.length) return '';
  const items = report.certificateChain.map((c) => `<li${c.trusted === false ? ' class="untrusted"' : ''}><div>${e(labels.subject)}: <code>${e(c.subject)}</code></div>` +
    `<div>${e(labels.issuer)}: <code>${e(c.issuer)}</code>${c.trusted === false ? ` <strong>(${e(labels.untrustedIssuer)})</strong>` : ''}</div>` +
    (c.fingerprint ? `<div class="fp">SHA-256 <code>${e(c.fingerprint)}</code></div>` : '') + `</li>`).join('');
  return `<section aria-labelledby="h-certs"><h2 id="h-certs">${e(labels.certificates)}</h2><ol id="certificates">${items}</ol></section>`;
}

function goOutputSection(report: ProbeReportView, labels: ReportLabels): string {
  const g = report.goCommand;
  if (!g) return '';
  const facts = [g.goVersion, `exit ${g.exitCode ?? '-'}`].filter((x) => x).join(', ');
  return `<section aria-labelledby="h-go-output"><h2 id="h-go-output">${e(labels.goOutput)}</h2><p><code>${e(g.command)}</code> (${e(facts)})</p>` +
    `<pre id="go-output">${e(g.output)}${g.truncated ? '\n…' : ''}</pre></section>`;
}

function fixesSection(report: ProbeReportView, labels: ReportLabels): string {
  // An asked value shows its placeholder; a certificate its fingerprint, to compare before clicking.
  const fixEnv = (f: FixView) => ({ ...f.env, ...(f.ask ? { [f.ask.variable]: f.ask.placeholder } : {}) });
  const fixButtons = report.fixes.map((f, i) => `<li><button type="button" class="fix" data-fix="${i}">${e(f.title)}</button> ` +
    `<code>${Object.entries(fixEnv(f)).map(([k, v]) => `${e(k)}=${e(v)}`).join(' ')}</code>` +
    (f.certificate ? ` <code class="fingerprint">SHA-256 ${e(f.certificate.fingerprint256)}</code>` : '') +
    (f.advice ? `<p class="advice">${e(f.advice)}</p>` : '') + `</li>`).join('');
  return `<section aria-labelledby="h-fixes"><h2 id="h-fixes">${e(labels.fixes)}</h2>` +
    (report.fixes.length ? `<ul id="fixes">${fixButtons}</ul>` : `<p>${e(labels.noFixes)}</p>`) + `</section>`;
}

// Theme colours only, through VS Code's CSS variables.
const STYLE = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); line-height: 1.5; padding: 0 1.5em 2em; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
code, pre { font-family: var(--vscode-editor-font-family); }
pre { background: var(--vscode-textCodeBlock-background); padding: .8em; white-space: pre-wrap; word-break: break-word; }
.scenario { font-size: 1.15em; font-weight: 600; }
.scenario.bad { color: var(--vscode-errorForeground); } .scenario.good { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.meta, .detail, .fp { color: var(--vscode-descriptionForeground); }
.detail, .fp { overflow-wrap: anywhere; }
.chain { list-style: none; display: flex; flex-wrap: wrap; align-items: center; gap: .6em; padding: 0; }
.chain .node { border: 1px solid var(--vscode-focusBorder); border-radius: 4px; padding: .3em .7em; display: flex; flex-direction: column; }
.chain .role { font-size: .85em; color: var(--vscode-descriptionForeground); }
.chain .hop.broken { color: var(--vscode-errorForeground); font-weight: 600; }
table { border-collapse: collapse; } th, td { text-align: left; padding: .25em .8em .25em 0; vertical-align: top; }
tr.failed td { color: var(--vscode-errorForeground); } td.ms { text-align: right; white-space: nowrap; }
li.untrusted { color: var(--vscode-errorForeground); }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: .35em .9em; border-radius: 2px; cursor: pointer; font: inherit; }
button:hover { background: var(--vscode-button-hoverBackground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
#fixes { list-style: none; padding: 0; } #fixes li { margin: .4em 0; }
`;

const SCRIPT = `
const vscode = acquireVsCodeApi();
for (const b of document.querySelectorAll('button.fix')) b.addEventListener('click', () => vscode.postMessage({ type: 'fix', index: Number(b.dataset.fix) }));
document.getElementById('copy').addEventListener('click', () => vscode.postMessage({ type: 'copy' }));
document.getElementById('probe').addEventListener('click', () => vscode.postMessage({ type: 'probe' }));
`;
