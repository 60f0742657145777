// Owns: what the go command says when an HTTP/1.1 response head is cut short or is not HTTP (net/http's
// ReadResponse over textproto, then the transport's "connection broken" wrapping), from the bytes a connection
// received for it; and the tap that keeps those bytes, since undici's parser errors name llhttp's rules instead.
// Must never: keep more than one response head per connection, or change what the connection reads.
import type * as net from 'node:net';
import { goQuoteBytes } from '../shared/goquote';

/** How net/http wraps a response it could not read once the connection had answered something. */
const BROKEN = 'net/http: HTTP/1.x transport connection broken: ';

/** Bytes kept of one response head: past it, Go's quote of a line would not be ours anyway. */
const MAX_HEAD_BYTES = 16 << 10;

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
    if (complete && line.length === 0) return transferError(Buffer.from(status.value.line).toString('latin1'), fields);
    const continued = line[0] === 0x20 || line[0] === 0x09;
    // textproto's ProtocolError, not quoted; a later indented line continues the one before it.
    if (fields.length === 0 && continued) return `malformed MIME header initial line: ${Buffer.from(line).toString('utf8')}`;
    if (continued) continue;
    const colon = line.indexOf(0x3a);
    if (colon < 0) return `malformed MIME header: missing colon: ${goQuoteBytes(line)}`;
    const text = Buffer.from(line).toString('latin1');
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

/** A head Go read: its Status (the status line after the version) and status code. */
export function responseStatus(head: Uint8Array): { code: number; status: string } {
  const line = headLines(head).next().value?.line ?? new Uint8Array();
  const text = Buffer.from(line).toString('latin1');
  const status = text.slice(text.indexOf(' ') + 1).replace(/^ +/, '');
  return { code: Number(status.slice(0, 3)), status };
}

/**
 * net/http's readTransfer on a whole head: one Transfer-Encoding, "chunked", from HTTP/1.1 on; Content-Length
 * headers that agree and hold a number, unless the status or chunking means no length is read.
 */
function transferError(statusLine: string, fields: ReadonlyArray<readonly [string, string]>): string | undefined {
  const values = (name: string) => fields.filter(([n]) => n === name).map(([, v]) => v);
  const [proto, rest] = [statusLine.slice(0, statusLine.indexOf(' ')), statusLine.slice(statusLine.indexOf(' ') + 1).replace(/^ +/, '')];
  const status = Number(rest.slice(0, 3));
  const encodings = values('transfer-encoding');
  // Ignored before HTTP/1.1; past the checks, it can only be "chunked".
  const chunked = encodings.length > 0 && proto !== 'HTTP/1.0' && !/^HTTP\/0\./.test(proto);
  if (chunked && encodings.length !== 1) return `too many transfer encodings: ${goQuoteList(encodings)}`;
  if (chunked && encodings[0].toLowerCase() !== 'chunked') return `unsupported transfer encoding: ${goQuoteBytes(Buffer.from(encodings[0], 'latin1'))}`;
  const lengths = values('content-length');
  if (lengths.some((l) => l !== lengths[0])) return `http: message cannot contain multiple Content-Length headers; got ${goQuoteList(lengths)}`;
  if (Math.floor(status / 100) === 1 || status === 204 || status === 304 || chunked || lengths.length === 0) return undefined;
  const length = lengths[0];
  return length === '' || /^\d+$/.test(length) && BigInt(length) < 1n << 63n ? undefined : `bad Content-Length ${goQuoteBytes(Buffer.from(length, 'latin1'))}`;
}

/** textproto.TrimString: ASCII spaces and tabs (and CR, LF) off both ends. */
function goTrim(s: string): string {
  return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

/** A []string as Go's %q prints it: ["a" "b"]. */
function goQuoteList(values: readonly string[]): string {
  return `[${values.map((v) => goQuoteBytes(Buffer.from(v, 'latin1'))).join(' ')}]`;
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

/** http.ReadResponse's checks of the status line, in its words; undefined when Go accepts it. */
function statusLineError(line: Uint8Array): string | undefined {
  const text = Buffer.from(line).toString('latin1');
  const space = text.indexOf(' ');
  if (space < 0) return `malformed HTTP response ${goQuoteBytes(line)}`;
  const proto = line.subarray(0, space);
  const status = text.slice(space + 1).replace(/^ +/, '');
  const codeEnd = status.indexOf(' ');
  const code = codeEnd < 0 ? status : status.slice(0, codeEnd);
  const codeBytes = Buffer.from(code, 'latin1');
  if (code.length !== 3 || !/^\+?\d+$/.test(code)) return `malformed HTTP status code ${goQuoteBytes(codeBytes)}`;
  if (!isGoHttpVersion(Buffer.from(proto).toString('latin1'))) return `malformed HTTP version ${goQuoteBytes(proto)}`;
  return undefined;
}

/** net/http's ParseHTTPVersion: "HTTP/1.0", "HTTP/1.1", or "HTTP/" with one digit, a dot and one digit. */
function isGoHttpVersion(v: string): boolean {
  return /^HTTP\/\d\.\d$/.test(v);
}

/**
 * The bytes one HTTP/1.1 connection received since it last sent a request, up to the end of the response head:
 * what a failure before the response's headers were read is about. It sees what the socket reads and what it
 * writes, and changes neither.
 */
export class ResponseHeadTap {
  private chunks: Buffer[] = [];
  private size = 0;
  /** The head's blank line came: a cut after it is the body's. */
  private complete = false;

  constructor(socket: net.Socket) {
    const push = socket.push;
    const write = socket.write;
    // Undici reads the socket through 'readable'; a 'data' listener would change how it flows.
    socket.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
      if (Buffer.isBuffer(chunk)) this.saw(chunk);
      return push.call(socket, chunk, encoding);
    };
    socket.write = ((...args: Parameters<net.Socket['write']>) => {
      this.chunks = [];
      this.size = 0;
      this.complete = false;
      return write.apply(socket, args);
    }) as net.Socket['write'];
  }

  /** The head's bytes so far (all of it once `complete`). */
  received(): { head: Uint8Array; complete: boolean } {
    return { head: Buffer.concat(this.chunks, this.size), complete: this.complete };
  }

  private saw(chunk: Buffer): void {
    if (this.complete || this.size >= MAX_HEAD_BYTES) return;
    const before = this.size;
    this.chunks.push(chunk);
    this.size += chunk.length;
    // The head ends at its first blank line; looked for from just before this chunk, so a split "\n\r\n" is seen.
    const all = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.size);
    const end = headEnd(all, Math.max(0, before - 2));
    if (end < 0) return;
    // Only the head is kept (a copy: the chunk may hold much of the body).
    this.chunks = [Buffer.from(all.subarray(0, end))];
    this.size = end;
    this.complete = true;
  }
}

/** Where a connection's current tap is kept: undici gives one client one connection at a time. */
export interface HeadTaps {
  current?: ResponseHeadTap;
}

/**
 * A failure before the response head was read reworded as Go words it for the bytes that came: undici's "other
 * side closed" before the head was whole, or its parser refusing a head (llhttp's rules are not Go's). Left as
 * it is when Go's words would be "EOF" (nothing came) or Go would have read the head.
 */
export function wordCutHead(err: unknown, taps: HeadTaps): void {
  // An abort's reason may be anything, and a DOMException's code is a number.
  if (!(err instanceof Error)) return;
  const raw = (err as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : '';
  // undici's parser errors carry no code in every version: known by name. A parser error while Content-Length
  // headers disagree (llhttp refuses a second one) comes as a length mismatch.
  const parser = code.startsWith('HPE_') || err.name === 'HTTPParserError' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH';
  if (code !== 'UND_ERR_SOCKET' && !parser) return;
  const seen = taps.current?.received();
  if (!seen || (seen.complete && !parser)) return;
  const reason = goResponseHeadError(seen.head) ?? (seen.complete ? goChunkError(err.message) : undefined);
  if (reason) Object.assign(err, { message: reason, goWords: true });
}

/** llhttp's words for a chunked body it refused, and net/http's chunked reader's for the same fault. */
const CHUNK_ERRORS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Invalid character in chunk size/, 'invalid byte in chunk length'],
  [/Chunk size overflow/, 'http chunk length too large'],
  [/Expected (?:CR|LF|CRLF) after chunk data/, 'malformed chunked encoding'],
];

function goChunkError(message: string): string | undefined {
  return CHUNK_ERRORS.find(([llhttp]) => llhttp.test(message))?.[1];
}

/**
 * A head undici read but Go refuses (its Transfer-Encoding or Content-Length headers; responseHead.ts's
 * readTransfer rules), as the error to end the request with. Only heads with such headers are looked at.
 */
export function refusedHead(raw: ReadonlyArray<Buffer | string> | null, taps: HeadTaps): Error | undefined {
  if (!raw || !transferHeaders(raw)) return undefined;
  const seen = taps.current?.received();
  const reason = seen?.complete ? goResponseHeadError(seen.head) : undefined;
  return reason ? Object.assign(new Error(reason), { goWords: true }) : undefined;
}

/** Whether the headers hold a Transfer-Encoding, or more than one Content-Length. */
function transferHeaders(raw: ReadonlyArray<Buffer | string>): boolean {
  let lengths = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i].length;
    if (n !== 17 && n !== 14) continue;
    const name = raw[i].toString().toLowerCase();
    if (name === 'transfer-encoding' || (name === 'content-length' && ++lengths > 1)) return true;
  }
  return false;
}
