// Owns: Go versions as today's go command orders them (internal/gover): "1.21" (a language version) is below
// "1.21rc1" and "1.21.0"; before 1.21 a missing patch is ".0"; alpha < beta < rc, and a patch release is above its
// own prereleases ("1.9.2rc2" < "1.9.2"); numbers of any length compared as decimals; anything malformed is below
// everything well-formed and equal to other malformed text; and the go versions its rules take as defaults or start at
// (and the releases that first read GOAUTH, and switch toolchains).
// Pure: no I/O, never imports vscode.

/** gover.DefaultGoModVersion and DefaultGoWorkVersion: the go version of a go.mod or go.work without a go line. */
export const DEFAULT_GO_MOD_VERSION = '1.16';
export const DEFAULT_GO_WORK_VERSION = '1.18';
/** gover.GoStrictVersion: from this go version on, a module's go line is a requirement the workspace must meet. */
export const GO_STRICT_VERSION = '1.21';
/** The first go command that reads GOAUTH (and, through it, matches .netrc machines as URL prefixes). */
const GOAUTH_VERSION = '1.24';
/** The first go command that reads toolchain lines and switches to the toolchain a go.mod or go.work asks for. */
const TOOLCHAIN_VERSION = '1.21';
/** The first go command that refuses a module path used by two workspace modules (golang/go#54048; go1.19 let the last win). */
const REPEATED_PATH_VERSION = '1.20';

/**
 * Whether the go command of this release ("go1.19.8", as $GOROOT/VERSION names it) is `version` or later.
 * A development build ("devel go1.27-…"), or a release unknown or written otherwise, counts as today's.
 */
export function releaseAtLeast(release: string | undefined, version: string): boolean {
  const v = /^go(\S+)$/.exec(release ?? '')?.[1];
  return v === undefined || parseGoVersion(v) === MALFORMED || compareGoVersions(v, version) >= 0;
}

/** Whether the go command of this release reads GOAUTH: Go 1.24 and later. */
export function readsGoauth(release: string | undefined): boolean {
  return releaseAtLeast(release, GOAUTH_VERSION);
}

/** Whether the go command of this release refuses a workspace using one module path twice: Go 1.20 and later. */
export function refusesRepeatedModulePaths(release: string | undefined): boolean {
  return releaseAtLeast(release, REPEATED_PATH_VERSION);
}

/**
 * Whether the go command of this release switches toolchains (Go 1.21 and later): one that does runs the release
 * a go.mod's go line asks for, so today's rules for go.mod and go.work are the ones to follow; one that does not
 * reads every file by its own (no toolchain, godebug, tool or ignore lines, go lines of the form 1.N only).
 */
export function switchesToolchains(release: string | undefined): boolean {
  return releaseAtLeast(release, TOOLCHAIN_VERSION);
}

interface GoVersion { major: string; minor: string; patch: string; kind: string; pre: string }

const MALFORMED: GoVersion = { major: '', minor: '', patch: '', kind: '', pre: '' };

/** -1, 0 or +1 as x is below, equal to or above y (without a "go" prefix: "1.21", not "go1.21"). */
export function compareGoVersions(x: string, y: string): number {
  const a = parseGoVersion(x);
  const b = parseGoVersion(y);
  return compareDecimal(a.major, b.major) || compareDecimal(a.minor, b.minor) || compareDecimal(a.patch, b.patch) ||
    compareKinds(a, b) || compareDecimal(a.pre, b.pre);
}

/** gover.IsValid: a Go version at all ("1", "1.21", "1.21.3", "1.21rc1"). */
export function isValidGoVersion(text: string): boolean {
  return parseGoVersion(text) !== MALFORMED;
}

/** gover.IsLang: a language version, with no patch or prerelease ("1.21", not "1.21.0", "1.21rc1" or "1.20", which is 1.20.0). */
export function isGoLanguageVersion(text: string): boolean {
  const v = parseGoVersion(text);
  return v !== MALFORMED && v.patch === '' && v.kind === '' && v.pre === '';
}

/** "" < alpha < beta < rc, but a patch release ("" kind) is above its prereleases. */
function compareKinds(a: GoVersion, b: GoVersion): number {
  if (a.kind === b.kind) return 0;
  if (a.patch !== '' && (a.kind === '' || b.kind === '')) return a.kind === '' ? 1 : -1;
  return a.kind < b.kind ? -1 : 1;
}

/** major[.minor[.patch][kind[pre]]], the numbers as decimal text; MALFORMED for anything else. */
function parseGoVersion(text: string): GoVersion {
  const m = /^(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:([a-z]+)(0|[1-9][0-9]*)?)?)?$/.exec(text);
  if (!m) return MALFORMED;
  const [, major, minor, patch, kind, pre] = m;
  // "1" is 1.0.0; before 1.21, "1.20" is 1.20.0 (from 1.21 on, the language version is below its .0 release).
  if (minor === undefined) return { major, minor: '0', patch: '0', kind: '', pre: '' };
  const impliedPatch = patch === undefined && kind === undefined && compareDecimal(minor, '21') < 0 ? '0' : '';
  return { major, minor, patch: patch ?? impliedPatch, kind: kind ?? '', pre: pre ?? '' };
}

/** Decimal texts compared by value, without converting (they may exceed any number type); '' is the least. */
function compareDecimal(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}
