// Errors that pure client modules (no vscode, unit-tested under Node) raise in the client's catalog words: English
// in the message, the key kept so that the code showing it can word it in the editor's language (i18n/index.ts).
// Pure: no I/O, never imports vscode.
import { CatalogError, type MessageParams } from '../../../server/src/shared/catalog';
import { en, type ClientMessageKey } from './en';

export function clientError(key: ClientMessageKey, params: MessageParams = {}): CatalogError<ClientMessageKey> {
  return new CatalogError(key, params, en);
}
