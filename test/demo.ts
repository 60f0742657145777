// `npm start`: audits the bundled example module (test/fixtures/example, one tampered go.sum line) against a
// local checksum database started here on 127.0.0.1 from the REAL hashes (taken from the reference go.sum
// files), by running the built CLI as a user would. Exits 0 when the tampered line was caught.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './support/built';
import { runCli } from './support/builtCli';
import { startSumdbServer } from './support/sumdbServer';

const example = path.join('test', 'fixtures', 'example');
const referenceDir = path.join(ROOT, 'test', 'fixtures', 'reference', 'gosum');

/** "module version[/go.mod]" → the real line, from every reference go.sum. */
function realLines(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(referenceDir)) {
    for (const line of readFileSync(path.join(referenceDir, f), 'utf8').split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields.length === 3) out.set(`${fields[0]} ${fields[1]}`, fields.join(' '));
    }
  }
  return out;
}

async function main(): Promise<number> {
  const real = realLines();
  const exampleLines = readFileSync(path.join(ROOT, example, 'go.sum'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const truth = exampleLines.map((l) => {
    const [m, v] = l.split(/\s+/);
    const r = real.get(`${m} ${v}`);
    if (!r) throw new Error(`no real hash for ${m} ${v} in ${referenceDir}`);
    return r;
  });
  const tampered = exampleLines.map((l, i) => ({ line: i + 1, text: l })).filter((x, i) => x.text !== truth[i]);

  const db = await startSumdbServer({ goSumLines: truth });
  const home = mkdtempSync(path.join(os.tmpdir(), 'gosum-doctor-demo-'));
  try {
    console.log(`A local checksum database "${db.name}" is serving the real hashes of ${truth.length} go.sum lines at ${db.url}.\n`);
    console.log(`$ GOSUMDB="${db.name}+… ${db.url}" gosum-doctor check ${example}`);
    const r = await runCli(['check', example], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        GOENV: 'off',
        GOPATH: path.join(home, 'go'),
        GOPROXY: 'off',
        GOSUMDB: `${db.verifierKey} ${db.url}`,
        GOSUM_DOCTOR_CACHE: path.join(home, 'cache'),
      },
      timeoutMs: 60_000,
    });
    process.stdout.write(r.stdout);
    process.stdout.write(r.stderr);
    console.log(`[exit status ${r.code}]\n`);
    const caught = r.code === 1 && tampered.length > 0 && tampered.every((x) => r.stdout.includes(`go.sum:${x.line}:1: error: ${db.name} holds `) && r.stdout.includes('checksum mismatch'));
    if (caught) {
      console.log(`What happened: every go.sum line was looked up in the checksum database and proven to be in its signed log;`);
      console.log(`line ${tampered.map((x) => x.line).join(', ')} holds a hash the database never recorded for that release, so it is reported as a checksum mismatch (a syntax check cannot see this).`);
      return 0;
    }
    console.log('The demo did NOT behave as expected: the tampered line was not reported as a mismatch.');
    return 1;
  } finally {
    await db.close();
    rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  }
}

main().then((code) => { process.exitCode = code; }, (err) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exitCode = 2;
});
