// go.sum and go.work.sum, read the way the go command reads them (cmd/go modfetch readGoSum): lines split on
// "\n", fields split on Unicode white space, blank lines skipped, exactly three fields per line.
// Beyond Go we also flag what Go would trip over later: bad h1 hashes, conflicting hashes, unknown algorithms.
// Pure and single-pass: no I/O, never imports vscode, never throws on any input.

import { LineIndex, ParseProblem, Range, Severity, lineRange } from './ranges';
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

/** Longer first fields are left to the general path, which reads them within their line. */
const MAX_PLAIN_MODULE = 500;

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

// 1 for the 64 base64 letters, indexed by any UTF-16 code unit so that no range check is needed.
const B64 = new Uint8Array(65536);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') B64[ch.charCodeAt(0)] = 1;

/**
 * s holds "h1:" + 43 base64 letters + "=" at `at`: standard padded base64 of 32 bytes, as Go's decoder accepts it.
 * Checked by char codes, four at a time and without branches: this loop reads half of every go.sum.
 */
function isH1At(s: string, at: number): boolean {
  if (s.charCodeAt(at) !== 104 || s.charCodeAt(at + 1) !== 49 || s.charCodeAt(at + 2) !== 58 || s.charCodeAt(at + 46) !== 61) return false;
  let ok = B64[s.charCodeAt(at + 43)] & B64[s.charCodeAt(at + 44)] & B64[s.charCodeAt(at + 45)];
  for (let i = at + 3; i < at + 43; i += 4) {
    ok &= B64[s.charCodeAt(i)] & B64[s.charCodeAt(i + 1)] & B64[s.charCodeAt(i + 2)] & B64[s.charCodeAt(i + 3)];
  }
  return ok === 1;
}

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
  const lines: GoSumLine[] = [];
  const malformed: MalformedGoSumLine[] = [];
  const problems: ParseProblem[] = [];
  const n = text.length;
  // Lone "\r" shifts LSP's line count away from Go's; only then do we pay for a full line index.
  const loneCR = hasLoneCR(text);
  const index = loneCR ? new LineIndex(text) : undefined;
  const hasBom = n > 0 && text.charCodeAt(0) === 0xfeff;
  // The module whose path was checked last and its verdict: go.sum is sorted, so it usually answers the next line.
  let checkedModule: string | undefined;
  let pathErr: string | null = null;
  let pathMajor = '';
  // The previous entry's strings, reused when a line repeats them (each version's zip line, then its /go.mod line).
  let prevModule = '';
  let prevVersion = '';
  let prevIdentityOk = false;
  // Repeats: Go writes go.sum sorted, so each module's lines form one run and repeats are found within the run.
  let grouped = true;
  let runModule: string | undefined;
  let runStart = 0;
  let runVersions: [Set<string>, Set<string>] | undefined; // zip and /go.mod versions of a long run
  let greatestModule: string | undefined;
  let earlierModules: Set<string> | undefined; // only once the modules stop coming in increasing order
  let seen: Map<string, number> | undefined; // "module version[/go.mod]" -> index in lines, once runs are not enough
  const starts: number[] = [0, 0, 0];
  const ends: number[] = [0, 0, 0];
  // No space in text[spaceFrom, spaceAt): a line without spaces must not send every later line scanning to the same
  // far-away space, which would make the parse quadratic.
  let spaceFrom = 0;
  let spaceAt = -1;

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
    if (!index && !(hasBom && lineNo === 0)) {
      start = readPlainLines(start);
      if (start >= n) break;
    }
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const lineStart = start;
    const bomLine = lineNo === 0 && hasBom;
    const lspLine = index ? index.positionAt(lineStart).line : lineNo;
    // The fast split trusts single spaces. Anything odd (a wrong count, an empty field, or a token that fails
    // validation and so may hide a tab or a Unicode space) is split again by Go's strings.Fields rules.
    let count = index || bomLine ? -1 : splitFast(lineStart, end);
    let entry: GoSumLine | undefined;
    if (count === 3 && starts[0] !== ends[0] && starts[1] !== ends[1] && starts[2] !== ends[2]) {
      entry = makeEntry(lineStart, lspLine);
      if (!entry.hashOk || semverMajorEnd(entry.version) < 0 || (checkPath(entry.module), pathErr !== null)) entry = undefined;
    }
    if (entry === undefined) {
      count = splitGo(lineStart, end, bomLine);
      if (count === 3) entry = makeEntry(lineStart, lspLine);
    }
    if (entry !== undefined) {
      if (entry.hash === EMPTY_GO_MOD_HASH) {
        problem(lspLine, lineStart, starts[2], ends[2], 'hint', 'gosum.emptyGoModHash',
          'go ignores this line: it is the hash of an empty go.mod file, written by an old go command bug');
        prevIdentityOk = false;
      } else {
        checkHash(entry);
        prevIdentityOk = checkIdentity(entry, semverMajorEnd(entry.version));
        checkRepeat(entry, starts[0], starts[1] === ends[0] + 1 ? ends[1] : -1);
      }
      lines.push(entry);
      prevModule = entry.module;
      prevVersion = entry.version;
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

  /**
   * Reads, from p on, the lines nearly every go.sum is made of: "module version[/go.mod] h1:<base64>" with single
   * spaces, no space before the module and nothing after the hash. Native indexOf finds the fields, and the
   * checks the tokens must pass anyway (a valid module path, a semantic version, an h1 hash) prove that no tab
   * or Unicode space hides inside them. Returns where the first other line starts, having recorded nothing for
   * it: the general path reads that one by Go's rules.
   */
  function readPlainLines(p: number): number {
    while (p < n) {
      const moduleEnd = nextSpace(p);
      // A long first field is no module path here: the general path reads it within its line.
      if (moduleEnd === p || moduleEnd - p > MAX_PLAIN_MODULE) return p;
      let module = text.slice(p, moduleEnd);
      if (module === prevModule) module = prevModule; // one string per module, not one per line
      else if ((checkPath(module), pathErr !== null)) return p;
      const versionStart = moduleEnd + 1;
      const fieldEnd = nextSpace(versionStart);
      if (fieldEnd === versionStart || fieldEnd === n) return p;
      const isGoMod = endsWithGoMod(versionStart, fieldEnd);
      let version = text.slice(versionStart, isGoMod ? fieldEnd - GO_MOD_SUFFIX.length : fieldEnd);
      let majorEnd = -1;
      if (version === prevVersion) version = prevVersion;
      else if ((majorEnd = semverMajorEnd(version)) < 0) return p;
      const hashStart = fieldEnd + 1;
      const hashEnd = hashStart + 47;
      if (hashEnd > n || !isH1At(text, hashStart)) return p;
      let next: number;
      if (hashEnd === n) next = n;
      else if (text.charCodeAt(hashEnd) === 10) next = hashEnd + 1;
      else if (text.charCodeAt(hashEnd) === 13 && text.charCodeAt(hashEnd + 1) === 10) next = hashEnd + 2;
      else return p;
      // Rare, and explained by the general path. "G" is where that hash parts from nearly every other.
      if (text.charCodeAt(hashStart + 3) === 71 && text.startsWith(EMPTY_GO_MOD_HASH, hashStart)) return p;
      const entry: GoSumLine = {
        line: lineNo, module, version, isGoMod, algorithm: 'h1', hash: text.slice(hashStart, hashEnd), hashOk: true,
        moduleCol: 0, versionCol: versionStart - p, hashCol: hashStart - p, endCol: hashEnd - p,
      };
      // A line naming the previous line's module and version has the same identity verdict.
      if (!(prevIdentityOk && module === prevModule && version === prevVersion)) {
        prevIdentityOk = checkIdentity(entry, majorEnd >= 0 ? majorEnd : semverMajorEnd(version));
      }
      checkRepeat(entry, p, fieldEnd);
      lines.push(entry);
      prevModule = module;
      prevVersion = version;
      lineNo++;
      p = next;
    }
    return p;
  }

  /** Where the first space at or after i is, or n. */
  function nextSpace(i: number): number {
    if (i < spaceFrom || i > spaceAt) {
      spaceFrom = i;
      spaceAt = text.indexOf(' ', i);
      if (spaceAt < 0) spaceAt = n;
    }
    return spaceAt;
  }

  /** The token text[s, e) ends in "/go.mod". */
  function endsWithGoMod(s: number, e: number): boolean {
    return e - s >= 7 && text.charCodeAt(e - 1) === 100 && text.charCodeAt(e - 2) === 111 && text.charCodeAt(e - 3) === 109 &&
      text.charCodeAt(e - 4) === 46 && text.charCodeAt(e - 5) === 111 && text.charCodeAt(e - 6) === 103 && text.charCodeAt(e - 7) === 47;
  }

  /** Fields separated by single spaces, found with native indexOf; returns the field count. */
  function splitFast(lineStart: number, end: number): number {
    const lineEnd = end > lineStart && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (lineEnd === lineStart) return 0;
    let count = 0;
    let s = lineStart;
    for (;;) {
      let sp = nextSpace(s);
      if (sp > lineEnd) sp = lineEnd;
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
    const isGoMod = endsWithGoMod(starts[1], ends[1]);
    const hash = text.slice(starts[2], ends[2]);
    const algorithm = hash.startsWith('h1:') ? 'h1' : algorithmOf(hash);
    const entry: GoSumLine = {
      line: lspLine,
      module: text.slice(starts[0], ends[0]),
      version: text.slice(starts[1], isGoMod ? ends[1] - GO_MOD_SUFFIX.length : ends[1]),
      isGoMod, algorithm, hash,
      hashOk: algorithm === 'h1' && hash.length === 47 && isH1At(hash, 0),
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

  /** Sets pathErr and pathMajor for module, unless it is the module checked last. */
  function checkPath(module: string): void {
    if (module === checkedModule) return;
    checkedModule = module;
    const plain = plainPathMajor(module);
    if (plain !== undefined) {
      pathErr = null;
      pathMajor = plain;
      return;
    }
    const err = checkModulePath(module);
    pathErr = err ?? null;
    pathMajor = err === undefined ? splitPathVersion(module).pathMajor : '';
  }

  function checkHash(l: GoSumLine): void {
    if (l.hashOk) return;
    const r = goSumRanges(l);
    if (l.algorithm === 'h1') {
      problems.push({
        range: r.hash, severity: 'error', code: 'gosum.hash',
        message: `malformed h1 hash ${goQuote(l.hash)}: want base64 of exactly 32 bytes (44 characters ending in "="); go will report a checksum mismatch for ${l.module}@${l.version}`,
      });
    } else {
      const alg = l.algorithm === '' ? l.hash : l.algorithm;
      problems.push({
        range: l.algorithm === '' ? r.hash : r.algorithm, severity: 'warning', code: 'gosum.algorithm',
        message: `unknown hash algorithm ${goQuote(alg)}: go only checks h1 hashes and ignores this line`,
      });
    }
  }

  /** Module path and version (whose semverMajorEnd is majorEnd) as Go would check them; true when neither has a problem. */
  function checkIdentity(l: GoSumLine, majorEnd: number): boolean {
    checkPath(l.module);
    if (pathErr !== null) {
      problems.push({ range: goSumRanges(l).module, severity: 'warning', code: 'gosum.path', message: pathErr });
      return false;
    }
    // Fast accept for the common case: valid semver whose major fits the path; otherwise ask for Go's words.
    const v = l.version;
    if (majorEnd > 0) {
      const pm = pathMajor;
      if (pm === '') {
        if ((majorEnd === 2 && (v.charCodeAt(1) === 48 || v.charCodeAt(1) === 49)) || v.endsWith('+incompatible')) return true;
      } else if (pm.charCodeAt(0) === 47 && pm.length === majorEnd + 1 && v.startsWith(pm.slice(2), 1)) {
        return true; // "/vN" and the version's major is N
      }
    }
    const versionErr = checkVersionForPath(l.module, v);
    if (versionErr === undefined) return true;
    problems.push({ range: goSumRanges(l).version, severity: 'warning', code: 'gosum.version', message: versionErr });
    return false;
  }

  /** Finds an earlier line with l's identity; text[keyFrom, keyTo) is that identity's key, unless keyTo is -1. */
  function checkRepeat(l: GoSumLine, keyFrom: number, keyTo: number): void {
    const here = lines.length;
    if (grouped) {
      if (l.module !== runModule) {
        // A module greater than every earlier one is new; a set of earlier modules is built only for unsorted files.
        if (greatestModule === undefined || l.module > greatestModule) {
          greatestModule = l.module;
          earlierModules?.add(l.module);
          startRun(l.module, here);
          return;
        }
        if (earlierModules === undefined) {
          earlierModules = new Set();
          for (let k = 0; k < here; k++) if (lines[k].hash !== EMPTY_GO_MOD_HASH) earlierModules.add(lines[k].module);
        }
        if (!earlierModules.has(l.module)) {
          earlierModules.add(l.module);
          startRun(l.module, here);
          return;
        }
        grouped = false; // a module came back: fall back to one Map over every line so far
        seen = new Map();
        for (let k = 0; k < here; k++) {
          const o = lines[k];
          if (o.hash === EMPTY_GO_MOD_HASH) continue;
          const ok = identityKey(o);
          if (!seen.has(ok)) seen.set(ok, k);
        }
      } else {
        // Short runs are searched; a long one keeps sets of its versions, so that only a repeat is searched for.
        if (runVersions === undefined && here - runStart > 16) {
          runVersions = [new Set(), new Set()];
          for (let k = runStart; k < here; k++) {
            const o = lines[k];
            if (o.hash !== EMPTY_GO_MOD_HASH) runVersions[o.isGoMod ? 1 : 0].add(o.version);
          }
        }
        if (runVersions !== undefined) {
          const versions = runVersions[l.isGoMod ? 1 : 0];
          const size = versions.size;
          if (versions.add(l.version).size === size) report(l, lines[firstInRun(l)]);
          return;
        }
        const found = firstInRun(l);
        if (found >= 0) report(l, lines[found]);
        return;
      }
    }
    // A slice of the text hashes without first copying a joined string.
    const key = keyTo < 0 ? identityKey(l) : text.slice(keyFrom, keyTo);
    const firstIndex = seen!.get(key);
    if (firstIndex === undefined) {
      seen!.set(key, here);
      return;
    }
    report(l, lines[firstIndex]);
  }

  function startRun(module: string, here: number): void {
    runModule = module;
    runStart = here;
    runVersions = undefined;
  }

  /** The run's first line with l's version and kind, or -1. */
  function firstInRun(l: GoSumLine): number {
    for (let k = runStart; k < lines.length; k++) {
      const o = lines[k];
      if (o.isGoMod === l.isGoMod && o.version === l.version && o.hash !== EMPTY_GO_MOD_HASH) return k;
    }
    return -1;
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
