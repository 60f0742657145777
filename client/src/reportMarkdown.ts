// Renders a probe report as Markdown for a colleague or an issue ("copy report as Markdown").
// Pure (no vscode). Values are escaped so that a hostile host name or error text cannot inject
// links, images, HTML or table cells.
import { inlineCode } from '../../server/src/shared/markdown';
import type { ProbeReportView } from '../../server/src/shared/protocol';
import type { ReportLabels } from './reportLabels';
import { chainOf } from './reportChain';
import { fixCommandLines } from '../../server/src/shared/fixCommands';

/** Escapes Markdown syntax and HTML in inline text; newlines become spaces. */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;')
    .replace(/[\\`*_{}[\]()#!|~>]/g, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2').replace(/^([-+=])/, '\\$1');
}

/** GFM table cells end at any '|', even inside code; `\|` keeps it in the cell. */
function cell(markdown: string): string {
  return markdown.replace(/(?<!\\)\|/g, '\\|');
}

/** A fenced block whose fence is longer than any backtick run inside. */
export function codeBlock(value: string): string {
  const longest = Math.max(2, ...(value.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${value.replace(/\s+$/, '')}\n${fence}`;
}

export function renderReportMarkdown(report: ProbeReportView, labels: ReportLabels): string {
  const m = escapeMarkdown;
  const out: string[] = [`## ${m(labels.title)}`, '', `**${m(labels.scenario[report.scenario] ?? report.scenario)}**`];
  if (report.summary) out.push('', m(report.summary));
  const meta: string[] = [];
  if (report.problemVariable) meta.push(`${m(labels.problemVariable)}: ${inlineCode(report.problemVariable)}`);
  if (report.time) meta.push(`${m(labels.probedAt)}: ${m(report.time)}`);
  if (meta.length) out.push('', meta.join(' · '));

  const chain = chainOf(report, labels);
  const parts: string[] = [];
  chain.nodes.forEach((n, i) => {
    parts.push(n.role === n.name ? m(n.role) : `${m(n.role)} ${inlineCode(n.name)}`);
    if (i < chain.nodes.length - 1) parts.push(chain.brokenAfter === i ? `✕ **${m(labels.broken)}** ✕` : '→');
  });
  out.push('', `### ${m(labels.chain)}`, '', parts.join(' '));
  if (report.database) out.push('', inlineCode(report.database.baseUrl));

  if (report.explanation) out.push('', `### ${m(labels.why)}`, '', m(report.explanation));

  if (report.steps.length) {
    out.push('', `### ${m(labels.steps)}`, '', `| ${m(labels.step)} | ${m(labels.target)} | ${m(labels.result)} | ${m(labels.time)} |`, '| --- | --- | --- | ---: |');
    for (const s of report.steps) {
      const result = (s.ok ? m(labels.ok) : `**${m(labels.failed)}**`) + (s.detail ? `: ${m(s.detail)}` : '');
      out.push(`| ${m(s.name)} | ${cell(inlineCode(s.target))} | ${result} | ${Math.round(s.ms)} ms |`);
    }
  }

  if (report.certificateChain?.length) {
    out.push('', `### ${m(labels.certificates)}`, '');
    report.certificateChain.forEach((c, i) => {
      out.push(`${i + 1}. ${m(labels.subject)}: ${inlineCode(c.subject)}; ${m(labels.issuer)}: ${inlineCode(c.issuer)}` +
        (c.trusted === false ? ` **(${m(labels.untrustedIssuer)})**` : '') + (c.fingerprint ? `; SHA\\-256 ${inlineCode(c.fingerprint)}` : ''));
    });
  }

  if (report.goErrorText) out.push('', `### ${m(labels.goError)}`, '', codeBlock(report.goErrorText));
  if (report.goCommand) {
    const g = report.goCommand;
    const facts = [g.goVersion, `exit ${g.exitCode ?? '-'}`].filter((x) => x).join(', ');
    out.push('', `### ${m(labels.goOutput)}`, '', `${inlineCode(g.command)} (${m(facts)})`, '', codeBlock(g.output + (g.truncated ? '\n…' : '')));
  }
  if (report.evidence.length) out.push('', `### ${m(labels.evidence)}`, '', ...report.evidence.map((x) => `- ${m(x)}`));

  out.push('', `### ${m(labels.fixes)}`, '');
  if (report.fixes.length) {
    for (const f of report.fixes) {
      // Process-only variables (HTTPS_PROXY, SSL_CERT_*) are exported, asked values show their placeholder.
      const env = f.pick ? { ...f.env, [f.pick.variable]: '/path/to/root.pem' } : f.env;
      const commands = fixCommandLines({ env, ask: f.ask });
      out.push(`- ${m(f.title)}${commands.length ? `: ${inlineCode(commands.join('; '))}` : ''}`);
      if (f.certificate) out.push(`  SHA\\-256 ${inlineCode(f.certificate.fingerprint256)}`);
      if (f.advice) out.push(`  ${m(f.advice)}`);
    }
  } else out.push(m(labels.noFixes));
  return out.join('\n') + '\n';
}
