// go.mod syntax, read like golang.org/x/mod/modfile's read.go: a lexer with one token of lookahead and a statement
// reader that builds lines and blocks. The first error in file order stops the read, as in Go (a lexer error on the
// lookahead token comes before any parser error). Positions are UTF-16 offsets; goPositionAt gives Go's line:column.
// Pure: no I/O, never imports vscode.

import { goQuoteRune, isPrintRune } from '../shared/goquote';
import { fastPaths } from './fastPaths';
import { isGoSpace } from '../shared/utf8';

export type TokKind = 'word' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | 'nl' | 'comment' | 'eof';

/** A token; a comment runs through its line's newline, as Go's comment tokens do. */
export interface Tok { kind: TokKind; text: string; start: number; end: number }

/** A statement line: its tokens (first is the verb, outside blocks) and the comment ending it, if any. */
export interface Stmt { words: Tok[]; suffix?: Tok; start: number; end: number }

/** A `verb (` … `)` block; verb may hold several tokens (an error for the rules). */
export interface Block { verb: Tok[]; lines: Stmt[]; start: number; lparenEnd: number }

/** A syntax error: [start, end) for the editor, goOffset where the go command reports it. */
export class GoModSyntaxError {
  constructor(readonly message: string, readonly start: number, readonly end: number, readonly goOffset = start) {}
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',']);
const SLASH_STAR = 'mod files must use // comments (not /* */ comments)';


/** modfile's isIdent: printable, not space, not one of the punctuation tokens. */
function isIdentRune(ch: string): boolean {
  if (PUNCT.has(ch)) return false;
  const c = ch.codePointAt(0)!;
  // A lone surrogate is a byte that is no UTF-8 (shared/utf8.ts goText): Go's lexer reads it as U+FFFD, printable.
  if (c >= 0xd800 && c <= 0xdfff) return true;
  return !isGoSpace(c) && isPrintRune(c);
}

/** Printable ASCII that is an identifier character and no comment's start: not space or ()[]{}, a "/" only when no "/" or "*" follows. */
const PLAIN_IDENT_RUN = /(?:[!-'*+\-.0-Z\\^-z|~]|\/(?![/*]))+/y;

/**
 * Where the run of plain identifier characters at i ends, found natively: in a fresh process (the CLI) ident's loop
 * runs in V8's interpreter, and this saves ~2 ms of the first parse of telegraf's go.mod. The loop reads the rest
 * ("/", non-ASCII, the end of the word) exactly.
 */
function plainIdentEnd(text: string, i: number): number {
  PLAIN_IDENT_RUN.lastIndex = i;
  return PLAIN_IDENT_RUN.test(text) ? PLAIN_IDENT_RUN.lastIndex : i;
}

function runeAt(text: string, i: number): string {
  return String.fromCodePoint(text.codePointAt(i)!);
}

/** Reads one token at a time; throws GoModSyntaxError where Go's lexer stops. */
export class GoModLexer {
  private i = 0;

  constructor(private readonly text: string) {}

  next(): Tok {
    this.skipSpace();
    const { text } = this;
    const start = this.i;
    if (start >= text.length) return { kind: 'eof', text: '', start, end: start };
    if (text.startsWith('//', start)) return this.comment();
    const ch = runeAt(text, start);
    if (ch === '\n' || PUNCT.has(ch)) {
      this.i++;
      return { kind: ch === '\n' ? 'nl' : ch as TokKind, text: ch, start, end: this.i };
    }
    if (ch === '"' || ch === '`') return this.quoted(ch);
    if (!isIdentRune(ch)) {
      throw new GoModSyntaxError(`unexpected input character ${goQuoteRune(ch)}`, start, start + ch.length);
    }
    return this.ident();
  }

  private skipSpace(): void {
    const { text } = this;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 13) { this.i++; continue; }
      if (c === 47 && text.charCodeAt(this.i + 1) === 42) throw new GoModSyntaxError(SLASH_STAR, this.i, this.i + 2);
      return;
    }
  }

  private comment(): Tok {
    const { text } = this;
    const start = this.i;
    const nl = text.indexOf('\n', start);
    this.i = nl < 0 ? text.length : nl + 1;
    let body = text.slice(start, nl < 0 ? text.length : nl);
    if (body.endsWith('\r')) body = body.slice(0, -1);
    return { kind: 'comment', text: body, start, end: this.i };
  }

  private quoted(quote: string): Tok {
    const { text } = this;
    const start = this.i++;
    for (;;) {
      if (this.i >= text.length) throw new GoModSyntaxError('unexpected EOF in string', start, text.length, start);
      if (text[this.i] === '\n') throw new GoModSyntaxError('unexpected newline in string', start, this.i, this.i);
      const c = text[this.i++];
      if (c === quote) break;
      if (c === '\\' && quote !== '`') {
        if (this.i >= text.length) throw new GoModSyntaxError('unexpected EOF in string', start, text.length, start);
        this.i += runeAt(text, this.i).length;
      }
    }
    return { kind: 'word', text: text.slice(start, this.i), start, end: this.i };
  }

  private ident(): Tok {
    const { text } = this;
    const start = this.i;
    for (;;) {
      if (fastPaths.enabled) this.i = plainIdentEnd(text, this.i);
      if (this.i >= text.length) break;
      const ch = runeAt(text, this.i);
      if (!isIdentRune(ch) || text.startsWith('//', this.i)) break;
      if (text.startsWith('/*', this.i)) throw new GoModSyntaxError(SLASH_STAR, this.i, this.i + 2);
      this.i += ch.length;
    }
    return { kind: 'word', text: text.slice(start, this.i), start, end: this.i };
  }
}

function isEOL(t: Tok): boolean {
  return t.kind === 'nl' || t.kind === 'comment' || t.kind === 'eof';
}

/**
 * Reads statements like modfile's parseFile/parseStmt/parseLineBlock. `(` opens a block only when it ends its
 * line (or `()` does); elsewhere it is an ordinary token. Throws GoModSyntaxError on the first error.
 */
export class GoModStatementReader {
  private readonly lexer: GoModLexer;
  /** The lookahead token; reading it is where lexer errors surface, as in Go. */
  private tok: Tok;
  private readonly out: (Stmt | Block)[] = [];

  constructor(private readonly text: string, private readonly describe: (offset: number) => string) {
    this.lexer = new GoModLexer(text);
    this.tok = this.lexer.next();
  }

  read(): (Stmt | Block)[] {
    while (this.tok.kind !== 'eof') {
      if (this.tok.kind === 'nl' || this.tok.kind === 'comment') this.advance();
      else this.statement();
    }
    return this.out;
  }

  /** The lookahead's kind, read afresh (TypeScript would keep a narrowing across advance()). */
  private peekKind(): TokKind {
    return this.tok.kind;
  }

  private advance(): Tok {
    const t = this.tok;
    this.tok = this.lexer.next();
    return t;
  }

  private statement(): void {
    const words = [this.advance()];
    for (;;) {
      if (isEOL(this.tok)) return void this.out.push(this.endLine(words));
      if (this.tok.kind !== '(') { words.push(this.advance()); continue; }
      const lparen = this.advance();
      if (isEOL(this.tok)) return this.block(words, lparen);
      if (this.peekKind() !== ')') { words.push(lparen); continue; }
      const rparen = this.advance();
      if (isEOL(this.tok)) {
        this.advance();
        this.out.push({ verb: words, lines: [], start: words[0].start, lparenEnd: lparen.end });
        return;
      }
      words.push(lparen, rparen);
    }
  }

  /** Ends a line at its EOL token (consumed), keeping a comment there as the line's suffix. */
  private endLine(words: Tok[]): Stmt {
    const eol = this.advance();
    return { words, suffix: eol.kind === 'comment' ? eol : undefined, start: words[0].start, end: words[words.length - 1].end };
  }

  private block(verb: Tok[], lparen: Tok): void {
    const b: Block = { verb, lines: [], start: verb[0].start, lparenEnd: lparen.end };
    for (;;) {
      switch (this.tok.kind) {
        case 'nl': case 'comment': this.advance(); continue;
        case 'eof':
          throw new GoModSyntaxError(`syntax error (unterminated block started at ${this.describe(b.start)})`,
            this.text.length, this.text.length, this.tok.end);
        case ')': {
          this.advance();
          if (!isEOL(this.tok)) {
            throw new GoModSyntaxError('syntax error (expected newline after closing paren)', this.tok.start, this.tok.end, this.tok.end);
          }
          this.advance();
          this.out.push(b);
          return;
        }
        default: {
          const words = [this.advance()];
          while (!isEOL(this.tok)) words.push(this.advance());
          b.lines.push(this.endLine(words));
        }
      }
    }
  }
}

/** Go's position of a UTF-16 offset: only "\n" ends a line (a lone "\r" does not); columns count runes from 1. */
export class GoLines {
  private readonly newlines: number[] = [];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.newlines.push(i);
  }

  positionAt(offset: number): { line: number; column: number } {
    let lo = 0, hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid] < offset) lo = mid + 1; else hi = mid;
    }
    const lineStart = lo === 0 ? 0 : this.newlines[lo - 1] + 1;
    let runes = 0;
    for (let i = lineStart; i < offset; i++) {
      const c = this.text.charCodeAt(i);
      if (!(c >= 0xdc00 && c <= 0xdfff && i > lineStart && isHighSurrogate(this.text.charCodeAt(i - 1)))) runes++;
    }
    return { line: lo + 1, column: runes + 1 };
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
