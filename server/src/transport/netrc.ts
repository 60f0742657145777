// Owns: the credentials the go command sends to HTTPS servers from a .netrc file (cmd/go/internal/auth): where
// that file is ($NETRC, else .netrc in the home directory, _netrc on Windows), how Go reads it (machine, login
// and password per entry, macdef bodies skipped, nothing after a default token), which entry a request gets by
// the go command's release (its host name before Go 1.24; since GOAUTH, its machine as a URL prefix, port and
// all), and the one read of it per transport. A missing or unreadable file gives no credentials, as in Go.
// Must never: send these credentials anywhere but an HTTPS request to the machine they name (http.ts).
import { readSmallFile } from '../shared/smallFile';
import path = require('node:path');
import { basicCredentials } from './urlHost';
import { goFields, goText, goTextBytes } from '../shared/utf8';
import { readsGoauth } from '../parse/gover';
import type { CredentialsNote } from '../shared/evidence';
import { goauthMethods } from './goauthOutput';

export type { CredentialsNote };

/** One entry; each field a Go string (shared/utf8.ts goText): the file's bytes kept, UTF-8 or not. */
export interface NetrcEntry { machine: string; login: string; password: string }

const MAX_NETRC_BYTES = 1 << 20;

/** Go's netrcPath: $NETRC, else .netrc (or _netrc on Windows) in the home directory; undefined without a home. */
export function goNetrcPath(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.NETRC) return env.NETRC;
  const home = platform === 'win32' ? env.USERPROFILE : env.HOME;
  if (!home) return undefined;
  return path.join(home, platform === 'win32' ? '_netrc' : '.netrc');
}

/**
 * How the go command picks a request's .netrc entry. 'hostname' (before Go 1.24): the first entry whose machine is
 * the URL's host name, whatever its port. 'prefix' (Go 1.24 and later, GOAUTH=netrc): each machine is a URL prefix
 * (the earliest entry for it wins) matched against the URL without "https://", path element by path element, so a
 * URL that names a port matches only a machine written with it (golang/go#81253).
 */
export type NetrcMatching = 'hostname' | 'prefix';

/** The .netrc the go command reads and how it matches its entries to requests. */
export type NetrcSetting = Required<CredentialsNote>['netrc'];

/**
 * The .netrc the go command of `goVersion` (as $GOROOT/VERSION has it, "go1.19.8"; unknown: today's) reads with
 * this GOAUTH, in this OS environment; undefined for none. Before Go 1.24 GOAUTH means nothing and .netrc is read.
 */
export function netrcFor(goauth: string, osEnv: Readonly<Record<string, string | undefined>>, goVersion?: string): NetrcSetting | undefined {
  const before = readsGoauth(goVersion) ? undefined : 'hostname';
  const file = before || goAuthReadsNetrc(goauth) ? goNetrcPath(osEnv) : undefined;
  return file === undefined ? undefined : { file, matching: before ?? 'prefix' };
}

/** Whether GOAUTH (Go 1.24+: commands split by ";", "netrc" by default) has the go command read .netrc. */
export function goAuthReadsNetrc(goauth: string): boolean {
  return goauthMethods(goauth).some((m) => m.kind === 'netrc');
}

/**
 * Go's parseNetrc: entries complete with machine, login and password, in file order. The file is read as bytes
 * (text is taken as UTF-8): a password that is no UTF-8 is sent as written, as Go sends it.
 */
export function parseNetrc(data: Uint8Array | string): NetrcEntry[] {
  const text = typeof data === 'string' ? data : goText(data);
  const out: NetrcEntry[] = [];
  let entry = { machine: '', login: '', password: '' };
  let inMacro = false;
  for (const line of text.split('\n')) {
    if (inMacro) {
      if (line === '') inMacro = false;
      continue;
    }
    const f = goFields(line);
    let i = 0;
    for (; i < f.length - 1; i += 2) {
      // Pairs of a token and its value; "default" pairs with the word after it and is otherwise passed over.
      if (f[i] === 'machine') entry = { machine: f[i + 1], login: '', password: '' };
      else if (f[i] === 'login') entry.login = f[i + 1];
      else if (f[i] === 'password') entry.password = f[i + 1];
      else if (f[i] === 'macdef') inMacro = true;
      if (entry.machine !== '' && entry.login !== '' && entry.password !== '') {
        out.push(entry);
        entry = { machine: '', login: '', password: '' };
      }
    }
    // A default token left alone at the end of a line ends the file for Go.
    if (i < f.length && f[i] === 'default') break;
  }
  return out;
}

/** The .netrc a transport sends credentials from, read once on first use. */
export class NetrcCredentials {
  private entries: NetrcEntry[] | undefined;
  private byPrefix: Map<string, NetrcEntry> | undefined;

  constructor(private readonly setting: NetrcSetting | undefined) {}

  /**
   * The entry the go command uses for a request to `rawUrl` (as Go writes the URL: its host as written, any port);
   * `hostname` is the URL's host name, brackets dropped.
   */
  entryFor(rawUrl: string, hostname: string): NetrcEntry | undefined {
    if (this.setting?.matching !== 'prefix') return this.all().find((e) => e.machine === hostname);
    return longestPrefix(this.prefixes(), rawUrl);
  }

  /** Each machine as GOAUTH's netrc stores it (a URL prefix) with its entry: the earliest entry for it. */
  prefixEntries(): ReadonlyMap<string, NetrcEntry> {
    return this.prefixes();
  }

  /** The Authorization for that request from its entry: Basic over the login's and password's bytes. */
  authorizationFor(rawUrl: string, hostname: string): string | undefined {
    const entry = this.entryFor(rawUrl, hostname);
    return entry ? basicCredentials(goTextBytes(entry.login), goTextBytes(entry.password)) : undefined;
  }

  /** What the go command sends to `rawUrl` and why (CredentialsNote); `hasUserinfo`: the URL carries a user. */
  noteFor(rawUrl: string, hostname: string, hasUserinfo: boolean): CredentialsNote {
    const netrc = this.setting ? { netrc: this.setting } : {};
    const entry = this.entryFor(rawUrl, hostname);
    if (entry) return { sent: 'netrc', machine: entry.machine, ...netrc };
    const passedOver = this.all().find((e) => machineHost(e.machine) === hostname)?.machine;
    return { sent: hasUserinfo ? 'url' : 'none', ...netrc, ...(passedOver !== undefined ? { passedOver } : {}) };
  }

  private all(): NetrcEntry[] {
    if (this.entries === undefined) this.entries = this.read();
    return this.entries;
  }

  /** cmd/go's storeCredential over the entries last first: each machine's earliest entry wins. */
  private prefixes(): Map<string, NetrcEntry> {
    if (!this.byPrefix) {
      this.byPrefix = new Map();
      for (const e of [...this.all()].reverse()) this.byPrefix.set(trimSlash(e.machine.replace(/^https:\/\//, '')), e);
    }
    return this.byPrefix;
  }

  private read(): NetrcEntry[] {
    const file = this.setting?.file;
    if (file === undefined) return [];
    // A credentials file is a few lines: one past this size is no .netrc to read (and never held whole); a FIFO
    // there (which the go command would wait on for ever) is none either.
    const data = readSmallFile(file, MAX_NETRC_BYTES);
    return data ? parseNetrc(data) : [];
  }
}

/**
 * cmd/go's loadCredential: what `byPrefix` holds for the URL without "https://" (and one trailing "/"), else for each
 * shorter path, down to the host and port.
 */
export function longestPrefix<T>(byPrefix: ReadonlyMap<string, T>, rawUrl: string): T | undefined {
  if (byPrefix.size === 0) return undefined; // the common case, asked once per request: no URL work
  let prefix = trimSlash(rawUrl.replace(/^https:\/\//, ''));
  for (;;) {
    const found = byPrefix.get(prefix);
    if (found !== undefined) return found;
    const slash = prefix.lastIndexOf('/');
    if (slash < 0) return undefined;
    prefix = prefix.slice(0, slash);
  }
}

/** One "/" off the end, as Go's strings.TrimSuffix takes it. */
function trimSlash(s: string): string {
  return s.endsWith('/') ? s.slice(0, -1) : s;
}

/** The host name a machine names: scheme, port and path dropped, an IPv6 address without its brackets. */
function machineHost(machine: string): string {
  const rest = machine.replace(/^https:\/\//, '');
  return rest.startsWith('[') ? rest.slice(1, Math.max(rest.indexOf(']'), 1)) : rest.replace(/[:/].*$/, '');
}
