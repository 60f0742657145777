// A look at one TLS endpoint for the probe: resolved addresses, TCP connect time, TLS version, ALPN, the
// certificate chain as presented (subject, issuer, validity, SHA-256 fingerprint, and each certificate's DER) and
// whether it verifies against the store Go would use. Reports verification failures instead of throwing them; never sends a request.
import tls = require('node:tls');
import { ConnectSettings, DEFAULT_TIMEOUTS, PhaseTimeouts, Resolver, openConnection } from './connector';
import type { ResolverEnv } from './resolverFiles';
import { certificateFailure } from './peerCertificate';
import { sharedSecureContext } from './secureContext';
import { TrustStore } from './trustStore';
import { FailureKind } from './types';

export interface CertificateSummary {
  subject: string;
  issuer: string;
  /** Common names, for short explanations ("Corp-Proxy-CA"). */
  subjectCN: string;
  issuerCN: string;
  validFrom: string;
  validTo: string;
  /** Upper-case hex pairs separated by colons, as openssl prints it. */
  fingerprint256: string;
  subjectAltNames: string[];
  selfSigned: boolean;
}

export interface TlsInspection {
  host: string;
  port: number;
  addresses: string[];
  address: string;
  proxy?: string;
  timings: { dnsMs?: number; connectMs?: number; proxyMs?: number; tlsMs?: number };
  /** "TLSv1.3", "TLSv1.2". */
  protocol: string;
  /** The negotiated ALPN protocol ("h2", "http/1.1"), or "" when none. */
  alpn: string;
  /** Leaf first, then each issuer Node could find (the presented chain, plus the anchor when one was found). */
  chain: CertificateSummary[];
  /** The DER bytes of each `chain` entry, same order: what a "trust this root" fix writes, without a second handshake. */
  certificates: Uint8Array[];
  verified: boolean;
  failure?: { kind: FailureKind; message: string };
  /** The store that was tested. */
  store: string;
}

export interface InspectOptions {
  trustStore: TrustStore;
  resolve?: Resolver;
  /** As TransportOptions.resolverEnv. */
  resolverEnv?: ResolverEnv;
  timeouts?: Partial<PhaseTimeouts>;
  /** Reach the host through this proxy's CONNECT tunnel. */
  proxy?: URL;
  alpn?: string[];
}

function dn(part: tls.Certificate | undefined): string {
  if (!part) return '';
  return Object.entries(part)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function cn(part: tls.Certificate | undefined): string {
  const v = part?.CN ?? part?.O ?? '';
  return Array.isArray(v) ? v.join('+') : String(v);
}

export function summarize(cert: tls.PeerCertificate): CertificateSummary {
  return {
    subject: dn(cert.subject),
    issuer: dn(cert.issuer),
    subjectCN: cn(cert.subject),
    issuerCN: cn(cert.issuer),
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    fingerprint256: cert.fingerprint256,
    subjectAltNames: cert.subjectaltname ? cert.subjectaltname.split(', ').map((s) => s.replace(/^(DNS|IP Address):/, '')) : [],
    selfSigned: dn(cert.subject) === dn(cert.issuer),
  };
}

function walkChain(leaf: tls.DetailedPeerCertificate): { chain: CertificateSummary[]; certificates: Uint8Array[] } {
  const chain: CertificateSummary[] = [];
  const certificates: Uint8Array[] = [];
  const seen = new Set<string>();
  let cur: tls.DetailedPeerCertificate | undefined = leaf;
  while (cur && cur.fingerprint256 && !seen.has(cur.fingerprint256) && chain.length < 10) {
    seen.add(cur.fingerprint256);
    chain.push(summarize(cur));
    certificates.push(cur.raw);
    cur = cur.issuerCertificate;
  }
  return { chain, certificates };
}

/** Connect, shake hands, describe what was presented, and close. Connection failures throw TransportError. */
export async function inspectTls(host: string, port: number, options: InspectOptions): Promise<TlsInspection> {
  const settings: ConnectSettings = {
    resolve: options.resolve,
    resolverEnv: options.resolverEnv,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    ca: options.trustStore.certificates,
    // One context for the store, built without holding the loop (a context per connection re-parses every root).
    secureContext: await sharedSecureContext(options.trustStore.certificates),
    alpn: options.alpn ?? ['h2', 'http/1.1'],
    inspectOnly: true,
  };
  const conn = await openConnection({ protocol: 'https:', hostname: host, port }, settings, options.proxy);
  const socket = conn.socket as tls.TLSSocket;
  try {
    socket.on('error', () => undefined); // closing below; late errors are not news
    const leaf = socket.getPeerCertificate(true);
    const { chain, certificates } = leaf && leaf.fingerprint256 ? walkChain(leaf) : { chain: [], certificates: [] };
    // The connector's own check, so the probe reports exactly what a lookup would fail with.
    const refused = certificateFailure(socket, host.replace(/^\[|\]$/g, ''));
    const failure: TlsInspection['failure'] = refused ? { kind: refused.kind, message: refused.reason } : undefined;
    return {
      host,
      port,
      addresses: conn.addresses,
      address: conn.address,
      proxy: options.proxy?.href,
      timings: { dnsMs: conn.timings.dns, connectMs: conn.timings.connect, proxyMs: conn.timings.proxy, tlsMs: conn.timings.tls },
      protocol: socket.getProtocol() ?? '',
      alpn: socket.alpnProtocol || '',
      chain,
      certificates,
      verified: !failure,
      failure,
      store: options.trustStore.description,
    };
  } finally {
    socket.destroy();
  }
}
