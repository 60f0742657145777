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

  it('a value another variable gave (GONOSUMDB from GOPRIVATE), a default and the editor\'s settings are named as such; info is information', () => {
    const derived = lintOf({ source: { name: 'GONOSUMDB', value: 'corp', source: 'derived', derivedFrom: 'GOPRIVATE' }, severity: 'info', code: 'goinsecure-not-sumdb', message: 'm' });
    const byDefault = lintOf({ source: { name: 'GOPROXY', value: 'https://proxy.golang.org,direct', source: 'default' }, severity: 'info', code: 'goproxy-direct-database', message: 'm' });
    const editor = lintOf({ source: { name: 'GOPROXY', value: 'off', source: 'toolsEnvVars' }, severity: 'warning', code: 'goproxy-off', message: 'm' });
    const [a, b, c] = settingsSarifFindings([derived, byDefault, editor], 'go.mod');
    assert.equal(a.message, 'm\nGONOSUMDB=corp comes from GOPRIVATE.');
    assert.equal(a.severity, 'information');
    assert.equal(b.message, 'm\nGOPROXY=https://proxy.golang.org,direct is the go command\'s default.');
    assert.equal(c.message, 'm\nGOPROXY=off is set in the editor\'s go.toolsEnvVars.');
    assert.equal(c.severity, 'warning');
  });

  it('a value a file set is named at its line and column there, with go env -w; the variable Go read is the one named', () => {
    const file = lintOf({ source: { name: 'GOFLAGS', value: '-tags x', source: 'goenv-file', file: '/h/.config/go/env', line: 2, range: { start: 8, end: 15 } },
      code: 'goflags-invalid', message: 'go: parsing $GOFLAGS: non-flag "x"', goError: 'go: parsing $GOFLAGS: non-flag "x"', fix: { title: 'join', env: { GOFLAGS: '-tags=x' } } });
    const proxy = lintOf({ source: { name: 'HTTPS_PROXY', value: 'x', source: 'process', readAs: 'https_proxy' }, severity: 'warning', message: 'm' });
    const [f, p] = settingsSarifFindings([file, proxy], 'go.sum', 'zh-cn');
    assert.equal(f.message, 'go: parsing $GOFLAGS: non-flag "x"\nGOFLAGS=-tags x 设置于 /h/.config/go/env:3:9。\n修复（join）：go env -w GOFLAGS=-tags=x');
    assert.equal(p.message, 'm\nhttps_proxy=x 由环境变量设置。');
  });
});
