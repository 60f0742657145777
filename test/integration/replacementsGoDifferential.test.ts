// Differential test: the go command's refusals of replacements and main modules as it loads them, beside ours, on
// seeded inputs: a go.mod replacing one module version two ways (modload toReplaceMap), and workspaces whose go.work
// and modules replace modules (makeMainModules: go.work's own conflict, a workspace module replaced at all
// versions, two modules replacing one version differently). `go list -m` says what it refuses; we compare every
// message, whole, in Go's order. The built CLI's `check` is run on some workspaces: Go's text, exit 2.
//
// The go binary here and in CI is go1.19, and we read as the local go command's release does: Go 1.20 and later
// also refuse a module path used twice in a workspace ("module X appears multiple times in workspace", printed
// before the others without stopping Go); go1.19 says nothing there, and neither do we for it (counted, compared).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { documentProblems } from '../../server/src/problems/validate';
import { parseGoWork, goWorkErrors } from '../../server/src/parse/gowork';
import { workspaceModules } from '../../server/src/goenv/workspaceModules';
import { usedGoModLoad, workspaceRefusal } from '../../server/src/goenv/mainModules';
import { inBatches, IsolatedGo, type GoRun } from '../support/goModEdit';
import { randomInts } from '../support/fuzz';
import { ensureBuilt } from '../support/built';
import { runCli } from '../support/builtCli';
import { localGoVersion } from '../support/goEnv';

const WIDTH = 4;
const REPEATED_PATH_LINE = /^module \S+ appears multiple times in workspace$/;

const OLDS = ['example.com/x', 'example.com/x v1.0.0', 'example.com/x v1.1.0', '"example.com/x"', 'example.com/y'];
const NEWS = ['./r', '../r', './r/', '"./r"', '/abs/r', '/abs/r/', 'example.com/z v1.0.0', 'example.com/z v1.2.0'];

/** Go's messages on stderr, each whole (a message's later lines start with a tab or "use "), without "go: ". */
function goMessages(run: GoRun): string[] {
  const text = run.stderr.trimEnd();
  return text === '' ? [] : text.split(/\n(?=go: )/).map((m) => m.replace(/^go: /, ''));
}

function replaceLines(pick: (n: number) => number, count: number, olds: readonly string[], news: readonly string[]): string[] {
  return Array.from({ length: count }, () => `replace ${olds[pick(olds.length)]} => ${news[pick(news.length)]}`);
}

/** A go.mod with one to four replacements, in line form or a block. */
function goModCase(pick: (n: number) => number): string {
  const lines = replaceLines(pick, 1 + pick(4), OLDS, NEWS);
  const body = pick(2) === 0 ? lines.join('\n') : `replace (\n${lines.map((l) => '\t' + l.slice('replace '.length)).join('\n')}\n)`;
  return `module example.com/m\n\ngo 1.18\n\n${body}\n`;
}

interface Workspace { goWork: string; goMods: Record<string, string> }

const MODULE_PATHS = ['example.com/a', 'example.com/b', 'example.com/c'];

/** A go.work using two or three of a, b, c (a under two spellings at times), each module replacing zero to two. */
function workspaceCase(pick: (n: number) => number): Workspace {
  const dirs = ['a', 'b', 'c'].slice(0, 2 + pick(2));
  const goMods: Record<string, string> = {};
  for (const d of dirs) {
    // Mostly its own path; at times another's (a module path used twice).
    const own = pick(6) === 0 ? MODULE_PATHS[pick(3)] : `example.com/${d}`;
    goMods[d] = `module ${own}\n\ngo 1.18\n\n${replaceLines(pick, pick(3), OLDS, NEWS).join('\n')}\n`;
  }
  const uses = dirs.map((d) => `./${d}`).concat(pick(8) === 0 ? ['a/'] : []);
  const workOlds = [...OLDS, ...MODULE_PATHS, 'example.com/b v1.0.0'];
  const replaces = replaceLines(pick, pick(3), workOlds, ['./p', './q', 'example.com/z v1.0.0']);
  return { goWork: `go 1.18\n\nuse (\n${uses.map((u) => `\t${u}\n`).join('')})\n${replaces.join('\n')}\n`, goMods };
}

/** What we say Go prints there: the workspace's refusal, else the first used go.mod that does not load. */
function ourWorkspaceMessages(dir: string, ws: Workspace, release: string | undefined): string[] {
  const work = parseGoWork(ws.goWork, release);
  assert.deepEqual(goWorkErrors(work), [], ws.goWork);
  const goModText = (d: string): string | undefined => ws.goMods[path.relative(dir, d).replace(/\/$/, '')];
  const used = workspaceModules(dir, work.uses, (d) => goModText(d) !== undefined);
  const refusal = workspaceRefusal(used, { dir, ...work, release }, (d) => { const text = goModText(d); return text === undefined ? undefined : usedGoModLoad(text, release); });
  // A message's later lines start with a tab, or "use " (how to resolve a conflict).
  if (refusal !== undefined) return refusal.split(/\n(?!\t|use ")/);
  for (const m of used.mainModules) {
    const error = documentProblems('go.mod', goModText(m.dir)!, undefined, undefined, undefined, { release }).find((p) => p.severity === 'error');
    if (error) return [error.message];
  }
  return [];
}

describe('replacements and main modules as the go command loads them (differential, seeded)', function () {
  this.timeout(180_000);
  let go: IsolatedGo;
  before(async () => {
    go = new IsolatedGo();
    const version = await go.run('version', 'module v\n', ['version']);
    assert.equal(version.code, 0, `the go command must run here (CI installs golang-go): ${version.stderr}`);
  });
  after(() => go?.dispose());

  it('a go.mod replacing one module version two ways: go list -m\'s "conflicting replacements", word for word, and only then', async () => {
    const pick = randomInts(21);
    const cases = Array.from({ length: 200 }, () => goModCase(pick));
    const runs = await inBatches(cases, WIDTH, (text, i) => go.run(`mod${i}`, text, ['list', '-m']));
    const disagree: string[] = [];
    let conflicts = 0;
    cases.forEach((text, i) => {
      const theirs = goMessages(runs[i]);
      const ours = documentProblems('go.mod', text).filter((p) => p.severity === 'error').map((p) => p.message);
      if (theirs.length > 0) conflicts++;
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) disagree.push(`${JSON.stringify(text)}\n  go: ${JSON.stringify(runs[i].stderr)}\n  us: ${JSON.stringify(ours)}`);
    });
    console.log(`      ${cases.length} seeded go.mod files: ${conflicts} refused by go list -m; ${cases.length - disagree.length} agree`);
    assert.ok(conflicts >= 40 && conflicts <= cases.length - 40, `${conflicts} conflicts: the cases must hold both kinds`);
    assert.equal(disagree.length, 0, disagree.slice(0, 8).join('\n'));
  });

  it('workspaces: go.work\'s own conflict, a workspace module replaced at all versions, two modules replacing one version differently, in go list -m\'s words and order', async () => {
    const pick = randomInts(22);
    const cases = Array.from({ length: 160 }, () => workspaceCase(pick));
    const dirs = cases.map((ws, i) => {
      const dir = path.join(go.root, `ws${i}`);
      for (const [d, text] of Object.entries(ws.goMods)) {
        mkdirSync(path.join(dir, d), { recursive: true });
        writeFileSync(path.join(dir, d, 'go.mod'), text);
      }
      writeFileSync(path.join(dir, 'go.work'), ws.goWork);
      return dir;
    });
    const runs = await inBatches(cases, WIDTH, (ws, i) => go.run(`ws${i}/a`, ws.goMods.a, ['list', '-m'], { GOWORK: '' }));
    const disagree: string[] = [];
    const release = await localGoVersion();
    const seen = { refused: 0, repeatedPaths: 0, allVersions: 0, crossModule: 0 };
    cases.forEach((ws, i) => {
      const theirs = goMessages(runs[i]);
      const ours = ourWorkspaceMessages(dirs[i], ws, release);
      // How many lines Go 1.20 and later add here (a module path used twice): compared, as the local release says them.
      seen.repeatedPaths += ourWorkspaceMessages(dirs[i], ws, 'go1.20.0').filter((m) => REPEATED_PATH_LINE.test(m)).length;
      if (theirs.length > 0) seen.refused++;
      if (theirs.some((m) => m.includes('is replaced at all versions'))) seen.allVersions++;
      if (theirs.some((m) => m.includes('go work edit -replace'))) seen.crossModule++;
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) disagree.push(`${JSON.stringify(ws)}\n  go: ${JSON.stringify(runs[i].stderr)}\n  us: ${JSON.stringify(ours)}`);
    });
    console.log(`      ${cases.length} seeded workspaces: ${seen.refused} refused by go list -m (${seen.allVersions} over a module replaced at all versions, ` +
      `${seen.crossModule} over two modules' replacements); ${cases.length - disagree.length} agree, read as ${release ?? 'today\'s go'} reads them ` +
      `(${seen.repeatedPaths} lines Go 1.20 and later add for a module path used twice)`);
    assert.ok(seen.allVersions >= 10 && seen.crossModule >= 10 && seen.repeatedPaths >= 5 && seen.refused <= cases.length - 20, JSON.stringify(seen));
    assert.equal(disagree.length, 0, disagree.slice(0, 6).join('\n'));
  });

  it('check on such a workspace says what go says and exits 2; on one go accepts it goes on', async () => {
    ensureBuilt();
    const root = path.join(go.root, 'cli');
    const write = (name: string, ws: Workspace): string => {
      const dir = path.join(root, name);
      for (const [d, text] of Object.entries(ws.goMods)) {
        mkdirSync(path.join(dir, d), { recursive: true });
        writeFileSync(path.join(dir, d, 'go.mod'), text);
      }
      writeFileSync(path.join(dir, 'go.work'), ws.goWork);
      return dir;
    };
    const goMods = { a: 'module example.com/a\n\ngo 1.18\n\nreplace example.com/x => ./r\n', b: 'module example.com/b\n\ngo 1.18\n\nreplace example.com/x => ./r\n' };
    const refused = write('refused', { goWork: 'go 1.18\n\nuse ./a\nuse ./b\nreplace example.com/a => ./z\n', goMods });
    const accepted = write('accepted', { goWork: 'go 1.18\n\nuse ./a\nuse ./b\nreplace example.com/x => ./z\n', goMods });
    const env = { PATH: process.env.PATH, HOME: root, GOENV: 'off', GOFLAGS: '', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
    const goSays = await go.run('cli/refused/a', goMods.a, ['list', '-m'], { GOWORK: '' });
    assert.equal(goSays.code, 1);
    const r = await runCli(['check', refused], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim(), `gosum-doctor: ${goMessages(goSays).join('\n')}`);
    assert.equal((await go.run('cli/accepted/a', goMods.a, ['list', '-m'], { GOWORK: '' })).code, 0);
    const ok = await runCli(['check', accepted], { env });
    assert.equal(ok.code, 0, ok.stderr);
  });
});
