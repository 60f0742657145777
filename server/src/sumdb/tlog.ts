// Owns: the public face of the transparency-log engine (golang.org/x/mod/sumdb/tlog): one import for the
// Merkle tree and proofs (merkle.ts), tiles (tile.ts) and tree/record texts (tlogText.ts).
// Must never: hold logic of its own, do I/O, or import vscode.

export * from './merkle';
export * from './tile';
export * from './tlogText';
