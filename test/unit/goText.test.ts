// Go strings as text (shared/utf8.ts goText): every byte kept, so a %XX that is no UTF-8 goes out as that byte.
import assert from 'node:assert/strict';
import { goTrimLeftSpace, goTrimSpace, isGoSpace, goText, goTextBytes } from '../../server/src/shared/utf8';
import { randomInts } from '../support/fuzz';

describe('goText keeps the bytes of a Go string', () => {
  it('any bytes come back the same from goTextBytes (2,000 seeded runs of bytes, most of them no UTF-8)', () => {
    for (let seed = 0; seed < 2000; seed++) {
      const int = randomInts(seed);
      const bytes = Buffer.from(Array.from({ length: int(12) }, () => (int(3) === 0 ? int(128) : 128 + int(128))));
      assert.deepEqual(goTextBytes(goText(bytes)), bytes, bytes.toString('hex'));
    }
  });

  it('valid UTF-8 reads as its characters, U+FFFD written out included; each byte that is not, as one character', () => {
    const valid = Buffer.from('sum.golang.org é 日本 \u{1f600} \ufffd', 'utf8');
    assert.equal(goText(valid), valid.toString('utf8'));
    const latin = Buffer.from([0x70, 0xe9, 0x73, 0x73]);
    assert.equal(goText(latin).length, 4);
    assert.ok(!goText(latin).includes('\ufffd'));
    // A surrogate pair written in the text is a character, not two bytes.
    assert.deepEqual(goTextBytes('\ud83d\ude00'), Buffer.from('\u{1f600}', 'utf8'));
  });
});

describe('unicode.IsSpace has one definition', () => {
  it('isGoSpace, char by char, is the White_Space property goTrimSpace trims, over the whole BMP', () => {
    const differ: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const trims = goTrimSpace(`${ch}x${ch}`) === 'x' && goTrimLeftSpace(`${ch}x`) === 'x';
      if (isGoSpace(c) !== trims) differ.push(c.toString(16));
    }
    assert.deepEqual(differ, []);
    // Not JS's \s: U+FEFF is no space to Go, U+0085 is.
    assert.equal(goTrimSpace('\ufeffx\u0085'), '\ufeffx');
  });
});
