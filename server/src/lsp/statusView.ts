// Owns: what the status bar shows for one workspace folder, as data (protocol.ts StatusParams): the state, the
// database and how it is reached (`sum.golang.org via goproxy.cn`), a short text in the user's language, and a
// Markdown tooltip with the chain as the go command resolved it, step by step.
// Must never: do I/O, import vscode, or guess a state nobody measured.
import { failedStep, type ChainResult } from '../goenv/chain';
import { en as goenvEn, type GoenvMessages } from '../goenv/messages';
import { groupDigits, t } from '../i18n';
import { inlineCode } from '../shared/markdown';
import type { DatabaseView, StatusParams, StatusState } from '../shared/protocol';
import { hostOf } from '../transport/urlHost';

/** What the server knows about one folder's way to its checksum database. */
export interface FolderHealth {
  state: StatusState;
  database?: DatabaseView;
  chain?: ChainResult;
  /** The diagnosis's one-line title, when something is wrong. */
  headline?: string;
  /** The variable at fault for 'misconfigured'. */
  problemVariable?: string;
  lastProbe?: Date;
  untrusted: boolean;
  /** gosumDoctor.offline is set. */
  offlineSetting: boolean;
  /** The database is out of reach and lines are answered from the local caches. */
  fromCaches?: boolean;
  /** Setting lints whose value comes from the process environment (no file to show them on): `VAR: message`. */
  environmentNotes?: string[];
}

/** The database view of a resolved chain: `via` is the proxy's host, `direct`, the host of GOSUMDB's URL, or `caches` offline. */
export function databaseView(name: string, chain: ChainResult | undefined, treeSize?: number, offline = false): DatabaseView {
  let via = 'direct';
  if (offline) via = 'caches';
  else if (chain?.via === 'proxy') via = hostOf(chain.proxy) ?? 'direct';
  else if (chain?.via === 'url') via = hostOf(chain.base?.shown) ?? 'direct';
  else if (chain?.via === 'none') {
    const failed = failedStep(chain);
    via = (failed && hostOf(failed.proxy)) ?? 'direct';
  }
  const baseUrl = chain?.base?.shown ?? (chain?.via === 'none' ? '' : `https://${name}`);
  return { name, via, baseUrl, ...(treeSize !== undefined && treeSize > 0 ? { treeSize } : {}) };
}

/** Markdown text with its syntax escaped. */
function text(value: string): string {
  return value.replace(/\r?\n|\r/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/[\\`*_{}[\]()#!|~>]/g, '\\$&');
}

/** The chain as resolved, one line per GOPROXY entry asked, then where database reads go. */
export function chainMarkdown(chain: ChainResult, locale?: string, goenv: GoenvMessages = goenvEn): string {
  const lines = [text(t('status.tooltip.chain', {}, locale))];
  chain.steps.forEach((s, i) => {
    const why = goenv.chain.step[s.why] + (s.goError ? ` (${s.goError.split('\n')[0]})` : '');
    lines.push(`${i + 1}. ${inlineCode(s.proxy)}${s.status !== undefined ? ` ${s.status}` : ''} · ${Math.round(s.ms)} ms: ${text(why)}`);
  });
  let end: string;
  switch (chain.via) {
    case 'proxy': end = goenv.chain.usesProxy(chain.proxy ?? ''); break;
    case 'direct': end = t('status.tooltip.direct', { url: chain.base?.shown ?? '' }, locale); break;
    case 'url': end = t('status.tooltip.url', { url: chain.base?.shown ?? '' }, locale); break;
    case 'off': end = goenv.chain.off(); break;
    default: end = t('status.tooltip.failed', { error: chain.error?.message.split('\n')[0] ?? goenv.chain.failed() }, locale);
  }
  lines.push(`→ ${text(end)}`);
  return lines.join('\n');
}

function statusText(h: FolderHealth, locale?: string): string {
  const name = h.database?.name ?? 'sumdb';
  const via = h.database?.via ?? 'direct';
  switch (h.state) {
    case 'checking': return t('status.checking', {}, locale);
    case 'verified': return t('status.verified', { name, via, size: groupDigits(h.database?.treeSize ?? 0) }, locale);
    case 'blocked': return t('status.blocked', { name, via }, locale);
    case 'tls-intercepted': return t('status.tls-intercepted', { name, via }, locale);
    case 'misconfigured': return t('status.misconfigured', { variable: h.problemVariable ?? 'GOSUMDB/GOPROXY' }, locale);
    case 'disagreement': return t('status.disagreement', { name, via }, locale);
    case 'offline': return t('status.offline', { name }, locale);
    case 'disabled': return t('status.disabled', {}, locale);
    case 'unknown': return t('status.unknown', {}, locale);
  }
}

export function statusParams(h: FolderHealth, locale?: string, goenv?: GoenvMessages): StatusParams {
  const tip: string[] = [];
  if (h.headline && h.state !== 'verified' && h.state !== 'checking') tip.push(`**${text(h.headline)}**`);
  if (h.chain && h.state !== 'checking') tip.push(chainMarkdown(h.chain, locale, goenv));
  for (const note of h.environmentNotes ?? []) tip.push(`⚠ ${text(note)}`);
  if (h.offlineSetting) tip.push(text(t('status.tooltip.offline', {}, locale)));
  else if (h.fromCaches) tip.push(text(t('status.tooltip.fromCaches', {}, locale)));
  if (h.untrusted) tip.push(text(t('status.tooltip.untrusted', {}, locale)));
  return {
    state: h.state,
    ...(h.database ? { database: h.database } : {}),
    text: statusText(h, locale),
    ...(tip.length ? { tooltipMarkdown: tip.join('\n\n') } : {}),
    ...(h.lastProbe ? { lastProbe: h.lastProbe.toISOString() } : {}),
    ...(h.problemVariable && h.state === 'misconfigured' ? { problemVariable: h.problemVariable } : {}),
    ...(h.untrusted ? { untrusted: true } : {}),
  };
}
