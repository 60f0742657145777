// Module paths and versions beside Go's own golang.org/x/mod/module and semver (Debian's copy,
// test/support/go-module): on seeded paths and versions, every rule we read go.mod and go.sum with (CheckPath,
// CheckImportPath, CheckFilePath, Check, SplitPathVersion, CheckPathMajor, CanonicalVersion, IsPseudoVersion, the
// escapes, and semver's IsValid, Canonical, Major, Build, Compare) gives Go's answer, errors word for word. (Newer x/mod than
// Debian's v0.7.0 also refuses an element ending in "~" and digits, a Windows short name; we do too, and no seed
// here holds one.)
import assert from 'node:assert/strict';
import {
  canonicalVersion, checkFilePath, checkImportPath, checkModulePath, checkModuleVersion, checkPathMajor, escapePath, escapeVersion,
  isPseudoVersion, splitPathVersion, unescapePath, unescapeVersion,
} from '../../server/src/parse/module';
import { canonicalSemver, compareSemver, isValidSemver, semverBuild, semverMajor } from '../../server/src/parse/semver';
import { randomInts } from '../support/fuzz';
import { goProgramBeforeSuite } from '../support/goProgramSuite';

const HOSTS = ['github.com', 'golang.org', 'gopkg.in', 'example.com', 'Example.COM', 'localhost', 'a.b', '-x.com', 'x_y.com', 'éx.com', '.com', 'com.', ''];
const ELEMS = ['user', 'Azure', 'go-sdk', 'x', 'v2', 'v0', 'v1', 'v10', 'v2.0', 'yaml.v2', 'yaml.v0', 'yaml.v1-unstable', 'a~b', 'a..b', '.git', 'con', 'COM1', 'aux.txt',
  'a b', 'a!b', '!azure', 'a@b', 'é', '...', '', 'x.', '-y', 'a+b', 'a%b', 'a\\b', 'a:b', 'a"b', "a'b", 'a*b', 'a<b'];
const VERSIONS = ['v1.2.3', 'v0.0.0-20200101000000-abcdefabcdef', 'v1.2.4-0.20200101000000-abcdefabcdef', 'v1.2.3-pre.0.20200101000000-abcdefabcdef',
  'v2.0.0+incompatible', 'v2.0.0', 'v1.2', 'v1', 'v1.2.3+meta', 'v01.2.3', 'v1.2.3-', 'v1.2.3-01', 'v1.2.3-a.b', '1.2.3', 'V1.2.3', '',
  'v1.2.3/go.mod', 'v1.2.3!', 'v!a.0.0', 'vA.0.0', 'v1.0.0-RC1', 'v3.0.0-20200101000000-abcdefabcdef', 'v0.0.0-2020010100000-abc', 'master', 'v1.2.3 ', 'v1.2.3\x00', 'vé', 'v1.0.0-é', '.v1',
  'v1.2.3-alpha', 'v1.2.3-alpha.1', 'v1.2.3-alpha.beta', 'v1.2.3-1', 'v1.2.3-beta.11', 'v1.2.3-beta.2', 'v1.2.3-rc.1', 'v1.2.3-0a', 'v1.2.3-a-b'];

function seeded(seed: number): { path: string; version: string; other: string } {
  const int = randomInts(seed);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const elems = [pick(HOSTS), ...Array.from({ length: int(4) }, () => pick(ELEMS))];
  let p = elems.join('/');
  if (int(8) === 0) p = p.toUpperCase();
  if (int(10) === 0) p = `/${p}`;
  if (int(10) === 0) p = `${p}/`;
  return { path: p, version: pick(VERSIONS), other: pick(VERSIONS) };
}

const errorText = (f: () => unknown): string[] => {
  try {
    return [String(f()), ''];
  } catch (err) {
    return ['', (err as Error).message];
  }
};

function ours(p: string, v: string, other: string): Record<string, unknown> {
  const split = splitPathVersion(p);
  return {
    checkPath: checkModulePath(p) ?? '',
    checkImportPath: checkImportPath(p) ?? '',
    checkFilePath: checkFilePath(p) ?? '',
    check: checkModuleVersion(p, v) ?? '',
    split: [split.prefix, split.pathMajor, split.ok],
    checkPathMajor: checkPathMajor(v, split.pathMajor) ?? '',
    canonical: canonicalVersion(v),
    isPseudo: isPseudoVersion(v),
    escapePath: errorText(() => escapePath(p)),
    escapeVersion: errorText(() => escapeVersion(v)),
    unescapePath: errorText(() => unescapePath(p)),
    unescapeVersion: errorText(() => unescapeVersion(v)),
    semverValid: isValidSemver(v),
    semverCanonical: canonicalSemver(v),
    semverMajor: semverMajor(v),
    semverBuild: semverBuild(v),
    semverCompare: compareSemver(v, other),
  };
}

describe("module paths and versions beside Go's golang.org/x/mod/module and semver", function () {
  this.timeout(60_000);
  const goProgram = goProgramBeforeSuite('go-module');

  it("6,000 seeded paths and versions: every rule gives Go's answer, errors word for word", () => {
    const asks = Array.from({ length: 6000 }, (_, seed) => seeded(seed));
    const go = goProgram.ask<Record<string, unknown>>(asks);
    const differ: string[] = [];
    asks.forEach((a, i) => {
      const o = ours(a.path, a.version, a.other);
      for (const k of Object.keys(go[i])) {
        if (JSON.stringify(o[k]) !== JSON.stringify(go[i][k])) differ.push(`${k}(${JSON.stringify(a.path)}, ${JSON.stringify(a.version)}): Go ${JSON.stringify(go[i][k])}, ours ${JSON.stringify(o[k])}`);
      }
    });
    assert.equal(differ.length, 0, `${differ.length} answers differ; the first:\n${differ.slice(0, 12).join('\n')}`);
  });
});
