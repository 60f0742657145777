// Go's net/url.Parse, String and cmd/go's web.Join, as far as GOSUMDB and GOPROXY need them:
// the same accept/reject decisions and the same error texts. Pure: no I/O, never imports vscode.
import { goQuote, goQuoteBytes } from './goquote';
import { goText, goTextBytes } from './utf8';

/** Decoded fields (user, host, path, fragment) are Go strings: text from goText (shared/utf8.ts), every byte kept. */
export interface GoUrl {
  scheme: string;
  opaque: string;
  /** undefined when the URL has no userinfo (Go's nil *Userinfo). */
  user?: { username: string; password?: string };
  host: string;
  path: string;
  rawPath: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

export type GoUrlParse = { ok: true; url: GoUrl } | { ok: false; error: string };

const enum Mode { Path, PathSegment, Host, Zone, UserPassword, QueryComponent, Fragment }

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}
function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return c - 0x41 + 10;
}

function shouldEscape(c: number, mode: Mode): boolean {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) return false;
  if ((mode === Mode.Host || mode === Mode.Zone) && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case Mode.Path: return ch === '?';
      case Mode.PathSegment: return ch === '/' || ch === ';' || ch === ',' || ch === '?';
      case Mode.UserPassword: return ch === '@' || ch === '/' || ch === '?' || ch === ':';
      case Mode.QueryComponent: return true;
      case Mode.Fragment: return false;
      default: break;
    }
  }
  if (mode === Mode.Fragment && '!()*'.includes(ch)) return false;
  return true;
}

type Unescaped = { ok: true; value: Buffer } | { ok: false; error: string };

// Works on UTF-8 bytes, as Go does.
function unescape(s: Buffer, mode: Mode): Unescaped {
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === 0x25) {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
        return { ok: false, error: `invalid URL escape ${goQuoteBytes(s.subarray(i, i + 3))}` };
      }
      if (mode === Mode.Host && unhex(s[i + 1]) < 8 && s.subarray(i, i + 3).toString('latin1') !== '%25') {
        return { ok: false, error: `invalid URL escape ${goQuoteBytes(s.subarray(i, i + 3))}` };
      }
      if (mode === Mode.Zone) {
        const v = (unhex(s[i + 1]) << 4) | unhex(s[i + 2]);
        if (s.subarray(i, i + 3).toString('latin1') !== '%25' && v !== 0x20 && shouldEscape(v, Mode.Host)) {
          return { ok: false, error: `invalid URL escape ${goQuoteBytes(s.subarray(i, i + 3))}` };
        }
      }
      i += 3;
    } else {
      if ((mode === Mode.Host || mode === Mode.Zone) && c < 0x80 && shouldEscape(c, mode)) {
        return { ok: false, error: `invalid character ${goQuoteBytes(s.subarray(i, i + 1))} in host name` };
      }
      i++;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === 0x25) {
      out.push((unhex(s[i + 1]) << 4) | unhex(s[i + 2]));
      i += 2;
    } else if (s[i] === 0x2b && mode === Mode.QueryComponent) {
      out.push(0x20);
    } else {
      out.push(s[i]);
    }
  }
  return { ok: true, value: Buffer.from(out) };
}

function escape(s: Buffer, mode: Mode): string {
  let out = '';
  for (const c of s) {
    if (shouldEscape(c, mode)) out += '%' + c.toString(16).toUpperCase().padStart(2, '0');
    else out += String.fromCharCode(c);
  }
  return out;
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  return port[0] === ':' && /^[0-9]*$/.test(port.slice(1));
}

function parseHost(host: string): { ok: true; host: string } | { ok: false; error: string } {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) return { ok: false, error: "missing ']' in host" };
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) return { ok: false, error: `invalid port ${goQuote(colonPort)} after host` };
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      const parts: Array<[string, Mode]> = [[host.slice(0, zone), Mode.Host], [host.slice(zone, i), Mode.Zone], [host.slice(i), Mode.Host]];
      let joined = '';
      for (const [part, mode] of parts) {
        const u = unescape(goTextBytes(part), mode);
        if (!u.ok) return u;
        joined += goText(u.value);
      }
      return { ok: true, host: joined };
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) return { ok: false, error: `invalid port ${goQuote(colonPort)} after host` };
    }
  }
  const u = unescape(goTextBytes(host), Mode.Host);
  return u.ok ? { ok: true, host: goText(u.value) } : u;
}

function validUserinfo(s: string): boolean {
  for (const ch of s) {
    if (/[A-Za-z0-9]/.test(ch)) continue;
    if ("-._:~!$&'()*+,;=%@".includes(ch)) continue;
    return false;
  }
  return true;
}

function getScheme(raw: string): { scheme: string; rest: string } | { error: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return { error: 'missing protocol scheme' };
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

function parseNoFragment(raw: string): GoUrlParse {
  if (/[\x00-\x1f\x7f]/.test(raw)) return { ok: false, error: 'net/url: invalid control character in URL' };
  const url: GoUrl = {
    scheme: '', opaque: '', host: '', path: '', rawPath: '', omitHost: false,
    forceQuery: false, rawQuery: '', fragment: '', rawFragment: '',
  };
  if (raw === '*') {
    url.path = '*';
    return { ok: true, url };
  }
  const s = getScheme(raw);
  if ('error' in s) return { ok: false, error: s.error };
  url.scheme = s.scheme.toLowerCase();
  let rest = s.rest;
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return { ok: true, url };
    }
    const slash = rest.indexOf('/');
    const segment = slash >= 0 ? rest.slice(0, slash) : rest;
    if (segment.includes(':')) return { ok: false, error: 'first path segment in URL cannot contain colon' };
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const i = authority.indexOf('/');
    if (i >= 0) {
      rest = authority.slice(i);
      authority = authority.slice(0, i);
    }
    const at = authority.lastIndexOf('@');
    const h = parseHost(at < 0 ? authority : authority.slice(at + 1));
    if (!h.ok) return h;
    url.host = h.host;
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!validUserinfo(userinfo)) return { ok: false, error: 'net/url: invalid userinfo' };
      const colon = userinfo.indexOf(':');
      const name = unescape(goTextBytes(colon < 0 ? userinfo : userinfo.slice(0, colon)), Mode.UserPassword);
      if (!name.ok) return name;
      url.user = { username: goText(name.value) };
      if (colon >= 0) {
        const pw = unescape(goTextBytes(userinfo.slice(colon + 1)), Mode.UserPassword);
        if (!pw.ok) return pw;
        url.user.password = goText(pw.value);
      }
    }
  } else if (url.scheme !== '' && rest.startsWith('/')) {
    url.omitHost = true;
  }
  const p = unescape(goTextBytes(rest), Mode.Path);
  if (!p.ok) return p;
  url.path = goText(p.value);
  url.rawPath = escape(p.value, Mode.Path) === rest ? '' : rest;
  return { ok: true, url };
}

/** Go's url.Parse. Errors read exactly like Go's: `parse "RAW": REASON`. */
/**
 * A URL's user name or password as url.Parse decodes it: %XX is that byte, even one that is no UTF-8. Text with an
 * escape Go refuses (a stray "%", which WHATWG URLs keep) comes back as its own bytes.
 */
export function userinfoBytes(escaped: string): Buffer {
  const u = unescape(goTextBytes(escaped), Mode.UserPassword);
  return u.ok ? u.value : goTextBytes(escaped);
}

export function parseGoUrl(raw: string): GoUrlParse {
  const hash = raw.indexOf('#');
  const u = hash >= 0 ? raw.slice(0, hash) : raw;
  const frag = hash >= 0 ? raw.slice(hash + 1) : '';
  const r = parseNoFragment(u);
  if (!r.ok) return { ok: false, error: `parse ${goQuote(u)}: ${r.error}` };
  if (frag === '') return r;
  const f = unescape(goTextBytes(frag), Mode.Fragment);
  if (!f.ok) return { ok: false, error: `parse ${goQuote(raw)}: ${f.error}` };
  r.url.fragment = goText(f.value);
  r.url.rawFragment = escape(f.value, Mode.Fragment) === frag ? '' : frag;
  return r;
}

/** Go's validEncoded: raw text String() may write as it is (RFC 3986's pchar, with "[", "]" and "%" let through). */
function validEncoded(s: string, mode: Mode): boolean {
  const raw = goTextBytes(s);
  for (let i = 0; i < raw.length; i++) {
    if ("!$&'()*+,;=:@[]%".includes(String.fromCharCode(raw[i]))) continue;
    if (shouldEscape(raw[i], mode)) return false;
  }
  return true;
}

function escapedPath(u: GoUrl): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, Mode.Path)) {
    const p = unescape(goTextBytes(u.rawPath), Mode.Path);
    if (p.ok && goText(p.value) === u.path) return u.rawPath;
  }
  if (u.path === '*') return '*';
  return escape(goTextBytes(u.path), Mode.Path);
}

/** Go's EscapedFragment: the raw fragment when it is valid and means the fragment, else the fragment escaped. */
function escapedFragment(u: GoUrl): string {
  if (u.rawFragment !== '' && validEncoded(u.rawFragment, Mode.Fragment)) {
    const f = unescape(goTextBytes(u.rawFragment), Mode.Fragment);
    if (f.ok && goText(f.value) === u.fragment) return u.rawFragment;
  }
  return escape(goTextBytes(u.fragment), Mode.Fragment);
}

/** Go's URL.String with the password redacted as Go's Redacted does. */
export function formatGoUrl(u: GoUrl, redact = true): string {
  let out = '';
  if (u.scheme !== '') out += u.scheme + ':';
  if (u.opaque !== '') {
    out += u.opaque;
  } else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (!(u.omitHost && u.host === '' && !u.user)) {
        if (u.host !== '' || u.path !== '' || u.user) out += '//';
        if (u.user) {
          out += escape(goTextBytes(u.user.username), Mode.UserPassword);
          if (u.user.password !== undefined) out += ':' + (redact ? 'xxxxx' : escape(goTextBytes(u.user.password), Mode.UserPassword));
          out += '@';
        }
        if (u.host !== '') out += escape(goTextBytes(u.host), Mode.Host);
      }
    }
    const path = escapedPath(u);
    if (path !== '' && path[0] !== '/' && u.host !== '') out += '/';
    if (out === '') {
      const seg = path.split('/')[0];
      if (seg.includes(':')) out += './';
    }
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== '') out += '?' + u.rawQuery;
  if (u.fragment !== '') out += '#' + escapedFragment(u);
  return out;
}

/**
 * A URL as Go's Redacted writes it (a password as "xxxxx"). Text Go cannot parse keeps its shape, but a
 * "scheme://user:password@" in it is redacted all the same: we show it, even where Go would not.
 */
export function redactedUrlText(raw: string): string {
  const r = parseGoUrl(raw);
  if (r.ok) return r.url.user?.password !== undefined ? formatGoUrl(r.url, true) : raw;
  return raw.replace(/^([^:/?#\s]*:\/\/[^/?#@:\s]*):[^/?#@\s]*@/, '$1:xxxxx@');
}

/** A GOPROXY or GOSUMDB value as it may be shown: every URL in it redacted (its separators kept). */
export function redactedSetting(value: string): string {
  return value.split(/([,|\s]+)/).map((part, i) => (i % 2 === 1 ? part : redactedUrlText(part))).join('');
}

/**
 * cmd/go's web.Join: the elements appended to the path and, as written, to the raw path, even when the raw path
 * was empty. So the joined path is shown as written ("!" kept) only while the raw path still spells the path
 * (a base URL without a path, or one reached through web.Join itself); else it is escaped ("!" as %21).
 */
export function joinGoUrl(u: GoUrl, path: string): GoUrl {
  if (path === '') return { ...u };
  const tail = path.replace(/^\//, '');
  return {
    ...u,
    path: u.path.replace(/\/$/, '') + '/' + tail,
    rawPath: u.rawPath.replace(/\/$/, '') + '/' + tail,
  };
}

/**
 * Whether Go shows a path web.Join'ed onto `u` escaped ("!" as %21): u's raw path, joined alike, no longer spells
 * its path. So it is for a URL with a path of its own (https://host/prefix): Go's url.Parse leaves its raw path
 * empty. A URL without a path, or one built by web.Join, shows the joined path as written.
 */
export function joinEscapesPaths(u: GoUrl): boolean {
  const joined = joinGoUrl(u, 'x');
  return escapedPath(joined) !== joined.rawPath;
}

/**
 * Database paths (letters, digits and -._~!@+/, which Go's raw path keeps as they are) web.Join'ed onto a base URL
 * written as `base` (its query, fragment, credentials kept where they are), written as Go writes the result;
 * `escapesPaths` is joinEscapesPaths of the base as Go holds it (the text alone cannot tell: sumdb/databaseBase.ts
 * carries both). The base is read once, not once per path. Text that is no URL to Go gets the path appended.
 */
export function urlJoiner(base: string, escapesPaths = false): (path: string) => string {
  const parsed = parseGoUrl(base);
  if (!parsed.ok) return (path) => base.replace(/\/$/, '') + '/' + path.replace(/^\//, '');
  const u = parsed.url;
  if (u.opaque !== '') return () => formatGoUrl(u, false); // Go's String shows an opaque URL's path nowhere
  // The base with an empty last element joined, split where the path ends: the path goes between.
  const dir = u.path.replace(/\/$/, '') + '/';
  const joined = { ...u, path: dir, rawPath: escapesPaths ? '' : escapedPath(u).replace(/\/$/, '') + '/' };
  const text = formatGoUrl(joined, false);
  const after = (u.forceQuery || u.rawQuery !== '' ? '?' + u.rawQuery : '') + (u.fragment !== '' ? '#' + escapedFragment(u) : '');
  const before = text.slice(0, text.length - after.length);
  return (path) => {
    const tail = path.replace(/^\//, '');
    return before + (escapesPaths ? escape(goTextBytes(tail), Mode.Path) : tail) + after;
  };
}

/** Go's url.PathEscape: a path segment's escaping ("/" is escaped too). */
export function goPathEscape(s: string): string {
  return escape(goTextBytes(s), Mode.PathSegment);
}

/**
 * Go's fmt %+v of a url.URL value, as printed in "invalid sumdb name" errors: its *Userinfo field printed by its
 * String method, "" when nil, else the escaped "username[:password]".
 */
export function goUrlPlusV(u: GoUrl): string {
  const user = u.user ? escape(goTextBytes(u.user.username), Mode.UserPassword) + (u.user.password !== undefined ? ':' + escape(goTextBytes(u.user.password), Mode.UserPassword) : '') : '';
  return `{Scheme:${u.scheme} Opaque:${u.opaque} User:${user} Host:${u.host} Path:${u.path} RawPath:${u.rawPath} ` +
    `OmitHost:${u.omitHost} ForceQuery:${u.forceQuery} RawQuery:${u.rawQuery} Fragment:${u.fragment} RawFragment:${u.rawFragment}}`;
}
