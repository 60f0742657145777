// Every user-facing sentence of the goenv rules, in English. Go's own error texts are not here: they are
// quoted verbatim where Go produces them. The Simplified Chinese catalog (messages.zh-cn.ts) implements the same
// interface; goenvMessages(locale) picks one. Pure data: no I/O, never imports vscode.
import { localeId } from '../i18n';
import { zhCn } from './messages.zh-cn';

export interface GoenvMessages {
  gosumdbCommaList(value: string): string;
  gosumdbUrlInKey(name: string, url: string): string;
  gosumdbUnknownName(name: string): string;
  gosumdbInvalid(goError: string): string;
  gosumdbUrlScheme(url: string): string;
  gosumdbOff(): string;
  ignoredVariable(name: string): string;
  goinsecureNotSumdb(patterns: string): string;
  goflagsInsecure(): string;
  goproxyInvalid(goError: string): string;
  goproxyOff(): string;
  goproxyDirectDatabase(name: string): string;
  patternNeverMatches(variable: string, pattern: string, reason: PatternProblem): string;
  fix: {
    useKnownDatabase(name: string): string;
    separateUrl(): string;
    addMirrorToGoproxy(mirror: string): string;
    turnDatabaseOn(): string;
    useGonosumdb(): string;
    removeVariable(name: string): string;
    alsoSkipDatabase(): string;
    removeInsecureFlag(): string;
    restoreDefaultGoproxy(): string;
    addHttps(): string;
    cleanPatterns(variable: string): string;
  };
  chain: {
    usesProxy(proxy: string): string;
    direct(name: string): string;
    url(url: string): string;
    off(): string;
    failed(): string;
    step: Record<'use-proxy' | 'try-next' | 'try-next-after-error' | 'stop' | 'use-direct' | 'pass', string>;
  };
}

export type PatternProblem = 'space' | 'carriage-return' | 'scheme' | 'malformed' | 'quotes';

export const en: GoenvMessages = {
  gosumdbCommaList: (value) =>
    `GOSUMDB takes one database, not a list: Go rejects "${value}". To reach the database through a mirror, ` +
    'list the mirror in GOPROXY; Go asks it for /sumdb/<name>/supported.',
  gosumdbUrlInKey: (name, url) =>
    `"${name}+${url}" joins the name and the URL with "+"; Go expects them separated by one space.`,
  gosumdbUnknownName: (name) =>
    `Go knows only sum.golang.org by name. For "${name}" GOSUMDB needs the full verifier key (name+hash+key).`,
  gosumdbInvalid: (goError) => `The go command will fail on every checksum lookup: ${goError}`,
  gosumdbUrlScheme: (url) =>
    `The database URL "${url}" has no http:// or https:// scheme, so the go command cannot fetch from it.`,
  gosumdbOff: () =>
    'GOSUMDB=off: modules not yet in go.sum are accepted without any check against a checksum database. ' +
    'Hashes already in go.sum are still enforced. To skip the database only for private modules, use GOPRIVATE or GONOSUMDB.',
  ignoredVariable: (name) => `The go command does not read ${name}; setting it changes nothing.`,
  goinsecureNotSumdb: (patterns) =>
    `GOINSECURE (${patterns}) only allows plain HTTP and unverified certificates when fetching those modules. ` +
    'They are still looked up in the checksum database; GONOSUMDB or GOPRIVATE skips it.',
  goflagsInsecure: () =>
    'The -insecure flag was removed from the go command (Go 1.17). Use GOINSECURE for plain-HTTP origins and ' +
    'GONOSUMDB for modules the checksum database cannot know.',
  goproxyInvalid: (goError) => `The go command will refuse this GOPROXY: ${goError}`,
  goproxyOff: () =>
    'GOPROXY=off: the go command downloads nothing ("module lookup disabled by GOPROXY=off") and reaches the ' +
    'checksum database only directly, never through a proxy.',
  goproxyDirectDatabase: (name) =>
    `No proxy is listed, so the checksum database is contacted directly at https://${name}. ` +
    'If that host is blocked here, list a proxy that serves the database in GOPROXY.',
  patternNeverMatches: (variable, pattern, reason) => {
    const why: Record<PatternProblem, string> = {
      space: 'it has a space; Go splits the list at commas only and does not trim',
      'carriage-return': 'it ends in a carriage return (the go env file has Windows line endings)',
      scheme: 'module paths have no scheme such as https://',
      malformed: 'it is not a valid pattern (path.Match syntax error)',
      quotes: 'the quotes are part of the pattern; Go does not remove them',
    };
    return `The ${variable} pattern "${pattern.replace(/\r/g, '\\r')}" can never match a module path: ${why[reason]}.`;
  },
  fix: {
    useKnownDatabase: (name) => `Set GOSUMDB=${name}`,
    separateUrl: () => 'Separate the URL with a space',
    addMirrorToGoproxy: (mirror) => `Reach the database through ${mirror} (GOPROXY)`,
    turnDatabaseOn: () => 'Turn the checksum database back on',
    useGonosumdb: () => 'Use GONOSUMDB instead',
    removeVariable: (name) => `Remove ${name}`,
    alsoSkipDatabase: () => 'Also skip the checksum database for these modules (GONOSUMDB)',
    removeInsecureFlag: () => 'Remove -insecure from GOFLAGS',
    restoreDefaultGoproxy: () => 'Restore the default GOPROXY',
    addHttps: () => 'Add https:// to the database URL',
    cleanPatterns: (variable) => `Clean up the ${variable} patterns`,
  },
  chain: {
    usesProxy: (proxy) => `checksum database via ${proxy}`,
    direct: (name) => `checksum database direct: https://${name}`,
    url: (url) => `checksum database at ${url} (set in GOSUMDB)`,
    off: () => 'checksum database off (GOSUMDB=off)',
    failed: () => 'checksum database unreachable',
    step: {
      'use-proxy': 'answered 200: it serves the checksum database, and Go will not fall back',
      'try-next': 'answered 404/410: Go tries the next entry',
      'try-next-after-error': 'failed, and the entry ends in "|": Go tries the next entry',
      stop: 'failed, and the entry ends in ",": Go stops here',
      'use-direct': 'Go connects to the database directly',
      pass: 'the GONOPROXY entry does not apply to the database',
    },
  },
};

/** The goenv catalog for a locale as VS Code, --lang or localeFromEnv name it ('zh-CN', 'zh-cn', ...); English otherwise. */
export function goenvMessages(locale?: string): GoenvMessages {
  return localeId(locale) === 'zh-cn' ? zhCn : en;
}
