// Differential test: the parsers' exact code (their fast paths off) against the go command, on the inputs the fast
// paths take (test/unit/parseFastPaths.test.ts compares fast with exact on the same ones).
// Versions (semverMajorEnd, canonicalVersion): `go mod edit -json` parses require lines strictly: a version whose
// CanonicalVersion is "" is "invalid: must be of the form v1.2.3", any other is printed in its canonical form,
// unless its major does not fit the path ("should be v0 or v1, not vN"), which a second run under …/vN settles.
// go.sum module paths (module.CheckPath): `go list -m -e path@latest` checks the path before it looks the module
// up, which GOPROXY=off refuses: "malformed module path …" or "module lookup disabled".
import assert from 'node:assert/strict';
import { fastPaths } from '../../server/src/parse/fastPaths';
import { parseGoSum } from '../../server/src/parse/gosum';
import { canonicalVersion } from '../../server/src/parse/module';
import { semverMajorEnd } from '../../server/src/parse/semver';
import { goErrors, inBatches, IsolatedGo } from '../support/goModEdit';
import { generatedModuleIdentities, generatedVersions } from '../support/fastPathInputs';

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
  return exactly(() => {
    const end = semverMajorEnd(v);
    return { canonical: canonicalVersion(v), major: end < 0 ? '' : v.slice(0, end) };
  });
}

/** `fn` with the parsers' fast paths off. */
function exactly<T>(fn: () => T): T {
  fastPaths.enabled = false;
  try {
    return fn();
  } finally {
    fastPaths.enabled = true;
  }
}

const LOOKUP_DISABLED = /^module lookup disabled by GOPROXY=off$/;

/** Go's words on each path: "malformed module path …", or undefined when it went on to look the module up. */
async function goPathVerdicts(go: IsolatedGo, paths: string[]): Promise<(string | undefined)[]> {
  const starts = Array.from({ length: Math.ceil(paths.length / CHUNK) }, (_, k) => k * CHUNK);
  const parts = await inBatches(starts, 2, async (at) => {
    const chunk = paths.slice(at, at + CHUNK);
    // A plain path first: one starting with "-" must not be the first argument, where go would read it as a flag.
    const r = await go.run(`paths${at}`, 'module example.com/main\n', ['list', '-m', '-e', '-f', '{{with .Error}}{{.Err}}{{end}}',
      'example.com/first@latest', ...chunk.map((p) => `${p}@latest`)]);
    const lines = r.stdout.split('\n').slice(1, -1);
    assert.equal(lines.length, chunk.length, r.stderr);
    return lines.map((line, k) => {
      const why = line.slice(`${chunk[k]}@latest: `.length);
      assert.ok(line.startsWith(`${chunk[k]}@latest: `) && (LOOKUP_DISABLED.test(why) || why.startsWith('malformed module path ')), line);
      return LOOKUP_DISABLED.test(why) ? undefined : why;
    });
  });
  return parts.flat();
}

describe('the exact parse agrees with the go command on the fast paths\' inputs (differential)', function () {
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

  it('go.sum: finds a module path malformed, in the same words, exactly when go list -m does', async () => {
    const paths = [...new Set(generatedModuleIdentities(14019, 20_000).map((m) => m.path))];
    const said = await goPathVerdicts(go, paths);
    const text = paths.map((p) => `${p} v0.0.0 h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`).join('');
    const ours: (string | undefined)[] = new Array(paths.length).fill(undefined);
    for (const p of exactly(() => parseGoSum(text).problems)) if (p.code === 'gosum.path') ours[p.range.start.line] = p.message;
    paths.forEach((p, i) => assert.equal(ours[i], said[i], `module path ${JSON.stringify(p)}`));
    // Both answers occur: the comparison could fail either way.
    const malformed = said.filter((w) => w !== undefined).length;
    assert.ok(malformed > 100 && paths.length - malformed > 100, `${malformed} of ${paths.length} malformed`);
  });
});
