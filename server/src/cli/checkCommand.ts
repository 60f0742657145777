// `gosum-doctor check [DIR|FILE] [--json] [--sarif] [--offline]`: the syntax check of report.ts plus the audit
// of every go.sum line against the checksum database the go command would use (environment read as the go
// command reads it). Our cache: where cacheDir.ts says.
// The CLI's edge for the audit: reads process.env, never imports vscode.
import { createAuditContext, type AuditContext } from '../audit/context';
import { GoSumAuditor } from '../audit/auditor';
import { realClock, waitOn } from '../sumdb/clock';
import { parseGoSum, type GoSumParse } from '../parse/gosum';
import { asGoReachesIt, checkedDirectory, collectFiles, CheckInputError, type CheckedFile, type CheckSettings } from './files';
import { readEnvSources } from '../goenv/sources';
import { goCommandFacts, goModulesSetting, goWorkSetting, resolveGoEnv, type EnvInputs } from '../goenv/resolve';
import { lintGoEnv, type SettingLint } from '../goenv/lints';
import { settingsJson, settingsText } from './settingFindings';
import { goenvMessages } from '../goenv/messages';
import { checkFiles } from './report';
import { checkExitCode, formatCheckJson, formatCheckSarif, formatCheckText, formatInputErrorSarif, formatSummary, type AuditedFile, type CheckOutcome } from './checkReport';
import type { Format } from './args';
import type { CliOutput } from './probe';
import { PhaseTimer } from './timings';

export interface CheckOptions {
  target: string;
  format: Format;
  offline: boolean;
  version: string;
  env?: NodeJS.ProcessEnv;
  /** The language of the report (default English). */
  locale?: string;
  /** Print where the time went on stderr (--timings). */
  timings?: boolean;
}

/**
 * How long `check` may wait on the network, from its start: past it, requests still waiting or in flight fail
 * as timed out, the database counts as unreachable, and the lines are answered from the caches. A run ends
 * with a report within 40 s whatever the server does (stall, drip, resets, errors).
 */
export const CHECK_NETWORK_DEADLINE_MS = 30_000;

export async function runCheck(options: CheckOptions, io: CliOutput): Promise<number> {
  const deadline = AbortSignal.timeout(CHECK_NETWORK_DEADLINE_MS);
  const timer = new PhaseTimer();
  timer.lap('start-up');
  // Read before the files: whether go runs in workspace mode here depends on GOWORK, which the go env file may set.
  const target = asGoReachesIt(options.target, (options.env ?? process.env).PWD);
  const cwd = checkedDirectory(target);
  const envInputs = await readEnvSources({ process: options.env ?? process.env, cwd });
  const settings = checkSettings(envInputs, options.env ?? process.env);
  let files: CheckedFile[];
  try {
    files = collectFiles(target, settings);
  } catch (e) {
    if (!(e instanceof CheckInputError)) throw e;
    return reportInputError(e, options, io, settingLints(envInputs, options.locale));
  }
  // Each go.sum text is parsed once: the syntax check and the audit share the result.
  const parses = new Map<string, GoSumParse>();
  const parseOnce = (text: string): GoSumParse => {
    let p = parses.get(text);
    if (!p) parses.set(text, (p = parseGoSum(text)));
    return p;
  };
  // The settings hold the go command's facts (release, GOTOOLCHAIN) already.
  const syntax = checkFiles(files, parseOnce, settings);
  timer.lap('files');
  let ctx: AuditContext | undefined;
  let outcome: CheckOutcome;
  try {
    const sums = files.filter((f) => f.kind === 'go.sum');
    ctx = sums.length > 0 ? await auditContextFor(options, { cwd, envInputs }, deadline) : undefined;
    if (ctx) timer.lap('environment');
    const audited = ctx ? await auditAll(ctx, sums, parseOnce, timer) : [];
    parses.clear();
    const lints = ctx?.lints ?? settingLints(envInputs, options.locale);
    outcome = { syntax, audited, locale: options.locale, settings: lints };
    printReport(outcome, options, io);
    timer.lap('report');
  } finally {
    // The report is out before the cache write finishes: nothing else is left to wait for.
    await ctx?.close();
  }
  timer.lap('cache write');
  if (options.timings) io.err(timer.format(options.locale));
  return checkExitCode(outcome);
}

/** What decides the files the go command reads: GOWORK and GO111MODULE as it reads them, its os.TempDir(), the go command itself. */
function checkSettings(envInputs: EnvInputs, processEnv: NodeJS.ProcessEnv): CheckSettings {
  return { gowork: goWorkSetting(envInputs), go111module: goModulesSetting(envInputs), tempDir: processEnv.TMPDIR || '/tmp', ...goCommandFacts(envInputs) };
}

/** The lints of the Go settings as the go command reads them here (an audit context has them already). */
function settingLints(envInputs: EnvInputs, locale?: string): SettingLint[] {
  return lintGoEnv(resolveGoEnv(envInputs), goenvMessages(locale));
}

/** A target that cannot be checked: said on stderr, and in the format asked for (never an empty SARIF log). */
function reportInputError(e: CheckInputError, options: CheckOptions, io: CliOutput, settings: SettingLint[]): number {
  if (options.format === 'json') {
    io.out(JSON.stringify({ database: null, lines: [], summary: { lines: 0, error: e.message }, scenario: null, settings: settingsJson(settings) }, null, 2) + '\n');
  }
  // Code scanning uploads whatever --sarif printed: an empty log that says why, never nothing.
  if (options.format === 'sarif') io.out(formatInputErrorSarif(e.message, options.version, options.locale));
  if (options.format === 'text') io.err(settingsText(settings, options.locale));
  io.err(`gosum-doctor: ${e.message}\n`);
  return 2;
}

/** The Go environment as the go command would read it in the checked directory; the network stops at `deadline`. */
function auditContextFor(options: CheckOptions, env: { cwd: string; envInputs: EnvInputs }, deadline: AbortSignal): Promise<AuditContext> {
  return createAuditContext({
    processEnv: options.env ?? process.env,
    envInputs: env.envInputs,
    cwd: env.cwd,
    offline: options.offline,
    transportOptions: { deadline },
    locale: options.locale,
    // The person runs us as they run the go command: its GOAUTH commands run for us too.
    runGoauthCommands: true,
  });
}

async function auditAll(ctx: AuditContext, sums: CheckedFile[], parseOnce: (text: string) => GoSumParse, timer: PhaseTimer): Promise<AuditedFile[]> {
  const auditor = new GoSumAuditor(ctx, { wait: waitOn(realClock) });
  const audited: AuditedFile[] = [];
  for (const f of sums) audited.push({ display: f.display, result: await auditor.audit(parseOnce(f.text), { sumFile: f.sumFile }) });
  timer.lap('audit');
  timer.part('cache read', ctx.client?.cacheTimes.readMs ?? ctx.offlineClient?.cacheTimes.readMs ?? 0);
  return audited;
}

function printReport(outcome: CheckOutcome, options: CheckOptions, io: CliOutput): void {
  if (options.format === 'json') io.out(formatCheckJson(outcome));
  else if (options.format === 'sarif') io.out(formatCheckSarif(outcome, options.version));
  else {
    io.out(formatCheckText(outcome));
    io.err(formatSummary(outcome));
  }
}
