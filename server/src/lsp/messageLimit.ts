// Owns: how long a diagnostic's or a hover's words may be when they reach the editor. Go quotes a malformed module
// path or version whole, so a go.sum line holding megabytes made a diagnostic of megabytes, which the Problems view
// and the hover then hold and lay out (a verdict's words name the module too). Past the limit, the middle is left
// out (the quoted input); the start and the end, where Go says what is wrong, stay. The command line keeps Go's
// full words (a terminal prints what go prints).
// Pure: no I/O.
import type { Diagnostic } from 'vscode-languageserver';
import { groupDigits, t } from '../i18n';

/** Far above any message of ours about real input (the longest, a scenario with its evidence, is a few thousand). */
export const MAX_MESSAGE_CHARS = 16_384;
/** The end kept of a longer message: Go's reason follows the quoted input. */
const KEPT_TAIL_CHARS = 2_048;

/** `text` within MAX_MESSAGE_CHARS and a marker: its middle left out, never half a surrogate pair kept. */
export function boundedText(text: string, locale?: string): string {
  if (text.length <= MAX_MESSAGE_CHARS) return text;
  let headEnd = MAX_MESSAGE_CHARS - KEPT_TAIL_CHARS;
  let tailStart = text.length - KEPT_TAIL_CHARS;
  if (isHighSurrogate(text.charCodeAt(headEnd - 1))) headEnd--;
  if (isLowSurrogate(text.charCodeAt(tailStart))) tailStart++;
  return text.slice(0, headEnd) + t('diagnostic.elided', { count: groupDigits(tailStart - headEnd) }, locale) + text.slice(tailStart);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The diagnostics with every message and related message within the limit (the same objects when all are). */
export function withBoundedMessages(diagnostics: Diagnostic[], locale?: string): Diagnostic[] {
  return diagnostics.map((d) => {
    const long = textOf(d.message).length > MAX_MESSAGE_CHARS || d.relatedInformation?.some((r) => r.message.length > MAX_MESSAGE_CHARS);
    if (!long) return d;
    const message = typeof d.message === 'string' ? boundedText(d.message, locale) : { ...d.message, value: boundedText(d.message.value, locale) };
    return {
      ...d, message,
      ...(d.relatedInformation ? { relatedInformation: d.relatedInformation.map((r) => ({ ...r, message: boundedText(r.message, locale) })) } : {}),
    };
  });
}

function textOf(message: Diagnostic['message']): string {
  return typeof message === 'string' ? message : message.value;
}
