// Test tooling: a synthetic go.sum of any size for benchmarks — unique module paths, a zip line and a /go.mod
// line each, with made-up (well-formed) h1 hashes. The test database is built from the same lines.
import { createHash } from 'node:crypto';

/** A made-up h1 hash: sha256 of `seed`, in go.sum's spelling. */
export function fakeH1(seed: string): string {
  return 'h1:' + createHash('sha256').update(seed).digest('base64');
}

/** `lines` go.sum lines (the last module may have only its zip line), newline-terminated. */
export function syntheticGoSum(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(`example.com/synth/m${i} v1.${i % 97}.0 ${fakeH1(`zip${i}`)}`, `example.com/synth/m${i} v1.${i % 97}.0/go.mod ${fakeH1(`mod${i}`)}`);
  }
  return out.slice(0, lines).join('\n') + '\n';
}
