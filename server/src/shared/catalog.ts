// Owns: looking up user-facing text by key in one catalog per language, with {name} placeholders and English as
// the fallback, and naming the catalog a locale asks for (VS Code's display language, LSP `initialize` params, a
// --lang flag, POSIX LANG/LC_* tags). The one catalog machinery of the server (i18n/) and the client
// (client/src/i18n/). Pure: no I/O, never imports vscode.

export type MessageParams = Record<string, string | number>;

/** Tags that mean Simplified Chinese without naming our catalog id. Traditional (zh-tw, zh-hk, zh-hant) is not. */
const SIMPLIFIED_CHINESE = /^zh(?:-hans(?:-.*)?|-sg|-my)?$/;

/** `template` with every {name} replaced by params[name]; a placeholder without a value stays as it is. */
function fillTemplate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The catalogs of one side (server or client): English, which has every key, and the languages that translate it. */
export class Catalogs<K extends string> {
  private readonly byId: Record<string, Partial<Record<K, string>>>;

  constructor(private readonly english: Record<K, string>, translations: Record<string, Partial<Record<K, string>>>) {
    this.byId = { en: english };
    for (const [locale, catalog] of Object.entries(translations)) this.register(locale, catalog);
  }

  /** Make a catalog available (e.g. register('zh-cn', zhCn)). */
  register(locale: string, catalog: Partial<Record<K, string>>): void {
    this.byId[locale.toLowerCase()] = catalog;
  }

  /** The catalog id for a BCP 47 or POSIX tag, or undefined when there is no catalog for it. */
  idOf(tag: string): string | undefined {
    // 'zh_CN.UTF-8@pinyin' -> 'zh-cn'; 'zh-Hans' -> 'zh-hans'
    const lc = tag.trim().replace(/[.@].*$/, '').replace(/_/g, '-').toLowerCase();
    if (lc === '') return undefined;
    if (lc in this.byId) return lc;
    if (SIMPLIFIED_CHINESE.test(lc)) return 'zh-cn';
    const language = lc.split('-')[0];
    return language !== 'zh' && language in this.byId ? language : undefined;
  }

  /**
   * The locale id ('en', 'zh-cn', ...) for a locale name however it is spelled. Case-insensitive; zh, zh-CN,
   * zh-Hans, zh_CN.UTF-8 give 'zh-cn'; anything without a catalog (including Traditional Chinese) gives 'en'.
   */
  localeId(locale: string | undefined): string {
    return (locale === undefined ? undefined : this.idOf(locale)) ?? 'en';
  }

  /** The message for `key` in `locale` (English when none is given or there is no catalog), placeholders filled. */
  t(key: K, params: MessageParams = {}, locale?: string): string {
    return fillTemplate(this.byId[this.localeId(locale)]?.[key] ?? this.english[key], params);
  }
}

/**
 * An error a pure module raises in words from a catalog: its message is the English text (for logs and tests),
 * and `key` and `params` let the code that shows it word it in the user's language.
 */
export class CatalogError<K extends string = string> extends Error {
  constructor(readonly key: K, readonly params: MessageParams, english: Record<K, string>) {
    super(fillTemplate(english[key], params));
  }
}
