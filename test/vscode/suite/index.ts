// The mocha entry point VS Code calls inside the extension host (extensionTestsPath). Runs every
// *.test.js next to it (or GOSUM_DOCTOR_FILES), lets mocha print each result, and writes them to
// GOSUM_DOCTOR_RESULTS for runTest.mjs to count.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  const only = (process.env.GOSUM_DOCTOR_FILES ?? '').split(',').filter(Boolean);
  const present = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  const missing = only.filter((f) => !present.includes(f.replace(/\.ts$/, '.js')));
  if (missing.length) return Promise.reject(new Error(`suite files not found next to index.js: ${missing.join(', ')}`));
  // In the run's order (runs.ts): a run's own scenario first, the coexistence checks after it.
  for (const f of only.length ? only.map((x) => x.replace(/\.ts$/, '.js')) : present) {
    mocha.addFile(path.join(__dirname, f));
  }
  const results: { title: string; state: 'passed' | 'failed'; err?: string }[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (process.env.GOSUM_DOCTOR_RESULTS) fs.writeFileSync(process.env.GOSUM_DOCTOR_RESULTS, JSON.stringify({ failures, results }, null, 2));
      console.log(`[vscode] ${results.filter((r) => r.state === 'passed').length} passed, ${failures} failed (${process.env.GOSUM_DOCTOR_RUN ?? ''})`);
      if (failures) reject(new Error(`${failures} tests failed.`)); else resolve();
    });
    // mocha's spec reporter prints each result; these only feed the results file.
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed' }));
    runner.on('fail', (t, err: unknown) => results.push({ title: t.fullTitle(), state: 'failed', err: String((err as Error)?.stack ?? err) }));
  });
}
