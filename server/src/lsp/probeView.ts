// Owns: turning the probe's report (diagnosis/probeReport.ts) into the view the client renders
// (protocol.ts ProbeReportView): title → summary, goError → goErrorText, database.base → baseUrl, evidence
// objects → sentences in the user's language, the TLS step's chain → certificateChain, and the proxy hop and
// the broken hop read from the evidence, and the go command's exact output (goCommand) when it ran. Fixes become FixViews: SSL_CERT_FILE asks the user for a file;
// fixes that change no variable are instructions, so they join the explanation instead of becoming buttons.
// Must never: do I/O, import vscode, or invent a fact the report does not hold.
import type { Evidence, Fix } from '../shared/evidence';
import type { ProbeReport, ProbeStep } from '../diagnosis/probeReport';
import { answerText } from '../diagnosis/answerText';
import { goCommandText } from '../diagnosis/goCommandEvidence';
import { t } from '../i18n';
import type { CertificateView, DatabaseView, FixView, GoCommandView, ProbeReportView } from '../shared/protocol';
import { hostOf, originOf } from '../transport/urlHost';

export interface ProbeViewOptions {
  /** The database as the folder's environment names it, when the probe stopped before finding a base. */
  fallbackDatabase?: DatabaseView;
  /** When the probe finished. */
  time: Date;
  locale?: string;
}

/** `proxy https://goproxy.cn` | `direct` | `url` (the probe's words) → the proxy's URL, if reads go through one. */
function proxyOfVia(via: string | undefined): string | undefined {
  return via?.startsWith('proxy ') ? via.slice('proxy '.length) : undefined;
}

/** How the database is reached, as the status bar says it: a proxy's host, `direct`, or the GOSUMDB URL's host. */
export function viaLabel(via: string | undefined, base: string | undefined): string {
  const proxy = proxyOfVia(via);
  if (proxy) return hostOf(proxy);
  if (via === 'url' && base) return hostOf(base);
  return 'direct';
}

function deciding(report: ProbeReport): Evidence | undefined {
  const kinds: Evidence['kind'][] = ['setting-error', 'signature', 'sumdb-off', 'tls-untrusted', 'foreign-answer', 'unreachable', 'proxy-status',
    'database-status', 'security', 'not-in-database', 'hash-mismatch'];
  for (const k of kinds) {
    const e = report.evidence.find((x) => x.kind === k);
    if (e) return e;
  }
  return undefined;
}

function brokenHop(ev: Evidence | undefined, proxy: string | undefined): ProbeReportView['brokenHop'] {
  if (!ev) return undefined;
  const viaProxy = (url: string) => proxy !== undefined && hostOf(url) === hostOf(proxy);
  switch (ev.kind) {
    case 'unreachable':
    case 'tls-untrusted':
    case 'foreign-answer':
      return ev.role === 'proxy' || viaProxy(ev.url) ? 'editor-proxy' : 'editor-database';
    case 'proxy-status':
      return 'proxy-database';
    case 'database-status':
      return viaProxy(ev.url) ? 'proxy-database' : 'editor-database';
    default:
      return undefined;
  }
}

/** The proxy hop: where the probe's reads went, or the proxy whose step failed. */
function proxyHop(report: ProbeReport, ev: Evidence | undefined): string | undefined {
  const fromVia = proxyOfVia(report.database.via);
  if (fromVia) return fromVia;
  if (ev && (ev.kind === 'unreachable' || ev.kind === 'tls-untrusted') && ev.role === 'proxy') return originOf(ev.url);
  if (ev?.kind === 'proxy-status') return originOf(ev.url);
  return undefined;
}

export function problemVariableOf(evidence: readonly Evidence[]): string | undefined {
  const setting = evidence.find((e): e is Extract<Evidence, { kind: 'setting-error' }> => e.kind === 'setting-error');
  if (setting) return setting.variable;
  if (evidence.some((e) => e.kind === 'sumdb-off' || (e.kind === 'signature' && e.verification === 'unverified-note'))) return 'GOSUMDB';
  return undefined;
}

export function evidenceText(ev: Evidence, locale?: string): string {
  const role = (r: 'proxy' | 'database') => t(r === 'proxy' ? 'evidence.role.proxy' : 'evidence.role.database', {}, locale);
  switch (ev.kind) {
    case 'setting-error': return t('evidence.setting-error', { variable: ev.variable, value: ev.value, goError: ev.goError }, locale);
    case 'sumdb-off': return t('evidence.sumdb-off', {}, locale);
    case 'unreachable': return t('evidence.unreachable', { role: role(ev.role), url: ev.url, failure: ev.failure + (ev.phase ? ` (${ev.phase})` : '') }, locale);
    case 'foreign-answer': return t('evidence.foreign-answer', { role: role(ev.role), url: ev.url, what: answerText(ev.answer, locale) }, locale);
    case 'tls-untrusted': return t('evidence.tls-untrusted', { host: ev.host, subject: ev.subject, issuer: ev.issuer, store: ev.store }, locale);
    case 'proxy-status': return t('evidence.proxy-status', { url: ev.url, status: ev.status }, locale);
    case 'database-status': return t('evidence.database-status', { url: ev.url, status: ev.status }, locale);
    case 'signature': return t('evidence.signature', { name: ev.name, verification: ev.verification }, locale);
    case 'security': return t('evidence.security', {}, locale);
    case 'not-in-database': return t('evidence.not-in-database', { module: ev.module, version: ev.version, status: ev.status }, locale);
    case 'hash-mismatch': return t('evidence.hash-mismatch', {
      module: ev.module, version: ev.version, file: ev.file, goSum: ev.goSum ?? '-', database: ev.database ?? '-', proxy: ev.proxy ?? '-',
    }, locale);
    case 'verified': return t('evidence.verified', { base: ev.base, via: ev.via, size: ev.treeSize }, locale);
    case 'go-command': return goCommandText(ev, locale);
  }
}

/** A fix the client can apply: SSL_CERT_FILE becomes a file the user picks; undefined for instructions. */
export function fixView(fix: Fix, preferred: boolean): FixView | undefined {
  const env = { ...fix.env };
  let pick: FixView['pick'];
  if ('SSL_CERT_FILE' in env) {
    delete env.SSL_CERT_FILE;
    pick = { variable: 'SSL_CERT_FILE', kind: 'file' };
  }
  // A PEM file to ask for is a file to pick; other questions and certificates travel as they are.
  if (fix.ask?.validate === 'pem-file') pick = { variable: fix.ask.variable, kind: 'file' };
  const ask = fix.ask && fix.ask.validate !== 'pem-file' ? fix.ask : undefined;
  if (Object.keys(env).length === 0 && !pick && !ask && !fix.certificate) return undefined;
  return {
    title: fix.title, env, ...(pick ? { pick } : {}), ...(ask ? { ask } : {}),
    ...(fix.certificate ? { certificate: fix.certificate } : {}), ...(fix.advice ? { advice: fix.advice } : {}), ...(preferred ? { preferred: true } : {}),
  };
}

export function fixViews(fixes: readonly Fix[]): FixView[] {
  const out: FixView[] = [];
  for (const f of fixes) {
    const v = fixView(f, out.length === 0);
    if (v) out.push(v);
  }
  return out;
}

interface ChainCert { subject: string; issuer: string; subjectCN?: string; issuerCN?: string; fingerprint256?: string; validTo?: string }

function certificateChain(steps: readonly ProbeStep[]): CertificateView[] | undefined {
  const tls = [...steps].reverse().find((s) => s.name === 'tls' && Array.isArray(s.data?.chain));
  if (!tls) return undefined;
  const chain = tls.data!.chain as ChainCert[];
  if (chain.length === 0) return undefined;
  return chain.map((c, i): CertificateView => ({
    subject: c.subject || c.subjectCN || '',
    issuer: c.issuer || c.issuerCN || '',
    ...(c.fingerprint256 ? { fingerprint: c.fingerprint256.replace(/:/g, '').toLowerCase() } : {}),
    ...(c.validTo ? { notAfter: c.validTo } : {}),
    // The top of the chain is what Go would have to anchor: trusted exactly when the TLS step verified.
    ...(i === chain.length - 1 ? { trusted: tls.ok } : {}),
  }));
}

export function probeView(report: ProbeReport, options: ProbeViewOptions): ProbeReportView {
  const ev = deciding(report);
  const proxy = proxyHop(report, ev);
  const base = report.database.base;
  const database: DatabaseView | undefined = base
    ? { name: report.database.name, via: viaLabel(report.database.via, base), baseUrl: base, ...(report.database.treeSize !== undefined ? { treeSize: report.database.treeSize } : {}) }
    : options.fallbackDatabase;
  const instructions = report.fixes.filter((f) => !fixView(f, false)).map((f) => t('evidence.also', { title: f.title }, options.locale));
  const chain = certificateChain(report.steps);
  const problemVariable = report.scenario === 'misconfigured' ? problemVariableOf(report.evidence) : undefined;
  const broken = brokenHop(ev, proxy);
  const go = report.evidence.find((e): e is Extract<Evidence, { kind: 'go-command' }> => e.kind === 'go-command');
  const goCommand: GoCommandView | undefined = go && {
    command: go.command, ...(go.goVersion ? { goVersion: go.goVersion } : {}), exitCode: go.exitCode, output: go.output,
    ...(go.truncated ? { truncated: true } : {}),
  };
  return {
    scenario: report.scenario,
    ...(database ? { database } : {}),
    ...(proxy ? { proxy } : {}),
    ...(broken ? { brokenHop: broken } : {}),
    summary: report.title,
    explanation: [report.explanation, ...instructions].join('\n'),
    steps: report.steps.map((s) => ({ name: s.name, target: s.target, ok: s.ok, ms: s.ms, ...(s.detail ? { detail: s.detail } : {}) })),
    evidence: report.evidence.map((e) => evidenceText(e, options.locale)),
    fixes: fixViews(report.fixes),
    ...(report.goError ? { goErrorText: report.goError } : {}),
    ...(chain ? { certificateChain: chain } : {}),
    time: options.time.toISOString(),
    ...(problemVariable ? { problemVariable } : {}),
    ...(goCommand ? { goCommand } : {}),
  };
}
