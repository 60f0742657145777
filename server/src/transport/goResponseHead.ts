// Owns: Go's reading of an HTTP/1.1 response head (net/http's ReadResponse over textproto, and readTransfer) and
// what the go command says for the bytes of a head it refuses or that ended early, with the transport's
// "connection broken" wrapping; and how a head it reads frames its body. The HTTP/1.1 reader (h1/responseReader.ts)
// and the CONNECT tunnel (connector.ts) both read heads through it.
// Pure: no I/O, never imports vscode.
import { goQuoteBytes } from '../shared/goquote';

/** How net/http wraps a response it could not read once the connection had answered something. */
export const BROKEN = 'net/http: HTTP/1.x transport connection broken: ';

/**
 * Go's reason (what follows `Get "URL": `) for a response whose head ended, or was refused, after these bytes:
 * undefined when there are none (Go's "EOF", worded elsewhere) or when Go would have read the head as valid.
 */
export function goResponseHeadError(head: Uint8Array): string | undefined {
  if (head.length === 0) return undefined;
  const said = readResponseError(head);
  return said === undefined ? undefined : BROKEN + said;
}

/**
 * http.ReadResponse's error for a response whose bytes end here, or are refused here: "unexpected EOF" for a
 * head cut short (nothing at all included), its status-line, textproto and readTransfer checks; undefined when
 * Go reads the head.
 */
export function readResponseError(head: Uint8Array): string | undefined {
  const lines = headLines(head);
  const status = lines.next();
  const bad = status.done ? undefined : statusLineError(status.value.line);
  if (status.done || bad) return bad ?? 'unexpected EOF';
  const fields: Array<[name: string, value: string]> = [];
  for (const { line, complete } of lines) {
    if (complete && line.length === 0) return transferError(statusLineParts(status.value.line)!, fields);
    const continued = line[0] === 0x20 || line[0] === 0x09;
    // textproto's ProtocolError, not quoted; a later indented line continues the one before it, joined by a space.
    if (fields.length === 0 && continued) return `malformed MIME header initial line: ${Buffer.from(line).toString('utf8')}`;
    const text = Buffer.from(line).toString('latin1');
    if (continued) {
      fields[fields.length - 1][1] = joinContinued(fields[fields.length - 1][1], text);
      continue;
    }
    const colon = line.indexOf(0x3a);
    if (colon < 0) return `malformed MIME header: missing colon: ${goQuoteBytes(line)}`;
    fields.push([text.slice(0, colon).toLowerCase(), goTrim(text.slice(colon + 1))]);
  }
  return 'unexpected EOF';
}

/** Where a response head ends in `bytes` (just past its blank line), from `from` on; -1 before it came. */
export function headEnd(bytes: Uint8Array, from = 0): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const crlf = buf.indexOf('\n\r\n', from);
  const lf = buf.indexOf('\n\n', from);
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return crlf + 3;
  return lf >= 0 ? lf + 2 : -1;
}

/** How the body of an answer to a GET is delimited, as net/http's readTransfer decides. */
export type BodyFraming = { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'until-close' };

/** A response head as net/http reads it, once readResponseError accepted it. */
export interface ResponseHead {
  code: number;
  /** Go's Response.Status: the status line after the version, left-trimmed. */
  status: string;
  /** Header names as written and values as textproto keeps them (continuation lines joined), in turn. */
  raw: string[];
  framing: BodyFraming;
  /** The connection is not used again after this response (Go's resp.Close, a body read to the close, a 1xx). */
  close: boolean;
}

/** The head `head` (whole, accepted by readResponseError) as net/http reads it for the answer to a GET. */
export function readResponseHead(head: Uint8Array): ResponseHead {
  const lines = headLines(head);
  const parts = statusLineParts(lines.next().value?.line ?? new Uint8Array())!;
  const raw: string[] = [];
  for (const { line } of lines) {
    if (line.length === 0) break;
    const text = Buffer.from(line).toString('latin1');
    if (line[0] === 0x20 || line[0] === 0x09) {
      raw[raw.length - 1] = joinContinued(raw[raw.length - 1], text);
      continue;
    }
    const colon = text.indexOf(':');
    raw.push(text.slice(0, colon), goTrim(text.slice(colon + 1)));
  }
  const code = Number(parts.code);
  const fields: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) fields.push([raw[i].toLowerCase(), raw[i + 1]]);
  const values = (name: string) => fields.filter(([n]) => n === name).map(([, v]) => v);
  const framing = bodyFraming(parts.proto, code, values);
  const [major, minor] = parts.proto.slice(5).split('.').map(Number);
  const close = code <= 199 || framing.kind === 'until-close' || shouldClose(major, minor, values('connection'));
  // Go's strings hold the bytes as sent: shown as UTF-8.
  return { code, status: asUtf8(parts.status), raw: raw.map(asUtf8), framing, close };
}

/** Bytes held as latin1, read as UTF-8. */
function asUtf8(latin1: string): string {
  return /[\x80-\xff]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}

/** readTransfer's fixLength for a GET's answer: no body for 1xx, 204 and 304; chunked; a length; else to the close. */
function bodyFraming(proto: string, code: number, values: (name: string) => string[]): BodyFraming {
  if (Math.floor(code / 100) === 1 || code === 204 || code === 304) return { kind: 'length', length: 0 };
  if (values('transfer-encoding').length > 0 && isChunkedProto(proto)) return { kind: 'chunked' };
  const length = values('content-length')[0];
  return length === undefined || length === '' ? { kind: 'until-close' } : { kind: 'length', length: Number(length) };
}

/** net/http's shouldClose: before HTTP/1, always; HTTP/1.0 unless keep-alive; else when "close" is a token. */
function shouldClose(major: number, minor: number, connection: readonly string[]): boolean {
  if (major < 1) return true;
  const tokens = new Set(connection.flatMap((v) => v.split(',')).map((t) => t.replace(/^[ \t]+|[ \t]+$/g, '').toLowerCase()));
  if (major === 1 && minor === 0) return tokens.has('close') || !tokens.has('keep-alive');
  return tokens.has('close');
}

/** Transfer-Encoding counts from HTTP/1.1 on (readTransfer ignores it before). */
function isChunkedProto(proto: string): boolean {
  return proto !== 'HTTP/1.0' && !/^HTTP\/0\./.test(proto);
}

/** A head Go read: its Status (the status line after the version) and status code. */
export function responseStatus(head: Uint8Array): { code: number; status: string } {
  const parts = statusLineParts(headLines(head).next().value?.line ?? new Uint8Array());
  return { code: Number(parts?.code), status: parts?.status ?? '' };
}

/**
 * net/http's readTransfer on a whole head: one Transfer-Encoding, "chunked", from HTTP/1.1 on; Content-Length
 * headers that agree and hold a number, unless the status or chunking means no length is read.
 */
function transferError(statusLine: { proto: string; code: string }, fields: ReadonlyArray<readonly [string, string]>): string | undefined {
  const values = (name: string) => fields.filter(([n]) => n === name).map(([, v]) => v);
  const { proto } = statusLine;
  const status = Number(statusLine.code);
  const encodings = values('transfer-encoding');
  // Ignored before HTTP/1.1; past the checks, it can only be "chunked".
  const chunked = encodings.length > 0 && isChunkedProto(proto);
  if (chunked && encodings.length !== 1) return `too many transfer encodings: ${goQuoteList(encodings)}`;
  if (chunked && encodings[0].toLowerCase() !== 'chunked') return `unsupported transfer encoding: ${goQuote(encodings[0])}`;
  const lengths = values('content-length');
  if (lengths.some((l) => l !== lengths[0])) return `http: message cannot contain multiple Content-Length headers; got ${goQuoteList(lengths)}`;
  if (Math.floor(status / 100) === 1 || status === 204 || status === 304 || chunked || lengths.length === 0) return undefined;
  const length = lengths[0];
  return length === '' || /^\d+$/.test(length) && BigInt(length) < 1n << 63n ? undefined : `bad Content-Length ${goQuote(length)}`;
}

/**
 * A field's value with a continuation line: textproto joins the trimmed lines with a space before it cuts the key
 * off, then trims the value's left, so an empty value takes the continuation alone.
 */
function joinContinued(value: string, continuation: string): string {
  return `${value} ${goTrim(continuation)}`.replace(/^[ \t]+/, '');
}

/** textproto.TrimString: ASCII spaces and tabs (and CR, LF) off both ends. */
function goTrim(s: string): string {
  return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

/** A header's bytes (held as latin1) as Go's %q prints them. */
function goQuote(bytes: string): string {
  return goQuoteBytes(Buffer.from(bytes, 'latin1'));
}

/** A []string as Go's %q prints it: ["a" "b"]. */
function goQuoteList(values: readonly string[]): string {
  return `[${values.map(goQuote).join(' ')}]`;
}

/** textproto's ReadLine: lines without their "\n" or "\r\n"; a last line cut by the end is still a line. */
function* headLines(head: Uint8Array): Generator<{ line: Uint8Array; complete: boolean }> {
  let start = 0;
  while (start < head.length) {
    const nl = head.indexOf(0x0a, start);
    if (nl < 0) {
      yield { line: head.subarray(start), complete: false };
      return;
    }
    const end = nl > start && head[nl - 1] === 0x0d ? nl - 1 : nl;
    yield { line: head.subarray(start, end), complete: true };
    start = nl + 1;
  }
}

/** A status line as http.ReadResponse cuts it: the version, then Status (left-trimmed), whose first word is the code. */
function statusLineParts(line: Uint8Array): { proto: string; status: string; code: string } | undefined {
  const text = Buffer.from(line).toString('latin1');
  const space = text.indexOf(' ');
  if (space < 0) return undefined;
  const status = text.slice(space + 1).replace(/^ +/, '');
  const codeEnd = status.indexOf(' ');
  return { proto: text.slice(0, space), status, code: codeEnd < 0 ? status : status.slice(0, codeEnd) };
}

/** http.ReadResponse's checks of the status line, in its words; undefined when Go accepts it. */
function statusLineError(line: Uint8Array): string | undefined {
  const parts = statusLineParts(line);
  if (!parts) return `malformed HTTP response ${goQuoteBytes(line)}`;
  if (parts.code.length !== 3 || !/^\+?\d+$/.test(parts.code)) return `malformed HTTP status code ${goQuote(parts.code)}`;
  if (!isGoHttpVersion(parts.proto)) return `malformed HTTP version ${goQuote(parts.proto)}`;
  return undefined;
}

/** net/http's ParseHTTPVersion: "HTTP/1.0", "HTTP/1.1", or "HTTP/" with one digit, a dot and one digit. */
function isGoHttpVersion(v: string): boolean {
  return /^HTTP\/\d\.\d$/.test(v);
}
