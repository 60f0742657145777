// The parsers' fast paths (plain ASCII read by regular expressions) against their exact code (Go's rules): every
// generated go.sum and go.mod must parse the same, lines, columns, problems, texts and ranges, with them off.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fastPaths } from '../../server/src/parse/fastPaths';
import { parseGoSum, goSumRanges } from '../../server/src/parse/gosum';
import { parseGoMod } from '../../server/src/parse/gomod';
import { GoModLexer, GoModSyntaxError, type Tok } from '../../server/src/parse/gomodSyntax';
import { canonicalVersion, checkModulePath, isPlainModulePath } from '../../server/src/parse/module';
import { semverBuild, semverMajor, semverMajorEnd } from '../../server/src/parse/semver';
import { prng, mutate } from '../support/fuzz';
import { goModInputs } from '../support/gomodInputs';
import { generatedModuleIdentities, generatedVersions } from '../support/fastPathInputs';

const REF = path.join(__dirname, '..', 'fixtures', 'reference');

/** fn's result with the fast paths on and with them off. */
function bothWays<T>(fn: () => T): [fast: T, exact: T] {
  const fast = fn();
  fastPaths.enabled = false;
  try {
    return [fast, fn()];
  } finally {
    fastPaths.enabled = true;
  }
}

function goSumView(text: string): unknown {
  const p = parseGoSum(text);
  return { ...p, ranges: p.lines.map((l) => goSumRanges(l, p.lineIndex)), lineIndex: p.lineIndex !== undefined };
}

/** Every token up to the end or the lexer's error. */
function tokens(text: string): (Tok | GoModSyntaxError)[] {
  const lexer = new GoModLexer(text);
  const out: (Tok | GoModSyntaxError)[] = [];
  for (;;) {
    try {
      const t = lexer.next();
      out.push(t);
      if (t.kind === 'eof') return out;
    } catch (e) {
      if (!(e instanceof GoModSyntaxError)) throw e;
      out.push(e);
      return out;
    }
  }
}

const SEPARATORS = [' ', ' ', ' ', ' ', '  ', '\t', '\u00a0', '\u0085', '\u2028', '\u3000', '\r', '\v'];
const ENDINGS = ['\n', '\n', '\n', '\r\n', '\r\n', ' \n', '\t\n', '\r\r\n', '\r', '\u00a0\n', '\u0085\r\n', '\u2029\n', ''];
const PATHS = ['github.com/a/b', 'golang.org/x/mod', 'gopkg.in/yaml.v3', 'example.com/m/v2', 'é.com/x', 'a.com/😀', 'x', '-bad/p',
  'example.com//p', 'A.com/b', 'a.com/\uD800', 'a.com/b\u0000'];
const VERSIONS = ['v1.2.3', 'v1.2.3/go.mod', 'v0.0.0-20200101000000-abcdefabcdef', 'v2.0.0+incompatible', 'v2.1.0', 'v1', 'bad', 'v1.02.3'];
const HASHES = ['h1:G7mAYYxgmS0lVkHyy2hEOLQCFe0DPQOSM7x5WHVHpHE=', 'h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', 'h1:short=',
  'h2:abc', 'nocolon', 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFe0DPQOSM7x5WHVHpHé='];

function pick<T>(rand: () => number, xs: T[]): T {
  return xs[Math.floor(rand() * xs.length)];
}

/** A go.sum of mostly plain lines, with every kind of white space, line ending and field count Go's rules meet. */
function generatedGoSum(rand: () => number): string {
  let text = rand() < 0.1 ? '\uFEFF' : '';
  const lines = 1 + Math.floor(rand() * 30);
  for (let i = 0; i < lines; i++) {
    const fields = rand() < 0.85 ? 3 : Math.floor(rand() * 5);
    const words = [pick(rand, PATHS), pick(rand, VERSIONS), pick(rand, HASHES), 'extra'].slice(0, fields);
    const plain = rand() < 0.6;
    text += plain ? words.join(' ') : pick(rand, ['', ' ', '\t', '\u00a0']) + words.map((w) => w + pick(rand, SEPARATORS)).join('').slice(0, -1);
    text += plain ? pick(rand, ['\n', '\r\n']) : pick(rand, ENDINGS);
  }
  return text;
}

describe('parser fast paths agree with the exact code', () => {
  it('go.sum: generated lines with tabs, CRLF, lone CR, Unicode spaces, BOM, non-ASCII, wrong field counts', () => {
    const rand = prng(14014);
    for (let i = 0; i < 3000; i++) {
      const text = generatedGoSum(rand);
      const [fast, exact] = bothWays(() => goSumView(text));
      assert.deepEqual(fast, exact, `go.sum ${JSON.stringify(text)}`);
    }
  });

  it('go.sum: real files, whole and mutated', () => {
    const rand = prng(14015);
    const dir = path.join(REF, 'gosum');
    for (const f of readdirSync(dir)) {
      const real = readFileSync(path.join(dir, f), 'utf8');
      for (const text of [real, ...Array.from({ length: 10 }, () => mutate(rand, real.slice(0, 20_000), 5))]) {
        const [fast, exact] = bothWays(() => goSumView(text));
        assert.deepEqual(fast, exact, `go.sum from ${f}`);
      }
    }
  });

  it('go.mod: real files, edge cases and mutations, token by token and parsed', () => {
    for (const { name, text } of goModInputs(14016, 1500)) {
      const [fastTokens, exactTokens] = bothWays(() => tokens(text));
      assert.deepEqual(fastTokens, exactTokens, `tokens of ${name}: ${JSON.stringify(text.slice(0, 200))}`);
      const [fast, exact] = bothWays(() => parseGoMod(text));
      assert.deepEqual(fast, exact, `parse of ${name}`);
    }
  });

  it('go.mod: identifiers meeting "/", "//", "/*", quotes, punctuation and non-ASCII', () => {
    const rand = prng(14017);
    const parts = ['a', 'example.com/m', '/', '//', '/*', '"', '`', '(', ')', ',', '[', '{', ' ', '\t', '\r', '\n', '\u00a0', 'é', '😀',
      '\uD800', '\u0000', '\u007f', '\u200b', 'v1.2.3', '=>', 'require'];
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const n = 1 + Math.floor(rand() * 12);
      for (let k = 0; k < n; k++) text += pick(rand, parts);
      const [fast, exact] = bothWays(() => tokens(text));
      assert.deepEqual(fast, exact, `tokens of ${JSON.stringify(text)}`);
    }
  });

  it('versions: semverMajorEnd, semverMajor, semverBuild and canonicalVersion on generated versions', () => {
    for (const v of generatedVersions(14018, 20_000)) {
      const [fast, exact] = bothWays(() => [semverMajorEnd(v), semverMajor(v), semverBuild(v), canonicalVersion(v)]);
      assert.deepEqual(fast, exact, `version ${JSON.stringify(v)}`);
    }
  });

  it('go.sum: module paths, valid and not, with and without a major suffix, against their versions', () => {
    const text = generatedModuleIdentities(14019, 20_000).map(({ path, version }) => `${path} ${version} ${HASHES[1]}\n`).join('');
    const [fast, exact] = bothWays(() => parseGoSum(text).problems);
    assert.deepEqual(fast, exact);
  });

  it('module paths: checkModulePath on generated paths and on every path a real go.mod requires', () => {
    const real = readdirSync(path.join(REF, 'gomod')).filter((f) => f.endsWith('.go.mod'))
      .flatMap((f) => parseGoMod(readFileSync(path.join(REF, 'gomod', f), 'utf8')).file.requires.map((r) => r.path));
    assert.ok(real.length > 1000, `${real.length} required paths`);
    let plain = 0;
    for (const p of [...generatedModuleIdentities(14020, 20_000).map((m) => m.path), ...real]) {
      const [fast, exact] = bothWays(() => checkModulePath(p));
      assert.equal(fast, exact, `path ${JSON.stringify(p)}`);
      if (isPlainModulePath(p)) plain++;
    }
    assert.ok(plain > 1000, `the fast path took ${plain} paths`);
  });
});
