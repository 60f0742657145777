// unicode.IsSpace as we read it (shared/utf8.ts: isGoSpace, goTrimSpace, goTrimLeftSpace) against Go's own answer
// for every code point (test/support/go-isspace): the spaces go.sum lines, go.mod tokens, HTTP media types and note
// names are split or trimmed on.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { goTrimLeftSpace, goTrimSpace, isGoSpace } from '../../server/src/shared/utf8';
import { buildGoProgram } from '../support/goBuild';
import { tempDir } from '../support/sumdbClientSetup';

describe("unicode.IsSpace beside Go's", function () {
  this.timeout(120_000);

  it('every code point: isGoSpace and the trims say space exactly where Go does', () => {
    const program = path.join(tempDir('go-isspace'), 'go-isspace');
    buildGoProgram('test/support/go-isspace', program);
    const go = new Set(execFileSync(program, { encoding: 'utf8' }).trim().split('\n').map((h) => parseInt(h, 16)));
    assert.ok(go.has(0x85) && !go.has(0xfeff), 'Go\'s answer as expected of it');
    const differ: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue; // no code point of text: a lone surrogate is a byte to us (goText)
      const ch = String.fromCodePoint(c);
      const ours = [isGoSpace(c), goTrimSpace(`${ch}x${ch}`) === 'x', goTrimLeftSpace(`${ch}x`) === 'x'];
      if (ours.some((o) => o !== go.has(c))) differ.push(`U+${c.toString(16)}: go ${go.has(c)}, ours ${ours.join('/')}`);
    }
    assert.deepEqual(differ, []);
  });
});
