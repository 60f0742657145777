// Seeded gzip bodies as compressors write them (every level and strategy, header fields, several members), and
// the ways a broken server or proxy gets them wrong (cut, flipped, padded, spliced, not gzip at all). Deterministic
// for the same picks. Test tooling only.
import * as zlib from 'node:zlib';
import { crc32 } from '../../server/src/transport/crc32';

type Pick = (n: number) => number;

const STRATEGIES = [zlib.constants.Z_DEFAULT_STRATEGY, zlib.constants.Z_FIXED, zlib.constants.Z_HUFFMAN_ONLY, zlib.constants.Z_RLE];

/** A gzip member of `text` with header fields picked by `int` (name, comment, extra, header CRC, now and then a wrong one). */
export function gzipMember(int: Pick, text: Buffer): Buffer {
  const deflated = zlib.deflateRawSync(text, { level: int(10), strategy: STRATEGIES[int(STRATEGIES.length)] });
  const flags = int(32);
  const head: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3])];
  if (flags & 4) {
    const extra = Buffer.alloc(int(20), 7);
    head.push(Buffer.from([extra.length, 0]), extra);
  }
  if (flags & 8) head.push(Buffer.from(int(8) === 0 ? 'n'.repeat(600) : 'go.sum\u00e9', 'latin1'), Buffer.from([0]));
  if (flags & 16) head.push(Buffer.from('a comment'), Buffer.from([0]));
  if (flags & 2) {
    const crc = crc32(Buffer.concat(head)) ^ (int(6) === 0 ? 1 : 0);
    head.push(Buffer.from([crc & 0xff, (crc >>> 8) & 0xff]));
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE((crc32(text) ^ (int(12) === 0 ? 0x100 : 0)) >>> 0, 0);
  trailer.writeUInt32LE((text.length + (int(12) === 0 ? 1 : 0)) >>> 0, 4);
  return Buffer.concat([...head, deflated, trailer]);
}

/** `text` in one to three members, one after another. */
export function gzipMembers(int: Pick, text: Buffer): Buffer {
  const cuts = Array.from({ length: int(3) }, () => int(text.length + 1)).sort((a, b) => a - b);
  const bounds = [0, ...cuts, text.length];
  return Buffer.concat(bounds.slice(1).map((end, i) => gzipMember(int, text.subarray(bounds[i], end))));
}

/** `body` broken one of the ways `int` picks, or left whole (about a third of the time). */
export function brokenGzip(int: Pick, body: Buffer): Buffer {
  const b = Buffer.from(body);
  switch (int(9)) {
    case 0: return b.subarray(0, int(b.length + 1));
    case 1: case 2:
      for (let k = 1 + int(3); k > 0; k--) b[int(b.length)] ^= 1 << int(8);
      return b;
    case 3: return Buffer.concat([b, Buffer.from([0, 0, 0, 0].slice(int(4)))]);
    case 4: return Buffer.concat([b, Buffer.from('not gzip\n')]);
    case 5: {
      const at = 10 + int(Math.max(1, b.length - 18));
      return Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(30) }, () => int(256))), b.subarray(at)]);
    }
    case 6: return Buffer.from(Array.from({ length: int(40) }, () => int(256)));
    default: return b;
  }
}
