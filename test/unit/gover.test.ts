// Go versions ordered as today's go command orders them (parse/gover.ts), on the pairs internal/gover's own test
// compares, each both ways round.
import assert from 'node:assert/strict';
import { compareGoVersions } from '../../server/src/parse/gover';

const PAIRS: [string, string, number][] = [
  ['', '', 0], ['x', 'x', 0], ['', 'x', 0], ['1', '1.1', -1], ['1.5', '1.6', -1], ['1.5', '1.10', -1], ['1.6', '1.6.1', -1],
  ['1.19', '1.19.0', 0], ['1.19rc1', '1.19', -1], ['1.20', '1.20.0', 0], ['1.20rc1', '1.20', -1], ['1.21', '1.21.0', -1],
  ['1.21', '1.21rc1', -1], ['1.21rc1', '1.21.0', -1], ['1.6', '1.19', -1], ['1.19', '1.19.1', -1], ['1.19rc1', '1.19.1', -1],
  ['1.19rc1', '1.19rc2', -1], ['1.19.0', '1.19.1', -1], ['1.19rc1', '1.19.0', -1], ['1.19alpha3', '1.19beta2', -1],
  ['1.19beta2', '1.19rc1', -1], ['1.9.2rc2', '1.9.2', -1], ['1.9.2rc2', '1.9.2rc3', -1], ['1.9.2beta2', '1.9.2rc3', -1],
  ['1.9.2alpha1', '1.9.2beta2', -1], ['1.1', '1.99999999999999998', -1], ['1.99999999999999998', '1.99999999999999999', -1],
];

describe('compareGoVersions', () => {
  for (const [x, y, want] of PAIRS) {
    it(`${JSON.stringify(x)} vs ${JSON.stringify(y)}: ${want}`, () => {
      assert.equal(compareGoVersions(x, y), want);
      assert.equal(compareGoVersions(y, x), -want || 0);
    });
  }

  it('malformed text (a leading zero, a "go" prefix, an upper-case kind, a number after no kind) is below every version', () => {
    for (const bad of ['01.2', '1.05', 'go1.21', '1.21RC1', '1.', '1.21.', '1.21rc01', '1.2.3.4']) assert.equal(compareGoVersions(bad, '0'), -1, bad);
  });
});
