import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { RUNNING_PROCESS_HEAP_FLAGS } from '../../server/src/cli/heapFlags';
import { tempDir } from '../support/sumdbClientSetup';

describe('the command-line tool\'s heap flags', function () {
  it('the command-line tool, started with none of these, takes its heap flags as it starts: a smaller heap for the same work', function () {
    this.timeout(30_000);
    // Objects that outlive a few young collections and then die, as a cold check's request objects do: the
    // largest heap reached, with the flags set from inside the running process and without.
    const program = `if (process.env.FLAGS) for (const f of JSON.parse(process.env.FLAGS)) require('v8').setFlagsFromString(f);
      const live = []; for (let i = 0; i < 200000; i++) live.push({ a: i, b: 'x' + i });
      let max = 0; const held = [];
      for (let r = 0; r < 300; r++) {
        held.push(new Array(20000).fill(0).map((_, i) => ({ i })));
        if (held.length > 4) held.shift();
        max = Math.max(max, process.memoryUsage().heapTotal);
      }
      console.log(max + live.length * 0);`;
    const file = path.join(tempDir('heap-running'), 'churn.js');
    writeFileSync(file, program);
    const peak = (flags?: readonly string[]): number => {
      const r = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { ...process.env, FLAGS: flags ? JSON.stringify(flags) : '' } });
      assert.equal(r.status, 0, r.stderr);
      return Number(r.stdout);
    };
    const plain = peak();
    const ours = peak(RUNNING_PROCESS_HEAP_FLAGS);
    assert.ok(ours < 0.9 * plain, `peak heap ${(ours / 2 ** 20).toFixed(0)} MB with the flags, ${(plain / 2 ** 20).toFixed(0)} MB without`);
  });
});
