// The code cache as processes meet it: the first run of a bundle compiles it and leaves a cache as it exits, the
// next is served from it, and a cache that is damaged, made for other code, refused by V8 or cannot be written
// costs only a compile. Then the language server as the client starts it, over a damaged cache.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { codeCacheKey, decodeCodeCache, encodeCodeCache, type CacheWrite, type CodeCacheUse, type RuntimeIdentity } from '../../server/src/codeCache';
import { serverNodeArgs } from '../../server/src/shared/serverProcess';
import { ensureBuilt, ROOT } from '../support/built';
import { makeHome, serverEnv, startLspClient, type Home } from '../support/lspClient';
import { tempDir } from '../support/sumdbClientSetup';

const CODE_CACHE = path.join(ROOT, 'server', 'src', 'codeCache.ts');

/** A bundle with enough functions for V8 to cache, whose output says it ran whole. */
function bundleText(answer: number): string {
  const fns = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i} - ${i}; }`).join('\n');
  const calls = Array.from({ length: 50 }, (_, i) => `v = f${i}(v);`).join(' ');
  return `const path = require('node:path');\n${fns}\nlet v = ${answer}; ${calls}\nprocess.stdout.write('ran ' + v + ' ' + path.basename(__filename) + ' ' + typeof require('node:os').cpus + '\\n');\n`;
}

interface Run { use: CodeCacheUse; output: string }

/** The key of each bundle as its runs computed it (their runtime: this Node with tsx and -e). */
const keys = new Map<string, string>();

/** One process running `bundle` through the code cache at `cacheFile`, as the language server's entry does (the CLI's with 'top-level'). */
function runBundle(bundle: string, cacheFile: string, write: CacheWrite = 'grown-at-exit'): Run {
  const r = bundleProcess(bundle, cacheFile, write);
  assert.equal(r.status, 0, r.stderr);
  const { use, key } = JSON.parse(r.stderr) as { use: CodeCacheUse; key: string };
  keys.set(bundle, key);
  return { use, output: r.stdout };
}

/** The process of runBundle, its environment with `env` added. */
function bundleProcess(bundle: string, cacheFile: string, write: CacheWrite, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const program = `const c = require(${JSON.stringify(CODE_CACHE)}); const key = c.codeCacheKey(require('node:fs').readFileSync(${JSON.stringify(bundle)}), c.currentRuntime());
    process.stderr.write(JSON.stringify({ use: c.runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheFile)}, ${JSON.stringify(write)}), key }));`;
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', program], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
}

/** The cache file, read as the last run of `bundle` would read it. */
function decoded(cacheFile: string, bundle: string): ReturnType<typeof decodeCodeCache> {
  return decodeCodeCache(readFileSync(cacheFile), keys.get(bundle)!);
}

describe('the code cache', function () {
  this.timeout(60_000);
  let dir: string;
  let bundle: string;
  let cacheFile: string;

  beforeEach(function () {
    dir = tempDir('code-cache-');
    bundle = path.join(dir, 'bundle.js');
    cacheFile = path.join(dir, 'cache', 'v8', 'bundle');
    writeFileSync(bundle, bundleText(42));
  });

  it('is written by the first run as it exits and serves the next', function () {
    assert.deepEqual(runBundle(bundle, cacheFile), { use: 'none', output: 'ran 42 bundle.js function\n' });
    assert.equal(decoded(cacheFile, bundle).use, 'used');
    assert.deepEqual(runBundle(bundle, cacheFile), { use: 'used', output: 'ran 42 bundle.js function\n' });
  });

  it('kept for its top level (the CLI), is written as the bundle starts, before it exits, and not again once used', function () {
    const exiting = path.join(dir, 'exits.js');
    writeFileSync(exiting, `if (process.env.EXIT_AT_ONCE) process.exit(3);\n${bundleText(42)}`);
    const r = bundleProcess(exiting, cacheFile, 'top-level', { EXIT_AT_ONCE: '1' });
    assert.equal(r.status, 3, r.stderr);
    const first = readFileSync(cacheFile);
    assert.deepEqual(runBundle(exiting, cacheFile, 'top-level'), { use: 'used', output: 'ran 42 exits.js function\n' });
    assert.ok(readFileSync(cacheFile).equals(first), 'a used cache is left as it was');
    // The server's way keeps what the run compiled besides: more than the top level alone.
    const grown = path.join(dir, 'grown');
    runBundle(bundle, grown);
    runBundle(bundle, cacheFile, 'top-level');
    assert.ok(readFileSync(cacheFile).length < readFileSync(grown).length, `${readFileSync(cacheFile).length} ${readFileSync(grown).length}`);
  });

  it('damaged in one byte, costs a compile and is written again whole', function () {
    runBundle(bundle, cacheFile);
    const file = readFileSync(cacheFile);
    file[file.length - 100] ^= 0x40;
    writeFileSync(cacheFile, file);
    assert.deepEqual(runBundle(bundle, cacheFile), { use: 'damaged', output: 'ran 42 bundle.js function\n' });
    assert.equal(decoded(cacheFile, bundle).use, 'used');
    assert.equal(runBundle(bundle, cacheFile).use, 'used');
  });

  it('made for other code of the same length, is not handed to V8: the new code runs', function () {
    runBundle(bundle, cacheFile);
    const edited = bundleText(43);
    assert.equal(edited.length, bundleText(42).length);
    writeFileSync(bundle, edited);
    assert.deepEqual(runBundle(bundle, cacheFile), { use: 'other-code', output: 'ran 43 bundle.js function\n' });
    assert.equal(runBundle(bundle, cacheFile).use, 'used');
  });

  it('refused by V8 (whole, ours, but not V8 data), costs a compile and is replaced', function () {
    runBundle(bundle, cacheFile);
    const key = readFileSync(cacheFile, 'latin1').split('\n')[1];
    writeFileSync(cacheFile, encodeCodeCache(key, Buffer.alloc(4096, 0x5a)));
    assert.deepEqual(runBundle(bundle, cacheFile), { use: 'refused', output: 'ran 42 bundle.js function\n' });
    assert.equal(runBundle(bundle, cacheFile).use, 'used');
  });

  it('far larger than any cache of ours, is not read: a compile, and a cache of the right size in its place', function () {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, Buffer.alloc(65 << 20, 0x61));
    assert.deepEqual(runBundle(bundle, cacheFile), { use: 'damaged', output: 'ran 42 bundle.js function\n' });
    assert.equal(decoded(cacheFile, bundle).use, 'used');
  });

  it('a FIFO in its place is not waited on (that would hold the start for ever): a compile, and a real cache in its place', function () {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    rmSync(cacheFile, { force: true });
    execFileSync('mkfifo', ['-m', '600', cacheFile]);
    assert.deepEqual(runBundle(bundle, cacheFile), { use: 'damaged', output: 'ran 42 bundle.js function\n' });
    assert.ok(statSync(cacheFile).isFile());
    assert.equal(runBundle(bundle, cacheFile).use, 'used');
  });

  it('that others may write, or another user owns, is not read: V8 would run what it holds', function () {
    runBundle(bundle, cacheFile);
    assert.equal(statSync(cacheFile).mode & 0o777, 0o600);
    chmodSync(cacheFile, 0o666);
    assert.deepEqual(runBundle(bundle, cacheFile), { use: 'not-ours', output: 'ran 42 bundle.js function\n' });
    assert.equal(statSync(cacheFile).mode & 0o777, 0o600, 'replaced by one of ours');
    assert.equal(runBundle(bundle, cacheFile).use, 'used');
    if (process.getuid?.() !== 0) return; // only root can give the file to another user
    chownSync(cacheFile, 65534, 65534);
    assert.equal(runBundle(bundle, cacheFile).use, 'not-ours');
  });

  it('that cannot be written leaves the bundle running as without one', function () {
    const blocker = path.join(dir, 'not-a-directory');
    writeFileSync(blocker, 'a file where the cache directory would be');
    const blocked = path.join(blocker, 'v8', 'bundle');
    assert.deepEqual(runBundle(bundle, blocked), { use: 'none', output: 'ran 42 bundle.js function\n' });
    assert.deepEqual(runBundle(bundle, blocked), { use: 'none', output: 'ran 42 bundle.js function\n' });
  });
});

describe('the language server started over its code cache', function () {
  this.timeout(60_000);
  let home: Home;
  beforeEach(() => { home = makeHome('code-cache'); });
  afterEach(() => home.remove());

  /** One server as the client starts it: a go.sum with a malformed line gets its diagnostic, then the server stops. */
  async function serverRun(): Promise<void> {
    const lsp = await startLspClient({ env: serverEnv(home), workspace: home.workspace, transport: 'ipc' });
    try {
      const uri = await lsp.open(path.join(home.workspace, 'go.sum'), 'example.com/m v1.0.0\n');
      const diagnostics = await lsp.waitFor('the malformed line', () => lsp.lastDiagnostics(uri));
      assert.ok(diagnostics.some((d) => /wrong number of fields 2/.test(String(d.message))), JSON.stringify(diagnostics));
    } finally {
      await lsp.stop();
    }
  }

  it('leaves a cache made for its bundle, and over a damaged one still works and leaves it whole', async function () {
    const cacheFile = path.join(home.dir, 'cache', 'gosum-doctor', 'v8', 'server');
    const runtime: RuntimeIdentity = { node: process.version, v8: process.versions.v8, arch: process.arch, execArgv: serverNodeArgs(availableParallelism()), nodeOptions: '' };
    const key = codeCacheKey(readFileSync(path.join(ROOT, 'dist', 'serverMain.js')), runtime);
    await serverRun();
    assert.equal(decodeCodeCache(readFileSync(cacheFile), key).use, 'used');
    const file = readFileSync(cacheFile);
    file.fill(0x00, file.length - 5000, file.length - 4000);
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, file);
    await serverRun();
    assert.equal(decodeCodeCache(readFileSync(cacheFile), key).use, 'used');
  });
});

describe('the command-line tool started over its code cache', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = tempDir('code-cache-cli-'); });

  function cliRun(...args: string[]): string {
    const env: NodeJS.ProcessEnv = { ...process.env, GOSUM_DOCTOR_CACHE: dir };
    delete env.NODE_OPTIONS;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', env, timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  }

  it('leaves a cache of its bundle\'s top level as it starts, and over a damaged one still works and leaves it whole', function () {
    const cacheFile = path.join(dir, 'v8', 'cli');
    const runtime: RuntimeIdentity = { node: process.version, v8: process.versions.v8, arch: process.arch, execArgv: [], nodeOptions: '' };
    const key = codeCacheKey(readFileSync(path.join(ROOT, 'dist', 'cliMain.js')), runtime);
    const version = cliRun('--version');
    assert.match(version, /^gosum-doctor \d+\.\d+\.\d+/);
    assert.equal(decodeCodeCache(readFileSync(cacheFile), key).use, 'used');
    const file = readFileSync(cacheFile);
    file.fill(0x00, file.length - 5000, file.length - 4000);
    writeFileSync(cacheFile, file);
    assert.equal(cliRun('--version'), version);
    assert.equal(decodeCodeCache(readFileSync(cacheFile), key).use, 'used');
  });
});

describe('the bundles', function () {
  it('are plain ASCII: one other character anywhere (a comment esbuild keeps) makes Node decode and V8 hold the whole source as UTF-16', function () {
    ensureBuilt();
    for (const bundle of ['cliMain.js', 'serverMain.js', 'cli.js', 'server.js']) {
      const bytes = readFileSync(path.join(ROOT, 'dist', bundle));
      const at = bytes.findIndex((b) => b > 0x7f);
      assert.equal(at, -1, `dist/${bundle} has a non-ASCII byte at ${at}: ${bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8')}`);
    }
  });
});
