// Our edits of the go env file (setVar, unsetVar) against the go command's own `go env -w` / `go env -u` on the
// same file: Go re-sorts and de-duplicates the file while we keep every other line byte for byte, so what must
// agree is what the go command then reads — `go env -json` of every variable, after Go's edit and after ours.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { setVar, unsetVar } from '../../server/src/shared/envFile';
import { goOnPath } from '../support/goEnv';
import { tempDir } from '../support/sumdbClientSetup';

/** A hand-kept file: comments, a duplicate, a line without a newline at the end, CRLF in a value. */
const FILE = [
  '# corporate settings',
  'GOPROXY=https://goproxy.cn,direct',
  'GOSUMDB=sum.golang.google.cn',
  'GOPRIVATE=corp.example.com',
  '',
  'GOFLAGS=-mod=mod\r',
  'GOPROXY=https://proxy.golang.org,direct',
  'GONOSUMDB=other.example.com',
].join('\n');

const VARIABLES = ['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOSUMDB', 'GOFLAGS', 'GOINSECURE'];

function go(goenv: string, args: string[]): string {
  return execFileSync('go', args, { env: { ...process.env, GOENV: goenv, GOTOOLCHAIN: 'local', GOFLAGS: '' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** What the go command reads from `goenv` for VARIABLES. */
function readByGo(goenv: string): Record<string, string> {
  return JSON.parse(go(goenv, ['env', '-json', ...VARIABLES])) as Record<string, string>;
}

describe('editing the go env file agrees with go env -w / -u', function () {
  this.timeout(60_000);
  before(function () {
    if (!goOnPath()) this.skip();
  });

  const cases: Array<{ args: string[]; ours: (text: string) => string }> = [
    { args: ['-u', 'GOPROXY'], ours: (t) => unsetVar(t, 'GOPROXY') },
    { args: ['-u', 'GOFLAGS'], ours: (t) => unsetVar(t, 'GOFLAGS') },
    { args: ['-u', 'GOINSECURE'], ours: (t) => unsetVar(t, 'GOINSECURE') },
    { args: ['-w', 'GOPROXY=https://mirror.example.com,direct'], ours: (t) => setVar(t, 'GOPROXY', 'https://mirror.example.com,direct') },
    { args: ['-w', 'GONOSUMDB=a.example.com,b.example.com'], ours: (t) => setVar(t, 'GONOSUMDB', 'a.example.com,b.example.com') },
    { args: ['-w', 'GOINSECURE=insecure.example.com'], ours: (t) => setVar(t, 'GOINSECURE', 'insecure.example.com') },
  ];
  for (const c of cases) {
    it(`go env ${c.args.join(' ')}: the go command reads the same values from our edit as from its own`, () => {
      const dir = tempDir('goenv-edit');
      const theirs = path.join(dir, 'go-edited');
      const ours = path.join(dir, 'ours');
      writeFileSync(theirs, FILE);
      go(theirs, ['env', ...c.args]);
      writeFileSync(ours, c.ours(FILE));
      assert.deepEqual(readByGo(ours), readByGo(theirs));
    });
  }
});
