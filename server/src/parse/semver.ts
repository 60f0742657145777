// Semantic versions as the go command reads them (golang.org/x/mod/semver rules).
// Pure: no I/O, never imports vscode. Returns '' or false for invalid input, never throws.

import { fastPaths } from './fastPaths';

/** The parts of a Go semantic version; `short` marks shorthand forms like v1 or v1.2. */
export interface Semver {
  major: string;
  minor: string;
  patch: string;
  short: string;
  prerelease: string; // with leading '-', or ''
  build: string;      // with leading '+', or ''
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
}

/** Reads a numeric component at i; Go rejects leading zeros. Returns the end index or -1. */
function readNum(v: string, i: number): number {
  const start = i;
  while (i < v.length && isDigit(v.charCodeAt(i))) i++;
  if (i === start) return -1;
  if (v.charCodeAt(start) === 48 && i - start > 1) return -1;
  return i;
}

/** Dot-separated identifiers after '-' or '+'; numeric prerelease identifiers may not have leading zeros. */
function readIdents(v: string, i: number, numericNoLeadingZero: boolean): number {
  // v[i] is '-' or '+'
  i++;
  let start = i;
  for (;;) {
    while (i < v.length && isIdentChar(v.charCodeAt(i))) i++;
    if (i === start) return -1;
    if (numericNoLeadingZero) {
      let allDigits = true;
      for (let k = start; k < i; k++) if (!isDigit(v.charCodeAt(k))) { allDigits = false; break; }
      if (allDigits && i - start > 1 && v.charCodeAt(start) === 48) return -1;
    }
    if (i < v.length && v.charCodeAt(i) === 46 /* . */) { i++; start = i; continue; }
    return i;
  }
}

/** Parses v like semver.parse; undefined when invalid. */
export function parseSemver(v: string): Semver | undefined {
  if (v.length < 2 || v.charCodeAt(0) !== 118 /* v */) return undefined;
  let i = readNum(v, 1);
  if (i < 0) return undefined;
  const major = v.slice(1, i);
  if (i === v.length) return { major, minor: '0', patch: '0', short: '.0.0', prerelease: '', build: '' };
  if (v.charCodeAt(i) !== 46) return undefined;
  let j = readNum(v, i + 1);
  if (j < 0) return undefined;
  const minor = v.slice(i + 1, j);
  if (j === v.length) return { major, minor, patch: '0', short: '.0', prerelease: '', build: '' };
  if (v.charCodeAt(j) !== 46) return undefined;
  i = readNum(v, j + 1);
  if (i < 0) return undefined;
  const patch = v.slice(j + 1, i);
  let prerelease = '';
  let build = '';
  if (i < v.length && v.charCodeAt(i) === 45 /* - */) {
    j = readIdents(v, i, true);
    if (j < 0) return undefined;
    prerelease = v.slice(i, j);
    i = j;
  }
  if (i < v.length && v.charCodeAt(i) === 43 /* + */) {
    j = readIdents(v, i, false);
    if (j < 0) return undefined;
    build = v.slice(i, j);
    i = j;
  }
  if (i !== v.length) return undefined;
  return { major, minor, patch, short: '', prerelease, build };
}

export function isValidSemver(v: string): boolean {
  return parseSemver(v) !== undefined;
}

/** vMAJOR.MINOR.PATCH[-pre], dropping build metadata; '' when invalid. */
export function canonicalSemver(v: string): string {
  const p = parseSemver(v);
  if (!p) return '';
  return `v${p.major}.${p.minor}.${p.patch}${p.prerelease}`;
}

/** "v2" for v2.3.4; '' when invalid. */
export function semverMajor(v: string): string {
  // A go.mod asks for each require's (module.CheckPathMajor): its versions are nearly all canonical.
  if (isPlainCanonical(v)) return v.slice(0, v.indexOf('.'));
  const p = parseSemver(v);
  return p ? 'v' + p.major : '';
}

/** "+incompatible" for v2.0.0+incompatible; '' when none or invalid. */
export function semverBuild(v: string): string {
  if (isPlainCanonical(v)) return v.endsWith('+incompatible') ? '+incompatible' : '';
  const p = parseSemver(v);
  return p ? p.build : '';
}

function compareInt(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(x: string, y: string): number {
  if (x === y) return 0;
  if (x === '') return 1;
  if (y === '') return -1;
  const xs = x.slice(1).split('.');
  const ys = y.slice(1).split('.');
  for (let k = 0; k < xs.length && k < ys.length; k++) {
    const a = xs[k], b = ys[k];
    if (a === b) continue;
    const an = /^[0-9]+$/.test(a), bn = /^[0-9]+$/.test(b);
    if (an !== bn) return an ? -1 : 1;
    if (an) return compareInt(a, b);
    return a < b ? -1 : 1;
  }
  return xs.length < ys.length ? -1 : xs.length > ys.length ? 1 : 0;
}

/** semver.Compare: invalid versions sort before valid ones and equal to each other. */
export function compareSemver(v: string, w: string): number {
  const a = parseSemver(v), b = parseSemver(w);
  if (!a) return b ? -1 : 0;
  if (!b) return 1;
  return compareInt(a.major, b.major) || compareInt(a.minor, b.minor) ||
    compareInt(a.patch, b.patch) || comparePrerelease(a.prerelease, b.prerelease);
}

// The semver grammar of the full form vMAJOR.MINOR.PATCH[-prerelease] as a regular expression, for fast paths:
// matched natively, where the loops above run in V8's interpreter in a fresh process (a go.sum checks every line's
// version, a go.mod every require's): ~5 ms of the first parse of telegraf's go.sum, ~3 ms of its go.mod. A version
// it does not match goes to the loops, which decide.
const NUM = '(?:0|[1-9][0-9]*)';
const PRERELEASE_ID = '(?:[0-9]*[A-Za-z-][0-9A-Za-z-]*|[1-9][0-9]*|0)';
const FULL_CORE = `v${NUM}\\.${NUM}\\.${NUM}(?:-${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*)?`;
const FULL_SEMVER = new RegExp(`^${FULL_CORE}(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`);
const CANONICAL = new RegExp(`^${FULL_CORE}(?:\\+incompatible)?$`);

/** True when v is a full semantic version without build metadata but "+incompatible": its own canonical form. */
export function isPlainCanonical(v: string): boolean {
  return fastPaths.enabled && CANONICAL.test(v);
}

/**
 * Allocation-free validity check for hot loops: the index just past the major number of a valid
 * semantic version, or -1 when v is not valid.
 */
export function semverMajorEnd(v: string): number {
  if (fastPaths.enabled && FULL_SEMVER.test(v)) return v.indexOf('.');
  const n = v.length;
  if (n < 2 || v.charCodeAt(0) !== 118) return -1;
  const majorEnd = readNum(v, 1);
  if (majorEnd < 0) return -1;
  let i = majorEnd;
  if (i === n) return majorEnd;
  if (v.charCodeAt(i) !== 46) return -1;
  i = readNum(v, i + 1);
  if (i < 0) return -1;
  if (i === n) return majorEnd;
  if (v.charCodeAt(i) !== 46) return -1;
  i = readNum(v, i + 1);
  if (i < 0) return -1;
  if (i < n && v.charCodeAt(i) === 45) { i = readIdents(v, i, true); if (i < 0) return -1; }
  if (i < n && v.charCodeAt(i) === 43) { i = readIdents(v, i, false); if (i < 0) return -1; }
  return i === n ? majorEnd : -1;
}
