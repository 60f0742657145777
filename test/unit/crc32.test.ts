// CRC-32: the table used where Node has no zlib.crc32 gives zlib's answer (the CI's Node has both to compare).
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { crc32, crc32FromTable } from '../../server/src/transport/crc32';
import { randomInts } from '../support/fuzz';

describe('crc32', () => {
  it("the table's CRC-32 is zlib's, for empty, short and long inputs", () => {
    const zlibCrc = (zlib as unknown as { crc32(d: Uint8Array): number }).crc32;
    for (let seed = 0; seed < 200; seed++) {
      const int = randomInts(seed);
      const data = Buffer.from(Array.from({ length: int(seed < 100 ? 70 : 5000) }, () => int(256)));
      assert.equal(crc32FromTable(data), zlibCrc(data), `seed ${seed}`);
      assert.equal(crc32(data), zlibCrc(data), `seed ${seed}`);
    }
    assert.equal(crc32FromTable(Buffer.from('123456789')), 0xcbf43926);
  });
});
