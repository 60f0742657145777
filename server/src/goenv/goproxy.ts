// GOPROXY as cmd/go reads and uses it: the list, as proxyList parses it (entries split at ',', fall through on
// 404/410 only, or '|', fall through on any error; 'direct' and 'off' end the list; an implicit 'noproxy' entry
// leads when GONOPROXY is set; bare hosts get https://; errors in Go's words), and the URL of a module's .mod on a
// proxy, as proxyRepo builds it. Pure: no I/O, never imports vscode.
import { parseGoUrl, formatGoUrl, goPathEscape, type GoUrl } from '../shared/goUrl';
import { escapePath, escapeVersion } from '../parse/module';

export type ProxyEntry =
  | { kind: 'noproxy'; url: 'noproxy'; fallBackOnError: false }
  | { kind: 'direct'; url: 'direct'; fallBackOnError: boolean }
  | { kind: 'off'; url: 'off'; fallBackOnError: boolean }
  | {
      kind: 'proxy';
      /** The entry as Go uses it (https:// added to bare hosts). */
      url: string;
      /** The text written in GOPROXY, trimmed. */
      written: string;
      /** The separator after this entry was '|': try the next entry after any error. */
      fallBackOnError: boolean;
    };

export type ProxyList = { ok: true; entries: ProxyEntry[] } | { ok: false; entries: ProxyEntry[]; error: string };

export interface ProxyListOptions {
  gonoproxy?: string;
  /** Decides which paths are absolute file paths (Go's filepath.IsAbs). */
  platform?: NodeJS.Platform;
}

const TRIM_SPACE = /^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g;

function isAbsFilePath(s: string, platform: NodeJS.Platform): boolean {
  if (s.startsWith('/')) return true; // path.IsAbs, checked on every platform
  if (platform !== 'win32') return false;
  return /^[A-Za-z]:[\\/]/.test(s) || /^[\\/]{2}[^\\/]+[\\/][^\\/]+/.test(s);
}

/** newProxyRepo's checks on one proxy URL; undefined when Go accepts it. */
export function checkProxyUrl(url: string): string | undefined {
  const u = parseGoUrl(url);
  if (!u.ok) return u.error;
  const redacted = formatGoUrl(u.url);
  switch (u.url.scheme) {
    case 'http':
    case 'https':
      return undefined;
    case 'file': {
      const x = u.url;
      const pathOnly = x.opaque === '' && !x.user && x.host === '' && !x.omitHost && !x.forceQuery &&
        x.rawQuery === '' && x.fragment === '';
      return pathOnly ? undefined : `invalid file:// proxy URL with non-path elements: ${redacted}`;
    }
    case '':
      return `invalid proxy URL missing scheme: ${redacted}`;
    default:
      return `invalid proxy URL scheme (must be https, http, file): ${redacted}`;
  }
}

export function parseGoproxy(goproxy: string, options: ProxyListOptions = {}): ProxyList {
  const platform = options.platform ?? 'linux';
  const entries: ProxyEntry[] = [];
  if ((options.gonoproxy ?? '') !== '' && goproxy !== 'direct') {
    entries.push({ kind: 'noproxy', url: 'noproxy', fallBackOnError: false });
  }
  let rest = goproxy;
  while (rest !== '') {
    let url: string;
    let fallBackOnError = false;
    const i = rest.search(/[,|]/);
    if (i >= 0) {
      url = rest.slice(0, i);
      fallBackOnError = rest[i] === '|';
      rest = rest.slice(i + 1);
    } else {
      url = rest;
      rest = '';
    }
    url = url.replace(TRIM_SPACE, '');
    if (url === '') continue;
    if (url === 'off') {
      entries.push({ kind: 'off', url: 'off', fallBackOnError });
      break; // "off" always fails hard
    }
    if (url === 'direct') {
      entries.push({ kind: 'direct', url: 'direct', fallBackOnError });
      break; // Go ignores anything after direct
    }
    const written = url;
    if (/[.:/]/.test(url) && !url.includes(':/') && !isAbsFilePath(url, platform)) url = 'https://' + url;
    const bad = checkProxyUrl(url);
    if (bad !== undefined) return { ok: false, entries, error: bad };
    entries.push({ kind: 'proxy', url, written, fallBackOnError });
  }
  if (entries.length === 0 || (entries.length === 1 && entries[0].kind === 'noproxy')) {
    return { ok: false, entries, error: 'GOPROXY list is not the empty string, but contains no entries' };
  }
  return { ok: true, entries };
}

/** Go's texts for the pseudo-entries, as TryProxies reports them. */
export const PROXY_ERRORS = Object.freeze({
  off: 'module lookup disabled by GOPROXY=off',
  noproxy: 'disabled by GOPRIVATE/GONOPROXY',
  useProxy: 'path does not match GOPRIVATE/GONOPROXY',
});

/**
 * The URL of a module version's .mod on a proxy, as cmd/go's proxyRepo builds it (newProxyRepo, getBody): the
 * escaped module path appended to the path, and url.PathEscape'd to the raw path ("!" as %21), then "@v/V.mod"
 * path.Join'ed onto both. Go requests and names it so: its text shows "%21" where the module has a capital.
 * Throws (ModulePathError) for a module path or version Go could not escape.
 */
export function proxyModUrl(proxy: GoUrl, module: string, version: string): GoUrl {
  const enc = escapePath(module);
  const file = `@v/${escapeVersion(version)}.mod`;
  const path = proxy.path.replace(/\/$/, '') + '/' + enc;
  const rawPath = proxy.rawPath.replace(/\/$/, '') + '/' + proxyPathEscape(enc);
  return { ...proxy, path: goPathJoin(path, file), rawPath: goPathJoin(rawPath, proxyPathEscape(file)) };
}

/**
 * proxyModUrl's text for a proxy URL as GOPROXY gives it (credentials kept: redact before showing it); a proxy,
 * module or version Go could not take is joined as written, for a message.
 */
export function proxyModUrlText(proxy: string, module: string, version: string): string {
  const parsed = parseGoUrl(proxy);
  if (parsed.ok) {
    try {
      return formatGoUrl(proxyModUrl(parsed.url, module, version), false);
    } catch {
      // not a module path or version Go escapes: shown as written below
    }
  }
  return `${proxy.replace(/\/+$/, '')}/${module}/@v/${version}.mod`;
}

/** proxy.go's pathEscape: url.PathEscape, slashes kept. */
function proxyPathEscape(s: string): string {
  return goPathEscape(s).replaceAll('%2F', '/');
}

/** Go's path.Join of two elements: empty ones dropped, the result cleaned (path.Clean); "" when both are empty. */
function goPathJoin(a: string, b: string): string {
  const joined = [a, b].filter((e) => e !== '').join('/');
  return joined === '' ? '' : goPathClean(joined);
}

/** Go's path.Clean: one slash between elements, no "." elements, ".." resolved lexically, no trailing slash. */
function goPathClean(p: string): string {
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const e of p.split('/')) {
    if (e === '' || e === '.') continue;
    if (e === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(e);
  }
  const body = out.join('/');
  if (rooted) return '/' + body;
  return body === '' ? '.' : body;
}
