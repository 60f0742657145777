// A TLS-intercepting proxy's tunnel, for tests: the CONNECT is accepted, the client's TLS is terminated with a
// certificate the test gives (re-signed by a test CA, as a corporate proxy does), and each request inside is
// forwarded to the same port on 127.0.0.1 (over TLS unless the host is listed as plain). Loopback only.
import * as http from 'node:http';
import * as https from 'node:https';
import type * as net from 'node:net';
import * as tls from 'node:tls';

export interface Interception {
  /** What the proxy presents for every host. */
  pair: { cert: string; key: string };
  /** Hosts whose upstream speaks plain HTTP (e.g. a test GOPROXY). */
  plainUpstream?: string[];
}

const LOOPBACK = '127.0.0.1';

function forward(host: string, port: number, plain: boolean): http.RequestListener {
  return (req, res) => {
    const request = plain ? http.request : https.request;
    // The upstream is our own test server: the interceptor, like a real one, does its own (here: no) checking.
    const up = request({ host: LOOPBACK, port, path: req.url, method: req.method, headers: { ...req.headers, host: `${host}:${port}` }, rejectUnauthorized: false }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end());
    req.pipe(up);
  };
}

/** Accept the tunnel for `authority` ("host:port") and serve it with the interception's certificate. */
export function interceptTunnel(client: net.Socket, head: Buffer, authority: string, interception: Interception): void {
  const colon = authority.lastIndexOf(':');
  const host = authority.slice(0, colon);
  const port = Number(authority.slice(colon + 1));
  client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  if (head.length > 0) client.unshift(head);
  const secure = new tls.TLSSocket(client, { isServer: true, cert: interception.pair.cert, key: interception.pair.key });
  secure.on('error', () => client.destroy());
  const inner = http.createServer(forward(host, port, interception.plainUpstream?.includes(host) ?? false));
  inner.emit('connection', secure);
  secure.on('close', () => inner.close());
}
