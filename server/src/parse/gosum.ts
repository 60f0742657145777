// go.sum and go.work.sum, read the way the go command reads them (cmd/go modfetch readGoSum): lines split on
// "\n", fields split on Unicode white space, blank lines skipped, exactly three fields per line.
// Beyond Go we also flag what Go would trip over later: bad h1 hashes, conflicting hashes, unknown algorithms.
// Pure and single-pass: no I/O, never imports vscode, never throws on any input.

import { LineIndex, ParseProblem, Position, Range, Severity, lineRange } from './ranges';
import { checkModulePath, checkVersionForPath, splitPathVersion } from './module';
import { semverMajorEnd } from './semver';
import { goQuote } from './goquote';

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

/** The hash of an empty go.mod that old Go versions wrote by mistake; readGoSum drops such lines. */
export const EMPTY_GO_MOD_HASH = 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFe0DPQOSM7x5WHVHpHE=';

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

/** unicode.IsSpace, which is what strings.Fields splits on. */
function isSpace(c: number): boolean {
  if (c <= 0xff) return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000;
}

// 1 for the 64 base64 letters.
const B64 = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') B64[ch.charCodeAt(0)] = 1;

/** "h1:" + 43 base64 letters + "=": standard padded base64 of 32 bytes, as Go's decoder accepts it. */
function isH1(hash: string): boolean {
  if (hash.length !== 47 || hash.charCodeAt(46) !== 61) return false;
  for (let i = 3; i < 46; i++) {
    const c = hash.charCodeAt(i);
    if (c >= 128 || B64[c] === 0) return false;
  }
  return true;
}

/** Parses a go.sum or go.work.sum text. Every non-blank line ends up in `lines` or `malformed`. */
export function parseGoSum(text: string): GoSumParse {
  const lines: GoSumLine[] = [];
  const malformed: MalformedGoSumLine[] = [];
  const problems: ParseProblem[] = [];
  const n = text.length;
  // Lone "\r" shifts LSP's line count away from Go's; only then do we pay for a full line index.
  const loneCR = hasLoneCR(text);
  const index = loneCR ? new LineIndex(text) : undefined;
  const hasBom = n > 0 && text.charCodeAt(0) === 0xfeff;
  const seen = new Map<string, number>(); // "module version[/go.mod]" -> index in lines
  type PathVerdict = { err: string | null; pathMajor: string };
  const pathVerdicts = new Map<string, PathVerdict>();
  let lastModule = '';
  let lastVerdict: PathVerdict | undefined;
  let grouped = true;
  let runModule: string | undefined;
  let runStart = 0;
  let runMaps: [Map<string, number>, Map<string, number>] | undefined; // zip and /go.mod versions of a long run
  const closedModules = new Set<string>();
  const starts: number[] = [0, 0, 0];
  const ends: number[] = [0, 0, 0];

  const problem = (line: number, lineStart: number, s: number, e: number, severity: Severity, code: string, message: string,
    related?: ParseProblem['related']) => {
    // With a line index, keep the "offset from the LSP line start" convention; positions are re-derived at the end.
    const at = index ? index.positionAt(s) : undefined;
    const range = at ? lineRange(at.line, at.character, at.character + (e - s)) : lineRange(line, s - lineStart, e - lineStart);
    problems.push(related ? { range, severity, message, code, related } : { range, severity, message, code });
  };

  let start = 0;
  let lineNo = 0;
  if (hasBom) {
    problems.push({
      range: lineRange(0, 0, 1), severity: 'warning', code: 'gosum.bom',
      message: 'go.sum starts with a byte order mark (U+FEFF); go reads it as part of the first module path, so that line never matches',
    });
  }
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const lineStart = start;
    const bomLine = lineNo === 0 && hasBom;
    // The fast split trusts single spaces. Anything odd (a wrong count, an empty field, or a token that fails
    // validation and so may hide a tab or a Unicode space) is split again by Go's strings.Fields rules.
    let fastSplit = !index && !bomLine;
    let count = fastSplit ? splitFast(lineStart, end) : splitGo(lineStart, end, bomLine);
    if (fastSplit && (count !== 3 || starts[0] === ends[0] || starts[1] === ends[1] || starts[2] === ends[2])) {
      fastSplit = false;
      count = splitGo(lineStart, end, bomLine);
    }
    const lspLine = index ? index.positionAt(lineStart).line : lineNo;
    if (count === 3) {
      let entry = makeEntry(lineStart, lspLine);
      let verdict = pathVerdict(entry.module);
      let majorEnd = semverMajorEnd(entry.version);
      if (fastSplit && (!entry.hashOk || verdict.err !== null || majorEnd < 0)) {
        splitGo(lineStart, end, bomLine);
        entry = makeEntry(lineStart, lspLine);
        verdict = pathVerdict(entry.module);
        majorEnd = semverMajorEnd(entry.version);
      }
      if (entry.hash === EMPTY_GO_MOD_HASH) {
        problem(lspLine, lineStart, starts[2], ends[2], 'hint', 'gosum.emptyGoModHash',
          'go ignores this line: it is the hash of an empty go.mod file, written by an old go command bug');
      } else {
        checkHash(entry);
        checkIdentity(entry, verdict, majorEnd);
        checkRepeat(entry);
      }
      lines.push(entry);
    } else if (count !== 0) {
      malformed.push({ line: lspLine, text: text.slice(lineStart, end).replace(/\r$/, ''), fieldCount: count });
      let s = lineStart;
      while (s < end && isSpace(text.charCodeAt(s))) s++;
      if (bomLine) s = Math.max(s, 1);
      let e = end;
      while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
      problem(lspLine, lineStart, s, e, 'error', 'gosum.fields', `malformed go.sum: wrong number of fields ${count}`);
    }
    lineNo++;
    start = end + 1;
  }
  if (index) {
    for (const p of problems) {
      p.range = remap(p.range, index);
      if (p.related) for (const r of p.related) r.range = remap(r.range, index);
    }
    problems.push({
      range: lineRange(0, 0, 0), severity: 'warning', code: 'gosum.loneCR',
      message: 'go.sum contains a carriage return (CR) without a line feed; go treats it as a space, not a line break',
    });
  }
  return index ? { lines, malformed, problems, lineIndex: index } : { lines, malformed, problems };

  /** Fields separated by single spaces, found with native indexOf; returns the field count. */
  function splitFast(lineStart: number, end: number): number {
    const lineEnd = end > lineStart && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (lineEnd === lineStart) return 0;
    let count = 0;
    let s = lineStart;
    for (;;) {
      let sp = text.indexOf(' ', s);
      if (sp < 0 || sp > lineEnd) sp = lineEnd;
      if (count < 3) { starts[count] = s; ends[count] = sp; }
      count++;
      if (sp === lineEnd) return count;
      s = sp + 1;
    }
  }

  /** strings.Fields: split on any Unicode white space; returns the field count. */
  function splitGo(lineStart: number, end: number, bomLine: boolean): number {
    let count = 0;
    let i = bomLine ? Math.max(lineStart, 1) : lineStart;
    while (i < end) {
      while (i < end && isSpace(text.charCodeAt(i))) i++;
      if (i >= end) break;
      const s = i;
      while (i < end && !isSpace(text.charCodeAt(i))) i++;
      if (count < 3) { starts[count] = s; ends[count] = i; }
      count++;
    }
    return count;
  }

  function makeEntry(lineStart: number, lspLine: number): GoSumLine {
    const isGoMod = ends[1] - starts[1] >= GO_MOD_SUFFIX.length && text.startsWith(GO_MOD_SUFFIX, ends[1] - GO_MOD_SUFFIX.length);
    const hash = text.slice(starts[2], ends[2]);
    const algorithm = hash.startsWith('h1:') ? 'h1' : algorithmOf(hash);
    const entry: GoSumLine = {
      line: lspLine,
      module: text.slice(starts[0], ends[0]),
      version: text.slice(starts[1], isGoMod ? ends[1] - GO_MOD_SUFFIX.length : ends[1]),
      isGoMod, algorithm, hash,
      hashOk: algorithm === 'h1' && isH1(hash),
      moduleCol: starts[0] - lineStart, versionCol: starts[1] - lineStart,
      hashCol: starts[2] - lineStart, endCol: ends[2] - lineStart,
    };
    if (index) {
      const p = index.positionAt(starts[0]);
      entry.line = p.line;
      entry.moduleCol = p.character;
      entry.versionCol = starts[1] - starts[0] + p.character;
      entry.hashCol = starts[2] - starts[0] + p.character;
      entry.endCol = ends[2] - starts[0] + p.character;
    }
    return entry;
  }

  /** Module path validity, cached: go.sum is sorted, so the previous line's module usually answers. */
  function pathVerdict(module: string): PathVerdict {
    if (module === lastModule && lastVerdict) return lastVerdict;
    let verdict = pathVerdicts.get(module);
    if (verdict === undefined) {
      const err = checkModulePath(module);
      verdict = err === undefined ? { err: null, pathMajor: splitPathVersion(module).pathMajor } : { err, pathMajor: '' };
      pathVerdicts.set(module, verdict);
    }
    lastModule = module;
    lastVerdict = verdict;
    return verdict;
  }

  function checkHash(l: GoSumLine): void {
    if (l.hashOk) return;
    const r = goSumRanges(l);
    if (l.algorithm === 'h1') {
      {
        problems.push({
          range: r.hash, severity: 'error', code: 'gosum.hash',
          message: `malformed h1 hash ${goQuote(l.hash)}: want base64 of exactly 32 bytes (44 characters ending in "="); go will report a checksum mismatch for ${l.module}@${l.version}`,
        });
      }
    } else {
      const alg = l.algorithm === '' ? l.hash : l.algorithm;
      problems.push({
        range: l.algorithm === '' ? r.hash : r.algorithm, severity: 'warning', code: 'gosum.algorithm',
        message: `unknown hash algorithm ${goQuote(alg)}: go only checks h1 hashes and ignores this line`,
      });
    }
  }

  function checkIdentity(l: GoSumLine, verdict: PathVerdict, majorEnd: number): void {
    if (verdict.err !== null) {
      problems.push({ range: goSumRanges(l).module, severity: 'warning', code: 'gosum.path', message: verdict.err });
      return;
    }
    // Fast accept for the common case: valid semver whose major fits the path; otherwise ask for Go's words.
    const v = l.version;
    if (majorEnd > 0) {
      const pm = verdict.pathMajor;
      if (pm === '') {
        if ((majorEnd === 2 && (v.charCodeAt(1) === 48 || v.charCodeAt(1) === 49)) || v.endsWith('+incompatible')) return;
      } else if (pm.charCodeAt(0) === 47 && pm.length === majorEnd + 1 && v.startsWith(pm.slice(2), 1)) {
        return; // "/vN" and the version's major is N
      }
    }
    const versionErr = checkVersionForPath(l.module, v);
    if (versionErr) problems.push({ range: goSumRanges(l).version, severity: 'warning', code: 'gosum.version', message: versionErr });
  }

  function checkRepeat(l: GoSumLine): void {
    const here = lines.length;
    if (grouped) {
      // Go writes go.sum sorted, so each module's lines form one run: repeats are found within the run,
      // and a Map operation is needed once per run rather than once per line.
      if (l.module !== runModule) {
        if (runModule !== undefined) closedModules.add(runModule);
        if (!closedModules.has(l.module)) {
          runModule = l.module;
          runStart = here;
          runMaps = undefined;
          return;
        }
        grouped = false; // a module came back: fall back to one Map over every line so far
        for (let k = 0; k < here; k++) {
          const o = lines[k];
          if (o.hash === EMPTY_GO_MOD_HASH) continue;
          const ok = identityKey(o);
          if (!seen.has(ok)) seen.set(ok, k);
        }
      } else {
        let found = -1;
        if (runMaps === undefined && here - runStart > 16) {
          runMaps = [new Map(), new Map()];
          for (let k = runStart; k < here; k++) {
            const o = lines[k];
            if (o.hash === EMPTY_GO_MOD_HASH) continue;
            const m = runMaps[o.isGoMod ? 1 : 0];
            if (!m.has(o.version)) m.set(o.version, k);
          }
        }
        if (runMaps !== undefined) {
          const m = runMaps[l.isGoMod ? 1 : 0];
          found = m.get(l.version) ?? -1;
          if (found < 0) m.set(l.version, here);
        } else {
          for (let k = runStart; k < here; k++) {
            const o = lines[k];
            if (o.isGoMod === l.isGoMod && o.version === l.version && o.hash !== EMPTY_GO_MOD_HASH) { found = k; break; }
          }
        }
        if (found >= 0) report(l, lines[found]);
        return;
      }
    }
    // The identity key is a slice of the text when one space separates module and version.
    const key = starts[1] === ends[0] + 1 ? text.slice(starts[0], ends[1]) : identityKey(l);
    const firstIndex = seen.get(key);
    if (firstIndex === undefined) {
      seen.set(key, here);
      return;
    }
    report(l, lines[firstIndex]);
  }

  function report(l: GoSumLine, first: GoSumLine): void {
    const here = goSumRanges(l);
    const there = goSumRanges(first);
    if (first.hash === l.hash) {
      problems.push({
        range: here.line, severity: 'hint', code: 'gosum.duplicate',
        message: `duplicate of line ${first.line + 1}`,
        related: [{ range: there.line, message: 'first written here' }],
      });
    } else if (l.algorithm === 'h1' && first.algorithm === 'h1') {
      const what = l.isGoMod ? `${l.module}@${l.version}/go.mod` : `${l.module}@${l.version}`;
      problems.push({
        range: here.hash, severity: 'error', code: 'gosum.conflict',
        message: `conflicting hashes for ${what}: line ${first.line + 1} has ${first.hash}; at most one can be right, and go will fail with "verifying ${what}: checksum mismatch"`,
        related: [{ range: there.hash, message: 'the other hash' }],
      });
    }
  }
}

/** "module version[/go.mod]": the same text as the line's first two fields joined by one space. */
function identityKey(l: GoSumLine): string {
  return l.module + ' ' + l.version + (l.isGoMod ? GO_MOD_SUFFIX : '');
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

/** The position just past the end of the document, for problems about the file as a whole. */
export function endOfText(text: string): Position {
  return new LineIndex(text).positionAt(text.length);
}
