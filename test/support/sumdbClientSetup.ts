// Owns: test wiring of a SumdbClient to our test database over real HTTP, with a temp cache directory and
// a record of security reports. Must never: reach anything but the loopback server it is given.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTransport, type TransportOptions } from '../../server/src/transport/http';
import type { Transport } from '../../server/src/transport/types';
import type { LookupResult, SumdbClient } from '../../server/src/sumdb/client';
import { connectSumdb } from '../../server/src/sumdb/connect';
import type { ScheduleClock } from '../../server/src/sumdb/clock';
import type { GoSumdbDirs, SumdbStore } from '../../server/src/sumdb/store';
import { startSumdbServer, type SumdbServer, type SumdbServerOptions } from './sumdbServer';
import { DatabaseBase } from '../../server/src/sumdb/databaseBase';

export interface TestClient {
  client: SumdbClient;
  transport: Transport;
  cacheDir: string;
  securityReports: string[];
  /** Our remembered head file for the database, or undefined. */
  rememberedNote(): string | undefined;
  close(): Promise<void>;
}

const tempDirs: string[] = [];
// Tests that seed a cache hand its directory to several clients, so no single close() owns it.
process.once('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the system temp dir, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `gosum-doctor-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

export function clientFor(
  db: { url: string; verifierKey: string; name: string },
  opts: { cacheDir?: string; go?: GoSumdbDirs; offline?: boolean; baseUrl?: string; transport?: TransportOptions; indexQuietMs?: number;
    clock?: ScheduleClock; store?: SumdbStore } = {},
): TestClient {
  const cacheDir = opts.cacheDir ?? tempDir('cache');
  const transport = createTransport({ timeoutMs: 5000, ...opts.transport });
  const securityReports: string[] = [];
  const client = connectSumdb({
    verifierKey: db.verifierKey,
    base: DatabaseBase.unescaped(opts.baseUrl ?? db.url),
    transport,
    cacheDir,
    go: opts.go,
    offline: opts.offline,
    onSecurityError: (r) => securityReports.push(r),
    indexQuietMs: opts.indexQuietMs,
    clock: opts.clock,
    store: opts.store,
  });
  return {
    client,
    transport,
    cacheDir,
    securityReports,
    rememberedNote() {
      try {
        return readFileSync(path.join(cacheDir, 'sumdb', 'config', ...db.name.split('/'), 'latest'), 'utf8');
      } catch {
        return undefined;
      }
    },
    async close() {
      await client.settled();
      await transport.close();
      if (!opts.cacheDir) rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/** The path of a reference go.sum under test/fixtures/reference/gosum. */
export function goSumFixture(file: string): string {
  return path.join(__dirname, '..', 'fixtures', 'reference', 'gosum', file);
}

export function readGoSum(file: string): string[] {
  return readFileSync(goSumFixture(file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** The clients a suite opens against its current test database, closed together after each test. */
export function clientPool(db: () => { url: string; verifierKey: string; name: string }) {
  const open: TestClient[] = [];
  return {
    client(opts: Parameters<typeof clientFor>[1] = {}): TestClient {
      const c = clientFor(db(), opts);
      open.push(c);
      return c;
    },
    async closeAll(): Promise<void> {
      await Promise.all(open.splice(0).map((c) => c.close()));
    },
  };
}

/**
 * Hooks into the calling suite: a test database started from `options` before each test (handed to `set`), and
 * the clients the test opens from the returned pool, all closed after it.
 */
export function databasePerTest(options: SumdbServerOptions, set: (db: SumdbServer) => void): ReturnType<typeof clientPool> {
  let current: SumdbServer | undefined;
  const pool = clientPool(() => current!);
  beforeEach(async () => {
    current = await startSumdbServer(options);
    set(current);
  });
  afterEach(async () => {
    await pool.closeAll();
    await current?.close();
  });
  return pool;
}

/**
 * Has `c` read /latest and prepare `entries` (the requests it makes are left in db.requests, cleared first), then
 * asserts that each entry is answered without I/O, as the log's record; returns those answers.
 */
export async function answeredWithoutIo(c: TestClient, db: SumdbServer, entries: { module: string; version: string }[]): Promise<LookupResult[]> {
  db.requests.length = 0;
  await c.client.latest();
  await c.client.prepare(entries);
  return entries.map((e) => {
    const now = c.client.lookupRecordNow(e.module, e.version);
    assert.ok(now, `${e.module}@${e.version} answered without I/O`);
    assert.equal(now.id, db.log.id(e.module, e.version));
    return now;
  });
}

/** A fresh cache directory whose client has looked up (and verified) every entry, its writes settled. */
export async function seededCache(pool: ReturnType<typeof clientPool>, entries: { module: string; version: string }[], prefix: string): Promise<string> {
  const first = pool.client({ cacheDir: tempDir(prefix) });
  for (const e of entries) await first.client.lookup(e.module, e.version);
  await first.client.settled();
  return first.cacheDir;
}

/** Our pack file for a database in a cache directory. */
export function packFile(cacheDir: string, name: string): string {
  return path.join(cacheDir, 'sumdb', 'index', name);
}

/** Takes every tile out of our cache for a database: the pack's tile lines (and any tile files of old). */
export function dropCachedTiles(cacheDir: string, name: string): void {
  rmSync(path.join(cacheDir, 'sumdb', 'cache', name, 'tile'), { recursive: true, force: true });
  const file = packFile(cacheDir, name);
  if (!existsSync(file)) return;
  writeFileSync(file, readFileSync(file, 'utf8').split('\n').filter((l) => !l.startsWith('tile ')).join('\n'));
}

/**
 * Lays database paths ("lookup/M@V", "tile/8/0/000", "latest") out under a GOPATH the way the go command caches
 * them, with the bytes the test database serves; returns the GOPATH.
 */
export async function goCacheOf(db: { url: string; name: string }, paths: string[]): Promise<string> {
  const gopath = tempDir('gopath');
  for (const p of paths) {
    const res = await fetch(`${db.url}/${p}`);
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
    const file = p === 'latest'
      ? path.join(gopath, 'pkg', 'sumdb', db.name, 'latest')
      : path.join(gopath, 'pkg', 'mod', 'cache', 'download', 'sumdb', db.name, ...p.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  }
  return gopath;
}
