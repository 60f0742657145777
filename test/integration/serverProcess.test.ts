import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { HELD_YOUNG_GENERATION_BYTES } from '../../server/src/cli/heapPolicy';
import { SERVER_HEAP_ARGS, serverNodeArgs } from '../../server/src/shared/serverProcess';
import { ROOT } from '../support/built';
import { tempDir } from '../support/sumdbClientSetup';

describe('the language server process', function () {
  it('starts with a heap limit V8 accepts and applies (768 MB old generation, 2 MB semi-spaces)', function () {
    const r = spawnSync(process.execPath, [...SERVER_HEAP_ARGS, '-e',
      'const s = require("v8").getHeapStatistics(); console.log(JSON.stringify({ limit: s.heap_size_limit }))'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { limit } = JSON.parse(r.stdout) as { limit: number };
    const plain = spawnSync(process.execPath, ['-e', 'console.log(require("v8").getHeapStatistics().heap_size_limit)'], { encoding: 'utf8' });
    // The old generation plus the young generation's reserve (three semi-spaces), whatever Node's default here.
    assert.equal(limit, (768 + 3 * 2) * 2 ** 20, `heap limit ${limit / 2 ** 20} MB`);
    assert.notEqual(limit, Number(plain.stdout), 'the flags changed the limit');
  });

  it('lets the old generation grow only 1.2 times past its live data before a full collection', function () {
    this.timeout(30_000);
    // 60 MB kept, and arrays that outlive a few young collections before they die in the old generation, as an
    // edit's old text and verdicts do: the largest heap reached, over the live data left at the end. V8's own
    // factor under these limits gives about 1.9 here; 1.2 gives about 1.6 (the old generation's step on top).
    const program = `const live = []; for (let i = 0; i < 800000; i++) live.push({ a: i, b: 'x' + i });
      let max = 0; const held = [];
      for (let r = 0; r < 300; r++) {
        held.push(new Array(20000).fill(0).map((_, i) => ({ i })));
        if (held.length > 4) held.shift();
        max = Math.max(max, process.memoryUsage().heapTotal);
      }
      held.length = 0;
      gc();
      console.log(max / process.memoryUsage().heapUsed + live.length * 0);`;
    // From a file: code given with -e keeps other objects alive, and the figures wander.
    const file = path.join(tempDir('heap-growth'), 'growth.js');
    writeFileSync(file, program);
    const r = spawnSync(process.execPath, [...SERVER_HEAP_ARGS, '--expose-gc', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const growth = Number(r.stdout);
    assert.ok(growth > 1 && growth < 1.75, `the heap grew to ${growth.toFixed(2)} times its live data`);
  });

  it('the command-line tool, started with none of these, takes its heap policy as it starts: its young generation held at two 4 MB semi-spaces where V8 would let it grow', function () {
    this.timeout(30_000);
    // Objects that outlive a few young collections and then die, as a cold check's request objects do, ~1 MB per
    // turn of the event loop (the tool's work is sliced): the young generation's size at the end, with the policy
    // set from inside the running process and without.
    const program = `if (process.env.POLICY) require(${JSON.stringify(path.join(ROOT, 'server/src/cli/heapPolicy.ts'))}).setCliHeapPolicy();
      const live = []; const held = []; let peak = 0;
      (async () => {
        for (let i = 0; i < 200000; i++) {
          live.push({ a: i, b: 'x' + i });
          if (i % 20000 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        for (let r = 0; r < 300; r++) {
          held.push(new Array(20000).fill(0).map((_, i) => ({ i })));
          if (held.length > 4) held.shift();
          peak = Math.max(peak, process.memoryUsage().heapTotal);
          await new Promise((resolve) => setImmediate(resolve)); // observers run between turns
        }
        const young = require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
        console.log(JSON.stringify({ young: young + live.length * 0, peak }));
      })();`;
    const file = path.join(tempDir('heap-running'), 'churn.js');
    writeFileSync(file, program);
    const run = (policy: boolean): { young: number; peak: number } => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', env: { ...process.env, POLICY: policy ? '1' : '' } });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { young: number; peak: number };
    };
    const plain = run(false);
    const ours = run(true);
    assert.equal(ours.young, HELD_YOUNG_GENERATION_BYTES, `young generation ${ours.young / 2 ** 20} MB`);
    assert.ok(plain.young > HELD_YOUNG_GENERATION_BYTES, `without the policy the young generation grew to ${plain.young / 2 ** 20} MB`);
    // What the policy is for: a smaller heap for the same work.
    assert.ok(ours.peak < 0.9 * plain.peak, `peak heap ${(ours.peak / 2 ** 20).toFixed(0)} MB with the policy, ${(plain.peak / 2 ** 20).toFixed(0)} MB without`);
  });

  it('gives V8 no more helper threads than CPUs (at most four, as Node has), and Node takes the option', function () {
    assert.ok(serverNodeArgs(2).includes('--v8-pool-size=2'));
    assert.ok(serverNodeArgs(1).includes('--v8-pool-size=1'));
    assert.ok(serverNodeArgs(3).includes('--v8-pool-size=3'));
    assert.ok(serverNodeArgs(64).includes('--v8-pool-size=4'));
    if (!existsSync('/proc/self/task')) this.skip();
    // The process's threads: two fewer with two helpers than with four.
    const threads = (cpus: number) => {
      const r = spawnSync(process.execPath, [...serverNodeArgs(cpus), '-e', 'console.log(require("fs").readdirSync("/proc/self/task").length)'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return Number(r.stdout);
    };
    assert.equal(threads(64) - threads(2), 2);
  });
});
