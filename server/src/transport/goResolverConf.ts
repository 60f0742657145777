// Which resolver the go command uses for a name on Linux, and which nameserver its error names, decided from
// the text of /etc/resolv.conf and /etc/nsswitch.conf and the environment as go1.19's net package decides it
// (net/conf.go hostLookupOrder, net/dnsconfig_unix.go, net/nss.go). Pure: the files' text comes from resolverFiles.ts.

import { isIPv4, isIPv6 } from 'node:net';

/**
 * Go's own resolver names the nameserver it asked (`lookup H on 10.0.0.2:53: ...`); the C library's (cgo) names
 * none; with nsswitch.conf's hosts line naming files alone (hostLookupFiles) Go asks no nameserver and a name
 * missing from /etc/hosts is `address H: no suitable address found`.
 */
export type GoLookup = { resolver: 'go'; nameserver: string } | { resolver: 'cgo' } | { resolver: 'files' };

/** What the nameserver did when asked again: answered with a response code, refused (our end named), or neither. */
export type NameserverAnswer = { rcode: number } | { refused: string } | { silent: true };

export interface ResolverFiles {
  /** /etc/resolv.conf's text; undefined when it is missing or unreadable. */
  resolvConf?: string;
  /** /etc/nsswitch.conf's text; undefined when it is missing. */
  nsswitch?: string;
  /** Whether /etc/mdns.allow exists. */
  mdnsAllow?: boolean;
  /** The machine's host name (the nsswitch myhostname module answers for it). */
  hostname?: string;
}

/** Where Go's resolver sends queries when resolv.conf names no usable server (net/dnsconfig.go defaultNS). */
const DEFAULT_NAMESERVER = '127.0.0.1:53';
/** resolv.conf options go1.19 understands; any other option or keyword hands lookups to the C library. */
const KNOWN_OPTION = /^(ndots:|timeout:|attempts:|rotate$|single-request$|single-request-reopen$|use-vc$|usevc$|tcp$)/;
const KNOWN_KEYWORD = new Set(['nameserver', 'domain', 'search', 'options', 'lookup']);

interface ResolvConf {
  nameserver: string;
  unknownOption: boolean;
}

/** The first usable nameserver as Go joins it with port 53 (IPv6 in brackets), and whether an option is unknown to Go. */
export function parseResolvConf(text: string | undefined): ResolvConf {
  let nameserver: string | undefined;
  let unknownOption = false;
  for (const raw of (text ?? '').split('\n')) {
    if (raw.startsWith(';') || raw.startsWith('#')) continue;
    const f = raw.split(/[ \t\r]+/).filter((s) => s !== '');
    if (f.length === 0) continue;
    if (!KNOWN_KEYWORD.has(f[0])) unknownOption = true;
    else if (f[0] === 'options') unknownOption ||= f.slice(1).some((o) => !KNOWN_OPTION.test(o));
    else if (f[0] === 'nameserver' && nameserver === undefined && f.length > 1) nameserver = serverAddress(f[1]);
  }
  return { nameserver: nameserver ?? DEFAULT_NAMESERVER, unknownOption };
}

/** A nameserver as net's parseIPv4 (no leading zeros) or parseIPv6Zone reads it, joined with port 53; else undefined. */
function serverAddress(ip: string): string | undefined {
  if (isIPv4(ip)) return `${ip}:53`;
  const percent = ip.indexOf('%');
  if (isIPv6(percent < 0 ? ip : ip.slice(0, percent))) return `[${ip}]:53`;
  return undefined;
}

/** internal/godebug.get of go1.19: the first "key=" setting's value, up to the next comma ('' when none). */
function godebugValue(godebug: string, key: string): string {
  for (const setting of godebug.split(',')) {
    if (setting.startsWith(`${key}=`) && setting.length > key.length + 1) return setting.slice(key.length + 1);
  }
  return '';
}

/**
 * net's goDebugNetDNS: netdns's value split at its first "+" into two parts, a part starting with a digit being
 * the debug level and any other the mode (the later one winning); the mode ("go", "cgo", or any other word).
 */
function netdnsMode(godebug: string | undefined): string | undefined {
  const value = godebugValue(godebug ?? '', 'netdns');
  const plus = value.indexOf('+');
  const parts = plus < 0 ? [value] : [value.slice(0, plus), value.slice(plus + 1)];
  let mode: string | undefined;
  for (const part of parts) if (part !== '' && !(part[0] >= '0' && part[0] <= '9')) mode = part;
  return mode;
}

interface NssCriterion {
  negate: boolean;
  /** Lower case, as Go keeps them. */
  status: string;
  action: string;
}

interface NssSource {
  source: string;
  criteria: NssCriterion[];
}

/** net's trimSpace: only space, tab, newline and carriage return (not JavaScript's trim, nor unicode.IsSpace). */
function netTrim(s: string): string {
  return s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
}

/**
 * The sources of the hosts line as net/nss.go's parseNSSConf reads the file: every line is parsed (one without a
 * colon, an unclosed "[" or a criterion Go refuses anywhere makes the whole file an error: null), sources are
 * parted by spaces only (a tab inside "files\tdns" leaves one source of that name), criteria by net's white space.
 */
function hostsSources(text: string): NssSource[] | null {
  const sources: NssSource[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const line = netTrim(hash < 0 ? raw : raw.slice(0, hash));
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) return null;
    const parsed = lineSources(line.slice(colon + 1));
    if (parsed === null) return null;
    if (netTrim(line.slice(0, colon)) === 'hosts') sources.push(...parsed);
  }
  return sources;
}

/** One line's sources after its colon, each with the criteria in brackets after it; null where Go's parse fails. */
function lineSources(text: string): NssSource[] | null {
  const out: NssSource[] = [];
  for (let srcs = netTrim(text); srcs !== ''; srcs = netTrim(srcs)) {
    const sp = srcs.indexOf(' ');
    const source = sp < 0 ? srcs : srcs.slice(0, sp);
    srcs = sp < 0 ? '' : netTrim(srcs.slice(sp + 1));
    let criteria: NssCriterion[] = [];
    if (srcs.startsWith('[')) {
      const close = srcs.indexOf(']');
      const parsed = close < 0 ? null : parseCriteria(srcs.slice(1, close));
      if (parsed === null) return null;
      criteria = parsed;
      srcs = srcs.slice(close + 1);
    }
    out.push({ source, criteria });
  }
  return out;
}

/** nss.go's parseCriteria: fields parted by spaces, each [!]status=action, at least three characters; null if one is not. */
function parseCriteria(text: string): NssCriterion[] | null {
  const out: NssCriterion[] = [];
  for (const raw of text.split(' ')) {
    const field = netTrim(raw);
    if (field === '') continue;
    const negate = field.startsWith('!');
    const f = (negate ? field.slice(1) : field).replace(/[A-Z]/g, (c) => c.toLowerCase());
    const eq = f.indexOf('=');
    if (f.length < 3 || eq < 0) return null;
    out.push({ negate, status: f.slice(0, eq), action: f.slice(eq + 1) });
  }
  return out;
}

/** Whether a criterion list keeps glibc's default actions (Go then resolves by itself): standardStatusAction for each. */
function standardCriteria(criteria: NssCriterion[]): boolean {
  return criteria.every((c, i) => {
    const def = c.status === 'success' ? 'return' : ['notfound', 'unavail', 'tryagain'].includes(c.status) ? 'continue' : undefined;
    if (c.negate || def === undefined) return false;
    return c.action === def || (i === criteria.length - 1 && c.action === 'return');
  });
}

/** Whether nsswitch.conf lets Go resolve `host` itself (only files and dns, with standard criteria). */
/** What nsswitch.conf lets Go do for `host` (hostLookupOrder): resolve by itself ('go': DNS, maybe after files), read /etc/hosts alone, or hand it to the C library. */
function nsswitchOrder(files: ResolverFiles, host: string): 'go' | 'files' | 'cgo' {
  if (files.nsswitch === undefined) return 'go';
  const sources = hostsSources(files.nsswitch);
  if (sources === null) return 'cgo';
  if (sources.length === 0) return 'go';
  let filesSource = false;
  let dnsSource = false;
  let mdns = false;
  const lower = host.toLowerCase();
  for (const s of sources) {
    if (s.source === 'myhostname') {
      if (/^(localhost|localhost\.localdomain|gateway)$|\.localhost$|\.localhost\.localdomain$/.test(lower)) return 'cgo';
      if (files.hostname === undefined || files.hostname.toLowerCase() === lower) return 'cgo';
    } else if (s.source === 'files' || s.source === 'dns') {
      if (!standardCriteria(s.criteria)) return 'cgo';
      if (s.source === 'files') filesSource = true;
      else dnsSource = true;
    } else if (s.source.startsWith('mdns')) mdns = true;
    else return 'cgo';
  }
  if ((mdns && files.mdnsAllow === true) || !(filesSource || dnsSource)) return 'cgo';
  return dnsSource ? 'go' : 'files';
}

/** The OS variables that change how Go resolves names (GODEBUG=netdns, and those that force the C library). */
export interface ResolverEnv {
  GODEBUG?: string;
  RES_OPTIONS?: string;
  HOSTALIASES?: string;
  LOCALDOMAIN?: string;
}

/** How go1.19 on Linux looks up `host` given these files and the go command's environment. */
export function goLookupOf(files: ResolverFiles, env: ResolverEnv, host: string): GoLookup {
  const conf = parseResolvConf(files.resolvConf);
  const go: GoLookup = { resolver: 'go', nameserver: conf.nameserver };
  const mode = netdnsMode(env.GODEBUG);
  if (mode === 'go') return go;
  const forcedCgo = mode === 'cgo' || !!env.RES_OPTIONS || !!env.HOSTALIASES || env.LOCALDOMAIN !== undefined;
  const name = host.replace(/\.$/, '');
  if (forcedCgo || conf.unknownOption || /[\\%]/.test(host) || /\.local$/i.test(name)) return { resolver: 'cgo' };
  const order = nsswitchOrder(files, name);
  return order === 'go' ? go : { resolver: order };
}
