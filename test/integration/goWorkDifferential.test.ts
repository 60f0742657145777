// go.work read by parseGoWork (its use directories, or goWorkErrors) beside `go work edit -json` (the go command's own reading): the same use directories in
// the same order, or, where go refuses the file over its use, go or replace lines, unknown directives or blocks,
// or its syntax, the same error lines, all of them, Go 1.19's words put in today's where only the words changed
// (todays). Read as the local go command's release reads it: for go1.19, toolchain and godebug lines and go lines
// like 1.21.0 are refused in its words.
// Hand-written inputs and seeded ones built from use lines, blocks, quoting, comments and other directives.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { goWorkErrors, parseGoWork } from '../../server/src/parse/gowork';

/** A go.work's use directories as written, or the go command's refusal of the file, line by line. */
type GoWorkUses = { uses: string[] } | { errors: string[] };

function goWorkUses(text: string, release: string | undefined): GoWorkUses {
  const work = parseGoWork(text, release);
  const errors = goWorkErrors(work);
  return errors.length > 0 ? { errors } : { uses: work.uses.map((u) => u.dir) };
}
import { prng } from '../support/fuzz';
import { localGoVersion } from '../support/goEnv';
import { inBatches, todays } from '../support/goModEdit';

const HEADER = 'go: errors parsing go.work:\n';

/** What `go work edit -json` makes of `text`: the use directories, or its error lines. */
function goReads(dir: string, text: string): Promise<GoWorkUses> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'go.work'), text);
  const env = { PATH: process.env.PATH, HOME: dir, GOENV: 'off', GOFLAGS: '', GOWORK: 'off', GOTOOLCHAIN: 'local', GOCACHE: path.join(dir, 'cache') };
  return new Promise((resolve, reject) => execFile('go', ['work', 'edit', '-json', 'go.work'], { cwd: dir, env, timeout: 60_000 }, (err, stdout, stderr) => {
    if (!err) return resolve({ uses: ((JSON.parse(stdout) as { Use: { DiskPath: string }[] | null }).Use ?? []).map((u) => u.DiskPath) });
    if (!stderr.startsWith(HEADER)) return reject(new Error(`go work edit: ${stderr}`));
    // An error's text may run over lines (replace's usage): each starts with the file's name.
    resolve({ errors: stderr.slice(HEADER.length).trimEnd().split(/\n(?=go\.work:)/).map(todays) });
  }));
}

const HAND_WRITTEN = [
  'go 1.19\n\nuse ./a\n',
  'go 1.19\n\nuse (\n\t./a\n\t"./b c"\n\t../d // a comment\n)\n',
  'use /abs/x\nuse ./a\nuse ./a\n',
  'use .\n',
  '// only a comment\n',
  '',
  'use ( ./a )\n',
  'use ()\n',
  'use ./a ./b\n',
  'use\n',
  'use (\n\t./a ./b\n)\n',
  'use `x`\n',
  'use "x\n',
  'use "\\q"\n',
  "use 'x'\n",
  'use (\n',
  'use ./a /* no */\n',
  'go 1.19\r\nuse ./a\r\n',
  'use "./caf\u00e9"\n',
  'replace example.com/a => ./a\nuse ./b\n',
  'use ./a\nfoo x\n',
  'module example.com/w\nuse ./a\n',
  'require (\n\texample.com/a v1.0.0\n)\nuse ./a\n',
  'go (\n\t1.19\n)\n',
  'use x (\n\t./a\n)\n',
  'use ./a b (\n',
  'exclude example.com/a v1.0.0\n',
  'go 1.19\ngo 1.18\nuse ./a\n',
  'go\nuse ./a\n',
  'replace (\n\texample.com/a => ./a\n\texample.com/b v1.0.0 => example.com/c v1.2.3\n\tbad\n)\nuse ./a\n',
  'replace example.com/a/v2 v1.0.0 => ./a\n',
  'replace example.com/a v1.2 => ./a\nuse ./a\n',
];

/** go and replace lines, valid and not, worded alike by Go 1.19 and today's go (see todays). */
const OTHER_LINES = ['go 1.19', 'go 1.18', 'go abc', 'go v1.19', 'go 1.19 1.20', 'go "1.19"',
  'replace example.com/x => ./x', 'replace example.com/x v1.0.0 => ./x', 'replace example.com/x => example.com/y v1.2.3',
  'replace example.com/x => example.com/y', 'replace example.com/x => ./x v1.0.0', 'replace example.com/x vbad => ./x',
  'replace example.com/x/v2 v1.0.0 => ./x', 'replace example.com/x =>', 'replace "example.com/x" => "./x"',
  // Lines of the go commands that switch toolchains (Go 1.21 on): read as the local release reads them.
  'toolchain go1.21.0', 'toolchain default', 'godebug panicnil=1', 'godebug (\n\tpanicnil=1\n)', 'go 1.21.0', 'go 1.22rc1',
  'replace example.com/x => example.com/y/v3 v1.0.0', 'replace ex ample.com => ./x', 'replace example.com/x => .\\x'];

const USE_ARGS = ['./a', '../b', '/abs/c', '"./d e"', '`x`', "'y'", '"bad\\q"', './f ./g', '', '.'];

/** A go.work of use lines and blocks among valid go and replace lines and comments. */
function seeded(rand: () => number): string {
  const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)];
  let text = rand() < 0.5 ? 'go 1.19\n\n' : '';
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.4) text += `use ${pick(USE_ARGS)}${rand() < 0.3 ? ' // note' : ''}\n`;
    else if (r < 0.7) text += `use (\n${Array.from({ length: Math.floor(rand() * 3) }, () => `\t${pick(USE_ARGS)}\n`).join('')})\n`;
    else if (r < 0.8) text += `${pick(OTHER_LINES)}\n`;
    else if (r < 0.85) text += `${pick(['foo', 'module', 'require', 'usee'])} ${pick(['x', '(\n\tx\n)'])}\n`;
    else text += '// a comment\n';
  }
  return text;
}

describe('go.work use directives, beside go work edit -json', function () {
  this.timeout(180_000);
  let root: string;
  before(() => { root = mkdtempSync(path.join(tmpdir(), 'gowork-diff-')); });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('hand-written and 200 seeded go.work files: the same directories in order, or the same error', async () => {
    const rand = prng(14031);
    const inputs = [...HAND_WRITTEN, ...Array.from({ length: 200 }, () => seeded(rand))];
    const theirs = await inBatches(inputs, 4, (text, i) => goReads(path.join(root, `w${i}`), text));
    const release = await localGoVersion();
    const differ = inputs.flatMap((text, i) => {
      const ours = goWorkUses(text, release);
      return JSON.stringify(ours) === JSON.stringify(theirs[i]) ? [] : [`${JSON.stringify(text)}\n  go: ${JSON.stringify(theirs[i])}\n  us: ${JSON.stringify(ours)}`];
    });
    const refused = theirs.filter((t) => 'errors' in t).length;
    const several = theirs.filter((t) => 'errors' in t && t.errors.length > 1).length;
    const overGoOrReplace = theirs.filter((t) => 'errors' in t && t.errors.some((e) => /: (replace|go directive|invalid go version|repeated go|usage: replace)/.test(e))).length;
    const later = inputs.filter((t) => /^(toolchain|godebug|go 1\.2[12])/m.test(t)).length;
    console.log(`      ${inputs.length} go.work files: go read ${inputs.length - refused}, refused ${refused} (${several} with several errors, ${overGoOrReplace} over a go or replace line, ` +
      `${later} with lines of Go 1.21's grammar, read as ${release ?? 'today\'s go'} reads them); ${inputs.length - differ.length} agree`);
    assert.ok(refused >= 20 && inputs.length - refused >= 40 && several >= 5 && overGoOrReplace >= 10 && later >= 10, `${refused} refused, ${several} with several errors, ${overGoOrReplace} over go or replace, ${later} later`);
    assert.equal(differ.length, 0, differ.slice(0, 8).join('\n'));
  });
});
