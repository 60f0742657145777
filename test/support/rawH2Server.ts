// A TLS server on 127.0.0.1 that speaks HTTP/2 frame by frame, so a test can break the protocol on purpose:
// it reads the client's preface and frames, records them, and hands each request (stream id and :path) to the
// test, which answers with whatever frames it likes. It closes itself with the test. Test tooling only.
import * as net from 'node:net';
import * as tls from 'node:tls';
import { HpackDecoder } from '../../server/src/transport/h2/hpack';

export interface RawFrame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
}

const PREFACE_LENGTH = 24;

/** One client connection, as the test sees it. */
export class RawH2Connection {
  /** Every frame the client sent, in order. */
  readonly received: RawFrame[] = [];
  private pending = Buffer.alloc(0);
  private prefaceSeen = false;
  private readonly decoder = new HpackDecoder(1 << 20);

  constructor(readonly socket: tls.TLSSocket, readonly index: number, private readonly onRequest: (c: RawH2Connection, streamId: number, path: string) => void, private readonly onFrame?: (c: RawH2Connection, f: RawFrame) => void) {
    socket.on('data', (d: Buffer) => this.read(d));
    socket.on('error', () => undefined);
  }

  frame(type: number, flags: number, streamId: number, payload: Uint8Array = Buffer.alloc(0)): void {
    const header = Buffer.alloc(9);
    header.writeUIntBE(payload.length, 0, 3);
    header[3] = type;
    header[4] = flags;
    header.writeUInt32BE(streamId, 5);
    if (!this.socket.destroyed) this.socket.write(Buffer.concat([header, payload]));
  }

  /** A complete response: HEADERS (:status and `headers`), then the body in one DATA frame. */
  respond(streamId: number, status: number, body: string, headers: [string, string][] = []): void {
    this.frame(1, 0x4, streamId, block([[':status', String(status)], ['content-length', String(Buffer.byteLength(body))], ...headers]));
    this.frame(0, 0x1, streamId, Buffer.from(body));
  }

  goAway(lastStreamId: number, code = 0): void {
    const p = Buffer.alloc(8);
    p.writeUInt32BE(lastStreamId, 0);
    p.writeUInt32BE(code, 4);
    this.frame(7, 0, 0, p);
  }

  reset(streamId: number, code: number): void {
    const p = Buffer.alloc(4);
    p.writeUInt32BE(code);
    this.frame(3, 0, streamId, p);
  }

  private read(d: Buffer): void {
    this.pending = Buffer.concat([this.pending, d]);
    if (!this.prefaceSeen) {
      if (this.pending.length < PREFACE_LENGTH) return;
      this.pending = this.pending.subarray(PREFACE_LENGTH);
      this.prefaceSeen = true;
    }
    while (this.pending.length >= 9) {
      const length = this.pending.readUIntBE(0, 3);
      if (this.pending.length < 9 + length) return;
      const f = { type: this.pending[3], flags: this.pending[4], streamId: this.pending.readUInt32BE(5) & 0x7fffffff, payload: this.pending.subarray(9, 9 + length) };
      this.pending = this.pending.subarray(9 + length);
      this.received.push(f);
      this.handle(f);
    }
  }

  private handle(f: RawFrame): void {
    if (f.type === 4 && !(f.flags & 1)) this.frame(4, 1, 0);
    this.onFrame?.(this, f);
    if (f.type !== 1) return;
    const { fields } = this.decoder.decode(f.payload);
    this.onRequest(this, f.streamId, fields[fields.indexOf(':path') + 1]);
  }
}

/**
 * A header block of literals without indexing (new names), :status as the static entry when it is 200. Enough for
 * a test to say anything; what it cannot say this way it writes as bytes.
 */
export function block(fields: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    if (name === ':status' && value === '200') parts.push(Buffer.from([0x88]));
    else parts.push(Buffer.from([0]), str(name), str(value));
  }
  return Buffer.concat(parts);
}

function str(s: string): Buffer {
  const b = Buffer.from(s, 'latin1');
  if (b.length >= 127) throw new Error('test header too long for a one-byte length');
  return Buffer.concat([Buffer.from([b.length]), b]);
}

export interface RawH2Server {
  port: number;
  connections: RawH2Connection[];
  close(): Promise<void>;
}

/**
 * Starts the server. `settings` are sent as its SETTINGS frame (id, value); `onRequest` hears each request's
 * HEADERS; `onFrame` every frame the client sends.
 */
export async function startRawH2Server(pair: { cert: string; key: string }, onRequest: (c: RawH2Connection, streamId: number, path: string) => void, options: { settings?: [number, number][]; onFrame?: (c: RawH2Connection, f: RawFrame) => void } = {}): Promise<RawH2Server> {
  const connections: RawH2Connection[] = [];
  const server = tls.createServer({ cert: pair.cert, key: pair.key, ALPNProtocols: ['h2'] }, (socket) => {
    const c = new RawH2Connection(socket, connections.length, onRequest, options.onFrame);
    connections.push(c);
    const settings = Buffer.alloc(6 * (options.settings?.length ?? 0));
    options.settings?.forEach(([id, value], i) => {
      settings.writeUInt16BE(id, 6 * i);
      settings.writeUInt32BE(value, 6 * i + 2);
    });
    c.frame(4, 0, 0, settings);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  server.unref();
  return {
    port: (server.address() as net.AddressInfo).port,
    connections,
    close: () => new Promise<void>((resolve) => {
      for (const c of connections) c.socket.destroy();
      server.close(() => resolve());
    }),
  };
}
