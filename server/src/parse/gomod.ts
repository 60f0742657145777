// go.mod, read like golang.org/x/mod/modfile at master (rule.go directives, strict mode, as `go mod edit` reads it):
// module, go, toolchain, godebug, require, exclude, replace, retract, tool, ignore, in line and block form; and
// go.work's directives (WorkFile.add, the same rules for the verbs both know) for gowork.ts. As the local go command
// reads them: one that never switches toolchains (before Go 1.21) by its own grammar (Go 1.19's modfile, checked
// beside it), with a note of its release beside what only later releases read.
// gomodSyntax.ts reads the statements; a syntax error stops the parse as in Go; directive errors are collected,
// worded like modfile's. Every problem carries Go's own position (goPosition) for the CLI's FILE:LINE.
// Pure: no I/O, never imports vscode, never throws on any input.

import { LineIndex, ParseProblem, Range } from './ranges';
import { goQuote, goUnquote } from '../shared/goquote';
import { goFields } from '../shared/utf8';
import { canonicalVersion, checkMainModulePath, checkPathMajor, splitPathVersion, isPseudoVersion } from './module';
import { GoLines, GoModStatementReader, GoModSyntaxError, type Block, type Stmt, type Tok } from './gomodSyntax';
import { switchesToolchains } from './gover';

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

/** A go line's rule: the versions it takes and the format its error names. */
interface GoLineRule { re: RegExp; format: string }
export const GO_LINE_TODAY: GoLineRule = { re: GO_VERSION_RE, format: '1.23.0' };
/** Go 1.20 and earlier: 1.N alone (Go 1.19's modfile, checked beside it). */
const GO_LINE_GO120: GoLineRule = { re: /^([1-9][0-9]*)\.(0|[1-9][0-9]*)$/, format: '1.23' };
/** The directives added with or after toolchain switching, each with the Go release that first reads it. */
const SINCE_TOOLCHAINS = new Map([['toolchain', '1.21'], ['godebug', '1.23'], ['tool', '1.24'], ['ignore', '1.25']]);

/**
 * A file kind's directives, those that may open a block, its go line's rule, the prefix of its problems' codes,
 * and whether cmd/go reads it with modload's version fixer (go.mod; go.work is read without one), whose complaints
 * about a replacement are errors of the load stage.
 */
export interface DirectiveRules {
  verbs: ReadonlySet<string>; blocks: ReadonlySet<string>; goLine: GoLineRule; code: string; versionFixer: boolean;
  /** For rulesBeforeToolchains: the local go command's release, named beside what only later releases read. */
  release?: string;
}

/** The rules of `today` as a go command that never switches toolchains (before Go 1.21) has them. */
export function rulesBeforeToolchains(today: DirectiveRules): DirectiveRules {
  const known = (verbs: ReadonlySet<string>) => new Set([...verbs].filter((v) => !SINCE_TOOLCHAINS.has(v)));
  return { ...today, verbs: known(today.verbs), blocks: known(today.blocks), goLine: GO_LINE_GO120 };
}

/** The rules the go command of `release` reads a file of `today`'s kind by (switchesToolchains). */
export function rulesOf(today: DirectiveRules, before: DirectiveRules, release: string | undefined): DirectiveRules {
  return switchesToolchains(release) ? today : { ...before, release };
}

const GO_MOD_BLOCKS = new Set(['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);
const GO_MOD_RULES: DirectiveRules = {
  verbs: new Set([...GO_MOD_BLOCKS, 'go', 'toolchain']), blocks: GO_MOD_BLOCKS, goLine: GO_LINE_TODAY, code: 'gomod', versionFixer: true,
};
const GO_MOD_RULES_GO120 = rulesBeforeToolchains(GO_MOD_RULES);

/** A go.work `use` directive: the directory as written (unquoted), and the statement. */
export interface GoWorkUse { dir: string; range: Range }

/** What readDirectives makes of a file: go.mod's directives (go.work's go, toolchain, godebug, replace) and uses. */
export interface DirectiveParse extends GoModParse { uses: GoWorkUse[] }

/**
 * Parses go.mod text as the go command of `release` reads it ($GOROOT/VERSION's "go1.19.8"; unknown: today's, see
 * switchesToolchains). `filename` appears in messages that name a position, as Go's do.
 */
export function parseGoMod(text: string, filename = 'go.mod', release?: string): GoModParse {
  const { file, problems } = readDirectives(text, filename, rulesOf(GO_MOD_RULES, GO_MOD_RULES_GO120, release));
  return { file, problems };
}

/** Reads text's statements as the directives of `rules`; `filename` appears in messages that name a position. */
export function readDirectives(text: string, filename: string, rules: DirectiveRules): DirectiveParse {
  const index = new LineIndex(text);
  const goLines = new GoLines(text);
  const describe = (offset: number): string => {
    const p = goLines.positionAt(offset);
    return `${filename}:${p.line}:${p.column}`;
  };
  let stmts: (Stmt | Block)[];
  try {
    stmts = new GoModStatementReader(text, describe).read();
  } catch (e) {
    if (!(e instanceof GoModSyntaxError)) throw e;
    const problem: ParseProblem = {
      range: index.range(e.start, e.end), severity: 'error', code: `${rules.code}.syntax`, message: e.message, goPosition: goLines.positionAt(e.goOffset),
    };
    return { file: emptyFile(), uses: [], problems: [problem] };
  }
  const reader = new DirectiveReader(index, goLines, rules);
  for (const s of stmts) reader.statement(s);
  return { file: reader.file, uses: reader.uses, problems: reader.problems };
}

function emptyFile(): GoModFile {
  return { godebug: [], requires: [], excludes: [], replaces: [], retracts: [], tools: [], ignores: [] };
}

/** modfile's rules (rule.go, strict mode): turns statements into directives, collecting errors worded like Go's. */
class DirectiveReader {
  readonly file = emptyFile();
  readonly uses: GoWorkUse[] = [];
  readonly problems: ParseProblem[] = [];
  /** The statement being read, its verb, and Go's position of it (every rule error is reported there). */
  private line!: Stmt;
  private verb = '';

  constructor(private readonly index: LineIndex, private readonly goLines: GoLines, private readonly rules: DirectiveRules) {}

  statement(s: Stmt | Block): void {
    if (!('lines' in s)) return this.directive(s.words[0].text, s.words.slice(1), s);
    if (s.verb.length !== 1 || !this.rules.blocks.has(s.verb[0].text)) {
      this.line = { words: s.verb, start: s.start, end: s.lparenEnd };
      this.verb = '';
      this.err(`unknown block type: ${s.verb.map((t) => t.text).join(' ')}`);
      if (s.verb.length === 1) this.noteLaterVerb(s.verb[0].text);
      return;
    }
    for (const l of s.lines) this.directive(s.verb[0].text, l.words, l);
  }

  private directive(verb: string, args: Tok[], line: Stmt): void {
    this.line = line;
    this.verb = verb;
    if (!this.rules.verbs.has(verb)) {
      this.err(`unknown directive: ${verb}`, this.tokRange(line.words[0]));
      return this.noteLaterVerb(verb);
    }
    switch (verb) {
      case 'module': return this.module(args);
      case 'go': return this.go(args);
      case 'toolchain': return this.toolchain(args);
      case 'godebug': return this.godebug(args);
      case 'require': case 'exclude': return this.requireOrExclude(args);
      case 'replace': return this.replace(args);
      case 'retract': return this.retract(args);
      case 'tool': case 'ignore': return this.pathDirective(args);
      case 'use': return this.use(args);
    }
  }

  private err(message: string, range: Range = this.index.range(this.line.start, this.line.end), severity: ParseProblem['severity'] = 'error', stage?: 'load'): void {
    const code = `${this.rules.code}.${this.rules.verbs.has(this.verb) ? this.verb : 'directive'}`;
    this.problems.push({ range, severity, code, message, goPosition: this.goLines.positionAt(this.line.start), ...(stage ? { stage } : {}) });
  }

  /** Beside the error just reported: the local go command is older than the release that reads `verb`. */
  private noteLaterVerb(verb: string): void {
    const since = SINCE_TOOLCHAINS.get(verb);
    if (since !== undefined) this.noteRelease(`knows no ${verb} lines: they came with Go ${since}`);
  }

  private noteRelease(what: string): void {
    const { release } = this.rules;
    if (release === undefined) return;
    const last = this.problems[this.problems.length - 1];
    last.related = [{ range: last.range, message: `${release}, the go command here, ${what} (from Go 1.21 on, go runs the release a go line asks for)` }];
  }

  /** An error cmd/go finds as it loads the module, where go mod edit finds none (ParseProblem.stage). */
  private loadErr(message: string, range: Range): void {
    this.err(message, range, 'error', 'load');
  }

  private tokRange(t: Tok): Range {
    return this.index.range(t.start, t.end);
  }

  /** modfile parseString, reporting "invalid quoted string" as Go does. */
  private str(t: Tok): string | undefined {
    const v = parseString(t.text);
    if (typeof v === 'string') return v;
    this.err(`invalid quoted string: ${v.error}`, this.tokRange(t));
    return undefined;
  }

  /** modfile parseVersion without a fixer: a valid semantic version; we warn when it is not canonical. */
  private version(path: string, t: Tok): string | undefined {
    const v = parseString(t.text);
    const prefix = `${this.verb} ${path}: `;
    if (typeof v !== 'string') return void this.err(`${prefix}version ${goQuote(t.text)} invalid: ${v.error}`, this.tokRange(t));
    const cv = canonicalVersion(v);
    if (cv === '') {
      const noun = isPseudoVersion(v) ? 'pseudo-version' : 'version';
      return void this.err(`${prefix}${noun} ${goQuote(v)} invalid: must be of the form v1.2.3`, this.tokRange(t));
    }
    if (cv !== v) this.err(`${prefix}version ${goQuote(v)} is not canonical; go will rewrite it as ${cv}`, this.tokRange(t), 'warning');
    return cv;
  }

  private module(args: Tok[]): void {
    // Go records the module before checking it: a malformed first line still makes the next one a repeat.
    if (this.file.module) return this.err('repeated module statement');
    const range = this.index.range(this.line.start, this.line.end);
    this.file.module = { path: '', range, pathRange: range };
    if (args.length !== 1) return this.err('usage: module module/path');
    const p = this.str(args[0]);
    if (p === undefined) return;
    const pathRange = this.tokRange(args[0]);
    this.file.module = { path: p, range, pathRange };
    const bad = checkMainModulePath(p);
    if (bad) this.loadErr(bad, pathRange);
  }

  private go(args: Tok[]): void {
    if (this.file.go) return this.err('repeated go statement');
    if (args.length !== 1) return this.err('go directive expects exactly one argument');
    const rule = this.rules.goLine;
    if (!rule.re.test(args[0].text)) {
      this.err(`invalid go version '${args[0].text}': must match format ${rule.format}`);
      if (GO_VERSION_RE.test(args[0].text)) this.noteRelease('reads go lines of the form 1.N only: forms like 1.21.0 came with Go 1.21');
      return;
    }
    this.file.go = { version: args[0].text, range: this.index.range(this.line.start, this.line.end) };
  }

  private toolchain(args: Tok[]): void {
    if (this.file.toolchain) return this.err('repeated toolchain statement');
    if (args.length !== 1) return this.err('toolchain directive expects exactly one argument');
    if (!TOOLCHAIN_RE.test(args[0].text)) {
      return this.err(`invalid toolchain version '${args[0].text}': must match format go1.23.0 or default`);
    }
    this.file.toolchain = { name: args[0].text, range: this.index.range(this.line.start, this.line.end) };
  }

  private godebug(args: Tok[]): void {
    const eq = args.length === 1 && !/["`',]/.test(args[0].text) ? args[0].text.indexOf('=') : -1;
    if (eq < 0) return this.err('usage: godebug key=value');
    const range = this.index.range(this.line.start, this.line.end);
    this.file.godebug.push({ key: args[0].text.slice(0, eq), value: args[0].text.slice(eq + 1), range });
  }

  private requireOrExclude(args: Tok[]): void {
    const verb = this.verb;
    if (args.length !== 2) return this.err(`usage: ${verb} module/path v1.2.3`);
    const p = this.str(args[0]);
    if (p === undefined) return;
    const v = this.version(p, args[1]);
    if (v === undefined) return;
    const { pathMajor, ok } = splitPathVersion(p);
    const pathRange = this.tokRange(args[0]);
    const versionRange = this.tokRange(args[1]);
    if (!ok) return this.err('invalid module path', pathRange);
    const mismatch = checkPathMajor(v, pathMajor);
    if (mismatch) return this.err(`${verb} ${p}: ${mismatch}`, versionRange);
    const range = this.index.range(this.line.start, this.line.end);
    if (verb === 'require') this.file.requires.push({ path: p, version: v, indirect: isIndirect(this.line.suffix), range, pathRange, versionRange });
    else this.file.excludes.push({ path: p, version: v, range, pathRange, versionRange });
  }

  private replace(args: Tok[]): void {
    const verb = this.verb;
    const arrow = args.length >= 2 && args[1].text === '=>' ? 1 : 2;
    if (args.length < arrow + 2 || args.length > arrow + 3 || args[arrow].text !== '=>') {
      return this.err(`usage: ${verb} module/path [v1.2.3] => other/module v1.4\n\t or ${verb} module/path [v1.2.3] => ../local/directory`);
    }
    const p = this.str(args[0]);
    if (p === undefined) return;
    const { pathMajor, ok } = splitPathVersion(p);
    if (!ok) return this.err(`${verb} ${p}: invalid module path`, this.tokRange(args[0]));
    let v = '';
    if (arrow === 2) {
      const got = this.version(p, args[1]);
      if (got === undefined) return;
      const mismatch = checkPathMajor(got, pathMajor);
      if (mismatch) return this.err(`${verb} ${p}: ${mismatch}`, this.tokRange(args[1]));
      v = got;
    }
    const ns = this.str(args[arrow + 1]);
    if (ns === undefined) return;
    const nv = args.length === arrow + 2 ? this.replacementDirectory(ns) : this.replacementVersion(ns, args[arrow + 2]);
    if (nv === undefined) return;
    this.file.replaces.push({ oldPath: p, oldVersion: v, newPath: ns, newVersion: nv, range: this.index.range(this.line.start, this.line.end) });
  }

  /** '' when ns is a usable directory, else undefined after reporting why. */
  private replacementDirectory(ns: string): string | undefined {
    if (!isDirectoryPath(ns)) {
      if (ns.includes('@')) return void this.err("replacement module must match format 'path version', not 'path@version'");
      return void this.err('replacement module without version must be directory path (rooted or starting with . or ..)');
    }
    if (ns.includes('\\')) return void this.err('replacement directory appears to be Windows path (on a non-windows system)');
    return '';
  }

  private replacementVersion(ns: string, t: Tok): string | undefined {
    const got = this.version(ns, t);
    if (got === undefined) return undefined;
    if (isDirectoryPath(ns)) return void this.err(`replacement module directory path ${goQuote(ns)} cannot have version`);
    this.replacementMajor(ns, got, t);
    return got;
  }

  /**
   * What cmd/go's version fixer (modload fixVersion) finds in a replacement's path and version as every command
   * but go mod edit reads go.mod ("errors parsing go.mod").
   */
  private replacementMajor(ns: string, v: string, t: Tok): void {
    if (!this.rules.versionFixer) return;
    const { pathMajor, ok } = splitPathVersion(ns);
    const mismatch = ok ? checkPathMajor(v, pathMajor) : `version ${goQuote(v)} invalid: malformed module path ${goQuote(ns)}`;
    if (mismatch) this.loadErr(`${this.verb} ${ns}: ${mismatch}`, this.tokRange(t));
  }

  private retract(args: Tok[]): void {
    const rest = [...args];
    const interval = this.versionInterval(rest);
    if (interval === undefined) return;
    if (rest.length > 0) return this.err(`unexpected token after version: ${goQuote(rest[0].text)}`);
    this.file.retracts.push({ ...interval, range: this.index.range(this.line.start, this.line.end) });
  }

  /** modfile parseVersionInterval: "v1.2.3" or "[v1.0.0, v1.9.9]"; consumes from toks. */
  private versionInterval(toks: Tok[]): { low: string; high: string } | undefined {
    if (toks.length === 0 || toks[0].kind === '(') return void this.err("expected '[' or version");
    if (toks[0].kind !== '[') {
      const v = this.retractVersion(toks.shift()!);
      return v === undefined ? undefined : { low: v, high: v };
    }
    toks.shift();
    if (toks.length === 0) return void this.err("expected version after '['");
    const low = this.retractVersion(toks.shift()!);
    if (low === undefined) return undefined;
    if (toks.at(0)?.kind !== ',') return void this.err("expected ',' after version");
    toks.shift();
    if (toks.length === 0) return void this.err("expected version after ','");
    const high = this.retractVersion(toks.shift()!);
    if (high === undefined) return undefined;
    if (toks.at(0)?.kind !== ']') return void this.err("expected ']' after version");
    toks.shift();
    return { low, high };
  }

  /**
   * A retracted version: Go's parse takes any token that unquotes (go mod edit accepts `retract foo`); the go
   * command checks the versions later, when it loads the module, so a non-semver one is a warning here.
   */
  private retractVersion(t: Tok): string | undefined {
    const v = parseString(t.text);
    if (typeof v !== 'string') return void this.err(`retract: version ${goQuote(t.text)} invalid: ${v.error}`, this.tokRange(t));
    const cv = canonicalVersion(v);
    if (cv === '') this.err(`retract: version ${goQuote(v)} invalid: must be of the form v1.2.3`, this.tokRange(t), 'warning');
    return cv || v;
  }

  /** go.work's `use dir` (WorkFile.add). */
  private use(args: Tok[]): void {
    if (args.length !== 1) return this.err(`usage: ${this.verb} local/dir`);
    const dir = this.str(args[0]);
    if (dir !== undefined) this.uses.push({ dir, range: this.index.range(this.line.start, this.line.end) });
  }

  private pathDirective(args: Tok[]): void {
    if (args.length !== 1) return this.err(`${this.verb} directive expects exactly one argument`);
    const p = this.str(args[0]);
    if (p === undefined) return;
    (this.verb === 'tool' ? this.file.tools : this.file.ignores).push({ path: p, range: this.index.range(this.line.start, this.line.end) });
  }
}

/** modfile parseString: "quoted" strings are unquoted; other quotes are reserved. */
export function parseString(t: string): string | { error: string } {
  if (t.startsWith('"')) {
    const v = goUnquote(t);
    return v === undefined ? { error: 'invalid syntax' } : v;
  }
  if (/["'`]/.test(t)) return { error: 'unquoted string cannot contain quote' };
  return t;
}

/** "// indirect" or "// indirect; other notes" after a require, its words split at Go's white space (strings.Fields). */
function isIndirect(suffix: Tok | undefined): boolean {
  if (!suffix) return false;
  const f = goFields(suffix.text.slice(2));
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}

/** modfile.IsDirectoryPath: local paths, either slash style, or a drive letter. */
export function isDirectoryPath(ns: string): boolean {
  return ns === '.' || ns.startsWith('./') || ns.startsWith('.\\') || ns === '..' || ns.startsWith('../') ||
    ns.startsWith('..\\') || ns.startsWith('/') || ns.startsWith('\\') || /^[A-Za-z]:/.test(ns);
}
