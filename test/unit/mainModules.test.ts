// What the go command refuses of a workspace's main modules (goenv/mainModules.ts) with made-up go.work and go.mod
// texts: today's go version rule, then makeMainModules' refusals, in Go's order and words, each at its go.work line.
// Go 1.19 answers the replacement rules beside us in test/integration/replacementsGoDifferential.test.ts.
import assert from 'node:assert/strict';
import { workspaceModules } from '../../server/src/goenv/workspaceModules';
import { mainModuleRefusals, usedGoModLoad, workspaceRefusal, workspaceRefusals, type LoadedModule } from '../../server/src/goenv/mainModules';
import { goWorkErrors, parseGoWork } from '../../server/src/parse/gowork';

describe('mainModules', () => {
  /** A workspace at /w from a go.work text and go.mod texts by directory (a missing one: no go.mod there). */
  function refusal(goWork: string, goMods: Record<string, string>, release?: string): string | undefined {
    const work = parseGoWork(goWork, release);
    assert.deepEqual(goWorkErrors(work), [], 'the go.work parses');
    const ws = workspaceModules('/w', work.uses, (dir) => goMods[dir] !== undefined);
    return workspaceRefusal(ws, { dir: '/w', ...work, release }, (dir) => (goMods[dir] === undefined ? undefined : usedGoModLoad(goMods[dir], release)));
  }
  const ALL_VERSIONS = (p: string) => `workspace module ${p} is replaced at all versions in the go.work file. To fix, remove the replacement from the go.work file or specify the version at which to replace the module.`;

  it('two modules replacing one module version differently stop Go, relative directories compared joined to each module\'s', () => {
    const use = 'go 1.18\nuse ./a\nuse ./b\n';
    assert.equal(refusal(use, { '/w/a': 'module a.com/a\nreplace x.com/x v1.0.0 => ./r\n', '/w/b': 'module a.com/b\nreplace x.com/x v1.0.0 => ./r\n' }),
      'conflicting replacements for x.com/x@v1.0.0:\n\t/w/a/r\n\t/w/b/r\nuse "go work edit -replace x.com/x@v1.0.0=[override]" to resolve');
    assert.equal(refusal(use, { '/w/a': 'module a.com/a\nreplace x.com/x v1.0.0 => ./r/\n', '/w/b': 'module a.com/b\nreplace x.com/x v1.0.0 => ../a/r\n' }), undefined);
    // Absolute directories are compared as written; a path go.work replaces is go.work's alone.
    assert.match(refusal(use, { '/w/a': 'module a.com/a\nreplace x.com/x => /r/\n', '/w/b': 'module a.com/b\nreplace x.com/x => /r\n' })!, /^conflicting replacements for x.com\/x:\n\t\/r\/\n\t\/r\n/);
    assert.equal(refusal(`${use}replace x.com/x v1.9.0 => ./z\n`, { '/w/a': 'module a.com/a\nreplace x.com/x => ./r\n', '/w/b': 'module a.com/b\nreplace x.com/x => ./s\n' }), undefined);
  });

  it('go.work replacing a workspace module at all versions is said for each such line, and Go goes on to a conflict that stops it', () => {
    const goMods = { '/w/a': 'module a.com/a\nreplace x.com/x => ./r\n', '/w/b': 'module a.com/b\nreplace x.com/x => ./s\n' };
    assert.equal(refusal('use ./a\nuse ./b\nreplace a.com/a => ./z\nreplace a.com/b v1.0.0 => ./z\nreplace a.com/b => ./z\n', goMods),
      [ALL_VERSIONS('a.com/a'), ALL_VERSIONS('a.com/b'), 'conflicting replacements for x.com/x:\n\t/w/a/r\n\t/w/b/s\nuse "go work edit -replace x.com/x=[override]" to resolve'].join('\n'));
  });

  it('go.work\'s own two replacements of one module version stop Go before anything about its modules', () => {
    assert.equal(refusal('use ./a\nreplace x.com/x => ./p\nreplace x.com/x => ./q\nreplace a.com/a => ./z\n', { '/w/a': 'module a.com/a\n' }),
      'conflicting replacements for x.com/x:\n\t./p\n\t./q');
  });

  it('a module path used twice is refused by today\'s Go (makeMainModules; Go 1.19 said nothing), one directory under two spellings too', () => {
    assert.equal(refusal('use ./a\nuse ./b\n', { '/w/a': 'module a.com/a\n', '/w/b': 'module a.com/a\n' }), 'module a.com/a appears multiple times in workspace');
    assert.equal(refusal('use /w/a\nuse /w/a/\n', { '/w/a': 'module a.com/a\n', '/w/a/': 'module a.com/a\n' }), 'module a.com/a appears multiple times in workspace');
  });

  it('a used go.mod that does not load stops Go before these checks: that go.mod\'s problem, not the workspace\'s', () => {
    const same = 'replace x.com/x => ./r\n';
    assert.equal(refusal('use ./a\nuse ./b\n', { '/w/a': `module a.com/a\n${same}replace x.com/x => ./s\n`, '/w/b': 'module a.com/a\n' }), undefined);
    assert.equal(refusal('use ./a\nuse ./b\n', { '/w/a': 'go 1.18\n', '/w/b': 'module a.com/a\n' }), undefined);
  });

  it('each refusal is at the go.work line it is about: a repeated module at its use, a replacement at its line', () => {
    const work = parseGoWork('use ./a\nuse ./b\nreplace a.com/a => ./z\n');
    const mod = (dir: string, i: number, text: string): LoadedModule => {
      const load = usedGoModLoad(text);
      assert.ok('facts' in load);
      return { dir, use: work.uses[i], ...load.facts };
    };
    const r = mainModuleRefusals({ dir: '/w', ...work }, [mod('/w/a', 0, 'module a.com/a\n'), mod('/w/b', 1, 'module a.com/a\n')]);
    assert.deepEqual(r.map((x) => [x.range.start.line, x.stops]), [[1, false], [2, false]]);
    // A module path used twice is refused from Go 1.20 on (go1.19 let the last directory win).
    const messages = (release: string) => mainModuleRefusals({ dir: '/w', ...work, release }, [mod('/w/a', 0, 'module a.com/a\n'), mod('/w/b', 1, 'module a.com/a\n')])
      .map((x) => x.message);
    const twice = 'module a.com/a appears multiple times in workspace';
    assert.ok(!messages('go1.19.8').includes(twice));
    assert.ok(messages('go1.20.0').includes(twice));
  });

  it('a module whose go version is above go.work\'s, from 1.21 on, is today\'s "requires go >= V" for each such module; Go names them all and stops there', () => {
    const goMods = { '/w/a': 'module a.com/a\ngo 1.22.0\n', '/w/b': 'module a.com/a\ngo 1.21\n', '/w/c': 'module a.com/c\ngo 1.20\n' };
    const tooOld = (dir: string, v: string, listed: string) => `module ${dir} listed in go.work file requires go >= ${v}, but go.work ${listed}; to update it:\n\tgo work use`;
    // Both are reported before the repeated module path, which Go never reaches.
    assert.equal(refusal('go 1.20\nuse ./a\nuse ./b\nuse ./c\n', goMods), [tooOld('a', '1.22.0', 'lists go 1.20'), tooOld('b', '1.21', 'lists go 1.20')].join('\n'));
    // 1.22 (a language version) is below 1.22.0; 1.20 needs nothing (below 1.21); no go line is 1.18, "implicitly".
    assert.equal(refusal('go 1.22\nuse ./a\n', goMods), tooOld('a', '1.22.0', 'lists go 1.22'));
    assert.equal(refusal('go 1.22.0\nuse ./a\nuse ./c\n', goMods), undefined);
    assert.equal(refusal('use ./b\n', goMods), tooOld('b', '1.21', 'implicitly requires go 1.18'));
    assert.equal(refusal('go 1.19\nuse ./c\n', goMods), undefined);
    // A module outside the workspace is named by its absolute path when that is shorter.
    assert.equal(refusal('go 1.20\nuse /x\n', { '/x': 'module x.com/x\ngo 1.23\n' }), tooOld('/x', '1.23', 'lists go 1.20'));
    // Only go commands that switch toolchains compare the two: go1.20 and earlier say nothing, go1.21.0 does.
    const twoPart = { '/w/b': 'module b.com/b\ngo 1.23\n' };
    assert.equal(refusal('go 1.20\nuse ./b\n', twoPart, 'go1.19.8'), undefined);
    assert.equal(refusal('go 1.20\nuse ./b\n', twoPart, 'go1.20.14'), undefined);
    assert.equal(refusal('go 1.20\nuse ./b\n', twoPart, 'go1.21.0'), tooOld('b', '1.23', 'lists go 1.20'));
  });

  describe('a used go.mod the go command cannot load (today\'s loadModFile), said at its go.work use', () => {
    /** Every refusal the editor shows for a workspace at /w: [go.work line, of, stops, message]. */
    function refusals(goWork: string, goMods: Record<string, string>): [number, string, boolean, string][] {
      const work = parseGoWork(goWork);
      const ws = workspaceModules('/w', work.uses, (dir) => goMods[dir] !== undefined);
      return workspaceRefusals(ws, { dir: '/w', ...work }, (dir) => (goMods[dir] === undefined ? undefined : usedGoModLoad(goMods[dir])))
        .map((r) => [r.range.start.line, r.of, r.stops, r.message]);
    }
    const CANNOT_LOAD = (dir: string, why: string) => `cannot load module ${dir} listed in go.work file: ${why}`;
    const TOO_OLD = 'module b listed in go.work file requires go >= 1.22, but go.work lists go 1.21; to update it:\n\tgo work use';

    it('modfile\'s errors, each at Go\'s line (and column past a line\'s first rune), and Go goes on to name the other modules it refuses', () => {
      const goMods = { '/w/a': 'module a.com/a\nfoo bar\nrequire "x\n', '/w/b': 'module a.com/b\ngo 1.22\n' };
      assert.deepEqual(refusals('go 1.21\nuse ./a\nuse ./b\n', goMods), [
        [1, 'goMod', false, CANNOT_LOAD('a', 'errors parsing a/go.mod:\na/go.mod:3:11: unexpected newline in string')],
        [2, 'modules', true, TOO_OLD],
      ]);
      goMods['/w/a'] = 'module a.com/a\nfoo bar\nreplace x.com/x/v2 => x.com/y v2.0.0\n';
      assert.deepEqual(refusals('go 1.21\nuse ./a\n', goMods), [[1, 'goMod', true, CANNOT_LOAD('a',
        'errors parsing a/go.mod:\na/go.mod:2: unknown directive: foo\na/go.mod:3: replace x.com/y: version "v2.0.0" invalid: should be v0 or v1, not v2')]]);
    });

    it('ReadModFile\'s module line, a module path, named with the rest; a module outside the workspace by its absolute path', () => {
      const goMods = { '/w/a': 'go 1.18\n', '/w/b': 'module a/../b\n', '/x': 'module toolchain\n' };
      assert.deepEqual(refusals('use ./a\nuse ./b\nuse /x\n', goMods).map((r) => r[3]), [
        CANNOT_LOAD('a', 'error reading a/go.mod: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod'),
        'malformed module path "a/../b": invalid path element ".."',
        CANNOT_LOAD('/x', 'error reading /x/go.mod: invalid module path: "toolchain"'),
      ]);
    });

    it('a go.mod replacing one version two ways stops Go at once, before anything it collected; unless its go version stopped Go first', () => {
      const conflict = 'module a.com/b\nreplace x.com/x => ./r\nreplace x.com/x => ./s\n';
      assert.deepEqual(refusals('go 1.21\nuse ./a\nuse ./b\n', { '/w/a': 'foo\n', '/w/b': conflict }),
        [[2, 'goMod', true, 'conflicting replacements for x.com/x:\n\t./r\n\t./s']]);
      assert.deepEqual(refusals('go 1.21\nuse ./a\nuse ./b\n', { '/w/a': 'foo\n', '/w/b': `${conflict}go 1.22\n` }).map((r) => r[3]),
        [CANNOT_LOAD('a', 'errors parsing a/go.mod:\na/go.mod:1: unknown directive: foo'), TOO_OLD]);
    });

    it('a tool path stops makeMainModules after what it says of the modules before it', () => {
      assert.deepEqual(refusals('use ./a\nuse ./b\n', { '/w/a': 'module a.com/a\ntool a/../b\n', '/w/b': 'module a.com/a\n' }), [
        [1, 'modules', false, 'module a.com/a appears multiple times in workspace'],
        [0, 'goMod', true, 'malformed tool path "a/../b": invalid path element ".."'],
      ]);
    });

    it('check leaves each to the used go.mod\'s own problems; what Go says before reaching that go.mod is still the workspace\'s', () => {
      assert.equal(refusal('go 1.21\nuse ./a\nuse ./b\n', { '/w/a': 'foo\n', '/w/b': 'module a.com/b\ngo 1.22\n' }), undefined);
      const conflict = 'module a.com/b\nreplace x.com/x => ./r\nreplace x.com/x => ./s\ngo 1.22\n';
      assert.equal(refusal('go 1.21\nuse ./b\n', { '/w/b': conflict }), TOO_OLD);
    });
  });
});
