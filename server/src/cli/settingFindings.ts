// Owns: the setting lints (goenv/lints.ts) as `check` reports them: in text, on stderr, the errors (a setting the
// go command refuses: every go command fails there) at the go env file's line, or at the variable when the
// environment sets it, with the commands that fix it; in JSON, every lint; in SARIF, the errors and GOSUMDB=off
// (sarifRules.ts says why). A warning (GOSUMDB=off, GOPROXY=off) is often a choice made on purpose: it stays out
// of the text. They leave the exit code to the go.sum lines. In SARIF each is a result at the first line of a
// checked file (code scanning shows a result only at a file of the repository, and the go env file or the
// environment is none), which says where the value is set.
// Pure: builds values and strings; no I/O.
import type { SettingLint } from '../goenv/lints';
import type { EnvSourceKind } from '../goenv/resolve';
import { fixCommandLines } from '../shared/fixCommands';
import { t } from '../i18n';
import type { Finding } from './report';
import { RULES, settingRuleId } from './sarifRules';

export interface JsonSetting {
  variable: string;
  value: string;
  /** Where the value comes from: the process environment, the go env file, $GOROOT/go.env, Go's default... */
  source: EnvSourceKind;
  /** The file that set it, and where in it (1-based), when a file did. */
  file?: string;
  line?: number;
  column?: number;
  severity: SettingLint['severity'];
  code: string;
  message: string;
  goError?: string;
  fix?: { title: string; env: Record<string, string>; commands: string[] };
}

/** The shell commands that make a lint's fix: `go env -w` where the go env file holds the value, else the variable itself. */
function fixCommands(lint: SettingLint): string[] {
  return lint.fix ? fixCommandLines(lint.fix, lint.source.source === 'process') : [];
}

/** Where a file set the value, 1-based; undefined when no file did. */
function placeOf(lint: SettingLint): { file: string; line: number; column: number } | undefined {
  const s = lint.source;
  return s.file !== undefined && s.line !== undefined ? { file: s.file, line: s.line + 1, column: (s.range?.start ?? 0) + 1 } : undefined;
}

/** FILE:LINE:COL of where a file set the value; undefined when no file did. */
function placeText(lint: SettingLint): string | undefined {
  const at = placeOf(lint);
  return at && `${at.file}:${at.line}:${at.column}`;
}

/** "fix (TITLE): COMMANDS" in the reader's language; undefined without a fix that commands can make. */
function fixText(lint: SettingLint, locale?: string): string | undefined {
  const commands = fixCommands(lint);
  return lint.fix && commands.length > 0 ? t('cli.check.settingFix', { title: lint.fix.title, commands: commands.join('; ') }, locale) : undefined;
}

export function settingsJson(lints: readonly SettingLint[]): JsonSetting[] {
  return lints.map((l) => {
    const s = l.source;
    const at = placeOf(l) ?? {};
    const fix = l.fix ? { fix: { title: l.fix.title, env: l.fix.env, commands: fixCommands(l) } } : {};
    return { variable: l.variable, value: l.value, source: s.source, ...at, severity: l.severity, code: l.code, message: l.message,
      ...(l.goError !== undefined ? { goError: l.goError } : {}), ...fix };
  });
}

/** The errors as text findings: FILE:LINE:COL: error: message (or $VAR: error: message), each with its fix. */
export function settingsText(lints: readonly SettingLint[], locale?: string): string {
  let out = '';
  for (const l of lints) {
    if (l.severity !== 'error') continue;
    const place = placeText(l) ?? `$${l.source.readAs ?? l.variable}`;
    const fix = fixText(l, locale);
    out += `${place}: ${l.severity}: ${l.message}${fix ? `\n\t${fix}` : ''}\n`;
  }
  return out;
}

const FINDING_SEVERITY: Record<SettingLint['severity'], Finding['severity']> = { error: 'error', warning: 'warning', info: 'information' };

/**
 * The lints code scanning is told of (those with a rule: sarifRules.ts says which) as SARIF findings at the first line
 * of `anchor` (a checked file), each message saying where the value is set.
 */
export function settingsSarifFindings(lints: readonly SettingLint[], anchor: string, locale?: string): Finding[] {
  return lints.filter((l) => RULES.has(settingRuleId(l.code))).map((l) => {
    // Go's words, unless the message quotes them already.
    const goSays = l.goError !== undefined && !l.message.includes(l.goError) ? `${t('sarif.goenv.goSays', {}, locale)}\n${l.goError.replace(/^/gm, '    ')}` : undefined;
    const message = [l.message, whereSet(l, locale), goSays, fixText(l, locale)].filter((part) => part !== undefined).join('\n');
    return { file: anchor, line: 1, column: 1, endLine: 1, endColumn: 1, severity: FINDING_SEVERITY[l.severity], code: settingRuleId(l.code), message,
      subject: `${l.variable}=${l.value}` };
  });
}

/** Where the value comes from, in words: the file and line, the environment, the editor, Go's default, or the variable it follows. */
function whereSet(l: SettingLint, locale?: string): string {
  const s = l.source;
  const place = placeText(l);
  const params = { variable: s.readAs ?? l.variable, value: l.value };
  if (place) return t('sarif.goenv.set.file', { ...params, place }, locale);
  if (s.source === 'process') return t('sarif.goenv.set.process', params, locale);
  if (s.source === 'toolsEnvVars') return t('sarif.goenv.set.editor', params, locale);
  if (s.source === 'derived' && s.derivedFrom) return t('sarif.goenv.set.derived', { ...params, from: s.derivedFrom }, locale);
  return t('sarif.goenv.set.default', params, locale);
}
