// Owns: saying, in the user's language, what answered in place of a checksum database (an HTML page and its
// title, other text, an endless body, redirects, bytes that are not HTTP, no TLS where HTTPS was asked, a gzip
// body that does not decompress). Pure: no I/O, never imports vscode.
import { t } from '../i18n';
import type { ForeignAnswer } from '../shared/evidence';

export function answerText(a: ForeignAnswer, locale?: string): string {
  switch (a.form) {
    case 'html': return a.sample ? t('answer.html.titled', { title: a.sample }, locale) : t('answer.html', {}, locale);
    case 'text': return a.sample ? t('answer.text', { sample: a.sample }, locale) : t('answer.empty', {}, locale);
    case 'too-large': return t('answer.too-large', {}, locale);
    case 'huge-headers': return t('answer.huge-headers', {}, locale);
    case 'redirect': return t('answer.redirect', {}, locale);
    case 'not-http': return t('answer.not-http', {}, locale);
    case 'not-tls': return t('answer.not-tls', {}, locale);
    case 'bad-gzip': return t('answer.bad-gzip', {}, locale);
  }
}
