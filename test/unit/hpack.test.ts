// HPACK (h2/hpack.ts, h2/hpackHuffman.ts) against RFC 7541's own examples (Appendix C): the same fields, and
// the same dynamic table after each block; and what a decoder must refuse. Go's encoder is the other check
// (transportH2GoServer.test.ts).
import assert from 'node:assert/strict';
import { HpackDecoder, HpackError, RequestEncoder } from '../../server/src/transport/h2/hpack';
import { canonicalCodes, CODE_LENGTHS, HuffmanError, huffmanDecode } from '../../server/src/transport/h2/hpackHuffman';
import { prng } from '../support/fuzz';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const pairs = (fields: string[]) => fields.flatMap((_, i) => (i % 2 ? [] : [[fields[i], fields[i + 1]]]));

describe('HPACK', () => {
  describe('Huffman (RFC 7541 Appendix B)', () => {
    it('is a complete prefix code of 257 symbols (Kraft: the sum of 2^-length is exactly 1), EOS thirty ones', () => {
      assert.equal(CODE_LENGTHS.length, 257);
      assert.equal(CODE_LENGTHS.reduce((sum, length) => sum + 2 ** (30 - length), 0), 2 ** 30);
      assert.equal(canonicalCodes()[256], 2 ** 30 - 1);
      // Two entries of the RFC's table, as printed there: '0' is 00000, 'a' is 00011, 'z' is 1111011.
      assert.deepEqual([48, 97, 122].map((b) => canonicalCodes()[b]), [0b00000, 0b00011, 0b1111011]);
    });

    it('decodes the examples of RFC 7541 C.4 and C.6', () => {
      const examples: [string, string][] = [
        ['f1e3 c2e5 f23a 6ba0 ab90 f4ff', 'www.example.com'],
        ['a8eb 1064 9cbf', 'no-cache'],
        ['25a8 49e9 5ba9 7d7f', 'custom-key'],
        ['25a8 49e9 5bb8 e8b4 bf', 'custom-value'],
        ['6402', '302'],
        ['aec3 771a 4b', 'private'],
        ['d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff', 'Mon, 21 Oct 2013 20:13:21 GMT'],
        ['9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3', 'https://www.example.com'],
      ];
      for (const [coded, text] of examples) assert.equal(huffmanDecode(hex(coded)), text);
    });

    it('every byte, coded alone and padded with ones, decodes to itself', () => {
      const codes = canonicalCodes();
      for (let b = 0; b < 256; b++) {
        const bits = codes[b].toString(2).padStart(CODE_LENGTHS[b], '0');
        const padded = bits + '1'.repeat((8 - (bits.length % 8)) % 8);
        const bytes = Buffer.from(padded.match(/.{8}/g)!.map((x) => parseInt(x, 2)));
        assert.equal(huffmanDecode(bytes), String.fromCharCode(b), `byte ${b}`);
      }
    });

    it('refuses EOS in a string, padding of 8 bits or more, and padding that is not all ones', () => {
      assert.throws(() => huffmanDecode(hex('ffff ffff')), HuffmanError); // EOS is 30 ones
      assert.throws(() => huffmanDecode(hex('1f ff')), HuffmanError); // 'a' (00011) then 11 bits of ones
      assert.throws(() => huffmanDecode(hex('18')), HuffmanError); // 'a' then 000
    });
  });

  describe('decoding header blocks', () => {
    it('RFC 7541 C.3 and C.4: three requests on one connection, without and with Huffman', () => {
      for (const blocks of [
        ['828684410f7777772e6578616d706c652e636f6d', '828684be58086e6f2d6361636865', '828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565'],
        ['828684418cf1e3c2e5f23a6ba0ab90f4ff', '828684be5886a8eb10649cbf', '828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf'],
      ]) {
        const d = new HpackDecoder(65_536);
        assert.deepEqual(pairs(d.decode(hex(blocks[0])).fields), [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']]);
        assert.deepEqual(pairs(d.decode(hex(blocks[1])).fields), [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']]);
        assert.deepEqual(pairs(d.decode(hex(blocks[2])).fields), [[':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value']]);
      }
    });

    it('RFC 7541 C.5 and C.6: three responses with a 256-byte table, entries evicted as they say', () => {
      // The examples' table is 256 bytes: a size update at the head of the first block says so.
      const resize = '3fe101';
      for (const blocks of [
        [
          '4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d',
          '4803333037c1c0bf',
          '88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31',
        ],
        [
          '488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3',
          '4883640effc1c0bf',
          '88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007',
        ],
      ]) {
        const d = new HpackDecoder(65_536);
        const date = (s: number) => `Mon, 21 Oct 2013 20:13:${s} GMT`;
        assert.deepEqual(pairs(d.decode(hex(resize + blocks[0])).fields), [[':status', '302'], ['cache-control', 'private'], ['date', date(21)], ['location', 'https://www.example.com']]);
        assert.deepEqual(pairs(d.decode(hex(blocks[1])).fields), [[':status', '307'], ['cache-control', 'private'], ['date', date(21)], ['location', 'https://www.example.com']]);
        assert.deepEqual(pairs(d.decode(hex(blocks[2])).fields), [
          [':status', '200'], ['cache-control', 'private'], ['date', date(22)], ['location', 'https://www.example.com'],
          ['content-encoding', 'gzip'], ['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'],
        ]);
      }
    });

    it('refuses what RFC 7541 forbids, and what would take more than the cap', () => {
      const refused: [string, string][] = [
        ['80', 'index 0'],
        ['c0', 'an index past the tables'],
        ['88 3f e1 01', 'a size update after a field'],
        ['3f e2 1f', 'a size update past our 4,096 bytes'],
        ['0f ff ff ff ff 7f', 'an integer past 2^28'],
        ['00 05 61', 'a string past the block'],
        ['0f', 'a block that ends inside a field'],
      ];
      for (const [block, what] of refused) assert.throws(() => new HpackDecoder(65_536).decode(hex(block)), HpackError, what);
      // 'x' with a 100-byte value, then named 10 times: 11 x 133 bytes of fields against a 1,000-byte cap. The list
      // is cut after 7 (as Go's framer marks it Truncated), and the block is decoded to its end all the same: the
      // next block still finds the entry.
      const entry = Buffer.concat([hex('40 01 78 64'), Buffer.alloc(100, 0x61)]);
      const d = new HpackDecoder(1000);
      const cut = d.decode(Buffer.concat([entry, Buffer.alloc(10, 0xbe)]));
      assert.equal(cut.truncated, true);
      assert.equal(cut.fields.length, 14);
      assert.deepEqual(d.decode(Buffer.from([0xbe])), { fields: ['x', 'a'.repeat(100)], truncated: false });
    });
  });

  it("encodes a request's headers as one block the decoder reads back, pseudo-headers first", () => {
    const headers = { 'user-agent': 'gosum-doctor', Host: 'ignored' };
    const e = new RequestEncoder('sum.golang.org', headers);
    const frame = e.encode(`/lookup/${'m'.repeat(200)}@v1.0.0`, 9);
    assert.deepEqual(pairs(new HpackDecoder(65_536).decode(frame.subarray(9)).fields), [
      [':method', 'GET'], [':scheme', 'https'], [':authority', 'sum.golang.org'], [':path', `/lookup/${'m'.repeat(200)}@v1.0.0`], ['user-agent', 'gosum-doctor'],
    ]);
    assert.ok(e.madeFor(headers));
    assert.ok(!e.madeFor({ 'user-agent': 'other' }));
  });
});


describe('HPACK against random and mutated blocks (seeded)', () => {
  const rfcBlocks = [
    '828684410f7777772e6578616d706c652e636f6d', '828684be5886a8eb10649cbf',
    '488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3',
  ].map((h) => Buffer.from(h, 'hex'));

  /** Decodes, and lets only the decoder's own refusal through: anything else thrown is a bug. */
  function decodeOrRefuse(d: HpackDecoder, block: Buffer): void {
    try {
      const { fields } = d.decode(block);
      assert.equal(fields.length % 2, 0);
      for (const f of fields) assert.equal(typeof f, 'string');
    } catch (err) {
      if (!(err instanceof HpackError)) throw err;
    }
  }

  it('random bytes, and the RFC blocks with bytes flipped, cut or repeated, decode or are refused as HPACK errors', () => {
    const rand = prng(1407);
    const d = new HpackDecoder(65_536);
    for (let i = 0; i < 20_000; i++) {
      const base = rfcBlocks[i % rfcBlocks.length];
      let block: Buffer;
      if (i % 2 === 0) block = Buffer.from(Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)));
      else {
        block = Buffer.from(base);
        for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) block[Math.floor(rand() * block.length)] = Math.floor(rand() * 256);
        if (rand() < 0.3) block = block.subarray(0, Math.floor(rand() * block.length));
        if (rand() < 0.2) block = Buffer.concat([block, block]);
      }
      // One decoder throughout, as on a connection: its table carries whatever earlier blocks left in it.
      decodeOrRefuse(d, block);
    }
  });

  it('random bytes Huffman-decode or are refused as Huffman errors', () => {
    const rand = prng(7541);
    for (let i = 0; i < 20_000; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 256)));
      try {
        huffmanDecode(bytes);
      } catch (err) {
        if (!(err instanceof HuffmanError)) throw err;
      }
    }
  });
});
