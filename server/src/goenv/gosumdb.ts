// GOSUMDB parsing exactly as cmd/go's dbDial reads it: off, a known name, name+hash+key, either followed by
// one URL, and the sum.golang.google.cn alias. Errors use Go's words. Pure: no I/O, never imports vscode.
import { parseVerifierKey } from './verifierKey';
import { goFields } from '../shared/utf8';
import { GoUrl, parseGoUrl, formatGoUrl, goUrlPlusV } from '../shared/goUrl';

/** cmd/go/internal/modfetch/key.go: the databases Go knows by name. */
export const KNOWN_GOSUMDB: Readonly<Record<string, string>> = Object.freeze({
  'sum.golang.org': 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
});

/** The one alias Go accepts; it stands for the whole value below. */
export const GOSUMDB_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'sum.golang.google.cn': 'sum.golang.org https://sum.golang.google.cn',
});

export type GosumdbConfig =
  | { kind: 'off'; raw: string }
  | {
      kind: 'db';
      raw: string;
      /** The database name, e.g. sum.golang.org. */
      name: string;
      /** The full verifier key (the known key substituted for a bare known name). */
      verifierKey: string;
      /** True when the value named a database Go knows (no key written). */
      knownName: boolean;
      /** Set when the value was the alias sum.golang.google.cn. */
      alias?: string;
      /** https://<name>: where Go goes when no proxy serves the database. */
      directUrl: string;
      /** The URL written after the key; it bypasses proxies. */
      url?: string;
      parsedUrl?: GoUrl;
    }
  | { kind: 'error'; raw: string; message: string };

export function parseGosumdb(raw: string): GosumdbConfig {
  let value = raw;
  const alias = GOSUMDB_ALIASES[raw] !== undefined ? raw : undefined;
  if (alias) value = GOSUMDB_ALIASES[raw];
  if (value === 'off') return { kind: 'off', raw };

  const fields = goFields(value);
  let knownName = false;
  if (fields.length >= 1 && Object.prototype.hasOwnProperty.call(KNOWN_GOSUMDB, fields[0])) {
    fields[0] = KNOWN_GOSUMDB[fields[0]];
    knownName = true;
  }
  if (fields.length === 0) return { kind: 'error', raw, message: 'missing GOSUMDB' };
  if (fields.length > 2) return { kind: 'error', raw, message: 'invalid GOSUMDB: too many fields' };
  const vk = parseVerifierKey(fields[0]);
  if (!vk.ok) return { kind: 'error', raw, message: `invalid GOSUMDB: ${vk.error}` };
  const name = vk.key.name;

  // "No funny business in the database name."
  const direct = parseGoUrl('https://' + name);
  if (!direct.ok) {
    // Go would print the parsed URL here; it has none (cmd/go itself crashes on this path).
    return { kind: 'error', raw, message: `invalid sumdb name (must be host[/path]): ${name}` };
  }
  const d = direct.url;
  const onlyHostPath = d.opaque === '' && !d.user && !d.omitHost && !d.forceQuery && d.rawQuery === '' &&
    d.fragment === '' && d.rawFragment === '';
  if (name.endsWith('/') || !onlyHostPath || d.rawPath !== '' || d.host === '') {
    return { kind: 'error', raw, message: `invalid sumdb name (must be host[/path]): ${name} ${goUrlPlusV(d)}` };
  }

  let url: string | undefined;
  let parsedUrl: GoUrl | undefined;
  if (fields.length >= 2) {
    const u = parseGoUrl(fields[1]);
    if (!u.ok) return { kind: 'error', raw, message: `invalid GOSUMDB URL: ${u.error}` };
    url = fields[1];
    parsedUrl = u.url;
  }
  return {
    kind: 'db', raw, name, verifierKey: fields[0], knownName, alias,
    directUrl: formatGoUrl(d), url, parsedUrl,
  };
}
