// Owns: decoding HPACK's Huffman-coded strings (RFC 7541 section 5.2, the code of its Appendix B).
// The code is canonical, so each symbol's code length is all it takes to rebuild it: codes are handed out in
// order of length, then of symbol. Only decoding is needed: our requests are sent uncoded.
// Must never: accept EOS inside a string, or padding that is longer than 7 bits or not all ones.

/** Code lengths in bits for bytes 0-255, then EOS (256). */
export const CODE_LENGTHS: readonly number[] = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
  28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
  5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
  7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
  6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
  24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
  21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
  26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];

const EOS = 256;

/** The canonical code of each symbol, from the lengths alone. */
export function canonicalCodes(lengths: readonly number[] = CODE_LENGTHS): number[] {
  const order = lengths.map((_, symbol) => symbol).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const codes = new Array<number>(lengths.length);
  let code = 0;
  let length = lengths[order[0]];
  for (const symbol of order) {
    code *= 2 ** (lengths[symbol] - length);
    length = lengths[symbol];
    codes[symbol] = code++;
  }
  return codes;
}

/**
 * The code as a binary tree in one array: node n's children for bit 0 and 1 are at 2n and 2n+1; a value above
 * zero is the next node, -(symbol + 1) a leaf. Node 0 is the root.
 */
function buildTree(): Int32Array {
  const codes = canonicalCodes();
  const tree = new Int32Array(2 * 2 * CODE_LENGTHS.length);
  let nodes = 1;
  CODE_LENGTHS.forEach((length, symbol) => {
    let node = 0;
    for (let bit = length - 1; bit >= 0; bit--) {
      const slot = 2 * node + ((codes[symbol] >>> bit) & 1); // codes are at most 30 bits
      if (bit === 0) tree[slot] = -(symbol + 1);
      else node = tree[slot] > 0 ? tree[slot] : (tree[slot] = nodes++);
    }
  });
  return tree;
}

/** Built on the first decode, not when the module loads: a process that never speaks HTTP/2 never pays for it (~1 ms). */
let tree: Int32Array | undefined;

export class HuffmanError extends Error {}

/** The bytes `coded` stands for, as a latin1 string (header bytes, one char each). */
export function huffmanDecode(coded: Uint8Array): string {
  const codeTree = (tree ??= buildTree());
  const out = Buffer.allocUnsafe(Math.ceil((coded.length * 8) / 5));
  let length = 0;
  let node = 0;
  // Bits read since the last symbol, and whether all of them were ones: the only padding allowed.
  let pending = 0;
  let allOnes = true;
  for (let i = 0; i < coded.length; i++) {
    const byte = coded[i];
    for (let bit = 7; bit >= 0; bit--) {
      const one = (byte >> bit) & 1;
      const next = codeTree[2 * node + one];
      pending++;
      allOnes &&= one === 1;
      if (next > 0) {
        node = next;
        continue;
      }
      const symbol = -next - 1;
      if (symbol === EOS) throw new HuffmanError('EOS in a Huffman-coded string');
      out[length++] = symbol;
      node = 0;
      pending = 0;
      allOnes = true;
    }
  }
  if (pending > 7 || !allOnes) throw new HuffmanError('invalid Huffman padding');
  return out.toString('latin1', 0, length);
}
