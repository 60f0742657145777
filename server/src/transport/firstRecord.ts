// Owns: what the go command says when the server at an https URL does not answer its TLS hello with TLS
// (crypto/tls's RecordHeaderError, which net/http rewords when the answer starts with "HTTP/"), and looking
// again at that first answer: OpenSSL reads it inside the handshake and says only "wrong version number".
// Must never: look anywhere but where the failed connection went, or wait longer than it is given.
import type { Socket } from 'node:net';

/** Go's reason for a first TLS record with this 5-byte header; undefined when it could be TLS. */
export function goFirstRecordReason(header: Uint8Array): string | undefined {
  if (header.length < 5) return undefined;
  if (Buffer.from(header.subarray(0, 5)).toString('latin1') === 'HTTP/') return 'http: server gave HTTP response to HTTPS client';
  const type = header[0];
  const version = (header[1] << 8) | header[2];
  // Only an alert (21) or a handshake (22) may come first, at a version below 0x1000.
  if ((type !== 21 && type !== 22) || version >= 0x1000) return 'tls: first record does not look like a TLS handshake';
  return undefined;
}

/** OpenSSL's errors for a first record it could not read as TLS at all. */
export const NOT_TLS_CODES: ReadonlySet<string> = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_UNKNOWN_PROTOCOL', 'ERR_SSL_HTTP_REQUEST',
]);

/**
 * A TLS 1.2 ClientHello with one cipher suite: enough for a TLS server to answer with a record of its own, and
 * for anything else to answer as it answers any bytes.
 */
const CLIENT_HELLO = Buffer.concat([
  Buffer.from([0x16, 0x03, 0x01, 0x00, 0x2d, 0x01, 0x00, 0x00, 0x29, 0x03, 0x03]),
  Buffer.alloc(32, 0x2a),
  Buffer.from([0x00, 0x00, 0x02, 0x00, 0x2f, 0x01, 0x00]),
]);

/**
 * The first 5 bytes the server answers a ClientHello with, on a connection `open` makes for it (the same way, proxy
 * and all, without TLS); undefined when fewer came within `ms` (closed, reset, silent, or no way there).
 */
export async function firstRecordHeader(open: () => Promise<Socket>, ms: number): Promise<Uint8Array | undefined> {
  let socket: Socket;
  try {
    socket = await open();
  } catch {
    return undefined;
  }
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const done = (header: Uint8Array | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(header);
    };
    const timer = setTimeout(() => done(undefined), ms);
    timer.unref?.();
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 5) done(got.subarray(0, 5));
    });
    socket.on('error', () => done(undefined));
    socket.on('end', () => done(undefined));
    socket.write(CLIENT_HELLO);
  });
}
