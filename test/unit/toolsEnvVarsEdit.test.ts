// The quick fix that writes go.toolsEnvVars edits the file VS Code keeps workspace settings in — a folder's
// .vscode/settings.json, or the "settings" of a multi-root .code-workspace — and leaves every other byte alone.
import assert from 'node:assert/strict';
import { editToolsEnvVars, readToolsEnvVars, toolsEnvVarsFile } from '../../client/src/toolsEnvVarsEdit';

const FOLDER_SETTINGS = `// Team settings: keep the proxy, please.
{
    "editor.formatOnSave": true, // everyone
    "go.toolsEnvVars": {
        /* the corporate mirror */
        "GOPROXY": "https://goproxy.corp.example,direct",
        "GOSUMDB": "sum.golang.org,https://goproxy.cn", // pasted from a wiki
    },
    "files.exclude": { "**/vendor": true, },
}
`;

const WORKSPACE = `{
  // Two services, one workspace.
  "folders": [
    { "path": "api" },
    { "path": "worker" },
  ],
  "settings": {
    "editor.tabSize": 4, // house style
  },
  "extensions": { "recommendations": ["golang.go"] }
}
`;

describe('go.toolsEnvVars in a folder\'s settings.json', () => {
  it('a fixed value replaces only the value: comments, trailing commas and other keys stay byte for byte', () => {
    const out = editToolsEnvVars(FOLDER_SETTINGS, 'folder', { GOSUMDB: 'sum.golang.org' });
    assert.equal(out, FOLDER_SETTINGS.replace('"sum.golang.org,https://goproxy.cn"', '"sum.golang.org"'));
    assert.deepEqual(readToolsEnvVars(out, 'folder'), { GOPROXY: 'https://goproxy.corp.example,direct', GOSUMDB: 'sum.golang.org' });
  });

  it('a new variable goes on its own line before the closing brace, in the file\'s indentation and trailing-comma style', () => {
    const out = editToolsEnvVars(FOLDER_SETTINGS, 'folder', { GONOSUMDB: 'git.corp.example' });
    assert.equal(out, FOLDER_SETTINGS.replace('// pasted from a wiki\n', '// pasted from a wiki\n        "GONOSUMDB": "git.corp.example",\n'));
  });

  it('a removed variable takes its line with it; the comments around it stay', () => {
    const out = editToolsEnvVars(FOLDER_SETTINGS, 'folder', { GOPROXY: '' });
    assert.equal(out, FOLDER_SETTINGS.replace('        "GOPROXY": "https://goproxy.corp.example,direct",\n', ''));
    const last = editToolsEnvVars('{\n  "go.toolsEnvVars": {\n    "GOPROXY": "off",\n    "GOSUMDB": "off"\n  }\n}\n', 'folder', { GOSUMDB: '' });
    assert.equal(last, '{\n  "go.toolsEnvVars": {\n    "GOPROXY": "off"\n  }\n}\n', 'the member before loses the comma it no longer needs');
  });

  it('a duplicate key: VS Code reads the last one, so that one is set, and removing drops both', () => {
    const dup = '{\n  "go.toolsEnvVars": {\n    "GOSUMDB": "a",\n    "GOSUMDB": "b"\n  }\n}\n';
    assert.equal(editToolsEnvVars(dup, 'folder', { GOSUMDB: 'c' }), dup.replace('"b"', '"c"'));
    assert.equal(editToolsEnvVars(dup, 'folder', { GOSUMDB: '' }), '{\n  "go.toolsEnvVars": {\n  }\n}\n');
    assert.deepEqual(readToolsEnvVars(dup, 'folder'), { GOSUMDB: 'b' });
  });

  it('no go.toolsEnvVars yet, no file yet, CRLF line endings', () => {
    assert.equal(editToolsEnvVars('{\n\t"editor.tabSize": 4\n}\n', 'folder', { GOPROXY: 'direct' }),
      '{\n\t"editor.tabSize": 4,\n\t"go.toolsEnvVars": {\n\t\t"GOPROXY": "direct"\n\t}\n}\n');
    assert.equal(editToolsEnvVars('', 'folder', { GOPROXY: 'direct' }), '{\n  "go.toolsEnvVars": {\n    "GOPROXY": "direct"\n  }\n}\n');
    assert.equal(editToolsEnvVars('', 'folder', { GOPROXY: '' }), '', 'nothing to remove, nothing written');
    assert.equal(editToolsEnvVars('{\r\n  "a": 1\r\n}\r\n', 'folder', { GOPROXY: 'direct' }),
      '{\r\n  "a": 1,\r\n  "go.toolsEnvVars": {\r\n    "GOPROXY": "direct"\r\n  }\r\n}\r\n');
  });

  it('text that is not a settings object is refused, not mangled', () => {
    for (const broken of ['{ "go.toolsEnvVars": { "GOPROXY": "x" }', '[1, 2]', '{ "a": 1 } trailing', '{ "a": "unterminated }']) {
      assert.throws(() => editToolsEnvVars(broken, 'folder', { GOPROXY: 'direct' }), /^Error: cannot edit go\.toolsEnvVars here: /, broken);
    }
  });
});

describe('go.toolsEnvVars in a multi-root .code-workspace', () => {
  it('goes under "settings", after what is there, and the folders, comments and trailing commas are kept', () => {
    const out = editToolsEnvVars(WORKSPACE, 'workspace', { GOPROXY: 'https://goproxy.cn,direct' });
    assert.equal(out, WORKSPACE.replace('    "editor.tabSize": 4, // house style\n',
      '    "editor.tabSize": 4, // house style\n    "go.toolsEnvVars": {\n      "GOPROXY": "https://goproxy.cn,direct"\n    },\n'));
    assert.deepEqual(readToolsEnvVars(out, 'workspace'), { GOPROXY: 'https://goproxy.cn,direct' });
    assert.deepEqual(readToolsEnvVars(out, 'folder'), {}, 'a top-level key of a .code-workspace is not a setting');
  });

  it('a workspace file without "settings" gets one', () => {
    const ws = '{\n  "folders": [{ "path": "." }]\n}\n';
    assert.equal(editToolsEnvVars(ws, 'workspace', { GOSUMDB: 'sum.golang.org' }),
      '{\n  "folders": [{ "path": "." }],\n  "settings": {\n    "go.toolsEnvVars": {\n      "GOSUMDB": "sum.golang.org"\n    }\n  }\n}\n');
  });

  it('values set there are read from there, and edited in place', () => {
    const ws = '{\n  "folders": [],\n  "settings": { "go.toolsEnvVars": { "GOSUMDB": "off" } }\n}\n';
    assert.deepEqual(readToolsEnvVars(ws, 'workspace'), { GOSUMDB: 'off' });
    assert.equal(editToolsEnvVars(ws, 'workspace', { GOSUMDB: 'sum.golang.org', GOPROXY: 'direct' }),
      '{\n  "folders": [],\n  "settings": { "go.toolsEnvVars": { "GOSUMDB": "sum.golang.org", "GOPROXY": "direct" } }\n}\n');
  });
});

describe('which file a go.toolsEnvVars change goes to', () => {
  const folder = { path: '/w/api/.vscode/settings.json', text: '' };
  const workspace = { path: '/w/services.code-workspace', text: WORKSPACE };

  it('a plain folder: its .vscode/settings.json', () => {
    assert.deepEqual(toolsEnvVarsFile({ folder }, ['GOPROXY']), { ...folder, kind: 'folder' });
  });

  it('a .code-workspace: its "settings", unless the folder\'s own settings.json sets the variable (and so would win)', () => {
    assert.deepEqual(toolsEnvVarsFile({ folder, workspace }, ['GOPROXY']), { ...workspace, kind: 'workspace' });
    const setHere = { ...folder, text: FOLDER_SETTINGS };
    assert.deepEqual(toolsEnvVarsFile({ folder: setHere, workspace }, ['GOSUMDB']), { ...setHere, kind: 'folder' });
    assert.deepEqual(toolsEnvVarsFile({ folder: setHere, workspace }, ['GONOSUMDB']), { ...workspace, kind: 'workspace' });
  });
});
