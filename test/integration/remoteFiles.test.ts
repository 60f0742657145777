// A GOPROXY directory (file://) that serves the checksum database as files, beside the go command: Go picks it
// through its sumdb/<name>/supported file and reads the database's lookups and tiles from it (cmd/go's web
// package), so we read them there too; a file it does not have is Go's "reading URL: no such file or directory".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditSetup, parse } from '../support/auditSetup';
import { probe } from '../../server/src/diagnosis/probe';
import { resolvedEnv } from '../support/goEnv';
import { goModDownload, GREET, greetBesideGo } from '../support/goModDownload';
import { realClock } from '../../server/src/sumdb/clock';

async function fetched(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

describe('a file:// GOPROXY that serves the checksum database, beside the go command', function () {
  this.timeout(120_000);
  const greet = greetBesideGo();
  let root: string;

  before(async function () {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'file-goproxy-'));
  });
  after(async () => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** A GOPROXY directory with greet's module files, the database's supported file, and the database files named. */
  async function directory(name: string, databaseFiles: string[]): Promise<string> {
    const dir = path.join(root, name);
    const at = path.join(dir, GREET.module, '@v');
    fs.mkdirSync(at, { recursive: true });
    for (const f of ['list', `${GREET.version}.info`, `${GREET.version}.mod`, `${GREET.version}.zip`]) {
      fs.writeFileSync(path.join(at, f), f === 'list' ? `${GREET.version}\n` : await fetched(`${greet.gp.url}/${GREET.module}/@v/${f}`));
    }
    const sumdb = path.join(dir, 'sumdb', greet.db.name);
    fs.mkdirSync(sumdb, { recursive: true });
    fs.writeFileSync(path.join(sumdb, 'supported'), '');
    for (const f of databaseFiles) {
      fs.mkdirSync(path.dirname(path.join(sumdb, f)), { recursive: true });
      fs.writeFileSync(path.join(sumdb, f), await fetched(`${greet.db.url}/${f}`));
    }
    return dir;
  }

  /** A GOPROXY directory with every database file the go command and we read for greet: the head, its lookup, its tile. */
  async function fullDirectory(name: string): Promise<string> {
    const latest = (await fetched(`${greet.db.url}/latest`)).toString('utf8');
    const size = Number(latest.split('\n')[1]);
    assert.ok(size > 0 && size < 256, latest);
    return directory(name, ['latest', `lookup/${GREET.module}@${GREET.version}`, `tile/8/0/000.p/${size}`]);
  }

  /** A directory holding greet's go.sum lines. */
  function gosumDir(): string {
    const dir = fs.mkdtempSync(path.join(root, 'sum-'));
    fs.writeFileSync(path.join(dir, 'go.sum'), greet.gp.goSumLines.join('\n') + '\n');
    return dir;
  }

  /** Our audit of greet's go.sum lines with GOPROXY set to the directory and GOSUMDB to the database's key. */
  async function ours(dir: string): Promise<{ statuses: string[]; messages: string[]; via?: string }> {
    const a = await auditSetup({ GOPROXY: `file://${dir}`, GOSUMDB: greet.db.verifierKey });
    try {
      const r = await a.auditor.audit(parse(greet.gp.goSumLines));
      return { statuses: r.verdicts.map((v) => v.status), messages: r.verdicts.map((v) => v.message ?? ''), via: a.ctx.chain?.base?.shown };
    } finally {
      await a.close();
    }
  }

  it('with the database\'s files in it: Go verifies greet from them, and so do we, reading nothing over the network', async () => {
    const dir = await fullDirectory('full');
    const before = greet.db.requests.length;
    assert.equal(await goModDownload({ GOPROXY: `file://${dir}`, GOSUMDB: greet.db.verifierKey }), '');
    const r = await ours(dir);
    assert.equal(r.via, `file://${dir}/sumdb/${greet.db.name}`);
    assert.deepEqual(r.statuses, greet.gp.goSumLines.map(() => 'verified'), r.messages.join('\n'));
    assert.deepEqual(greet.db.requests.slice(before), []);
    const p = await probe({ clock: realClock, dir: gosumDir(), env: resolvedEnv({ GOPROXY: `file://${dir}`, GOSUMDB: greet.db.verifierKey }), confirmWithGo: false, budgetMs: 15_000 });
    assert.equal(p.scenario, 'ok', JSON.stringify(p.steps, null, 1));
    assert.deepEqual(greet.db.requests.slice(before), []);
  });

  it('without a latest file (a copy of Go\'s own sumdb cache): Go never reads one, verifies greet, and so do we; the probe agrees', async () => {
    const full = await fullDirectory('no-latest');
    fs.rmSync(path.join(full, 'sumdb', greet.db.name, 'latest'));
    assert.equal(await goModDownload({ GOPROXY: `file://${full}`, GOSUMDB: greet.db.verifierKey }), '');
    const a = await auditSetup({ GOPROXY: `file://${full}`, GOSUMDB: greet.db.verifierKey });
    try {
      for (const run of ['first', 'again, from our cache']) {
        const r = await a.auditor.audit(parse(greet.gp.goSumLines));
        assert.deepEqual(r.verdicts.map((v) => v.status), greet.gp.goSumLines.map(() => 'verified'), `${run}: ${r.verdicts.map((v) => v.message).join('\n')}`);
        assert.equal(r.scenario, null, run);
        assert.ok((r.database?.treeSize ?? 0) > 0, run);
      }
    } finally {
      await a.close();
    }
    const p = await probe({ clock: realClock, dir: gosumDir(), env: resolvedEnv({ GOPROXY: `file://${full}`, GOSUMDB: greet.db.verifierKey }), confirmWithGo: false, budgetMs: 15_000 });
    assert.equal(p.scenario, 'ok', JSON.stringify(p.steps, null, 1));
    assert.ok(p.steps.some((st) => st.name === 'latest' && st.ok && /never reads one/.test(st.detail)), JSON.stringify(p.steps, null, 1));
  });

  it('after a directory without the supported file: Go and we pass on to the next entry that has one', async () => {
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty, { recursive: true });
    const full = await fullDirectory('full-after-empty');
    const GOPROXY = `file://${empty},file://${full}`;
    assert.equal(await goModDownload({ GOPROXY, GOSUMDB: greet.db.verifierKey }), '');
    const a = await auditSetup({ GOPROXY, GOSUMDB: greet.db.verifierKey });
    try {
      const r = await a.auditor.audit(parse(greet.gp.goSumLines));
      assert.deepEqual(a.ctx.chain?.steps.map((st) => st.outcome), ['not-found', 'supported']);
      assert.deepEqual(r.verdicts.map((v) => v.status), greet.gp.goSumLines.map(() => 'verified'));
    } finally {
      await a.close();
    }
  });

  /**
   * What the go command prints for each of greet's go.sum lines when the database files named are all the
   * directory has: the go.mod line's lookup (no go.sum yet), then the zip's (go.sum holding the go.mod line only).
   */
  async function goSays(dir: string): Promise<{ goMod: string; zip: string }> {
    const env = { GOPROXY: `file://${dir}`, GOSUMDB: greet.db.verifierKey };
    const goModLine = greet.gp.goSumLines.find((l) => l.includes('/go.mod '))!;
    const [goMod, zip] = [await goModDownload(env), await goModDownload(env, { goSum: `${goModLine}\n` })];
    const first = (out: string): string => out.split('\n').find((l) => l.startsWith('go: ')) ?? out;
    return { goMod: first(goMod), zip: first(zip) };
  }

  /** Each of greet's lines' message holds the line the go command printed for it, whole. */
  function assertQuotesGo(r: { messages: string[] }, go: { goMod: string; zip: string }): void {
    greet.gp.goSumLines.forEach((line, i) => {
      const want = line.includes('/go.mod ') ? go.goMod : go.zip;
      assert.ok(r.messages[i].split('\n').includes(want), `${r.messages[i]}\n--- go said:\n${want}`);
    });
  }

  it('without greet\'s lookup file: Go stops on it with "no such file or directory"; ours is not-found, quoting Go\'s line for each go.sum line', async () => {
    const dir = await directory('no-lookup', ['latest']);
    const go = await goSays(dir);
    const lookup = `file://${dir}/sumdb/${greet.db.name}/lookup/${GREET.module}@${GREET.version}`;
    assert.equal(go.goMod, `go: ${GREET.module}@${GREET.version}: verifying go.mod: ${GREET.module}@${GREET.version}/go.mod: reading ${lookup}: no such file or directory`);
    assert.equal(go.zip, `go: ${GREET.module}@${GREET.version}: verifying module: ${GREET.module}@${GREET.version}: reading ${lookup}: no such file or directory`);
    const r = await ours(dir);
    assert.deepEqual(r.statuses, greet.gp.goSumLines.map(() => 'not-found'));
    assertQuotesGo(r, go);
  });

  it('without the tile that proves greet\'s record: Go stops on that tile\'s file; ours is unverifiable (the database knows greet), quoting Go\'s line', async () => {
    const dir = await directory('no-tile', ['latest', `lookup/${GREET.module}@${GREET.version}`]);
    const go = await goSays(dir);
    assert.match(go.goMod, new RegExp(`: reading file://${dir}/sumdb/${greet.db.name}/tile/8/0/000\\.p/\\d+: no such file or directory$`), go.goMod);
    assert.match(go.zip, /: verifying module: /, go.zip);
    const r = await ours(dir);
    assert.deepEqual(r.statuses, greet.gp.goSumLines.map(() => 'unverifiable'), r.messages.join('\n'));
    for (const m of r.messages) assert.doesNotMatch(m, /does not know|GONOSUMDB/, m);
    assertQuotesGo(r, go);
  });

  /** Go's reason for greet's go.mod line: what follows "M@V/go.mod: " in the line it printed. */
  async function goReason(dir: string): Promise<string> {
    const go = (await goSays(dir)).goMod;
    const head = `go: ${GREET.module}@${GREET.version}: verifying go.mod: ${GREET.module}@${GREET.version}/go.mod: `;
    assert.ok(go.startsWith(head), go);
    return go.slice(head.length);
  }

  // A file that is there but cannot be read is no missing file: Go stops on it with the system's words.
  const lookupPath = (sumdb: string) => path.join(sumdb, 'lookup', `${GREET.module}@${GREET.version}`);
  const unreadable: { name: string; make: (sumdb: string) => void; go: (sumdb: string) => string }[] = [
    {
      name: 'a directory where the lookup file should be: the read fails',
      make: (sumdb) => fs.mkdirSync(lookupPath(sumdb), { recursive: true }),
      go: (sumdb) => `reading file://${lookupPath(sumdb)}: read ${lookupPath(sumdb)}: is a directory`,
    },
    {
      name: 'a symbolic link to itself: the open fails',
      make: (sumdb) => { fs.mkdirSync(path.dirname(lookupPath(sumdb)), { recursive: true }); fs.symlinkSync(lookupPath(sumdb), lookupPath(sumdb)); },
      go: (sumdb) => `open ${lookupPath(sumdb)}: too many levels of symbolic links`,
    },
    {
      name: 'a file where the lookup directory should be: "not a directory", which Go does not take for a missing file',
      make: (sumdb) => fs.writeFileSync(path.join(sumdb, 'lookup'), 'x'),
      go: (sumdb) => `open ${lookupPath(sumdb)}: not a directory`,
    },
  ];
  for (const c of unreadable) {
    it(`${c.name}: each line's verdict quotes Go's line for it, never "not-found"`, async () => {
      const dir = await directory(`unreadable-${unreadable.indexOf(c)}`, ['latest']);
      const sumdb = path.join(dir, 'sumdb', greet.db.name);
      c.make(sumdb);
      const go = await goSays(dir);
      assert.equal(await goReason(dir), c.go(sumdb));
      const r = await ours(dir);
      assert.deepEqual(r.statuses, greet.gp.goSumLines.map(() => 'unverifiable'), r.messages.join('\n'));
      assertQuotesGo(r, go);
    });
  }

  it('a supported entry that is a FIFO: Go waits on it for ever; we stop the GOPROXY walk there at once, saying it is no regular file', async function () {
    this.timeout(30_000);
    const dir = await directory('supported-fifo', []);
    const supported = path.join(dir, 'sumdb', greet.db.name, 'supported');
    fs.rmSync(supported);
    execFileSync('mkfifo', [supported]);
    // Go blocks in the open: after 3 s it has said nothing and is still waiting.
    const go = await goModDownload({ GOPROXY: `file://${dir}`, GOSUMDB: greet.db.verifierKey }, { launch: (p, args) => ['timeout', ['3', p, ...args]] });
    assert.ok(!go.includes('verifying'), go);
    const want = `reading file://${supported}: read ${supported}: not a regular file (the go command would wait on it and never return)`;
    const started = Date.now();
    const a = await auditSetup({ GOPROXY: `file://${dir}`, GOSUMDB: greet.db.verifierKey });
    try {
      assert.deepEqual(a.ctx.chain?.steps.map((st) => [st.outcome, st.goError]), [['unreachable', want]]);
      const r = await a.auditor.audit(parse(greet.gp.goSumLines));
      assert.deepEqual(r.verdicts.map((v) => v.status), greet.gp.goSumLines.map(() => 'unverifiable'));
      assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
    } finally {
      await a.close();
    }
  });

  it('a supported entry that is a directory: Go stops the GOPROXY walk there, and so do we, in its words', async () => {
    const dir = await directory('supported-dir', []);
    const supported = path.join(dir, 'sumdb', greet.db.name, 'supported');
    fs.rmSync(supported);
    fs.mkdirSync(supported);
    const want = `reading file://${supported}: read ${supported}: is a directory`;
    assert.equal(await goReason(dir), want);
    const a = await auditSetup({ GOPROXY: `file://${dir}`, GOSUMDB: greet.db.verifierKey });
    try {
      assert.deepEqual(a.ctx.chain?.steps.map((st) => [st.outcome, st.goError]), [['unreachable', want]]);
      const r = await a.auditor.audit(parse(greet.gp.goSumLines));
      assert.deepEqual(r.verdicts.map((v) => v.status), greet.gp.goSumLines.map(() => 'unverifiable'));
      assert.equal(r.scenario?.goError, `go: ${GREET.module}@${GREET.version}: verifying go.mod: ${GREET.module}@${GREET.version}/go.mod: ${want}`);
    } finally {
      await a.close();
    }
  });
});
