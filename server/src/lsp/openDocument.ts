// Owns: the text of an open document as the language server keeps it (TextDocuments' factory): full and
// incremental changes, LSP positions <-> offsets. Unlike the stock TextDocument, line starts are found with the
// native indexOf (a 100,000-line go.sum: a few ms, not tens of ms in a per-character loop), only when a position
// is asked for, and kept in a typed array that an edit updates in place from its own text (no rescan, no new
// 100,000-entry array per keystroke); a bottom-up list of edits (multi-cursor, replace-all) is applied in one
// pass over the text, not one per edit.
// Must never: do I/O, or count line breaks other than LSP's ("\n", "\r\n", "\r").
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';

/** True when an LSP line starts at `at`: after a "\n", or after a "\r" not followed by "\n". */
function startsLine(before: number, at: number): boolean {
  return before === 10 || (before === 13 && at !== 10);
}

/**
 * Offsets at which each line starts (the first is 0), with room for `slack` more. A typed array: its memory is
 * outside V8's heap and freed with the array, where a 100,000-entry JS array would wait in the large-object
 * space for a full collection.
 */
function lineStarts(text: string, slack: number): { starts: Uint32Array; count: number } {
  // Without a lone "\r" (CRLF files included) every line ends with a "\n": counted first, then filled.
  if (text.indexOf('\r') < 0 || !/\r(?!\n)/.test(text)) {
    let count = 1;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) count++;
    const starts = new Uint32Array(count + slack);
    let n = 1;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) starts[n++] = nl + 1;
    return { starts, count };
  }
  const found: number[] = [0];
  for (let i = 1; i <= text.length; i++) if (startsLine(text.charCodeAt(i - 1), text.charCodeAt(i))) found.push(i);
  const starts = new Uint32Array(found.length + slack);
  starts.set(found);
  return { starts, count: found.length };
}

/** Room for this many more lines in a document's line starts, so that most edits shift them in place. */
const STARTS_SLACK = 1024;

class OpenDocument implements TextDocument {
  /** Line starts, the first `count` of them in use; undefined until a position is asked for. */
  private starts: Uint32Array | undefined;
  private count = 0;
  /** False only while the text surely has no "\r": a line then ends one character before the next starts. */
  private mayHaveCr: boolean;

  constructor(readonly uri: string, readonly languageId: string, public version: number, private text: string) {
    this.mayHaveCr = text.indexOf('\r') >= 0;
  }

  getText(range?: Range): string {
    // substring, like the stock one: a backwards range gives the text between its ends.
    return range ? this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }

  get lineCount(): number {
    this.lines();
    return this.count;
  }

  private lines(): Uint32Array {
    if (!this.starts) {
      const made = lineStarts(this.text, STARTS_SLACK);
      this.starts = made.starts;
      this.count = made.count;
    }
    return this.starts;
  }

  /** Where `line` ends, before its line break. */
  private lineEnd(line: number): number {
    const starts = this.lines();
    if (line + 1 >= this.count) return this.text.length;
    // Without a "\r" the break is one "\n", and the text (often a fresh concatenation) need not be read.
    if (!this.mayHaveCr) return starts[line + 1] - 1;
    let end = starts[line + 1];
    while (end > starts[line] && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  offsetAt(p: Position): number {
    const starts = this.lines();
    if (p.line < 0) return 0;
    if (p.line >= this.count) return this.text.length;
    return Math.min(starts[p.line] + Math.max(p.character, 0), this.lineEnd(p.line));
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lines();
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(at, this.lineEnd(lo)) - starts[lo] };
  }

  getLineRange(line: number): Range {
    const starts = this.lines();
    const l = Math.max(0, Math.min(line, this.count - 1));
    const end = line < 0 ? 0 : this.lineEnd(l) - starts[l];
    return { start: { line: l, character: 0 }, end: { line: l, character: end } };
  }

  getEOLCharacters(line: number): string {
    const starts = this.lines();
    if (line < 0 || line >= this.count) return '';
    return this.text.slice(this.lineEnd(line), line + 1 < this.count ? starts[line + 1] : this.text.length);
  }

  apply(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    if (!this.applyBottomUp(changes)) {
      for (const c of changes) {
        if ('range' in c && c.range) {
          const [from, to] = this.span(c.range);
          const old = this.text;
          this.text = old.slice(0, from) + c.text + old.slice(to);
          this.mayHaveCr ||= c.text.indexOf('\r') >= 0;
          this.moveStarts(old, from, to, c.text);
        } else {
          this.text = c.text;
          this.mayHaveCr = c.text.indexOf('\r') >= 0;
          this.starts = undefined;
        }
      }
    }
    this.version = version;
  }

  /**
   * The line starts after old[from, to) was replaced by `inserted`, worked out from the edit alone: a start
   * depends only on the characters either side of it, so those before `from` stay, those after `to` move by the
   * length change, and only the ones in between are found again. In place when they fit.
   */
  private moveStarts(old: string, from: number, to: number, inserted: string): void {
    const starts = this.starts;
    if (!starts) return;
    const count = this.count;
    const delta = inserted.length - (to - from);
    // The new text's characters from from - 1 to the one after the insertion (what decides the starts between).
    const around = old.slice(Math.max(0, from - 1), from) + inserted + old.slice(to, to + 1);
    const base = Math.max(0, from - 1);
    const found: number[] = [];
    for (let at = Math.max(from, 1); at <= to + delta; at++) {
      if (startsLine(around.charCodeAt(at - 1 - base), around.charCodeAt(at - base))) found.push(at);
    }
    // Kept: the starts before `from` (0 always). Moved: those after `to`.
    let keep = firstAtOrAfter(starts, count, from);
    if (keep === 0) keep = 1;
    const rest = firstAtOrAfter(starts, count, to + 1);
    const total = keep + found.length + (count - rest);
    let target = starts;
    if (total <= starts.length) {
      target.copyWithin(keep + found.length, rest, count);
    } else {
      target = new Uint32Array(total + STARTS_SLACK);
      target.set(starts.subarray(0, keep));
      target.set(starts.subarray(rest, count), keep + found.length);
    }
    for (let i = keep + found.length; i < total; i++) target[i] += delta;
    target.set(found, keep);
    this.starts = target;
    this.count = total;
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
    this.mayHaveCr ||= changes.some((c) => c.text.indexOf('\r') >= 0);
    this.starts = undefined;
    return true;
  }

  /** Both ends of the range name a character within their line (not clamped). */
  private exact(r: Range): boolean {
    const starts = this.lines();
    const within = (p: Position) => p.line >= 0 && p.line < this.count && p.character >= 0 && starts[p.line] + p.character <= this.lineEnd(p.line);
    return within(r.start) && within(r.end);
  }
}

/** The first of starts[0, count) at or after `at` (count when none): they are ascending. */
function firstAtOrAfter(starts: Uint32Array, count: number, at: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
