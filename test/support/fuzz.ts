// Seeded input mutation shared by the fuzz test and the long fuzz script: random bytes, and random
// edits of real go.sum/go.mod files. Deterministic for a given seed.

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [' ', '\t', '\n', '\r', '\r\n', '\uFEFF', '\u00a0', '\u2028', '(', ')', '[', ']', ',', '"', '`', '\\', '//', '/*',
  '=>', 'h1:', 'h2:', '/go.mod', 'v1.2.3', 'v0.0.0-20200101000000-abcdefabcdef', '+incompatible', '!', 'é', '😀', '\uD800', '\u0000',
  'require', 'replace', 'module', 'go', 'retract', 'exclude', 'tool', 'ignore', 'godebug', 'toolchain'];

/** Seeded integers in [0, n): prng(seed), scaled. */
export function randomInts(seed: number): (n: number) => number {
  const rand = prng(seed);
  return (n) => Math.floor(rand() * n);
}

export function randomText(rand: () => number, maxLen: number): string {
  const n = Math.floor(rand() * maxLen);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.5) s += String.fromCharCode(32 + Math.floor(rand() * 95));
    else if (r < 0.8) s += INTERESTING[Math.floor(rand() * INTERESTING.length)];
    else s += String.fromCharCode(Math.floor(rand() * 0x10000));
  }
  return s;
}

/** A few random insertions, deletions, duplications and swaps applied to text. */
export function mutate(rand: () => number, text: string, edits: number): string {
  let t = text;
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(rand() * (t.length + 1));
    const r = rand();
    if (r < 0.35) t = t.slice(0, at) + randomText(rand, 8) + t.slice(at);
    else if (r < 0.65) t = t.slice(0, at) + t.slice(Math.min(t.length, at + 1 + Math.floor(rand() * 40)));
    else if (r < 0.8) {
      const len = Math.floor(rand() * 200);
      t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
    } else {
      const b = Math.floor(rand() * (t.length + 1));
      const [x, y] = at < b ? [at, b] : [b, at];
      t = t.slice(0, x) + t.slice(y) + t.slice(x, y);
    }
  }
  return t;
}

/** Line lengths as LSP counts lines ("\r\n", "\r" and "\n" all end one). */
export function lspLineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}
