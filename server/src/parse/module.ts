// Module paths and versions by golang.org/x/mod/module rules: validity checks worded like Go, and the
// case-encoding ("!x" for X) used in proxy/sumdb URLs and cache paths.
// Pure: no I/O, never imports vscode. Checks return Go's error text, or undefined when valid; never throw.

import { goQuote, goQuoteRune } from '../shared/goquote';
import { fastPaths } from './fastPaths';
import { isValidSemver, canonicalSemver, semverMajor, semverBuild, isPlainCanonical } from './semver';

type PathKind = 'module' | 'import' | 'file';

const BAD_WINDOWS_NAMES = new Set([
  'CON', 'PRN', 'AUX', 'NUL',
  'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9',
  'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
]);

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Characters allowed in module path elements: ASCII letters, digits and - . _ ~ */
function modPathOK(c: number): boolean {
  return isAlnum(c) || c === 45 || c === 46 || c === 95 || c === 126;
}

/** Import path elements also take "+" (binary names such as "g++"). */
function importPathOK(c: number): boolean {
  return modPathOK(c) || c === 43;
}

const FILE_PUNCT = "!#$%&()+,-.=@[]^_{}~ ";

function fileNameOK(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return isAlnum(c) || FILE_PUNCT.includes(ch);
  return /^\p{L}$/u.test(ch);
}

/** The domain element: lower-case letters, digits, dots and dashes. */
function firstPathOK(c: number): boolean {
  return c === 45 || c === 46 || (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
}

/** True when s has no lone surrogates (JS's equivalent of Go's invalid UTF-8). */
function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function checkElem(elem: string, kind: PathKind): string | undefined {
  if (elem === '') return 'empty path element';
  let dots = 0;
  for (let i = 0; i < elem.length; i++) if (elem.charCodeAt(i) === 46) dots++;
  if (dots === elem.length) return `invalid path element ${goQuote(elem)}`;
  if (elem.charCodeAt(0) === 46 && kind === 'module') return 'leading dot in path element';
  if (elem.charCodeAt(elem.length - 1) === 46) return 'trailing dot in path element';
  if (kind === 'file') {
    for (const ch of elem) if (!fileNameOK(ch)) return `invalid char ${goQuoteRune(ch)}`;
  } else {
    const ok = kind === 'module' ? modPathOK : importPathOK;
    for (let i = 0; i < elem.length; i++) {
      if (!ok(elem.charCodeAt(i))) {
        const ch = String.fromCodePoint(elem.codePointAt(i)!);
        return `invalid char ${goQuoteRune(ch)}`;
      }
    }
  }
  const dot = elem.indexOf('.');
  const short = dot >= 0 ? elem.slice(0, dot) : elem;
  if (BAD_WINDOWS_NAMES.has(short.toUpperCase())) {
    return `${goQuote(short)} disallowed as path element component on Windows`;
  }
  if (kind === 'file') return undefined;
  // Windows short names (PROGRA~1) could alias another element.
  const tilde = short.lastIndexOf('~');
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) {
    return 'trailing tilde and digits in path element';
  }
  return undefined;
}

function checkPathGeneral(path: string, kind: PathKind): string | undefined {
  if (!wellFormed(path)) return 'invalid UTF-8';
  if (path === '') return 'empty string';
  if (path.charCodeAt(0) === 45 && kind !== 'file') return 'leading dash';
  if (path.includes('//')) return 'double slash';
  if (path.charCodeAt(path.length - 1) === 47) return 'trailing slash';
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i === path.length || path.charCodeAt(i) === 47) {
      const err = checkElem(path.slice(start, i), kind);
      if (err) return err;
      start = i + 1;
    }
  }
  return undefined;
}

/** module.InvalidPathError's text, `malformed <kind> path "<path>": <why>`; undefined when there is no `why`. */
function invalidPath(kind: 'module' | 'import' | 'file' | 'tool', path: string, why: string | undefined): string | undefined {
  return why === undefined ? undefined : `malformed ${kind} path ${goQuote(path)}: ${why}`;
}

/** A Windows device name (CON, PRN, AUX, NUL, COMx, LPTx in any case) up to an element's first dot. */
const DEVICE = '(?:[cC][oO][nN]|[pP][rR][nN]|[aA][uU][xX]|[nN][uU][lL]|(?:[cC][oO][mM]|[lL][pP][tT])[^./])(?![^./])';

/**
 * A module path plainly valid by module.CheckPath with no major suffix, in the shape most paths have: a dotted
 * lower-case host, elements of letters, digits, "_" and "-" joined by single dots, no device name, not gopkg.in,
 * the last element not "v" + digit. Matched natively: the exact checks, run in V8's interpreter for each of
 * telegraf's 1,086 go.sum modules and 400 go.mod requirements, cost a fresh process several ms.
 */
const PLAIN_PATH = new RegExp('^(?!gopkg\\.in/)(?!-)(?!.*/v[0-9][^/]*$)' +
  `(?!${DEVICE})[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?:/(?!${DEVICE})[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)*$`);

/** True when PLAIN_PATH says `path` is a valid module path with no major suffix (fastPaths.ts); false means "ask the exact checks". */
export function isPlainModulePath(path: string): boolean {
  return fastPaths.enabled && PLAIN_PATH.test(path);
}

/** module.CheckPath: error text like `malformed module path "x": missing dot in first path element`. */
export function checkModulePath(path: string): string | undefined {
  if (isPlainModulePath(path)) return undefined;
  return invalidPath('module', path, modulePathProblem(path));
}

function modulePathProblem(path: string): string | undefined {
  const err = checkPathGeneral(path, 'module');
  if (err) return err;
  let i = path.indexOf('/');
  if (i < 0) i = path.length;
  if (i === 0) return 'leading slash';
  const first = path.slice(0, i);
  if (!first.includes('.')) return 'missing dot in first path element';
  if (path.charCodeAt(0) === 45) return 'leading dash in first path element';
  for (const ch of first) {
    if (!firstPathOK(ch.codePointAt(0)!)) return `invalid char ${goQuoteRune(ch)} in first path element`;
  }
  if (!splitPathVersion(path).ok) return 'invalid version';
  return undefined;
}

/** module.CheckImportPath. */
export function checkImportPath(path: string): string | undefined {
  return invalidPath('import', path, checkPathGeneral(path, 'import'));
}

/** module.CheckImportPath as cmd/go checks the main module's path: the same rules, the error named a module path (modload sets its Kind). */
export function checkMainModulePath(path: string): string | undefined {
  return invalidPath('module', path, checkPathGeneral(path, 'import'));
}

/** module.CheckImportPath as today's cmd/go checks a go.mod tool line's path (makeMainModules sets the Kind "tool"). */
export function checkToolPath(path: string): string | undefined {
  return invalidPath('tool', path, checkPathGeneral(path, 'import'));
}

/** module.CheckFilePath. */
export function checkFilePath(path: string): string | undefined {
  return invalidPath('file', path, checkPathGeneral(path, 'file'));
}

/** prefix + pathMajor === path; pathMajor is '' or /vN (N ≥ 2), or .vN for gopkg.in. */
export function splitPathVersion(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  for (; i > 0; i--) {
    const c = path.charCodeAt(i - 1);
    if (c === 46) dot = true;
    else if (!(c >= 48 && c <= 57)) break;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') {
    return { prefix: path, pathMajor: '', ok: true };
  }
  const prefix = path.slice(0, i - 2), pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') {
    return { prefix: path, pathMajor: '', ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

function splitGopkgIn(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  let i = path.length;
  if (path.endsWith('-unstable')) i -= '-unstable'.length;
  while (i > 0 && path.charCodeAt(i - 1) >= 48 && path.charCodeAt(i - 1) <= 57) i--;
  if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return { prefix: path, pathMajor: '', ok: false };
  const prefix = path.slice(0, i - 2), pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) {
    return { prefix: path, pathMajor: '', ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

/** module.CheckPathMajor: `version "v2.0.0" invalid: should be v0 or v1, not v2`, or undefined. */
export function checkPathMajor(v: string, pathMajor: string): string | undefined {
  let pm = pathMajor;
  if (pm.startsWith('.v') && pm.endsWith('-unstable')) pm = pm.slice(0, -'-unstable'.length);
  // Old pseudo-versions for gopkg.in .v1 paths used v0.0.0-.
  if (v.startsWith('v0.0.0-') && pm === '.v1') return undefined;
  const m = semverMajor(v);
  let want: string;
  if (pm === '') {
    if (m === 'v0' || m === 'v1' || semverBuild(v) === '+incompatible') return undefined;
    want = 'v0 or v1';
  } else {
    if ((pm[0] === '/' || pm[0] === '.') && m === pm.slice(1)) return undefined;
    want = pm[0] === '/' || pm[0] === '.' ? pm.slice(1) : pm;
  }
  return `version ${goQuote(v)} invalid: should be ${want}, not ${m}`;
}

export function matchPathMajor(v: string, pathMajor: string): boolean {
  return checkPathMajor(v, pathMajor) === undefined;
}

/** module.Check for a path@version pair, worded like Go's ModuleError. */
export function checkModuleVersion(path: string, version: string): string | undefined {
  return checkModulePath(path) ?? checkVersionForPath(path, version);
}

/** The version half of module.Check, for callers that already validated (and cached) the path. */
export function checkVersionForPath(path: string, version: string): string | undefined {
  if (!isValidSemver(version)) {
    return `${path}@${version}: invalid version: not a semantic version`;
  }
  const { pathMajor } = splitPathVersion(path);
  if (checkPathMajor(version, pathMajor) === undefined) return undefined;
  const want = pathMajor === '' ? 'v0 or v1' : pathMajor.slice(1).replace(/-unstable$/, '');
  return `${path}@${version}: invalid version: should be ${want}, not ${semverMajor(version)}`;
}

/** CanonicalVersion: semver canonical form, keeping "+incompatible". */
export function canonicalVersion(v: string): string {
  if (isPlainCanonical(v)) return v;
  const cv = canonicalSemver(v);
  if (cv !== '' && semverBuild(v) === '+incompatible') return cv + '+incompatible';
  return cv;
}

// vX.0.0-yyyymmddhhmmss-abcdef, vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef, vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef
const PSEUDO_RE = /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** module.IsPseudoVersion. */
export function isPseudoVersion(v: string): boolean {
  let dashes = 0;
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) === 45) dashes++;
  return dashes >= 2 && isValidSemver(v) && PSEUDO_RE.test(v);
}

function escapeString(s: string): string | undefined {
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 33 || c >= 0x80) return undefined;
    if (c >= 65 && c <= 90) upper = true;
  }
  if (!upper) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 65 && c <= 90 ? '!' + String.fromCharCode(c + 32) : s[i];
  }
  return out;
}

/** Thrown by escape/unescape with Go's message; callers building URLs want an exception, not a silent ''. */
export class ModulePathError extends Error {}

/** module.EscapePath: github.com/Azure/x -> github.com/!azure/x. Throws ModulePathError if the path is invalid. */
export function escapePath(path: string): string {
  const err = checkModulePath(path);
  if (err) throw new ModulePathError(err);
  const esc = escapeString(path);
  if (esc === undefined) throw new ModulePathError('internal error: inconsistency in EscapePath');
  return esc;
}

/** module.EscapeVersion: versions must be valid file-name elements without '!'. Throws ModulePathError. */
export function escapeVersion(v: string): string {
  if (checkElem(v, 'file') !== undefined || v.includes('!')) {
    throw new ModulePathError(`version ${goQuote(v)} invalid: disallowed version string`);
  }
  const esc = escapeString(v);
  if (esc === undefined) throw new ModulePathError('internal error: inconsistency in EscapePath');
  return esc;
}

function unescapeString(escaped: string): string | undefined {
  let out = '';
  let bang = false;
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped.charCodeAt(i);
    if (c >= 0x80) return undefined;
    if (bang) {
      bang = false;
      if (c < 97 || c > 122) return undefined;
      out += String.fromCharCode(c - 32);
      continue;
    }
    if (c === 33) { bang = true; continue; }
    if (c >= 65 && c <= 90) return undefined;
    out += escaped[i];
  }
  return bang ? undefined : out;
}

/** module.UnescapePath. Throws ModulePathError with Go's message. */
export function unescapePath(escaped: string): string {
  const path = unescapeString(escaped);
  if (path === undefined) throw new ModulePathError(`invalid escaped module path ${goQuote(escaped)}`);
  const err = checkModulePath(path);
  if (err) throw new ModulePathError(`invalid escaped module path ${goQuote(escaped)}: ${err}`);
  return path;
}

/** module.UnescapeVersion. Throws ModulePathError with Go's message. */
export function unescapeVersion(escaped: string): string {
  const v = unescapeString(escaped);
  if (v === undefined) throw new ModulePathError(`invalid escaped version ${goQuote(escaped)}`);
  const err = checkElem(v, 'file');
  if (err) throw new ModulePathError(`invalid escaped version ${goQuote(v)}: ${err}`);
  return v;
}
