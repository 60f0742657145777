// The goenv rules' user-facing sentences as functions, so lints and the chain view never handle message keys.
// The texts themselves live in the one catalog per language (i18n/en.ts, i18n/zh-cn.ts, keys "goenv.*"); Go's own
// error texts are not there: they are quoted verbatim where Go produces them. Pure: no I/O, never imports vscode.
import { localeId, t, type MessageKey } from '../i18n';

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
  goflagsInvalid(goError: string): string;
  goauthInvalid(goError: string): string;
  goauthUnread(methods: string): string;
  gotoolchainInvalid(goError: string): string;
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
    joinGoflag(flag: string): string;
    unquoteGoflags(): string;
    removeGoflagWord(word: string): string;
    readNetrcOnly(): string;
    unsetGotoolchain(): string;
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

type ChainWhy = keyof GoenvMessages['chain']['step'];
const CHAIN_WHY: readonly ChainWhy[] = ['use-proxy', 'try-next', 'try-next-after-error', 'stop', 'use-direct', 'pass'];

function messagesFor(locale: string): GoenvMessages {
  const m = (key: MessageKey, params: Record<string, string> = {}) => t(key, params, locale);
  return {
    gosumdbCommaList: (value) => m('goenv.gosumdbCommaList', { value }),
    gosumdbUrlInKey: (name, url) => m('goenv.gosumdbUrlInKey', { name, url }),
    gosumdbUnknownName: (name) => m('goenv.gosumdbUnknownName', { name }),
    gosumdbInvalid: (goError) => m('goenv.gosumdbInvalid', { goError }),
    gosumdbUrlScheme: (url) => m('goenv.gosumdbUrlScheme', { url }),
    gosumdbOff: () => m('goenv.gosumdbOff'),
    ignoredVariable: (name) => m('goenv.ignoredVariable', { name }),
    goinsecureNotSumdb: (patterns) => m('goenv.goinsecureNotSumdb', { patterns }),
    goflagsInsecure: () => m('goenv.goflagsInsecure'),
    goflagsInvalid: (goError) => m('goenv.goflagsInvalid', { goError }),
    goauthInvalid: (goError) => m('goenv.goauthInvalid', { goError }),
    goauthUnread: (methods) => m('goenv.goauthUnread', { methods }),
    gotoolchainInvalid: (goError) => m('goenv.gotoolchainInvalid', { goError }),
    goproxyInvalid: (goError) => m('goenv.goproxyInvalid', { goError }),
    goproxyOff: () => m('goenv.goproxyOff'),
    goproxyDirectDatabase: (name) => m('goenv.goproxyDirectDatabase', { name }),
    // A carriage return is shown as \r: invisible otherwise, and it is the whole problem.
    patternNeverMatches: (variable, pattern, reason) =>
      m('goenv.patternNeverMatches', { variable, pattern: pattern.replace(/\r/g, '\\r'), reason: m(`goenv.pattern.${reason}`) }),
    fix: {
      useKnownDatabase: (name) => m('goenv.fix.useKnownDatabase', { name }),
      separateUrl: () => m('goenv.fix.separateUrl'),
      addMirrorToGoproxy: (mirror) => m('goenv.fix.addMirrorToGoproxy', { mirror }),
      turnDatabaseOn: () => m('goenv.fix.turnDatabaseOn'),
      useGonosumdb: () => m('goenv.fix.useGonosumdb'),
      removeVariable: (name) => m('goenv.fix.removeVariable', { name }),
      alsoSkipDatabase: () => m('goenv.fix.alsoSkipDatabase'),
      removeInsecureFlag: () => m('goenv.fix.removeInsecureFlag'),
      joinGoflag: (flag) => m('goenv.fix.joinGoflag', { flag }),
      unquoteGoflags: () => m('goenv.fix.unquoteGoflags'),
      removeGoflagWord: (word) => m('goenv.fix.removeGoflagWord', { word }),
      readNetrcOnly: () => m('goenv.fix.readNetrcOnly'),
      unsetGotoolchain: () => m('goenv.fix.unsetGotoolchain'),
      restoreDefaultGoproxy: () => m('goenv.fix.restoreDefaultGoproxy'),
      addHttps: () => m('goenv.fix.addHttps'),
      cleanPatterns: (variable) => m('goenv.fix.cleanPatterns', { variable }),
    },
    chain: {
      usesProxy: (proxy) => m('goenv.chain.usesProxy', { proxy }),
      direct: (name) => m('goenv.chain.direct', { name }),
      url: (url) => m('goenv.chain.url', { url }),
      off: () => m('goenv.chain.off'),
      failed: () => m('goenv.chain.failed'),
      step: Object.fromEntries(CHAIN_WHY.map((why) => [why, m(`goenv.chain.step.${why}`)])) as Record<ChainWhy, string>,
    },
  };
}

const byLocale = new Map<string, GoenvMessages>();

/** The goenv sentences for a locale as VS Code, --lang or localeFromEnv name it ('zh-CN', 'zh-cn', ...); English otherwise. */
export function goenvMessages(locale?: string): GoenvMessages {
  const id = localeId(locale);
  let messages = byLocale.get(id);
  if (!messages) byLocale.set(id, (messages = messagesFor(id)));
  return messages;
}

/** The English sentences (the default wherever no locale is passed). */
export const en: GoenvMessages = goenvMessages('en');
