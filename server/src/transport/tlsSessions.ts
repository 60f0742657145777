// Owns: TLS sessions kept from connections this process verified, so that the next process to reach the same
// server resumes one instead of loading the roots: reading ~150 roots and adding them to a context (Node also
// builds its own bundled store the first time a context gets a root) was ~55 ms of a ~280 ms warm check.
// A session is kept only after its handshake passed our verification (Go's rules, peerCertificate.ts). Its key
// names the server, the protocols offered, the route and the trust store as it is now (trustStoreFingerprint),
// so a change to any of them means a full handshake. A saved session grants nothing by itself: the connection
// that offers it trusts no root, so if the server does not resume it, that handshake fails our checks and the
// connection is made again with the roots (connector.ts).
// Must never: keep a session from a handshake that failed or skipped verification (the probe's inspection), or
// hand back bytes that are not exactly what was written for that key.
import { createHash } from 'node:crypto';
import fs = require('node:fs');
import fsp = require('node:fs/promises');
import path = require('node:path');
import { writeAtomic } from '../shared/atomicFile';

/** Where sessions are kept between processes. */
export interface TlsSessions {
  /** The session kept for `key`, if there is one young enough to offer. */
  saved(key: string): Buffer | undefined;
  /** Keeps a verified connection's newest session for `key` (written behind). */
  keep(key: string, session: Buffer): void;
  /** Resolves once every write begun has landed or failed (a lost session only costs a full handshake). */
  settled(): Promise<void>;
}

const MAGIC = 'gosum-doctor tls session 1';
/** OpenSSL's sessions are a few KB (the server's certificate is in them); anything larger is not one we wrote. */
const MAX_SESSION_BYTES = 32 << 10;
/** Older sessions are not offered: servers stop taking their tickets within days (Go's after 7), and a day bounds how long a trust change goes unseen. */
export const SESSION_MAX_AGE_MS = 24 * 3600_000;

/** The key a session is kept under: the server and port, the protocols offered, the route, the trust store. */
export function sessionKey(host: string, port: number, alpn: readonly string[], route: string, roots: string): string {
  return [`${host}:${port}`, alpn.join(','), route, roots].join(' ');
}

/** One file per key in `dir`: "<MAGIC>\n<saved at, ms>\n<key>\n" then the session's bytes (DER, as OpenSSL gives them). */
export class TlsSessionFiles implements TlsSessions {
  private readonly writes = new Set<Promise<void>>();
  /** Whether this process has cleared out old sessions yet (once, with its first write). */
  private pruned = false;
  /** Each key's session as this process knows it: its file is read once (not per connection), then keep() updates it. */
  private readonly known = new Map<string, KeptSession | undefined>();

  constructor(private readonly dir: string, private readonly now: () => number, private readonly maxAgeMs = SESSION_MAX_AGE_MS) {}

  saved(key: string): Buffer | undefined {
    if (!this.known.has(key)) this.known.set(key, this.readFile(key));
    const kept = this.known.get(key);
    return kept && isYoung(kept.savedAt, this.now(), this.maxAgeMs) ? kept.session : undefined;
  }

  /** The session in `key`'s file, whatever its age; whatever else lies there (a huge file, a FIFO that would never end) is not read. */
  private readFile(key: string): KeptSession | undefined {
    const file = this.fileFor(key);
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size > maxFileBytes(key)) return undefined;
      return parseSessionFile(fs.readFileSync(file), key);
    } catch {
      return undefined;
    }
  }

  keep(key: string, session: Buffer): void {
    if (session.length === 0 || session.length > MAX_SESSION_BYTES || key.includes('\n')) return;
    const savedAt = this.now();
    this.known.set(key, { savedAt, session });
    const header = Buffer.from(`${MAGIC}\n${savedAt}\n${key}\n`);
    // The session holds the connection's secret: readable by its owner only.
    this.track(writeAtomic(this.fileFor(key), [header, session], { mode: 0o600 }));
    if (!this.pruned) {
      this.pruned = true;
      this.track(this.pruneOld());
    }
  }

  async settled(): Promise<void> {
    await Promise.all([...this.writes]);
  }

  /** A write begun, awaited by settled(); its failure only costs the next process a full handshake. */
  private track(work: Promise<void>): void {
    const tracked: Promise<void> = work.catch(() => undefined).finally(() => this.writes.delete(tracked));
    this.writes.add(tracked);
  }

  /** Removes sessions too old to be offered, and temp files a killed writer left: keys that changed leave files behind. */
  private async pruneOld(): Promise<void> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    const now = this.now();
    await Promise.all(names.map(async (name) => {
      const file = path.join(this.dir, name);
      const stat = await fsp.stat(file).catch(() => undefined);
      if (stat?.isFile() && now - stat.mtimeMs > this.maxAgeMs) await fsp.rm(file, { force: true });
    }));
  }

  private fileFor(key: string): string {
    return path.join(this.dir, createHash('sha256').update(key).digest('hex').slice(0, 32));
  }
}

/** The largest file keep() writes for `key`: the header (its time at most 15 digits) and the largest session. */
function maxFileBytes(key: string): number {
  return MAGIC.length + 1 + 16 + Buffer.byteLength(key) + 1 + MAX_SESSION_BYTES;
}

/** A session and when it was kept (ms). */
interface KeptSession {
  savedAt: number;
  session: Buffer;
}

/** Neither older than the limit nor saved in the future (a clock that moved back). */
function isYoung(savedAt: number, now: number, maxAgeMs: number): boolean {
  return savedAt <= now && now - savedAt <= maxAgeMs;
}

/** The session in a file written by TlsSessionFiles.keep for `key`, when it is whole and young enough. */
export function sessionFromFile(data: Buffer, key: string, now: number, maxAgeMs: number): Buffer | undefined {
  const kept = parseSessionFile(data, key);
  return kept && isYoung(kept.savedAt, now, maxAgeMs) ? kept.session : undefined;
}

/** A file written by TlsSessionFiles.keep for `key`, when it is whole. */
function parseSessionFile(data: Buffer, key: string): KeptSession | undefined {
  const header = `${MAGIC}\n`;
  if (data.length > maxFileBytes(key) || data.toString('latin1', 0, header.length) !== header) return undefined;
  const timeEnd = data.indexOf(10, header.length);
  const keyEnd = timeEnd < 0 ? -1 : data.indexOf(10, timeEnd + 1);
  if (keyEnd < 0) return undefined;
  const savedText = data.toString('latin1', header.length, timeEnd);
  if (!/^\d{1,15}$/.test(savedText)) return undefined;
  if (data.toString('utf8', timeEnd + 1, keyEnd) !== key) return undefined;
  const session = data.subarray(keyEnd + 1);
  return session.length > 0 && session.length <= MAX_SESSION_BYTES ? { savedAt: Number(savedText), session } : undefined;
}

/** A connection's sessions, held until its handshake is verified and kept from then on. */
export class SessionKeeper {
  private pending: Buffer | undefined;
  private trusted = false;

  constructor(private readonly sessions: TlsSessions, private readonly key: string) {}

  /** OpenSSL handed over a session (TLS 1.3 sends them after the handshake, TLS 1.2 during it). */
  offered(session: Buffer): void {
    if (this.trusted) this.sessions.keep(this.key, session);
    else this.pending = session;
  }

  /** The handshake passed verification: its sessions may be resumed by the next process. */
  verified(): void {
    this.trusted = true;
    if (this.pending) this.sessions.keep(this.key, this.pending);
    this.pending = undefined;
  }
}
