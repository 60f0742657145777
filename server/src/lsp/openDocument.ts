// Owns: the text of an open document as the language server keeps it (TextDocuments' factory): full and
// incremental changes, LSP positions <-> offsets. Unlike the stock TextDocument, line starts are found with the
// native indexOf (a 100,000-line go.sum: a few ms, not tens of ms in a per-character loop) and only when a
// position is asked for; an edit forgets them instead of shifting every later one.
// Must never: do I/O, or count line breaks other than LSP's ("\n", "\r\n", "\r").
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';

/** Offsets at which each line starts (the first is 0). */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
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
    return range ? this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
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
    for (const c of changes) {
      if ('range' in c && c.range) {
        let { start, end } = c.range;
        if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
        const from = this.offsetAt(start);
        const to = this.offsetAt(end);
        this.text = this.text.slice(0, from) + c.text + this.text.slice(to);
      } else {
        this.text = c.text;
      }
      this.starts = undefined;
    }
    this.version = version;
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
