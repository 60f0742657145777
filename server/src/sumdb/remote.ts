// Owns: reading checksum-database paths (/latest, /lookup/..., /tile/...) from one base URL through the
// Transport, with a body cap per kind of path and Go's "reading URL: 404 Not Found" error wording; or, for a
// file:// base (a GOPROXY directory that serves the database), from its files as the go command reads them.
// Must never: open connections itself, import vscode, retry, follow a path outside the base URL, or trust what it reads
// (verification is the client's job).
import type { Transport } from '../transport/types';
import { NotFoundError, RemoteStatusError } from './clientErrors';
import type { DatabaseBase } from './databaseBase';
import { goTakesStatus } from '../transport/goStatus';
import { contentTypeOf, formatHttpError, goErrorDetail } from './httpErrorText';
import { fileURLToPath } from 'node:url';
import { goLocalFileText, noSuchFileText, readLocalFile } from '../transport/localFiles';

/** Body caps in bytes, by what is read. */
export interface BodyCaps {
  latest: number;
  lookup: number;
  hashTile: number;
  dataTile: number;
  other: number;
}

// A tree note is ~150 bytes plus ~100 per cosignature; a record is a handful of go.sum lines plus a note;
// a hash tile is at most 256 hashes of 32 bytes; a data tile holds up to 256 records.
export const DEFAULT_BODY_CAPS: BodyCaps = {
  latest: 16 << 10,
  lookup: 64 << 10,
  hashTile: 256 * 32,
  dataTile: 4 << 20,
  other: 16 << 10,
};

export interface RemoteOptions {
  /** e.g. https://sum.golang.org or <proxy>/sumdb/sum.golang.org: paths are requested and named as Go joins them. */
  base: DatabaseBase;
  transport: Transport;
  caps?: Partial<BodyCaps>;
  signal?: AbortSignal;
}

export type ReadRemote = (path: string) => Promise<Uint8Array>;

/** The cap that applies to a database path. */
export function capFor(path: string, caps: BodyCaps): number {
  if (path === '/latest') return caps.latest;
  if (path.startsWith('/lookup/')) return caps.lookup;
  if (path.startsWith('/tile/')) return /^\/tile\/\d+\/data\//.test(path) ? caps.dataTile : caps.hashTile;
  return caps.other;
}

/** A reader of database paths under `base`. Non-200 answers become errors with Go's wording. */
export function remoteReader(options: RemoteOptions): ReadRemote {
  const caps: BodyCaps = { ...DEFAULT_BODY_CAPS, ...options.caps };
  const { base } = options;
  if (base.request.startsWith('file:')) return fileReader(base.request.replace(/\/+$/, ''), caps);
  return async (path: string) => {
    refuseMalformed(path);
    // Every lookup of a run of records waits on its tile: a tile goes out before lookups still waiting to leave.
    const res = await options.transport.get(base.requestUrl(path), { maxBytes: capFor(path, caps), signal: options.signal, urgent: path.startsWith('/tile/') });
    if (goTakesStatus(res.status)) return res.body;
    // Named as Go names it: a password the base URL carries shows as "xxxxx".
    const url = base.shownUrl(path);
    const detail = goErrorDetail(contentTypeOf(res.headers), res.body);
    const message = formatHttpError(url, res.goStatus, detail);
    if (res.status === 404 || res.status === 410) throw new NotFoundError(message, url, res.status, detail, path);
    throw new RemoteStatusError(message, url, res.status, detail, path);
  };
}

function refuseMalformed(path: string): void {
  if (!path.startsWith('/') || path.includes('..') || /[\s?#\\]/.test(path)) {
    throw new Error(`refusing to read malformed database path ${JSON.stringify(path)}`);
  }
}

/**
 * Database paths read from the files under a file:// base, as cmd/go's web package reads a file URL: a missing
 * file is its 404 (NotFoundError, in Go's words), any other failure an error naming the URL.
 */
function fileReader(base: string, caps: BodyCaps): ReadRemote {
  return async (path: string) => {
    refuseMalformed(path);
    const url = base + path;
    let data: Uint8Array | undefined;
    try {
      data = await readLocalFile(fileURLToPath(url), capFor(path, caps));
    } catch (err) {
      throw new Error(goLocalFileText(url, err));
    }
    if (data === undefined) throw new NotFoundError(noSuchFileText(url), url, 404, '', path);
    return data;
  };
}
