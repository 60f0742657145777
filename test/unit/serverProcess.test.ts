import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SERVER_NODE_ARGS } from '../../server/src/serverProcess';

describe('the language server process', function () {
  it('starts with a heap limit V8 accepts and applies (768 MB old generation, 8 MB semi-space)', function () {
    const r = spawnSync(process.execPath, [...SERVER_NODE_ARGS, '-e',
      'const s = require("v8").getHeapStatistics(); console.log(JSON.stringify({ limit: s.heap_size_limit }))'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { limit } = JSON.parse(r.stdout) as { limit: number };
    const plain = spawnSync(process.execPath, ['-e', 'console.log(require("v8").getHeapStatistics().heap_size_limit)'], { encoding: 'utf8' });
    // The old generation plus the young generation's reserve, whatever Node's default on this machine.
    assert.ok(limit > 768 * 2 ** 20 && limit < 820 * 2 ** 20, `heap limit ${limit}`);
    assert.notEqual(limit, Number(plain.stdout), 'the flags changed the limit');
  });
});
