// Owns: turning a module path and version into the escaped "lookup/path@version" used in /lookup URLs
// and cache file names (Go's "!x" case-encoding, from parse/module.ts).
// Must never: do I/O, or let through a character that would change a URL's meaning or escape a directory.
import { escapePath, escapeVersion } from '../parse/module';

// Go accepts any file-name-safe version in EscapeVersion; database versions are semantic versions,
// so anything beyond these characters is refused before it reaches a URL or a file name.
const LOOKUP_VERSION = /^v[0-9A-Za-z.\-+_~!]+$/;

/** The version a database record is filed under: go.sum's "v1.2.3/go.mod" and "v1.2.3" share one record. */
export function recordVersion(version: string): string {
  return version.endsWith('/go.mod') ? version.slice(0, -'/go.mod'.length) : version;
}

/** "lookup/<escaped path>@<escaped version>", the version without any "/go.mod" suffix. Throws on bad input. */
export function lookupPath(path: string, version: string): string {
  const v = recordVersion(version);
  const epath = escapePath(path);
  const evers = escapeVersion(v);
  if (!LOOKUP_VERSION.test(evers)) throw new Error(`version ${JSON.stringify(v)} invalid: not a database version`);
  return `lookup/${epath}@${evers}`;
}

