// Owns: wiring a SumdbClient to the outside world — remote reads over the Transport from one base URL,
// tree heads and caches in our cache directory, Go's sumdb caches as a read-only source, offline mode.
// Must never: choose the base URL (GOSUMDB/GOPROXY resolution is the environment's job) or import vscode.
import type { Transport } from '../transport/types';
import { SumdbClient, type ClientOps } from './client';
import { remoteReader, type BodyCaps } from './remote';
import type { DatabaseBase } from './databaseBase';
import { realClock, type ScheduleClock } from './clock';
import { SumdbStore, type GoSumdbDirs } from './store';

export interface ConnectOptions {
  /** "name+hash+key" of the database. */
  verifierKey: string;
  /** Where the database is read: https://sum.golang.org, <proxy>/sumdb/<name> or GOSUMDB's URL. Unused offline. */
  base?: DatabaseBase;
  transport?: Transport;
  /** Our cache directory (see defaultCacheDir). */
  cacheDir: string;
  /** Go's sumdb directories, read as an extra source and never written. */
  go?: GoSumdbDirs;
  /** Answer from caches only; anything not provable from them is UnverifiableError. */
  offline?: boolean;
  caps?: Partial<BodyCaps>;
  signal?: AbortSignal;
  /** Told the full report when the database is caught forking. */
  onSecurityError?: (report: string) => void;
  /** See ClientOptions.indexQuietMs. */
  indexQuietMs?: number;
  /** The clock of the pack's write schedule and of the store's lock waits (real time by default). */
  clock?: ScheduleClock;
  /** The files behind the client, when not a SumdbStore on cacheDir and go (a test watching the pack's writes). */
  store?: SumdbStore;
}

export function connectSumdb(options: ConnectOptions): SumdbClient {
  // The one place the sumdb code is given real time (tests hand it a clock of their own).
  const clock = options.clock ?? realClock;
  const store = options.store ?? new SumdbStore({ cacheDir: options.cacheDir, go: options.go, clock });
  const offline = options.offline ?? false;
  if (!offline && (!options.base || !options.transport)) {
    throw new Error('connectSumdb: base and transport are required unless offline');
  }
  const readRemote = offline
    ? async (path: string): Promise<Uint8Array> => { throw new Error(`offline: not reading ${path}`); }
    : remoteReader({ base: options.base!, transport: options.transport!, caps: options.caps, signal: options.signal });
  const ops: ClientOps = {
    readRemote,
    readConfig: (file) => store.readConfig(file),
    writeConfig: (file, old, data) => store.writeConfig(file, old, data),
    readCache: (file) => store.readCache(file),
    securityError: (report) => options.onSecurityError?.(report),
    readPeerHeads: (name) => store.readPeerHeads(name),
    readIndex: (name) => store.readIndex(name),
    updateIndex: (name, build) => store.updateIndex(name, build),
  };
  return new SumdbClient(ops, { verifierKey: options.verifierKey, offline, indexQuietMs: options.indexQuietMs, clock });
}
