// GOFLAGS beside the go command here (go1.19): for each value, whether `go list -m` stops at a word that is no flag,
// in the same words (`go: parsing $GOFLAGS: non-flag "WORD"`), and that the lint's fix takes that word away. Where
// Go stops first at a flag we do not know (a later release's, or none), the lint says nothing rather than guess.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lintGoEnv } from '../../server/src/goenv/lints';
import { resolveGoEnv } from '../../server/src/goenv/resolve';
import { IsolatedGo } from '../support/goModEdit';

const VALUES = [
  '', '-mod=mod', '-tags integration', '-mod=mod -tags integration', '--tags integration', 'foo', '-mod=mod foo',
  '-v -x foo', '-tags=a b', '-', '--', '---x', '-=x', '--=x', '-modcacherw foo', '-buildvcs=false -tags e2e',
  '-mod=mod\t-tags\u00a0x', '-ldflags -s', '-race -count 1', '-pgo=auto foo', '-unknownflag foo', '-trimpath -modfile go.test.mod',
  '-mod vendor', 'mod=mod', '-tags=a,b -p 4', '"-tags=x"', '-mod=mod -insecure',
];

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
    for (const [i, value] of VALUES.entries()) {
      const theirs = await goSays(value, `v${i}`);
      const lint = ours(value);
      if (!theirs.startsWith('go: parsing $GOFLAGS: non-flag')) {
        assert.equal(lint, undefined, `${JSON.stringify(value)}: go says ${JSON.stringify(theirs)}`);
        continue;
      }
      if (lint === undefined) {
        // Only where something before the word may stop a go command of another release first.
        assert.match(value, /-pgo|-unknownflag/, `${JSON.stringify(value)}: go says ${JSON.stringify(theirs)}, we say nothing`);
        continue;
      }
      refused++;
      assert.equal(lint.goError, theirs, JSON.stringify(value));
      assert.equal(lint.severity, 'error');
      const fixed = lint.fix!.env.GOFLAGS;
      const after = await goSays(fixed, `v${i}-fixed`);
      assert.ok(!after.includes(theirs.slice(theirs.indexOf('non-flag'))), `${JSON.stringify(value)} → ${JSON.stringify(fixed)}: ${after}`);
    }
    assert.ok(refused >= 15, `${refused} refusals compared`);
  });

  it('joins a value to the flag it was meant for, and drops any other stray word', () => {
    assert.deepEqual(ours('-mod=mod -tags integration')?.fix?.env, { GOFLAGS: '-mod=mod -tags=integration' });
    assert.match(ours('-mod=mod -tags integration')!.fix!.title, /-tags=integration/);
    assert.deepEqual(ours('-modcacherw foo -mod=mod')?.fix?.env, { GOFLAGS: '-modcacherw -mod=mod' });
    assert.equal(ours('-mod=mod -tags=integration'), undefined);
  });
});
