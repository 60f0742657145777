// Writes the certificate a TLS fix carries: checked first (it must parse, and be the one whose fingerprint the
// person was shown), then written atomically, byte for byte the PEM of the presented certificate.
// Node only, never imports vscode (unit-tested).
import { X509Certificate } from 'node:crypto';
import { writeAtomic } from '../../server/src/shared/atomicFile';
import type { PresentedCertificate } from '../../server/src/shared/evidence';
import { clientError } from './i18n/catalogs';

/** The parsed certificate, or an error saying why it must not be written. */
export function checkedCertificate(cert: Pick<PresentedCertificate, 'pem' | 'fingerprint256'>): X509Certificate {
  const x = new X509Certificate(cert.pem);
  if (x.fingerprint256 !== cert.fingerprint256) throw clientError('cert.notTheOneShown', { actual: x.fingerprint256, shown: cert.fingerprint256 });
  return x;
}

/** Writes `pem` to `file` (shared writeAtomic: temp file + rename, the directory created; readable by others as CA files are). */
export async function writeCertificateFile(file: string, cert: Pick<PresentedCertificate, 'pem' | 'fingerprint256'>): Promise<void> {
  checkedCertificate(cert);
  await writeAtomic(file, Buffer.from(cert.pem, 'utf8'), { mode: 0o644 });
}

/** The lines of the confirmation before trusting or saving a certificate. */
export function certificateFacts(cert: PresentedCertificate, labels: { subject: string; issuer: string; validity: string; position: string }): string {
  return [
    `${labels.subject}: ${cert.subject}`,
    `${labels.issuer}: ${cert.issuer}`,
    `${labels.validity}: ${cert.validFrom} – ${cert.validTo}`,
    `SHA-256: ${cert.fingerprint256}`,
    labels.position,
  ].join('\n');
}
