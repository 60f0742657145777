// `npm start`: runs the built CLI on the bundled example module and shows what it says.
// For now a syntax check; the local checksum database joins in a later issue.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const example = path.join('test', 'fixtures', 'example');
console.log(`$ gosum-doctor check ${example}`);
const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', example], { cwd: root, encoding: 'utf8', timeout: 60_000 });
process.stdout.write(r.stdout ?? '');
process.stderr.write(r.stderr ?? '');
console.log(`[exit status ${r.status}]${r.status === 0 ? ' (no syntax problems; the tampered line in go.sum is well-formed, so only the checksum database can catch it)' : ''}`);
process.exitCode = r.status === null ? 2 : 0;
