// Owns: the "h1:" hash of golang.org/x/mod/sumdb/dirhash (Hash1): SHA-256 over a summary listing, for
// each file in sorted name order, the hex SHA-256 of its content, two spaces, its name and a newline.
// Must never: do I/O, import vscode, or reorder, rename or filter the files it is given.

import crypto = require('node:crypto');

export class DirhashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirhashError';
  }
}

export interface HashedFile {
  name: string;
  data: Uint8Array;
}

/** Go's sort.Strings order: by UTF-8 bytes, which differs from JS string order above U+FFFF. */
function byUtf8(a: { key: Buffer }, b: { key: Buffer }): number {
  return Buffer.compare(a.key, b.key);
}

/** "h1:" + base64(SHA-256(summary)). Duplicate names are hashed as often as they appear, as in Go. */
export function hash1(files: HashedFile[]): string {
  const sorted = files.map((f) => ({ key: Buffer.from(f.name, 'utf8'), file: f })).sort(byUtf8);
  const summary = crypto.createHash('sha256');
  for (const { key, file } of sorted) {
    if (file.name.includes('\n')) throw new DirhashError('dirhash: filenames with newlines are not supported');
    const content = crypto.createHash('sha256').update(file.data).digest('hex');
    summary.update(`${content}  `);
    summary.update(key);
    summary.update('\n');
  }
  return 'h1:' + summary.digest('base64');
}

/**
 * The hash of a go.sum "/go.mod" line: Hash1 of one file named go.mod, as two one-shot hashes (a project's module
 * cache holds thousands of go.mod files, and each hash object made cost more than the hashing).
 */
export function hashGoMod(goMod: Uint8Array): string {
  const content = crypto.hash('sha256', goMod, 'hex');
  return 'h1:' + crypto.hash('sha256', `${content}  go.mod\n`, 'base64');
}
