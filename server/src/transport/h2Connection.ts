// Owns: one HTTP/2 connection on a socket connector.ts opened (TLS verified, tunnelled when proxied), carrying GET
// requests as streams through node:http2 directly. undici's HTTP/2 layer sits on the same node:http2 session but
// adds its own request, queue and header objects per request: telegraf's cold check (2,800 requests over one
// connection) spent ~250 ms more CPU in it. How many streams run at once is the origin gate's business; this
// module reports the server's SETTINGS to it.
// Must never: open a connection itself, read process.env, or settle a request twice.
import * as http2 from 'node:http2';
import type * as net from 'node:net';
import type { Conduit, GetRequest, RequestHandler } from './conduits';
import { H2_HEADERS_TIMEOUT } from './failure';

/** A connection with no request open this long is closed (HTTP/2 here, HTTP/1.1 as undici's keep-alive). */
export const IDLE_MS = 30_000;

/** Header values as undici hands them on: one name-value pair per value. */
function rawHeaders(headers: http2.IncomingHttpHeaders): string[] {
  const raw: string[] = [];
  for (const name of Object.keys(headers)) {
    if (name.startsWith(':')) continue;
    const value = headers[name];
    if (Array.isArray(value)) for (const v of value) raw.push(name, v);
    else if (value !== undefined) raw.push(name, String(value));
  }
  return raw;
}

/** A stream that closed before its response ended, in node's words for a reset stream. */
function cutShort(stream: http2.ClientHttp2Stream): Error {
  return Object.assign(new Error(`Stream closed with error code ${stream.rstCode ?? http2.constants.NGHTTP2_NO_ERROR}`), { code: 'ERR_HTTP2_STREAM_ERROR' });
}

/** Headers that did not come in time: failure.ts words it as Go's HTTP/2 transport does. */
function headersTimeout(): Error {
  return Object.assign(new Error('Headers Timeout Error'), { code: H2_HEADERS_TIMEOUT });
}

/** A body shorter or longer than its content-length header said (undici's code for the same over HTTP/1.1). */
function lengthMismatch(declared: number, got: number): Error {
  return Object.assign(new Error(`Response body length ${got} does not match content-length ${declared}`), { code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' });
}

/** One request's stream and its handler, settled once. */
class StreamRequest {
  private settled = false;
  private firstByteTimer: NodeJS.Timeout | undefined;
  private declaredLength = -1;
  private received = 0;

  /** `closed` hears that the stream is gone, whichever way it ended. */
  constructor(private readonly stream: http2.ClientHttp2Stream, private readonly handler: RequestHandler, firstByteMs: number, closed: () => void) {
    this.firstByteTimer = setTimeout(() => this.abort(headersTimeout()), firstByteMs);
    this.firstByteTimer.unref();
    stream.on('response', (headers) => this.onResponse(headers));
    stream.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      if (!this.settled && !handler.onData(chunk)) this.stop();
    });
    stream.on('end', () => this.onEnd());
    stream.on('error', (err: Error) => this.fail(err));
    // Made only when it is the answer: an Error's stack costs ~10 µs, and every stream closes.
    stream.on('close', () => {
      if (!this.settled) this.fail(cutShort(stream));
      closed();
    });
    handler.onConnect((reason) => this.abort(reason));
  }

  private onResponse(headers: http2.IncomingHttpHeaders): void {
    this.clearTimer();
    if (this.settled) return;
    const length = headers['content-length'];
    if (length !== undefined && /^\d+$/.test(length)) this.declaredLength = Number(length);
    if (!this.handler.onHeaders(Number(headers[':status']), rawHeaders(headers))) this.stop();
  }

  /**
   * The readable side ended. node:http2 also ends it when the stream or its session is destroyed before the
   * server's END_STREAM (the session died, the transport closed): then the stream is destroyed already, while a
   * stream that ended normally is destroyed only after its 'end'.
   */
  private onEnd(): void {
    if (this.settled) return;
    if (this.stream.destroyed) return this.fail(cutShort(this.stream));
    if (this.declaredLength >= 0 && this.received !== this.declaredLength) return this.fail(lengthMismatch(this.declaredLength, this.received));
    this.settled = true;
    this.handler.onComplete();
  }

  private fail(err: Error): void {
    this.clearTimer();
    if (this.settled) return;
    this.settled = true;
    this.handler.onError(err);
  }

  private clearTimer(): void {
    if (this.firstByteTimer) clearTimeout(this.firstByteTimer);
    this.firstByteTimer = undefined;
  }

  /** The handler wants no more (it has settled itself). */
  private stop(): void {
    this.clearTimer();
    this.settled = true;
    this.stream.close(http2.constants.NGHTTP2_CANCEL);
  }

  private abort(reason: Error): void {
    this.fail(reason);
    this.stream.close(http2.constants.NGHTTP2_CANCEL);
  }
}

export class H2Connection implements Conduit {
  private readonly session: http2.ClientHttp2Session;
  private open = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private gone = false;

  /** `origin` names the server (its :authority); `onStreams` hears the streams it allows, from each SETTINGS frame. */
  constructor(origin: string, socket: net.Socket, onStreams: (streams: number | undefined) => void) {
    this.session = http2.connect(origin, { createConnection: () => socket, settings: { enablePush: false } });
    this.session.on('remoteSettings', (s) => onStreams(s.maxConcurrentStreams));
    // Errors reach each open stream; the session's own just mark it unusable.
    this.session.on('error', () => this.markGone());
    this.session.on('goaway', () => this.markGone());
    this.session.on('close', () => this.markGone());
    this.idle();
  }

  get usable(): boolean {
    return !this.gone && !this.session.closed && !this.session.destroyed;
  }

  dispatch(request: GetRequest, handler: RequestHandler): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.open++;
    let stream: http2.ClientHttp2Stream;
    try {
      stream = this.session.request({ ':method': 'GET', ':path': request.path, ...request.headers }, { endStream: true });
    } catch (err) {
      this.open--;
      handler.onError(err as Error);
      return;
    }
    new StreamRequest(stream, handler, request.firstByteMs, () => {
      if (--this.open === 0) this.idle();
    });
  }

  async destroy(): Promise<void> {
    this.markGone();
    if (this.session.destroyed) return;
    const closed = new Promise<void>((resolve) => this.session.once('close', () => resolve()));
    this.session.destroy();
    await closed;
  }

  private idle(): void {
    if (this.gone) return;
    this.idleTimer = setTimeout(() => this.session.close(), IDLE_MS);
    this.idleTimer.unref();
  }

  private markGone(): void {
    this.gone = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
