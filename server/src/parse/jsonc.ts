// JSON with comments and trailing commas, as VS Code reads its settings files (settings.json, .code-workspace): a
// tree of objects and members that keeps every node's offsets in the text, so an entry can be pointed at or edited
// in place. Read strictly, the first problem is thrown (an edit must not guess); read tolerantly, problems are
// stepped over (a diagnostic on half-typed text still finds what is there).
// Pure: no I/O, never imports vscode. Tolerant reading never throws on any input.

interface Token { kind: 'string' | 'punct' | 'other'; text: string; /** A string's decoded value; otherwise the text. */ value: string; start: number; end: number }

export interface JsoncObject { kind: 'object'; start: number; end: number; members: JsoncMember[] }
export interface JsoncArray { kind: 'array'; start: number; end: number }
/** A string (decoded), or any other scalar (its text), or, read tolerantly, what stood where a value was missing. */
export interface JsoncScalar { kind: 'string' | 'other'; start: number; end: number; value: string }
export type JsoncNode = JsoncObject | JsoncArray | JsoncScalar;
export interface JsoncMember { key: string; /** Offset of the key's opening quote. */ start: number; value: JsoncNode; /** Offset of the comma after the value, if any. */ comma?: number }

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
/** A string literal exactly as JSON.parse accepts one. */
const JSON_STRING = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"$/;

/** Tokens with their offsets; comments and white space (a BOM included) are skipped. Never throws. */
function scan(text: string): { tokens: Token[]; problem?: string } {
  const tokens: Token[] = [];
  let problem: string | undefined;
  const note = (p: string) => { problem ??= p; };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) note('unterminated comment');
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"') {
      // A string ends at its closing quote, or unterminated at the end of its line.
      const start = i++;
      let value = '';
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') {
        if (text[i] === '\\' && i + 1 < text.length) {
          const e = text[i + 1];
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            value += ESCAPES[e] ?? e;
            i += 2;
          }
          continue;
        }
        value += text[i++];
      }
      const closed = text[i] === '"';
      if (closed) i++;
      const raw = text.slice(start, i);
      if (!closed) note('unterminated string');
      else if (!JSON_STRING.test(raw)) note(`bad string ${raw}`);
      tokens.push({ kind: 'string', text: raw, value, start, end: i });
    } else if ('{}[]:,'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, value: c, start: i, end: i + 1 });
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      const start = i;
      while (i < text.length && !/[\s{}[\]:,"/]/.test(text[i])) i++;
      if (i === start) {
        note(`unexpected ${JSON.stringify(c)}`);
        i++;
      }
      tokens.push({ kind: 'other', text: text.slice(start, i), value: text.slice(start, i), start, end: i });
    }
  }
  return { tokens, problem };
}

/** Deeper than this, tolerant reading skips a value whole, so that no input can exhaust the stack. */
const TOLERANT_DEPTH = 64;

/** A recursive-descent reader: strictly it throws the first problem, tolerantly it steps over what it cannot read. */
class TreeReader {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly strict: boolean, private readonly textLength: number) {}

  private problem(message: string): void {
    if (this.strict) throw new Error(message);
  }

  private at(punct: string): boolean {
    const tok = this.tokens[this.i];
    return tok?.kind === 'punct' && tok.text === punct;
  }

  get done(): boolean {
    return this.i >= this.tokens.length;
  }

  value(depth: number): JsoncNode {
    const tok = this.tokens[this.i];
    if (!tok) {
      this.problem('unexpected end');
      return { kind: 'other', start: this.textLength, end: this.textLength, value: '' };
    }
    if (this.at('{') || this.at('[')) {
      // Strict reading checks every level, so it never skips.
      if (!this.strict && depth > TOLERANT_DEPTH) return this.skip(tok);
      return tok.text === '{' ? this.object(depth) : this.array(depth);
    }
    this.i++;
    if (tok.kind === 'punct') this.problem(`unexpected ${tok.text}`);
    return { kind: tok.kind === 'string' ? 'string' : 'other', start: tok.start, end: tok.end, value: tok.value };
  }

  object(depth: number): JsoncObject {
    const open = this.tokens[this.i++];
    const members: JsoncMember[] = [];
    for (;;) {
      const key = this.tokens[this.i];
      if (!key) {
        this.problem('expected a key');
        return { kind: 'object', start: open.start, end: this.textLength, members };
      }
      if (this.at('}')) {
        this.i++;
        return { kind: 'object', start: open.start, end: key.end, members };
      }
      if (key.kind !== 'string') {
        this.problem('expected a key');
        this.i++;
        continue;
      }
      this.i++;
      if (!this.at(':')) {
        this.problem('expected :');
        continue;
      }
      this.i++;
      const member: JsoncMember = { key: key.value, start: key.start, value: this.value(depth + 1) };
      members.push(member);
      if (this.at(',')) member.comma = this.tokens[this.i++].start;
      else if (!this.at('}')) this.problem('expected , or }');
    }
  }

  private array(depth: number): JsoncArray {
    const open = this.tokens[this.i++];
    for (;;) {
      const tok = this.tokens[this.i];
      if (!tok) {
        this.problem('unexpected end');
        return { kind: 'array', start: open.start, end: this.textLength };
      }
      if (this.at(']')) {
        this.i++;
        return { kind: 'array', start: open.start, end: tok.end };
      }
      if (this.at(',')) {
        this.problem('unexpected ,');
        this.i++;
        continue;
      }
      this.value(depth + 1);
      if (this.at(',')) this.i++;
      else if (!this.at(']')) this.problem('expected ,');
    }
  }

  /** Skips to the first closing bracket of the kind that `open` opened, without reading what is between. */
  private skip(open: Token): JsoncScalar {
    const close = open.text === '{' ? '}' : ']';
    this.i++;
    while (this.i < this.tokens.length && !this.at(close)) this.i++;
    const end = this.tokens[this.i++]?.end ?? this.textLength;
    return { kind: 'other', start: open.start, end, value: '' };
  }
}

/** The settings object of `text`, read as VS Code reads it; anything else (text after it included) throws an Error. */
export function readJsoncObject(text: string): JsoncObject {
  const { tokens, problem } = scan(text);
  if (problem) throw new Error(problem);
  if (tokens[0]?.kind !== 'punct' || tokens[0].text !== '{') throw new Error('expected {');
  const reader = new TreeReader(tokens, true, text.length);
  const root = reader.object(0);
  if (!reader.done) throw new Error('text after the settings object');
  return root;
}

/** The first value of `text`, reading past comments, stray tokens and missing brackets; what follows it is ignored. */
export function readJsoncTolerantly(text: string): JsoncNode {
  return new TreeReader(scan(text).tokens, false, text.length).value(0);
}

/** The member VS Code reads when a key is written more than once: the last. */
export function lastMember(o: JsoncObject, key: string): JsoncMember | undefined {
  for (let n = o.members.length - 1; n >= 0; n--) if (o.members[n].key === key) return o.members[n];
  return undefined;
}
