// Owns: where Go looks for root certificates, per OS (crypto/x509 root_linux.go, root_bsd.go, ...), and the
// SSL_CERT_DIR value that adds our directory while keeping the system roots trusted: Go reads SSL_CERT_DIR
// INSTEAD of its default directories and splits it on ":", so the defaults that exist are listed first.
// On macOS and Windows Go asks the OS verifier and ignores SSL_CERT_FILE/SSL_CERT_DIR.
// Pure: no I/O (existence is asked through a callback), never imports vscode.
import { userConfigDir, type OsEnv } from '../shared/locations';

/** Go's certDirectories for each GOOS that reads SSL_CERT_DIR (Node's platform names). */
const GO_CERT_DIRECTORIES: Readonly<Record<string, readonly string[]>> = {
  linux: ['/etc/ssl/certs', '/etc/pki/tls/certs', '/system/etc/security/cacerts'],
  android: ['/etc/ssl/certs', '/etc/pki/tls/certs', '/system/etc/security/cacerts'],
  freebsd: ['/etc/ssl/certs', '/usr/local/share/certs', '/etc/openssl/certs'],
  openbsd: ['/etc/ssl/certs', '/usr/local/share/certs', '/etc/openssl/certs'],
  netbsd: ['/etc/ssl/certs', '/usr/local/share/certs', '/etc/openssl/certs'],
  sunos: ['/etc/certs/CA'],
  aix: ['/var/ssl/certs'],
};

/** Whether Go on this platform reads SSL_CERT_FILE/SSL_CERT_DIR (false on darwin and win32). */
export function goReadsCertDir(platform: string): boolean {
  return platform in GO_CERT_DIRECTORIES;
}

export function goCertDirectories(platform: string): readonly string[] {
  return GO_CERT_DIRECTORIES[platform] ?? [];
}

/**
 * SSL_CERT_DIR that keeps what Go reads today and adds `ours`: the current SSL_CERT_DIR entries when one is set
 * (Go reads only those), else Go's default directories that exist. Never drops an entry; `ours` once, last.
 */
export function sslCertDirValue(platform: string, ours: string, exists: (dir: string) => boolean, current?: string): string {
  const base = current ? current.split(':').filter((d) => d !== '') : goCertDirectories(platform).filter(exists);
  return [...base.filter((d) => d !== ours), ours].join(':');
}

/** Our certificate directory: <user config dir>/gosum-doctor/certs, or Go's error when it has no user config dir. */
export function ourCertDirectory(env: OsEnv, platform: NodeJS.Platform): { dir: string } | { error: string } {
  const config = userConfigDir(env, platform);
  if ('error' in config) return config;
  return { dir: [config.dir, 'gosum-doctor', 'certs'].join(platform === 'win32' ? '\\' : '/') };
}

/** PEM text for one DER certificate, 64 base64 characters a line (what Go's pem.Decode reads). */
export function certificatePem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The DER inside a one-certificate PEM. */
export function pemDer(pem: string): Buffer {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  if (!m) throw new Error('no certificate in PEM');
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

/** A file name that says whose it is and cannot collide: the CN made safe, then the fingerprint's start. */
export function certificateFileName(commonName: string, fingerprint256: string): string {
  const name = commonName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 48) || 'root';
  return `${name}-${fingerprint256.replace(/:/g, '').slice(0, 16).toLowerCase()}.pem`;
}
