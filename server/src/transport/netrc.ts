// Owns: the credentials the go command sends to HTTPS servers from a .netrc file (cmd/go/internal/auth): where
// that file is ($NETRC, else .netrc in the home directory, _netrc on Windows), how Go reads it (machine, login
// and password per entry, macdef bodies skipped, nothing after a default token), and the one read of it per
// transport. A missing or unreadable file gives no credentials, as in Go.
// Must never: send these credentials anywhere but an HTTPS request to the machine they name (http.ts).
import { readFileSync, statSync } from 'node:fs';
import path = require('node:path');
import { basicCredentials } from './urlHost';
import { goFields, goText, goTextBytes } from '../shared/utf8';

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

/** The .netrc the go command reads credentials from with this GOAUTH, in this OS environment; undefined for none. */
export function netrcFileFor(goauth: string, osEnv: Readonly<Record<string, string | undefined>>): string | undefined {
  return goAuthReadsNetrc(goauth) ? goNetrcPath(osEnv) : undefined;
}

/** Whether GOAUTH (Go 1.24+: commands split by ";", "netrc" by default) has the go command read .netrc. */
export function goAuthReadsNetrc(goauth: string): boolean {
  return goauth.split(';').some((command) => command.trim().split(/\s+/)[0] === 'netrc');
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

/** The .netrc at `file`, read once on first use. */
export class NetrcCredentials {
  private entries: NetrcEntry[] | undefined;

  constructor(private readonly file: string | undefined) {}

  /** The first entry for this host name (no port), as Go's AddCredentials picks it. */
  forHost(host: string): NetrcEntry | undefined {
    if (this.entries === undefined) this.entries = this.read();
    return this.entries.find((e) => e.machine === host);
  }

  /** The Authorization for this host name from its entry: Basic over the login's and password's bytes. */
  authorizationFor(host: string): string | undefined {
    const entry = this.forHost(host);
    return entry ? basicCredentials(goTextBytes(entry.login), goTextBytes(entry.password)) : undefined;
  }

  private read(): NetrcEntry[] {
    if (this.file === undefined) return [];
    try {
      // A credentials file is a few lines: one past this size is no .netrc to read (and never held whole).
      if (statSync(this.file).size > MAX_NETRC_BYTES) return [];
      return parseNetrc(readFileSync(this.file));
    } catch {
      return [];
    }
  }
}
