// Go's module-path pattern rules for GOPRIVATE, GONOSUMDB, GONOPROXY and GOINSECURE: path.Match (with
// classes, escapes and ErrBadPattern) applied element-wise by golang.org/x/mod's MatchPrefixPatterns.
// The one answer to "may this module be sent to a checksum database?". Pure: no I/O, never imports vscode.

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern'); // Go's path.ErrBadPattern text
    this.name = 'BadPatternError';
  }
}

type Chunk = { star: boolean; chunk: string[]; rest: string[] };

function scanChunk(pattern: string[]): Chunk {
  let p = pattern;
  let star = false;
  while (p.length > 0 && p[0] === '*') {
    p = p.slice(1);
    star = true;
  }
  let inRange = false;
  let i = 0;
  scan: for (; i < p.length; i++) {
    switch (p[i]) {
      case '\\':
        if (i + 1 < p.length) i++;
        break;
      case '[':
        inRange = true;
        break;
      case ']':
        inRange = false;
        break;
      case '*':
        if (!inRange) break scan;
        break;
    }
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) };
}

// One possibly escaped character inside a class.
function getEsc(chunk: string[]): { r: string; rest: string[] } {
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPatternError();
  let c = chunk;
  if (c[0] === '\\') {
    c = c.slice(1);
    if (c.length === 0) throw new BadPatternError();
  }
  const rest = c.slice(1);
  if (rest.length === 0) throw new BadPatternError();
  return { r: c[0], rest };
}

function cp(ch: string): number {
  return ch.codePointAt(0)!;
}

// Does chunk match the start of s? Returns the rest of s, or undefined. Keeps checking the chunk's syntax
// after a mismatch, as Go does, so a malformed pattern is reported even when it would not match.
function matchChunk(chunkIn: string[], sIn: string[]): string[] | undefined {
  let chunk = chunkIn;
  let s = sIn;
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    switch (chunk[0]) {
      case '[': {
        let r = -1;
        if (!failed) {
          r = cp(s[0]);
          s = s.slice(1);
        }
        chunk = chunk.slice(1);
        let negated = false;
        if (chunk.length > 0 && chunk[0] === '^') {
          negated = true;
          chunk = chunk.slice(1);
        }
        let match = false;
        let nrange = 0;
        for (;;) {
          if (chunk.length > 0 && chunk[0] === ']' && nrange > 0) {
            chunk = chunk.slice(1);
            break;
          }
          const lo = getEsc(chunk);
          chunk = lo.rest;
          let hi = lo.r;
          if (chunk[0] === '-') {
            const h = getEsc(chunk.slice(1));
            hi = h.r;
            chunk = h.rest;
          }
          if (cp(lo.r) <= r && r <= cp(hi)) match = true;
          nrange++;
        }
        if (match === negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          if (s[0] === '/') failed = true;
          s = s.slice(1);
        }
        chunk = chunk.slice(1);
        break;
      default:
        if (chunk[0] === '\\') {
          chunk = chunk.slice(1); // the escaped character is a literal
          if (chunk.length === 0) throw new BadPatternError();
        }
        if (!failed) {
          if (chunk[0] !== s[0]) failed = true;
          s = s.slice(1);
        }
        chunk = chunk.slice(1);
    }
  }
  return failed ? undefined : s;
}

/** Go's path.Match. Throws BadPatternError for a malformed pattern, as Go returns ErrBadPattern. */
export function pathMatch(patternText: string, nameText: string): boolean {
  let pattern = Array.from(patternText);
  let name = Array.from(nameText);
  outer: while (pattern.length > 0) {
    const { star, chunk, rest } = scanChunk(pattern);
    pattern = rest;
    if (star && chunk.length === 0) return !name.includes('/');
    const t = matchChunk(chunk, name);
    if (t !== undefined && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < name.length && name[i] !== '/'; i++) {
        const t2 = matchChunk(chunk, name.slice(i + 1));
        if (t2 !== undefined) {
          if (pattern.length === 0 && t2.length > 0) continue;
          name = t2;
          continue outer;
        }
      }
    }
    // No match: still report a malformed remainder.
    while (pattern.length > 0) {
      const next = scanChunk(pattern);
      pattern = next.rest;
      matchChunk(next.chunk, []);
    }
    return false;
  }
  return name.length === 0;
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

/** golang.org/x/mod/module.MatchPrefixPatterns: does any leading path prefix of target match a glob? */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  if (globs === '') return false;
  for (const raw of globs.split(',')) {
    const glob = raw.endsWith('/') ? raw.slice(0, -1) : raw;
    if (glob === '') continue;
    // A glob with N slashes is matched against the first N+1 elements of target.
    let n = glob.split('/').length - 1;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] === '/') {
        if (n === 0) {
          prefix = target.slice(0, i);
          break;
        }
        n--;
      }
    }
    if (n > 0) continue;
    try {
      if (pathMatch(glob, prefix)) return true;
    } catch {
      // malformed patterns never match
    }
  }
  return false;
}

/** The effective pattern lists, after GOPRIVATE has supplied the defaults. */
export interface PatternEnv {
  GONOSUMDB: string;
  GONOPROXY: string;
  GOPRIVATE?: string;
  GOSUMDB?: string;
}

/**
 * True when Go would never send this module to a checksum database: GOSUMDB=off, or the module matches
 * GONOSUMDB. Mirrors cmd/go's useSumDB, including its exception: golang.org/toolchain is always checked.
 */
export function skipsSumdb(modulePath: string, env: PatternEnv): boolean {
  if (modulePath === 'golang.org/toolchain') return false;
  if (env.GOSUMDB === 'off') return true;
  return matchPrefixPatterns(env.GONOSUMDB, modulePath);
}

/** True when the module is fetched directly from its origin rather than through GOPROXY. */
export function bypassesProxy(modulePath: string, env: PatternEnv): boolean {
  return matchPrefixPatterns(env.GONOPROXY, modulePath);
}

/** True when the module matches GOPRIVATE itself. */
export function isPrivate(modulePath: string, env: PatternEnv): boolean {
  return matchPrefixPatterns(env.GOPRIVATE ?? '', modulePath);
}
