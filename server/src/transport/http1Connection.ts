// Owns: one HTTP/1.1 connection at a time to one origin, carrying GET requests one after another as net/http's
// persistConn does: the request written, the answer read with Go's rules (h1/responseReader.ts), the connection
// kept for the next request unless the answer or its bytes say otherwise, and opened again when it is gone. A
// request whose reused connection ends before any byte of its answer goes again on a new one, as Go retries it.
// Our own, not undici: llhttp refuses answers the go command reads (a repeated equal Content-Length, bare LF line
// ends, a status under 100, ...) and words the rest its own way; the users of this tool need Go's verdict and words.
// Must never: open a socket other than through `open`, settle a request twice, or use a connection again after an
// answer it did not read to its end.
import type * as net from 'node:net';
import type { Conduit, GetRequest, RequestHandler } from './conduits';
import { ConnectionCode, inGoWords, tcpEndsOf, type TcpEnds } from './failure';
import { IDLE_MS } from './h2Connection';
import { ResponseReader, type ReaderFailure, type ReadOutput } from './h1/responseReader';

/** failure.ts's codes for the reader's failures. */
const FAILURE_CODE: Record<ReaderFailure, string> = {
  cut: ConnectionCode.closed,
  'refused-head': ConnectionCode.refusedHead,
  'huge-head': ConnectionCode.hugeHead,
  'bad-body': ConnectionCode.badBody,
};

interface Pending {
  request: GetRequest;
  handler: RequestHandler;
  /** Set when the handler aborted it. */
  aborted?: Error;
  /** Sent again once already, after a reused connection ended under it. */
  resent?: boolean;
}

/** The request being answered on the current socket. */
interface Exchange {
  pending: Pending;
  reader: ResponseReader;
  /** The socket had answered an earlier request. */
  reused: boolean;
  timer: NodeJS.Timeout;
  inBody: boolean;
}

export interface Http1Options {
  /** Opens a connection to the origin (connector.ts). */
  open(): Promise<net.Socket>;
  /** Told each time a connection is up. */
  connected(): void;
  /** The Host header of origin-form requests. */
  host: string;
  /** An open connection to start with (the one ALPN settled on HTTP/1.1). */
  first?: net.Socket;
}

export class Http1Connection implements Conduit {
  private socket: net.Socket | undefined;
  private connecting = false;
  private readonly queue: Pending[] = [];
  private exchange: Exchange | undefined;
  private answered = 0;
  private socketError: (Error & { goTcp?: TcpEnds }) | undefined;
  private ends: TcpEnds | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private destroyed = false;

  constructor(private readonly options: Http1Options) {
    if (options.first) this.adopt(options.first);
  }

  get usable(): boolean {
    return !this.destroyed;
  }

  dispatch(request: GetRequest, handler: RequestHandler): void {
    const pending: Pending = { request, handler };
    handler.onConnect((reason) => this.abort(pending, reason));
    if (pending.aborted) return;
    if (this.destroyed) return handler.onError(closedError());
    this.queue.push(pending);
    this.next();
  }

  destroy(): Promise<void> {
    this.destroyed = true;
    const all = this.queue.splice(0);
    if (this.exchange) all.push(this.endExchange());
    this.dropSocket();
    for (const p of all) p.handler.onError(closedError());
    return Promise.resolve();
  }

  /** Sends the next request waiting, once a connection is there and free. */
  private next(): void {
    if (this.exchange || this.connecting || this.destroyed) return;
    while (this.queue[0]?.aborted) this.queue.shift();
    const pending = this.queue.shift();
    if (!pending) return this.idle();
    if (!this.socket) {
      this.queue.unshift(pending);
      return this.connect();
    }
    clearTimeout(this.idleTimer);
    const reused = this.answered > 0;
    this.exchange = { pending, reader: new ResponseReader(), reused, inBody: false, timer: this.timeout(pending, ConnectionCode.headersTimeout, pending.request.firstByteMs) };
    this.socket.write(requestText(pending.request, this.options.host));
  }

  private connect(): void {
    this.connecting = true;
    this.options.open().then((socket) => {
      this.connecting = false;
      if (this.destroyed) return void socket.destroy();
      this.adopt(socket);
      this.next();
    }, (err: Error) => {
      this.connecting = false;
      // A connection that cannot be opened fails every request waiting for it: each would meet the same failure.
      for (const p of this.queue.splice(0)) p.handler.onError(err);
    });
  }

  private adopt(socket: net.Socket): void {
    this.socket = socket;
    this.answered = 0;
    this.socketError = undefined;
    this.ends = tcpEndsOf(socket);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onBytes(socket, chunk));
    socket.on('error', (err: Error & { code?: string; goTcp?: TcpEnds }) => {
      if (err.code === 'ECONNRESET' && this.ends) err.goTcp ??= this.ends;
      if (socket === this.socket) this.socketError ??= err;
    });
    socket.on('end', () => this.onEnd(socket));
    socket.on('close', () => this.onEnd(socket));
    this.options.connected();
  }

  private onBytes(socket: net.Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    const exchange = this.exchange;
    // Bytes with no request open: Go logs an unsolicited response and closes the connection.
    if (!exchange) return this.dropSocket();
    this.handle(exchange.reader.push(chunk));
  }

  private onEnd(socket: net.Socket): void {
    if (socket !== this.socket) return;
    const exchange = this.exchange;
    if (!exchange) return this.dropSocket();
    const error = this.socketError;
    if (!exchange.reader.received && exchange.reused && !exchange.pending.resent) {
      // Go's shouldRetryRequest: a GET on a reused connection that said nothing goes again on a new one.
      const pending = this.endExchange();
      pending.resent = true;
      this.dropSocket();
      this.queue.unshift(pending);
      return this.next();
    }
    if (error) {
      this.finish(undefined, error);
      return;
    }
    this.handle(exchange.reader.end());
  }

  /** What the reader made of the bytes: handed to the request's handler, which may end the exchange (abort) at any call. */
  private handle(output: ReadOutput): void {
    const exchange = this.exchange!;
    const { handler } = exchange.pending;
    const ended = () => this.exchange !== exchange;
    for (const step of output.steps) {
      if (step.kind !== 'head') continue;
      exchange.inBody = true;
      clearTimeout(exchange.timer);
      exchange.timer = this.timeout(exchange.pending, ConnectionCode.bodyTimeout, exchange.pending.request.bodyMs);
      const more = handler.onHeaders(step.head.code, step.head.raw, step.head.status);
      if (ended()) return;
      if (!more) return this.finish(false);
    }
    for (const chunk of output.data) {
      const more = handler.onData(chunk);
      if (ended()) return;
      if (!more) return this.finish(false);
    }
    if (output.data.length > 0 && exchange.inBody) exchange.timer.refresh();
    const last = output.steps[output.steps.length - 1];
    if (last?.kind === 'done') {
      handler.onComplete();
      if (ended()) return;
      this.answered++;
      this.finish(last.reusable);
    } else if (last?.kind === 'failed') {
      this.finish(undefined, inGoWords(last.reason, FAILURE_CODE[last.code]));
    }
  }

  /** The exchange is over: the socket kept (`reusable`) or dropped, the handler told of `error`, the next request sent. */
  private finish(reusable: boolean | undefined, error?: Error): void {
    const pending = this.endExchange();
    if (!reusable) this.dropSocket();
    if (error) pending.handler.onError(error);
    this.next();
  }

  private endExchange(): Pending {
    const exchange = this.exchange!;
    clearTimeout(exchange.timer);
    this.exchange = undefined;
    return exchange.pending;
  }

  private abort(pending: Pending, reason: Error): void {
    if (pending.aborted) return;
    pending.aborted = reason;
    if (this.exchange?.pending === pending) this.finish(false);
    pending.handler.onError(reason);
  }

  /** A timer that fails the request with `code` (failure.ts words it by phase). */
  private timeout(pending: Pending, code: string, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (this.exchange?.pending === pending) this.finish(false, Object.assign(new Error('request timed out'), { code }));
    }, ms);
    timer.unref();
    return timer;
  }

  /** No request waiting: the connection stays open this long for the next one. */
  private idle(): void {
    if (!this.socket) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.dropSocket(), IDLE_MS);
    this.idleTimer.unref();
  }

  private dropSocket(): void {
    clearTimeout(this.idleTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }
}

/** The request as written: origin-form or absolute-form, our headers, a Host header unless the request brings one. */
function requestText(request: GetRequest, host: string): string {
  let text = `GET ${request.path} HTTP/1.1\r\n`;
  if (!('host' in request.headers)) text += `Host: ${host}\r\n`;
  for (const [name, value] of Object.entries(request.headers)) text += `${name}: ${value}\r\n`;
  return text + '\r\n';
}

function closedError(): Error {
  return Object.assign(new Error('transport closed'), { code: ConnectionCode.transportClosed });
}
