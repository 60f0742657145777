// Computing the settings that would fix a diagnosed problem, ordered best first. Never proposes turning
// verification off (no GOSUMDB=off, no GOINSECURE, no "skip TLS verify"). Pure: no I/O, never imports vscode.
import { sayIn } from '../i18n';
import { certificateFileName, goReadsCertDir } from './certificateTrust';
import { DiagnosisContext, Evidence, Fix, FixCertificate, ProxyRefusal } from '../shared/evidence';

const PUBLIC_DATABASE = 'sum.golang.org';
/** goproxy.cn proxies sum.golang.org (its /sumdb/sum.golang.org/supported answers 200). */
const MIRROR_GOPROXY = 'https://goproxy.cn,direct';
const MIRROR_GOSUMDB = 'sum.golang.google.cn';
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
  const t = sayIn(ctx.locale);
  const fixes: Fix[] = [];
  if (ev?.kind === 'unreachable' && ev.role === 'proxy' && ev.proxy) {
    const current = ctx.env.GOPROXY ?? '';
    if (current.includes(`${ev.proxy},`)) {
      fixes.push({ title: t('fix.proxyFallback', { proxy: ev.proxy }), env: { GOPROXY: current.replace(`${ev.proxy},`, `${ev.proxy}|`) } });
    }
  }
  fixes.push(...mirrorFixes(ctx));
  // The address is the person's to give: asked for (pre-filled from what the editor knows), checked as Go reads it.
  fixes.push({
    title: t('fix.httpsProxy'), env: {},
    ask: { variable: 'HTTPS_PROXY', prompt: t('fix.httpsProxy.prompt'), placeholder: t('fix.httpsProxy.placeholder'), validate: 'go-proxy-url', ...(ctx.env.HTTPS_PROXY ? { current: ctx.env.HTTPS_PROXY } : {}) },
  });
  return fixes;
}

/**
 * A GOPROXY that serves modules while its /sumdb/ paths are stopped on the way: the network's administrator can let
 * them through; a proxy setting does not help (the proxy is reached). The database from a mirror, or a fallback to
 * the next GOPROXY entry, does.
 */
export function sumdbPathFixes(ctx: DiagnosisContext, url: string, proxy: string, reason: string): Fix[] {
  const t = sayIn(ctx.locale);
  const fixes: Fix[] = [{ title: t('fix.sumdbPathAdmin', { target: url, proxy }), env: {}, advice: t('fix.sumdbPathAdmin.advice', { proxy, reason }) }];
  const current = ctx.env.GOPROXY ?? '';
  if (current.includes(`${proxy},`)) {
    fixes.push({ title: t('fix.proxyFallback', { proxy }), env: { GOPROXY: current.replace(`${proxy},`, `${proxy}|`) } });
  }
  return [...fixes, ...mirrorFixes(ctx)];
}

/** For the public database: reach it through a mirror that serves all of it, or its alias, unless already set. */
export function mirrorFixes(ctx: DiagnosisContext): Fix[] {
  const t = sayIn(ctx.locale);
  const fixes: Fix[] = [];
  if (ctx.database !== PUBLIC_DATABASE) return fixes;
  if ((ctx.env.GOPROXY ?? '') !== MIRROR_GOPROXY) fixes.push({ title: t('fix.goproxyCn', { database: ctx.database }), env: { GOPROXY: MIRROR_GOPROXY } });
  if ((ctx.env.GOSUMDB ?? '') !== MIRROR_GOSUMDB) fixes.push({ title: t('fix.alias'), env: { GOSUMDB: MIRROR_GOSUMDB } });
  return fixes;
}

/**
 * An HTTP proxy that answered CONNECT with a status: 407 wants credentials in HTTPS_PROXY as Go reads it
 * (user:password@ in the URL); 403 and the rest need the network's administrator to allow the tunnel. Either way
 * a GOPROXY that serves the database and that the proxy lets through also works. Never "set HTTPS_PROXY" alone:
 * it is set already.
 */
export function proxyRefusalFixes(ctx: DiagnosisContext, refusal: ProxyRefusal): Fix[] {
  const t = sayIn(ctx.locale);
  const fixes: Fix[] = [];
  if (refusal.status === 407) {
    fixes.push({
      title: t('fix.proxyCredentials', { proxy: refusal.proxy }), env: {},
      ask: { variable: 'HTTPS_PROXY', prompt: t('fix.proxyCredentials.prompt', { proxy: refusal.proxy }), placeholder: t('fix.proxyCredentials.placeholder'),
        validate: 'go-proxy-url', ...(ctx.env.HTTPS_PROXY ? { current: ctx.env.HTTPS_PROXY } : {}) },
    });
  } else {
    fixes.push({ title: t('fix.proxyAdmin', { proxy: refusal.proxy, target: refusal.target, status: refusal.status }), env: {},
      advice: t('fix.proxyAdmin.advice', { proxy: refusal.proxy, target: refusal.target }) });
  }
  if (ctx.database === PUBLIC_DATABASE && (ctx.env.GOPROXY ?? '') !== MIRROR_GOPROXY) {
    fixes.push({ title: t('fix.proxyOtherGoproxy', { database: ctx.database, proxy: refusal.proxy }), env: { GOPROXY: MIRROR_GOPROXY } });
  } else {
    fixes.push({ title: t('fix.proxyOtherGoproxy.any', { database: ctx.database, proxy: refusal.proxy }), env: {} });
  }
  return fixes;
}

/**
 * Where Go reads SSL_CERT_DIR (Linux, BSDs): write the presented root into our directory and add that directory
 * to SSL_CERT_DIR after the system's own. On macOS/Windows: how to add it to the OS store, and a copy to save.
 * Without the certificate itself, only the instructions (and picking a PEM file the person has).
 */
export function tlsFixes(ev: Extract<Evidence, { kind: 'tls-untrusted' }>, ctx?: DiagnosisContext): Fix[] {
  const t = sayIn(ctx?.locale);
  const issuer = ev.issuer;
  const platform = ctx?.platform ?? process.platform;
  // Trusting a root cures an unknown authority only; an expired certificate or a wrong name stays refused.
  const root = ev.failure === 'tls-unknown-authority' ? ev.root : undefined;
  if (root && !goReadsCertDir(platform)) {
    const advice = platform === 'win32' ? t('fix.tls.adviceWindows', { subject: root.subjectCN }) : t('fix.tls.adviceMac', { subject: root.subjectCN });
    const certificate: FixCertificate = { ...root, action: 'save', file: fileFor(root) };
    return [{ title: t('fix.tls.saveRoot', { subject: root.subjectCN }), env: {}, certificate, advice }];
  }
  const fixes: Fix[] = [];
  if (root && ctx?.certTrust) {
    const certificate: FixCertificate = { ...root, action: 'trust', file: `${ctx.certTrust.dir}/${fileFor(root)}` };
    const key = root.position === 'root' ? 'fix.tls.trustRoot' : root.position === 'leaf' ? 'fix.tls.trustLeaf' : 'fix.tls.trustTopmost';
    fixes.push({ title: t(key, { subject: root.subjectCN, issuer }), env: { SSL_CERT_DIR: ctx.certTrust.sslCertDir }, certificate });
  }
  fixes.push({ title: t('fix.tls.osStore', { issuer }), env: {} });
  // A PEM file the person already has (the client asks for it): Go still reads its default directories.
  const certFile: Fix = { title: t('fix.tls.certFile', { issuer }), env: {}, ask: { variable: 'SSL_CERT_FILE', prompt: t('fix.tls.certFile.prompt', { issuer }), placeholder: t('fix.tls.certFile.placeholder'), validate: 'pem-file' } };
  // Only a leaf was sent: the CA, if the person has it, outlives the leaf's re-issue, so it comes first.
  if (root?.position === 'leaf') fixes.unshift(certFile);
  else fixes.push(certFile);
  return fixes;
}

function fileFor(root: { subjectCN: string; fingerprint256: string }): string {
  return certificateFileName(root.subjectCN, root.fingerprint256);
}

/** A GOSUMDB value Go accepts, recovered from a broken one (comma lists, "+https://", stray URLs). */
export function correctedGosumdb(raw: string): string {
  if (raw.includes(MIRROR_GOSUMDB)) return MIRROR_GOSUMDB;
  return PUBLIC_DATABASE;
}

export function settingFixes(ev: Extract<Evidence, { kind: 'setting-error' }>, locale?: string): Fix[] {
  const t = sayIn(locale);
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

export function keyFixes(name: string, knownKey: string | undefined, locale?: string): Fix[] {
  const t = sayIn(locale);
  if (knownKey) return [{ title: t('fix.knownKey', { name }), env: { GOSUMDB: name } }];
  return [{ title: t('fix.askKey', { name }), env: {} }];
}

export function sumdbOnFixes(locale?: string): Fix[] {
  return [{ title: sayIn(locale)('fix.sumdbOn'), env: { GOSUMDB: PUBLIC_DATABASE } }];
}

export function disagreementFixes(ctx: DiagnosisContext, ev: Evidence): Fix[] {
  const t = sayIn(ctx.locale);
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
