// Computing the settings that would fix a diagnosed problem, ordered best first. Never proposes turning
// verification off (no GOSUMDB=off, no GOINSECURE, no "skip TLS verify"). Pure: no I/O, never imports vscode.
import { t } from '../i18n';
import { DiagnosisContext, Evidence, Fix } from './evidence';

const PUBLIC_DATABASE = 'sum.golang.org';
/** goproxy.cn proxies sum.golang.org (its /sumdb/sum.golang.org/supported answers 200). */
const MIRROR_GOPROXY = 'https://goproxy.cn,direct';
const MIRROR_GOSUMDB = 'sum.golang.google.cn';
const PROXY_PLACEHOLDER = 'http://proxy.example.com:3128';
/** Code hosts where the owner is the meaningful private prefix. */
const HOSTS_WITH_OWNERS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'gitee.com', 'codeberg.org']);

/** The prefix to put in GONOSUMDB/GOPRIVATE for a module: its host, or host/owner on public code hosts. */
export function privatePrefix(module: string): string {
  const parts = module.split('/');
  if (HOSTS_WITH_OWNERS.has(parts[0]) && parts.length >= 2) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

/** Adds a pattern to a comma list unless it is there already. */
function addPattern(list: string | undefined, pattern: string): string {
  const items = (list ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.includes(pattern) ? items.join(',') : [...items, pattern].join(',');
}

export function blockedFixes(ctx: DiagnosisContext, ev?: Evidence): Fix[] {
  const fixes: Fix[] = [];
  if (ev?.kind === 'unreachable' && ev.role === 'proxy' && ev.proxy) {
    const current = ctx.env.GOPROXY ?? '';
    if (current.includes(`${ev.proxy},`)) {
      fixes.push({ title: t('fix.proxyFallback', { proxy: ev.proxy }), env: { GOPROXY: current.replace(`${ev.proxy},`, `${ev.proxy}|`) } });
    }
  }
  if (ctx.database === PUBLIC_DATABASE) {
    if ((ctx.env.GOPROXY ?? '') !== MIRROR_GOPROXY) fixes.push({ title: t('fix.goproxyCn', { database: ctx.database }), env: { GOPROXY: MIRROR_GOPROXY } });
    if ((ctx.env.GOSUMDB ?? '') !== MIRROR_GOSUMDB) fixes.push({ title: t('fix.alias'), env: { GOSUMDB: MIRROR_GOSUMDB } });
  }
  fixes.push({ title: t('fix.httpsProxy'), env: { HTTPS_PROXY: PROXY_PLACEHOLDER } });
  return fixes;
}

export function tlsFixes(issuer: string): Fix[] {
  const file = `/usr/local/share/ca-certificates/${issuer.replace(/[^A-Za-z0-9._-]+/g, '-') || 'corporate-root'}.crt`;
  return [
    { title: t('fix.tls.osStore', { issuer }), env: {} },
    { title: t('fix.tls.certDir', { issuer }), env: { SSL_CERT_DIR: '/etc/ssl/certs:/usr/local/share/ca-certificates' } },
    { title: t('fix.tls.certFile', { issuer }), env: { SSL_CERT_FILE: file.replace(/\.crt$/, '-plus-system-roots.pem') } },
  ];
}

/** A GOSUMDB value Go accepts, recovered from a broken one (comma lists, "+https://", stray URLs). */
export function correctedGosumdb(raw: string): string {
  if (raw.includes(MIRROR_GOSUMDB)) return MIRROR_GOSUMDB;
  return PUBLIC_DATABASE;
}

export function settingFixes(ev: Extract<Evidence, { kind: 'setting-error' }>): Fix[] {
  if (ev.fix) return [{ title: t('fix.setting', { variable: ev.variable }), env: ev.fix }];
  if (ev.variable === 'GOSUMDB') {
    const fixes: Fix[] = [{ title: t('fix.setting', { variable: 'GOSUMDB' }), env: { GOSUMDB: correctedGosumdb(ev.value) } }];
    // A comma list that names a mirror: the mirror belongs in GOPROXY, which is how Go reaches a database through one.
    const mirror = /https:\/\/goproxy\.cn/.exec(ev.value);
    if (mirror) fixes[0].env.GOPROXY = MIRROR_GOPROXY;
    return fixes;
  }
  if (ev.variable === 'GOPROXY') return [{ title: t('fix.setting', { variable: 'GOPROXY' }), env: { GOPROXY: 'https://proxy.golang.org,direct' } }];
  return [{ title: t('fix.setting', { variable: ev.variable }), env: {} }];
}

export function keyFixes(name: string, knownKey: string | undefined): Fix[] {
  if (knownKey) return [{ title: t('fix.knownKey', { name }), env: { GOSUMDB: name } }];
  return [{ title: t('fix.askKey', { name }), env: {} }];
}

export function sumdbOnFixes(): Fix[] {
  return [{ title: t('fix.sumdbOn'), env: { GOSUMDB: PUBLIC_DATABASE } }];
}

export function disagreementFixes(ctx: DiagnosisContext, ev: Evidence): Fix[] {
  if (ev.kind === 'not-in-database') {
    const prefix = privatePrefix(ev.module);
    return [
      { title: t('fix.gonosumdb', { prefix }), env: { GONOSUMDB: addPattern(ctx.env.GONOSUMDB, prefix) } },
      { title: t('fix.goprivate', { prefix }), env: { GOPRIVATE: addPattern(ctx.env.GOPRIVATE, prefix) } },
    ];
  }
  if (ev.kind === 'hash-mismatch') {
    const prefix = privatePrefix(ev.module);
    const fixes: Fix[] = [];
    if (ev.proxy && ev.database && ev.proxy !== ev.database) fixes.push({ title: t('fix.trustedProxy'), env: { GOPROXY: 'https://proxy.golang.org,direct' } });
    if (ev.goSum && ev.database && ev.goSum !== ev.database) fixes.push({ title: t('fix.gosumLine', { module: ev.module, version: ev.version }), env: {} });
    fixes.push({ title: t('fix.gonosumdb', { prefix }), env: { GONOSUMDB: addPattern(ctx.env.GONOSUMDB, prefix) } });
    return fixes;
  }
  return [];
}
