// An open go.work's diagnostics through a real LSP connection to dist/server.js, beside `go list -m` in the same
// workspace: what the go command refuses (a directive, a use of a directory without go.mod, a directory used twice)
// is a diagnostic at the line Go names, in its words; a go.mod appearing in a used directory (a watched file)
// clears it, as it clears go's refusal.
import assert from 'node:assert/strict';
import { runGo } from '../support/goModEdit';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { goRootNaming } from '../support/goroot';
import { makeHome, messageOf, serverEnv, startLspClient, type Home, type LspTestClient } from '../support/lspClient';

/** What `go list -m` prints to stderr in `dir` (its refusal of the workspace), without Go's "go: ". */
function goRefusal(dir: string, home: Home): Promise<string> {
  const env = { PATH: process.env.PATH, HOME: home.dir, GOENV: 'off', GOFLAGS: '', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOCACHE: path.join(home.dir, 'gocache') };
  return runGo(dir, ['list', '-m'], env).then((r) => r.stderr.trim().replace(/^go: /, ''));
}

describe('go.work diagnostics (real LSP), beside go list -m', function () {
  this.timeout(60_000);
  let home: Home;
  let lsp: LspTestClient;
  beforeEach(async () => {
    home = makeHome('lsp-gowork');
    mkdirSync(path.join(home.workspace, 'a'));
    writeFileSync(path.join(home.workspace, 'a', 'go.mod'), 'module example.com/a\n\ngo 1.19\n');
    lsp = await startLspClient({ env: serverEnv(home), workspace: home.workspace });
  });
  afterEach(async () => {
    await lsp.stop();
    home.remove();
  });

  /** Writes go.work, opens or edits it at `version`, and returns the diagnostics published for that version. */
  async function publish(text: string, version: number): Promise<Diagnostic[]> {
    const file = path.join(home.workspace, 'go.work');
    writeFileSync(file, text);
    const uri = pathToFileURL(file).toString();
    if (version === 1) await lsp.open(file, text);
    else await lsp.replace(uri, version, text);
    return lsp.waitFor(`go.work diagnostics of version ${version}`, () => lsp.diagnostics.find((d) => d.uri === uri && d.version === version)?.diagnostics);
  }

  /** Writes a used go.mod, tells the server it was created (1) or changed (2), and returns go.work's next diagnostics. */
  async function goModWritten(file: string, text: string, type: 1 | 2): Promise<Diagnostic[]> {
    writeFileSync(file, text);
    const uri = pathToFileURL(path.join(home.workspace, 'go.work')).toString();
    const before = lsp.diagnostics.length;
    await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type }] });
    return lsp.waitFor('go.work published again', () => lsp.diagnostics.slice(before).find((d) => d.uri === uri)?.diagnostics);
  }

  const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1}: ${messageOf(d)}`);

  it('every directive go refuses is a diagnostic at its line, in its words; a go.work go reads has none', async () => {
    const file = path.join(home.workspace, 'go.work');
    const text = 'go 1.19\n\nuse ./a\nfoo bar\nreplace x => y\nuse (\n\t./a ./b\n)\n';
    const ours = errors(await publish(text, 1));
    const go = await goRefusal(home.workspace, home);
    const theirs = go.replace(/^reading go\.work: /, '').split(/\n(?=\/)/)
      // Go adds the column past a line's first rune; a diagnostic's range has its own.
      .map((l) => l.replace(`${file}:`, '').replace(/^(\d+):\d+:/, '$1:'));
    assert.equal(theirs.length, 3, go);
    // Go 1.19's wording of the replacement's rule; today's is what we say.
    assert.deepEqual(ours, theirs.map((l) => l.replace('(rooted or starting with ./ or ../)', '(rooted or starting with . or ..)')));
    assert.deepEqual(await publish('go 1.19\n\nuse ./a\n', 2), []);
    assert.equal(await goRefusal(home.workspace, home), '');
  });

  it('a used directory without go.mod is go\'s refusal at its use line until a go.mod appears there (a watched file); one used twice too', async () => {
    const ds = await publish('go 1.19\n\nuse (\n\t./a\n\t./gone\n)\n', 1);
    assert.deepEqual(errors(ds), ['5: cannot load module gone listed in go.work file: open gone/go.mod: no such file or directory']);
    // Go 1.19 words it as the open that failed.
    assert.equal(await goRefusal(home.workspace, home), `open ${path.join(home.workspace, 'gone', 'go.mod')}: no such file or directory`);
    mkdirSync(path.join(home.workspace, 'gone'));
    const goMod = path.join(home.workspace, 'gone', 'go.mod');
    const after = await goModWritten(goMod, 'module example.com/gone\n\ngo 1.19\n', 1);
    assert.deepEqual(after, []);
    assert.equal(await goRefusal(home.workspace, home), '');

    const twice = await publish('go 1.19\n\nuse (\n\t./a\n\ta/\n)\n', 2);
    const go = await goRefusal(home.workspace, home);
    assert.equal(go, `reading go.work: path ${path.join(home.workspace, 'a')} appears multiple times in workspace`);
    assert.deepEqual(errors(twice), [`5: ${go}`]);
  });

  it('what go refuses of the used modules and their replacements is a diagnostic at the go.work line it is about, in go\'s words, cleared when a watched go.mod changes', async () => {
    mkdirSync(path.join(home.workspace, 'b'));
    const bGoMod = path.join(home.workspace, 'b', 'go.mod');
    writeFileSync(path.join(home.workspace, 'a', 'go.mod'), 'module example.com/a\n\ngo 1.19\n\nreplace example.com/x => ./r\n');
    writeFileSync(bGoMod, 'module example.com/b\n\ngo 1.19\n\nreplace example.com/x => ./r\n');
    const ds = await publish('go 1.19\n\nuse ./a\nuse ./b\n\nreplace example.com/a => ./z\n', 1);
    const go = await goRefusal(home.workspace, home);
    const [allVersions, conflict] = go.split(/\ngo: /);
    assert.match(allVersions, /^workspace module example\.com\/a is replaced at all versions in the go\.work file/);
    assert.match(conflict, /^conflicting replacements for example\.com\/x:\n/);
    // The replacement at its line; the conflict at the use of the module whose replacement Go met second.
    assert.deepEqual(errors(ds), [`6: ${allVersions}`, `4: ${conflict}`]);

    const after = await goModWritten(bGoMod, 'module example.com/b\n\ngo 1.19\n\nreplace example.com/x => ../a/r\n', 2);
    assert.deepEqual(errors(after), [`6: ${allVersions}`]);
    assert.equal(await goRefusal(home.workspace, home), allVersions);
  });

  it('a used go.mod go cannot load is its refusal at that use, with modfile\'s lines as go prints them; gone once the watched go.mod is fixed', async () => {
    const aGoMod = path.join(home.workspace, 'a', 'go.mod');
    writeFileSync(aGoMod, 'module example.com/a\n\ngo 1.19\nfoo bar\nrequire example.com/x v1.0.0 "x\n');
    const ds = await publish('go 1.19\n\nuse ./a\n', 1);
    const go = await goRefusal(home.workspace, home);
    // Go 1.19 names the file by its absolute path under "errors parsing go.mod:"; today's Go, as base.ShortPath gives it.
    assert.match(go, /^errors parsing go\.mod:\n/);
    const theirs = go.replace(/^errors parsing go\.mod:\n/, '').replaceAll(`${aGoMod}:`, 'a/go.mod:');
    assert.match(theirs, /^a\/go\.mod:5:\d+: /, go);
    assert.deepEqual(errors(ds), [`3: cannot load module a listed in go.work file: errors parsing a/go.mod:\n${theirs}`]);
    // It links to the line of a/go.mod Go names.
    const related = ds[0].relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line + 1, r.message]);
    assert.deepEqual(related, [[pathToFileURL(aGoMod).toString(), 5, theirs.replace(/^a\/go\.mod:5:\d+: /, '')]]);

    const after = await goModWritten(aGoMod, 'module example.com/a\n\ngo 1.19\n', 2);
    assert.deepEqual(after, []);
    assert.equal(await goRefusal(home.workspace, home), '');
  });
});

describe('go.work and go.mod read as the local go command\'s release reads them (real LSP), beside go list -m', function () {
  this.timeout(60_000);
  let home: Home;
  beforeEach(() => {
    home = makeHome('lsp-release');
    mkdirSync(path.join(home.workspace, 'a'));
  });
  afterEach(() => home.remove());

  /** The first diagnostics published for `file` (opened as written) that `ready` accepts. */
  async function diagnosticsOf(lsp: LspTestClient, file: string, text: string, ready: (ds: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    writeFileSync(file, text);
    const uri = pathToFileURL(file).toString();
    await lsp.open(file, text);
    // Published once at open, and again once the folder's environment (the go command's release) is read.
    return lsp.waitFor(`diagnostics of ${file}`, () => lsp.diagnostics.filter((d) => d.uri === uri).map((d) => d.diagnostics).find(ready));
  }
  const lines = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1}: ${messageOf(d)}`);

  it('go1.19 on PATH refuses toolchain lines and go lines like 1.21.0 in its words; with a GOROOT naming go1.26.1 they are read, and its go version rule applies', async () => {
    const goWork = path.join(home.workspace, 'go.work');
    const goMod = path.join(home.workspace, 'a', 'go.mod');
    const modText = 'module example.com/a\n\ngo 1.21.0\n\ntoolchain go1.21.0\n';
    writeFileSync(goMod, modText);
    const workText = 'go 1.19\n\nuse ./a\n\ntoolchain go1.21.0\n';
    writeFileSync(goWork, workText);
    const go = await goRefusal(home.workspace, home);
    assert.equal(go, `reading go.work: ${goWork}:5: unknown directive: toolchain`);
    const goModSays = (await runGo(path.join(home.workspace, 'a'), ['mod', 'edit', '-json'], { PATH: process.env.PATH, HOME: home.dir, GOFLAGS: '', GOENV: 'off' })).stderr.trim();
    const theirs = goModSays.split('\n').slice(1).map((l) => l.replace(`${goMod}:`, ''));
    assert.deepEqual(theirs, ["3: invalid go version '1.21.0': must match format 1.23", '5: unknown directive: toolchain'], goModSays);

    const env = (extra: Record<string, string>) => serverEnv(home, { PATH: process.env.PATH ?? '', GOSUMDB: 'off', ...extra });
    let lsp = await startLspClient({ env: env({}), workspace: home.workspace });
    try {
      assert.deepEqual(lines(await diagnosticsOf(lsp, goWork, workText, (ds) => ds.length > 0)), ['5: unknown directive: toolchain']);
      assert.deepEqual(lines(await diagnosticsOf(lsp, goMod, modText, (ds) => ds.length > 0)), theirs);
    } finally {
      await lsp.stop();
    }
    const goroot = goRootNaming(home.dir);
    lsp = await startLspClient({ env: env({ GOROOT: goroot }), workspace: home.workspace });
    try {
      await diagnosticsOf(lsp, goWork, workText, () => true);
      await diagnosticsOf(lsp, goMod, modText, () => true);
      // Once the folder's environment is read (its status is past 'checking'), an edit is read as go1.26.1 reads it:
      // go.mod as it is; go.work's toolchain line too, and then (GOTOOLCHAIN=local) its go line is below a's.
      await lsp.waitFor('the folder\'s environment read', () => lsp.statuses.some((st) => st.state !== 'checking') || undefined);
      const tooOld = '3: module a listed in go.work file requires go >= 1.21.0, but go.work lists go 1.19; to update it:\n\tgo work use';
      for (const [file, text, want] of [[goWork, workText, [tooOld]], [goMod, modText, []]] as const) {
        const uri = pathToFileURL(file).toString();
        await lsp.replace(uri, 2, text);
        assert.deepEqual(lines(await lsp.waitFor(`version 2 of ${file}`, () => lsp.diagnostics.find((d) => d.uri === uri && d.version === 2)?.diagnostics)), want, file);
      }
    } finally {
      await lsp.stop();
    }
  });

  it('a go line above the toolchain that runs (go1.26.1, GOTOOLCHAIN=local, module mode) is Go\'s refusal at that line; gone once the go line is met', async () => {
    const goroot = goRootNaming(home.dir);
    const goMod = path.join(home.workspace, 'a', 'go.mod');
    const lsp = await startLspClient({ env: serverEnv(home, { PATH: process.env.PATH ?? '', GOSUMDB: 'off', GOROOT: goroot, GOTOOLCHAIN: 'local' }), workspace: home.workspace });
    try {
      const ds = await diagnosticsOf(lsp, goMod, 'module example.com/a\n\ngo 1.27.0\n\nrequire example.com/x v1.0.0\n', (d) => d.length > 0);
      assert.deepEqual(lines(ds), ['3: go.mod requires go >= 1.27.0 (running go 1.26.1; GOTOOLCHAIN=local)']);
      // The quick fix the client offers: let the go command switch (GOTOOLCHAIN=auto).
      const fix = { title: 'Let the go command switch to the Go go.mod asks for (GOTOOLCHAIN=auto)', env: { GOTOOLCHAIN: 'auto' }, preferred: true };
      assert.deepEqual(ds[0].data, { fixes: [fix] });
      const uri = pathToFileURL(goMod).toString();
      await lsp.replace(uri, 2, 'module example.com/a\n\ngo 1.26.0\n');
      assert.deepEqual(await lsp.waitFor('version 2', () => lsp.diagnostics.find((d) => d.uri === uri && d.version === 2)?.diagnostics), []);
      // A go.work's go line the same way, before any use is looked at.
      const work = await diagnosticsOf(lsp, path.join(home.workspace, 'go.work'), 'go 1.27.0\n\nuse ./a\nuse ./gone\n', (d) => d.length > 0);
      assert.deepEqual(lines(work), ['1: go.work requires go >= 1.27.0 (running go 1.26.1; GOTOOLCHAIN=local)']);
      assert.deepEqual(work[0].data, { fixes: [{ ...fix, title: fix.title.replace('go.mod', 'go.work') }] });
    } finally {
      await lsp.stop();
    }
  });
});
