// The client's catalogs (en.ts, zh-cn.ts) behind the shared catalog machinery (shared/catalog.ts), and the errors
// pure client modules (no vscode, unit-tested under Node) raise in their words: English in the message, the key
// kept so that the code showing it can word it in the editor's language (i18n/index.ts).
// Pure: no I/O, never imports vscode.
import { Catalogs, CatalogError, type MessageParams } from '../../../server/src/shared/catalog';
import { en, type ClientMessageKey } from './en';
import { zhCn } from './zh-cn';

export const clientCatalogs = new Catalogs<ClientMessageKey>(en, { 'zh-cn': zhCn });

export function clientError(key: ClientMessageKey, params: MessageParams = {}): CatalogError<ClientMessageKey> {
  return new CatalogError(key, params, en);
}
