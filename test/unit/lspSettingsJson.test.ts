// Finding a go.toolsEnvVars entry in a VS Code settings.json as people write them: comments, trailing commas,
// escapes, other settings around it, and text that is not JSON at all.
import assert from 'node:assert/strict';
import { findToolsEnvVar } from '../../server/src/lsp/settingsJson';

describe('finding a go.toolsEnvVars entry in settings.json', () => {
  it('points at the value inside the quotes, past comments and trailing commas', () => {
    const text = '{\n  // proxy settings\n  "editor.tabSize": 4, /* "go.toolsEnvVars": {"GOSUMDB": "no"} */\n  "go.toolsEnvVars": {\n    "GOPROXY": "https://goproxy.cn,direct",\n    "GOSUMDB": "sum.golang.org,https://goproxy.cn",\n  },\n}\n';
    const col = '    "GOSUMDB": "'.length;
    assert.deepEqual(findToolsEnvVar(text, 'GOSUMDB'), { start: { line: 5, character: col }, end: { line: 5, character: col + 'sum.golang.org,https://goproxy.cn'.length } });
    assert.deepEqual(findToolsEnvVar(text, 'GOPROXY'), { start: { line: 4, character: col }, end: { line: 4, character: col + 'https://goproxy.cn,direct'.length } });

    // Lines end where LSP says they do: "\r\n" and a lone "\r" too.
    for (const eol of ['\r\n', '\r']) {
      assert.deepEqual(findToolsEnvVar(text.replaceAll('\n', eol), 'GOSUMDB'), { start: { line: 5, character: col }, end: { line: 5, character: col + 'sum.golang.org,https://goproxy.cn'.length } }, JSON.stringify(eol));
    }
  });

  it('reads escaped keys, takes the last of duplicate entries (as VS Code does), and ignores nested look-alikes', () => {
    const text = '{"x": {"go.toolsEnvVars": {"GOSUMDB": "inner"}}, "go.toolsEnvVars": {"GO\\u0053UMDB": "a\\"b", "GOSUMDB": "last"}}';
    const r = findToolsEnvVar(text, 'GOSUMDB');
    assert.deepEqual(r, { start: { line: 0, character: text.indexOf('"last"') + 1 }, end: { line: 0, character: text.indexOf('"last"') + 5 } });
  });

  it('finds nothing, without throwing, where there is nothing to find', () => {
    for (const text of ['', 'not json', '{"go.toolsEnvVars": "GOSUMDB"}', '{"go.toolsEnvVars": {"GOSUMDB": 1}}', '[{"go.toolsEnvVars": {"GOSUMDB": "x"}}]', '{'.repeat(5000)]) {
      assert.equal(findToolsEnvVar(text, 'GOSUMDB'), undefined, text.slice(0, 40));
    }
    // Unterminated text still points at what is there.
    assert.deepEqual(findToolsEnvVar('{"go.toolsEnvVars": {"GOSUMDB": "x"', 'GOSUMDB'), { start: { line: 0, character: 33 }, end: { line: 0, character: 34 } });
    assert.deepEqual(findToolsEnvVar('{"go.toolsEnvVars": {"GOSUMDB": "abc\n', 'GOSUMDB'), { start: { line: 0, character: 33 }, end: { line: 0, character: 36 } });
  });
});
