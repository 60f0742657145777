// Generated version strings, mostly near a valid semantic version: the inputs of the parsers' version fast paths
// (semverMajorEnd, canonicalVersion), shared by the test comparing those with the exact code and the test
// comparing the exact code with the go command.
import { prng } from './fuzz';

const PARTS = ['v', 'v1', 'v0', 'v2', '.', '0', '1', '00', '01', '10', '-', '+', 'rc', 'pre', 'incompatible', '+incompatible',
  '20200101000000', 'abcdef123456', 'A', 'é', '/go.mod', '..', ''];
const STARTS = ['v1.2.3', 'v0.0.0', 'v2.10.0', 'v1.2'];

/** `count` versions from `seed`, repeats included. */
export function generatedVersions(seed: number, count: number): string[] {
  const rand = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let v = rand() < 0.8 ? pick(STARTS) : '';
    const n = Math.floor(rand() * 6);
    for (let k = 0; k < n; k++) v += pick(PARTS);
    out.push(v);
  }
  return out;
}
