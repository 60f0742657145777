// Owns: the go command's text for a non-200 HTTP answer (cmd/go/internal/web, go1.23: HTTPError.Error and
// Response.formatErrorDetail): "reading URL: 404 Not Found", plus "\n\tserver response: ..." when the body is
// plain UTF-8 text. The one implementation: the database reader and the GOPROXY chain both quote it.
// Must never: do I/O or import vscode.
import { goTrimLeftSpace, goTrimSpace } from '../shared/utf8';

const MAX_DETAIL_LINES = 8;
const MAX_DETAIL_BYTES = MAX_DETAIL_LINES * 81;

/** What an answer must carry for its error text (a subset of HttpResponse). */
export interface HttpAnswer {
  status: number;
  /** Go's Response.Status, as the transport read it ("404 Not Found"). */
  goStatus: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** HTTPError.Error() for a status answer: "reading URL: STATUS" and the detail, if any. */
export function formatHttpError(url: string, status: string, detail: string): string {
  if (detail === '') return `reading ${url}: ${status}`;
  const sep = detail.includes('\n') ? '\n\t' : ' ';
  return `reading ${url}: ${status}\n\tserver response:${sep}${detail}`;
}

/** The go command's whole error text for a non-200 answer from `url`. */
export function goHttpErrorText(url: string, res: HttpAnswer): string {
  return formatHttpError(url, res.goStatus, goErrorDetail(contentTypeOf(res.headers), res.body));
}

/** The Content-Type header, whatever case the transport keeps its name in. */
export function contentTypeOf(headers: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'content-type') return v;
  return undefined;
}

/**
 * The "server response" excerpt Go prints: only for text/plain bodies in UTF-8 (or no charset), only when every
 * character is graphic or space, lines up to the first blank one, at most 8 lines and 648 bytes.
 */
export function goErrorDetail(contentType: string | undefined, body: Uint8Array): string {
  const media = parseMediaType(contentType ?? '');
  if (media?.type !== 'text/plain') return '';
  const charset = (media.params.get('charset') ?? '').toLowerCase();
  if (charset !== '' && charset !== 'us-ascii' && charset !== 'utf-8') return '';
  let text: string;
  try {
    // ignoreBOM keeps a leading U+FEFF, which Go sees (and refuses: it is not graphic).
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return '';
  }
  // Go's unicode.IsGraphic || unicode.IsSpace: refuse controls, format, private-use and unassigned code points,
  // except the spaces Go allows (\t \n \v \f \r, U+0085; U+2028/2029 are spaces, not Cc/Cf).
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u.test(text.replace(/[\t\n\v\f\r\u0085]/g, ''))) return '';
  let out = '';
  let outBytes = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (isGoBlank(lines[i])) break;
    if (i > 0) {
      out += '\n\t';
      outBytes += 2;
    }
    if (i >= MAX_DETAIL_LINES) return out + '[Truncated: too many lines.]';
    const lineBytes = Buffer.byteLength(lines[i], 'utf8');
    if (outBytes + lineBytes > MAX_DETAIL_BYTES) return out + '[Truncated: too long.]';
    out += lines[i];
    outBytes += lineBytes;
  }
  return out;
}

function isGoBlank(line: string): boolean {
  return goTrimSpace(line) === '';
}

// Go's token characters: printable ASCII except tspecials ()<>@,;:\"/[]?= and space.
const TOKEN = /^[!#$%&'*+\-.^_`{|}~0-9A-Za-z]+/;

/**
 * mime.ParseMediaType as far as Go's detail rule needs it: the lower-cased type, and plain parameters. A
 * malformed parameter keeps the type with no parameters and a conflicting duplicate loses the type, as in Go;
 * RFC 2231 continuations ("charset*=") are not decoded.
 */
export function parseMediaType(value: string): { type: string; params: Map<string, string> } | undefined {
  const semi = value.indexOf(';');
  const type = goTrimSpace((semi < 0 ? value : value.slice(0, semi)).toLowerCase());
  if (!/^[!#$%&'*+\-.^_`{|}~0-9a-z]+(\/[!#$%&'*+\-.^_`{|}~0-9a-z]+)?$/.test(type)) return undefined;
  const params = new Map<string, string>();
  let rest = semi < 0 ? '' : value.slice(semi);
  for (;;) {
    rest = goTrimLeftSpace(rest);
    if (rest === '') break;
    const p = consumeParam(rest);
    if (p === undefined) {
      if (goTrimSpace(rest) === ';') break;
      return { type, params: new Map() };
    }
    if (!p.key.includes('*')) {
      const seen = params.get(p.key);
      if (seen !== undefined && seen !== p.value) return undefined;
      params.set(p.key, p.value);
    }
    rest = p.rest;
  }
  return { type, params };
}

function consumeParam(v: string): { key: string; value: string; rest: string } | undefined {
  let rest = goTrimLeftSpace(v);
  if (!rest.startsWith(';')) return undefined;
  rest = goTrimLeftSpace(rest.slice(1));
  const key = TOKEN.exec(rest)?.[0].toLowerCase();
  if (!key) return undefined;
  rest = goTrimLeftSpace(rest.slice(key.length));
  if (!rest.startsWith('=')) return undefined;
  rest = goTrimLeftSpace(rest.slice(1));
  const value = consumeValue(rest);
  if (value === undefined) return undefined;
  return { key, value: value.value, rest: value.rest };
}

function consumeValue(v: string): { value: string; rest: string } | undefined {
  if (!v.startsWith('"')) {
    const token = TOKEN.exec(v)?.[0];
    return token ? { value: token, rest: v.slice(token.length) } : undefined;
  }
  let out = '';
  for (let i = 1; i < v.length; i++) {
    const c = v[i];
    if (c === '"') return { value: out, rest: v.slice(i + 1) };
    if (c === '\\' && i + 1 < v.length && '()<>@,;:\\"/[]?='.includes(v[i + 1])) {
      out += v[++i];
      continue;
    }
    if (c === '\r' || c === '\n') return undefined;
    out += c;
  }
  return undefined;
}
