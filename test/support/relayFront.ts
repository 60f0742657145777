// A front on 127.0.0.1 that relays each GET to the server behind it and sends back what the test makes of the
// answer: the answer itself (a plain HTTP/1.1 one, closed after it), or bytes of the test's own for the requests it
// picks (a cut, foreign or odd head). One answer per connection. Test tooling only.
import * as http from 'node:http';
import { startRawServer, type RunningServer } from './faultServers';

/** The server's answer to one relayed request. */
export interface Relayed {
  /** The request's target, as the client wrote it ("/lookup/example.com/greet@v1.1.0"). */
  target: string;
  status: number;
  body: Buffer;
}

/** The bytes the front sends for one request (latin1 when text), or undefined to relay the server's answer as it is. */
export type RelayAnswer = (relayed: Relayed) => Buffer | string | undefined;

/**
 * A front relaying to `upstreamOf(target)` (default: the same target on `upstream`), answering with `answer`;
 * over TLS with `tlsPair`.
 */
export function startRelayFront(upstream: string | ((target: string) => URL), answer: RelayAnswer,
  options: { tlsPair?: { cert: string; key: string } } = {}): Promise<RunningServer> {
  const upstreamOf = typeof upstream === 'string' ? (target: string) => new URL(target, upstream) : upstream;
  return startRawServer((socket, request) => {
    const target = request.split(' ')[1];
    http.get(upstreamOf(target), (up) => {
      const parts: Buffer[] = [];
      up.on('data', (c: Buffer) => parts.push(c)).on('end', () => {
        const relayed = { target, status: up.statusCode ?? 502, body: Buffer.concat(parts) };
        const own = answer(relayed);
        if (own !== undefined) return void socket.end(typeof own === 'string' ? Buffer.from(own, 'latin1') : own);
        socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${relayed.status} X\r\nContent-Length: ${relayed.body.length}\r\nConnection: close\r\n\r\n`), relayed.body]));
      });
    }).on('error', () => socket.destroy());
  }, options);
}
