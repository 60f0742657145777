// The client's words in VS Code's display language: its catalogs (catalogs.ts) read through the catalog
// machinery the server's text uses too (shared/catalog.ts), so both sides word things one way. Also the labels
// the report views take.
import vscode = require('vscode');
import { CatalogError, type MessageParams } from '../../../server/src/shared/catalog';
import type { Scenario } from '../../../server/src/shared/protocol';
import type { ReportLabels } from '../reportLabels';
import { clientCatalogs } from './catalogs';
import { en, type ClientMessageKey } from './en';

/** The catalog the client words things in: the editor's display language's, or 'en' when we have none for it. */
export function displayLocale(): string {
  return clientCatalogs.localeId(vscode.env.language);
}

/** The text for `key` in the editor's display language (English when there is no catalog for it). */
export function say(key: ClientMessageKey, params?: MessageParams): string {
  return clientCatalogs.t(key, params, displayLocale());
}

/** What an error says, in the editor's language when it was raised in catalog words (clientError). */
export function messageOf(e: unknown): string {
  if (e instanceof CatalogError && e.key in en) return say(e.key as ClientMessageKey, e.params);
  return e instanceof Error ? e.message : String(e);
}

export function reportLabels(): ReportLabels {
  const scenario = (s: Scenario) => say(`report.scenario.${s}`);
  return {
    title: say('report.title'),
    scenario: {
      ok: scenario('ok'), blocked: scenario('blocked'), 'tls-intercepted': scenario('tls-intercepted'), misconfigured: scenario('misconfigured'),
      disagreement: scenario('disagreement'), offline: scenario('offline'), disabled: scenario('disabled'),
    },
    chain: say('report.chain'),
    editor: say('report.editor'),
    proxy: say('report.proxy'),
    database: say('report.database'),
    direct: say('report.direct'),
    broken: say('report.broken'),
    steps: say('report.steps'),
    step: say('report.step'),
    target: say('report.target'),
    result: say('report.result'),
    time: say('report.time'),
    ok: say('report.ok'),
    failed: say('report.failed'),
    evidence: say('report.evidence'),
    certificates: say('report.certificates'),
    subject: say('report.subject'),
    issuer: say('report.issuer'),
    untrustedIssuer: say('report.untrustedIssuer'),
    goError: say('report.goError'),
    goOutput: say('report.goOutput'),
    why: say('report.why'),
    fixes: say('report.fixes'),
    noFixes: say('report.noFixes'),
    copyMarkdown: say('report.copyMarkdown'),
    probeAgain: say('report.probeAgain'),
    problemVariable: say('report.problemVariable'),
    probedAt: say('report.probedAt'),
  };
}
