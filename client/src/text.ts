// Every English string the client shows, in one place. vscode.l10n.t looks each one up in
// client/l10n/bundle.l10n.<locale>.json (Simplified Chinese: bundle.l10n.zh-cn.json).
import * as vscode from 'vscode';
import type { ReportLabels } from './reportLabels';
import type { StatusState } from '../../server/src/shared/protocol';

const t = vscode.l10n.t;

export const text = {
  statusName: () => t('Go Sum Doctor'),
  stateLabel: (state: StatusState): string => {
    switch (state) {
      case 'checking': return t('checking');
      case 'verified': return t('verified');
      case 'blocked': return t('blocked');
      case 'tls-intercepted': return t('TLS intercepted');
      case 'misconfigured': return t('misconfigured');
      case 'disagreement': return t('disagreement');
      case 'offline': return t('offline (caches)');
      case 'disabled': return t('disabled (GOSUMDB=off)');
      case 'unknown': return t('unknown');
    }
  },
  checkingText: () => t('checking sumdb…'),
  reachedVia: (name: string, via: string) => t('{0} via {1}', name, via),
  treeSize: (size: string) => t('tree size {0}', size),
  lastProbe: (time: string) => t('Last probe: {0}', time),
  untrustedTooltip: () => t('Restricted mode: this workspace is not trusted, so no `go` binary is run and no settings are written.'),
  clickForExplanation: () => t('Click for the explanation.'),
  explain: () => t('Explain'),
  serverNotRunning: () => t('The Go Sum Doctor language server is not running. See “Go Sum Doctor: Show log”.'),
  serverFailed: (message: string) => t('Go Sum Doctor could not start its language server: {0}', message),
  probeFailed: (message: string) => t('The probe failed: {0}', message),
  recheckDone: (count: number) => t('Re-checked {0} file(s).', count),
  explanationTitle: () => t('Go Sum Doctor: sumdb'),
  copied: () => t('Report copied as Markdown.'),

  // fixes
  targetGoEnv: () => t('Go env file'),
  targetGoEnvDetail: (file: string) => t('{0} (used by every go command of this user)', file),
  targetGoEnvWithGo: () => t('through `go env -w`'),
  targetToolsEnvVars: () => t('Workspace setting go.toolsEnvVars'),
  targetToolsEnvVarsDetail: () => t('only for this workspace, read by the Go extension'),
  chooseTarget: () => t('Where should the change go?'),
  pickFile: (variable: string) => t('Select the file for {0}', variable),
  confirmWrite: (where: string) => t('Write these changes to {0}?', where),
  write: () => t('Write'),
  previewTitle: (where: string) => t('Go Sum Doctor: proposed change to {0}', where),
  written: (where: string) => t('Changed {0}. Probing again…', where),
  untrustedNoWrite: () => t('This workspace is not trusted: Go Sum Doctor writes no settings here. Trust the workspace first.'),
  writeFailed: (message: string) => t('Could not write the change: {0}', message),
  // The asking and certificate steps of the fix flow (quickFixes.ts).
  prefilledFrom: (source: string) => t('Pre-filled from {0}; check it before writing.', source),
  refused: (reason: string) => t('Go could not use this: {0}', reason),
  trustTitle: () => t('Trust this certificate for the go command?'),
  saveTitle: () => t('Save this certificate?'),
  warning: () => t('A certificate you trust can read and change all your HTTPS traffic: this is exactly what an attacker would want trusted. Compare the SHA-256 fingerprint below with the one your IT department publishes, and trust it only if they match.'),
  subject: () => t('Subject'),
  issuer: () => t('Issuer'),
  validity: () => t('Valid'),
  positionRoot: () => t('This is the self-signed root at the top of the chain the server presented.'),
  positionTopmost: () => t('The server did not send its root: this is the topmost certificate it presented.'),
  positionLeaf: () => t('The server sent only its own certificate, no CA: trusting it stops working when it is re-issued. Prefer the CA certificate if you can get it.'),
  writesTo: (file: string) => t('It will be written to {0}, and SSL_CERT_DIR will list that directory after the system certificate directories.', file),
  trust: () => t('The fingerprints match: trust it'),
  saveAs: () => t('Save certificate as…'),
  saved: (file: string) => t('Certificate saved to {0}', file),
  noTarget: (commands: string) => t('Go reads this only from the process environment, and no workspace setting can hold it here. Set it in your shell profile: {0}', commands),
};

export function reportLabels(): ReportLabels {
  return {
    title: t('Why the go command cannot check go.sum'),
    scenario: {
      ok: t('The checksum database is reachable and verified'),
      blocked: t('The network blocks the way to the checksum database'),
      'tls-intercepted': t('A proxy intercepts TLS with a certificate Go does not trust'),
      misconfigured: t('GOSUMDB or GOPROXY is set to a value that cannot work'),
      disagreement: t('The proxy and the checksum database disagree'),
      offline: t('Offline: answering from the local caches'),
      disabled: t('Checking is disabled (GOSUMDB=off)'),
    },
    chain: t('The chain'),
    editor: t('editor'),
    proxy: t('proxy'),
    database: t('database'),
    direct: t('direct'),
    broken: t('broken here'),
    steps: t('What was tried'),
    step: t('Step'),
    target: t('Target'),
    result: t('Result'),
    time: t('Time'),
    ok: t('ok'),
    failed: t('failed'),
    evidence: t('Evidence'),
    certificates: t('Certificate chain'),
    subject: t('Subject'),
    issuer: t('Issued by'),
    untrustedIssuer: t('not trusted by Go'),
    goError: t('What the go command says'),
    goOutput: t('What the go command printed'),
    why: t('Why'),
    fixes: t('Fixes'),
    noFixes: t('No change to the environment is needed.'),
    copyMarkdown: t('Copy report as Markdown'),
    probeAgain: t('Probe again'),
    problemVariable: t('Variable at fault'),
    probedAt: t('Probed at'),
  };
}
