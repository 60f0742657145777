// Go's module-path pattern rules for GOPRIVATE, GONOSUMDB, GONOPROXY and GOINSECURE: path.Match (with
// classes, escapes and ErrBadPattern) applied element-wise by golang.org/x/mod's MatchPrefixPatterns.
// The one answer to "may this module be sent to a checksum database?". Pure: no I/O, never imports vscode.

import { decodeRune, RUNE_ERROR } from '../shared/utf8';

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern'); // Go's path.ErrBadPattern text
    this.name = 'BadPatternError';
  }
}

// path.Match reads its pattern and name as Go strings: UTF-8 bytes, runes decoded where a class or "?" needs one,
// and a star that skips one byte at a time (it may land inside a rune, as Go's does). Spans of the two byte
// strings are index pairs: GOPRIVATE is matched against every module of a go.sum, and slicing allocates.
const STAR = 0x2a;
const QUESTION = 0x3f;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const SLASH = 0x2f;

/** One path.Match of pattern p against name s (both UTF-8 bytes). */
class GoPathMatch {
  /** Set by scanChunk: whether stars led the chunk, and where the chunk ends. */
  private star = false;
  private chunkEnd = 0;
  /** Set by getEsc: the rune read. */
  private rune = 0;
  /** Set by matchClass: whether the rune asked about is in the class. */
  private inClass = false;

  constructor(private readonly p: Uint8Array, private readonly s: Uint8Array, private readonly sEnd: number) {}

  /** path.Match: throws BadPatternError for a malformed pattern, as Go returns ErrBadPattern. */
  run(): boolean {
    const { p, s, sEnd } = this;
    let pi = 0;
    let si = 0;
    outer: while (pi < p.length) {
      const cs = this.scanChunk(pi);
      const { star, chunkEnd: ce } = this;
      pi = ce;
      if (star && cs === ce) {
        const slash = s.indexOf(SLASH, si);
        return slash < 0 || slash >= sEnd; // a trailing star matches the rest, unless it holds a "/"
      }
      const t = this.matchChunk(cs, ce, si);
      if (t >= 0 && (t === sEnd || pi < p.length)) {
        si = t;
        continue;
      }
      if (star) {
        // Skip one byte more each time, never past a "/".
        for (let i = si; i < sEnd && s[i] !== SLASH; i++) {
          const t2 = this.matchChunk(cs, ce, i + 1);
          if (t2 >= 0) {
            if (pi === p.length && t2 < sEnd) continue;
            si = t2;
            continue outer;
          }
        }
      }
      // No match: still report a malformed remainder.
      while (pi < p.length) {
        const next = this.scanChunk(pi);
        pi = this.chunkEnd;
        this.matchChunk(next, pi, sEnd);
      }
      return false;
    }
    return si === sEnd;
  }

  /** path's scanChunk from pi: skips leading stars (this.star), returns where the chunk starts (this.chunkEnd: where it ends). */
  private scanChunk(from: number): number {
    const p = this.p;
    let pi = from;
    this.star = false;
    while (pi < p.length && p[pi] === STAR) {
      pi++;
      this.star = true;
    }
    let inRange = false;
    let i = pi;
    scan: for (; i < p.length; i++) {
      switch (p[i]) {
        case BACKSLASH:
          if (i + 1 < p.length) i++;
          break;
        case LBRACKET:
          inRange = true;
          break;
        case RBRACKET:
          inRange = false;
          break;
        case STAR:
          if (!inRange) break scan;
          break;
      }
    }
    this.chunkEnd = i;
    return pi;
  }

  /** path's getEsc at ci (chunk ends at ce): one possibly escaped rune of a class (this.rune); returns what follows it. */
  private getEsc(ci: number, ce: number): number {
    const p = this.p;
    if (ci >= ce || p[ci] === DASH || p[ci] === RBRACKET) throw new BadPatternError();
    let i = ci;
    if (p[i] === BACKSLASH) {
      i++;
      if (i >= ce) throw new BadPatternError();
    }
    const [r, n] = decodeRune(p, i, ce);
    if ((r === RUNE_ERROR && n === 1) || i + n >= ce) throw new BadPatternError();
    this.rune = r;
    return i + n;
  }

  /** A class at ci ("[" already read): whether rune r is in it (this.inClass); returns where the chunk goes on. */
  private matchClass(ci: number, ce: number, r: number): number {
    const p = this.p;
    let i = ci;
    let negated = false;
    if (i < ce && p[i] === CARET) {
      negated = true;
      i++;
    }
    let match = false;
    for (let nrange = 0; ; nrange++) {
      if (i < ce && p[i] === RBRACKET && nrange > 0) {
        this.inClass = match !== negated;
        return i + 1;
      }
      i = this.getEsc(i, ce);
      const lo = this.rune;
      let hi = lo;
      if (p[i] === DASH) {
        i = this.getEsc(i + 1, ce);
        hi = this.rune;
      }
      if (lo <= r && r <= hi) match = true;
    }
  }

  /**
   * path's matchChunk: does the chunk [ci, ce) match the name from si? Where the name goes on, or -1. After a
   * mismatch it reads on through the chunk, so that a malformed pattern is reported even where it would not match.
   */
  private matchChunk(chunkStart: number, ce: number, from: number): number {
    const { p, s, sEnd } = this;
    let ci = chunkStart;
    let si = from;
    let failed = false;
    while (ci < ce) {
      if (!failed && si >= sEnd) failed = true;
      switch (p[ci]) {
        case LBRACKET: {
          let r = 0;
          if (!failed) {
            const [rune, n] = decodeRune(s, si, sEnd);
            r = rune;
            si += n;
          }
          ci = this.matchClass(ci + 1, ce, r);
          if (!this.inClass) failed = true;
          break;
        }
        case QUESTION:
          if (!failed) {
            if (s[si] === SLASH) failed = true;
            si += decodeRune(s, si, sEnd)[1];
          }
          ci++;
          break;
        default:
          if (p[ci] === BACKSLASH) {
            ci++; // the escaped byte is a literal
            if (ci >= ce) throw new BadPatternError();
          }
          if (!failed) {
            if (p[ci] !== s[si]) failed = true;
            si++;
          }
          ci++;
      }
    }
    return failed ? -1 : si;
  }
}

/** Go's path.Match. Throws BadPatternError for a malformed pattern, as Go returns ErrBadPattern. */
export function pathMatch(patternText: string, nameText: string): boolean {
  const name = Buffer.from(nameText, 'utf8');
  return new GoPathMatch(Buffer.from(patternText, 'utf8'), name, name.length).run();
}

/** Whether a single glob is well formed (Go silently ignores malformed ones). */
export function isWellFormedPattern(glob: string): boolean {
  try {
    pathMatch(glob, '');
    return true;
  } catch {
    return false;
  }
}

/** One glob of a list: its bytes, and its slashes (it is matched against that many + 1 elements of a path). */
interface Glob { bytes: Uint8Array; slashes: number }

/** A comma-separated list of globs (GONOSUMDB, GOPRIVATE...), read once for the many paths asked about. */
export class PrefixPatterns {
  private readonly globs: Glob[] = [];

  constructor(list: string) {
    for (const raw of list.split(',')) {
      const glob = raw.endsWith('/') ? raw.slice(0, -1) : raw;
      if (glob !== '') this.globs.push({ bytes: Buffer.from(glob, 'utf8'), slashes: glob.split('/').length - 1 });
    }
  }

  /** golang.org/x/mod/module.MatchPrefixPatterns: does any leading path prefix of target match a glob? */
  matches(target: string): boolean {
    if (this.globs.length === 0) return false;
    const name = Buffer.from(target, 'utf8');
    for (const glob of this.globs) {
      const end = prefixEnd(name, glob.slashes);
      try {
        if (end >= 0 && new GoPathMatch(glob.bytes, name, end).run()) return true;
      } catch {
        // malformed patterns never match
      }
    }
    return false;
  }
}

/** Where the first slashes + 1 elements of name end (just before its next slash), or -1 when it has fewer. */
function prefixEnd(name: Uint8Array, slashes: number): number {
  let n = slashes;
  for (let i = 0; i < name.length; i++) {
    if (name[i] !== SLASH) continue;
    if (n === 0) return i;
    n--;
  }
  return n > 0 ? -1 : name.length;
}

/** golang.org/x/mod/module.MatchPrefixPatterns, for one path (PrefixPatterns reads the list once for many). */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  return globs !== '' && new PrefixPatterns(globs).matches(target);
}

/** The effective pattern lists, after GOPRIVATE has supplied the defaults. */
export interface PatternEnv {
  GONOSUMDB: string;
  GONOPROXY: string;
  GOPRIVATE?: string;
  GOSUMDB?: string;
}

/**
 * cmd/go's useSumDB, inverted and read once for many modules: Go never sends a module to a checksum database when
 * GOSUMDB=off or the module matches GONOSUMDB, except golang.org/toolchain, which is always checked.
 */
export class SumdbSkips {
  readonly off: boolean;
  private readonly nosumdb: PrefixPatterns;

  constructor(env: Pick<PatternEnv, 'GONOSUMDB' | 'GOSUMDB'>) {
    this.off = env.GOSUMDB === 'off';
    this.nosumdb = new PrefixPatterns(env.GONOSUMDB);
  }

  /** Whether Go would never send this module to the database. */
  skips(modulePath: string): boolean {
    return modulePath !== 'golang.org/toolchain' && (this.off || this.nosumdb.matches(modulePath));
  }

  /** Whether GONOSUMDB (or the GOPRIVATE it defaults to) names this module, whatever GOSUMDB says. */
  matchesPatterns(modulePath: string): boolean {
    return this.nosumdb.matches(modulePath);
  }
}

/** SumdbSkips for one module. */
export function skipsSumdb(modulePath: string, env: PatternEnv): boolean {
  return new SumdbSkips(env).skips(modulePath);
}

/** True when the module is fetched directly from its origin rather than through GOPROXY. */
export function bypassesProxy(modulePath: string, env: PatternEnv): boolean {
  return matchPrefixPatterns(env.GONOPROXY, modulePath);
}

/** True when the module matches GOPRIVATE itself. */
export function isPrivate(modulePath: string, env: PatternEnv): boolean {
  return matchPrefixPatterns(env.GOPRIVATE ?? '', modulePath);
}
