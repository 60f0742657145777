// Test support: reading the entries of a module zip (stored and deflated entries, zip64 directories), strictly
// and within limits, and hashing them as a go.sum module line; the test module proxy and dirhash tests use it
// (the extension never downloads zips). Must never write files or hand out data whose CRC-32 or size does not match.

import { isUtf8 } from 'node:buffer';
import * as zlib from 'node:zlib';
import { hash1 } from '../../server/src/sumdb/dirhash';

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipLimits {
  maxEntries?: number;
  maxTotalBytes?: number;
}

// Go's module zips are at most 500 MiB (golang.org/x/mod/zip MaxZipFile), unpacked too.
const DEFAULT_MAX_TOTAL_BYTES = 500 << 20;
const DEFAULT_MAX_ENTRIES = 100_000;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const EXTRA_ZIP64 = 0x0001;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

// archive/zip's error texts.
const NOT_A_ZIP = 'zip: not a valid zip file';
const UNSUPPORTED = 'zip: unsupported compression algorithm';
const CHECKSUM = 'zip: checksum error';

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Reads every entry, in central-directory order, decompressed and checked. */
export function readZipEntries(zip: Uint8Array, limits: ZipLimits = {}): { name: string; data: Uint8Array }[] {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const maxEntries = limits.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxTotal = limits.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;

  const entries = readCentralDirectory(buf, maxEntries);
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > maxTotal) throw new ZipError(`zip: uncompressed size exceeds the limit of ${maxTotal} bytes`);
  }
  return entries.map((e) => ({ name: e.name, data: readEntryData(buf, e) }));
}

function u16(buf: Buffer, at: number): number {
  if (at < 0 || at + 2 > buf.length) throw new ZipError(NOT_A_ZIP);
  return buf.readUInt16LE(at);
}
function u32(buf: Buffer, at: number): number {
  if (at < 0 || at + 4 > buf.length) throw new ZipError(NOT_A_ZIP);
  return buf.readUInt32LE(at);
}
function u64(buf: Buffer, at: number): number {
  if (at < 0 || at + 8 > buf.length) throw new ZipError(NOT_A_ZIP);
  const n = buf.readBigUInt64LE(at);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError(NOT_A_ZIP);
  return Number(n);
}

function findEnd(buf: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let at = buf.length - 22; at >= stop; at--) {
    if (buf[at] === 0x50 && buf.readUInt32LE(at) === SIG_END && at + 22 + buf.readUInt16LE(at + 20) <= buf.length) return at;
  }
  throw new ZipError(NOT_A_ZIP);
}

function readCentralDirectory(buf: Buffer, maxEntries: number): CentralEntry[] {
  const end = findEnd(buf);
  let count = u16(buf, end + 10);
  let dirSize = u32(buf, end + 12);
  let dirOffset = u32(buf, end + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    // zip64: the locator sits just before the end record and points at the zip64 end record.
    const loc = end - 20;
    if (u32(buf, loc) !== SIG_END64_LOCATOR) throw new ZipError(NOT_A_ZIP);
    const end64 = u64(buf, loc + 8);
    if (u32(buf, end64) !== SIG_END64) throw new ZipError(NOT_A_ZIP);
    count = u64(buf, end64 + 32);
    dirSize = u64(buf, end64 + 40);
    dirOffset = u64(buf, end64 + 48);
  }
  if (count > maxEntries) throw new ZipError(`zip: more than ${maxEntries} files`);
  if (dirOffset + dirSize > buf.length) throw new ZipError(NOT_A_ZIP);

  const entries: CentralEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (u32(buf, at) !== SIG_CENTRAL) throw new ZipError(NOT_A_ZIP);
    const flags = u16(buf, at + 8);
    const method = u16(buf, at + 10);
    const crc = u32(buf, at + 16);
    let compressedSize = u32(buf, at + 20);
    let size = u32(buf, at + 24);
    const nameLen = u16(buf, at + 28);
    const extraLen = u16(buf, at + 30);
    const commentLen = u16(buf, at + 32);
    let localOffset = u32(buf, at + 42);
    const nameStart = at + 46;
    const extraStart = nameStart + nameLen;
    const next = extraStart + extraLen + commentLen;
    if (next > buf.length) throw new ZipError(NOT_A_ZIP);
    const nameBytes = buf.subarray(nameStart, extraStart);
    if (!isUtf8(nameBytes)) throw new ZipError('zip: file name is not valid UTF-8');

    // zip64 extra field: the 64-bit values appear only for fields saturated in the fixed header.
    for (let x = extraStart; x + 4 <= extraStart + extraLen; ) {
      const tag = u16(buf, x);
      const len = u16(buf, x + 2);
      const body = x + 4;
      if (body + len > extraStart + extraLen) throw new ZipError(NOT_A_ZIP);
      if (tag === EXTRA_ZIP64) {
        let f = body;
        const take = (): number => {
          if (f + 8 > body + len) throw new ZipError(NOT_A_ZIP);
          const v = u64(buf, f);
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      x = body + len;
    }
    entries.push({ name: nameBytes.toString('utf8'), method, flags, crc, compressedSize, size, localOffset });
    at = next;
  }
  return entries;
}

function readEntryData(buf: Buffer, e: CentralEntry): Uint8Array {
  if (e.flags & 0x1) throw new ZipError(`zip: ${e.name} is encrypted`);
  const local = e.localOffset;
  if (u32(buf, local) !== SIG_LOCAL) throw new ZipError(NOT_A_ZIP);
  const start = local + 30 + u16(buf, local + 26) + u16(buf, local + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new ZipError(NOT_A_ZIP);
  const raw = buf.subarray(start, end);

  let data: Buffer;
  if (e.method === METHOD_STORED) {
    if (e.compressedSize !== e.size) throw new ZipError(NOT_A_ZIP);
    data = raw;
  } else if (e.method === METHOD_DEFLATE) {
    try {
      // One byte of headroom, so a stream that inflates past its declared size is caught, not trusted.
      data = zlib.inflateRawSync(raw, { maxOutputLength: e.size + 1 });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError(`zip: ${e.name} is larger than its declared size`);
      throw new ZipError(`zip: ${e.name}: corrupt deflate data`);
    }
    if (data.length !== e.size) throw new ZipError(`zip: ${e.name} is ${data.length > e.size ? 'larger' : 'smaller'} than its declared size`);
  } else {
    throw new ZipError(UNSUPPORTED);
  }
  if (zlib.crc32(data) >>> 0 !== e.crc >>> 0) throw new ZipError(CHECKSUM);
  return data;
}

/**
 * The hash of a go.sum module line: Hash1 over the zip's entries under their stored names
 * ("module@version/file"). Like Go's HashZip, a repeated name is listed twice but read from its last entry.
 */
export function hashModuleZip(zip: Uint8Array): string {
  const entries = readZipEntries(zip);
  const last = new Map<string, Uint8Array>();
  for (const e of entries) last.set(e.name, e.data);
  return hash1(entries.map((e) => ({ name: e.name, data: last.get(e.name)! })));
}
