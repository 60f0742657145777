// The words a rendered probe report uses, passed in so that the renderers stay free of vscode and of
// any language: i18n/index.ts fills them from the client's catalog, tests fill them with fixed strings.
import type { Scenario } from '../../server/src/shared/protocol';

export interface ReportLabels {
  title: string;
  scenario: Record<Scenario, string>;
  chain: string;
  editor: string;
  proxy: string;
  database: string;
  direct: string;
  broken: string;
  steps: string;
  step: string;
  target: string;
  result: string;
  time: string;
  ok: string;
  failed: string;
  evidence: string;
  certificates: string;
  subject: string;
  issuer: string;
  untrustedIssuer: string;
  goError: string;
  /** Heading of the go command's own output (the probe's go step). */
  goOutput: string;
  why: string;
  fixes: string;
  noFixes: string;
  copyMarkdown: string;
  probeAgain: string;
  problemVariable: string;
  probedAt: string;
}
