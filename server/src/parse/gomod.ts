// go.mod, read like golang.org/x/mod/modfile (read.go lexer and parser, rule.go directives, strict mode):
// module, go, toolchain, godebug, require, exclude, replace, retract, tool, ignore, in line and block form.
// Syntax errors stop the parse as in Go; directive errors are collected, worded like modfile's.
// Pure: no I/O, never imports vscode, never throws on any input.

import { LineIndex, ParseProblem, Range } from './ranges';
import { goQuote, goQuoteRune, goUnquote } from './goquote';
import { canonicalVersion, checkImportPath, checkPathMajor, splitPathVersion, isPseudoVersion } from './module';

export interface GoModRequire {
  path: string;
  version: string;
  indirect: boolean;
  /** The whole statement (line in a block, or the single-line directive). */
  range: Range;
  pathRange: Range;
  versionRange: Range;
}

export interface GoModExclude { path: string; version: string; range: Range; pathRange: Range; versionRange: Range }

export interface GoModReplace {
  oldPath: string;
  /** '' when the replacement applies to every version. */
  oldVersion: string;
  newPath: string;
  /** '' when the replacement is a directory. */
  newVersion: string;
  range: Range;
}

export interface GoModRetract { low: string; high: string; range: Range }

export interface GoModFile {
  module?: { path: string; range: Range; pathRange: Range };
  go?: { version: string; range: Range };
  toolchain?: { name: string; range: Range };
  godebug: { key: string; value: string; range: Range }[];
  requires: GoModRequire[];
  excludes: GoModExclude[];
  replaces: GoModReplace[];
  retracts: GoModRetract[];
  tools: { path: string; range: Range }[];
  ignores: { path: string; range: Range }[];
}

export interface GoModParse { file: GoModFile; problems: ParseProblem[] }

// Go's version formats for the go and toolchain lines (modfile.GoVersionRE, ToolchainRE).
const GO_VERSION_RE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
const TOOLCHAIN_RE = /^default$|^go1($|\.)/;

type Kind = 'word' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | 'nl' | 'comment' | 'eof';

interface Tok { kind: Kind; text: string; start: number; end: number }

class SyntaxError_ { constructor(readonly message: string, readonly start: number, readonly end: number) {} }

function isPrintRune(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return c >= 0x21 && c <= 0x7e;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

function isSpaceRune(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function isIdentAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return c >= 0x21 && c <= 0x7e && c !== 0x28 && c !== 0x29 && c !== 0x5b && c !== 0x5d && c !== 0x7b && c !== 0x7d && c !== 0x2c;
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  return !isSpaceRune(ch.codePointAt(0)!) && isPrintRune(ch);
}

/** Splits go.mod text into tokens the way modfile's lexer does; throws SyntaxError_ on bad input. */
function lex(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) { toks.push({ kind: 'nl', text: '\n', start: i, end: i + 1 }); i++; continue; }
    if (c === 32 || c === 9 || c === 13 || c === 0xfeff && i === 0) { i++; continue; }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      let te = e;
      if (te > i && text.charCodeAt(te - 1) === 13) te--;
      toks.push({ kind: 'comment', text: text.slice(i, te), start: i, end: te });
      i = e;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) throw new SyntaxError_('mid-line /* comment', i, i + 2);
    const ch = text[i];
    if ('()[]{},'.includes(ch)) { toks.push({ kind: ch as Kind, text: ch, start: i, end: i + 1 }); i++; continue; }
    if (c === 34 || c === 96) {
      const start = i;
      i++;
      for (;;) {
        if (i >= n) throw new SyntaxError_('unexpected EOF in string', start, n);
        if (text.charCodeAt(i) === 10) throw new SyntaxError_('unexpected newline in string', start, i);
        const d = text.charCodeAt(i++);
        if (d === c) break;
        if (d === 92 && c !== 96) {
          if (i >= n) throw new SyntaxError_('unexpected EOF in string', start, n);
          i++;
        }
      }
      toks.push({ kind: 'word', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (!isIdentAt(text, i)) {
      const bad = String.fromCodePoint(text.codePointAt(i)!);
      throw new SyntaxError_(`unexpected input character ${goQuoteRune(bad)}`, i, i + bad.length);
    }
    const start = i;
    while (i < n && isIdentAt(text, i)) {
      if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 47) break;
      if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) throw new SyntaxError_('mid-line /* comment', i, i + 2);
      i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    }
    toks.push({ kind: 'word', text: text.slice(start, i), start, end: i });
  }
  toks.push({ kind: 'eof', text: '', start: n, end: n });
  return toks;
}

/** A statement line: its tokens and the comment after them on the same line. */
interface Stmt { words: Tok[]; suffix?: Tok; start: number; end: number }
interface Block { verb: Tok[]; lines: Stmt[]; start: number; lparen: Tok }

/** Parses go.mod text. `filename` appears in messages that name a position, as Go's do. */
export function parseGoMod(text: string, filename = 'go.mod'): GoModParse {
  const index = new LineIndex(text);
  const file: GoModFile = { godebug: [], requires: [], excludes: [], replaces: [], retracts: [], tools: [], ignores: [] };
  const problems: ParseProblem[] = [];
  let stmts: (Stmt | Block)[];
  try {
    stmts = parseStatements(lex(text), index, filename);
  } catch (e) {
    if (!(e instanceof SyntaxError_)) throw e;
    problems.push({ range: index.range(e.start, e.end), severity: 'error', code: 'gomod.syntax', message: e.message });
    return { file, problems };
  }
  for (const s of stmts) {
    if ('lparen' in s) {
      const verbText = s.verb.map((t) => t.text).join(' ');
      const known = ['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore'];
      if (s.verb.length !== 1 || !known.includes(s.verb[0].text)) {
        problems.push({
          range: index.range(s.start, s.lparen.end), severity: 'error', code: 'gomod.directive',
          message: `unknown block type: ${verbText}`,
        });
        continue;
      }
      for (const l of s.lines) addDirective(s.verb[0].text, l.words, l);
    } else {
      if (s.words.length === 0) continue;
      addDirective(s.words[0].text, s.words.slice(1), s);
    }
  }
  return { file, problems };

  function addDirective(verb: string, args: Tok[], line: Stmt): void {
    const range = index.range(line.start, line.end);
    const err = (message: string, r: Range = range, severity: ParseProblem['severity'] = 'error'): void => {
      problems.push({ range: r, severity, code: KNOWN_VERBS.has(verb) ? 'gomod.' + verb : 'gomod.directive', message });
    };
    const str = (t: Tok): string | undefined => {
      const v = parseString(t.text);
      if (typeof v === 'string') return v;
      err(`invalid quoted string: ${v.error}`, index.range(t.start, t.end));
      return undefined;
    };
    /** modfile parseVersion: must be a valid semantic version; we warn when it is not canonical. */
    const version = (path: string, t: Tok): string | undefined => {
      const v = parseString(t.text);
      const vr = index.range(t.start, t.end);
      if (typeof v !== 'string') {
        err(`${verb} ${path}: version ${goQuote(t.text)} invalid: ${v.error}`, vr);
        return undefined;
      }
      const cv = canonicalVersion(v);
      if (cv === '') {
        err(`${verb} ${path}: ${isPseudoVersion(v) ? 'pseudo-version' : 'version'} ${goQuote(v)} invalid: must be of the form v1.2.3`, vr);
        return undefined;
      }
      if (cv !== v) err(`${verb} ${path}: version ${goQuote(v)} is not canonical; go will rewrite it as ${cv}`, vr, 'warning');
      return cv;
    };
    switch (verb) {
      case 'module': {
        if (file.module) return err('repeated module statement');
        if (args.length !== 1) return err('usage: module module/path');
        const p = str(args[0]);
        if (p === undefined) return;
        const pathRange = index.range(args[0].start, args[0].end);
        file.module = { path: p, range, pathRange };
        const bad = checkImportPath(p);
        if (bad) err(bad, pathRange, 'warning');
        return;
      }
      case 'go': {
        if (file.go) return err('repeated go statement');
        if (args.length !== 1) return err('go directive expects exactly one argument');
        if (!GO_VERSION_RE.test(args[0].text)) return err(`invalid go version '${args[0].text}': must match format 1.23.0`);
        file.go = { version: args[0].text, range };
        return;
      }
      case 'toolchain': {
        if (file.toolchain) return err('repeated toolchain statement');
        if (args.length !== 1) return err('toolchain directive expects exactly one argument');
        if (!TOOLCHAIN_RE.test(args[0].text)) {
          return err(`invalid toolchain version '${args[0].text}': must match format go1.23.0 or default`);
        }
        file.toolchain = { name: args[0].text, range };
        return;
      }
      case 'godebug': {
        if (args.length !== 1 || /["`',]/.test(args[0].text)) return err('usage: godebug key=value');
        const eq = args[0].text.indexOf('=');
        if (eq < 0) return err('usage: godebug key=value');
        file.godebug.push({ key: args[0].text.slice(0, eq), value: args[0].text.slice(eq + 1), range });
        return;
      }
      case 'require':
      case 'exclude': {
        if (args.length !== 2) return err(`usage: ${verb} module/path v1.2.3`);
        const p = str(args[0]);
        if (p === undefined) return;
        const v = version(p, args[1]);
        if (v === undefined) return;
        const { pathMajor, ok } = splitPathVersion(p);
        const pathRange = index.range(args[0].start, args[0].end);
        const versionRange = index.range(args[1].start, args[1].end);
        if (!ok) return err('invalid module path', pathRange);
        const mismatch = checkPathMajor(v, pathMajor);
        if (mismatch) return err(`${verb} ${p}: ${mismatch}`, versionRange);
        if (verb === 'require') file.requires.push({ path: p, version: v, indirect: isIndirect(line.suffix), range, pathRange, versionRange });
        else file.excludes.push({ path: p, version: v, range, pathRange, versionRange });
        return;
      }
      case 'replace': {
        const arrow = args.length >= 2 && args[1].text === '=>' ? 1 : 2;
        if (args.length < arrow + 2 || args.length > arrow + 3 || args[arrow].text !== '=>') {
          return err(`usage: ${verb} module/path [v1.2.3] => other/module v1.4\n\t or ${verb} module/path [v1.2.3] => ../local/directory`);
        }
        const p = str(args[0]);
        if (p === undefined) return;
        const { pathMajor, ok } = splitPathVersion(p);
        if (!ok) return err(`${verb} ${p}: invalid module path`, index.range(args[0].start, args[0].end));
        let v = '';
        if (arrow === 2) {
          const got = version(p, args[1]);
          if (got === undefined) return;
          const mismatch = checkPathMajor(got, pathMajor);
          if (mismatch) return err(`${verb} ${p}: ${mismatch}`, index.range(args[1].start, args[1].end));
          v = got;
        }
        const ns = str(args[arrow + 1]);
        if (ns === undefined) return;
        let nv = '';
        if (args.length === arrow + 2) {
          if (!isDirectoryPath(ns)) {
            if (ns.includes('@')) return err("replacement module must match format 'path version', not 'path@version'");
            return err('replacement module without version must be directory path (rooted or starting with . or ..)');
          }
          if (ns.includes('\\')) return err('replacement directory appears to be Windows path (on a non-windows system)');
        } else {
          const got = version(ns, args[arrow + 2]);
          if (got === undefined) return;
          if (isDirectoryPath(ns)) return err(`replacement module directory path ${goQuote(ns)} cannot have version`);
          nv = got;
        }
        file.replaces.push({ oldPath: p, oldVersion: v, newPath: ns, newVersion: nv, range });
        return;
      }
      case 'retract': {
        const rest = [...args];
        const interval = versionInterval(rest);
        if (typeof interval === 'string') return err(interval);
        if (rest.length > 0) return err(`unexpected token after version: ${goQuote(rest[0].text)}`);
        file.retracts.push({ ...interval, range });
        return;
      }
      case 'tool':
      case 'ignore': {
        if (args.length !== 1) return err(`${verb} directive expects exactly one argument`);
        const p = str(args[0]);
        if (p === undefined) return;
        (verb === 'tool' ? file.tools : file.ignores).push({ path: p, range });
        return;
      }
      default:
        err(`unknown directive: ${verb}`, index.range(line.words[0]?.start ?? line.start, line.words[0]?.end ?? line.end));
    }

    /** modfile parseVersionInterval: "v1.2.3" or "[v1.0.0, v1.9.9]"; consumes from toks. */
    function versionInterval(toks: Tok[]): { low: string; high: string } | string {
      const vstr = (t: Tok): string | undefined => {
        const v = parseString(t.text);
        if (typeof v !== 'string') return undefined;
        return canonicalVersion(v) || undefined;
      };
      const bad = (t: Tok) => `${verb}: version ${goQuote(t.text)} invalid: must be of the form v1.2.3`;
      if (toks.length === 0 || toks[0].kind === '(') return "expected '[' or version";
      if (toks[0].kind !== '[') {
        const v = vstr(toks[0]);
        if (!v) return bad(toks[0]);
        toks.shift();
        return { low: v, high: v };
      }
      toks.shift();
      if (toks.length === 0) return "expected version after '['";
      const low = vstr(toks[0]);
      if (!low) return bad(toks[0]);
      toks.shift();
      if (toks.length === 0 || kindOf(toks[0]) !== ',') return "expected ',' after version";
      toks.shift();
      if (toks.length === 0) return "expected version after ','";
      const high = vstr(toks[0]);
      if (!high) return bad(toks[0]);
      toks.shift();
      if (toks.length === 0 || kindOf(toks[0]) !== ']') return "expected ']' after version";
      toks.shift();
      return { low, high };
    }
  }
}

function parseStatements(toks: Tok[], index: LineIndex, filename: string): (Stmt | Block)[] {
  const out: (Stmt | Block)[] = [];
  let i = 0;
  const peek = () => toks[i];
  while (peek().kind !== 'eof') {
    const t = peek();
    if (t.kind === 'nl' || t.kind === 'comment') { i++; continue; }
    // A statement: tokens until end of line; '(' opens a block.
    const words: Tok[] = [];
    let block: Block | undefined;
    for (;;) {
      const u = toks[i];
      if (u.kind === 'nl' || u.kind === 'eof' || u.kind === 'comment') break;
      if (u.kind === '(') {
        i++;
        block = parseBlock(words, u);
        break;
      }
      words.push(u);
      i++;
    }
    if (block) { out.push(block); continue; }
    const suffix = toks[i].kind === 'comment' ? toks[i] : undefined;
    out.push({ words, suffix, start: words[0].start, end: words[words.length - 1].end });
  }
  return out;

  function parseBlock(verb: Tok[], lparen: Tok): Block {
    const start = verb.length > 0 ? verb[0].start : lparen.start;
    const b: Block = { verb, lines: [], start, lparen };
    for (;;) {
      const t = toks[i];
      switch (t.kind) {
        case 'comment': case 'nl': i++; continue;
        case 'eof': {
          const p = index.positionAt(start);
          throw new SyntaxError_(`syntax error (unterminated block started at ${filename}:${p.line + 1}:${p.character + 1})`, start, lparen.end);
        }
        case ')': {
          i++;
          const after = toks[i];
          if (after.kind !== 'nl' && after.kind !== 'eof' && after.kind !== 'comment') {
            throw new SyntaxError_('syntax error (expected newline after closing paren)', after.start, after.end);
          }
          return b;
        }
        default: {
          const words: Tok[] = [];
          while (toks[i].kind !== 'nl' && toks[i].kind !== 'eof' && toks[i].kind !== 'comment') words.push(toks[i++]);
          const suffix = toks[i].kind === 'comment' ? toks[i] : undefined;
          b.lines.push({ words, suffix, start: words[0].start, end: words[words.length - 1].end });
        }
      }
    }
  }
}

const KNOWN_VERBS = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);

function kindOf(t: Tok): Kind {
  return t.kind;
}

/** modfile parseString: "quoted" strings are unquoted; other quotes are reserved. */
function parseString(t: string): string | { error: string } {
  if (t.startsWith('"')) {
    const v = goUnquote(t);
    return v === undefined ? { error: 'invalid syntax' } : v;
  }
  if (/["'`]/.test(t)) return { error: 'unquoted string cannot contain quote' };
  return t;
}

/** "// indirect" or "// indirect; other notes" after a require. */
function isIndirect(suffix: Tok | undefined): boolean {
  if (!suffix) return false;
  const f = suffix.text.slice(2).trim().split(/\s+/).filter(Boolean);
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}

/** modfile.IsDirectoryPath: local paths, either slash style, or a drive letter. */
export function isDirectoryPath(ns: string): boolean {
  return ns === '.' || ns.startsWith('./') || ns.startsWith('.\\') || ns === '..' || ns.startsWith('../') ||
    ns.startsWith('..\\') || ns.startsWith('/') || ns.startsWith('\\') || /^[A-Za-z]:/.test(ns);
}
