// A small SOCKS5 proxy on 127.0.0.1 for tests (RFC 1928, RFC 1929 user/password), recording what each client
// asked for. It only ever dials loopback: listed names (and IP literals 127.0.0.1) map to 127.0.0.1; anything
// else is answered "host unreachable". Modes make it misbehave the ways real proxies fail.
import * as net from 'node:net';

export type Socks5Mode =
  /** Tunnel as asked. */
  | { kind: 'open' }
  /** Refuse every user/password pair (RFC 1929 status 1). */
  | { kind: 'reject-auth' }
  /** Answer every CONNECT with this reply code (e.g. 4 host unreachable, 5 connection refused). */
  | { kind: 'reply'; code: number }
  /** Accept the connection and never answer the greeting. */
  | { kind: 'stall' }
  /** Accept none of the offered authentication methods (0xFF). */
  | { kind: 'no-acceptable-method' }
  /** Reset the connection (TCP RST) once the greeting is read. */
  | { kind: 'reset' };

export interface Socks5Request {
  /** Methods the client offered in its greeting. */
  methods: number[];
  /** RFC 1929 credentials, when the client sent them: a character per byte (latin1), so every byte shows. */
  username?: string;
  password?: string;
  /** Address type of CONNECT: 1 IPv4, 3 domain name, 4 IPv6. */
  addressType?: number;
  /** The host as sent (a domain name or an IP in text). */
  host?: string;
  port?: number;
}

export interface Socks5Server {
  port: number;
  /** socks5://[user:pass@]127.0.0.1:PORT */
  url: string;
  requests: Socks5Request[];
  setMode(mode: Socks5Mode): void;
  close(): Promise<void>;
}

export interface Socks5Options {
  /** Require these credentials (method 2); without them only "no auth" (method 0) is accepted. */
  credentials?: { username: string; password: string };
  /** Names the proxy maps to 127.0.0.1. */
  names?: string[];
  mode?: Socks5Mode;
}

const LOOPBACK = '127.0.0.1';

/** Collects bytes until `n` are available. */
function reader(socket: net.Socket): (n: number) => Promise<Buffer> {
  let buffered = Buffer.alloc(0);
  let waiting: { n: number; resolve: (b: Buffer) => void } | undefined;
  const settle = () => {
    if (waiting && buffered.length >= waiting.n) {
      const out = buffered.subarray(0, waiting.n);
      buffered = buffered.subarray(waiting.n);
      const w = waiting;
      waiting = undefined;
      w.resolve(out);
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    settle();
  });
  return (n) =>
    new Promise((resolve) => {
      waiting = { n, resolve };
      settle();
    });
}

function reply(socket: net.Socket, code: number): void {
  socket.write(Buffer.from([0x05, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
}

export async function startSocks5Server(options: Socks5Options = {}): Promise<Socks5Server> {
  const requests: Socks5Request[] = [];
  const sockets = new Set<net.Socket>();
  let mode: Socks5Mode = options.mode ?? { kind: 'open' };

  async function serve(client: net.Socket): Promise<void> {
    const read = reader(client);
    const seen: Socks5Request = { methods: [] };
    requests.push(seen);
    const [version, count] = await read(2);
    if (version !== 0x05) return void client.destroy();
    seen.methods = [...(await read(count))];
    if (mode.kind === 'stall') return;
    if (mode.kind === 'reset') return void client.resetAndDestroy();
    const wanted = options.credentials || mode.kind === 'reject-auth' ? 0x02 : 0x00;
    if (mode.kind === 'no-acceptable-method' || !seen.methods.includes(wanted)) return void client.end(Buffer.from([0x05, 0xff]));
    client.write(Buffer.from([0x05, wanted]));
    if (wanted === 0x02) {
      const [, ulen] = await read(2);
      seen.username = (await read(ulen)).toString('latin1');
      const [plen] = await read(1);
      seen.password = (await read(plen)).toString('latin1');
      const good = mode.kind !== 'reject-auth' && seen.username === options.credentials?.username && seen.password === options.credentials?.password;
      client.write(Buffer.from([0x01, good ? 0x00 : 0x01]));
      if (!good) return void client.end();
    }
    const [, cmd, , atyp] = await read(4);
    seen.addressType = atyp;
    if (atyp === 0x01) seen.host = [...(await read(4))].join('.');
    else if (atyp === 0x04) seen.host = ipv6Text(await read(16));
    else if (atyp === 0x03) seen.host = (await read((await read(1))[0])).toString('utf8');
    else return void reply(client, 0x08);
    seen.port = (await read(2)).readUInt16BE(0);
    if (cmd !== 0x01) return void reply(client, 0x07);
    if (mode.kind === 'reply') return void reply(client, mode.code);
    const loopback = seen.host === LOOPBACK || seen.host === 'localhost' || options.names?.includes(seen.host);
    if (!loopback) return void reply(client, 0x04);
    const upstream = net.connect(seen.port, LOOPBACK);
    upstream.on('error', () => {
      if (!client.destroyed) reply(client, 0x05);
      client.end();
    });
    upstream.once('connect', () => {
      reply(client, 0x00);
      client.removeAllListeners('data');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    client.on('close', () => upstream.destroy());
  }

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    serve(client).catch(() => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  server.unref();
  const port = (server.address() as net.AddressInfo).port;
  const auth = options.credentials ? `${encodeURIComponent(options.credentials.username)}:${encodeURIComponent(options.credentials.password)}@` : '';
  return {
    port,
    url: `socks5://${auth}${LOOPBACK}:${port}`,
    requests,
    setMode: (m) => void (mode = m),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function ipv6Text(b: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  return groups.join(':');
}
