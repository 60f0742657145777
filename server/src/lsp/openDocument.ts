// Owns: the text of an open document as the language server keeps it (TextDocuments' factory): full and
// incremental changes, LSP positions <-> offsets. Unlike the stock TextDocument, line starts are found with the
// native indexOf (a 100,000-line go.sum: a few ms, not tens of ms in a per-character loop) and only when a
// position is asked for; an edit forgets them instead of shifting every later one, and a bottom-up list of edits
// (multi-cursor, replace-all) is applied in one pass over the text, not one per edit.
// Must never: do I/O, or count line breaks other than LSP's ("\n", "\r\n", "\r").
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';

/** Offsets at which each line starts (the first is 0). */
function lineStarts(text: string): number[] {
  const starts = [0];
  // Without a lone "\r" (CRLF files included) every line ends with a "\n".
  if (text.indexOf('\r') < 0 || !/\r(?!\n)/.test(text)) {
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

class OpenDocument implements TextDocument {
  private starts: number[] | undefined;

  constructor(readonly uri: string, readonly languageId: string, public version: number, private text: string) {}

  getText(range?: Range): string {
    // substring, like the stock one: a backwards range gives the text between its ends.
    return range ? this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }

  get lineCount(): number {
    return this.lines().length;
  }

  private lines(): number[] {
    return (this.starts ??= lineStarts(this.text));
  }

  /** Where `line` ends, before its line break. */
  private lineEnd(line: number): number {
    const starts = this.lines();
    let end = line + 1 < starts.length ? starts[line + 1] : this.text.length;
    while (end > starts[line] && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  offsetAt(p: Position): number {
    const starts = this.lines();
    if (p.line < 0) return 0;
    if (p.line >= starts.length) return this.text.length;
    return Math.min(starts[p.line] + Math.max(p.character, 0), this.lineEnd(p.line));
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lines();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(at, this.lineEnd(lo)) - starts[lo] };
  }

  getLineRange(line: number): Range {
    const starts = this.lines();
    const l = Math.max(0, Math.min(line, starts.length - 1));
    const end = line < 0 ? 0 : this.lineEnd(l) - starts[l];
    return { start: { line: l, character: 0 }, end: { line: l, character: end } };
  }

  getEOLCharacters(line: number): string {
    const starts = this.lines();
    if (line < 0 || line >= starts.length) return '';
    return this.text.slice(this.lineEnd(line), line + 1 < starts.length ? starts[line + 1] : this.text.length);
  }

  apply(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    if (!this.applyBottomUp(changes)) {
      for (const c of changes) {
        if ('range' in c && c.range) {
          const [from, to] = this.span(c.range);
          this.text = this.text.slice(0, from) + c.text + this.text.slice(to);
        } else {
          this.text = c.text;
        }
        this.starts = undefined;
      }
    }
    this.version = version;
  }

  /** A range's offsets, its ends swapped when given backwards. */
  private span(r: Range): [number, number] {
    const backwards = r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character);
    const from = this.offsetAt(backwards ? r.end : r.start);
    const to = this.offsetAt(backwards ? r.start : r.end);
    return [from, to];
  }

  /**
   * Several edits each ending before the previous one starts (a multi-cursor edit, a replace-all: VS Code sends
   * them from the bottom up) leave the text before each edit as it was, so every range means the same offsets in
   * the text as it was before all of them: the new text is built once, not rescanned per edit. False, having
   * changed nothing, for any other list. An edit ending exactly where the previous one starts must not have been
   * clamped to its line's end: that end may have moved.
   */
  private applyBottomUp(changes: readonly TextDocumentContentChangeEvent[]): boolean {
    if (changes.length < 2) return false;
    const spans: [number, number][] = [];
    for (const c of changes) {
      if (!('range' in c && c.range)) return false;
      const span = this.span(c.range);
      const previous = spans[spans.length - 1];
      if (previous && !(span[1] < previous[0] || (span[1] === previous[0] && this.exact(c.range)))) return false;
      spans.push(span);
    }
    const parts: string[] = [];
    let after = this.text.length;
    for (let i = 0; i < changes.length; i++) {
      parts.push(this.text.slice(spans[i][1], after), changes[i].text);
      after = spans[i][0];
    }
    parts.push(this.text.slice(0, after));
    this.text = parts.reverse().join('');
    this.starts = undefined;
    return true;
  }

  /** Both ends of the range name a character within their line (not clamped). */
  private exact(r: Range): boolean {
    const starts = this.lines();
    const within = (p: Position) => p.line >= 0 && p.line < starts.length && p.character >= 0 && starts[p.line] + p.character <= this.lineEnd(p.line);
    return within(r.start) && within(r.end);
  }
}

/** TextDocuments' factory for our documents. */
export const OpenDocuments = {
  create(uri: string, languageId: string, version: number, content: string): TextDocument {
    return new OpenDocument(uri, languageId, version, content);
  },
  update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    (document as unknown as OpenDocument).apply(changes, version);
    return document;
  },
};
