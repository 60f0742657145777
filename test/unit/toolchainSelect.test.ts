// toolchain.Select and ReadModFile's TooNewError, from the cases of Go's own cmd/go/testdata/script/gotoolchain_local.txt
// (a local go1.500, fake toolchains) and Select's source: Go 1.19 in CI has no toolchain switching to ask.
import assert from 'node:assert/strict';
import { fromToolchain, selectToolchain, switchingGotoolchain, tooNewFor, tooNewMessage, type ToolchainInputs } from '../../server/src/goenv/toolchainSelect';

const LOCAL = 'go1.500';

/** What runs ("go1.600", or Go's refusal) for GOTOOLCHAIN and go.mod's go and toolchain lines. */
function runs(gotoolchain: string, goLine?: string, toolchainLine?: string): string {
  const s = selectToolchain({ release: LOCAL, gotoolchain, goLine, toolchainLine });
  return s.kind === 'runs' ? s.toolchain : s.kind === 'refused' ? `refused: ${s.message}` : 'unknown';
}

function tooNew(inputs: Omit<ToolchainInputs, 'release'>, release = LOCAL): string | undefined {
  return tooNewMessage('go.mod', inputs.goLine, selectToolchain({ release, ...inputs }));
}

describe('the toolchain the go command runs (toolchain.Select) and its refusal of a newer go line', () => {
  it('GOTOOLCHAIN alone: auto and path run the local toolchain, a version is used directly, +auto and +path set a minimum', () => {
    assert.equal(runs('auto'), LOCAL);
    assert.equal(runs('path'), LOCAL);
    assert.equal(runs('local'), LOCAL);
    assert.equal(runs('go1.600'), 'go1.600');
    assert.equal(runs('go1.400'), 'go1.400');
    assert.equal(runs('go1.600+auto'), 'go1.600');
    assert.equal(runs('go1.400+path'), 'go1.400');
    assert.equal(runs('go1.800-bigcorp'), 'go1.800-bigcorp');
    assert.equal(runs(''), LOCAL, 'no GOTOOLCHAIN anywhere: Select lets the local go run');
  });

  it('refuses a GOTOOLCHAIN it cannot read, in its words', () => {
    assert.equal(runs('asdf'), 'refused: invalid GOTOOLCHAIN "asdf"');
    assert.equal(runs('asdf+auto'), 'refused: invalid GOTOOLCHAIN "asdf+auto": invalid minimum toolchain "asdf"');
    assert.equal(runs('go1.600+local'), 'refused: invalid GOTOOLCHAIN "go1.600+local": only version suffixes are +auto and +path');
    assert.equal(runs('auto', '1.300', 'gccgo'), 'refused: invalid toolchain "gccgo" in go.mod');
  });

  it('auto and path: the go line when newer (a language version from 1.21 as its .0 release), the toolchain line when newer, default keeps the minimum', () => {
    for (const mode of ['auto', 'path']) {
      assert.equal(runs(mode, '1.700'), 'go1.700.0');
      assert.equal(runs(mode, '1.700.2'), 'go1.700.2');
      assert.equal(runs(mode, '1.300'), LOCAL, 'the local toolchain is newer');
      assert.equal(runs(mode, '1.700', 'go1.300'), 'go1.700.0', 'a toolchain line too old is ignored');
      assert.equal(runs(mode, '1.300', 'default'), LOCAL);
      assert.equal(runs(mode, '1.700', 'default'), LOCAL, 'default wins over the go line');
    }
    assert.equal(runs('go1.400+auto', '1.300', 'default'), 'go1.400', 'the minimum, not the local toolchain');
    assert.equal(runs('go1.600+auto', '1.300', 'default'), 'go1.600');
    assert.equal(runs('auto', '1.999', 'go1.800-bigcorp'), 'go1.999.0');
    assert.equal(runs('auto', '1.777', 'go1.800-bigcorp'), 'go1.800-bigcorp');
    assert.equal(runs('local', '1.700'), LOCAL, 'local reads no go.mod');
  });

  it('a go line above the toolchain that runs is ReadModFile\'s TooNewError, with what Select went by', () => {
    assert.equal(tooNew({ gotoolchain: 'auto', goLine: '1.700', toolchainLine: 'default' }), 'go.mod requires go >= 1.700 (running go 1.500; go.mod sets toolchain default)');
    assert.equal(tooNew({ gotoolchain: 'path', goLine: '1.700', toolchainLine: 'default' }), 'go.mod requires go >= 1.700 (running go 1.500; GOTOOLCHAIN=path; go.mod sets toolchain default)');
    assert.equal(tooNew({ gotoolchain: 'local', goLine: '1.700' }), 'go.mod requires go >= 1.700 (running go 1.500; GOTOOLCHAIN=local)');
    assert.equal(tooNew({ gotoolchain: 'go1.400', goLine: '1.450' }), 'go.mod requires go >= 1.450 (running go 1.400; GOTOOLCHAIN=go1.400)');
    assert.equal(tooNew({ gotoolchain: 'go1.400+auto', goLine: '1.700', toolchainLine: 'default' }), 'go.mod requires go >= 1.700 (running go 1.400; GOTOOLCHAIN=go1.400+auto; go.mod sets toolchain default)');
    assert.equal(tooNew({ gotoolchain: '', goLine: '1.700' }), 'go.mod requires go >= 1.700 (running go 1.500)');
    // Switched to, or old enough: nothing to refuse.
    assert.equal(tooNew({ gotoolchain: 'auto', goLine: '1.700' }), undefined);
    assert.equal(tooNew({ gotoolchain: 'local', goLine: '1.500' }), undefined);
    assert.equal(tooNew({ gotoolchain: 'local', goLine: '1.22rc1' }, 'go1.22.1'), undefined, 'a release candidate is below its releases');
    assert.equal(tooNew({ gotoolchain: 'local', goLine: '1.22' }, 'go1.22rc2'), undefined, 'a language version is below its candidates');
    assert.equal(tooNew({ gotoolchain: 'local', goLine: '1.22.0' }, 'go1.22rc2'), 'go.mod requires go >= 1.22.0 (running go 1.22rc2; GOTOOLCHAIN=local)');
    // Before Go 1.21 there is no Select, and a release we cannot read says nothing.
    assert.equal(tooNew({ gotoolchain: 'local', goLine: '1.700' }, 'go1.20.14'), undefined);
    assert.equal(tooNew({ gotoolchain: 'local', goLine: '1.700' }, 'devel go1.27-abcdef'), undefined);
  });

  it('in workspace mode go.work\'s lines decide, and ReadWorkFile refuses a go.work whose go line is above what runs', () => {
    assert.equal(tooNewFor('go.work', '1.700', undefined, { release: LOCAL, gotoolchain: 'local' }), 'go.work requires go >= 1.700 (running go 1.500; GOTOOLCHAIN=local)');
    assert.equal(tooNewFor('go.work', '1.700', 'default', { release: LOCAL, gotoolchain: 'auto' }), 'go.work requires go >= 1.700 (running go 1.500; go.work sets toolchain default)');
    assert.equal(tooNewFor('go.work', '1.700', undefined, { release: LOCAL, gotoolchain: 'auto' }), undefined, 'go switches to go1.700.0');
    assert.equal(tooNewFor('go.work', '1.700', undefined, { release: LOCAL }), undefined, 'GOTOOLCHAIN not known: nothing predicted');
    assert.equal(runs('auto', '1.300', 'bad'), 'refused: invalid toolchain "bad" in go.mod');
    assert.deepEqual(selectToolchain({ release: LOCAL, gotoolchain: 'auto', toolchainLine: 'bad', file: 'go.work' }), { kind: 'refused', message: 'invalid toolchain "bad" in go.work' });
  });

  it('the GOTOOLCHAIN that lets a refused go.mod or go.work have its toolchain: local becomes auto, a pinned version its own +auto', () => {
    const facts = (gotoolchain: string) => ({ release: LOCAL, gotoolchain });
    assert.equal(switchingGotoolchain('go.mod', '1.600', undefined, facts('local')), 'auto');
    assert.equal(switchingGotoolchain('go.mod', '1.600', undefined, facts('')), 'auto');
    assert.equal(switchingGotoolchain('go.work', '1.600', undefined, facts('local')), 'auto');
    assert.equal(switchingGotoolchain('go.mod', '1.600', 'go1.700', facts('go1.400')), 'go1.400+auto');
    // Each value as Select reads it: the go line's release runs, and nothing is refused.
    assert.equal(runs('auto', '1.600'), 'go1.600.0');
    assert.equal(runs('go1.400+auto', '1.600', 'go1.700'), 'go1.700');
    // Where it switches already, only go.mod's own `toolchain default` keeps it local: no setting helps.
    assert.ok(tooNewFor('go.mod', '1.600', 'default', facts('auto')));
    assert.equal(switchingGotoolchain('go.mod', '1.600', 'default', facts('auto')), undefined);
    assert.equal(switchingGotoolchain('go.mod', '1.600', 'default', facts('local')), undefined);
    assert.equal(switchingGotoolchain('go.mod', '1.600', 'default', facts('local+auto')), undefined);
    // Every refusal of a local or pinned toolchain without `toolchain default` has its fix.
    for (const gotoolchain of ['', 'local', 'go1.400', 'go1.500', 'go1.450-bigcorp']) {
      for (const goLine of ['1.501', '1.600', '1.600.2', '2.0']) {
        for (const toolchainLine of [undefined, 'go1.300', 'go1.700']) {
          const refused = tooNewFor('go.mod', goLine, toolchainLine, facts(gotoolchain));
          const fix = switchingGotoolchain('go.mod', goLine, toolchainLine, facts(gotoolchain));
          assert.equal(fix !== undefined, refused !== undefined, `${gotoolchain} go ${goLine} toolchain ${toolchainLine}: ${refused} / ${fix}`);
        }
      }
    }
  });

  it('toolchain names as gover.FromToolchain reads them', () => {
    assert.equal(fromToolchain('go1.2.3'), '1.2.3');
    assert.equal(fromToolchain('go1.2.3-bigcorp'), '1.2.3');
    assert.equal(fromToolchain('go1.21rc1'), '1.21rc1');
    for (const bad of ['invalid', 'go1.2/x', 'gccgo-go1.2.3', 'go', 'go1.']) assert.equal(fromToolchain(bad), '', bad);
  });
});
