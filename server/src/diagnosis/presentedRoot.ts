// Owns: picking, for a TLS-intercepted host, the certificate a "trust this root" fix would write: the
// self-signed top of the chain the server presented, or the topmost one it sent when it left its root out (the
// server's own leaf, when that is all it sent).
// Works on what the probe's one TLS inspection recorded (each certificate's DER): no second handshake, no I/O.
// Never imports vscode.
import { X509Certificate } from 'node:crypto';
import type { TlsInspection } from '../transport/inspectTls';
import { certificatePem } from './certificateTrust';
import type { PresentedCertificate } from '../shared/evidence';

/** The top of what the inspected host presented (leaf first, up the issuers the handshake carried), or undefined. */
export function presentedRoot(info: Pick<TlsInspection, 'chain' | 'certificates'>): PresentedCertificate | undefined {
  const last = Math.min(info.chain.length, info.certificates.length) - 1;
  if (last < 0) return undefined;
  const s = info.chain[last];
  const der = info.certificates[last];
  // The summary and the bytes must be the same certificate: the fix shows one and writes the other.
  if (new X509Certificate(der).fingerprint256 !== s.fingerprint256) return undefined;
  return {
    pem: certificatePem(der),
    subject: s.subject, issuer: s.issuer, subjectCN: s.subjectCN,
    validFrom: s.validFrom, validTo: s.validTo, fingerprint256: s.fingerprint256,
    position: s.selfSigned ? 'root' : last === 0 ? 'leaf' : 'topmost',
  };
}
