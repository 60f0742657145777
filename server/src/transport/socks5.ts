// The SOCKS5 handshake (RFC 1928, username/password RFC 1929) over a connected socket, as Go's net/http does it
// for a socks5:// proxy: the target's host NAME goes to the proxy (nothing is resolved locally), and failures read
// as golang.org/x/net/internal/socks words them: `socks connect tcp PROXY->TARGET: REASON`.
// Speaks nothing beyond the handshake; never opens sockets itself (connector.ts does).
import * as net from 'node:net';
import { errorCode, goGetError } from './failure';
import { normalizeIp } from './proxyRules';
import { FailureKind, SocksStage, TransportError } from './types';
import { bareHost, joinHostPort } from './urlHost';

/** RFC 1928 reply codes, named as Go's socks.Reply.String() names them. */
const REPLY_TEXT: Record<number, string> = {
  0x01: 'general SOCKS server failure',
  0x02: 'connection not allowed by ruleset',
  0x03: 'network unreachable',
  0x04: 'host unreachable',
  0x05: 'connection refused',
  0x06: 'TTL expired',
  0x07: 'command not supported',
  0x08: 'address type not supported',
};

function socksReplyText(code: number): string {
  return REPLY_TEXT[code] ?? `unknown code: ${code}`;
}

/** Replies that mean "the proxy would not connect us": the hop is blocked, as a refused dial is. */
function replyKind(code: number): FailureKind {
  return code >= 0x02 && code <= 0x05 ? 'refused' : 'other';
}

export interface SocksTarget {
  /** A host name or IP literal (brackets allowed). */
  hostname: string;
  port: number;
}

const NO_AUTH = 0x00;
const USER_PASS = 0x02;
const NO_ACCEPTABLE = 0xff;

/**
 * The CONNECT request: an IP literal by address type (IPv4-mapped IPv6 as IPv4, as Go's ip.To4 sends it), any
 * other name as a domain (RFC 1928 §5).
 */
function connectRequest(host: string, port: number): Buffer {
  const ip = normalizeIp(host);
  let addr: Buffer;
  if (ip && net.isIPv4(ip)) addr = Buffer.from([0x01, ...ip.split('.').map(Number)]);
  else if (ip) {
    addr = Buffer.alloc(17);
    addr[0] = 0x04;
    ip.split(':').forEach((g, i) => addr.writeUInt16BE(parseInt(g, 16), 1 + i * 2));
  } else {
    const name = Buffer.from(host, 'utf8');
    if (name.length > 255) throw new Error('FQDN too long');
    addr = Buffer.concat([Buffer.from([0x03, name.length]), name]);
  }
  return Buffer.concat([Buffer.from([0x05, 0x01, 0x00]), addr, Buffer.from([port >> 8, port & 0xff])]);
}

/** Reads exact byte counts from a socket; rejects with Go's io.ReadFull words when it ends early. */
class Reader {
  private buffered = Buffer.alloc(0);
  private want = 0;
  private waiting: { resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  private failed: Error | undefined;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
  }

  read(n: number): Promise<Buffer> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.want = n;
      this.waiting = { resolve, reject };
      this.settle();
    });
  }

  /** Stop listening; bytes that arrived past the handshake go back to the socket. */
  release(): void {
    this.socket.removeListener('data', this.onData);
    this.socket.removeListener('end', this.onEnd);
    this.socket.removeListener('error', this.onError);
    if (this.buffered.length > 0) this.socket.unshift(this.buffered);
    this.buffered = Buffer.alloc(0);
  }

  private settle(): void {
    if (!this.waiting) return;
    if (this.buffered.length >= this.want) {
      const out = this.buffered.subarray(0, this.want);
      this.buffered = this.buffered.subarray(this.want);
      const w = this.waiting;
      this.waiting = undefined;
      w.resolve(out);
    } else if (this.failed) {
      const w = this.waiting;
      this.waiting = undefined;
      w.reject(this.failed);
    }
  }

  private onData = (chunk: Buffer): void => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.settle();
  };

  private onEnd = (): void => {
    // io.ReadFull: EOF when nothing of the wanted bytes came, "unexpected EOF" when some did.
    this.failed = Object.assign(new Error(this.buffered.length > 0 && this.waiting ? 'unexpected EOF' : 'EOF'), { code: 'EOF' });
    this.settle();
  };

  private onError = (err: Error): void => {
    this.failed = err;
    this.settle();
  };
}

export interface SocksOptions {
  /** The proxy's address as dialled (ip:port), which Go names in its error. */
  proxyAddress: string;
  timeoutMs: number;
  /** The request origin, for the TransportError. */
  origin: string;
}

/**
 * Ask the SOCKS5 proxy on `socket` to connect to `target`; resolves once it answered "succeeded". Credentials
 * come from the proxy URL's user info (user name required for RFC 1929, as in Go).
 */
export function socksConnect(socket: net.Socket, target: SocksTarget, proxy: URL, options: SocksOptions): Promise<void> {
  const host = bareHost(target.hostname);
  const destination = joinHostPort(host, target.port);
  const prefix = `socks connect tcp ${options.proxyAddress}->${destination}: `;
  const fail = (kind: FailureKind, reason: string, extra: TransportError['detail'] = {}) =>
    new TransportError(kind, options.origin, goGetError(options.origin, prefix + reason), { proxy: proxy.href, address: options.proxyAddress, ...extra });
  const username = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  const withAuth = proxy.username !== '' || proxy.password !== '';
  const reader = new Reader(socket);
  let timedOut = false;
  let stage: SocksStage = 'greeting';

  const run = async (): Promise<void> => {
    // Go offers user/password next to "no auth" when the URL has user info, and only "no auth" otherwise.
    socket.write(Buffer.from(withAuth ? [0x05, 2, NO_AUTH, USER_PASS] : [0x05, 1, NO_AUTH]));
    const hello = await reader.read(2);
    if (hello[0] !== 0x05) throw fail('malformed', `unexpected protocol version ${hello[0]}`, { socks: { stage: 'greeting' } });
    if (hello[1] === NO_ACCEPTABLE) throw fail('refused', 'no acceptable authentication methods', { socks: { stage: 'greeting' } });
    if (withAuth && hello[1] === USER_PASS) {
      stage = 'auth';
      const user = Buffer.from(username, 'utf8');
      const pass = Buffer.from(password, 'utf8');
      if (user.length === 0 || user.length > 255 || pass.length > 255) throw fail('other', 'invalid username/password', { socks: { stage: 'auth' } });
      socket.write(Buffer.concat([Buffer.from([0x01, user.length]), user, Buffer.from([pass.length]), pass]));
      const status = await reader.read(2);
      if (status[0] !== 0x01) throw fail('malformed', 'invalid username/password version', { socks: { stage: 'auth' } });
      if (status[1] !== 0x00) throw fail('refused', 'username/password authentication failed', { socks: { stage: 'auth' } });
    } else if (hello[1] !== NO_AUTH) {
      // Go's dialer without credentials ignores the method; with them it refuses one it cannot speak.
      if (withAuth) throw fail('other', `unsupported authentication method ${hello[1]}`, { socks: { stage: 'auth' } });
    }
    stage = 'connect';
    let request: Buffer;
    try {
      request = connectRequest(host, target.port);
    } catch (e) {
      throw fail('other', (e as Error).message, { socks: { stage: 'connect' } });
    }
    socket.write(request);
    const head = await reader.read(4);
    if (head[0] !== 0x05) throw fail('malformed', `unexpected protocol version ${head[0]}`, { socks: { stage: 'connect' } });
    if (head[1] !== 0x00) throw fail(replyKind(head[1]), `unknown error ${socksReplyText(head[1])}`, { socks: { stage: 'connect', reply: head[1] } });
    if (head[2] !== 0x00) throw fail('malformed', 'non-zero reserved field', { socks: { stage: 'connect' } });
    let rest: number;
    if (head[3] === 0x01) rest = 4;
    else if (head[3] === 0x04) rest = 16;
    else if (head[3] === 0x03) rest = (await reader.read(1))[0];
    else throw fail('malformed', `unknown address type ${head[3]}`, { socks: { stage: 'connect' } });
    await reader.read(rest + 2); // the bound address and port: Go reads and drops them
  };

  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      timedOut = true;
      reader.release();
      const local = joinHostPort(socket.localAddress ?? '', socket.localPort ?? 0);
      socket.destroy();
      reject(fail('timeout', `read tcp ${local}->${options.proxyAddress}: i/o timeout`, { phase: 'connect', socks: { stage } }));
    }, options.timeoutMs);
    timer.unref?.();
    run().then(
      () => {
        if (timedOut) return;
        clearTimeout(timer);
        reader.release();
        resolve();
      },
      (err: unknown) => {
        if (timedOut) return;
        clearTimeout(timer);
        reader.release();
        socket.destroy();
        if (err instanceof TransportError) return reject(err);
        const e = err as Error;
        const code = errorCode(e);
        const kind: FailureKind = code === 'EOF' || code === 'ECONNRESET' || code === 'EPIPE' ? 'reset' : 'other';
        const reason = code === 'ECONNRESET' ? `read tcp ${joinHostPort(socket.localAddress ?? '', socket.localPort ?? 0)}->${options.proxyAddress}: read: connection reset by peer` : e.message;
        reject(fail(kind, reason, { code, cause: err, socks: { stage } }));
      },
    );
  });
}
