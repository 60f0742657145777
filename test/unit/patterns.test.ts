import assert from 'node:assert/strict';
import { pathMatch, matchPrefixPatterns, BadPatternError, isWellFormedPattern, skipsSumdb, bypassesProxy, isPrivate } from '../../server/src/goenv/patterns';

describe('Go path.Match, as GOPRIVATE patterns use it', () => {
  // Cases from the documented path.Match grammar: [pattern, name, matches, malformed]
  const table: Array<[string, string, boolean, boolean?]> = [
    ['abc', 'abc', true],
    ['*', 'abc', true],
    ['*c', 'abc', true],
    ['a*', 'a', true],
    ['a*', 'abc', true],
    ['a*', 'ab/c', false],
    ['a*/b', 'abc/b', true],
    ['a*/b', 'a/c/b', false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true],
    ['a*b?c*x', 'abxbbxdbxebxczzy', false],
    ['ab[c]', 'abc', true],
    ['ab[b-d]', 'abc', true],
    ['ab[e-g]', 'abc', false],
    ['ab[^c]', 'abc', false],
    ['ab[^b-d]', 'abc', false],
    ['ab[^e-g]', 'abc', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'ab', false],
    ['a?b', 'a☺b', true],
    ['a[^a]b', 'a☺b', true],
    ['a???b', 'a☺b', false],
    ['a[^a][^a][^a]b', 'a☺b', false],
    ['[a-ζ]*', 'α', true],
    ['*[a-ζ]', 'A', false],
    ['a?b', 'a/b', false],
    ['a*b', 'a/b', false],
    ['[\\]a]', ']', true],
    ['[\\-]', '-', true],
    ['[x\\-]', 'x', true],
    ['[x\\-]', '-', true],
    ['[x\\-]', 'z', false],
    ['[\\-x]', 'x', true],
    ['[\\-x]', '-', true],
    ['[\\-x]', 'a', false],
    ['[]a]', ']', false, true],
    ['[-]', '-', false, true],
    ['[x-]', 'x', false, true],
    ['[x-]', '-', false, true],
    ['[x-]', 'z', false, true],
    ['[-x]', 'x', false, true],
    ['[-x]', '-', false, true],
    ['[-x]', 'a', false, true],
    ['\\', 'a', false, true],
    ['[a-b-c]', 'a', false, true],
    ['[', 'a', false, true],
    ['[^', 'a', false, true],
    ['[^bc', 'a', false, true],
    ['a[', 'a', false, true],
    ['a[', 'ab', false, true],
    ['a[', 'x', false, true],
    ['a/b[', 'x', false, true],
    ['*x', 'xxx', true],
  ];
  for (const [pattern, name, want, malformed] of table) {
    it(`${JSON.stringify(pattern)} ${malformed ? 'is malformed' : want ? 'matches' : 'does not match'} ${JSON.stringify(name)}`, () => {
      if (malformed) {
        assert.throws(() => pathMatch(pattern, name), BadPatternError);
        assert.equal(isWellFormedPattern(pattern), false);
      } else {
        assert.equal(pathMatch(pattern, name), want);
      }
    });
  }
});

describe('GOPRIVATE/GONOSUMDB prefix patterns (MatchPrefixPatterns)', () => {
  const table: Array<[string, string, boolean]> = [
    ['corp.example.com', 'corp.example.com', true],
    ['corp.example.com', 'corp.example.com/repo', true],
    ['corp.example.com', 'corp.example.com/a/b/c', true],
    ['corp.example.com', 'corp.example.community', false],
    ['corp.example.com', 'other.com/corp.example.com', false],
    ['*.corp.example.com', 'git.corp.example.com/x', true],
    ['*.corp.example.com', 'corp.example.com/x', false],
    ['github.com/acme', 'github.com/acme/tool', true],
    ['github.com/acme', 'github.com/acmeinc/tool', false],
    ['github.com/acme', 'github.com', false], // fewer elements than the glob
    ['github.com/acme/', 'github.com/acme/tool', true], // trailing slash ignored
    ['github.com/*/internal', 'github.com/x/internal/pkg', true],
    ['github.com/*/internal', 'github.com/x/public', false],
    ['a.com,b.com', 'b.com/x', true],
    [',,b.com,,', 'b.com/x', true],
    ['a.com, b.com', 'b.com/x', false], // Go does not trim spaces
    ['https://corp.com', 'corp.com/x', false],
    ['corp.com\r', 'corp.com/x', false], // a CRLF env file breaks the pattern
    ['[', 'anything', false], // malformed never matches
    ['[,corp.com', 'corp.com/x', true], // and does not spoil the others
    ['*', 'anything.com/x/y', true],
    ['', 'x.com', false],
  ];
  for (const [globs, target, want] of table) {
    it(`${JSON.stringify(globs)} ${want ? 'covers' : 'does not cover'} ${target}`, () => {
      assert.equal(matchPrefixPatterns(globs, target), want);
    });
  }
});

describe('which modules are never sent to the checksum database', () => {
  const env = { GONOSUMDB: 'corp.example.com', GONOPROXY: 'corp.example.com,git.internal', GOPRIVATE: 'corp.example.com', GOSUMDB: 'sum.golang.org' };
  it('a private module matching GONOSUMDB is skipped; a public one is not', () => {
    assert.equal(skipsSumdb('corp.example.com/lib', env), true);
    assert.equal(skipsSumdb('github.com/pkg/errors', env), false);
  });
  it('GOSUMDB=off skips every module', () => {
    assert.equal(skipsSumdb('github.com/pkg/errors', { ...env, GOSUMDB: 'off' }), true);
  });
  it('golang.org/toolchain is always checked, whatever GONOSUMDB says', () => {
    assert.equal(skipsSumdb('golang.org/toolchain', { ...env, GONOSUMDB: '*', GOSUMDB: 'off' }), false);
  });
  it('GONOPROXY and GOPRIVATE answer their own questions', () => {
    assert.equal(bypassesProxy('git.internal/x', env), true);
    assert.equal(skipsSumdb('git.internal/x', env), false);
    assert.equal(isPrivate('corp.example.com/a', env), true);
    assert.equal(isPrivate('git.internal/x', env), false);
  });
});
