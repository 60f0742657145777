// Owns: fetching, for a TLS-intercepted host, the certificate a "trust this root" fix would write: the
// self-signed top of the chain the server presented, or the topmost one it sent when it left its root out.
// One extra handshake through the transport's connector, made only after the probe found the chain untrusted;
// nothing is sent over it. Never imports vscode.
import * as tls from 'node:tls';
import { ConnectSettings, Resolver, openConnection, PhaseTimeouts } from '../transport/connector';
import { summarize } from '../transport/inspectTls';
import { certificatePem } from './certificateTrust';
import type { PresentedCertificate } from './evidence';

export interface PresentedRootOptions {
  resolve?: Resolver;
  timeouts: PhaseTimeouts;
  proxy?: URL;
}

/** The top of what `host:port` presents (leaf first, up the issuers the handshake carried), or undefined. */
export async function presentedRoot(host: string, port: number, options: PresentedRootOptions): Promise<PresentedCertificate | undefined> {
  const settings: ConnectSettings = { resolve: options.resolve, timeouts: options.timeouts, ca: [], alpn: ['http/1.1'], inspectOnly: true };
  const conn = await openConnection({ protocol: 'https:', hostname: host, port }, settings, options.proxy);
  const socket = conn.socket as tls.TLSSocket;
  try {
    socket.on('error', () => undefined);
    let cur: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
    if (!cur?.raw) return undefined;
    const seen = new Set<string>();
    let top = cur;
    while (cur?.raw && !seen.has(cur.fingerprint256) && seen.size < 10) {
      seen.add(cur.fingerprint256);
      top = cur;
      cur = cur.issuerCertificate;
    }
    const s = summarize(top);
    return {
      pem: certificatePem(top.raw),
      subject: s.subject, issuer: s.issuer, subjectCN: s.subjectCN,
      validFrom: s.validFrom, validTo: s.validTo, fingerprint256: s.fingerprint256,
      position: s.selfSigned ? 'root' : 'topmost',
    };
  } finally {
    socket.destroy();
  }
}
