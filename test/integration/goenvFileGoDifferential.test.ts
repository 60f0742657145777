// The go env file and the process environment read beside the go command: seeded env files with the lines people
// and tools leave there (comments, lower-case or indented names, CRLF, a byte order mark, quotes, "export ",
// repeats, values holding "=", no final newline), with some of the same variables set, or set empty, in the
// process environment. `go env -json` and our resolution must give the same value for every variable go reports.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareWithGo, runGoEnv } from '../../server/src/goenv/goCommand';
import { resolveGoEnv } from '../../server/src/goenv/resolve';
import { readEnvSources } from '../../server/src/goenv/sources';
import { goOnPath } from '../support/goEnv';
import { randomInts } from '../support/fuzz';

/** Variables a module download reads; GOPATH, GOROOT and GOFLAGS stay out (go refuses bad ones before printing). */
const NAMES = ['GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GONOPROXY', 'GOPRIVATE', 'GOINSECURE'];
const VALUES = ['https://goproxy.cn,direct', 'off', 'direct', '', 'sum.golang.google.cn', 'corp.example.com,*.internal', '"https://quoted.example"',
  ' https://spaced.example ', 'a=b', 'https://proxy.example|https://fallback.example', 'gosum.io+ce6e7565+AY5qEHUk/qmHc5btzW45JVoENfazw8LielDsaI+lEbq6', '\t', 'é.example'];

/** One line of an env file as people and tools leave them. */
function seededLine(int: (n: number) => number): string {
  const name = NAMES[int(NAMES.length)];
  const value = VALUES[int(VALUES.length)];
  switch (int(12)) {
    case 0: return `# ${name}=${value}`;
    case 1: return `${name.toLowerCase()}=${value}`;
    case 2: return ` ${name}=${value}`;
    case 3: return `export ${name}=${value}`;
    case 4: return `${name} =${value}`;
    case 5: return name;
    case 6: return `${name}=${value}\r`;
    case 7: return `\ufeff${name}=${value}`;
    case 8: return '';
    default: return `${name}=${value}`;
  }
}

function seededFile(seed: number): string {
  const int = randomInts(seed);
  const lines = Array.from({ length: 1 + int(8) }, () => seededLine(int));
  return lines.join('\n') + (int(3) === 0 ? '' : '\n');
}

/** Some of the variables in the process environment too: set, or set to the empty string (Go then reads the file). */
function seededProcessEnv(seed: number): Record<string, string> {
  const int = randomInts(seed + 1_000_003);
  const env: Record<string, string> = {};
  for (const name of NAMES) {
    const pick = int(6);
    if (pick === 0) env[name] = '';
    else if (pick === 1) env[name] = VALUES[int(VALUES.length)];
  }
  return env;
}

describe('the go env file and the environment beside the go command', function () {
  this.timeout(120_000);
  let dir: string;
  before(function () {
    if (!goOnPath()) this.skip();
    dir = mkdtempSync(path.join(os.tmpdir(), 'goenv-differential-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('120 seeded env files and environments, and empty values written in the file: every value go env -json reports, ours the same', async () => {
    // Written empty: before Go 1.21 (no GOROOT/go.env) the built-in default; GONOSUMDB then falls back to GOPRIVATE.
    const fixed = ['GOPROXY=\nGOSUMDB=\n', 'GOPRIVATE=corp.example\nGONOSUMDB=\nGONOPROXY=\n', 'GOSUMDB=off\nGOSUMDB=\n'];
    const files = [...fixed, ...Array.from({ length: 120 }, (_, seed) => seededFile(seed))];
    const envs = [...fixed.map(() => ({})), ...Array.from({ length: 120 }, (_, seed) => seededProcessEnv(seed))];
    const differ: string[] = [];
    for (let n = 0; n < files.length; n++) {
      const file = path.join(dir, `env-${n}`);
      writeFileSync(file, files[n]);
      const proc = { PATH: process.env.PATH ?? '', HOME: dir, GOENV: file, GOTOOLCHAIN: 'local', ...envs[n] };
      const go = await runGoEnv({ process: proc, cwd: dir });
      assert.ok(go.ok, `case ${n}: ${JSON.stringify(go)}`);
      const ours = resolveGoEnv(await readEnvSources({ process: proc, cwd: dir }));
      for (const d of compareWithGo(ours, go.values)) {
        differ.push(`case ${n} ${d.name}: go ${JSON.stringify(d.go)}, ours ${JSON.stringify(d.ours)}\n  file ${JSON.stringify(files[n])}\n  env ${JSON.stringify(envs[n])}`);
      }
    }
    assert.equal(differ.length, 0, `${differ.length} of ${files.length} cases differ; the first:\n${differ.slice(0, 6).join('\n')}`);
  });
});
