// Owns: the text of GOAUTH (cmd/go/internal/auth, Go 1.24+; 'go help goauth'): its methods (split by ";", each
// named by its first field) and the text its commands speak: a command line split as
// cmd/internal/quoted splits it (spaces, '…' and "…" without escapes, no shell), its output read as Go reads it (URL
// prefixes, a blank line, MIME headers, a blank line, again until the end) and the response written to its
// standard input when it is run again after a 4xx.
// Pure: no I/O.
import { goFields, goTrimSpace } from '../shared/utf8';

/** One GOAUTH method: its text trimmed, and its kind by its first field (strings.Fields), as runGoAuth switches on it. */
export interface GoauthMethod { text: string; verb: string | undefined; kind: 'empty' | 'off' | 'netrc' | 'git' | 'mtls' | 'command' }

/** GOAUTH's methods in its order (Go walks them last first). */
export function goauthMethods(goauth: string): GoauthMethod[] {
  return goauth.split(';').map((command) => {
    const text = goTrimSpace(command);
    const verb = goFields(text)[0];
    const kind = verb === undefined ? 'empty' : verb === 'off' || verb === 'netrc' || verb === 'git' || verb === 'mtls' ? verb : 'command';
    return { text, verb, kind };
  });
}

/** A command's credentials: each URL prefix (without "https://") and the headers it gets, in Go's canonical form. */
export type GoauthCredentials = Map<string, [name: string, value: string][]>;

const QUOTED_SPACE = new Set([' ', '\t', '\n', '\r']);

/** cmd/internal/quoted.Split: fields split by spaces, '…' or "…" around one (no escapes); an error for an unclosed quote. */
export function quotedSplit(s: string): string[] | { error: string } {
  const fields: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && QUOTED_SPACE.has(s[i])) i++;
    if (i >= s.length) break;
    const quote = s[i];
    if (quote === '"' || quote === "'") {
      const end = s.indexOf(quote, i + 1);
      if (end < 0) return { error: `unterminated ${quote} string` };
      fields.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    const start = i;
    while (i < s.length && !QUOTED_SPACE.has(s[i])) i++;
    fields.push(s.slice(start, i));
  }
  return fields;
}

/** A line reader as Go's textproto reads one: each line without its "\n" or "\r\n". */
class Lines {
  private at = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  /** The next line; undefined at the end ("EOF" to Go). */
  next(): string | undefined {
    if (this.atEnd()) return undefined;
    const nl = this.text.indexOf('\n', this.at);
    const end = nl < 0 ? this.text.length : nl;
    const line = this.text.slice(this.at, end);
    this.at = nl < 0 ? this.text.length : nl + 1;
    return line.endsWith('\r') && nl >= 0 ? line.slice(0, -1) : line;
  }

  /** The next byte without taking it. */
  peek(): string | undefined {
    return this.text[this.at];
  }
}

/** parseUserAuth: every block's prefixes and headers, the later block winning a prefix; Go's error for output it refuses. */
export function parseGoauthOutput(text: string): GoauthCredentials | { error: string } {
  const out: GoauthCredentials = new Map();
  const lines = new Lines(text);
  while (!lines.atEnd()) {
    const urls = readUrls(lines);
    if ('error' in urls) return urls;
    if (urls.length === 0) return { error: 'invalid format: expected url prefix' };
    const headers = readMimeHeader(lines);
    if ('error' in headers) return headers;
    for (const url of urls) out.set(url.replace(/^https:\/\//, ''), headers);
  }
  return out;
}

function readUrls(lines: Lines): string[] | { error: string } {
  const urls: string[] = [];
  for (;;) {
    const line = lines.next();
    if (line === undefined) return { error: 'EOF' };
    if (goTrimSpace(line) !== line) return { error: 'invalid format: leading or trailing white space' };
    if (line.startsWith('https://')) urls.push(line);
    else if (line === '') return urls;
    else return { error: 'invalid format: expected url prefix or empty line' };
  }
}

/** textproto's ReadMIMEHeader: "Key: value" lines (a line starting with a space or tab continues the one before) to a blank line. */
function readMimeHeader(lines: Lines): [string, string][] | { error: string } {
  const headers: [string, string][] = [];
  const first = lines.peek();
  if (first === ' ' || first === '\t') return { error: `malformed MIME header initial line: ${lines.next() ?? ''}` };
  for (;;) {
    const kv = continuedLine(lines);
    if (kv === undefined) return { error: 'EOF' };
    if (kv === '') return headers;
    const colon = kv.indexOf(':');
    const key = colon < 0 ? '' : kv.slice(0, colon);
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return { error: `malformed MIME header line: ${kv}` };
    headers.push([canonicalKey(key), kv.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
}

/** A header line with the lines that continue it joined by one space; undefined at the end before a blank line. */
function continuedLine(lines: Lines): string | undefined {
  let line = lines.next();
  if (line === undefined) return undefined;
  if (line === '') return '';
  line = line.replace(/[ \t]+$/, '');
  while (lines.peek() === ' ' || lines.peek() === '\t') {
    const more = lines.next()!.replace(/^[ \t]+|[ \t]+$/g, '');
    line += ' ' + more;
  }
  return line;
}

/** textproto.CanonicalMIMEHeaderKey for a valid key: each word capitalized, the rest lower case ("x-goog-auth" → "X-Goog-Auth"). */
function canonicalKey(key: string): string {
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** What Go writes to a command's standard input when it runs it again after a 4xx: the status line, the headers, a blank line. */
export function responseForStdin(proto: string, goStatus: string, headers: Readonly<Record<string, string>>): string {
  // http.Header.Write: canonical keys in sorted order, one line per value.
  const lines = Object.keys(headers).map((k) => [canonicalKey(k), headers[k]] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}: ${v.replace(/[\r\n]+/g, ' ')}\r\n`);
  return `${proto} ${goStatus}\n${lines.join('')}\n`;
}
