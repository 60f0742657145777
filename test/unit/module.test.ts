import assert from 'node:assert/strict';
import {
  checkModulePath, checkImportPath, checkFilePath, splitPathVersion, matchPathMajor, checkModuleVersion,
  escapePath, unescapePath, escapeVersion, unescapeVersion, isPseudoVersion, canonicalVersion, ModulePathError,
} from '../../server/src/parse/module';
import { isValidSemver, canonicalSemver, compareSemver } from '../../server/src/parse/semver';

// Cases from golang.org/x/mod module_test.go as of v0.7.0 (import paths take a leading dot and "+", file paths a
// leading dash; moduleGoDifferential.test.ts runs Go's own code): [path, module ok, import ok, file ok].
const checkPathTests: [string, boolean, boolean, boolean][] = [
  ['x.y/z', true, true, true], ['x.y', true, true, true],
  ['', false, false, false], ['x.y/\uD800z', false, false, false], ['/x.y/z', false, false, false],
  ['x./z', false, false, false], ['.x/z', false, true, true], ['-x/z', false, false, true],
  ['x..y/z', true, true, true], ['x.y/z/../../w', false, false, false], ['x.y//z', false, false, false],
  ['x.y/z//w', false, false, false], ['x.y/z/', false, false, false],
  ['x.y/z/v0', false, true, true], ['x.y/z/v1', false, true, true], ['x.y/z/v2', true, true, true],
  ['x.y/z/v2.0', false, true, true], ['X.y/z', false, true, true],
  ['!x.y/z', false, false, true], ['_x.y/z', false, true, true], ['x.y!/z', false, false, true],
  ['x.y"/z', false, false, false], ['x.y#/z', false, false, true], ['x.y$/z', false, false, true],
  ['x.y%/z', false, false, true], ['x.y&/z', false, false, true], ["x.y'/z", false, false, false],
  ['x.y(/z', false, false, true], ['x.y)/z', false, false, true], ['x.y*/z', false, false, false],
  ['x.y+/z', false, true, true], ['x.y,/z', false, false, true], ['x.y-/z', true, true, true],
  ['x.y./zt', false, false, false], ['x.y:/z', false, false, false], ['x.y;/z', false, false, false],
  ['x.y</z', false, false, false], ['x.y=/z', false, false, true], ['x.y>/z', false, false, false],
  ['x.y?/z', false, false, false], ['x.y@/z', false, false, true], ['x.y[/z', false, false, true],
  ['x.y\\/z', false, false, false], ['x.y]/z', false, false, true], ['x.y^/z', false, false, true],
  ['x.y_/z', false, true, true], ['x.y`/z', false, false, false], ['x.y{/z', false, false, true],
  ['x.y}/z', false, false, true], ['x.y~/z', false, true, true], ['x.y/z!', false, false, true],
  ['x.y/z"', false, false, false], ['x.y/z#', false, false, true], ['x.y/z$', false, false, true],
  ['x.y/z%', false, false, true], ['x.y/z&', false, false, true], ["x.y/z'", false, false, false],
  ['x.y/z(', false, false, true], ['x.y/z)', false, false, true], ['x.y/z*', false, false, false],
  ['x.y/z+', false, true, true], ['x.y/z,', false, false, true], ['x.y/z-', true, true, true],
  ['x.y/z.t', true, true, true], ['x.y/z/t', true, true, true], ['x.y/z:', false, false, false],
  ['x.y/z;', false, false, false], ['x.y/z<', false, false, false], ['x.y/z=', false, false, true],
  ['x.y/z>', false, false, false], ['x.y/z?', false, false, false], ['x.y/z@', false, false, true],
  ['x.y/z[', false, false, true], ['x.y/z\\', false, false, false], ['x.y/z]', false, false, true],
  ['x.y/z^', false, false, true], ['x.y/z_', true, true, true], ['x.y/z`', false, false, false],
  ['x.y/z{', false, false, true], ['x.y/z}', false, false, true], ['x.y/z~', true, true, true],
  ['x.y/x.foo', true, true, true], ['x.y/aux.foo', false, false, false], ['x.y/prn', false, false, false],
  ['x.y/prn2', true, true, true], ['x.y/com', true, true, true], ['x.y/com1', false, false, false],
  ['x.y/com1.txt', false, false, false], ['x.y/calm1', true, true, true],
  ['x.y/z~0', false, false, true], ['x.y/z~09', false, false, true], ['x.y/z09', true, true, true],
  ['x.y/z09~', true, true, true], ['x.y/z09~09z', true, true, true], ['x.y/z09~09z~09', false, false, true],
  ['github.com/!123/logrus', false, false, true],
  ['github.com/user/unicode/испытание', false, false, true],
  ['../x', false, false, false], ['./y', false, false, false], ['x:y', false, false, false],
  ['\\temp\\foo', false, false, false], ['.gitignore', false, true, true],
  ['.github/ISSUE_TEMPLATE', false, true, true], ['x☺y', false, false, false],
];

describe('module paths and versions (Go module_test.go cases)', () => {
  for (const [path, ok, importOK, fileOK] of checkPathTests) {
    it(`judges ${JSON.stringify(path)} as module=${ok} import=${importOK} file=${fileOK}`, () => {
      assert.equal(checkModulePath(path) === undefined, ok, checkModulePath(path));
      assert.equal(checkImportPath(path) === undefined, importOK, checkImportPath(path));
      assert.equal(checkFilePath(path) === undefined, fileOK, checkFilePath(path));
      const s = splitPathVersion(path);
      assert.equal(s.prefix + s.pathMajor, path);
      if (!ok) assert.throws(() => escapePath(path), ModulePathError);
      if (!ok) assert.throws(() => unescapePath(path), ModulePathError);
    });
  }

  it('words errors exactly like Go', () => {
    assert.equal(checkModulePath('myapp'), 'malformed module path "myapp": missing dot in first path element');
    assert.equal(checkModulePath('x.y/z*'), `malformed module path "x.y/z*": invalid char '*'`);
    assert.equal(checkModulePath('X.y/z'), `malformed module path "X.y/z": invalid char 'X' in first path element`);
    assert.equal(checkModulePath('x.y/z/v1'), 'malformed module path "x.y/z/v1": invalid version');
    assert.equal(checkModulePath('x.y/com1'), 'malformed module path "x.y/com1": "com1" disallowed as path element component on Windows');
    assert.equal(checkModuleVersion('rsc.io/quote', 'v17.0.0'), 'rsc.io/quote@v17.0.0: invalid version: should be v0 or v1, not v17');
    assert.equal(checkModuleVersion('rsc.io/quote', '0.1.0'), 'rsc.io/quote@0.1.0: invalid version: not a semantic version');
  });

  it('splits major version suffixes like Go', () => {
    for (const [prefix, major] of [['x.y/z', ''], ['x.y/z', '/v2'], ['x.y/z', '/v3'], ['x.y/v', ''],
      ['gopkg.in/yaml', '.v0'], ['gopkg.in/yaml', '.v1'], ['gopkg.in/yaml', '.v2'], ['gopkg.in/yaml', '.v3']]) {
      assert.deepEqual(splitPathVersion(prefix + major), { prefix, pathMajor: major, ok: true });
    }
  });

  const checkTests: [string, string, boolean][] = [
    ['rsc.io/quote', '0.1.0', false], ['rsc io/quote', 'v1.0.0', false],
    ['github.com/go-yaml/yaml', 'v0.8.0', true], ['github.com/go-yaml/yaml', 'v1.0.0', true],
    ['github.com/go-yaml/yaml', 'v2.0.0', false], ['github.com/go-yaml/yaml', 'v2.1.5', false],
    ['github.com/go-yaml/yaml', 'v3.0.0', false], ['github.com/go-yaml/yaml/v2', 'v1.0.0', false],
    ['github.com/go-yaml/yaml/v2', 'v2.0.0', true], ['github.com/go-yaml/yaml/v2', 'v2.1.5', true],
    ['github.com/go-yaml/yaml/v2', 'v3.0.0', false], ['gopkg.in/yaml.v0', 'v0.8.0', true],
    ['gopkg.in/yaml.v0', 'v1.0.0', false], ['gopkg.in/yaml.v0', 'v2.0.0', false],
    ['gopkg.in/yaml.v1', 'v0.8.0', false], ['gopkg.in/yaml.v1', 'v1.0.0', true],
    ['gopkg.in/yaml.v1', 'v2.0.0', false], ['gopkg.in/check.v1', 'v0.0.0', false],
    ['gopkg.in/check.v1', 'v0.0.0-20160102150405-abcdef123456', true], ['gopkg.in/yaml.v2', 'v1.0.0', false],
    ['gopkg.in/yaml.v2', 'v2.0.0', true], ['gopkg.in/yaml.v2', 'v2.1.5', true], ['gopkg.in/yaml.v2', 'v3.0.0', false],
    ['rsc.io/quote', 'v17.0.0', false], ['rsc.io/quote', 'v17.0.0+incompatible', true],
  ];
  for (const [path, version, ok] of checkTests) {
    it(`${ok ? 'accepts' : 'rejects'} ${path}@${version}`, () => {
      assert.equal(checkModuleVersion(path, version) === undefined, ok, checkModuleVersion(path, version));
    });
  }

  it('matches path majors like Go', () => {
    const cases: [string, string, boolean][] = [
      ['v0.0.0', '', true], ['v0.0.0', '/v2', false], ['v0.0.0', '.v0', true],
      ['v0.0.0-20190510104115-cbcb75029529', '.v1', true], ['v1.0.0', '/v2', false], ['v1.0.0', '.v1', true],
      ['v1.0.0', '.v1-unstable', true], ['v2.0.0+incompatible', '', true], ['v2.0.0', '', false],
      ['v2.0.0', '/v2', true], ['v2.0.0', '.v2', true],
    ];
    for (const [v, pm, want] of cases) assert.equal(matchPathMajor(v, pm), want, `${v} ${pm}`);
  });

  it('case-encodes upper-case letters for proxy and sumdb URLs', () => {
    assert.equal(escapePath('github.com/GoogleCloudPlatform/omega'), 'github.com/!google!cloud!platform/omega');
    assert.equal(escapePath('ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789'), 'ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789');
    assert.equal(unescapePath('github.com/!google!cloud!platform/omega'), 'github.com/GoogleCloudPlatform/omega');
    assert.equal(escapeVersion('v1.0.0-RC1'), 'v1.0.0-!r!c1');
    assert.equal(unescapeVersion('v1.0.0-!r!c1'), 'v1.0.0-RC1');
    assert.throws(() => escapeVersion('v1.0.0!'), /disallowed version string/);
    for (const bad of ['github.com/GoogleCloudPlatform/omega', 'github.com/!google!cloud!platform!/omega',
      'github.com/!0google!cloud!platform/omega', 'github.com/!_google!cloud!platform/omega',
      'github.com/!!google!cloud!platform/omega', '']) {
      assert.throws(() => unescapePath(bad), ModulePathError, bad);
    }
  });

  it('recognises semantic versions and pseudo-versions', () => {
    for (const v of ['v1', 'v1.2', 'v1.2.3', 'v1.2.3-pre.1', 'v1.2.3+build.01', 'v2.0.0+incompatible']) assert.ok(isValidSemver(v), v);
    for (const v of ['1.2.3', 'v01.2.3', 'v1.2.3-01', 'v1.2-pre', 'v1.2.3-', 'v1.2.3+', 'v1..3', 'v']) assert.ok(!isValidSemver(v), v);
    assert.equal(canonicalSemver('v1.2'), 'v1.2.0');
    assert.equal(canonicalVersion('v2.0.0+incompatible'), 'v2.0.0+incompatible');
    assert.equal(canonicalVersion('v2.0.0+build'), 'v2.0.0');
    assert.ok(isPseudoVersion('v0.0.0-20191109021931-daa7c04131f5'));
    assert.ok(isPseudoVersion('v1.2.4-0.20191109021931-daa7c04131f5'));
    assert.ok(isPseudoVersion('v1.2.3-pre.0.20191109021931-daa7c04131f5'));
    assert.ok(!isPseudoVersion('v1.2.3'));
    assert.ok(compareSemver('v1.2.3-pre', 'v1.2.3') < 0);
    assert.ok(compareSemver('v1.10.0', 'v1.9.0') > 0);
    assert.ok(compareSemver('v1.0.0-alpha.2', 'v1.0.0-alpha.10') < 0);
  });
});
