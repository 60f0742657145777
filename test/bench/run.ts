// `npm run bench`: runs every test/bench/*.bench.ts in turn, each in its own Node process so one bench's
// heap and JIT state cannot colour another's figures. The product's figures (product.bench.ts) come from the
// built CLI and language server, each in a process of its own.

import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const dir = __dirname;
const benches = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
let failed = 0;
for (const f of benches) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(dir, f)], { stdio: 'inherit', timeout: 600_000 });
  if (r.status !== 0) { failed++; console.log(`=== ${f} exited with ${r.status ?? r.signal}`); }
}
process.exitCode = failed ? 1 : 0;
