// Positions and ranges as LSP counts them: 0-based lines, UTF-16 characters; "\n", "\r\n" and a lone "\r"
// all end a line. Structurally identical to LSP's Range, so the pure engine needs no LSP import.
// Pure: no I/O, never imports vscode.

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** One problem found while parsing; `code` is stable (e.g. "gosum.fields") so code actions can key on it. */
export interface ParseProblem {
  range: Range;
  severity: Severity;
  message: string;
  code: string;
  /** Other places that explain this problem (e.g. the first of two conflicting lines). */
  related?: { range: Range; message: string }[];
  /** Where the go command reports it, 1-based, where that can differ from range (go.mod: only "\n" ends a line). */
  goPosition?: { line: number; column: number };
  /**
   * 'load': the go command reports it as it loads the module (every command but go mod edit, whose parse of go.mod
   * takes the line): cmd/go's own checks on top of modfile's.
   */
  stage?: 'load';
  /** The GOTOOLCHAIN that ends it (`file`'s go line above the toolchain that runs): the editor offers it as a quick fix. */
  toolchainFix?: { gotoolchain: string; file: 'go.mod' | 'go.work' };
}

/** modfile.Error's position of a problem: its line, and the column only past the line's first rune. */
export function goErrorPosition(p: ParseProblem): string {
  const { line, column } = p.goPosition!;
  return column > 1 ? `${line}:${column}` : `${line}`;
}

export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Maps UTF-16 offsets to LSP positions for any text, including lone carriage returns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    // Found natively: a loop per character costs ~1 ms more of the first go.mod parse in a fresh process (telegraf).
    LINE_BREAK.lastIndex = 0;
    while (LINE_BREAK.test(text)) this.starts.push(LINE_BREAK.lastIndex);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset where line starts (clamped). */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Length of line's content, without its line break. */
  lineLength(line: number): number {
    const start = this.lineStart(line);
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end - start;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid; else hi = mid - 1;
    }
    // An offset between "\r" and "\n" belongs at the end of the line.
    return { line: lo, character: Math.min(o - this.starts[lo], this.lineLength(lo)) };
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }
}
