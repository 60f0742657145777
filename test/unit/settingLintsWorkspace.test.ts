// A multi-root workspace keeps go.toolsEnvVars in the .code-workspace file's "settings": a setting lint on such a
// value sits on the entry there, unless the folder's own .vscode/settings.json sets it (that one wins in VS Code).
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { lintGoEnv } from '../../server/src/goenv/lints';
import { resolveGoEnv } from '../../server/src/goenv/resolve';
import { settingLintDiagnostics } from '../../server/src/lsp/settingLints';
import { findToolsEnvVar } from '../../server/src/lsp/settingsJson';

const LIST = 'sum.golang.org,https://goproxy.cn';
const WORKSPACE = `{
  "folders": [{ "path": "api" }],
  // a top-level look-alike is not a setting
  "go.toolsEnvVars": { "GOSUMDB": "top" },
  "settings": {
    "go.toolsEnvVars": {
      "GOSUMDB": "${LIST}", // pasted from a wiki
    },
  },
}
`;
const COL = '      "GOSUMDB": "'.length;

describe('go.toolsEnvVars set in a .code-workspace file', () => {
  const lints = lintGoEnv(resolveGoEnv({ process: { HOME: '/home/gopher' }, toolsEnvVars: { GOSUMDB: LIST }, platform: 'linux' }));
  const workspaceFile = { path: '/w/services.code-workspace', text: WORKSPACE };

  it('is found under "settings", not at the top', () => {
    assert.deepEqual(findToolsEnvVar(WORKSPACE, 'GOSUMDB', 'settings'), { start: { line: 6, character: COL }, end: { line: 6, character: COL + LIST.length } });
    assert.equal(findToolsEnvVar('{"settings": 1, "go.toolsEnvVars": {"GOSUMDB": "x"}}', 'GOSUMDB', 'settings'), undefined);
  });

  it('gets the setting lint on its entry there, with Go\'s error', () => {
    assert.ok(lints.some((l) => l.source.source === 'toolsEnvVars' && l.code === 'gosumdb-comma-list'));
    const byUri = settingLintDiagnostics(lints, { folderPath: '/w/api', workspaceFile });
    const diags = byUri.get(pathToFileURL(workspaceFile.path).toString()) ?? [];
    assert.equal(diags.length, 1, JSON.stringify([...byUri.keys()]));
    assert.deepEqual(diags[0].range, { start: { line: 6, character: COL }, end: { line: 6, character: COL + LIST.length } });
    assert.match(String(diags[0].message), /invalid GOSUMDB: malformed verifier id/);
  });

  it('the folder\'s settings.json wins when it sets the variable too', () => {
    const settingsJson = { path: '/w/api/.vscode/settings.json', text: `{ "go.toolsEnvVars": { "GOSUMDB": "${LIST}" } }` };
    const byUri = settingLintDiagnostics(lints, { folderPath: '/w/api', settingsJson, workspaceFile });
    assert.deepEqual([...byUri.keys()], [pathToFileURL(settingsJson.path).toString()]);
  });
});
