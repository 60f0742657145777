// The shape of a "Probe sumdb" result, as the CLI prints it with --json and the editor renders it.
// Types only: no I/O, never imports vscode.
import type { Evidence, Fix, Verdict } from '../shared/evidence';

export interface ProbeStep {
  /** settings | supported | base | dns | connect | tls | latest | lookup | spotcheck | go command */
  name: string;
  /** What was asked: a URL, host:port or module@version. */
  target: string;
  ok: boolean;
  ms: number;
  detail: string;
  /** Structured facts for renderers (chain, addresses, hashes...). */
  data?: Record<string, unknown>;
}

export interface ProbeDatabase {
  name: string;
  verifierKey?: string;
  /** Where reads went (https://sum.golang.org or <proxy>/sumdb/<name>). */
  base?: string;
  via?: string;
  treeSize?: number;
  /** The trust store tested for TLS. */
  trustStore?: string;
}

export interface ProbeReport {
  scenario: Verdict;
  title: string;
  explanation: string;
  /** The go command's error text the user most likely saw. */
  goError?: string;
  database: ProbeDatabase;
  steps: ProbeStep[];
  evidence: Evidence[];
  fixes: Fix[];
  /** Milliseconds the whole probe took. */
  ms: number;
}
