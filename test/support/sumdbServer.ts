// Owns: our test checksum database — a real HTTP(S) server on 127.0.0.1 serving /latest, /lookup/M@V and
// /tile/... (also under /sumdb/<name>/..., with /sumdb/<name>/supported, so it can stand in for a GOPROXY
// that proxies the database), built from go.sum lines, signed with a generated key, and able to lie on demand.
// Must never: listen on anything but loopback, keep the process alive (timers unref'd), or leave a socket
// open after close().
import * as http from 'node:http';
import * as https from 'node:https';
import * as http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { generateKeyPair, parseSignerKey, type Signer } from '../../server/src/sumdb/note';
import { formatRecord, HASH_SIZE, parseTilePath, recordHash, type Tile } from '../../server/src/sumdb/tlog';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { unescapePath, unescapeVersion } from '../../server/src/parse/module';
import * as zlib from 'node:zlib';
import { TestLog, groupGoSumLines, type LogEntry } from './sumdbLog';

/** Prefixes of database paths ("/latest", "/lookup/", "/tile/", "/tile/8/0/") a lie applies to; all when omitted. */
type Only = { paths?: string[] };

export type Misbehavior =
  | { kind: 'honest' }
  /** Notes carry the right key's name and hash, but one bit of the signature is flipped. */
  | ({ kind: 'bad-signature' } & Only)
  /** Notes are signed by another key under the same database name. */
  | ({ kind: 'other-key' } & Only)
  /** Hash tiles have one bit flipped (in every tile, or those under `paths`). */
  | ({ kind: 'inconsistent-tile' } & Only)
  /** Hash tiles come one hash short (every tile, or those under `paths`). */
  | ({ kind: 'short-tile' } & Only)
  /** /lookup serves a record whose text is not the leaf in the tree (its first hash is changed). */
  | { kind: 'record-not-in-tree' }
  /**
   * That record, for one "module@version", and its level-0 tile with that record's hash as its leaf: a forgery
   * only a client that authenticates the tile against its parent catches.
   */
  | { kind: 'forged-record'; module: string }
  /** /lookup serves a record id the signed tree does not contain yet. */
  | { kind: 'record-beyond-tree' }
  /** The same key signs another history: record 0 changed; same size, or larger with `extraLines`. */
  | { kind: 'fork'; extraLines?: string[] }
  /** Lookups of these "module@version" answer 404 (or 410). */
  | { kind: 'not-found'; modules: string[]; status?: 404 | 410 }
  /** Matching paths answer this status (e.g. 500). */
  | ({ kind: 'status'; status: number } & Only)
  /** Content-Length promises the whole body, half is sent, then the connection is cut. */
  | ({ kind: 'truncate' } & Only)
  /** A 200 body of `bytes` bytes (default 16 MiB), streamed until the client hangs up. */
  | ({ kind: 'oversize'; bytes?: number } & Only)
  /** A 200 promising 4 KiB, whose headers come at once and whose body then comes one byte every `everyMs` ms (default 500). */
  | ({ kind: 'drip'; everyMs?: number } & Only)
  /** The request is accepted and never answered. */
  | ({ kind: 'stall' } & Only)
  /** The connection is destroyed as soon as the request arrives. */
  | ({ kind: 'reset' } & Only)
  /** Answers gzip-encoded when the request asked for gzip (Accept-Encoding), as compressing servers and CDNs do. */
  | ({ kind: 'gzip' } & Only)
  /** Answers marked Content-Encoding: gzip whose bodies are not compressed. */
  | ({ kind: 'mislabelled-gzip' } & Only);

export interface SumdbServerOptions {
  /** Database name; "address" means "127.0.0.1:<port>" (the key is then made after listening). Default "sumdb.test". */
  name?: string;
  /** go.sum lines to build the log from. */
  goSumLines?: string[];
  /**
   * Filler records before each go.sum record (default 0): with 255 or more, every record has a level-0 tile of
   * its own, as in sum.golang.org's log, where a go.sum's records are scattered among millions.
   */
  spread?: number;
  /** A "PRIVATE+KEY+name+hash+key" signer key; a fresh key pair is generated when omitted. */
  signerKey?: string;
  /**
   * HTTPS with this certificate; `http2` serves HTTP/2 (with HTTP/1.1 fallback), advertising `maxConcurrentStreams`
   * in its SETTINGS (default 250, what Go's server says).
   */
  tls?: { cert: string | Buffer; key: string | Buffer; http2?: boolean; maxConcurrentStreams?: number };
  /** Added before every response. */
  latencyMs?: number;
  /** Status of /sumdb/<name>/supported (default 200). */
  supportedStatus?: number;
  misbehavior?: Misbehavior;
}

export interface SumdbServer {
  /** Base URL of the database ("http://127.0.0.1:PORT"). */
  readonly url: string;
  /** The same server as a GOPROXY: it answers <url>/sumdb/<name>/supported and serves the database there. */
  readonly proxyUrl: string;
  /** `${proxyUrl}/sumdb/${name}`: the database reached through the proxy. */
  readonly proxiedDatabaseUrl: string;
  readonly name: string;
  readonly verifierKey: string;
  readonly signerKey: string;
  /** The honest log (tree, records, tiles). */
  readonly log: TestLog;
  /** Paths of every request received, in order (query strings included). */
  readonly requests: string[];
  /** Connections accepted so far. */
  readonly connections: number;
  /** The most requests being answered at once so far. */
  readonly peakInFlight: number;
  /** Answers sent gzip-encoded (the 'gzip' lie, to requests that asked for gzip). */
  readonly gzipped: number;
  /** Honest growth: new module versions appended, a new head signed. */
  append(lines: string[]): Promise<void>;
  setMisbehavior(m: Misbehavior): void;
  setLatency(ms: number): void;
  setSupportedStatus(status: number): void;
  close(): Promise<void>;
}

const DEFAULT_OVERSIZE = 16 << 20;

/** Derives the verifier key of a signer key (same name and hash, public half of the key). */
function verifierKeyOf(signerKey: string): string {
  const parts = signerKey.split('+');
  const signer = parseSignerKey(signerKey);
  // parseSignerKey has already checked the hash against the derived public key; rebuild it the same way.
  const seed = Buffer.from(parts.slice(4).join('+'), 'base64').subarray(1);
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
  const pub = Buffer.concat([Buffer.of(1), spki.subarray(spki.length - 32)]);
  return `${signer.name}+${signer.keyHash.toString(16).padStart(8, '0')}+${pub.toString('base64')}`;
}

function flipSignatureBit(note: Uint8Array): Uint8Array {
  const text = Buffer.from(note).toString('utf8');
  const start = text.lastIndexOf('\n— ');
  const line = text.slice(start + 1, text.length - 1);
  const space = line.lastIndexOf(' ');
  const sig = Buffer.from(line.slice(space + 1), 'base64');
  sig[sig.length - 1] ^= 1;
  return Buffer.from(text.slice(0, start + 1) + line.slice(0, space + 1) + sig.toString('base64') + '\n', 'utf8');
}

/** Changes the first hash in a record text to another well-formed one. */
function alterRecordText(text: Uint8Array): Uint8Array {
  const s = Buffer.from(text).toString('utf8');
  const m = /h1:([A-Za-z0-9+/]{43}=)/.exec(s);
  if (!m) return Buffer.from(s.replace(/\n$/, 'x\n'), 'utf8');
  const other = Buffer.from(m[1], 'base64');
  other[0] ^= 0xff;
  return Buffer.from(s.replace(m[1], other.toString('base64')), 'utf8');
}

/** In a level-0 tile holding the record of `module` ("path@version"), that record's leaf made the altered text's. */
function forgeLeaf(view: TestLog, module: string, tile: Tile, data: Buffer): void {
  const at = module.lastIndexOf('@');
  const id = view.id(module.slice(0, at), module.slice(at + 1));
  const first = tile.n * 2 ** tile.h;
  if (tile.l !== 0 || id === undefined || id < first || id >= first + tile.w) return;
  Buffer.from(recordHash(alterRecordText(view.entry(id).text))).copy(data, (id - first) * HASH_SIZE);
}

function matches(m: Misbehavior, dbPath: string): boolean {
  const paths = (m as Only).paths;
  return !paths || paths.some((p) => dbPath.startsWith(p));
}

export async function startSumdbServer(options: SumdbServerOptions = {}): Promise<SumdbServer> {
  return TestSumdb.start(options);
}

type Req = http.IncomingMessage | http2.Http2ServerRequest;
type Res = http.ServerResponse | http2.Http2ServerResponse;

const TEXT = 'text/plain; charset=utf-8';
const SIGNED_TEXT = 'text/plain; charset=UTF-8';

/** The server, its counts and the lie it tells: one instance per startSumdbServer. */
class TestSumdb implements SumdbServer {
  readonly requests: string[] = [];
  connections = 0;
  peakInFlight = 0;
  gzipped = 0;
  url = '';
  name: string;
  signerKey: string;
  verifierKey = '';
  log!: TestLog;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private readonly server: http.Server | https.Server | http2.Http2SecureServer;
  /** Answers that asked for gzip (Accept-Encoding), for the 'gzip' lie. */
  private readonly askedGzip = new WeakSet<Res>();
  private inFlight = 0;
  private latencyMs: number;
  private supportedStatus: number;
  private misbehavior: Misbehavior;
  /** Log growth and forks in order: every answer waits for them. */
  private pending: Promise<unknown> = Promise.resolve();
  private forkLog: TestLog | undefined;
  private otherSigner: Signer | undefined;
  private closed = false;

  private constructor(private readonly options: SumdbServerOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.supportedStatus = options.supportedStatus ?? 200;
    this.misbehavior = options.misbehavior ?? { kind: 'honest' };
    // Filled in once listening when they depend on the port.
    this.name = options.name ?? 'sumdb.test';
    this.signerKey = options.signerKey ?? '';
    this.server = this.createServer();
  }

  static async start(options: SumdbServerOptions): Promise<TestSumdb> {
    const db = new TestSumdb(options);
    await db.listen();
    return db;
  }

  get proxyUrl(): string {
    return this.url;
  }

  get proxiedDatabaseUrl(): string {
    return `${this.url}${this.prefix}`;
  }

  private get prefix(): string {
    return `/sumdb/${this.name}`;
  }

  append(lines: string[]): Promise<void> {
    return this.inOrder(() => this.log.append(groupGoSumLines(lines)));
  }

  setMisbehavior(m: Misbehavior): void {
    this.misbehavior = m;
    if (m.kind !== 'fork') return;
    if (this.log.size === 0) throw new Error('cannot fork an empty log');
    void this.inOrder(async () => { this.forkLog = await this.buildFork(m.extraLines ?? []); });
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  setSupportedStatus(status: number): void {
    this.supportedStatus = status;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sessions) s.destroy();
    for (const s of this.sockets) s.destroy();
    await done;
  }

  /** Runs `work` after every change queued before it; answers wait for the queue. */
  private inOrder(work: () => Promise<void>): Promise<void> {
    const next = this.pending.then(work);
    this.pending = next.catch(() => undefined);
    return next;
  }

  private createServer(): http.Server | https.Server | http2.Http2SecureServer {
    const { tls } = this.options;
    const handler = (req: Req, res: Res) => this.handle(req, res);
    const server = tls
      ? tls.http2
        ? http2.createSecureServer({ cert: tls.cert, key: tls.key, allowHTTP1: true, settings: { maxConcurrentStreams: tls.maxConcurrentStreams ?? 250 } }, handler as never)
        : https.createServer({ cert: tls.cert, key: tls.key }, handler as never)
      : http.createServer(handler as never);
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      if (!tls) this.connections++;
    });
    server.on('secureConnection', () => { this.connections++; });
    server.on('session', (s: http2.ServerHttp2Session) => {
      this.sessions.add(s);
      s.on('close', () => this.sessions.delete(s));
    });
    return server;
  }

  /** Listens on loopback, then names the database (by port when asked), keys it and builds its log. */
  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (this.server.address() as AddressInfo).port;
    this.url = `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    if (this.name === 'address') this.name = `127.0.0.1:${port}`;
    if (!this.signerKey) this.signerKey = generateKeyPair(this.name).signerKey;
    this.verifierKey = verifierKeyOf(this.signerKey);
    if (parseSignerKey(this.signerKey).name !== this.name) {
      this.server.close();
      throw new Error(`signer key is for ${parseSignerKey(this.signerKey).name}, not ${this.name}`);
    }
    this.log = await TestLog.fromGoSum(this.options.goSumLines ?? [], this.signerKey, this.options.spread ?? 0);
  }

  private handle(req: Req, res: Res): void {
    const url = req.url ?? '/';
    this.requests.push(url);
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) this.askedGzip.add(res);
    this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight);
    res.once('close', () => { this.inFlight--; });
    void this.serve(res, url).catch((err) => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(`test server error: ${(err as Error).message}\n`);
      } else {
        res.destroy?.();
      }
    });
  }

  private async serve(res: Res, url: string): Promise<void> {
    const pathOnly = url.split('?')[0];
    const dbPath = pathOnly.startsWith(this.prefix + '/') ? pathOnly.slice(this.prefix.length) : pathOnly;
    const m = this.misbehavior;
    if (m.kind === 'stall' && matches(m, dbPath)) return; // never answered; close() cuts it
    if (m.kind === 'reset' && matches(m, dbPath)) return cut(res);
    if (m.kind === 'drip' && matches(m, dbPath)) return this.drip(res, m.everyMs ?? 500);
    await this.pending;
    if (this.latencyMs > 0) await delay(this.latencyMs);
    if (this.closed) return;
    if (pathOnly === `${this.prefix}/supported`) {
      const status = this.supportedStatus;
      return this.send(res, dbPath, status, status === 200 ? '' : `${status} ${STATUS_CODES[status] ?? ''}: this proxy does not proxy checksum database ${this.name}\n`, TEXT);
    }
    if (m.kind === 'status' && matches(m, dbPath)) return this.send(res, dbPath, m.status, `${m.status} ${STATUS_CODES[m.status] ?? ''} (injected by the test server)\n`, TEXT);
    if (m.kind === 'oversize' && matches(m, dbPath)) return this.streamOversize(res, m.bytes ?? DEFAULT_OVERSIZE);
    const view = m.kind === 'fork' && this.forkLog ? this.forkLog : this.log;
    if (dbPath === '/latest') return this.send(res, dbPath, 200, await this.signedFor(view, m, dbPath), SIGNED_TEXT);
    if (dbPath.startsWith('/lookup/')) return this.serveLookup(res, dbPath, view, m);
    if (dbPath.startsWith('/tile/')) return this.serveTile(res, dbPath, view, m);
    this.send(res, dbPath, 404, '404 page not found\n', TEXT);
  }

  private async serveLookup(res: Res, dbPath: string, view: TestLog, m: Misbehavior): Promise<void> {
    const mod = dbPath.slice('/lookup/'.length);
    if (!/^[^@]+@v[0-9]+\.[0-9]+\.[0-9]+(-[^@]*)?(\+incompatible)?$/.test(mod)) return this.send(res, dbPath, 400, 'invalid module@version syntax\n', TEXT);
    const at = mod.indexOf('@');
    let path: string;
    let version: string;
    try {
      path = unescapePath(mod.slice(0, at));
      version = unescapeVersion(mod.slice(at + 1));
    } catch (err) {
      return this.send(res, dbPath, 404, `${(err as Error).message}\n`, TEXT);
    }
    if (m.kind === 'not-found' && m.modules.includes(`${path}@${version}`)) {
      const status = m.status ?? 404;
      return this.send(res, dbPath, status, `${status === 410 ? 'gone' : 'not found'}: ${path}@${version}\n`, TEXT);
    }
    const id = view.id(path, version);
    if (id === undefined) return this.send(res, dbPath, 404, `not found: ${path}@${version}\n`, TEXT);
    const signed = await this.signedFor(view, m, dbPath);
    let record: Uint8Array;
    if (m.kind === 'record-not-in-tree' || (m.kind === 'forged-record' && m.module === `${path}@${version}`)) {
      record = formatRecord(id, alterRecordText(view.entry(id).text));
    } else if (m.kind === 'record-beyond-tree') record = formatRecord(view.size, view.entry(id).text);
    else record = formatRecord(id, view.entry(id).text);
    this.send(res, dbPath, 200, Buffer.concat([record, signed]), SIGNED_TEXT);
  }

  private async serveTile(res: Res, dbPath: string, view: TestLog, m: Misbehavior): Promise<void> {
    let tile: Tile;
    try {
      tile = parseTilePath(dbPath.slice(1));
    } catch {
      return this.send(res, dbPath, 400, 'invalid tile syntax\n', TEXT);
    }
    if (!view.hasTile(tile)) return this.send(res, dbPath, 404, `tile not found: ${dbPath.slice(1)}\n`, TEXT);
    const data = Buffer.from(await view.tileData(tile));
    if (m.kind === 'inconsistent-tile' && tile.l >= 0 && matches(m, dbPath)) data[0] ^= 1;
    if (m.kind === 'forged-record') forgeLeaf(view, m.module, tile, data);
    const served = m.kind === 'short-tile' && tile.l >= 0 && matches(m, dbPath) ? data.subarray(0, data.length - HASH_SIZE) : data;
    this.send(res, dbPath, 200, served, tile.l >= 0 ? 'application/octet-stream' : SIGNED_TEXT);
  }

  /** Sends a whole response, unless a 'truncate' lie applies to this path; gzip-encoded under a 'gzip' lie. */
  private send(res: Res, dbPath: string, status: number, body: Uint8Array | string, type: string): void {
    let bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const m = this.misbehavior;
    res.statusCode = status;
    res.setHeader('content-type', type);
    if (m.kind === 'gzip' && matches(m, dbPath) && this.askedGzip.has(res)) {
      bytes = zlib.gzipSync(bytes);
      res.setHeader('content-encoding', 'gzip');
      this.gzipped++;
    }
    if (m.kind === 'mislabelled-gzip' && matches(m, dbPath)) res.setHeader('content-encoding', 'gzip');
    res.setHeader('content-length', String(bytes.length));
    if (m.kind === 'truncate' && matches(m, dbPath)) {
      (res as http.ServerResponse).write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      setTimeout(() => cut(res), 10).unref();
      return;
    }
    res.end(bytes);
  }

  private streamOversize(res: Res, bytes: number): void {
    res.statusCode = 200;
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-length', String(bytes));
    const chunk = Buffer.alloc(64 << 10, 0x41);
    let sent = 0;
    const pump = (): void => {
      while (sent < bytes && !this.closed && !res.destroyed) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        const ok = (res as http.ServerResponse).write(chunk.subarray(0, n));
        if (!ok) { res.once('drain', pump); return; }
      }
      if (sent >= bytes) res.end();
    };
    res.on('close', () => { sent = bytes; });
    pump();
  }

  /** Headers, then a byte at a time, until the client or close() hangs up. */
  private drip(res: Res, everyMs: number): void {
    res.statusCode = 200;
    res.setHeader('content-type', 'text/plain; charset=UTF-8');
    res.setHeader('content-length', '4096');
    (res as http.ServerResponse).flushHeaders();
    const timer = setInterval(() => {
      if (this.closed || res.destroyed) clearInterval(timer);
      else (res as http.ServerResponse).write('x');
    }, everyMs);
    timer.unref();
    res.on('close', () => clearInterval(timer));
  }

  private async signedFor(view: TestLog, m: Misbehavior, dbPath: string): Promise<Uint8Array> {
    if (m.kind === 'other-key' && matches(m, dbPath)) {
      this.otherSigner ??= parseSignerKey(generateKeyPair(this.name).signerKey);
      return view.signedTree(view.size, this.otherSigner);
    }
    const signed = await view.signedTree();
    return m.kind === 'bad-signature' && matches(m, dbPath) ? flipSignatureBit(signed) : signed;
  }

  private async buildFork(extraLines: string[]): Promise<TestLog> {
    const entries: LogEntry[] = this.log.entries.map((e, i) => (i === 0 ? { ...e, text: alterRecordText(e.text) } : e));
    const fork = new TestLog(parseSignerKey(this.signerKey));
    await fork.append(entries);
    await fork.append(groupGoSumLines(extraLines));
    return fork;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function cut(res: Res): void {
  if ('stream' in res && res.stream) res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  else (res as http.ServerResponse).socket?.destroy();
}
