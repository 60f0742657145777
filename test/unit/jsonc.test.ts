// Settings files as people write them, read the one way both the quick fix (strictly) and the setting lints
// (tolerantly) read them (jsonc-parser, through shared/settingsTree.ts): escapes in keys, comment markers inside
// strings, a byte-order mark, half-typed text.
import assert from 'node:assert/strict';
import { commaAfter, lastMember, memberValue, readSettingsObject, readSettingsTolerantly, type SettingsNode } from '../../server/src/shared/settingsTree';
import { findToolsEnvVar } from '../../server/src/lsp/settingsJson';
import { editToolsEnvVars, readToolsEnvVars } from '../../client/src/toolsEnvVarsEdit';

const valueOf = (n: SettingsNode | undefined) => (n?.type === 'object' || n?.type === 'array' ? n.type : n?.value);
const keyOf = (m: SettingsNode) => m.children?.[0]?.value;

describe('reading a settings file (JSON with comments)', () => {
  it('keeps every member with its offsets: key, value and the comma after it', () => {
    const text = '{ "a": 1, /* note */ "b": [1, 2,], "c": { "d": "e" }, }';
    const root = readSettingsObject(text);
    assert.deepEqual(root.children!.map((m) => { const comma = commaAfter(text, m); return [keyOf(m), text.slice(m.offset, m.offset + m.length), comma === undefined ? undefined : text[comma]]; }),
      [['a', '"a": 1', ','], ['b', '"b": [1, 2,]', ','], ['c', '"c": { "d": "e" }', ',']]);
    assert.equal(root.offset, 0);
    assert.equal(root.offset + root.length, text.length);
  });

  it('decodes escapes in keys and values, an escaped quote included, and the last of duplicate keys is the one read', () => {
    const root = readSettingsObject('{"say \\"hi\\"": "tab\\there", "GO\\u0053UMDB": "a", "GOSUMDB": "b\\/c"}');
    assert.deepEqual(root.children!.map(keyOf), ['say "hi"', 'GOSUMDB', 'GOSUMDB']);
    assert.equal(valueOf(memberValue(root.children![0])), 'tab\there');
    assert.equal(valueOf(memberValue(lastMember(root, 'GOSUMDB'))), 'b/c');
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
    // jsonc-parser's names for the problems, and where each is.
    const cases: [string, string][] = [
      ['{ "a": 1 /* open', 'UnexpectedEndOfComment at offset 9'],
      ['{ "a": "line\nbreak" }', 'UnexpectedEndOfString at offset 7'],
      ['{ "a": "raw\ttab" }', 'InvalidCharacter at offset 7'],
      ['{ "a": "\\x" }', 'InvalidEscapeCharacter at offset 7'],
      ['{ "a": 1 / 2 }', 'InvalidSymbol at offset 9'],
      ['{ "a": 1 "b": 2 }', 'CommaExpected at offset 9'],
      ['{ "a" 1 }', 'ColonExpected at offset 6'],
      ['{ 1: 2 }', 'PropertyNameExpected at offset 2'],
      ['{ "a": [1,, 2] }', 'ValueExpected at offset 10'],
      ['{ "a": [1 2] }', 'CommaExpected at offset 10'],
      ['{ "a": ', 'ValueExpected at offset 7'],
      ['[]', 'expected {'],
      ['{} {}', 'EndOfFileExpected at offset 3'],
      ['{"a":'.repeat(10_000), 'nested deeper than 1000 levels'],
    ];
    for (const [text, message] of cases) assert.throws(() => readSettingsObject(text), { message }, text.slice(0, 20));
  });

  it('tolerantly, the same texts read as far as they make sense, and nothing throws', () => {
    const root = readSettingsTolerantly('{ "a": "line\n, "b" 1, "c": [1,, 2 "d": "e" /* open');
    assert.equal(root?.type, 'object');
    // "b" lost its colon: a member without a value, which no lookup of a string value takes.
    assert.deepEqual(root!.children!.map((m) => [keyOf(m), valueOf(memberValue(m))]), [['a', 'line'], ['b', undefined], ['c', 'array']]);
    for (const text of ['', '}', '"', '\\', '/', '{"a": {"b": [', '['.repeat(10_000), '{"a":'.repeat(10_000)]) {
      assert.doesNotThrow(() => readSettingsTolerantly(text), text.slice(0, 20));
    }
  });
});
