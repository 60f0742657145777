// Setting lints: the Go environment mistakes that break or weaken checksum checking, each with Go's own
// error text where Go has one and a computed fix (variable → new value; '' means unset, as `go env -u`).
// Pure: no I/O, never imports vscode. Wording comes from messages.ts.
import { EnvValue, ResolvedEnv } from './resolve';
import { parseGosumdb, KNOWN_GOSUMDB, GOSUMDB_ALIASES } from './gosumdb';
import { parseGoproxy } from './goproxy';
import { goFields } from '../shared/utf8';
import { readsGoauth } from '../parse/gover';
import { unreadGoauthMethods } from '../transport/goauth';
import { goauthRefusal } from '../transport/goauthRules';
import { goauthMethods } from '../transport/goauthOutput';
import { isWellFormedPattern, matchPrefixPatterns } from './patterns';
import { selectToolchain } from './toolchainSelect';
import { goflagsRefusal } from './goflags';
import { en, GoenvMessages, PatternProblem } from './messages';

/** Every lint's code; each has one severity (the SARIF rules, sarifRules.ts, describe them by it). */
export const LINT_SEVERITY = {
  'gosumdb-comma-list': 'error',
  'gosumdb-url-in-key': 'error',
  'gosumdb-unknown-name': 'error',
  'gosumdb-invalid': 'error',
  'gosumdb-url-scheme': 'warning',
  'gosumdb-off': 'warning',
  'ignored-variable': 'warning',
  'goinsecure-not-sumdb': 'info',
  'goflags-insecure': 'warning',
  'goflags-invalid': 'error',
  'goauth-invalid': 'error',
  'goauth-unread': 'info',
  'gotoolchain-invalid': 'error',
  'goproxy-invalid': 'error',
  'goproxy-off': 'warning',
  'goproxy-direct-database': 'info',
  'pattern-never-matches': 'warning',
} as const satisfies Record<string, SettingLint['severity']>;

export type LintCode = keyof typeof LINT_SEVERITY;

export interface SettingLint {
  variable: string;
  value: string;
  /** Where the value comes from; file/line/range point at the value (or the offending part of it). */
  source: EnvValue;
  severity: 'error' | 'warning' | 'info';
  code: LintCode;
  message: string;
  /** The go command's own error text, when it has one for this setting. */
  goError?: string;
  fix?: { title: string; env: Record<string, string> };
}

function knownOrAlias(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(KNOWN_GOSUMDB, name) || Object.prototype.hasOwnProperty.call(GOSUMDB_ALIASES, name);
}

function mergeList(current: string, add: string[]): string {
  const items = current.split(',').filter((s) => s !== '');
  for (const a of add) if (!items.includes(a)) items.push(a);
  return items.join(',');
}

function lint(v: EnvValue, code: LintCode, message: string, extra: Partial<SettingLint> = {}): SettingLint {
  return { variable: v.name, value: v.value, source: v, severity: LINT_SEVERITY[code], code, message, ...extra };
}

function lintGosumdb(env: ResolvedEnv, m: GoenvMessages): SettingLint[] {
  const v = env.vars.GOSUMDB;
  const db = parseGosumdb(v.value);
  if (db.kind === 'off') {
    return [lint(v, 'gosumdb-off', m.gosumdbOff(), { fix: { title: m.fix.turnDatabaseOn(), env: { GOSUMDB: '' } } })];
  }
  if (db.kind === 'db') {
    if (db.parsedUrl && db.parsedUrl.scheme !== 'http' && db.parsedUrl.scheme !== 'https') {
      const fields = goFields(db.raw);
      const fixed = fields.length === 2 && db.parsedUrl.scheme === '' ? `${fields[0]} https://${fields[1]}` : undefined;
      return [lint(v, 'gosumdb-url-scheme', m.gosumdbUrlScheme(db.url ?? ''),
        fixed ? { fix: { title: m.fix.addHttps(), env: { GOSUMDB: fixed } } } : {})];
    }
    return [];
  }
  const goError = db.message;
  const value = v.value.trim();
  if (value.includes(',')) {
    const fixEnv: Record<string, string> = {};
    let dbName: string | undefined;
    let mirror: string | undefined;
    for (const raw of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const bare = raw.replace(/^https?:\/\//, '').replace(/\/+$/, '');
      if (knownOrAlias(bare)) {
        dbName ??= bare;
      } else if (/^https?:\/\//.test(raw)) {
        mirror ??= raw.replace(/\/+$/, '').replace(/\/sumdb(\/[^/]+)?$/, '');
      }
    }
    if (dbName) fixEnv.GOSUMDB = dbName;
    const goproxy = env.vars.GOPROXY.value;
    if (dbName && mirror && !goproxy.split(/[,|]/).map((s) => s.trim().replace(/\/+$/, '')).includes(mirror)) {
      fixEnv.GOPROXY = goproxy === 'off' || goproxy.trim() === '' ? `${mirror},direct` : `${mirror},${goproxy}`;
    }
    const title = fixEnv.GOPROXY ? m.fix.addMirrorToGoproxy(mirror!) : m.fix.useKnownDatabase(dbName ?? '');
    return [lint(v, 'gosumdb-comma-list', m.gosumdbCommaList(value),
      { goError, fix: dbName ? { title, env: fixEnv } : undefined })];
  }
  const plusUrl = /^([^\s+]+)\+(https?:\/\/\S+)$/.exec(value);
  if (plusUrl) {
    const [, name, url] = plusUrl;
    return [lint(v, 'gosumdb-url-in-key', m.gosumdbUrlInKey(name, url), {
      goError, fix: knownOrAlias(name) ? { title: m.fix.separateUrl(), env: { GOSUMDB: `${name} ${url}` } } : undefined,
    })];
  }
  const fields = goFields(value);
  if (goError === 'invalid GOSUMDB: malformed verifier id' && fields.length >= 1 && fields.length <= 2 && !fields[0].includes('+')) {
    return [lint(v, 'gosumdb-unknown-name', m.gosumdbUnknownName(fields[0]), { goError })];
  }
  return [lint(v, 'gosumdb-invalid', m.gosumdbInvalid(goError), { goError })];
}

function lintGoproxy(env: ResolvedEnv, m: GoenvMessages): SettingLint[] {
  const v = env.vars.GOPROXY;
  const list = parseGoproxy(v.value, { gonoproxy: env.vars.GONOPROXY.value });
  if (!list.ok) return [lint(v, 'goproxy-invalid', m.goproxyInvalid(list.error), { goError: list.error })];
  const real = list.entries.filter((e) => e.kind !== 'noproxy');
  if (real[0]?.kind === 'off') {
    return [lint(v, 'goproxy-off', m.goproxyOff(), {
      goError: 'module lookup disabled by GOPROXY=off',
      fix: { title: m.fix.restoreDefaultGoproxy(), env: { GOPROXY: '' } },
    })];
  }
  const db = parseGosumdb(env.vars.GOSUMDB.value);
  if (db.kind === 'db' && db.url === undefined && !real.some((e) => e.kind === 'proxy')) {
    return [lint(v, 'goproxy-direct-database', m.goproxyDirectDatabase(db.name))];
  }
  return [];
}

function lintIgnored(env: ResolvedEnv, m: GoenvMessages): SettingLint[] {
  return env.ignored.map((v) => {
    const patterns = v.value.split(',').map((s) => s.trim()).filter((s) => /[./]/.test(s));
    const fix = patterns.length > 0
      ? { title: m.fix.useGonosumdb(), env: { GONOSUMDB: mergeList(env.vars.GONOSUMDB.value, patterns), [v.name]: '' } }
      : { title: m.fix.removeVariable(v.name), env: { [v.name]: '' } };
    return lint(v, 'ignored-variable', m.ignoredVariable(v.name), { fix });
  });
}

function lintGoinsecure(env: ResolvedEnv, m: GoenvMessages): SettingLint[] {
  const v = env.vars.GOINSECURE;
  if (v.value === '' || env.vars.GOSUMDB.value === 'off') return [];
  const uncovered = v.value.split(',').map((g) => g.replace(/\/$/, '')).filter((g) => g !== '' && isWellFormedPattern(g))
    .filter((g) => !matchPrefixPatterns(env.vars.GONOSUMDB.value, g));
  if (uncovered.length === 0) return [];
  return [lint(v, 'goinsecure-not-sumdb', m.goinsecureNotSumdb(uncovered.join(',')), {
    fix: { title: m.fix.alsoSkipDatabase(), env: { GONOSUMDB: mergeList(env.vars.GONOSUMDB.value, uncovered) } },
  })];
}

function lintGoflags(env: ResolvedEnv, m: GoenvMessages): SettingLint[] {
  const v = env.vars.GOFLAGS;
  const out: SettingLint[] = [];
  // A word that is no flag stops every go command as it starts (goflags.ts).
  const refused = goflagsRefusal(v.value, env.goVersion);
  if (refused) {
    const { mend } = refused;
    const title = mend.kind === 'unquoted' ? m.fix.unquoteGoflags() : mend.kind === 'joined' ? m.fix.joinGoflag(mend.flag) : m.fix.removeGoflagWord(refused.word);
    out.push(lint(v, 'goflags-invalid', m.goflagsInvalid(refused.goError), { goError: refused.goError, fix: { title, env: { GOFLAGS: refused.fixed } } }));
  }
  const fields = goFields(v.value);
  const kept = fields.filter((f) => !/^--?insecure(=.*)?$/.test(f));
  if (kept.length === fields.length) return out;
  return out.concat(lint(v, 'goflags-insecure', m.goflagsInsecure(), {
    fix: { title: m.fix.removeInsecureFlag(), env: { GOFLAGS: kept.join(' ') } },
  }));
}

/**
 * GOAUTH as today's go command reads it at its first HTTPS request (cmd/go/internal/auth): commands split by ";",
 * walked last first; it stops every command that needs the network at the first it refuses (transport/goauthRules.ts). We
 * read .netrc and run its commands and git's helper (transport/goauth.ts); an mtls method's credentials are never
 * ours, and that is said once.
 */
function lintGoauth(env: ResolvedEnv, m: GoenvMessages): SettingLint[] {
  // The go command before 1.24 reads no GOAUTH (and .netrc whatever it says).
  if (!readsGoauth(env.goVersion)) return [];
  const v = env.vars.GOAUTH;
  const methods = goauthMethods(v.value);
  for (const method of [...methods].reverse()) {
    const goError = goauthRefusal(method, methods.length, v.value);
    if (goError) return [lint(v, 'goauth-invalid', m.goauthInvalid(goError), { goError, fix: { title: m.fix.readNetrcOnly(), env: { GOAUTH: '' } } })];
    if (method.kind === 'off') return [];
  }
  // Commands run as the go command runs them (in a trusted workspace); git and mtls never.
  const unread = unreadGoauthMethods(v.value, env.goVersion, true);
  return unread.length > 0 ? [lint(v, 'goauth-unread', m.goauthUnread(unread.join('; ')))] : [];
}

/**
 * GOTOOLCHAIN as toolchain.Select reads it as every go command starts (Go 1.21 and later): a value it cannot read
 * stops every command, in its words (toolchainSelect.ts). Unset, the go command uses $GOROOT/go.env's (auto).
 */
function lintGotoolchain(env: ResolvedEnv, m: GoenvMessages): SettingLint[] {
  const v = env.vars.GOTOOLCHAIN;
  const selection = selectToolchain({ release: env.goVersion, gotoolchain: v.value });
  if (selection.kind !== 'refused') return [];
  return [lint(v, 'gotoolchain-invalid', m.gotoolchainInvalid(selection.message), { goError: selection.message, fix: { title: m.fix.unsetGotoolchain(), env: { GOTOOLCHAIN: '' } } })];
}

function patternProblem(p: string): PatternProblem | undefined {
  if (p.endsWith('\r')) return 'carriage-return';
  if (/\s/.test(p)) return 'space';
  if (/^["']|["']$/.test(p)) return 'quotes';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(p)) return 'scheme';
  if (!isWellFormedPattern(p.replace(/\/$/, ''))) return 'malformed';
  return undefined;
}

/** The patterns an item was meant to be: quotes and a scheme off, and words a space parts (a list written with spaces) apart. */
function cleanPatterns(p: string): string[] {
  const words = p.trim().replace(/^["']|["']$/g, '').trim().split(/\s+/);
  return words.map((w) => w.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '')).filter((c) => c !== '' && isWellFormedPattern(c.replace(/\/$/, '')));
}

function lintPatterns(env: ResolvedEnv, m: GoenvMessages): SettingLint[] {
  const out: SettingLint[] = [];
  for (const name of ['GOPRIVATE', 'GONOSUMDB', 'GONOPROXY', 'GOINSECURE'] as const) {
    const v = env.vars[name];
    if (v.source === 'derived' || v.value === '') continue; // GOPRIVATE's own lint covers derived values
    const items = v.value.split(',');
    const cleaned = items.flatMap(cleanPatterns).join(',');
    let offset = 0;
    for (const item of items) {
      const problem = item === '' ? undefined : patternProblem(item);
      if (problem) {
        const range = v.range ? { start: v.range.start + offset, end: Math.min(v.range.start + offset + item.replace(/\r$/, '').length, v.range.end) } : undefined;
        // A fix that would write the value back as it is fixes nothing.
        out.push(lint({ ...v, range }, 'pattern-never-matches', m.patternNeverMatches(name, item, problem),
          cleaned === v.value ? {} : { fix: { title: m.fix.cleanPatterns(name), env: { [name]: cleaned } } }));
      }
      offset += item.length + 1;
    }
  }
  return out;
}

/** All setting lints for a resolved environment. */
export function lintGoEnv(env: ResolvedEnv, messages: GoenvMessages = en): SettingLint[] {
  return [
    ...lintGosumdb(env, messages),
    ...lintGoproxy(env, messages),
    ...lintIgnored(env, messages),
    ...lintGoinsecure(env, messages),
    ...lintGoflags(env, messages),
    ...lintGoauth(env, messages),
    ...lintGotoolchain(env, messages),
    ...lintPatterns(env, messages),
  ];
}
