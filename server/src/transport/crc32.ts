// Owns: CRC-32 (IEEE), as gzip's trailer and header check and zip's entries use it: zlib's where Node has it
// (20.15 and later), else from a table (the Node inside an older VS Code may lack it). Pure: no I/O.
import zlib = require('node:zlib');

const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

let table: Uint32Array | undefined;

function tableCrc32(data: Uint8Array): number {
  table ??= makeTable();
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

/** The CRC-32 of `data`, as an unsigned 32-bit number. */
export const crc32: (data: Uint8Array) => number = native ? (data) => native(data) : tableCrc32;

/** The table version alone, for a test that compares it with zlib's. */
export const crc32FromTable = tableCrc32;
