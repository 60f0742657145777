// The facts a diagnosis is made from: what the probe (or the editor) saw, in the domain's words.
// Types only: no I/O, never imports vscode.
import type { FailureKind, TimeoutPhase } from '../transport/types';
import type { GoRoute } from '../diagnosis/goPrediction';

export type Verdict = 'ok' | 'blocked' | 'tls-intercepted' | 'misconfigured' | 'disagreement';

export type Evidence =
  /** A Go setting that cannot work, with Go's own error text. */
  | {
    kind: 'setting-error'; variable: string; value: string; goError: string; fix?: Record<string, string>;
    /** The request Go refuses to make with this setting (credentials over plain HTTP): its text names Go's own request there. */
    request?: { role: 'database' | 'proxy'; url: string };
  }
  /** GOSUMDB=off: new modules are accepted unchecked. */
  | { kind: 'sumdb-off'; value: string }
  /**
   * A request that did not get an answer (dns, refused, reset, timeout, ...). `proxy` is the GOPROXY entry whose
   * step failed; `refusedBy` the HTTP proxy (HTTPS_PROXY, shown without credentials) that answered CONNECT with a
   * status instead of a tunnel.
   */
  | {
    kind: 'unreachable'; role: 'database' | 'proxy'; url: string; failure: FailureKind; phase?: TimeoutPhase; goError: string; proxy?: string;
    refusedBy?: ProxyRefusal;
  }
  /**
   * Something answered in the database's place with what the go command rejects (often a captive portal's or a
   * filtering proxy's page): `answer` says what it was, as far as we saw it.
   */
  | { kind: 'foreign-answer'; role: 'database' | 'proxy'; url: string; failure: string; answer: ForeignAnswer; goError: string }
  /** A TLS chain the store Go uses does not anchor (or that is expired / for another name). */
  | {
    kind: 'tls-untrusted'; role: 'database' | 'proxy'; url: string; host: string; failure: FailureKind; issuer: string; subject: string; store: string; goError: string;
    /** The top of the presented chain, when the probe could read it (what a "trust this root" fix writes). */
    root?: PresentedCertificate;
  }
  /**
   * A GOPROXY entry answered /sumdb/<name>/supported with a status that stops the chain (e.g. 500); `credentials`
   * for a 401 or 403 over HTTPS: what the go command sends there.
   */
  | { kind: 'proxy-status'; url: string; status: number; goError: string; credentials?: CredentialsNote }
  /**
   * The database answered a read with an unexpected status; `missingTile` when it was a tile's 404/410 (it
   * answered the lookup, but cannot prove the record); `credentials` as for proxy-status.
   */
  | { kind: 'database-status'; url: string; status: number; goError: string; missingTile?: true; credentials?: CredentialsNote }
  /** The signed tree note does not verify with the configured key. */
  | { kind: 'signature'; verification: string; goError: string; name: string }
  /** The database contradicted itself (a fork): Go's SECURITY ERROR. */
  | { kind: 'security'; goError: string }
  /** The proxy serves a module version the database does not know. */
  | { kind: 'not-in-database'; module: string; version: string; status: number; goError: string }
  /** Hashes disagree for a module version: go.sum, the database and/or the proxy. */
  | { kind: 'hash-mismatch'; module: string; version: string; file: 'go.mod' | 'zip'; goSum?: string; database?: string; proxy?: string; goError: string }
  /** Verified end to end. */
  | { kind: 'verified'; base: string; via: string; treeSize: number; module?: string }
  /**
   * What the go command itself said when asked to download `module@version` in a temporary module with a fresh
   * module cache (`output` is its exact output, bounded; `error` the error text its -json output carried,
   * verbatim), and whether that agrees with the verdict our own checks reached (`verdict`).
   */
  | {
    kind: 'go-command'; command: string; goVersion?: string; module: string; version: string;
    outcome: 'ok' | 'failed' | 'timeout'; exitCode: number | null; ms: number; output: string; truncated?: boolean; error?: string;
    verdict: Verdict; agreement: 'agrees' | 'contradicts' | 'inconclusive';
  };

/** What answered instead of a checksum database: an HTML page (with its title), other text, or no usable HTTP answer. */
export interface ForeignAnswer {
  form: 'html' | 'text' | 'too-large' | 'huge-headers' | 'redirect' | 'not-http' | 'not-tls' | 'bad-gzip';
  /** An HTML page's <title>, or the first characters of other text. */
  sample?: string;
}

/** An HTTP proxy that refused to open a tunnel: its address (scheme://host:port, never credentials) and status. */
export interface ProxyRefusal {
  proxy: string;
  status: number;
  /** The host:port the tunnel was asked for. */
  target: string;
}

/** What the diagnosis needs to know besides the evidence, to compute fixes. */
export interface DiagnosisContext {
  /** The database name (sum.golang.org). */
  database: string;
  /** Current values, for corrected ones. */
  env: Partial<Record<'GOSUMDB' | 'GOPROXY' | 'GONOSUMDB' | 'GOPRIVATE' | 'HTTPS_PROXY' | 'SSL_CERT_DIR', string>>;
  /** Where a root certificate would be trusted from; absent where Go does not read SSL_CERT_DIR (macOS, Windows). */
  certTrust?: CertTrustPlace;
  /** process.platform of the machine Go runs on (default: this one). */
  platform?: string;
  /** The language of the title, explanation and fixes (default English). */
  locale?: string;
  /** How the go command gets modules and reaches the database: which request of Go's a failure stops. */
  route?: GoRoute;
  /** The go command's release (`go1.19.8`), when known: its wording is quoted. */
  goVersion?: string;
}

/** What the go command sends with a request to an HTTPS URL, and why (transport/netrc.ts): for explaining a 401 or 403. */
export interface CredentialsNote {
  /** The URL's own user and password (net/http sends them), a .netrc entry's, a GOAUTH command's, or none. */
  sent: 'url' | 'netrc' | 'goauth' | 'none';
  /** The .netrc entry's machine, when sent from .netrc. */
  machine?: string;
  /** The GOAUTH command whose fields were sent, when sent from one. */
  method?: string;
  /**
   * The .netrc the go command reads, and how it matches entries: by host name (before Go 1.24) or as URL prefixes,
   * port and all (GOAUTH); absent when it reads none.
   */
  netrc?: { file: string; matching: 'hostname' | 'prefix' };
  /** An entry for this URL's host name that this go command passes over for it (the port written differs). */
  passedOver?: string;
  /** GOAUTH methods whose credentials we never fetch (git, mtls, a command): the go command may send what we do not. */
  unread?: string[];
  /** GOAUTH commands that failed, in Go's words ("GOAUTH=cmd: could not run command cmd: exit status 1"). */
  goauthFailures?: string[];
}

/** Our certificate directory and the SSL_CERT_DIR value that adds it to what Go reads today. */
export interface CertTrustPlace {
  dir: string;
  sslCertDir: string;
}

/** One certificate as presented, with what a person needs to judge it before trusting it. */
export interface PresentedCertificate {
  pem: string;
  subject: string;
  issuer: string;
  subjectCN: string;
  validFrom: string;
  validTo: string;
  /** Upper-case hex pairs separated by colons, as openssl prints it. */
  fingerprint256: string;
  /**
   * 'root': the self-signed top of the chain; 'topmost': the server did not send its root, this is the highest it
   * sent; 'leaf': it sent only its own certificate (trusting it breaks when it is re-issued).
   */
  position: 'root' | 'topmost' | 'leaf';
}

/** A value the person types before anything is written; never guessed. */
export interface FixAsk {
  variable: string;
  /** The question, in the user's language. */
  prompt: string;
  /** What reports print for the value, e.g. `<your proxy address>`. */
  placeholder: string;
  /**
   * How the answer is judged before writing: `go-proxy-url` is Go's HTTPS_PROXY reading (proxyAddress.ts);
   * `pem-file` is a file the person picks, which must hold a certificate.
   */
  validate: 'go-proxy-url' | 'pem-file';
  /** Go's current value, so a pre-fill never proposes what already fails. */
  current?: string;
}

/** A certificate the fix writes (`trust`: into `file`, which SSL_CERT_DIR then names) or offers to save (`save`). */
export interface FixCertificate extends PresentedCertificate {
  action: 'trust' | 'save';
  /** Where `trust` writes the PEM; for `save`, a suggested file name. */
  file: string;
}

export interface Fix {
  title: string;
  env: Record<string, string>;
  /** Ask the person for env[ask.variable] (absent from env until then). */
  ask?: FixAsk;
  /** Show, confirm and write (or save) this certificate first. */
  certificate?: FixCertificate;
  /** How to do it by hand where no variable helps (macOS Keychain, Windows certificate store). */
  advice?: string;
}

export interface Diagnosis {
  scenario: Verdict;
  /** One-line headline. */
  title: string;
  explanation: string;
  fixes: Fix[];
  /** The go command's error text the user most likely saw, when there is one. */
  goError?: string;
  /** The evidence the verdict rests on (the deciding items first). */
  deciding: Evidence[];
}
