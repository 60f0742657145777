// Owns: a fix as the CLI's text report prints it under its title. Pure: no I/O, never imports vscode.
import { sayIn } from '../i18n';
import type { Fix } from '../shared/evidence';
import { fixCommandLines } from '../shared/fixCommands';

/**
 * The lines under a fix's title in the CLI's text report: the certificate to check (and where its PEM goes),
 * any advice, then the commands. `index` is the fix's place in the JSON report's `fixes`; `locale` the language.
 */
export function fixDetailLines(fix: Fix, index: number, locale?: string): string[] {
  const t = sayIn(locale);
  const lines: string[] = [];
  const c = fix.certificate;
  if (c) {
    lines.push(t('fix.detail.certificate', { subject: c.subject, issuer: c.issuer, from: c.validFrom, to: c.validTo, fingerprint: c.fingerprint256 }));
    lines.push(t('fix.detail.warning'));
    lines.push(t(c.action === 'trust' ? 'fix.detail.writePem' : 'fix.detail.savePem', { index, file: c.file }));
  }
  if (fix.advice) lines.push(fix.advice);
  return [...lines, ...fixCommandLines(fix)];
}
