// Generated inputs of the parsers' fast paths, shared by the test comparing those with the exact code
// (test/unit/parseFastPaths.test.ts) and the tests comparing the exact code with the go command: version strings
// mostly near a valid semantic version (semverMajorEnd, canonicalVersion), and go.sum module paths, valid and
// not (module.CheckPath's fast paths).
import { prng } from './fuzz';

function picker(rand: () => number): <T>(xs: readonly T[]) => T {
  return (xs) => xs[Math.floor(rand() * xs.length)];
}

const PARTS = ['v', 'v1', 'v0', 'v2', '.', '0', '1', '00', '01', '10', '-', '+', 'rc', 'pre', 'incompatible', '+incompatible',
  '20200101000000', 'abcdef123456', 'A', 'é', '/go.mod', '..', ''];
const STARTS = ['v1.2.3', 'v0.0.0', 'v2.10.0', 'v1.2'];

/** `count` versions from `seed`, repeats included. */
export function generatedVersions(seed: number, count: number): string[] {
  const rand = prng(seed);
  const pick = picker(rand);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let v = rand() < 0.8 ? pick(STARTS) : '';
    const n = Math.floor(rand() * 6);
    for (let k = 0; k < n; k++) v += pick(PARTS);
    out.push(v);
  }
  return out;
}

const HOSTS = ['github.com', 'example.com', 'gopkg.in', 'a.b.c', 'con.com', 'x', '-a.com', 'A.com', 'a..b.com', 'é.com', 'lpt1.org'];
const ELEMS = ['a', 'b_c', 'D-e', 'x.y', 'v', 'v2', 'v0', 'v1', 'v01', 'v10', 'v2.1', 'v2x', 'vx', 'con', 'CoM1', 'com', 'lpt9.txt',
  'aux.x', 'NUL', 'comx', '.x', 'x.', 'a..b', '~x', '', 'é', 'yaml.v3'];
const IDENTITY_VERSIONS = ['v1.2.3', 'v2.0.0', 'v2.0.0+incompatible', 'v0.0.0-20200101000000-abcdefabcdef', 'v10.1.0', 'v1.0.0-rc.1'];

/** `count` go.sum identities (module path and version) from `seed`, repeats included. */
export function generatedModuleIdentities(seed: number, count: number): { path: string; version: string }[] {
  const rand = prng(seed);
  const pick = picker(rand);
  const out: { path: string; version: string }[] = [];
  for (let i = 0; i < count; i++) {
    let path = pick(HOSTS);
    const n = Math.floor(rand() * 4);
    for (let k = 0; k < n; k++) path += '/' + pick(ELEMS);
    out.push({ path, version: pick(IDENTITY_VERSIONS) });
  }
  return out;
}
