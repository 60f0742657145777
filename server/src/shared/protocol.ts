// The wire contract between the language server and the VS Code client: every custom request and
// notification, declared once and imported by both sides (vscode-eslint style). Types only plus method
// names; imports nothing but vscode-languageserver-protocol, never vscode, never server logic.
//
// Who does what:
// - The server pushes StatusNotification whenever its view of sumdb reachability changes; the client
//   only renders it (status bar, tooltip) and never guesses a state of its own except 'checking' at start.
// - The client sends ProbeRequest ("Go Sum Doctor: Probe sumdb", after a fix) and RecheckRequest
//   ("Re-check go.sum", after a fix); the server answers with data, never with UI text for buttons.
// - The client sends VisibleRangesNotification when the lines shown of a go.sum change, so the server looks
//   those lines up first; without it the server starts with the first screenful.
// - Code actions: diagnostics that can be fixed by an environment change carry `data: DiagnosticFixData`.
//   The CLIENT provides the code actions for them (it owns the fix target choice, the preview and the
//   write), so the server's codeAction handler must NOT return actions for `data.fixes`; it may return
//   other, document-only actions.
// - Settings the server reads through workspace/configuration: section 'gosumDoctor' (see GosumDoctorSettings)
//   and 'go' (for `go.toolsEnvVars`, which overrides the go env file like the Go extension does).
import { NotificationType, RequestType, type Range } from 'vscode-languageserver-protocol';
// Types only (erased when bundled): the fix shapes have one definition, the diagnosis's.
import type { FixAsk, FixCertificate } from './evidence';

/** The four scenarios of issue 5, plus the healthy and the not-applicable outcomes. */
export type Scenario =
  | 'ok'                 // the database answered and verified
  | 'blocked'            // the network does not reach the proxy or the database
  | 'tls-intercepted'    // a proxy re-signs TLS with a certificate Go does not trust
  | 'misconfigured'      // GOSUMDB/GOPROXY/GONOSUMDB values that Go rejects or that cannot work
  | 'disagreement'       // the proxy and the database (or go.sum) disagree about a hash
  | 'offline'            // nothing reachable; answering from caches
  | 'disabled';          // GOSUMDB=off

export type StatusState =
  | 'checking' | 'verified' | 'blocked' | 'tls-intercepted' | 'misconfigured'
  | 'disagreement' | 'offline' | 'disabled' | 'unknown';

/** Which database is used and how it is reached: `sum.golang.org via goproxy.cn`. */
export interface DatabaseView {
  /** The database name as in GOSUMDB, e.g. `sum.golang.org`. */
  name: string;
  /** How it is reached: a proxy host (`goproxy.cn`), `direct`, or a URL from GOSUMDB. */
  via: string;
  /** The base URL the reads go to, e.g. `https://goproxy.cn/sumdb/sum.golang.org`. */
  baseUrl: string;
  /** Size of the last verified tree, when known. */
  treeSize?: number;
}

export interface StatusParams {
  state: StatusState;
  database?: DatabaseView;
  /** Short status-bar text in the user's language (server localizes), without the icon. */
  text: string;
  /** Markdown tooltip from the server; the client appends its own lines (trust, last probe). */
  tooltipMarkdown?: string;
  /** ISO 8601 time of the last probe. */
  lastProbe?: string;
  /** The environment variable at fault when state is 'misconfigured', e.g. `GOSUMDB`. */
  problemVariable?: string;
  /** The server runs in an untrusted workspace: no binary is run, workspace settings are ignored. */
  untrusted?: boolean;
}

export namespace StatusNotification {
  export const method = 'gosumDoctor/status';
  export const type = new NotificationType<StatusParams>(method);
}

/** An environment change that fixes a problem. Values are final (the server merges lists like GONOSUMDB). */
export interface FixView {
  /** Button/menu title in the user's language, e.g. "Use sum.golang.google.cn". */
  title: string;
  /** Variables to set; an empty string means unset (`go env -u`). */
  env: Record<string, string>;
  /** The client asks the user for a value first; e.g. pick a certificate file for SSL_CERT_FILE. */
  pick?: { variable: string; kind: 'file' };
  /** The client asks the user to type a value first (an HTTPS proxy address), validated before anything is written. */
  ask?: FixAsk;
  /**
   * A certificate to show (subject, issuer, validity, fingerprint), confirm, then write to `file` (`trust`, for
   * SSL_CERT_DIR) or offer to save (`save`, where Go asks the OS).
   */
  certificate?: FixCertificate;
  /** How to do it by hand where no variable helps. */
  advice?: string;
  /** Preferred for the automatic choice when several fixes fit. */
  preferred?: boolean;
}

/** `data` of a diagnostic that an environment change can fix. */
export interface DiagnosticFixData {
  fixes: FixView[];
}

/** One hop the probe tried: DNS, TCP, TLS, `/sumdb/NAME/supported`, `/latest`, a lookup... */
export interface ProbeStepView {
  name: string;
  /** Host or URL. */
  target: string;
  ok: boolean;
  /** Duration in milliseconds. */
  ms: number;
  detail?: string;
}

/** One certificate of the chain the server was shown, leaf first. */
export interface CertificateView {
  subject: string;
  issuer: string;
  /** SHA-256 fingerprint, hex. */
  fingerprint?: string;
  notAfter?: string;
  /** Whether Go (the system roots + SSL_CERT_FILE/DIR) trusts it as an anchor. */
  trusted?: boolean;
}

/** The probe report as the server sends it; mirrors issue 5's JSON output. */
export interface ProbeReportView {
  scenario: Scenario;
  database?: DatabaseView;
  /** The proxy hop, when one is used: `https://goproxy.cn`. */
  proxy?: string;
  /** Which hop broke; drawn as the broken link in the chain. */
  brokenHop?: 'editor-proxy' | 'proxy-database' | 'editor-database';
  /** One-line summary in the user's language. */
  summary?: string;
  /** Why it happens, in plain words (user's language). */
  explanation?: string;
  steps: ProbeStepView[];
  evidence: string[];
  fixes: FixView[];
  /** The error text the go command prints in this situation. */
  goErrorText?: string;
  certificateChain?: CertificateView[];
  /** ISO 8601 time the probe finished. */
  time?: string;
  /** The environment variable at fault, for 'misconfigured'. */
  problemVariable?: string;
  /** What the go command itself printed, when the probe asked it (gosumDoctor.probe.confirmWithGo). */
  goCommand?: GoCommandView;
}

/** The go command run by the probe: its command line and its exact output. */
export interface GoCommandView {
  /** As a person would type it: `go mod download -json M@V`. */
  command: string;
  goVersion?: string;
  /** Null when it was killed (timeout). */
  exitCode: number | null;
  /** stdout and stderr exactly as printed, bounded. */
  output: string;
  truncated?: boolean;
}

export interface ProbeParams {
  /** A workspace folder or go.mod URI whose environment to use; default: the first folder. */
  uri?: string;
  /**
   * The user asked (the Probe sumdb command): also ask the go command, when gosumDoctor.probe.confirmWithGo is on
   * and the workspace is trusted. Absent for probes the extension starts by itself (after a fix).
   */
  confirmWithGo?: boolean;
}

export namespace ProbeRequest {
  export const method = 'gosumDoctor/probe';
  export const type = new RequestType<ProbeParams, ProbeReportView, void>(method);
}

export interface RecheckParams {
  /** Documents to re-check; absent means every open go.sum/go.mod. */
  uris?: string[];
}

export namespace RecheckRequest {
  export const method = 'gosumDoctor/recheck';
  export const type = new RequestType<RecheckParams, { checked: number }, void>(method);
}

/** The lines of a go.sum the user sees now (the active editor's visible ranges). */
export interface VisibleRangesParams {
  uri: string;
  ranges: Range[];
}

export namespace VisibleRangesNotification {
  export const method = 'gosumDoctor/visibleRanges';
  export const type = new NotificationType<VisibleRangesParams>(method);
}

/** Settings under `gosumDoctor.*` that the server reads via workspace/configuration. */
export interface GosumDoctorSettings {
  extraCACertificates: string[];
  offline: boolean;
  /** Path of the go binary; ignored (never run) in an untrusted workspace. */
  goBinary: string;
  fixTarget: 'ask' | 'goenv' | 'toolsEnvVars';
  /** `gosumDoctor.probe.*`: confirmWithGo — the Probe sumdb command also asks the go command (never when untrusted). */
  probe: { confirmWithGo: boolean };
}

/** `initializationOptions` the client sends; a change of trust restarts the server. */
export interface InitializationOptions {
  /**
   * The workspace is trusted: the server may run `go` and honour workspace settings. When false, the client
   * answers workspace/configuration for `go.toolsEnvVars` with the user-level value only (VS Code's model:
   * workspace settings are the untrusted part), and the server says so in the status.
   */
  trusted: boolean;
  /** The file path of the open .code-workspace file (multi-root), whose "settings" may hold `go.toolsEnvVars`. */
  workspaceFile?: string;
}
