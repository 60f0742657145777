// Owns: the Conduit, what carries one origin's requests (the request and handler shapes both paths share), and
// which one does once the protocol is known: an Http1Connection for HTTP/1.1 (plain
// http, or TLS where the server did not pick h2), an H2Connection where it did; and, for a TLS origin, opening the
// first connection to learn which (ALPN) before handing that very socket to the one chosen.
// Must never: open a socket other than through the `open` it is given, or tell the gate a protocol not spoken.
import type * as net from 'node:net';
import { H2Connection } from './h2Connection';
import { ConnectionCode } from './failure';

/** The request side of one GET, which both our HTTP/1.1 and HTTP/2 connections drive. */
export interface RequestHandler {
  /** `abort(reason)` stops the request; the handler then hears onError(reason). */
  onConnect(abort: (reason: Error) => void): void;
  /**
   * Header names and values in turn. `goStatus`: Go's Response.Status (the words a status answer is quoted in). Returning false stops reading the body.
   */
  onHeaders(status: number, raw: string[], goStatus: string): boolean;
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
  /** The wait between two pieces of the body (the caller also bounds the whole body). */
  bodyMs: number;
  /** Times an HTTP/2 server said it never took this request (GOAWAY, REFUSED_STREAM), which then went again (h2Connection.ts). */
  unprocessed?: number;
}

/** Something that carries requests to one origin: an HTTP/1.1 or an HTTP/2 connection. */
export interface Conduit {
  dispatch(request: GetRequest, handler: RequestHandler): void;
  /** False once it can take no new request (the connection is closing or gone). */
  readonly usable: boolean;
  destroy(): Promise<void>;
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
 * every later request. An HTTP/2 connection that closes (GOAWAY, idle) is replaced by the next request's; an
 * HTTP/1.1 one reconnects by itself.
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
        throw Object.assign(new Error('transport closed'), { code: ConnectionCode.transportClosed });
      }
      const c = protocol === 'h2' ? this.choices.http2(socket) : this.choices.http1(socket);
      this.current = c;
      return c;
    } finally {
      this.connecting = undefined;
    }
  }
}
