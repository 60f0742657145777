// The undici-backed Transport. Minimal first version: keep-alive, body cap, error classification.
// Issue 5 extends it (proxies, trust store, phase timeouts, HTTP/2) without changing types.ts.
import { Agent, request } from 'undici';
import { GetOptions, HttpResponse, Transport, TransportError, FailureKind } from './types';

export interface TransportOptions {
  /** Default body cap in bytes. */
  maxBytes?: number;
  /** Whole-request timeout in milliseconds. */
  timeoutMs?: number;
  connections?: number;
}

const DEFAULT_MAX_BYTES = 4 << 20;

export function createTransport(options: TransportOptions = {}): Transport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agent = new Agent({
    connections: options.connections ?? 8,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return {
    async get(url: string, opts: GetOptions = {}): Promise<HttpResponse> {
      const cap = opts.maxBytes ?? options.maxBytes ?? DEFAULT_MAX_BYTES;
      try {
        const res = await request(url, { method: 'GET', dispatcher: agent, signal: opts.signal });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of res.body as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > cap) {
            res.body.destroy();
            throw new TransportError('too-large', url, `${url}: response body larger than ${cap} bytes`);
          }
          chunks.push(chunk);
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
        return { url, status: res.statusCode, headers, body: new Uint8Array(Buffer.concat(chunks)) };
      } catch (err) {
        throw classify(url, err);
      }
    },
    close: () => agent.close(),
  };
}

export function classify(url: string, err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as { code?: string; message?: string; name?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  const byCode: Record<string, FailureKind> = {
    ENOTFOUND: 'dns', EAI_AGAIN: 'dns', ECONNREFUSED: 'refused', ECONNRESET: 'reset', EPIPE: 'reset',
    UND_ERR_SOCKET: 'reset', UND_ERR_CONNECT_TIMEOUT: 'timeout', UND_ERR_HEADERS_TIMEOUT: 'timeout',
    UND_ERR_BODY_TIMEOUT: 'timeout', ETIMEDOUT: 'timeout', UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls-unknown-authority',
    SELF_SIGNED_CERT_IN_CHAIN: 'tls-unknown-authority', DEPTH_ZERO_SELF_SIGNED_CERT: 'tls-unknown-authority',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls-unknown-authority', ERR_TLS_CERT_ALTNAME_INVALID: 'tls-name-mismatch',
    CERT_HAS_EXPIRED: 'tls-expired', CERT_NOT_YET_VALID: 'tls-expired', UND_ERR_ABORTED: 'aborted', ABORT_ERR: 'aborted',
  };
  const kind: FailureKind = byCode[code] ?? (e?.name === 'AbortError' ? 'aborted' : 'other');
  return new TransportError(kind, url, `${url}: ${e?.message ?? String(err)}`, { code, cause: err });
}
