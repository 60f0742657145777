// The setting lints as `check --sarif` reports them (settingFindings.ts): where the value is set, in words; Go's own
// words once; the fix's commands; the severity code scanning reads.
import assert from 'node:assert/strict';
import { settingsSarifFindings } from '../../server/src/cli/settingFindings';
import type { SettingLint } from '../../server/src/goenv/lints';

function lintOf(over: Partial<SettingLint> & Pick<SettingLint, 'source'>): SettingLint {
  return { variable: over.source.name, value: over.source.value, severity: 'error', code: 'gosumdb-invalid', message: 'GOSUMDB is not valid', ...over };
}

describe('setting lints as SARIF findings', () => {
  it('Go\'s words under their heading when the message does not quote them, the fix as the shell runs it', () => {
    const lint = lintOf({ source: { name: 'GOSUMDB', value: 'sum.golang.org+bad', source: 'process' }, goError: 'go: verifying module: invalid GOSUMDB: malformed verifier id',
      fix: { title: 'Use the default database', env: { GOSUMDB: '' } } });
    const [f] = settingsSarifFindings([lint], 'go.sum');
    assert.deepEqual({ ...f, message: undefined }, { file: 'go.sum', line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'goenv.gosumdb-invalid',
      message: undefined, subject: 'GOSUMDB=sum.golang.org+bad' });
    assert.equal(f.message, 'GOSUMDB is not valid\nGOSUMDB=sum.golang.org+bad is set in the environment.\n' +
      'The go command says:\n    go: verifying module: invalid GOSUMDB: malformed verifier id\nfix (Use the default database): unset GOSUMDB');
  });

  it('GOSUMDB=off from Go\'s default, a derived value or the editor\'s settings is named as such; warnings that weaken no check are left out', () => {
    const off = (source: SettingLint['source']) => lintOf({ source, severity: 'warning', code: 'gosumdb-off', message: 'm' });
    const [a, b, c] = settingsSarifFindings([
      off({ name: 'GOSUMDB', value: 'off', source: 'derived', derivedFrom: 'GOFLAGS' }),
      off({ name: 'GOSUMDB', value: 'off', source: 'default' }),
      off({ name: 'GOSUMDB', value: 'off', source: 'toolsEnvVars' }),
    ], 'go.mod');
    assert.equal(a.message, 'm\nGOSUMDB=off comes from GOFLAGS.');
    assert.equal(a.severity, 'warning');
    assert.equal(b.message, 'm\nGOSUMDB=off is the go command\'s default.');
    assert.equal(c.message, 'm\nGOSUMDB=off is set in the editor\'s go.toolsEnvVars.');
    const quiet = [lintOf({ source: { name: 'GOPROXY', value: 'off', source: 'process' }, severity: 'warning', code: 'goproxy-off', message: 'm' }),
      lintOf({ source: { name: 'GONOSUMDB', value: 'corp', source: 'derived', derivedFrom: 'GOPRIVATE' }, severity: 'info', code: 'goinsecure-not-sumdb', message: 'm' })];
    assert.deepEqual(settingsSarifFindings(quiet, 'go.sum'), []);
  });

  it('a value a file set is named at its line and column there, with go env -w; the variable Go read is the one named', () => {
    const file = lintOf({ source: { name: 'GOFLAGS', value: '-tags x', source: 'goenv-file', file: '/h/.config/go/env', line: 2, range: { start: 8, end: 15 } },
      code: 'goflags-invalid', message: 'go: parsing $GOFLAGS: non-flag "x"', goError: 'go: parsing $GOFLAGS: non-flag "x"', fix: { title: 'join', env: { GOFLAGS: '-tags=x' } } });
    const proxy = lintOf({ source: { name: 'GOPROXY', value: 'x', source: 'process', readAs: 'goproxy' }, code: 'goproxy-invalid', message: 'm' });
    const [f, p] = settingsSarifFindings([file, proxy], 'go.sum', 'zh-cn');
    assert.equal(f.message, 'go: parsing $GOFLAGS: non-flag "x"\nGOFLAGS=-tags x 设置于 /h/.config/go/env:3:9。\n修复（join）：go env -w GOFLAGS=-tags=x');
    assert.equal(p.message, 'm\ngoproxy=x 由环境变量设置。');
  });
});
