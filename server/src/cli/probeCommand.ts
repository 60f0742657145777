// `gosum-doctor probe [DIR] [--json] [--no-go]`: resolve the Go environment as the go command would (process
// env + go env file), run the probe (with the go command's own answer as a last step when a go binary is on
// PATH, unless --no-go), print the report. Exit codes: 0 ok, 1 a problem diagnosed, 2 could not probe.
// The edge of the CLI: the only place here that reads process.env and the disk for settings.
import { realClock } from '../sumdb/clock';
import { envValues, resolveGoEnv } from '../goenv/resolve';
import { readEnvSources } from '../goenv/sources';
import { probe, type ProbeEnv } from '../diagnosis/probe';
import { resolverEnvOf } from '../transport/resolverFiles';
import { credentialSources } from '../transport/goauth';
import { goauthRunner } from '../goenv/goProcess';
import { toolEnvironment } from '../shared/locations';
import { ProbeReport } from '../diagnosis/probeReport';
import { goCommandAgreement, goCommandSaid, type GoCommandEvidence } from '../diagnosis/goCommandEvidence';
import { fixDetailLines } from '../diagnosis/fixDetails';
import { sayIn } from '../i18n';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** The Go environment for the probe, resolved exactly as `check` resolves it (env file, $GOROOT/go.env, defaults). */
export async function probeEnvironment(osEnv: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<{ env: ProbeEnv; goVersion?: string }> {
  const resolved = resolveGoEnv(await readEnvSources({ process: osEnv, cwd }));
  const env = { ...envValues(resolved), ...(osEnv.REQUEST_METHOD ? { REQUEST_METHOD: osEnv.REQUEST_METHOD } : {}) };
  return { env, ...(resolved.goVersion ? { goVersion: resolved.goVersion } : {}) };
}

/** The text report, our sentences in `locale` (default English); Go's output as Go printed it. */
export function formatReport(r: ProbeReport, locale?: string): string {
  const t = sayIn(locale);
  const lines: string[] = [t('cli.probe.scenario', { scenario: r.scenario }), r.title, r.explanation, ''];
  if (r.goError) lines.push(t('cli.probe.goSaw'), ...r.goError.split('\n').map((l) => '    ' + l), '');
  const go = r.evidence.find((e): e is GoCommandEvidence => e.kind === 'go-command');
  if (go) {
    // Go's output exactly as printed; then how it compares with our verdict.
    lines.push(t('cli.probe.goSays', { command: go.command, goVersion: go.goVersion ?? 'go', code: go.exitCode ?? '-' }));
    if (go.output !== '') lines.push(...go.output.replace(/\n$/, '').split('\n').map((l) => '    ' + l));
    // A failure's text was just printed verbatim; success and timeouts get their sentence.
    if (go.outcome !== 'failed') lines.push(goCommandSaid(go, locale));
    const agreement = goCommandAgreement(go, locale);
    if (agreement) lines.push(agreement);
    lines.push('');
  }
  if (r.fixes.length > 0) {
    lines.push(t('cli.probe.fixes'));
    r.fixes.forEach((f, i) => {
      lines.push(`  ${i + 1}. ${f.title}`, ...fixDetailLines(f, i, locale).map((l) => `       ${l}`));
    });
    lines.push('');
  }
  lines.push(t('cli.probe.steps'));
  for (const s of r.steps) lines.push(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name.padEnd(9)} ${s.target} (${s.ms} ms)\n       ${s.detail}`);
  return lines.join('\n') + '\n';
}

export interface ProbeCommandOptions {
  /** Ask the go command too (when one is on PATH). Default true; --no-go sets false. */
  go?: boolean;
  /** The go binary (tests); default "go" from PATH. */
  goBinary?: string;
  /** The language of the report (default English). */
  locale?: string;
}

export async function runProbeCommand(dir: string, json: boolean, io: CliOutput, osEnv: NodeJS.ProcessEnv = process.env,
  options: ProbeCommandOptions = {}): Promise<number> {
  let report: ProbeReport;
  try {
    const confirmWithGo = options.go === false ? false : { allowed: true, goBinary: options.goBinary, processEnv: osEnv };
    const { env, goVersion } = await probeEnvironment(osEnv, dir);
    const transport = { resolverEnv: resolverEnvOf(osEnv), ...credentialSources(env.GOAUTH, osEnv, goVersion, goauthRunner(toolEnvironment(osEnv))) };
    report = await probe({ dir, env, goVersion, clock: realClock, transport, confirmWithGo, locale: options.locale });
  } catch (err) {
    io.err(`gosum-doctor probe: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (json) {
    const { title, explanation, goError, ms, ...rest } = report;
    io.out(JSON.stringify({ scenario: rest.scenario, database: rest.database, steps: rest.steps, evidence: rest.evidence, fixes: rest.fixes, title, explanation, goError, ms }, null, 2) + '\n');
  } else {
    io.out(formatReport(report, options.locale));
  }
  return report.scenario === 'ok' ? 0 : 1;
}
