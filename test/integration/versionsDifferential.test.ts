// Differential test: the exact reading of versions (semverMajorEnd, canonicalVersion with the parsers' fast paths
// off) against the go command's, on the inputs the fast paths take (test/unit/parseFastPaths.test.ts compares
// fast with exact on the same ones). `go mod edit -json` parses require lines strictly: a version whose
// CanonicalVersion is "" is "invalid: must be of the form v1.2.3", any other is printed in its canonical form,
// unless its major does not fit the path ("should be v0 or v1, not vN"), which a second run under …/vN settles.
import assert from 'node:assert/strict';
import { fastPaths } from '../../server/src/parse/fastPaths';
import { canonicalVersion } from '../../server/src/parse/module';
import { semverMajorEnd } from '../../server/src/parse/semver';
import { goErrors, inBatches, IsolatedGo } from '../support/goModEdit';
import { generatedVersions } from '../support/versionInputs';

/** What go said of one version: its canonical form, or that it is no version, or the major the path must have. */
type GoVerdict = { canonical: string } | { invalid: true } | { major: string };

const NOT_A_VERSION = /: version "[^"]*" invalid: must be of the form v1\.2\.3$/;
const WRONG_MAJOR = /: version "[^"]*" invalid: should be v0 or v1, not (v[0-9]+)$/;

/** Runs `go mod edit -json` on requires of paths[i] at versions[i]; go's verdict for each. */
async function goVerdicts(go: IsolatedGo, dir: string, paths: string[], versions: string[]): Promise<GoVerdict[]> {
  // Line 1 is the module line, line 2 "require (", version i on line 3 + i.
  const text = `module example.com/main\nrequire (\n${versions.map((v, i) => `\t${paths[i]} ${JSON.stringify(v)}\n`).join('')})\n`;
  const r = await go.run(dir, text, ['mod', 'edit', '-json', 'go.mod']);
  const verdicts: (GoVerdict | undefined)[] = new Array(versions.length);
  if (r.code !== 0) {
    const errors = goErrors(r.stderr);
    assert.ok(errors, r.stderr);
    for (const e of errors) {
      const major = WRONG_MAJOR.exec(e.message)?.[1];
      assert.ok(major || NOT_A_VERSION.test(e.message), `line ${e.line}: ${JSON.stringify(e.message)}`);
      verdicts[e.line - 3] = major ? { major } : { invalid: true };
    }
    // With errors go prints no JSON: the others are asked again on their own.
    const rest = versions.map((_, i) => i).filter((i) => verdicts[i] === undefined);
    const again = await goVerdicts(go, `${dir}-rest`, rest.map((i) => paths[i]), rest.map((i) => versions[i]));
    rest.forEach((i, k) => { verdicts[i] = again[k]; });
    return verdicts as GoVerdict[];
  }
  const requires = (JSON.parse(r.stdout) as { Require?: { Path: string; Version: string }[] }).Require ?? [];
  assert.equal(requires.length, versions.length);
  return requires.map((q) => ({ canonical: q.Version }));
}

/** Lines per go.mod: go's errors for a few thousand would pass what a test reads of its output (1 MB). */
const CHUNK = 1000;

/** goVerdicts over go.mod files of CHUNK lines each, two go processes at a time. */
async function goVerdictsChunked(go: IsolatedGo, dir: string, paths: string[], versions: string[]): Promise<GoVerdict[]> {
  const starts = Array.from({ length: Math.ceil(versions.length / CHUNK) }, (_, k) => k * CHUNK);
  const parts = await inBatches(starts, 2, (at) => goVerdicts(go, `${dir}${at}`, paths.slice(at, at + CHUNK), versions.slice(at, at + CHUNK)));
  return parts.flat();
}

/** The exact code's reading: canonical form ('' when invalid) and the major as semverMajorEnd marks it. */
function exactReading(v: string): { canonical: string; major: string } {
  fastPaths.enabled = false;
  try {
    const end = semverMajorEnd(v);
    return { canonical: canonicalVersion(v), major: end < 0 ? '' : v.slice(0, end) };
  } finally {
    fastPaths.enabled = true;
  }
}

describe('version reading agrees with the go command (differential, the fast paths\' inputs)', function () {
  this.timeout(120_000);
  let go: IsolatedGo;
  before(() => { go = new IsolatedGo(); });
  after(() => go?.dispose());

  it('says which versions are valid, their canonical form and their major as go mod edit does', async () => {
    const versions = [...new Set(generatedVersions(14018, 20_000))].filter((v) => v !== '');
    const paths = versions.map((_, i) => `example.com/m${i}`);
    const first = await goVerdictsChunked(go, 'first', paths, versions);
    // Versions whose major the path did not allow, under a path that ends in that major.
    const wrongMajor = versions.map((_, i) => i).filter((i) => 'major' in first[i]);
    const second = await goVerdictsChunked(go, 'second', wrongMajor.map((i) => `${paths[i]}/${(first[i] as { major: string }).major}`),
      wrongMajor.map((i) => versions[i]));
    let valid = 0;
    let invalid = 0;
    versions.forEach((v, i) => {
      const k = wrongMajor.indexOf(i);
      const said = k < 0 ? first[i] : second[k];
      const ours = exactReading(v);
      if ('invalid' in said) {
        invalid++;
        assert.deepEqual(ours, { canonical: '', major: '' }, `go: ${JSON.stringify(v)} is no version`);
        return;
      }
      assert.ok('canonical' in said, `go under ${paths[i]}: ${JSON.stringify(said)} for ${JSON.stringify(v)}`);
      valid++;
      assert.deepEqual(ours, { canonical: said.canonical, major: said.canonical.split('.')[0] }, `version ${JSON.stringify(v)}`);
      if (k >= 0) assert.equal(ours.major, (first[i] as { major: string }).major);
    });
    // Both answers occur, and majors past v1: the comparison could fail every way.
    assert.ok(valid > 100 && invalid > 100 && wrongMajor.length > 10, `${valid} valid, ${invalid} invalid, ${wrongMajor.length} past v1`);
  });
});
