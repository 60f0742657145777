// Misbehaving and helpful servers for network tests, all on 127.0.0.1 and all closing themselves: one that
// resets every connection, one that accepts and never answers, a closed port, an HTTP CONNECT proxy that logs
// what it tunnels (and only ever dials loopback; it can refuse, demand credentials, or intercept TLS), plain HTTP and TLS servers, and an HTTP/2 TLS server.
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { interceptTunnel, type Interception } from './interceptingTunnel';

export interface RunningServer {
  port: number;
  /** http://127.0.0.1:PORT or https://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/** Track sockets so close() never waits on a client that keeps a connection open. */
function closer(server: net.Server): () => Promise<void> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
}

async function listen(server: net.Server, scheme: 'http' | 'https' | 'tcp'): Promise<RunningServer> {
  const close = closer(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  server.unref();
  const port = (server.address() as net.AddressInfo).port;
  return { port, url: `${scheme === 'tcp' ? 'http' : scheme}://${LOOPBACK}:${port}`, close };
}

/** Accepts TCP connections and resets each one (RST) at once, or once the client sent its first bytes. */
export function startResetServer(options: { afterFirstBytes?: boolean } = {}): Promise<RunningServer> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    // After the client's first bytes, the client has surely finished connecting and writing: it sees the reset as it reads.
    if (options.afterFirstBytes) socket.once('data', () => socket.resetAndDestroy());
    else socket.resetAndDestroy();
  });
  return listen(server, 'tcp');
}

/** Accepts TCP connections and never sends a byte; `received` holds what each client sent, as text. */
export async function startStallServer(): Promise<RunningServer & { received: string[] }> {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    const at = received.push('') - 1;
    socket.on('error', () => undefined);
    socket.on('data', (d) => { received[at] += d.toString('latin1'); });
  });
  return { ...await listen(server, 'tcp'), received };
}

/**
 * A server that speaks no protocol of its own: once a client's request head is in (or, with `firstBytes`, once
 * any bytes are), `answer` gets the socket and what came, as latin1 text. Over TLS with `tlsPair`.
 */
export async function startRawServer(answer: (socket: net.Socket, request: string) => void,
  options: { tlsPair?: { cert: string; key: string }; firstBytes?: boolean } = {}): Promise<RunningServer> {
  const onSocket = (socket: net.Socket): void => {
    socket.on('error', () => undefined);
    let request = '';
    let answered = false;
    socket.on('data', (d: Buffer) => {
      request += d.toString('latin1');
      if (answered || (!options.firstBytes && !request.includes('\r\n\r\n'))) return;
      answered = true;
      answer(socket, request);
    });
  };
  const { tlsPair } = options;
  return tlsPair ? listen(tls.createServer({ cert: tlsPair.cert, key: tlsPair.key }, onSocket), 'https') : listen(net.createServer(onSocket), 'tcp');
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface RecordingServer extends RunningServer {
  /** "GET /path" for every request, in order. */
  requests: string[];
}

function recording(handler: Handler, requests: string[]): Handler {
  return (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  };
}

export async function startHttpServer(handler: Handler): Promise<RecordingServer> {
  const requests: string[] = [];
  const running = await listen(http.createServer(recording(handler, requests)), 'http');
  return { ...running, requests };
}

export async function startTlsServer(pair: { cert: string; key: string }, handler: Handler): Promise<RecordingServer> {
  const requests: string[] = [];
  const server = https.createServer({ cert: pair.cert, key: pair.key }, recording(handler, requests));
  server.on('tlsClientError', () => undefined);
  const running = await listen(server, 'https');
  return { ...running, requests };
}

export interface H2Server extends RunningServer {
  /** The HTTP version of every request ("2.0" or "1.1"). */
  versions: string[];
  /** Remote ports seen, to count connections. */
  remotePorts: Set<number>;
}

/** A node:http2 secure server that also speaks HTTP/1.1 (allowHTTP1). */
export async function startH2Server(pair: { cert: string; key: string }, handler: (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void): Promise<H2Server> {
  const versions: string[] = [];
  const remotePorts = new Set<number>();
  const server = http2.createSecureServer({ cert: pair.cert, key: pair.key, allowHTTP1: true }, (req, res) => {
    versions.push(req.httpVersion);
    if (req.socket?.remotePort) remotePorts.add(req.socket.remotePort);
    handler(req, res);
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  const running = await listen(server as unknown as net.Server, 'https');
  return {
    ...running,
    versions,
    remotePorts,
    close: async () => {
      for (const s of sessions) s.destroy();
      await running.close();
    },
  };
}

export interface ConnectProxy extends RunningServer {
  /** Every CONNECT authority ("sum.golang.org:443") and absolute-form URL the proxy was asked for. */
  tunnels: string[];
}

export interface ConnectProxyOptions {
  /** Host names the proxy maps to 127.0.0.1 (any other name gets 502: the proxy only dials loopback). */
  names?: string[];
  /** Answer every CONNECT with this status instead of tunnelling (e.g. 403), with its standard reason phrase. */
  refuseWith?: number;
  /** "user:password" (text as UTF-8, or its bytes): a CONNECT or GET without these Basic credentials gets 407 Proxy Authentication Required. */
  requireAuth?: string | Buffer;
  /** Terminate TLS inside every tunnel with this certificate, as a TLS-intercepting proxy does. */
  intercept?: Interception;
  /** Bytes written right after the 200 answering CONNECT, in the same write (a proxy that adds to its answer). */
  afterEstablished?: string;
  /** Header lines ("Name: value\r\n" each) in the 200 answering CONNECT, written 4 KB at a time, a turn apart. */
  establishedHeaders?: string;
}

function refuse(client: net.Socket, status: number, headers = ''): void {
  client.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Refused'}\r\n${headers}Content-Length: 0\r\n\r\n`);
}

function authorized(req: http.IncomingMessage, credentials: string | Buffer | undefined): boolean {
  return credentials === undefined || req.headers['proxy-authorization'] === `Basic ${Buffer.from(credentials).toString('base64')}`;
}

/** An HTTP proxy: CONNECT tunnels for https, absolute-form GET for http. Dials 127.0.0.1 only. */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const portFor = (host: string, port: number): number | null => {
    if (host === LOOPBACK || host === 'localhost' || options.names?.includes(host)) return port;
    return null;
  };
  const server = http.createServer((req, res) => {
    tunnels.push(req.url ?? '');
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form URL required');
      return;
    }
    if (!authorized(req, options.requireAuth)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const port = portFor(target.hostname, Number(target.port) || 80);
    if (port === null) {
      res.writeHead(502).end('proxy only reaches loopback');
      return;
    }
    const upstream = http.request({ host: LOOPBACK, port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const authority = req.url ?? '';
    tunnels.push(authority);
    client.on('error', () => undefined);
    if (options.refuseWith) return refuse(client, options.refuseWith);
    if (!authorized(req, options.requireAuth)) return refuse(client, 407, 'Proxy-Authenticate: Basic realm="test"\r\n');
    const colon = authority.lastIndexOf(':');
    const port = portFor(authority.slice(0, colon).replace(/^\[|\]$/g, ''), Number(authority.slice(colon + 1)));
    if (port === null) return refuse(client, 502);
    if (options.intercept) return interceptTunnel(client, head, authority, options.intercept);
    const upstream = net.connect(port, LOOPBACK, async () => {
      const answer = `HTTP/1.1 200 Connection Established\r\n${options.establishedHeaders ?? ''}\r\n${options.afterEstablished ?? ''}`;
      // A long head in pieces, as a proxy's writes reach the client: the reader must not judge it by its first chunk.
      const piece = options.establishedHeaders ? 4096 : answer.length;
      for (let at = 0; at < answer.length; at += piece) {
        client.write(answer.slice(at, at + piece));
        if (at + piece < answer.length) await new Promise((r) => setImmediate(r));
      }
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  const running = await listen(server, 'http');
  return { ...running, tunnels };
}

/** A resolver for tests: listed names and localhost map to 127.0.0.1, anything else fails like an unknown host (no real DNS). */
export function loopbackResolver(names: string[]): (host: string) => Promise<string[]> {
  return async (host: string) => {
    if (host === 'localhost' || names.includes(host)) return [LOOPBACK];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
  };
}
