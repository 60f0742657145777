// The root certificates Go's crypto/x509 would trust on Linux, plus our optional extra CAs, and a record of
// WHERE they came from (so the probe can say which store it tested). Reads files; never reads process.env —
// SSL_CERT_FILE/SSL_CERT_DIR come from the caller's resolved Go environment. The system's PEM blocks are handed
// to TLS as they are (it parses them anyway, and skips what it cannot read, as Go does): parsing ~150 roots
// here too cost ~40 ms at every start; only the description, which explains a failure, counts valid ones.
import { createHash, X509Certificate } from 'node:crypto';
import fs = require('node:fs');
import path = require('node:path');
import { runInSlices } from '../slices';

/** Go's crypto/x509 root_linux.go: the first bundle file found is used. */
export const GO_CERT_FILES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

/** Go's crypto/x509 root_linux.go: every one of these directories is read. */
export const GO_CERT_DIRECTORIES: readonly string[] = ['/etc/ssl/certs', '/etc/pki/tls/certs'];

export interface TrustStoreEnv {
  SSL_CERT_FILE?: string;
  SSL_CERT_DIR?: string;
}

export interface TrustStoreOptions {
  env?: TrustStoreEnv;
  /** PEM text or paths to PEM files (gosumDoctor.extraCACertificates). */
  extraCACertificates?: string[];
  /** Overrides Go's default file and directory lists (tests). */
  defaultFiles?: readonly string[];
  defaultDirectories?: readonly string[];
}

export interface TrustStore {
  /** PEM certificate blocks, deduplicated; the system's unparsed (TLS skips one it cannot read, as Go does). */
  certificates: string[];
  /** The bundle file that was read, if any. */
  file?: string;
  fileFrom: 'SSL_CERT_FILE' | 'os-default' | 'none';
  /** Directories that were read (those that exist). */
  directories: string[];
  directoriesFrom: 'SSL_CERT_DIR' | 'os-default';
  /** How many of the certificates came from gosumDoctor.extraCACertificates. */
  extraCount: number;
  /** Problems reading the store (Go would report the first when it found no roots). */
  problems: string[];
  /** One line for people: "SSL_CERT_FILE=/x/ca.pem (3 certificates)", counting those that parse (worked out when first read). */
  readonly description: string;
}

const MAX_FILE_BYTES = 8 << 20;
const MAX_DIR_ENTRIES = 4096;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Certificate blocks in PEM text, unparsed. */
function pemBlocks(text: string): string[] {
  return (text.match(PEM_BLOCK) ?? []).map((block) => block + '\n');
}

function parses(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false; // not a certificate Go would load either
  }
}

/** Certificate blocks in PEM text that parse as X.509 (Go's AppendCertsFromPEM skips the rest). */
export function pemCertificates(text: string): string[] {
  return pemBlocks(text).filter(parses);
}

function drain<T>(steps: Generator<void, T>): T {
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

function readSmall(file: string): string {
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw Object.assign(new Error(`${file}: not a regular file`), { code: 'EISDIR' });
  if (stat.size > MAX_FILE_BYTES) throw new Error(`${file}: larger than ${MAX_FILE_BYTES} bytes`);
  return fs.readFileSync(file, 'latin1');
}

function isNotExist(err: unknown): boolean {
  return (err as { code?: string })?.code === 'ENOENT' || (err as { code?: string })?.code === 'ENOTDIR';
}

/** Load the store as Go's loadSystemRoots does, then add the extra CAs. */
export function loadTrustStore(options: TrustStoreOptions = {}): TrustStore {
  return drain(trustStoreSteps(options));
}

/**
 * loadTrustStore without holding the event loop: reading and parsing a system store takes ~40 ms, so the work
 * is done in the process's slices (slices.ts), yielding between them. Same store, same problems, same order. A
 * connection waits on it, so its slices are urgent (slices.ts): paused one turn at most, even when other work
 * has already spent that turn's slice.
 */
export function loadTrustStoreInSlices(options: TrustStoreOptions = {}): Promise<TrustStore> {
  return runInSlices(trustStoreSteps(options), undefined, true);
}

/** The certificates found so far and the problems met reading them, shared by the steps below. */
class StoreBuilder {
  // By the certificate's base64 text, whitespace aside: one DER, however the file wraps it.
  readonly certs = new Map<string, string>();
  readonly problems: string[] = [];

  add(pems: string[]): void {
    for (const p of pems) {
      const key = p.replace(/\s+/g, '');
      if (!this.certs.has(key)) this.certs.set(key, p);
    }
  }
}

/**
 * The store's sources as they are now: every file and directory it would be read from (name, size, modification
 * time, inode) and the extra CAs. A few stats, against ~40 ms to read and add the roots; it changes whenever a
 * bundle is replaced or edited or a directory gains or loses a file. TLS sessions are kept under it (tlsSessions.ts).
 */
export function trustStoreFingerprint(options: TrustStoreOptions = {}): string {
  const files = bundleFilesOf(options.env ?? {}, options);
  const dirs = certDirectoriesOf(options.env ?? {}, options);
  const extras = (options.extraCACertificates ?? []).map((e) => (isPemText(e) ? e : `${e} ${statLine(e)}`));
  const parts = [...files.map((f) => `${f} ${statLine(f)}`), ...dirs.map((d) => `${d} ${statLine(d)}`), ...extras];
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

function statLine(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.size} ${s.mtimeMs} ${s.ino}`;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'unreadable';
  }
}

/** loadTrustStore as steps: one per file read. */
function* trustStoreSteps(options: TrustStoreOptions): Generator<void, TrustStore> {
  const env = options.env ?? {};
  const store = new StoreBuilder();
  const file = yield* readBundleFile(store, env, options);
  const directories = yield* readCertDirectories(store, env, options);
  const systemCount = store.certs.size;
  yield* addExtraCAs(store, options.extraCACertificates ?? []);
  const certificates = [...store.certs.values()];
  const fileFrom = env.SSL_CERT_FILE ? 'SSL_CERT_FILE' : file ? 'os-default' : 'none';
  const directoriesFrom = env.SSL_CERT_DIR ? 'SSL_CERT_DIR' : 'os-default';
  let description: string | undefined;
  return {
    certificates,
    file,
    fileFrom,
    directories,
    directoriesFrom,
    extraCount: certificates.length - systemCount,
    problems: store.problems,
    get description() {
      description ??= describe(env, file, directories, certificates.slice(0, systemCount).filter(parses).length, certificates.length - systemCount);
      return description;
    },
  };
}

/** The bundle files Go tries, in order: SSL_CERT_FILE alone when set, else its list for the OS. */
function bundleFilesOf(env: TrustStoreEnv, options: TrustStoreOptions): readonly string[] {
  return env.SSL_CERT_FILE ? [env.SSL_CERT_FILE] : (options.defaultFiles ?? GO_CERT_FILES);
}

/** The certificate directories Go reads: SSL_CERT_DIR's (colon-separated) when set, else its list for the OS. */
function certDirectoriesOf(env: TrustStoreEnv, options: TrustStoreOptions): readonly string[] {
  return env.SSL_CERT_DIR ? env.SSL_CERT_DIR.split(':') : (options.defaultDirectories ?? GO_CERT_DIRECTORIES);
}

/** An extraCACertificates entry is PEM text itself, or else a file's path. */
function isPemText(extra: string): boolean {
  return extra.includes('-----BEGIN');
}

/** The bundle file Go would read (SSL_CERT_FILE, or the first of Go's list that exists): returns it, if any. */
function* readBundleFile(store: StoreBuilder, env: TrustStoreEnv, options: TrustStoreOptions): Generator<void, string | undefined> {
  for (const f of bundleFilesOf(env, options)) {
    let text: string;
    try {
      text = readSmall(f);
    } catch (err) {
      if (!isNotExist(err)) store.problems.push(`open ${f}: ${(err as Error).message}`);
      continue;
    }
    store.add(pemBlocks(text));
    yield;
    return f;
  }
  return undefined;
}

/** Every certificate directory Go would read (SSL_CERT_DIR, or Go's list): returns those that exist. */
function* readCertDirectories(store: StoreBuilder, env: TrustStoreEnv, options: TrustStoreOptions): Generator<void, string[]> {
  const directories: string[] = [];
  for (const dir of certDirectoriesOf(env, options)) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).slice(0, MAX_DIR_ENTRIES);
    } catch (err) {
      if (!isNotExist(err)) store.problems.push(`open ${dir}: ${(err as Error).message}`);
      continue;
    }
    directories.push(dir);
    yield* readCertDirectory(store, dir, entries);
  }
  return directories;
}

/** One directory's entries, a step per file read. */
function* readCertDirectory(store: StoreBuilder, dir: string, entries: fs.Dirent[]): Generator<void> {
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      // Go skips symlinks whose target has no slash: the c_rehash aliases of files already read.
      try {
        if (!fs.readlinkSync(full).includes('/')) continue;
      } catch {
        continue;
      }
    }
    let text: string;
    try {
      text = readSmall(full);
    } catch {
      continue; // Go ignores unreadable entries inside a directory
    }
    store.add(pemBlocks(text));
    yield;
  }
}

/** The user's extra CAs (gosumDoctor.extraCACertificates), after the system's. */
function* addExtraCAs(store: StoreBuilder, extras: readonly string[]): Generator<void> {
  for (const extra of extras) {
    const text = isPemText(extra) ? extra : safeRead(extra, store.problems);
    // The user's own few: parsed, so a file holding none that Go could load is reported.
    const found = pemCertificates(text);
    yield;
    if (found.length === 0) store.problems.push(`extraCACertificates: no certificate in ${isPemText(extra) ? 'PEM text' : extra}`);
    store.add(found);
  }
}

function safeRead(file: string, problems: string[]): string {
  try {
    return readSmall(file);
  } catch (err) {
    problems.push(`extraCACertificates: ${(err as Error).message}`);
    return '';
  }
}

function describe(env: TrustStoreEnv, file: string | undefined, dirs: string[], count: number, extra: number): string {
  const parts: string[] = [];
  if (env.SSL_CERT_FILE) parts.push(`SSL_CERT_FILE=${env.SSL_CERT_FILE}`);
  else if (file) parts.push(file);
  if (env.SSL_CERT_DIR) parts.push(`SSL_CERT_DIR=${env.SSL_CERT_DIR}`);
  else if (dirs.length > 0) parts.push(dirs.join(':'));
  if (parts.length === 0) parts.push('no system roots found');
  let text = `${parts.join(' + ')} (${count} certificate${count === 1 ? '' : 's'})`;
  if (extra > 0) text += ` + ${extra} from gosumDoctor.extraCACertificates`;
  return text;
}
