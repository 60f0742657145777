// GOFLAGS beside the go command here (go1.19): for each value, whether `go list -m` stops at a word that is no flag,
// in the same words (`go: parsing $GOFLAGS: non-flag "WORD"`), and that the lint's fix takes that word away. Where
// Go stops first at a flag we do not know (a later release's, or none), the lint says nothing rather than guess.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lintGoEnv } from '../../server/src/goenv/lints';
import { resolveGoEnv } from '../../server/src/goenv/resolve';
import { IsolatedGo } from '../support/goModEdit';
import { randomInts } from '../support/fuzz';

const VALUES = [
  '', '-mod=mod', '-tags integration', '-mod=mod -tags integration', '--tags integration', 'foo', '-mod=mod foo',
  '-v -x foo', '-tags=a b', '-', '--', '---x', '-=x', '--=x', '-modcacherw foo', '-buildvcs=false -tags e2e',
  '-mod=mod\t-tags\u00a0x', '-ldflags -s', '-race -count 1', '-pgo=auto foo', '-unknownflag foo', '-trimpath -modfile go.test.mod',
  '-mod vendor', 'mod=mod', '-tags=a,b -p 4', '"-tags=x"', '-mod=mod -insecure', '"-mod=mod -trimpath"', "'-mod=mod'", '"-mod=mod" "-v"',
  '"-tags integration"',
];
/** Flags go1.19 knows that the lint does not judge past (a later release's, or one it may have dropped). */
const UNJUDGED = ['-pgo=auto', '-insecure', '-i', '-unknownflag', '-w'];
/** Pieces of seeded values: flags the lint knows, words that are none, white space Go splits at. */
const PIECES = ['-mod=mod', '-tags', 'integration', '-v', 'foo', '--tags', '-', '--', '-=x', '--=y', '-race', '-p', '4', '-ldflags=-s',
  '---v', '-modcacherw', '-trimpath=true', '"-x"', 'é', ...UNJUDGED];
const SPACES = [' ', '  ', '\t', '\u00a0', '\u2003', '\n'];

function seededValue(seed: number): string {
  const int = randomInts(seed);
  const words = Array.from({ length: 1 + int(4) }, () => PIECES[int(PIECES.length)]);
  return words.map((w, i) => (i === 0 ? '' : SPACES[int(SPACES.length)]) + w).join('');
}
const SEEDED = Array.from({ length: 150 }, (_, seed) => seededValue(seed));

describe('GOFLAGS as the go command reads it as it starts', function () {
  this.timeout(300_000);
  const go = new IsolatedGo();
  after(() => go.dispose());
  const release = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).trim();

  function ours(goflags: string) {
    return lintGoEnv(resolveGoEnv({ process: { HOME: go.root, GOFLAGS: goflags }, platform: 'linux', gorootVersion: release }))
      .find((l) => l.code === 'goflags-invalid');
  }
  const goSays = async (goflags: string, dir: string) => (await go.run(dir, 'module example.com/m\n', ['list', '-m'], { GOFLAGS: goflags })).stderr.split('\n')[0];

  it('stops at the same word with the same words, and the fix takes that word away', async () => {
    let refused = 0;
    for (const [i, value] of [...VALUES, ...SEEDED].entries()) {
      const theirs = await goSays(value, `v${i}`);
      const lint = ours(value);
      if (!theirs.startsWith('go: parsing $GOFLAGS: non-flag')) {
        assert.equal(lint, undefined, `${JSON.stringify(value)}: go says ${JSON.stringify(theirs)}`);
        continue;
      }
      if (lint === undefined) {
        // Only where a flag before the word is one the lint does not judge past.
        const word = JSON.parse(theirs.slice(theirs.indexOf('"'))) as string;
        const before = value.split(/\s+/u).slice(0, value.split(/\s+/u).indexOf(word));
        assert.ok(before.some((w) => UNJUDGED.includes(w)), `${JSON.stringify(value)}: go says ${JSON.stringify(theirs)}, we say nothing`);
        continue;
      }
      refused++;
      assert.equal(lint.goError, theirs, JSON.stringify(value));
      assert.equal(lint.severity, 'error');
      const fixed = lint.fix!.env.GOFLAGS;
      // The fix takes away the word go stopped at (the same word later on, if any, is the next fix's).
      const after = await goSays(fixed, `v${i}-fixed`);
      const word = JSON.parse(theirs.slice(theirs.indexOf('"'))) as string;
      const times = (v: string) => v.split(/\s+/u).filter((w) => w === word).length;
      assert.ok(!after.includes(theirs.slice(theirs.indexOf('non-flag'))) || times(fixed) < times(value), `${JSON.stringify(value)} → ${JSON.stringify(fixed)}: ${after}`);
    }
    assert.ok(refused >= 60, `${refused} refusals compared`);
  });

  it('takes out quotes a go env file keeps (written as for a shell), joins a value to its flag, drops any other stray word', () => {
    assert.deepEqual(ours('"-mod=mod -trimpath"')?.fix?.env, { GOFLAGS: '-mod=mod -trimpath' });
    assert.deepEqual(ours("'-mod=mod'")?.fix?.env, { GOFLAGS: '-mod=mod' });
    assert.deepEqual(ours('-v "-mod=mod"')?.fix?.env, { GOFLAGS: '-v -mod=mod' });
    assert.match(ours('"-mod=mod"')!.fix!.title, /quotes/);
    assert.deepEqual(ours('-mod=mod -tags integration')?.fix?.env, { GOFLAGS: '-mod=mod -tags=integration' });
    assert.match(ours('-mod=mod -tags integration')!.fix!.title, /-tags=integration/);
    assert.deepEqual(ours('-modcacherw foo -mod=mod')?.fix?.env, { GOFLAGS: '-modcacherw -mod=mod' });
    assert.equal(ours('-mod=mod -tags=integration'), undefined);
  });
});
