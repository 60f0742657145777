// The hover of a go.sum line (lsp/goSumHover.ts): which lines get one, found in either shape the scheduler
// publishes verdicts in (a list in line order, or an array by line with holes while an audit runs).
import assert from 'node:assert/strict';
import { goSumHover } from '../../server/src/lsp/goSumHover';
import { MAX_MESSAGE_CHARS } from '../../server/src/lsp/messageLimit';
import { parseGoSum } from '../../server/src/parse/gosum';
import type { LineVerdict } from '../../server/src/audit/verdict';

const H = 'h1:rcTgdhGf2dvXrNywJG0jkV+0342RC7PiKN0YX33Ej6Y=';
const TEXT = [`a.com/x v1.0.0 ${H}`, '', `b.com/y v1.0.0 ${H}`, `c.com/z v1.0.0 ${H}`, `d.com/w v1.0.0 ${H}`].join('\n');

function verdict(line: number, status: LineVerdict['status'], message: string): LineVerdict {
  return { line, module: 'm', version: 'v1.0.0', kind: 'zip', status, goSum: H, message, ...(status === 'verified' ? { record: { id: 7, treeSize: 99 } } : {}) };
}

describe('goSumHover', () => {
  const parse = parseGoSum(TEXT);
  const list = [verdict(0, 'verified', 'ok 0'), verdict(2, 'mismatch', 'bad 2'), verdict(3, 'private', 'private 3'), verdict(4, 'verified', 'ok 4')];
  const byLine: (LineVerdict | undefined)[] = [list[0], undefined, undefined, list[2], undefined];

  it('a quiet line says its verdict (with the record for a verified one); a line with a diagnostic, a blank line or one not decided says nothing', () => {
    for (const verdicts of [list, byLine]) {
      const text = (line: number) => goSumHover(parse, verdicts, line)?.contents;
      assert.deepEqual(text(0), { kind: 'plaintext', value: 'ok 0\nIts record is number 7 of the 99 in the database\'s log.' });
      assert.deepEqual(text(3), { kind: 'plaintext', value: 'private 3' });
      assert.equal(text(1), undefined);
      assert.equal(text(2), undefined);
    }
    assert.equal(goSumHover(parse, byLine, 4), undefined, 'not decided yet');
    assert.equal(goSumHover(parse, list, 4)?.range?.start.line, 4);
  });

  it('a verdict naming a module path of megabytes is said within what the editor lays out (lsp/messageLimit.ts)', () => {
    const huge = `private ${'p'.repeat(1 << 20)} end`;
    const value = (goSumHover(parse, [verdict(0, 'private', huge)], 0)?.contents as { value: string }).value;
    assert.ok(value.length <= MAX_MESSAGE_CHARS + 60 && value.startsWith('private ppp') && value.endsWith('ppp end'), `${value.length}`);
  });
});
