// A diagnostic's words as the editor gets them (lsp/messageLimit.ts): untouched up to the limit; past it, the middle
// left out and counted, the start and the end kept, no surrogate pair cut in half, related messages too.
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { boundedText, MAX_MESSAGE_CHARS, withBoundedMessages } from '../../server/src/lsp/messageLimit';

const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

/** The characters a bounded text says it left out, and the text without its marker. */
function parts(text: string): { left: number; kept: string } {
  const m = / … \(([\d,]+) characters left out\) … /.exec(text)!;
  return { left: Number(m[1].replace(/,/g, '')), kept: text.replace(m[0], '') };
}

describe('diagnostic words within what an editor lays out', () => {
  it('a text up to the limit is the same text; one past it keeps its start and end and counts what it leaves out', () => {
    const exact = 'x'.repeat(MAX_MESSAGE_CHARS);
    assert.equal(boundedText(exact), exact);
    const long = `start ${'m'.repeat(100_000)} end`;
    const bounded = boundedText(long);
    assert.ok(bounded.length < MAX_MESSAGE_CHARS + 60);
    const { left, kept } = parts(bounded);
    assert.equal(kept.length + left, long.length);
    assert.ok(long.startsWith(kept.slice(0, 10_000)) && bounded.endsWith('m end'));
  });

  it('never keeps half of a surrogate pair at either cut, wherever the pairs fall', () => {
    for (let shift = 0; shift < 4; shift++) {
      const text = 'a'.repeat(shift) + '😀'.repeat(60_000);
      const { left, kept } = parts(boundedText(text));
      assert.equal(kept.length + left, text.length);
      assert.doesNotMatch(kept, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, `shift ${shift}`);
    }
  });

  it('diagnostics: short ones are the same objects; a long message, a long related message and Markdown are bounded; Chinese is counted in Chinese', () => {
    const short: Diagnostic = { range: at, message: 'fine' };
    const long: Diagnostic = { range: at, message: 'y'.repeat(50_000), relatedInformation: [{ location: { uri: 'file:///a', range: at }, message: 'z'.repeat(50_000) }] };
    const markdown: Diagnostic = { range: at, message: { kind: 'markdown', value: 'w'.repeat(50_000) } };
    const [a, b, c] = withBoundedMessages([short, long, markdown]);
    assert.equal(a, short);
    assert.ok((b.message as string).length < MAX_MESSAGE_CHARS + 60);
    assert.ok(b.relatedInformation![0].message.length < MAX_MESSAGE_CHARS + 60);
    assert.equal(b.relatedInformation![0].location.uri, 'file:///a');
    assert.ok(typeof c.message !== 'string' && c.message.kind === 'markdown' && c.message.value.length < MAX_MESSAGE_CHARS + 60);
    assert.match(boundedText('y'.repeat(50_000), 'zh-cn'), / ……（省略了 [\d,]+ 个字符）…… /);
  });
});
