// GONOSUMDB, GONOPROXY and GOPRIVATE patterns beside Go's own code (test/support/go-match): path.Match and
// golang.org/x/mod/module.MatchPrefixPatterns (Debian's copy) on seeded patterns and module paths must give
// the same match, and the same refusal of a malformed pattern. patterns.test.ts holds Go's own test table.
import assert from 'node:assert/strict';
import { BadPatternError, matchPrefixPatterns, pathMatch } from '../../server/src/goenv/patterns';
import { randomInts } from '../support/fuzz';
import { goProgramBeforeSuite } from '../support/goProgramSuite';

type Ask = { globs: string; target: string } | { pattern: string; name: string };
interface Answer { match: boolean; error?: string }

/** What patterns are made of: the glob syntax, path separators, and characters of one, two and four bytes. */
const PATTERN_PARTS = ['a', 'b', 'x', '.', '-', '/', '*', '?', '[', ']', '^', '\\', ',', 'é', '日', '😀', 'a-z', '[a-c]', '[^b]', '*.com'];
const NAME_PARTS = ['a', 'b', 'x', '.', '-', '/', 'é', '日', '😀', '*', '[', '\\', 'example.com', 'corp.example.com/'];

function seeded(seed: number): Ask {
  const int = randomInts(seed);
  const text = (parts: string[], max: number) => Array.from({ length: int(max) }, () => parts[int(parts.length)]).join('');
  return int(2) === 0 ? { globs: text(PATTERN_PARTS, 8), target: text(NAME_PARTS, 8) } : { pattern: text(PATTERN_PARTS, 6), name: text(NAME_PARTS, 6) };
}

function ours(a: Ask): Answer {
  if ('globs' in a) return { match: matchPrefixPatterns(a.globs, a.target) };
  try {
    return { match: pathMatch(a.pattern, a.name) };
  } catch (err) {
    assert.ok(err instanceof BadPatternError);
    return { match: false, error: 'syntax error in pattern' };
  }
}

describe("module path patterns beside Go's path.Match and module.MatchPrefixPatterns", function () {
  this.timeout(60_000);
  const goProgram = goProgramBeforeSuite('go-match');

  it('20,000 seeded patterns and module paths: the same match, and the same refusal, as Go', () => {
    const asks = Array.from({ length: 20_000 }, (_, seed) => seeded(seed));
    const go = goProgram.ask<Answer>(asks);
    const differ = asks.flatMap((a, i) => {
      const o = ours(a);
      return o.match === go[i].match && o.error === go[i].error ? [] : [`${JSON.stringify(a)}: Go ${JSON.stringify(go[i])}, ours ${JSON.stringify(o)}`];
    });
    assert.deepEqual(differ.slice(0, 10), []);
    // Both answers, and the refusal, are reached.
    const seen = new Set(go.map((g, i) => `${'globs' in asks[i] ? 'prefix' : 'match'} ${g.match}${g.error ? ' error' : ''}`));
    for (const k of ['prefix true', 'prefix false', 'match true', 'match false', 'match false error']) assert.ok(seen.has(k), `no seed reached "${k}"`);
  });
});
