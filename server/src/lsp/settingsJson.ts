// Owns: finding where a `go.toolsEnvVars` entry is written in a VS Code settings.json — a small tolerant JSONC
// scan (comments, trailing commas, escapes; broken text yields nothing rather than an error) that returns the
// range of the entry's string value, so a setting lint can be shown on it.
// Must never: do I/O, throw on any input, or edit the text.
import type { Range } from '../parse/ranges';

type Token = { kind: 'string'; value: string; start: number; end: number } | { kind: 'punct'; value: string; start: number; end: number } | { kind: 'other'; start: number; end: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"') {
      const start = i;
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') {
        if (text[i] === '\\' && i + 1 < text.length) {
          const e = text[i + 1];
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          value += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
          i += 2;
          continue;
        }
        value += text[i++];
      }
      if (text[i] === '"') i++;
      out.push({ kind: 'string', value, start, end: i });
    } else if ('{}[]:,'.includes(c)) {
      out.push({ kind: 'punct', value: c, start: i, end: i + 1 });
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      const start = i;
      while (i < text.length && !/[\s{}[\]:,"/]/.test(text[i])) i++;
      if (i === start) i++;
      out.push({ kind: 'other', start, end: i });
    }
  }
  return out;
}

type Node =
  | { kind: 'object'; members: { key: string; value: Node }[] }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'other' };

/** A recursive-descent reader that skips what it does not understand instead of failing. */
class Reader {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  value(depth: number): Node {
    const tok = this.tokens[this.i];
    if (!tok) return { kind: 'other' };
    if (tok.kind === 'string') {
      this.i++;
      return tok;
    }
    if (tok.kind === 'punct' && (tok.value === '{' || tok.value === '[')) {
      this.i++;
      return depth > 64 ? this.skipTo(tok.value === '{' ? '}' : ']') : tok.value === '{' ? this.object(depth) : this.array(depth);
    }
    this.i++;
    return { kind: 'other' };
  }

  private object(depth: number): Node {
    const members: { key: string; value: Node }[] = [];
    while (this.i < this.tokens.length) {
      const tok = this.tokens[this.i];
      if (tok.kind === 'punct' && tok.value === '}') { this.i++; break; }
      if (tok.kind === 'punct' && tok.value === ',') { this.i++; continue; }
      if (tok.kind !== 'string') { this.i++; continue; }
      this.i++;
      const colon = this.tokens[this.i];
      if (!(colon?.kind === 'punct' && colon.value === ':')) continue;
      this.i++;
      members.push({ key: tok.value, value: this.value(depth + 1) });
    }
    return { kind: 'object', members };
  }

  private array(depth: number): Node {
    while (this.i < this.tokens.length) {
      const tok = this.tokens[this.i];
      if (tok.kind === 'punct' && tok.value === ']') { this.i++; break; }
      if (tok.kind === 'punct' && tok.value === ',') { this.i++; continue; }
      this.value(depth + 1);
    }
    return { kind: 'other' };
  }

  private skipTo(close: string): Node {
    while (this.i < this.tokens.length) {
      const tok = this.tokens[this.i++];
      if (tok.kind === 'punct' && tok.value === close) break;
    }
    return { kind: 'other' };
  }
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/**
 * The range of the string value of `"go.toolsEnvVars": { "<variable>": "..." }` (the last one wins, as in VS Code);
 * `under: 'settings'` looks inside the "settings" object, where a .code-workspace file keeps workspace settings.
 */
export function findToolsEnvVar(text: string, variable: string, under?: 'settings'): Range | undefined {
  let root = new Reader(tokenize(text)).value(0);
  if (root.kind === 'object' && under) root = [...root.members].reverse().find((m) => m.key === under)?.value ?? { kind: 'other' };
  if (root.kind !== 'object') return undefined;
  let found: { start: number; end: number } | undefined;
  for (const m of root.members) {
    if (m.key !== 'go.toolsEnvVars' || m.value.kind !== 'object') continue;
    for (const e of m.value.members) if (e.key === variable && e.value.kind === 'string') found = e.value;
  }
  if (!found) return undefined;
  // Inside the quotes: the value itself.
  const closed = text[found.end - 1] === '"' && found.end - found.start >= 2;
  return { start: positionAt(text, found.start + 1), end: positionAt(text, closed ? found.end - 1 : found.end) };
}
