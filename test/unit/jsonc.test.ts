// Settings files as people write them, read the one way both the quick fix (strictly) and the setting lints
// (tolerantly) read them: escapes in keys, comment markers inside strings, a byte-order mark, half-typed text.
import assert from 'node:assert/strict';
import { lastMember, readJsoncObject, readJsoncTolerantly, type JsoncNode } from '../../server/src/parse/jsonc';
import { findToolsEnvVar } from '../../server/src/lsp/settingsJson';
import { editToolsEnvVars, readToolsEnvVars } from '../../client/src/toolsEnvVarsEdit';

const valueOf = (n: JsoncNode | undefined) => (n?.kind === 'string' || n?.kind === 'other' ? n.value : n?.kind);

describe('reading a settings file (JSON with comments)', () => {
  it('keeps every member with its offsets: key, value and the comma after it', () => {
    const text = '{ "a": 1, /* note */ "b": [1, 2,], "c": { "d": "e" }, }';
    const root = readJsoncObject(text);
    assert.deepEqual(root.members.map((m) => [m.key, text.slice(m.start, m.value.end), m.comma === undefined ? undefined : text[m.comma]]),
      [['a', '"a": 1', ','], ['b', '"b": [1, 2,]', ','], ['c', '"c": { "d": "e" }', ',']]);
    assert.equal(root.start, 0);
    assert.equal(root.end, text.length);
  });

  it('decodes escapes in keys and values, an escaped quote included, and the last of duplicate keys is the one read', () => {
    const root = readJsoncObject('{"say \\"hi\\"": "tab\\there", "GO\\u0053UMDB": "a", "GOSUMDB": "b\\/c"}');
    assert.deepEqual(root.members.map((m) => m.key), ['say "hi"', 'GOSUMDB', 'GOSUMDB']);
    assert.equal(valueOf(root.members[0].value), 'tab\there');
    assert.equal(valueOf(lastMember(root, 'GOSUMDB')?.value), 'b/c');
    assert.equal(lastMember(root, 'nope'), undefined);
  });

  it('comment markers inside strings are text, not comments', () => {
    const text = '{"go.toolsEnvVars": {"GOPROXY": "https://proxy.example/*,direct", "GOSUMDB": "off // not a comment"}}';
    assert.deepEqual(readToolsEnvVars(text, 'folder'), { GOPROXY: 'https://proxy.example/*,direct', GOSUMDB: 'off // not a comment' });
    const col = text.indexOf('off //');
    assert.deepEqual(findToolsEnvVar(text, 'GOSUMDB'), { start: { line: 0, character: col }, end: { line: 0, character: col + 'off // not a comment'.length } });
  });

  it('a byte-order mark is white space: the file is read, and an edit keeps the mark', () => {
    const text = '\uFEFF{\n  "go.toolsEnvVars": {\n    "GOSUMDB": "off"\n  }\n}\n';
    assert.deepEqual(readToolsEnvVars(text, 'folder'), { GOSUMDB: 'off' });
    assert.equal(editToolsEnvVars(text, 'folder', { GOSUMDB: 'sum.golang.org' }), text.replace('"off"', '"sum.golang.org"'));
    assert.deepEqual(findToolsEnvVar(text, 'GOSUMDB'), { start: { line: 2, character: 16 }, end: { line: 2, character: 19 } });
  });

  it('strictly, the first thing VS Code would not read cleanly is the error', () => {
    const cases: [string, string][] = [
      ['{ "a": 1 /* open', 'unterminated comment'],
      ['{ "a": "line\nbreak" }', 'unterminated string'],
      ['{ "a": "raw\ttab" }', 'bad string "raw\ttab"'],
      ['{ "a": "\\x" }', 'bad string "\\x"'],
      ['{ "a": 1 / 2 }', 'unexpected "/"'],
      ['{ "a": 1 "b": 2 }', 'expected , or }'],
      ['{ "a" 1 }', 'expected :'],
      ['{ 1: 2 }', 'expected a key'],
      ['{ "a": [1,, 2] }', 'unexpected ,'],
      ['{ "a": [1 2] }', 'expected ,'],
      ['{ "a": ', 'unexpected end'],
      ['[]', 'expected {'],
      ['{} {}', 'text after the settings object'],
    ];
    for (const [text, message] of cases) assert.throws(() => readJsoncObject(text), { message }, text);
  });

  it('tolerantly, the same texts read as far as they make sense, and nothing throws', () => {
    const root = readJsoncTolerantly('{ "a": "line\n, "b" 1, "c": [1,, 2 "d": "e" /* open');
    assert.equal(root.kind, 'object');
    if (root.kind !== 'object') return;
    assert.deepEqual(root.members.map((m) => [m.key, valueOf(m.value)]), [['a', 'line'], ['c', 'array']]);
    for (const text of ['', '}', '"', '\\', '/', '{"a": {"b": [', '['.repeat(10_000), '{"a":'.repeat(10_000)]) {
      assert.doesNotThrow(() => readJsoncTolerantly(text), text.slice(0, 20));
    }
  });
});
