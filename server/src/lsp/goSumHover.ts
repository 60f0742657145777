// Owns: what hovering a go.sum line shows when the line has no diagnostic of its own: the audit's word on it
// (verified, with the record its proof rests on; private; GOSUMDB=off; a line Go drops unread). A line with a
// diagnostic shows that instead (the editor puts it in the hover), so nothing is said twice.
// Must never: do I/O or import vscode. Plain text: a module path may hold characters markdown would act on.
import type { Hover } from 'vscode-languageserver';
import type { LineVerdict } from '../audit/verdict';
import { goSumRanges, type GoSumParse } from '../parse/gosum';
import { lineSeverity } from '../problems/verdictReport';
import { t } from '../i18n';
import { boundedText } from './messageLimit';

/** The hover for 0-based `line`, from the verdicts last published for `parse`; undefined when there is none. */
export function goSumHover(parse: GoSumParse, verdicts: readonly (LineVerdict | undefined)[], line: number, locale?: string): Hover | undefined {
  const verdict = verdictOn(verdicts, line);
  if (!verdict || verdict.status === 'malformed' || verdict.status === 'unverifiable' || lineSeverity(verdict, true)) return undefined;
  const goSumLine = parse.lines.find((l) => l.line === line);
  if (!goSumLine) return undefined;
  const record = verdict.record ? `\n${t('audit.hover.record', { id: verdict.record.id, size: verdict.record.treeSize }, locale)}` : '';
  return { contents: { kind: 'plaintext', value: boundedText(verdict.message + record, locale) }, range: goSumRanges(goSumLine, parse.lineIndex).line };
}

/** The verdict on `line`: verdicts are in line order, with holes for lines not decided yet. */
function verdictOn(verdicts: readonly (LineVerdict | undefined)[], line: number): LineVerdict | undefined {
  let lo = 0;
  let hi = verdicts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    let probe = mid;
    while (probe <= hi && verdicts[probe] === undefined) probe++;
    if (probe > hi) { hi = mid - 1; continue; }
    const found = verdicts[probe]!.line;
    if (found === line) return verdicts[probe];
    if (found < line) lo = probe + 1;
    else hi = mid - 1;
  }
  return undefined;
}
