// The code cache's file: V8's data reaches V8 only when the file is whole and was made for exactly these bundle
// bytes on this runtime (V8 itself compares only the source's length).
import assert from 'node:assert/strict';
import { codeCacheKey, decodeCodeCache, encodeCodeCache, type RuntimeIdentity } from '../../server/src/codeCache';

const RUNTIME: RuntimeIdentity = { node: 'v20.20.2', v8: '11.3.244.8-node.38', arch: 'x64', execArgv: ['--max-semi-space-size=2'], nodeOptions: '' };
const BUNDLE = Buffer.from('function f(x) { return x * 2; }\nmodule.exports = f(21);\n');
const DATA = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff));

describe('the code cache file', function () {
  const key = codeCacheKey(BUNDLE, RUNTIME);

  it('gives back the data it was written with, for the key it was written for', function () {
    const decoded = decodeCodeCache(encodeCodeCache(key, DATA), key);
    assert.equal(decoded.use, 'used');
    assert.deepEqual(decoded.data, DATA);
  });

  it('is for other code when the bundle differs in one byte, even at the same length', function () {
    const edited = Buffer.from(BUNDLE);
    edited[BUNDLE.indexOf('2')] = '3'.charCodeAt(0);
    const otherKey = codeCacheKey(edited, RUNTIME);
    assert.notEqual(otherKey, key);
    assert.deepEqual(decodeCodeCache(encodeCodeCache(key, DATA), otherKey), { use: 'other-code' });
  });

  it('is for other code on another Node, V8, CPU, or with other flags', function () {
    const others: RuntimeIdentity[] = [
      { ...RUNTIME, node: 'v22.12.0' },
      { ...RUNTIME, v8: '12.4.254.21-node.21' },
      { ...RUNTIME, arch: 'arm64' },
      { ...RUNTIME, execArgv: ['--max-semi-space-size=4'] },
      { ...RUNTIME, nodeOptions: '--max-old-space-size=4096' },
    ];
    for (const runtime of others) assert.notEqual(codeCacheKey(BUNDLE, runtime), key, JSON.stringify(runtime));
  });

  it('is damaged, and its data never handed out, when any byte of it changed or it was cut short', function () {
    const file = encodeCodeCache(key, DATA);
    for (const at of [0, 10, file.length - DATA.length - 1, file.length - DATA.length, file.length - 1]) {
      const flipped = Buffer.from(file);
      flipped[at] ^= 0x01;
      const decoded = decodeCodeCache(flipped, key);
      assert.ok(decoded.use === 'damaged' || decoded.use === 'other-code', `byte ${at}: ${decoded.use}`);
      assert.equal(decoded.data, undefined, `byte ${at}`);
    }
    for (const length of [0, 20, file.length - DATA.length, file.length - 1]) {
      assert.deepEqual(decodeCodeCache(file.subarray(0, length), key), { use: 'damaged' }, `cut at ${length}`);
    }
    assert.deepEqual(decodeCodeCache(Buffer.from('not a cache at all\n'.repeat(20)), key), { use: 'damaged' });
  });
});
