// Owns: one GET's stream on an HTTP/2 connection (h2Connection.ts): its response headers, body and end handed to
// the request's handler, settled once; its first-byte deadline; and cancelling it (RST_STREAM CANCEL) when the
// handler wants no more or gives up.
// Must never: settle a request twice, call a short body whole, or leave its deadline running once settled.
import type { GetRequest, RequestHandler } from '../conduits';
import { ConnectionCode, H2_HEADERS_TIMEOUT, inGoWords, UNEXPECTED_EOF } from '../failure';
import { http2Status } from '../goStatus';
import { ErrorCode, errorName, ProtocolError } from './frames';
import { refusedFields } from './headerRules';
import type { DecodedBlock } from './hpack';

/** 1xx responses Go's client takes before a request's answer (max1xxResponses, as net/http's). */
const MAX_INFORMATIONAL = 5;

/** What a stream asks of its connection. */
export interface StreamOwner {
  /** Send RST_STREAM for the stream and forget it. */
  reset(id: number, code: ErrorCode): void;
  /** The stream is over (the server ended it or reset it): forget it. */
  ended(id: number): void;
}

/** Headers that did not come in time: failure.ts words it as Go's HTTP/2 transport does. */
function headersTimeout(): Error {
  return Object.assign(new Error('Headers Timeout Error'), { code: H2_HEADERS_TIMEOUT });
}

/** A body shorter or longer than its content-length header said, as Go's client says it. */
function lengthMismatch(declared: number, got: number): Error {
  const words = got < declared ? UNEXPECTED_EOF : 'net/http: server replied with more than declared Content-Length; truncated';
  return inGoWords(words, ConnectionCode.lengthMismatch);
}

/** Go's StreamError text: the stream, the error code's name, and what caused it when something did. */
function streamError(id: number, code: ErrorCode, cause: string | undefined, errorCode: string): Error {
  return inGoWords(`stream error: stream ID ${id}; ${errorName(code)}${cause ? `; ${cause}` : ''}`, errorCode);
}

/** The server reset the stream. */
export function resetByServer(id: number, code: ErrorCode): Error {
  return streamError(id, code, 'received from peer', 'ERR_HTTP2_STREAM_ERROR');
}

export class RequestStream {
  /** Bytes received that the connection has not yet given back as window (h2Connection.ts). */
  unacked = 0;
  private settled = false;
  private firstByteTimer: NodeJS.Timeout | undefined;
  private gotFinalHeaders = false;
  private declaredLength = -1;
  private received = 0;
  private informationalCount = 0;

  constructor(readonly id: number, readonly request: GetRequest, readonly handler: RequestHandler, private readonly owner: StreamOwner) {
    this.firstByteTimer = setTimeout(() => this.abort(headersTimeout()), request.firstByteMs);
    this.firstByteTimer.unref();
    handler.onConnect((reason) => this.abort(reason));
  }

  /** A header block for this stream: the response's headers (after any 1xx), or its trailers. Throws ProtocolError when the connection must end. */
  onHeaders({ fields, truncated }: DecodedBlock, endStream: boolean): void {
    const refused = refusedFields(fields) ?? (truncated ? 'http2: response header list larger than advertised limit' : undefined);
    if (refused) return this.protocolError(refused);
    if (this.gotFinalHeaders) {
      // Trailers: they end the stream, and nothing in them is wanted. Go ends the connection for trailers that do
      // not, or that hold a pseudo-header.
      if (!endStream || fields[0]?.startsWith(':')) throw new ProtocolError();
      return this.end();
    }
    const written = statusOf(fields);
    if (written === undefined || written === '') return this.protocolError('malformed response from server: missing status pseudo header');
    const status = goAtoi(written);
    if (status === undefined) return this.protocolError('malformed response from server: malformed non-numeric status pseudo header');
    if (status >= 100 && status <= 199) return this.informational(endStream);
    this.gotFinalHeaders = true;
    this.clearTimer();
    if (this.settled) return;
    const raw = regularFields(fields);
    const length = headerValue(raw, 'content-length');
    if (length !== undefined && /^\d+$/.test(length)) this.declaredLength = Number(length);
    if (!this.handler.onHeaders(status, raw, http2Status(written, status))) return this.cancel();
    if (endStream) this.end();
  }

  /** A 1xx: the answer is still to come, as Go's client reads it. */
  private informational(endStream: boolean): void {
    if (endStream) return this.protocolError('1xx informational response with END_STREAM flag');
    if (++this.informationalCount > MAX_INFORMATIONAL) return this.protocolError('http2: too many 1xx informational responses');
  }

  onData(chunk: Buffer, endStream: boolean): void {
    if (!this.gotFinalHeaders) return this.protocolError();
    this.received += chunk.length;
    if (chunk.length > 0 && !this.settled && !this.handler.onData(chunk)) return this.cancel();
    if (endStream) this.end();
  }

  /** The server reset the stream, or the connection failed: the request fails with `err`. */
  fail(err: Error): void {
    this.clearTimer();
    if (this.settled) return;
    this.settled = true;
    this.handler.onError(err);
  }

  /** The server never took the request (GOAWAY, REFUSED_STREAM): it is over on this stream, to be sent again. Whether it was still open. */
  detach(): boolean {
    this.clearTimer();
    if (this.settled) return false;
    this.settled = true;
    return true;
  }

  private end(): void {
    this.owner.ended(this.id);
    if (this.settled) return;
    if (this.declaredLength >= 0 && this.received !== this.declaredLength) return this.fail(lengthMismatch(this.declaredLength, this.received));
    this.settled = true;
    this.handler.onComplete();
  }

  /** The handler wants no more (it has settled itself). */
  private cancel(): void {
    this.clearTimer();
    this.settled = true;
    this.owner.reset(this.id, ErrorCode.Cancel);
  }

  private abort(reason: Error): void {
    this.fail(reason);
    this.owner.reset(this.id, ErrorCode.Cancel);
  }

  /** The server broke HTTP/2 on this stream alone (not the connection): it fails in Go's words, and is reset. */
  protocolError(cause?: string): void {
    this.fail(streamError(this.id, ErrorCode.ProtocolError, cause, 'ERR_HTTP2_PROTOCOL_ERROR'));
    this.owner.reset(this.id, ErrorCode.ProtocolError);
  }

  private clearTimer(): void {
    if (this.firstByteTimer) clearTimeout(this.firstByteTimer);
    this.firstByteTimer = undefined;
  }
}

/** :status as the server wrote it (the first one); undefined when absent. */
function statusOf(fields: string[]): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === ':status') return fields[i + 1];
  return undefined;
}

/** Go's strconv.Atoi, which reads :status: an optional sign and decimal digits, within 64 bits; else undefined. */
function goAtoi(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  if (text.length < 19) return Number(text);
  const n = BigInt(text);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? Number(n) : undefined;
}

/** The fields without pseudo-headers: name and value in turn, as the request's handler takes them. */
function regularFields(fields: string[]): string[] {
  const raw: string[] = [];
  for (let i = 0; i < fields.length; i += 2) if (!fields[i].startsWith(':')) raw.push(fields[i], fields[i + 1]);
  return raw;
}

function headerValue(raw: string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) if (raw[i] === name) return raw[i + 1];
  return undefined;
}
