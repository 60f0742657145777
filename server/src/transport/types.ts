// The one door through which every request leaves the process. Callers see this interface only;
// its implementation lives in http.ts.

/** How a request failed, in the words the diagnosis uses. */
export type FailureKind =
  | 'dns'                    // the name did not resolve
  | 'refused'                // TCP connection refused
  | 'reset'                  // connection reset / closed mid-exchange
  | 'timeout'                // a phase timed out (see `phase`)
  | 'tls-unknown-authority'  // chain not anchored in the trust store
  | 'tls-name-mismatch'      // certificate is not valid for the host
  | 'tls-expired'            // certificate expired or not yet valid
  | 'tls-handshake'          // any other TLS failure
  | 'not-tls'                // an https URL's server answered the TLS hello with something else (plain HTTP, SSH...)
  | 'http-status'            // not used by Transport.get (statuses are returned), kept for callers
  | 'too-large'              // body exceeded the cap
  | 'redirect-refused'       // https -> http redirect, or too many redirects
  | 'malformed'              // the response could not be understood
  | 'aborted'                // the caller cancelled
  | 'blocked-by-policy'      // the request was refused before leaving (e.g. GONOSUMDB)
  | 'other';

export type TimeoutPhase = 'dns' | 'connect' | 'tls' | 'first-byte' | 'body';

/** What is known about a failure beyond its kind (all optional; added by issue 5). */
export interface TransportFailureDetail {
  phase?: TimeoutPhase;
  code?: string;
  cause?: unknown;
  /** The proxy the request went through, when one was used. */
  proxy?: string;
  /** The address (ip:port) being dialled or connected to. */
  address?: string;
  /** A proxy's answer to CONNECT, when it was not 200. */
  proxyStatus?: number;
  /** For TLS verification failures: the presented leaf's subject and issuer. */
  subject?: string;
  issuer?: string;
  /** Through a SOCKS5 proxy: where its handshake stopped, and its reply code when it answered CONNECT with one. */
  socks?: { stage: SocksStage; reply?: number };
}

/** Where a SOCKS handshake stopped: the method greeting, RFC 1929 auth, or the CONNECT request. */
export type SocksStage = 'greeting' | 'auth' | 'connect';

export class TransportError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly url: string,
    message: string,
    readonly detail: TransportFailureDetail = {},
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface HttpResponse {
  url: string;
  status: number;
  /** Go's Response.Status, in the server's words where it had any ("404 Not Found"; goStatus.ts). */
  goStatus: string;
  headers: Record<string, string>;
  body: Uint8Array;
  /** The proxy used, when one was. */
  proxy?: string;
  /** Redirects followed, in order (the final URL is `url`). */
  redirects?: string[];
}

export interface GetOptions {
  /** Largest body accepted; larger bodies fail with kind 'too-large'. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Per-request override of the first-byte and body timeouts, in milliseconds (connection phases are per transport). */
  timeouts?: { firstByteMs?: number; bodyMs?: number };
  /**
   * Many other requests' work waits on this answer (a tile proving a run of records): it goes out ahead of
   * requests merely waiting for a place on the connection.
   */
  urgent?: boolean;
}

/** Every HTTP GET the product makes goes through one of these. Non-2xx statuses are returned, not thrown. */
export interface Transport {
  get(url: string, options?: GetOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}
