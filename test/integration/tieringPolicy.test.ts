// The command-line tool's tiering policy (cli/tieringPolicy.ts) takes effect when set in a running process: a hot
// function that V8 optimises with TurboFan otherwise stays on Sparkplug's baseline code. Checked against V8's own
// status bits (V8 11's runtime: 1 << 6 TurboFanned, 1 << 15 baseline), with a control run beside it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../support/built';

const TURBOFANNED = 1 << 6;
const BASELINE = 1 << 15;

function statusOfHotFunction(withPolicy: boolean): number {
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', path.join(ROOT, 'test', 'support', 'tieringChild.ts'), withPolicy ? 'policy' : 'none'],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { status: number }).status;
}

describe('the command-line tool\'s tiering policy', function () {
  this.timeout(120_000);

  it('a hot function is optimised by TurboFan without it, and stays on baseline code with it', () => {
    const control = statusOfHotFunction(false);
    assert.ok(control & TURBOFANNED, `control: status ${control}`);
    const policy = statusOfHotFunction(true);
    assert.equal(policy & TURBOFANNED, 0, `with the policy: status ${policy}`);
    assert.ok(policy & BASELINE, `with the policy, Sparkplug still compiles: status ${policy}`);
  });
});
