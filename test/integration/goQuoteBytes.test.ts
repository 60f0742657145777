// goQuoteBytes (parse/goquote.ts) against Go's own %q of the same bytes (test/support/go-quote): valid UTF-8 and
// not, control bytes, quotes, and every edge of UTF-8's rules (overlong forms, surrogates, past U+10FFFF).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { goQuoteBytes } from '../../server/src/shared/goquote';
import { prng } from '../support/fuzz';
import { buildGoProgram } from '../support/goBuild';
import { tempDir } from '../support/sumdbClientSetup';

/** Bytes near UTF-8's edges, and a few ordinary ones. */
const EDGES = [0x00, 0x07, 0x09, 0x0a, 0x1f, 0x20, 0x22, 0x27, 0x5c, 0x7e, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2,
  0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x41, 0x61];

describe("quoting bytes as Go's %q does", function () {
  this.timeout(120_000);

  it('5,000 seeded byte strings are quoted as Go quotes them', () => {
    const program = path.join(tempDir('go-quote'), 'go-quote');
    buildGoProgram('test/support/go-quote', program);
    const rand = prng(2023);
    const inputs = Array.from({ length: 5000 }, () => Buffer.from(Array.from({ length: Math.floor(rand() * 12) }, () =>
      rand() < 0.7 ? EDGES[Math.floor(rand() * EDGES.length)] : Math.floor(rand() * 256))));
    const go = execFileSync(program, { input: inputs.map((b) => b.toString('hex')).join('\n') + '\n', encoding: 'utf8' }).split('\n');
    inputs.forEach((b, i) => assert.equal(goQuoteBytes(b), go[i], `bytes ${b.toString('hex')}`));
  });
});
