// The CONNECT exchange with an HTTP(S) proxy over a connected socket, as Go's transport has it for an https target:
// one request, one response head read as http.ReadResponse reads it, 200 or the status text alone as the error.
// Speaks nothing beyond that exchange; never opens sockets itself (connector.ts does).
import net = require('node:net');
import { headEnd, readResponseError, responseStatus } from './goResponseHead';
import { errorCode, goGetError, kindForCode } from './failure';
import { FailureKind, TransportError } from './types';
import { bareHost, joinHostPort, proxyAuthorization } from './urlHost';

/**
 * Go reads the answer to CONNECT with no limit; ours stops here (net/http's DefaultMaxHeaderBytes), far above any
 * real proxy's, so that a proxy that never ends its head cannot hold the connection's memory.
 */
const MAX_CONNECT_HEAD = 1 << 20;

/** The answer read so far, in a buffer that doubles as it fills: a proxy dripping its head costs linear time. */
class AnswerBytes {
  private buf = Buffer.alloc(1024);
  private length = 0;

  append(chunk: Buffer): void {
    if (this.length + chunk.length > this.buf.length) {
      const grown = Buffer.alloc(Math.max(this.buf.length * 2, this.length + chunk.length));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    chunk.copy(this.buf, this.length);
    this.length += chunk.length;
  }

  get bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

export interface TunnelTarget {
  hostname: string;
  port: number;
}

/** Asks the proxy on `socket` for a tunnel to `target`; resolves once it answered 200, with the socket as it is. */
export function openTunnel(socket: net.Socket, target: TunnelTarget, proxy: URL, timeoutMs: number, origin: string): Promise<void> {
  return new ConnectExchange(socket, proxy, origin).run(target, timeoutMs);
}

/** One CONNECT request and the proxy's answer, under one time limit. */
class ConnectExchange {
  private readonly answer = new AnswerBytes();
  /** Where the search for the head's end goes on from, and whether the status line was judged already. */
  private searchedTo = 0;
  private statusJudged = false;
  private timer: NodeJS.Timeout | undefined;
  private settle: { resolve: () => void; reject: (e: TransportError) => void } | undefined;
  private readonly onData = (chunk: Buffer) => this.received(chunk);
  private readonly onError = (err: Error) => this.broken(err);
  private readonly onEnd = () => this.ended();

  constructor(private readonly socket: net.Socket, private readonly proxy: URL, private readonly origin: string) {}

  run(target: TunnelTarget, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
      this.timer = setTimeout(() => this.refuse('timeout', 'proxyconnect tcp: net/http: timeout awaiting response headers', { phase: 'first-byte' }), timeoutMs);
      this.timer.unref?.();
      this.socket.on('data', this.onData);
      this.socket.once('error', this.onError);
      this.socket.once('end', this.onEnd);
      this.socket.write(connectRequest(target, this.proxy));
    });
  }

  private received(chunk: Buffer): void {
    this.answer.append(chunk);
    const buffered = this.answer.bytes;
    // The end ("\n\r\n" or "\n\n") may have begun in the bytes already searched.
    const end = headEnd(buffered, Math.max(0, this.searchedTo - 2));
    this.searchedTo = buffered.length;
    if (end < 0) return this.headGoesOn(buffered);
    const head = buffered.subarray(0, end);
    const refused = readResponseError(head);
    if (refused) return this.refuse('malformed', refused);
    const { code, status } = responseStatus(head);
    if (code !== 200) {
      // Go returns the status text alone ("Forbidden") as the error.
      const space = status.indexOf(' ');
      return this.refuse('refused', space < 0 ? 'unknown status code' : status.slice(space + 1), { proxyStatus: code });
    }
    // What came after the head is dropped: Go reads the answer through a bufio.Reader it then discards.
    this.finish();
    this.settle?.resolve();
  }

  /** A status line Go already refuses needs no more bytes; a head too long for us never ends. */
  private headGoesOn(buffered: Buffer): void {
    const nl = this.statusJudged ? -1 : buffered.indexOf(0x0a);
    if (nl >= 0) {
      this.statusJudged = true;
      const statusSaid = readResponseError(buffered.subarray(0, nl + 1));
      if (statusSaid !== undefined && statusSaid !== 'unexpected EOF') return this.refuse('malformed', statusSaid);
    }
    if (buffered.length > MAX_CONNECT_HEAD) this.refuse('malformed', 'proxyconnect tcp: proxy answer to CONNECT is too long');
  }

  private broken(err: Error): void {
    const code = errorCode(err);
    const kind = kindForCode(code, err.message);
    this.refuse(kind === 'other' ? 'reset' : kind, `proxyconnect tcp: ${err.message}`, { code, cause: err });
  }

  /** Go reads the answer with http.ReadResponse and returns its error as it is (no "proxyconnect" before it). */
  private ended(): void {
    const said = readResponseError(this.answer.bytes) ?? 'unexpected EOF';
    this.refuse(said === 'unexpected EOF' ? 'reset' : 'malformed', said);
  }

  private refuse(kind: FailureKind, reason: string, detail: TransportError['detail'] = {}): void {
    this.finish();
    this.socket.destroy();
    this.settle?.reject(new TransportError(kind, this.origin, goGetError(this.origin, reason), { ...detail, proxy: this.proxy.href }));
  }

  /** Stops listening and the clock; whatever comes later is not ours to read. */
  private finish(): void {
    clearTimeout(this.timer);
    this.socket.removeListener('data', this.onData);
    this.socket.removeListener('error', this.onError);
    this.socket.removeListener('end', this.onEnd);
  }
}

/** CONNECT host:port, with the proxy URL's credentials as Basic authorization. */
function connectRequest(target: TunnelTarget, proxy: URL): string {
  const authority = joinHostPort(bareHost(target.hostname), target.port);
  let request = `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n`;
  const credentials = proxyAuthorization(proxy);
  if (credentials) request += `Proxy-Authorization: ${credentials}\r\n`;
  return `${request}\r\n`;
}
