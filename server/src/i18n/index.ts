// Looking up user-facing text by key, with {param} placeholders, falling back to English. Catalogs live beside
// this file, one per language (en.ts; zh-cn.ts is added by the editor work). Pure: no I/O, never imports vscode.
import { en, MessageKey } from './en';

export type { MessageKey } from './en';
export type Catalog = Partial<Record<MessageKey, string>>;

const catalogs: Record<string, Catalog> = { en };

/** Make a catalog available (e.g. registerCatalog('zh-cn', zhCn)). */
export function registerCatalog(locale: string, catalog: Catalog): void {
  catalogs[locale.toLowerCase()] = catalog;
}

/** The message for `key` in `locale` (or English), with every {name} replaced by params[name]. */
export function t(key: MessageKey, params: Record<string, string | number> = {}, locale = 'en'): string {
  const lc = locale.toLowerCase();
  const template = catalogs[lc]?.[key] ?? catalogs[lc.split('-')[0]]?.[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
