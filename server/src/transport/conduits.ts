// Owns: the Conduit, what carries one origin's requests (the request and handler shapes both paths share), and
// which one does once the protocol is known: an undici client for HTTP/1.1 (plain
// http, or TLS where the server did not pick h2), an H2Connection where it did; and, for a TLS origin, opening the
// first connection to learn which (ALPN) before handing that very socket to the one chosen.
// Must never: open a socket other than through the `open` it is given, or tell the gate a protocol not spoken.
import type * as net from 'node:net';
import type { Client as UndiciClient, Dispatcher } from 'undici';
import { H2Connection } from './h2Connection';
import { refusedHead, wordCutHead, type HeadTaps } from './responseHeadTap';

/** The request side of undici's dispatch handler protocol, which both our HTTP/1.1 (undici) and HTTP/2 paths drive. */
export interface RequestHandler {
  /** `abort(reason)` stops the request; the handler then hears onError(reason). */
  onConnect(abort: (reason: Error) => void): void;
  /**
   * Header names and values in turn. `phrase`: HTTP/1.1's reason phrase, as undici hands it on; `goStatus`: Go's
   * Response.Status where the conduit forms it itself (HTTP/2). Returning false stops reading the body.
   */
  onHeaders(status: number, raw: string[], resume?: () => void, phrase?: string, goStatus?: string): boolean;
  /** Returning false stops reading the body. */
  onData(chunk: Buffer): boolean;
  onComplete(): void;
  onError(err: Error): void;
}

/** A GET as both paths take it. */
export interface GetRequest {
  /** Origin-form, or absolute-form through an HTTP proxy. */
  path: string;
  headers: Readonly<Record<string, string>>;
  /** The wait for the response's headers once the request is sent. */
  firstByteMs: number;
  /** undici's wait between two pieces of the body (the caller also bounds the whole body). */
  bodyMs: number;
  /** Times an HTTP/2 server said it never took this request (GOAWAY, REFUSED_STREAM), which then went again (h2Connection.ts). */
  unprocessed?: number;
}

/** Something that carries requests to one origin: an undici client, or an HTTP/2 connection. */
export interface Conduit {
  dispatch(request: GetRequest, handler: RequestHandler): void;
  /** False once it can take no new request (the connection is closing or gone). */
  readonly usable: boolean;
  destroy(): Promise<void>;
}

/** undici's HTTP/1.1 client as a Conduit; it reconnects by itself. `taps`: its connection's response head. */
export class UndiciConduit implements Conduit {
  constructor(private readonly client: UndiciClient, private readonly taps: HeadTaps) {}

  get usable(): boolean {
    return !this.client.destroyed && !this.client.closed;
  }

  dispatch(request: GetRequest, handler: RequestHandler): void {
    const options = { method: 'GET', path: request.path, headers: request.headers, headersTimeout: request.firstByteMs, bodyTimeout: request.bodyMs };
    this.client.dispatch(options as Dispatcher.DispatchOptions, this.headWorded(handler) as unknown as Dispatcher.DispatchHandler);
  }

  /** The handler, its failures before a whole response head worded for the bytes that came (responseHeadTap.ts). */
  private headWorded(handler: RequestHandler): RequestHandler {
    const taps = this.taps;
    let abort: ((reason: Error) => void) | undefined;
    return {
      onConnect: (a) => {
        abort = a;
        handler.onConnect(a);
      },
      onHeaders: (status, raw, resume, phrase, goStatus) => {
        // A head Go refuses (undici reads it) ends the request as Go's does.
        const refused = refusedHead(raw, taps);
        if (refused && abort) {
          abort(refused);
          return false;
        }
        return handler.onHeaders(status, raw, resume, phrase, goStatus);
      },
      onData: (chunk) => handler.onData(chunk),
      onComplete: () => handler.onComplete(),
      onError: (err) => {
        wordCutHead(err, taps);
        handler.onError(err);
      },
    };
  }

  destroy(): Promise<void> {
    return this.client.destroy().catch(() => undefined);
  }
}

/** A TLS socket with the protocol ALPN settled on. */
interface NegotiatedSocket {
  socket: net.Socket;
  /** 'h2', 'http/1.1', or '' when the server chose none (HTTP/1.1). */
  protocol: string;
}

interface AlpnChoices {
  /** Opens a connection (connector.ts): TLS verified, through the route's proxy. */
  open(): Promise<NegotiatedSocket>;
  /** An HTTP/1.1 conduit whose first connection is `first`. */
  http1(first: net.Socket): Conduit;
  /** An HTTP/2 conduit on `socket`. */
  http2(socket: net.Socket): H2Connection;
}

/**
 * A TLS origin's conduit: the first request opens a connection, and its ALPN answer decides what carries this and
 * every later request. An HTTP/2 connection that closes (GOAWAY, idle) is replaced by the next request's; undici
 * reconnects HTTP/1.1 by itself.
 */
export class AlpnConduit implements Conduit {
  private current: Conduit | undefined;
  private connecting: Promise<Conduit> | undefined;
  private destroyed = false;

  constructor(private readonly choices: AlpnChoices) {}

  get usable(): boolean {
    return !this.destroyed;
  }

  dispatch(request: GetRequest, handler: RequestHandler): void {
    const now = this.current;
    if (now?.usable) return now.dispatch(request, handler);
    this.connecting ??= this.connect();
    this.connecting.then((c) => c.dispatch(request, handler), (err: Error) => handler.onError(err));
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    const c = this.current ?? (await this.connecting?.catch(() => undefined));
    this.current = undefined;
    await c?.destroy();
  }

  private async connect(): Promise<Conduit> {
    try {
      const { socket, protocol } = await this.choices.open();
      if (this.destroyed) {
        socket.destroy();
        throw Object.assign(new Error('transport closed'), { code: 'UND_ERR_CLOSED' });
      }
      const c = protocol === 'h2' ? this.choices.http2(socket) : this.choices.http1(socket);
      this.current = c;
      return c;
    } finally {
      this.connecting = undefined;
    }
  }
}
