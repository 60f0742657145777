// go.sum and go.work.sum, read the way the go command reads them (cmd/go modfetch readGoSum): lines split on
// "\n", fields split on Unicode white space, blank lines skipped, exactly three fields per line.
// Beyond Go we also flag what Go would trip over later: bad h1 hashes, conflicting hashes, unknown algorithms.
// Pure and single-pass: no I/O, never imports vscode, never throws on any input.
// A GoSumReader reads the lines; a RepeatTracker beside it finds a module version written twice.

import { LineIndex, ParseProblem, Range, Severity, lineRange } from './ranges';
import { checkModulePath, checkVersionForPath, isPlainModulePath, splitPathVersion } from './module';
import { semverMajorEnd } from './semver';
import { goQuote } from '../shared/goquote';
import { fastPaths } from './fastPaths';
import { isGoSpace } from '../shared/utf8';

/**
 * One well-formed go.sum line (three fields). Columns are UTF-16 offsets within the line, so a line costs one
 * small object; call goSumRanges() for LSP ranges of each token.
 */
export interface GoSumLine {
  /** 0-based line number. */
  line: number;
  module: string;
  /** The version without any "/go.mod" suffix. */
  version: string;
  /** True for "v1.2.3/go.mod" lines (hash of the go.mod file alone). */
  isGoMod: boolean;
  /** Text before the first ':' of the hash field ("h1"), or '' when there is no ':'. */
  algorithm: string;
  /** The whole third field, e.g. "h1:abc...=". */
  hash: string;
  /** True when the algorithm is h1 and the hash is base64 of exactly 32 bytes. */
  hashOk: boolean;
  moduleCol: number;
  versionCol: number;
  hashCol: number;
  /** Column just after the hash. */
  endCol: number;
  /**
   * Set when an earlier line gives this module version (zip or /go.mod) another h1 hash: that line's number.
   * The go command checks the first h1 line alone (modfetch haveModSumLocked) and never reads this one.
   */
  shadowedBy?: number;
}

/** A non-blank line Go refuses ("wrong number of fields"). */
export interface MalformedGoSumLine {
  line: number;
  text: string;
  fieldCount: number;
}

export interface GoSumRanges {
  module: Range;
  version: Range;
  /** The "/go.mod" suffix, when present. */
  goModSuffix?: Range;
  algorithm: Range;
  /** The base64 part after "h1:". */
  digest: Range;
  hash: Range;
  line: Range;
}

export interface GoSumParse {
  lines: GoSumLine[];
  malformed: MalformedGoSumLine[];
  problems: ParseProblem[];
  /**
   * Present only when the text has a lone "\r" (LSP ends a line there, Go does not): pass it to goSumRanges
   * so token ranges land on the right LSP line.
   */
  lineIndex?: LineIndex;
}

/**
 * modfetch's emptyGoModHash: the h1 of a tree holding one empty go.mod, which old go commands wrote by mistake for
 * non-modules. readGoSum drops such lines unread.
 */
export const EMPTY_GO_MOD_HASH = 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=';

const GO_MOD_SUFFIX = '/go.mod';

export function goSumRanges(l: GoSumLine, lineIndex?: LineIndex): GoSumRanges {
  if (lineIndex) return remapRanges(goSumRanges(l), lineIndex);
  const versionEnd = l.versionCol + l.version.length;
  const colon = l.algorithm === '' && !l.hash.includes(':') ? -1 : l.algorithm.length;
  const digestStart = colon < 0 ? l.hashCol : l.hashCol + colon + 1;
  return {
    module: lineRange(l.line, l.moduleCol, l.moduleCol + l.module.length),
    version: lineRange(l.line, l.versionCol, versionEnd),
    goModSuffix: l.isGoMod ? lineRange(l.line, versionEnd, versionEnd + GO_MOD_SUFFIX.length) : undefined,
    algorithm: lineRange(l.line, l.hashCol, l.hashCol + Math.max(colon, 0)),
    digest: lineRange(l.line, digestStart, l.endCol),
    hash: lineRange(l.line, l.hashCol, l.endCol),
    line: lineRange(l.line, l.moduleCol, l.endCol),
  };
}

// Columns are offsets from the start of the line's first token's LSP line; offsets are exact, so re-derive positions.
function remap(r: Range, index: LineIndex): Range {
  return index.range(index.lineStart(r.start.line) + r.start.character, index.lineStart(r.end.line) + r.end.character);
}

function remapRanges(r: GoSumRanges, index: LineIndex): GoSumRanges {
  const out = {} as GoSumRanges;
  for (const k of Object.keys(r) as (keyof GoSumRanges)[]) {
    const v = r[k];
    if (v) out[k] = remap(v, index);
  }
  return out;
}

/**
 * "h1:" + 43 base64 letters + "=": standard padded base64 of 32 bytes, as Go's decoder accepts it. Matched by
 * regular expressions, natively: it reads half of every go.sum; as a loop, ~3 ms more in a fresh process (telegraf).
 */
const H1_FORM = 'h1:[A-Za-z0-9+/]{43}=';
const H1_HASH = new RegExp(`^${H1_FORM}$`);

/** Three fields of printable ASCII split by single spaces, then an optional CR: the line as Go writes it. */
const PLAIN_LINE = /[!-~]+ [!-~]+ [!-~]+\r?/y;
/** PLAIN_LINE whose third field is an H1_HASH: one native match splits the line and checks its hash. */
const PLAIN_H1_LINE = new RegExp(`[!-~]+ [!-~]+ ${H1_FORM}\\r?`, 'y');


/**
 * The pathMajor ('' or "/vN") of a module path that is plainly valid by module.CheckPath: printable ASCII, a
 * dotted lower-case host, no "~", no empty element or one that starts or ends with ".", no Windows device name,
 * not gopkg.in. Anything else is undefined, and checkModulePath (which has Go's words) decides: a shortcut
 * because go.sum files name tens of thousands of distinct modules, and the full check allocates.
 */
function plainPathMajor(path: string): string | undefined {
  const n = path.length;
  if (n === 0 || path.charCodeAt(0) === 45 || (path.charCodeAt(0) === 103 && path.startsWith('gopkg.in/'))) return undefined;
  let elemStart = 0;
  let firstDot = -1; // in the current element
  let inHost = true;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? path.charCodeAt(i) : 47;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45) continue;
    if (c === 46) {
      if (firstDot < 0) firstDot = i;
      continue;
    }
    if (c === 47) {
      if (i === elemStart || path.charCodeAt(elemStart) === 46 || path.charCodeAt(i - 1) === 46) return undefined;
      if ((inHost && firstDot < 0) || isDeviceName(path, elemStart, (firstDot < 0 ? i : firstDot) - elemStart)) return undefined;
      if (i === n) break;
      inHost = false;
      elemStart = i + 1;
      firstDot = -1;
      continue;
    }
    if (inHost || !((c >= 65 && c <= 90) || c === 95)) return undefined;
  }
  // A last element "v" + digits/dots is a major version suffix, or invalid: plain only as "/vN", N ≥ 2.
  if (inHost || path.charCodeAt(elemStart) !== 118 || elemStart === n - 1) return '';
  for (let i = elemStart + 1; i < n; i++) {
    const c = path.charCodeAt(i);
    if (c === 46) return undefined;
    if (c < 48 || c > 57) return '';
  }
  const first = path.charCodeAt(elemStart + 1);
  return first === 48 || (first === 49 && n - elemStart === 2) ? undefined : path.slice(elemStart - 1);
}

/** Three lower-case letters as one number, so a name compares in one step. */
function letters3(s: string, at: number): number {
  return ((s.charCodeAt(at) | 32) << 16) | ((s.charCodeAt(at + 1) | 32) << 8) | (s.charCodeAt(at + 2) | 32);
}
const DEVICES = ['con', 'prn', 'aux', 'nul'].map((d) => letters3(d, 0));
const NUMBERED_DEVICES = ['com', 'lpt'].map((d) => letters3(d, 0));

/** CON, PRN, AUX, NUL, COM1-9, LPT1-9 in any case (COMx and LPTx for any x: when unsure, say yes). */
function isDeviceName(path: string, s: number, len: number): boolean {
  if (len === 3) return DEVICES.includes(letters3(path, s));
  return len === 4 && NUMBERED_DEVICES.includes(letters3(path, s));
}

/** Parses a go.sum or go.work.sum text. Every non-blank line ends up in `lines` or `malformed`. */
export function parseGoSum(text: string): GoSumParse {
  return new GoSumReader(text).read();
}

/** One pass over a go.sum text, line by line as Go's readGoSum goes, collecting lines, malformed lines and problems. */
class GoSumReader {
  private readonly lines: GoSumLine[] = [];
  private readonly malformed: MalformedGoSumLine[] = [];
  private readonly problems: ParseProblem[] = [];
  /** Only for a text with a lone "\r", which shifts LSP's line count away from Go's. */
  private readonly index: LineIndex | undefined;
  private readonly hasBom: boolean;
  /** Where the first three fields of the line being read start and end. */
  private readonly starts = [0, 0, 0];
  private readonly ends = [0, 0, 0];
  /** The line being read matched PLAIN_H1_LINE: its hash is known well formed. */
  private plainH1 = false;
  private readonly paths = new ModulePathCheck();
  private readonly repeats = new RepeatTracker();

  constructor(private readonly text: string) {
    this.index = hasLoneCR(text) ? new LineIndex(text) : undefined;
    this.hasBom = text.length > 0 && text.charCodeAt(0) === 0xfeff;
  }

  read(): GoSumParse {
    if (this.hasBom) {
      this.problems.push({
        range: lineRange(0, 0, 1), severity: 'warning', code: 'gosum.bom',
        message: 'go.sum starts with a byte order mark (U+FEFF); go reads it as part of the first module path, so that line never matches',
      });
    }
    const n = this.text.length;
    for (let start = 0, lineNo = 0; start < n; lineNo++) {
      const nl = this.text.indexOf('\n', start);
      const end = nl < 0 ? n : nl;
      this.readLine(start, end, lineNo);
      start = end + 1;
    }
    return this.finish();
  }

  /** The line text[lineStart, end), Go's line number lineNo. */
  private readLine(lineStart: number, end: number, lineNo: number): void {
    const bomLine = lineNo === 0 && this.hasBom;
    const lspLine = this.index ? this.index.positionAt(lineStart).line : lineNo;
    const count = this.splitFields(lineStart, end, bomLine);
    if (count === 3) this.addEntry(this.makeEntry(lineStart, lspLine), lineStart);
    else if (count !== 0) this.addMalformed(lineStart, end, lspLine, count, bomLine);
  }

  private addEntry(entry: GoSumLine, lineStart: number): void {
    if (entry.hash === EMPTY_GO_MOD_HASH) {
      this.problem(entry.line, lineStart, this.starts[2], this.ends[2], 'hint', 'gosum.emptyGoModHash',
        'go ignores this line: it is the hash of an empty go.mod file, written by an old go command bug');
    } else {
      this.checkHash(entry);
      this.checkIdentity(entry);
      const first = this.repeats.earlierOf(entry);
      if (first) this.reportRepeat(entry, first);
    }
    this.lines.push(entry);
  }

  private addMalformed(lineStart: number, end: number, lspLine: number, count: number, bomLine: boolean): void {
    const text = this.text;
    this.malformed.push({ line: lspLine, text: text.slice(lineStart, end).replace(/\r$/, ''), fieldCount: count });
    let s = lineStart;
    while (s < end && isGoSpace(text.charCodeAt(s))) s++;
    if (bomLine) s = Math.max(s, 1);
    let e = end;
    while (e > s && isGoSpace(text.charCodeAt(e - 1))) e--;
    this.problem(lspLine, lineStart, s, e, 'error', 'gosum.fields', `malformed go.sum: wrong number of fields ${count}`);
  }

  /** A problem at text[s, e) on line `line` (the line starting at lineStart). */
  private problem(line: number, lineStart: number, s: number, e: number, severity: Severity, code: string, message: string): void {
    // With a line index, keep the "offset from the LSP line start" convention; positions are re-derived in finish().
    const at = this.index ? this.index.positionAt(s) : undefined;
    const range = at ? lineRange(at.line, at.character, at.character + (e - s)) : lineRange(line, s - lineStart, e - lineStart);
    this.problems.push({ range, severity, message, code });
  }

  private finish(): GoSumParse {
    const { lines, malformed, problems, index } = this;
    if (!index) return { lines, malformed, problems };
    for (const p of problems) {
      p.range = remap(p.range, index);
      if (p.related) for (const r of p.related) r.range = remap(r.range, index);
    }
    problems.push({
      range: lineRange(0, 0, 0), severity: 'warning', code: 'gosum.loneCR',
      message: 'go.sum contains a carriage return (CR) without a line feed; go treats it as a space, not a line break',
    });
    return { lines, malformed, problems, lineIndex: index };
  }

  /** strings.Fields: split on any Unicode white space; records the first three fields and returns the count. */
  private splitFields(lineStart: number, end: number, bomLine: boolean): number {
    this.plainH1 = false;
    if (fastPaths.enabled && !bomLine && this.splitPlainLine(lineStart, end)) return 3;
    const text = this.text;
    let count = 0;
    let i = bomLine ? Math.max(lineStart, 1) : lineStart;
    while (i < end) {
      while (i < end && isGoSpace(text.charCodeAt(i))) i++;
      if (i >= end) break;
      const s = i;
      while (i < end && !isGoSpace(text.charCodeAt(i))) i++;
      if (count < 3) {
        this.starts[count] = s;
        this.ends[count] = i;
      }
      count++;
    }
    return count;
  }

  /**
   * The common line, "field SP field SP field" of printable ASCII (a CR before the LF allowed), split by a regular
   * expression and indexOf, natively: in a fresh process (the CLI) the loop above runs in V8's interpreter, and this
   * saves ~3 ms of the first parse of telegraf's go.sum. False for anything else, which the loop reads.
   */
  private splitPlainLine(lineStart: number, end: number): boolean {
    const text = this.text;
    PLAIN_H1_LINE.lastIndex = lineStart;
    this.plainH1 = PLAIN_H1_LINE.test(text) && PLAIN_H1_LINE.lastIndex === end;
    if (!this.plainH1) {
      PLAIN_LINE.lastIndex = lineStart;
      if (!PLAIN_LINE.test(text) || PLAIN_LINE.lastIndex !== end) return false;
    }
    const sp1 = text.indexOf(' ', lineStart);
    const sp2 = text.indexOf(' ', sp1 + 1);
    this.starts[0] = lineStart;
    this.ends[0] = sp1;
    this.starts[1] = sp1 + 1;
    this.ends[1] = sp2;
    this.starts[2] = sp2 + 1;
    this.ends[2] = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    return true;
  }

  private makeEntry(lineStart: number, lspLine: number): GoSumLine {
    const { text, starts, ends } = this;
    const isGoMod = ends[1] - starts[1] >= GO_MOD_SUFFIX.length && text.startsWith(GO_MOD_SUFFIX, ends[1] - GO_MOD_SUFFIX.length);
    const hash = text.slice(starts[2], ends[2]);
    const algorithm = hash.startsWith('h1:') ? 'h1' : algorithmOf(hash);
    const entry: GoSumLine = {
      line: lspLine,
      module: text.slice(starts[0], ends[0]),
      version: text.slice(starts[1], isGoMod ? ends[1] - GO_MOD_SUFFIX.length : ends[1]),
      isGoMod, algorithm, hash,
      hashOk: this.plainH1 || H1_HASH.test(hash),
      moduleCol: starts[0] - lineStart, versionCol: starts[1] - lineStart,
      hashCol: starts[2] - lineStart, endCol: ends[2] - lineStart,
    };
    if (this.index) {
      const p = this.index.positionAt(starts[0]);
      entry.line = p.line;
      entry.moduleCol = p.character;
      entry.versionCol = starts[1] - starts[0] + p.character;
      entry.hashCol = starts[2] - starts[0] + p.character;
      entry.endCol = ends[2] - starts[0] + p.character;
    }
    return entry;
  }

  private checkHash(l: GoSumLine): void {
    if (l.hashOk) return;
    const r = goSumRanges(l);
    if (l.algorithm === 'h1') {
      this.problems.push({
        range: r.hash, severity: 'error', code: 'gosum.hash',
        message: `malformed h1 hash ${goQuote(l.hash)}: want base64 of exactly 32 bytes (44 characters ending in "="); go will report a checksum mismatch for ${l.module}@${l.version}`,
      });
    } else {
      const alg = l.algorithm === '' ? l.hash : l.algorithm;
      this.problems.push({
        range: l.algorithm === '' ? r.hash : r.algorithm, severity: 'warning', code: 'gosum.algorithm',
        message: `unknown hash algorithm ${goQuote(alg)}: go only checks h1 hashes and ignores this line`,
      });
    }
  }

  /** Module path and version as Go would check them. */
  private checkIdentity(l: GoSumLine): void {
    const path = this.paths.check(l.module);
    if (path.error !== undefined) {
      this.problems.push({ range: goSumRanges(l).module, severity: 'warning', code: 'gosum.path', message: path.error });
      return;
    }
    if (versionFitsPlainly(l.version, path.pathMajor)) return;
    const versionErr = checkVersionForPath(l.module, l.version);
    if (versionErr === undefined) return;
    this.problems.push({ range: goSumRanges(l).version, severity: 'warning', code: 'gosum.version', message: versionErr });
  }

  /**
   * l repeats the identity of `first`: a duplicate line, or two h1 hashes of which at most one is right. Go checks
   * the first alone: it fails on a wrong first line and never reads a wrong later one.
   */
  private reportRepeat(l: GoSumLine, first: GoSumLine): void {
    const here = goSumRanges(l);
    const there = goSumRanges(first);
    if (first.hash === l.hash) {
      this.problems.push({
        range: here.line, severity: 'hint', code: 'gosum.duplicate',
        message: `duplicate of line ${first.line + 1}`,
        related: [{ range: there.line, message: 'first written here' }],
      });
    } else if (l.algorithm === 'h1' && first.algorithm === 'h1') {
      const what = l.isGoMod ? `${l.module}@${l.version}/go.mod` : `${l.module}@${l.version}`;
      l.shadowedBy = first.line;
      this.problems.push({
        range: here.hash, severity: 'error', code: 'gosum.conflict',
        message: `conflicting hashes for ${what}: line ${first.line + 1} has ${first.hash}; at most one can be right. ` +
          `The go command checks only line ${first.line + 1} and never reads this one: it fails with "verifying ${what}: checksum mismatch" if line ${first.line + 1} is the wrong one`,
        related: [{ range: there.hash, message: 'the other hash' }],
      });
    }
  }
}

/** Runs up to this long are searched line by line; a longer one gets maps of its versions. */
const SEARCHED_RUN = 16;

/**
 * Finds the first earlier line with a line's identity (module, version, zip or /go.mod). Go writes go.sum sorted,
 * so while the modules come in increasing order only the current module's run of lines can hold a repeat; the
 * first module out of order switches to one map over every line so far.
 */
class RepeatTracker {
  /** Every line so far (the empty-go.mod ones, which Go drops, are never given). */
  private readonly earlier: GoSumLine[] = [];
  private runModule: string | undefined;
  private runStart = 0;
  /** The first zip line and first /go.mod line of each version, for a run longer than SEARCHED_RUN. */
  private runVersions: [Map<string, GoSumLine>, Map<string, GoSumLine>] | undefined;
  /** "module version[/go.mod]" to its first line, once a module came out of order. */
  private all: Map<string, GoSumLine> | undefined;

  /** The earlier line with l's identity; undefined when l is the first, which is then remembered. */
  earlierOf(l: GoSumLine): GoSumLine | undefined {
    const first = this.find(l);
    this.earlier.push(l);
    return first;
  }

  private find(l: GoSumLine): GoSumLine | undefined {
    if (this.all) return firstOf(this.all, identityKey(l), l);
    if (l.module !== this.runModule) {
      if (this.runModule === undefined || l.module > this.runModule) return this.startRun(l.module);
      this.all = new Map();
      for (const o of this.earlier) firstOf(this.all, identityKey(o), o);
      return firstOf(this.all, identityKey(l), l);
    }
    if (this.runVersions === undefined) {
      if (this.earlier.length - this.runStart <= SEARCHED_RUN) return this.searchRun(l);
      const versions: [Map<string, GoSumLine>, Map<string, GoSumLine>] = [new Map(), new Map()];
      for (let k = this.runStart; k < this.earlier.length; k++) {
        const o = this.earlier[k];
        firstOf(versions[o.isGoMod ? 1 : 0], o.version, o);
      }
      this.runVersions = versions;
    }
    return firstOf(this.runVersions[l.isGoMod ? 1 : 0], l.version, l);
  }

  private startRun(module: string): undefined {
    this.runModule = module;
    this.runStart = this.earlier.length;
    this.runVersions = undefined;
    return undefined;
  }

  /** The run's first line with l's version and kind. */
  private searchRun(l: GoSumLine): GoSumLine | undefined {
    for (let k = this.runStart; k < this.earlier.length; k++) {
      const o = this.earlier[k];
      if (o.isGoMod === l.isGoMod && o.version === l.version) return o;
    }
    return undefined;
  }
}

/** The line stored under key, or undefined after storing l there. */
function firstOf(map: Map<string, GoSumLine>, key: string, l: GoSumLine): GoSumLine | undefined {
  const first = map.get(key);
  if (first === undefined) map.set(key, l);
  return first;
}

/** "module version[/go.mod]": a line's first two fields joined by one space. */
function identityKey(l: GoSumLine): string {
  return l.module + ' ' + l.version + (l.isGoMod ? GO_MOD_SUFFIX : '');
}

/**
 * module.CheckPath's verdict and the path's major suffix ('' or "/vN") for the module checked last: go.sum is
 * sorted, so the last module usually answers the next line too.
 */
class ModulePathCheck {
  private module: string | undefined;
  /** Go's words for what is wrong with the path, or undefined. */
  error: string | undefined;
  pathMajor = '';

  check(module: string): this {
    if (module === this.module) return this;
    this.module = module;
    const plain = isPlainModulePath(module) ? '' : plainPathMajor(module);
    if (plain !== undefined) {
      this.error = undefined;
      this.pathMajor = plain;
      return this;
    }
    this.error = checkModulePath(module);
    this.pathMajor = this.error === undefined ? splitPathVersion(module).pathMajor : '';
    return this;
  }
}

/**
 * True for a semantic version whose major plainly fits a valid path's major suffix (v0/v1 or +incompatible
 * without one, vN with "/vN"); anything else goes to checkVersionForPath, which has Go's words.
 */
function versionFitsPlainly(v: string, pathMajor: string): boolean {
  const majorEnd = semverMajorEnd(v);
  if (majorEnd <= 0) return false;
  if (pathMajor === '') return (majorEnd === 2 && (v.charCodeAt(1) === 48 || v.charCodeAt(1) === 49)) || v.endsWith('+incompatible');
  return pathMajor.charCodeAt(0) === 47 && pathMajor.length === majorEnd + 1 && v.startsWith(pathMajor.slice(2), 1);
}

function algorithmOf(hash: string): string {
  const colon = hash.indexOf(':');
  return colon < 0 ? '' : hash.slice(0, colon);
}

function hasLoneCR(text: string): boolean {
  let i = text.indexOf('\r');
  while (i >= 0) {
    if (text.charCodeAt(i + 1) !== 10) return true;
    i = text.indexOf('\r', i + 1);
  }
  return false;
}
