// The server's and the CLI's text by key, from the catalogs beside this file, one per language (en.ts, zh-cn.ts),
// through the catalog machinery both sides share (shared/catalog.ts); and the locale the environment asks for.
// Pure: no I/O, never imports vscode.
import { Catalogs, type MessageParams } from '../shared/catalog';
import { en, MessageKey } from './en';
import { zhCn } from './zh-cn';

export type { MessageKey } from './en';
export type Catalog = Partial<Record<MessageKey, string>>;

const catalogs = new Catalogs<MessageKey>(en, { 'zh-cn': zhCn });

/** Make a catalog available (e.g. registerCatalog('zh-cn', zhCn)). */
export function registerCatalog(locale: string, catalog: Catalog): void {
  catalogs.register(locale, catalog);
}

/**
 * Our locale id ('en', 'zh-cn', ...) for a locale name as VS Code (`InitializeParams.locale`, e.g. 'zh-cn'),
 * a --lang flag or the environment spells it. Case-insensitive; zh, zh-CN, zh-Hans, zh_CN.UTF-8 give 'zh-cn';
 * anything we have no catalog for (including Traditional Chinese) gives 'en'.
 */
export function localeId(locale: string | undefined): string {
  return catalogs.localeId(locale);
}

/**
 * The locale id the environment asks for, the way gettext reads it: LC_ALL, else LC_MESSAGES, else LANG (empty
 * counts as unset); if that is C/POSIX the answer is English; otherwise LANGUAGE, a colon-separated priority list,
 * wins when set (its first entry we have a catalog for, else English). Pass `process.env`.
 */
export function localeFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const set = (name: string) => (env[name] ? env[name] : undefined);
  const locale = set('LC_ALL') ?? set('LC_MESSAGES') ?? set('LANG');
  if (locale === undefined || /^(?:c|posix)$/i.test(locale.replace(/[.@].*$/, ''))) return 'en';
  const language = set('LANGUAGE');
  if (language !== undefined) {
    for (const tag of language.split(':')) {
      const id = catalogs.idOf(tag);
      if (id !== undefined) return id;
    }
    return 'en';
  }
  return localeId(locale);
}

/** The message for `key` in `locale` (English when none is given or we have no catalog), with every {name} replaced by params[name]. */
export function t(key: MessageKey, params: MessageParams = {}, locale?: string): string {
  return catalogs.t(key, params, locale);
}

/**
 * A count as the messages show it, in thousands groups ("100,000"), as toLocaleString('en-US') writes it, without
 * starting ICU: the first toLocaleString of a process costs 12-15 ms, and a warm audit's first publish waited for it.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  return n < 0 ? '-' + out : out;
}

/** A t() bound to one locale: what a caller threads through code that words many messages for one person. */
export type Say = (key: MessageKey, params?: MessageParams) => string;

/** t() for `locale` (English when undefined); there is no process-wide locale, callers pass theirs. */
export function sayIn(locale: string | undefined): Say {
  return (key, params) => t(key, params, locale);
}
