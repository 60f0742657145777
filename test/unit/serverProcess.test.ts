import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SERVER_NODE_ARGS } from '../../server/src/serverProcess';

describe('the language server process', function () {
  it('starts with a heap limit V8 accepts and applies (768 MB old generation, 4 MB semi-spaces)', function () {
    const r = spawnSync(process.execPath, [...SERVER_NODE_ARGS, '-e',
      'const s = require("v8").getHeapStatistics(); console.log(JSON.stringify({ limit: s.heap_size_limit }))'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { limit } = JSON.parse(r.stdout) as { limit: number };
    const plain = spawnSync(process.execPath, ['-e', 'console.log(require("v8").getHeapStatistics().heap_size_limit)'], { encoding: 'utf8' });
    // The old generation plus the young generation's reserve (three semi-spaces), whatever Node's default here.
    assert.equal(limit, (768 + 3 * 4) * 2 ** 20, `heap limit ${limit / 2 ** 20} MB`);
    assert.notEqual(limit, Number(plain.stdout), 'the flags changed the limit');
  });
});
