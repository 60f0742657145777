// The SOCKS5 handshake (RFC 1928, username/password RFC 1929) over a connected socket, as Go's net/http does it
// for a socks5:// proxy: the target's host NAME goes to the proxy (nothing is resolved locally), and failures read
// as golang.org/x/net/internal/socks words them: `socks connect tcp PROXY->TARGET: REASON`.
// Speaks nothing beyond the handshake; never opens sockets itself (connector.ts does).
import net = require('node:net');
import { errorCode, goGetError, UNEXPECTED_EOF } from './failure';
import { normalizeIp } from './proxyRules';
import { FailureKind, SocksStage, TransportError } from './types';
import { bareHost, joinHostPort } from './urlHost';
import { userinfoBytes } from '../shared/goUrl';

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
    this.failed = Object.assign(new Error(this.buffered.length > 0 && this.waiting ? UNEXPECTED_EOF : 'EOF'), { code: 'EOF' });
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
  return new SocksHandshake(socket, target, proxy, options).run();
}

/** One handshake, step by step as Go's socks.Dialer does it: greeting, authentication, CONNECT. */
class SocksHandshake {
  private readonly host: string;
  /** Go's words before every reason: "socks connect tcp PROXY->TARGET: ". */
  private readonly prefix: string;
  /**
   * Go's words for a read from the proxy: "read tcp LOCAL->PROXY". Named while the socket is connected: once
   * destroyed (a reset destroys it before we hear of it) it no longer knows its local address.
   */
  private readonly reading: string;
  private readonly withAuth: boolean;
  /** The URL's user name and password as url.Parse decodes them: %XX is that byte, even one that is no UTF-8. */
  private readonly username: Buffer;
  private readonly password: Buffer;
  private readonly reader: Reader;
  /** Where the handshake is, named in its failures. */
  private stage: SocksStage = 'greeting';
  private timedOut = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly target: SocksTarget,
    private readonly proxy: URL,
    private readonly options: SocksOptions,
  ) {
    this.host = bareHost(target.hostname);
    this.prefix = `socks connect tcp ${options.proxyAddress}->${joinHostPort(this.host, target.port)}: `;
    this.reading = `read tcp ${joinHostPort(socket.localAddress ?? '', socket.localPort ?? 0)}->${options.proxyAddress}`;
    this.withAuth = proxy.username !== '' || proxy.password !== '';
    this.username = userinfoBytes(proxy.username);
    this.password = userinfoBytes(proxy.password);
    this.reader = new Reader(socket);
  }

  /** The steps under the time limit: the socket is destroyed on failure and handed back as it is on success. */
  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.timedOut = true;
        this.reader.release();
        this.socket.destroy();
        reject(this.fail('timeout', `${this.reading}: i/o timeout`, { phase: 'connect', socks: { stage: this.stage } }));
      }, this.options.timeoutMs);
      timer.unref?.();
      // Past the time limit the timer has answered already.
      const stopTimer = (): boolean => {
        if (this.timedOut) return false;
        clearTimeout(timer);
        this.reader.release();
        return true;
      };
      this.greet().then(() => this.connect()).then(
        () => { if (stopTimer()) resolve(); },
        (err: unknown) => {
          if (!stopTimer()) return;
          this.socket.destroy();
          reject(this.failure(err));
        },
      );
    });
  }

  private fail(kind: FailureKind, reason: string, extra: TransportError['detail'] = {}): TransportError {
    const origin = this.options.origin;
    return new TransportError(kind, origin, goGetError(origin, this.prefix + reason), { proxy: this.proxy.href, address: this.options.proxyAddress, ...extra });
  }

  /** A failure of the current stage (with the proxy's reply code, for a refused CONNECT). */
  private refused(kind: FailureKind, reason: string, reply?: number): TransportError {
    return this.fail(kind, reason, { socks: reply === undefined ? { stage: this.stage } : { stage: this.stage, reply } });
  }

  /** A failure that is not the proxy's word (the socket ended or broke), in Go's words. */
  private failure(err: unknown): TransportError {
    if (err instanceof TransportError) return err;
    const e = err as Error;
    const code = errorCode(e);
    const kind: FailureKind = code === 'EOF' || code === 'ECONNRESET' || code === 'EPIPE' ? 'reset' : 'other';
    const reason = code === 'ECONNRESET' ? `${this.reading}: read: connection reset by peer` : e.message;
    return this.fail(kind, reason, { code, cause: err, socks: { stage: this.stage } });
  }

  /** Offers the methods we speak, then authenticates if the proxy picked user/password. */
  private async greet(): Promise<void> {
    // Go offers user/password next to "no auth" when the URL has user info, and only "no auth" otherwise.
    this.socket.write(Buffer.from(this.withAuth ? [0x05, 2, NO_AUTH, USER_PASS] : [0x05, 1, NO_AUTH]));
    const hello = await this.reader.read(2);
    if (hello[0] !== 0x05) throw this.refused('malformed', `unexpected protocol version ${hello[0]}`);
    if (hello[1] === NO_ACCEPTABLE) throw this.refused('refused', 'no acceptable authentication methods');
    if (this.withAuth && hello[1] === USER_PASS) return this.authenticate();
    // Go's dialer without credentials ignores the method; with them it refuses one it cannot speak.
    if (hello[1] !== NO_AUTH && this.withAuth) {
      this.stage = 'auth';
      throw this.refused('other', `unsupported authentication method ${hello[1]}`);
    }
  }

  /** RFC 1929: user name and password from the proxy URL. */
  private async authenticate(): Promise<void> {
    this.stage = 'auth';
    const { username: user, password: pass } = this;
    if (user.length === 0 || user.length > 255 || pass.length > 255) throw this.refused('other', 'invalid username/password');
    this.socket.write(Buffer.concat([Buffer.from([0x01, user.length]), user, Buffer.from([pass.length]), pass]));
    const status = await this.reader.read(2);
    if (status[0] !== 0x01) throw this.refused('malformed', 'invalid username/password version');
    if (status[1] !== 0x00) throw this.refused('refused', 'username/password authentication failed');
  }

  /** The CONNECT request and the proxy's reply, whose bound address Go reads and drops. */
  private async connect(): Promise<void> {
    this.stage = 'connect';
    let request: Buffer;
    try {
      request = connectRequest(this.host, this.target.port);
    } catch (e) {
      throw this.refused('other', (e as Error).message);
    }
    this.socket.write(request);
    const head = await this.reader.read(4);
    if (head[0] !== 0x05) throw this.refused('malformed', `unexpected protocol version ${head[0]}`);
    if (head[1] !== 0x00) throw this.refused(replyKind(head[1]), `unknown error ${socksReplyText(head[1])}`, head[1]);
    if (head[2] !== 0x00) throw this.refused('malformed', 'non-zero reserved field');
    let rest: number;
    if (head[3] === 0x01) rest = 4;
    else if (head[3] === 0x04) rest = 16;
    else if (head[3] === 0x03) rest = (await this.reader.read(1))[0];
    else throw this.refused('malformed', `unknown address type ${head[3]}`);
    await this.reader.read(rest + 2);
  }
}
