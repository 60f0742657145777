// Owns: Go's verdict on the certificate a TLS server presented — chain trust (OpenSSL's, against the store the
// context was built from) and the host name as crypto/x509's VerifyHostname checks it: Subject Alternative Names
// only (Go 1.15+ never falls back to the Common Name), IP hosts against IP SANs only — with Go's error text.
// One implementation for the connector and the probe's TLS inspection.
// Must never: open connections, or accept a certificate Go would refuse.
import net = require('node:net');
import type * as tls from 'node:tls';
import { goReason, kindForCode } from './failure';
import { normalizeIp } from './proxyRules';
import type { FailureKind } from './types';

export interface CertificateFailure {
  kind: FailureKind;
  /** OpenSSL's code, or ERR_TLS_CERT_ALTNAME_INVALID for a name Go refuses. */
  code: string;
  /** Go's words after `Get "URL": `, e.g. "tls: failed to verify certificate: x509: ...". */
  reason: string;
}

/** The certificate's SANs by kind, as Node spells them ("DNS:a, IP Address:1.2.3.4"). */
export function subjectAltNames(cert: tls.PeerCertificate | undefined): { dns: string[]; ip: string[]; any: boolean } {
  const out = { dns: [] as string[], ip: [] as string[], any: false };
  const san = cert?.subjectaltname;
  if (!san) return out;
  out.any = true;
  for (const entry of san.split(', ')) {
    if (entry.startsWith('DNS:')) out.dns.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) out.ip.push(entry.slice(11));
  }
  return out;
}

/** crypto/x509 matchHostnames: label by label, "*" allowed as a whole first label; ASCII case folded. */
function matchesName(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '').split('.');
  const h = host.toLowerCase().replace(/\.$/, '').split('.');
  if (p.length === 0 || h.length !== p.length || p.some((l) => l === '') || h.some((l) => l === '')) return false;
  return p.every((l, i) => (i === 0 && l === '*') || l === h[i]);
}

/** Go's IP.Equal: Node prints IPv6 SANs uncompressed ("0:0:0:0:0:0:0:1"), and an IPv4-mapped address is its IPv4. */
function sameIp(a: string, b: string): boolean {
  return a === b || (normalizeIp(a) !== null && normalizeIp(a) === normalizeIp(b));
}

/**
 * Go's x509 HostnameError text when `cert` is not valid for `host`, else undefined. The host is a bare name or
 * IP (no brackets).
 */
function hostnameError(cert: tls.PeerCertificate, host: string): string | undefined {
  const san = subjectAltNames(cert);
  const ip = net.isIP(host) !== 0;
  if (ip ? san.ip.some((a) => sameIp(a, host)) : san.dns.some((d) => matchesName(d, host))) return undefined;
  const cn = cert.subject?.CN ? String(cert.subject.CN) : '';
  if (!san.any && cn !== '' && matchesName(cn, host)) return 'x509: certificate relies on legacy Common Name field, use SANs instead';
  if (ip) {
    if (san.ip.length === 0) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    return `x509: certificate is valid for ${san.ip.join(', ')}, not ${host}`;
  }
  if (san.dns.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${san.dns.join(', ')}, not ${host}`;
}

/** Why Go would refuse what `socket` presented for `host`, or undefined when Go accepts it. */
export function certificateFailure(socket: tls.TLSSocket, host: string): CertificateFailure | undefined {
  const cert = socket.getPeerCertificate();
  const code = String((socket.authorizationError as unknown as string) ?? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  // Node's own name check (which falls back to the Common Name) also clears `authorized`: the name is judged below.
  if (!socket.authorized && code !== 'ERR_TLS_CERT_ALTNAME_INVALID') {
    let kind = kindForCode(code);
    if (!kind.startsWith('tls-')) kind = 'tls-unknown-authority';
    return { kind, code, reason: goReason(kind, { host, notAfter: cert?.valid_to, notBefore: cert?.valid_from, message: code }) };
  }
  const nameError = cert ? hostnameError(cert, host) : `x509: certificate is not valid for any names, but wanted to match ${host}`;
  if (!nameError) return undefined;
  return { kind: 'tls-name-mismatch', code: 'ERR_TLS_CERT_ALTNAME_INVALID', reason: goReason('tls-name-mismatch', { host, message: nameError }) };
}
