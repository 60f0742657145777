// Owns: turning what the go command said (diagnosis/goConfirm.ts) into evidence — whether it agrees with the
// verdict our own checks reached, the checksum mismatch it reported against the database (as hash-mismatch
// evidence quoting its text), and the sentences that quote it. Go's text is quoted verbatim, never reworded.
// Pure: no I/O, never imports vscode.
import { t } from '../i18n';
import type { Diagnosis, Evidence } from '../shared/evidence';
import type { GoConfirmation } from './goConfirm';

export type GoCommandEvidence = Extract<Evidence, { kind: 'go-command' }>;
type HashMismatch = Extract<Evidence, { kind: 'hash-mismatch' }>;

/** Would the go command, downloading module@version with no go.sum, be expected to fail under this verdict? */
function expectsFailure(ours: Diagnosis, module: string, version: string): boolean | undefined {
  const ev = ours.deciding[0];
  switch (ours.scenario) {
    case 'ok': return false;
    case 'blocked':
    case 'tls-intercepted': return true;
    case 'misconfigured':
      // GOSUMDB=off: downloads succeed, unchecked.
      return ev?.kind === 'sumdb-off' ? false : true;
    case 'disagreement':
      if (!ev) return undefined;
      if (ev.kind === 'security') return true;
      if ((ev.kind === 'not-in-database' || ev.kind === 'hash-mismatch') && (ev.module !== module || ev.version !== version)) return undefined;
      if (ev.kind === 'not-in-database') return true;
      // Only proxy vs database makes a fresh download fail; go.sum vs database needs the user's go.sum.
      if (ev.kind === 'hash-mismatch') return ev.proxy !== undefined && ev.database !== undefined && ev.proxy !== ev.database ? true : undefined;
      return undefined;
  }
}

/** The evidence for a confirmation that ran (or was stopped); undefined when nothing ran. */
export function goCommandEvidence(c: GoConfirmation, module: string, version: string, ours: Diagnosis): GoCommandEvidence | undefined {
  if (!c.ran) return undefined;
  const outcome: GoCommandEvidence['outcome'] = c.reason === 'timeout' ? 'timeout' : c.exitCode === 0 ? 'ok' : 'failed';
  const expected = expectsFailure(ours, module, version);
  const agreement: GoCommandEvidence['agreement'] = outcome === 'timeout' || expected === undefined
    ? 'inconclusive'
    : (outcome === 'failed') === expected ? 'agrees' : 'contradicts';
  return {
    kind: 'go-command', command: c.command, ...(c.goVersion ? { goVersion: c.goVersion } : {}), module, version,
    outcome, exitCode: c.exitCode, ms: c.ms, output: c.output, ...(c.truncated ? { truncated: true } : {}),
    ...(c.download?.error ? { error: c.download.error } : {}),
    verdict: ours.scenario, agreement,
  };
}

const MISMATCH = /^([^@\s]+)@(\S+): verifying (module|go\.mod): checksum mismatch\n\tdownloaded: (\S+)\n\t(.+): (\S+)\n/;

/**
 * The checksum mismatch against the checksum database the go command reported, as hash-mismatch evidence whose
 * goError is what `go mod download` prints on stderr ("go: " + the -json Error text). Undefined for any other
 * error, and for a mismatch against go.sum (the temporary module has none).
 */
export function mismatchFromGo(ev: GoCommandEvidence): HashMismatch | undefined {
  const m = ev.error ? MISMATCH.exec(ev.error) : null;
  if (!m || m[5] === 'go.sum') return undefined;
  return {
    kind: 'hash-mismatch', module: m[1], version: m[2], file: m[3] === 'module' ? 'zip' : 'go.mod', proxy: m[4], database: m[6],
    goError: `go: ${ev.error!.replace(/\n+$/, '')}`,
  };
}

/** What the go command did: "The go command (go1.19.8) says: <Go's text, verbatim>", or that it succeeded / timed out. */
export function goCommandSaid(ev: GoCommandEvidence, locale?: string): string {
  const goVersion = ev.goVersion ?? 'go';
  if (ev.outcome === 'ok') return t('evidence.go-command.ok', { goVersion, module: ev.module, version: ev.version, command: ev.command }, locale);
  if (ev.outcome === 'timeout') return t('evidence.go-command.timeout', { goVersion, command: ev.command, ms: ev.ms }, locale);
  return t('evidence.go-command', { goVersion, said: (ev.error ?? ev.output).replace(/\n+$/, '') }, locale);
}

/** How the go command's answer compares with the verdict of our own checks; '' when it cannot tell. */
export function goCommandAgreement(ev: GoCommandEvidence, locale?: string): string {
  if (ev.agreement === 'contradicts') return t('evidence.go-command.contradicts', { verdict: ev.verdict }, locale);
  if (ev.agreement === 'agrees') return t('evidence.go-command.agrees', { verdict: ev.verdict }, locale);
  return '';
}

/** What the go command said, then how that compares with our verdict. */
export function goCommandText(ev: GoCommandEvidence, locale?: string): string {
  return [goCommandSaid(ev, locale), goCommandAgreement(ev, locale)].filter((s) => s !== '').join('\n');
}
