// Differential test: our go.mod reading against the real go command on a few hundred seeded inputs (real files,
// edge cases, mutations). For each input we compare validity, every error's FILE:LINE[:COL] as Go prints it, and
// every error's text with `go mod edit -json` (modfile's strict parse, no network); for files Go accepts, we compare
// what `go list -m` then says of the module line (no module path, or a malformed one) with our diagnostic.
//
// The go binary here and in CI is Debian's go1.19, and we read go.mod as the local go command's release does: a go
// command that never switches toolchains (before Go 1.21) knows no toolchain, godebug, tool or ignore line and
// only 1.N go lines, in its own words, and those inputs are compared too. Elsewhere, where today's Go
// (golang.org/x/mod/modfile at master) differs, we follow today's Go, and this test says how, never by expecting a
// fixed answer:
// - inputs Go 1.19 cannot judge as today's Go does are set aside (counted, not compared): TODAY_ONLY lists why;
// - Go 1.19's wording is rewritten to today's where only the words changed: WORDING lists each change.
import assert from 'node:assert/strict';
import { parseGoMod } from '../../server/src/parse/gomod';
import { documentProblems } from '../../server/src/problems/validate';
import { goModInputs, type GoModInput } from '../support/gomodInputs';
import { goModEdit, inBatches, IsolatedGo, todays, type GoError, type GoModEditResult } from '../support/goModEdit';
import * as path from 'node:path';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { inGoWorkspace } from '../../server/src/lsp/siblings';
import { readEnvSources } from '../../server/src/goenv/sources';
import { goWorkSetting } from '../../server/src/goenv/resolve';
import { DIST_CLI, ensureBuilt } from '../support/built';
import { spawnSync } from 'node:child_process';
import { runCli } from '../support/builtCli';
import { goText } from '../../server/src/shared/utf8';
import { randomInts } from '../support/fuzz';
import { localGoVersion } from '../support/goEnv';
import { goReadFileError } from '../../server/src/transport/localFiles';

const SEED = 15;
const MUTATIONS = 400;
/** go processes at once: go mod edit is mostly process start-up, so a little over the 2 cores CI has. */
const WIDTH = 4;

const TODAY_VERBS = /^[ \t\r]*(toolchain|godebug|tool|ignore)(?![^\s(])/m;
const GO_119_VERSION = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
const GO_TODAY_VERSION = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;

/** Inputs with a line only a go command that switches toolchains reads (compared: we read them as go1.19 does). */
function usesLaterGrammar(text: string): boolean {
  return TODAY_VERBS.test(text) || text.split('\n').some((l) => {
    const w = l.trim().split(/[ \t\r]+/);
    return w[0] === 'go' && w.length >= 2 && GO_TODAY_VERSION.test(w[1]) && !GO_119_VERSION.test(w[1]);
  });
}

/** Inputs whose verdict changed after go1.19, each with the reason (checked on the input, never on a result). */
const TODAY_ONLY: { reason: string; applies: (text: string) => boolean }[] = [
  {
    reason: "replace … => path@version: modfile's hint \"must match format 'path version'\" came after go1.19",
    applies: (text) => /=>[ \t\r]*[^\s"]*@/.test(text),
  },
  {
    reason: 'replace … => . or => ..: directory paths for IsDirectoryPath since after go1.19',
    applies: (text) => /=>[ \t\r]*\.\.?[ \t\r]*(\/\/.*)?$/m.test(text),
  },
];

/** Required module paths, good and bad, as module.CheckPath judges them. */
const REQUIRED_PATHS = ['example.com/a', 'foo', 'Example.com/a', 'example.com/a:b', 'example.com/.a', 'example.com/a~1', 'example.com/-a',
  'example.com/a.', 'example.com/A', 'example.com/a_b', 'ex_ample.com/a', 'example.com/con', 'example.com/a/v2', 'gopkg.in/yaml.v3',
  'example.com/a b', 'example.com/caf\u00e9', 'a.b', '-example.com/a', 'example.com/a+b', 'example.com/a=b'];

/**
 * What go list -m all says of go.mod and its requirements, each message whole and in today's words: a parse
 * error as "LINE: message", a malformed path, a missing go.sum entry (the download Go suggests included).
 */
function loadErrors(stderr: string): string[] {
  const out: string[] = [];
  for (const m of todays(stderr).split(/\n(?=go: )/).map((s) => s.trimEnd())) {
    if (m.startsWith('go: errors parsing go.mod:\n')) out.push(...m.split('\n').slice(1).map((l) => l.replace(/^.*?go\.mod:(\d+): /, '$1: ')));
    else if (m.startsWith('go: malformed module path ') || m.includes(': missing go.sum entry') || m.startsWith('go: ignoring requirement on excluded version ') ||
      /^go: .+ \(replaced by [^)]*\): reading /.test(m)) {
      out.push(m.slice('go: '.length));
    }
  }
  return out;
}

/** One require per go.mod (go list -m all stops at the first malformed path), replaced or not. */
function requirementCases(count: number): string[] {
  const int = randomInts(7);
  return Array.from({ length: count }, () => {
    const p = REQUIRED_PATHS[int(REQUIRED_PATHS.length)];
    const quoted = /[\s]/.test(p) ? `"${p}"` : p;
    const v = p.endsWith('/v2') ? 'v2.0.0' : p.startsWith('gopkg.in/') ? 'v3.0.0' : 'v1.0.0';
    const replacement = [
      '', `replace ${quoted} => ./local\n`, `replace ${quoted} ${v} => ./local\n`,
      `replace ${quoted} => ${REQUIRED_PATHS[int(REQUIRED_PATHS.length)].replace(/^(.*\s.*)$/, '"$1"')} v1.2.0\n`,
      `replace ${quoted} v9.9.9 => ./local\n`,
    ][int(5)];
    // At times go.mod excludes the very version it requires (Go drops the requirement unread), or another one.
    const exclusion = ['', '', '', `exclude ${quoted} ${v}\n`, `exclude ${quoted} v9.9.9\n`][int(5)];
    return `module example.com/m\n\ngo 1.19\n\nrequire ${quoted} ${v}\n${replacement}${exclusion}`;
  });
}

/** How Go prints one error's place: LINE, or LINE:COL past column 1. */
function place(line: number, column: number): string {
  return column > 1 ? `${line}:${column}` : `${line}`;
}

function goSays(r: GoModEditResult): string[] {
  if (r.kind === 'valid') return [];
  if (r.kind === 'other') return [`(not a parse error) ${r.stderr}`];
  return r.errors.map((e: GoError) => `${place(e.line, e.column)}: ${todays(e.message)}`);
}

/** Our errors as go mod edit finds them: not those only loading the module finds (ParseProblem.stage). */
function weSay(text: string, release: string | undefined): string[] {
  return parseGoMod(text, 'go.mod', release).problems.filter((p) => p.severity === 'error' && p.stage !== 'load')
    .map((p) => `${place(p.goPosition!.line, p.goPosition!.column)}: ${p.message}`);
}

interface Outcome { input: GoModInput; go: GoModEditResult; excluded?: string; loadError?: string }

describe('go.mod reading agrees with the go command (differential, seeded)', function () {
  this.timeout(120_000);
  const inputs = goModInputs(SEED, MUTATIONS);
  let go: IsolatedGo;
  let outcomes: Outcome[] = [];
  /** The local go command's release: ours reads go.mod as it does. */
  let release: string | undefined;

  before(async () => {
    go = new IsolatedGo();
    release = await localGoVersion();
    const version = await go.run('version', 'module v\n', ['version']);
    assert.equal(version.code, 0, `the go command must run here (CI installs golang-go): ${version.stderr}`);
    outcomes = await inBatches(inputs, WIDTH, async (input, i): Promise<Outcome> => {
      const excluded = TODAY_ONLY.find((t) => t.applies(input.text))?.reason;
      const result = await goModEdit(go, `in${i}`, input.text);
      if (result.kind !== 'valid') return { input, go: result, excluded };
      const list = await go.run(`in${i}`, input.text, ['list', '-m']);
      return { input, go: result, excluded, loadError: list.code === 0 ? undefined : todays(list.stderr.trimEnd()) };
    });
  });

  after(() => go?.dispose());

  it('finds the same errors, at the same lines, in the same words, on every input', () => {
    const compared = outcomes.filter((o) => !o.excluded);
    const disagreements: string[] = [];
    let invalid = 0;
    for (const o of compared) {
      const want = goSays(o.go);
      const got = weSay(o.input.text, release);
      if (want.length > 0) invalid++;
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        disagreements.push(`${o.input.name} ${JSON.stringify(o.input.text.slice(0, 160))}\n  go: ${JSON.stringify(want)}\n  us: ${JSON.stringify(got)}`);
      }
    }
    const byReason = TODAY_ONLY.map((t) => `${outcomes.filter((o) => o.excluded === t.reason).length} ${t.reason}`);
    const later = compared.filter((o) => usesLaterGrammar(o.input.text)).length;
    console.log(`      ${inputs.length} inputs: ${compared.length} compared (${compared.length - invalid} valid, ${invalid} invalid; ${later} with ` +
      `toolchain, godebug, tool or ignore lines or a go line like 1.21.0, read as ${release ?? 'today\'s go'} reads them), ` +
      `${compared.length - disagreements.length} agree, ${disagreements.length} disagree; set aside for today's Go:\n        ${byReason.join('\n        ')}`);
    assert.ok(later >= 15, `${later} inputs with lines of a later grammar`);
    assert.equal(disagreements.length, 0, disagreements.slice(0, 12).join('\n'));
  });

  it('reads each requirement as go does: path, version, and whether a "// indirect" comment marks it (split at Go\'s white space)', async () => {
    // U+FEFF is no space to Go and U+0085 is one: "// indirect\uFEFF" is not indirect, "//\u0085indirect" is.
    const extra = ['module m\n\nrequire (\n\ta.com/x v1.0.0 // indirect\uFEFF\n\tb.com/y v1.0.0 //\u0085indirect\n\tc.com/z v1.0.0 // indirect; why\n\td.com/w v1.0.0 //indirect\n)\n'];
    const extraResults = await Promise.all(extra.map((text, i) => goModEdit(go, `requires${i}`, text)));
    const valid = [...outcomes.filter((o) => !o.excluded).map((o) => ({ text: o.input.text, go: o.go })), ...extra.map((text, i) => ({ text, go: extraResults[i] }))]
      .filter((o): o is { text: string; go: Extract<GoModEditResult, { kind: 'valid' }> } => o.go.kind === 'valid');
    const disagreements: string[] = [];
    let requires = 0;
    for (const o of valid) {
      const ours = parseGoMod(o.text, 'go.mod', release).file.requires.map((r) => `${r.path} ${r.version}${r.indirect ? ' indirect' : ''}`);
      requires += o.go.requires.length;
      if (JSON.stringify(ours) !== JSON.stringify(o.go.requires)) disagreements.push(`${JSON.stringify(o.text.slice(0, 200))}\n  go: ${JSON.stringify(o.go.requires)}\n  us: ${JSON.stringify(ours)}`);
    }
    console.log(`      ${valid.length} valid inputs, ${requires} requirements: ${valid.length - disagreements.length} agree`);
    assert.ok(requires >= 300, `${requires} requirements compared`);
    assert.equal(disagreements.length, 0, disagreements.slice(0, 12).join('\n'));
  });

  it('says a go.mod without a module line fails to load, as go list -m does', () => {
    const loadable = outcomes.filter((o) => o.go.kind === 'valid' && o.go.modulePath === '' && !o.excluded);
    const disagreements: string[] = [];
    for (const o of loadable) {
      const ours = documentProblems('go.mod', o.input.text, undefined, undefined, undefined, { release }).filter((p) => p.code === 'gomod.missingModule').map((p) => `go: ${p.message}`);
      const theirs = o.loadError?.includes('module declaration') ? [o.loadError] : [];
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) disagreements.push(`${o.input.name}\n  go: ${JSON.stringify(o.loadError)}\n  us: ${JSON.stringify(ours)}`);
    }
    console.log(`      ${loadable.length} inputs Go parses without a module path: ${loadable.length - disagreements.length} agree`);
    assert.ok(loadable.some((o) => o.loadError?.includes('module declaration')), 'the inputs include a go.mod without a module line');
    assert.equal(disagreements.length, 0, disagreements.slice(0, 12).join('\n'));
  });

  it('says a malformed module path in the module line in go list -m\'s words (modload names it a module path)', () => {
    const loadable = outcomes.filter((o) => o.go.kind === 'valid' && o.go.modulePath !== '' && !o.excluded);
    const disagreements: string[] = [];
    for (const o of loadable) {
      const ours = parseGoMod(o.input.text, 'go.mod', release).problems.filter((p) => p.code === 'gomod.module' && p.message.startsWith('malformed ')).map((p) => `go: ${p.message}`);
      const theirs = o.loadError?.split('\n').filter((l) => l.startsWith('go: malformed module path ')) ?? [];
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) disagreements.push(`${o.input.name}\n  go: ${JSON.stringify(o.loadError)}\n  us: ${JSON.stringify(ours)}`);
    }
    const malformed = loadable.filter((o) => o.loadError?.includes('malformed module path')).length;
    console.log(`      ${loadable.length} inputs Go parses with a module path, ${malformed} of them malformed to go list -m: ${loadable.length - disagreements.length} agree`);
    assert.ok(malformed >= 5, 'the inputs include malformed module paths');
    assert.equal(disagreements.length, 0, disagreements.slice(0, 12).join('\n'));
  });

  it('a required module as the go command loads it (go list -m all): a replacement\'s version against its path, a malformed path, a missing go.sum entry, in the words we say', async () => {
    const cases = requirementCases(300);
    const results = await inBatches(cases, WIDTH, (text, i) => go.run(`req${i}`, text, ['list', '-m', 'all']));
    const disagreements: string[] = [];
    let malformed = 0;
    let missing = 0;
    let parsing = 0;
    let excluded = 0;
    let unreadable = 0;
    cases.forEach((text, i) => {
      const theirs = loadErrors(results[i].stderr);
      const replacementDirs = { moduleDir: path.join(go.root, `req${i}`), readError: goReadFileError };
      const ours = documentProblems('go.mod', text, '', undefined, replacementDirs, { release }).flatMap((p): string[] => {
        if (['gomod.modulePath', 'gomod.missingGoSum', 'gomod.excludedRequire', 'gomod.replacementGoMod'].includes(p.code)) return [p.message];
        return p.severity === 'error' ? [`${p.goPosition!.line}: ${p.message}`] : [];
      });
      if (theirs.some((m) => m.startsWith('malformed'))) malformed++;
      if (theirs.some((m) => m.includes('missing go.sum entry'))) missing++;
      if (theirs.some((m) => /^\d+: /.test(m))) parsing++;
      if (theirs.some((m) => m.startsWith('ignoring requirement'))) excluded++;
      if (theirs.some((m) => m.includes(' (replaced by '))) unreadable++;
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) disagreements.push(`${JSON.stringify(text)}\n  go: ${JSON.stringify(results[i].stderr.trim())}\n  us: ${JSON.stringify(ours)}`);
    });
    console.log(`      ${cases.length} seeded requirements without go.sum lines, to go list -m all: ${parsing} errors parsing go.mod, ${malformed} malformed paths, ${missing} missing go.sum entries, ${excluded} excluded requirements, ${unreadable} replacement directories without go.mod; ${cases.length - disagreements.length} agree`);
    assert.ok(malformed >= 15 && missing >= 50 && parsing >= 10 && excluded >= 15 && unreadable >= 15, `${parsing} parsing, ${malformed} malformed, ${missing} missing, ${excluded} excluded, ${unreadable} unreadable`);
    assert.equal(disagreements.length, 0, disagreements.slice(0, 8).join('\n'));
  });

  it('which go.sum lines vouch for a required go.mod, as go list -m all counts them: h1 only, and never the hash of an empty go.mod', async () => {
    const H = 'h1:2CVpDq4Mzn/1vTN/LlqA/GIvC6PqAN4IJWaTxCeQS9A=';
    const sums: Record<string, string> = {
      none: '',
      h1: `example.com/a v1.0.0/go.mod ${H}\n`,
      'zip only': `example.com/a v1.0.0 ${H}\n`,
      h2: 'example.com/a v1.0.0/go.mod h2:abc\n',
      'h2 and h1': `example.com/a v1.0.0/go.mod h2:abc\nexample.com/a v1.0.0/go.mod ${H}\n`,
      'short h1': 'example.com/a v1.0.0/go.mod h1:x\n',
      'empty go.mod hash': 'example.com/a v1.0.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n',
      'other version': `example.com/a v1.0.1/go.mod ${H}\n`,
    };
    const goMod = 'module example.com/m\n\ngo 1.19\n\nrequire example.com/a v1.0.0\n';
    const differ: string[] = [];
    for (const [name, sum] of Object.entries(sums)) {
      const dir = `sum-${name.replace(/\W/g, '-')}`;
      mkdirSync(path.join(go.root, dir), { recursive: true });
      writeFileSync(path.join(go.root, dir, 'go.sum'), sum);
      const theirs = loadErrors((await go.run(dir, goMod, ['list', '-m', 'all'])).stderr);
      const ours = documentProblems('go.mod', goMod, sum, undefined, undefined, { release }).filter((p) => p.code === 'gomod.missingGoSum').map((p) => p.message);
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) differ.push(`${name}\n  go: ${JSON.stringify(theirs)}\n  us: ${JSON.stringify(ours)}`);
    }
    assert.equal(differ.length, 0, differ.join('\n'));
  });

  /** A go.work at go.root/<name> using mods/w, whose go.mod requires a module go.sum has no line for. */
  function workspaceAt(name: string): string {
    mkdirSync(path.join(go.root, name, 'mods'), { recursive: true });
    writeFileSync(path.join(go.root, name, 'go.work'), 'go 1.19\n\nuse ./mods/w\n');
    return path.join(name, 'mods', 'w');
  }

  /** The missing go.sum entries go list -m all reports in the module `rel` with `env`, and those check reports there. */
  async function missingEntries(rel: string, env: NodeJS.ProcessEnv): Promise<{ theirs: string[]; ours: string[] }> {
    const goMod = 'module example.com/w\n\ngo 1.19\n\nrequire example.com/a v1.0.0\n';
    const theirs = loadErrors((await go.run(rel, goMod, ['list', '-m', 'all'], { GOWORK: '', ...env })).stderr).filter((m) => m.includes('missing go.sum entry'));
    const r = await runCli(['check', '--offline', '--json', path.join(go.root, rel)], { env: { PATH: process.env.PATH, HOME: go.root, ...env } });
    const ours = (JSON.parse(r.stdout) as { problems: { message: string }[] }).problems.map((p) => p.message).filter((m) => m.includes('missing go.sum entry'));
    return { theirs, ours };
  }

  it('in workspace mode (a go.work in the module\'s directory or above with GOWORK unset or auto, or GOWORK naming it) Go asks go.sum for no required go.mod; with GOWORK=off it does: so do check and the server\'s rule', async () => {
    ensureBuilt();
    const rel = workspaceAt('ws');
    // Unset, "auto" and an absolute path to the go.work are workspace mode to Go; "off" is not.
    for (const gowork of [undefined, 'auto', path.join(go.root, 'ws', 'go.work'), 'off']) {
      const { theirs, ours } = await missingEntries(rel, gowork ? { GOWORK: gowork } : {});
      assert.equal(theirs.length, gowork === 'off' ? 1 : 0, `go, GOWORK=${gowork ?? ''}: ${JSON.stringify(theirs)}`);
      assert.deepEqual(ours, theirs, `GOWORK=${gowork ?? ''}`);
      assert.equal(await inGoWorkspace(pathToFileURL(path.join(go.root, rel, 'go.mod')).toString(), gowork), theirs.length === 0, `server, GOWORK=${gowork ?? ''}`);
    }
  });

  it('GOWORK written in the go env file by hand counts as Go reads it (cfg.Getenv): below a non-empty GOWORK of the environment, above nothing; so for check and the server\'s rule', async () => {
    ensureBuilt();
    const rel = workspaceAt('wsenv');
    const envFile = path.join(go.root, 'wsenv-goenv');
    const cases: { file: string; process?: string }[] = [
      { file: 'GOWORK=off\n' }, { file: 'GOWORK=off\n', process: 'auto' }, { file: 'GOWORK=auto\n', process: 'off' },
      { file: `GOWORK=${path.join(go.root, 'wsenv', 'go.work')}\n` }, { file: 'GOWORK=\n' },
    ];
    let off = 0;
    for (const c of cases) {
      writeFileSync(envFile, c.file);
      const env = { GOENV: envFile, ...(c.process ? { GOWORK: c.process } : {}) };
      const { theirs, ours } = await missingEntries(rel, env);
      if (theirs.length > 0) off++;
      assert.deepEqual(ours, theirs, JSON.stringify(c));
      const inputs = await readEnvSources({ process: env, cwd: path.join(go.root, rel) });
      assert.equal(await inGoWorkspace(pathToFileURL(path.join(go.root, rel, 'go.mod')).toString(), goWorkSetting(inputs)), theirs.length === 0, `server, ${JSON.stringify(c)}`);
    }
    assert.equal(off, 2, 'go leaves workspace mode for GOWORK=off in the file alone, and for off in the environment');
  });

  it('bytes that are no UTF-8 anywhere in go.mod (a path, a version, a comment, a quoted string, a directive): the same errors in the same words as go mod edit, the bytes as Go prints them', async () => {
    const latin = (text: string) => Buffer.from(text, 'latin1');
    const inputs = [
      'module example.com/m\n\nrequire example.com/b\xe9 v1.0.0\n',
      'module example.com/m\n\nrequire example.com/b v1.0.\xe9\n',
      'module example.com/m // caf\xe9\n\nrequire (\n\texample.com/x v1.0.0 // \xe9\n)\n',
      'module "example.com/\xe9"\n',
      'module example.com/m\n\ngo 1.\xe9\n',
      'module example.com/m\n\n\xe9 x\n',
      'module example.com/m\n\nreplace example.com/a => example.com/\xe9 v1.0.0\n',
      'module example.com/m\n\nreplace example.com/a => ./d\xe9\n',
      'module example.com/m\n\nrequire "example.com/\xff\xfe" v1.0.0\n',
    ].map(latin);
    const results = await inBatches(inputs, WIDTH, (bytes, i) => goModEdit(go, `bytes${i}`, bytes));
    const differ = inputs.flatMap((bytes, i) => {
      const want = goSays(results[i]);
      const got = weSay(goText(bytes), release);
      return JSON.stringify(want) === JSON.stringify(got) ? [] : [`${JSON.stringify(bytes.toString('latin1'))}\n  go: ${JSON.stringify(want)}\n  us: ${JSON.stringify(got)}`];
    });
    assert.ok(results.some((r) => r.kind === 'invalid') && results.some((r) => r.kind === 'valid'));
    assert.equal(differ.length, 0, differ.join('\n'));
  });

  it('a module path holding a byte that is no UTF-8 (Latin-1 \\xe9): the built CLI says what go list -m says, the byte quoted as Go quotes it', async () => {
    const bytes = Buffer.concat([Buffer.from('module example.com/caf'), Buffer.from([0xe9]), Buffer.from('\n\ngo 1.19\n')]);
    const list = await go.run('latin1', bytes, ['list', '-m']);
    assert.equal(list.stderr.trim(), 'go: malformed module path "example.com/caf\\xe9": invalid UTF-8');
    ensureBuilt();
    const ours = await runCli(['check', '--offline', path.join(go.root, 'latin1', 'go.mod')], { env: { PATH: process.env.PATH, HOME: go.root } });
    assert.equal(ours.stdout + ours.stderr, `${path.join(go.root, 'latin1', 'go.mod')}:1:1: error: ${list.stderr.trim().replace(/^go: /, '')}\n`);
  });

  it('a go.sum line holding that byte: the built CLI\'s text output keeps it as the byte, as go prints a path (never U+FFFD)', () => {
    const dir = path.join(go.root, 'latin1-sum');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.19\n');
    const path1 = Buffer.concat([Buffer.from('example.com/caf'), Buffer.from([0xe9])]);
    writeFileSync(path.join(dir, 'go.sum'), Buffer.concat([path1, Buffer.from(' v1.0.0 h1:FLw6HimBtxvzbERbWR2s9NMMFXIWPgttQR5Va6mwAOk=\n')]));
    ensureBuilt();
    const r = spawnSync(process.execPath, [DIST_CLI, 'check', '--offline', dir], { env: { PATH: process.env.PATH, HOME: go.root } });
    const out = Buffer.concat([r.stdout, r.stderr]);
    assert.ok(out.includes(Buffer.concat([path1, Buffer.from('@v1.0.0')])), out.toString('latin1'));
    assert.ok(!out.includes(Buffer.from('\ufffd')), 'no replacement character');
  });

  it('a replacement directory whose go.mod is a FIFO: go waits on it for ever; the built CLI and the server\'s rule say at once that it is no regular file', async function () {
    this.timeout(30_000);
    const dir = path.join(go.root, 'fifo-replacement');
    mkdirSync(path.join(dir, 'a'), { recursive: true });
    const goMod = 'module example.com/m\n\ngo 1.19\n\nrequire example.com/a v1.0.0\n\nreplace example.com/a => ./a\n';
    writeFileSync(path.join(dir, 'go.sum'), '');
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'a', 'go.mod')]).status, 0);
    writeFileSync(path.join(dir, 'go.mod'), goMod);
    // Go blocks reading ./a/go.mod: stopped after 3 s, it has said nothing of a.
    const waited = spawnSync('go', ['list', '-m', 'all'], { cwd: dir, timeout: 3_000, killSignal: 'SIGKILL', encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: go.root, GOPATH: path.join(go.root, 'gopath'), GOCACHE: path.join(go.root, 'cache'), GOENV: 'off',
        GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off', GOSUMDB: 'off' } });
    assert.equal(waited.signal, 'SIGKILL', `go ended by itself: ${waited.stderr}`);
    const why = `read ${path.join(dir, 'a', 'go.mod')}: not a regular file (the go command would wait on it and never return)`;
    const started = Date.now();
    const ours = await runCli(['check', '--offline', dir], { env: { PATH: process.env.PATH, HOME: go.root } });
    assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
    assert.ok(ours.stdout.includes(`example.com/a@v1.0.0 (replaced by ./a): reading a/go.mod: ${why}`), ours.stdout + ours.stderr);
    assert.equal(goReadFileError(path.join(dir, 'a', 'go.mod')), why);
  });

  it('a replacement directory whose go.mod is /dev/null: go reads it as an empty file and loads the module; so do we, saying nothing', async () => {
    const dir = path.join(go.root, 'devnull-replacement');
    mkdirSync(path.join(dir, 'a'), { recursive: true });
    symlinkSync('/dev/null', path.join(dir, 'a', 'go.mod'));
    writeFileSync(path.join(dir, 'go.sum'), '');
    const list = await go.run('devnull-replacement', 'module example.com/m\n\ngo 1.19\n\nrequire example.com/a v1.0.0\n\nreplace example.com/a => ./a\n',
      ['list', '-m', 'all'], { GOFLAGS: '-mod=mod' });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /example\.com\/a v1\.0\.0 => \.\/a/);
    assert.equal(goReadFileError(path.join(dir, 'a', 'go.mod')), undefined);
    const ours = await runCli(['check', '--offline', dir], { env: { PATH: process.env.PATH, HOME: go.root } });
    assert.ok(!ours.stdout.includes('replaced by'), ours.stdout);
  });
});
