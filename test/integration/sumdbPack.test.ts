import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { ensureBuilt } from '../support/built';
import { runCli } from '../support/builtCli';
import type { SumdbServer } from '../support/sumdbServer';
import { databasePerTest, packFile, readGoSum, seededCache, tempDir } from '../support/sumdbClientSetup';
import { groupGoSumLines, type LogEntry } from '../support/sumdbLog';
import { lookupsIn } from '../support/auditSetup';
import { RecordIndex } from '../../server/src/sumdb/recordIndex';
import { recordHashOfText } from '../../server/src/sumdb/merkle';

const ETCD = readGoSum('etcd-io_etcd.go.sum');
const PACK_WRITER = path.join(__dirname, '..', 'support', 'packWriterChild.ts');

const text = (e: LogEntry): string => Buffer.from(e.text).toString('utf8');
const tiles = (requests: readonly string[]): string[] => requests.filter((r) => r.includes('/tile/'));

async function packEntries(file: string, verifierKey: string): Promise<number> {
  return new RecordIndex(verifierKey).merge(readFileSync(file));
}

describe('the verified-record pack on disk: writers at once, a writer killed, a damaged pack', function () {
  this.timeout(60_000);
  let db: SumdbServer;
  const pool = databasePerTest({ goSumLines: ETCD }, (d) => { db = d; });
  const entries = groupGoSumLines(ETCD);

  before(function () {
    this.timeout(120_000);
    ensureBuilt();
  });

  it('two CLI processes writing one cache at once: the pack holds the records of both, and a third run asks for none', async () => {
    const home = tempDir('pack-two');
    const env = { PATH: process.env.PATH ?? '', HOME: home, GOENV: 'off', GOPATH: path.join(home, 'go'), GOPROXY: 'off',
      GOSUMDB: `${db.verifierKey} ${db.url}`, GOSUM_DOCTOR_CACHE: path.join(home, 'cache') };
    const modules = [...new Set(ETCD.map((l) => l.trim().split(/\s+/)[0]))];
    const firstHalf = new Set(modules.slice(0, modules.length >> 1));
    const project = (name: string, lines: string[]): string => {
      const dir = path.join(home, name);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'go.sum'), lines.join('\n') + '\n');
      return dir;
    };
    const a = project('a', ETCD.filter((l) => firstHalf.has(l.trim().split(/\s+/)[0])));
    const b = project('b', ETCD.filter((l) => !firstHalf.has(l.trim().split(/\s+/)[0])));
    const both = project('both', ETCD);
    const runs = await Promise.all([runCli(['check', '--json', a], { env }), runCli(['check', '--json', b], { env })]);
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const file = packFile(env.GOSUM_DOCTOR_CACHE, db.name);
    assert.equal(await packEntries(file, db.verifierKey), entries.length, 'neither writer lost the other\'s records');
    assert.deepEqual(readdirSync(path.dirname(file)), [db.name], 'no temp or lock file left');
    db.requests.length = 0;
    const third = await runCli(['check', '--json', both], { env });
    assert.equal(third.code, 0, third.stderr);
    assert.equal(JSON.parse(third.stdout).summary.verified, ETCD.length);
    assert.deepEqual(db.requests, ['/latest'], 'warm: every record and tile from the pack');
  });

  it('a writer killed with SIGKILL while writing leaves the old pack whole: the next client proves from it, refetches the rest, takes the lock over at once', async () => {
    const kept = entries.slice(0, 40);
    const rest = entries.slice(40, 60);
    const cacheDir = await seededCache(pool, kept, 'pack-kill');
    const file = packFile(cacheDir, db.name);
    const dir = path.dirname(file);
    const before = readFileSync(file);
    // The writer rewrites the pack with 150,000 made-up records (~30 MB): killed as soon as its temp file has bytes.
    const child = spawn(process.execPath, ['--import', 'tsx', PACK_WRITER, JSON.stringify({ cacheDir, name: db.name, verifierKey: db.verifierKey, filler: 150_000 })],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const lines = createInterface({ input: child.stdout! });
    const said = await new Promise<string>((resolve) => lines.once('line', resolve));
    assert.equal(said, 'writing');
    const temp = (): string | undefined => readdirSync(dir).find((n) => n.startsWith(`${db.name}.tmp-`));
    for (let t = temp(); !(t && statSync(path.join(dir, t)).size > 0); t = temp()) await new Promise((resolve) => setImmediate(resolve));
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    assert.ok(temp(), 'killed in the middle of the write: its temp file is still there');
    assert.ok(existsSync(`${file}.lock`), 'and its lock');
    assert.deepEqual(readFileSync(file), before, 'the pack is the old one, whole');

    const next = pool.client({ cacheDir });
    db.requests.length = 0;
    for (const e of kept) assert.ok((await next.client.lookupRecord(e.module, e.version)).fromCache);
    assert.deepEqual(lookupsIn(db.requests), [], 'the old pack\'s records proven from it');
    for (const e of rest) assert.equal((await next.client.lookupRecord(e.module, e.version)).fromCache, false);
    assert.equal(lookupsIn(db.requests).length, rest.length, 'what the killed writer never wrote is fetched');
    await assert.rejects(next.client.lookup('example.com/filler/m1', 'v1.0.0'), 'a made-up record is not verified');
    const started = performance.now();
    await next.client.settled();
    assert.ok(performance.now() - started < 5000, 'the dead writer\'s lock was taken over at once, not after it went stale');
    assert.deepEqual(readdirSync(dir), [db.name], 'the temp file and the lock are gone');
    assert.equal(await packEntries(file, db.verifierKey), 60);
  });

  it('bytes flipped anywhere in the pack: every record comes back exactly as the database signed it', async () => {
    const kept = entries.slice(0, 40);
    const cacheDir = await seededCache(pool, kept, 'pack-flip');
    const file = packFile(cacheDir, db.name);
    const good = readFileSync(file);
    const want = new Map(kept.map((e) => [`${e.module}@${e.version}`, text(e)]));
    for (let k = 0; k < 16; k++) {
      const bad = Buffer.from(good);
      bad[Math.floor(((k + 0.5) * bad.length) / 16)] ^= 0x04;
      writeFileSync(file, bad);
      const c = pool.client({ cacheDir });
      for (const e of kept) {
        const r = await c.client.lookupRecord(e.module, e.version);
        assert.equal(r.text, want.get(`${e.module}@${e.version}`), `flip ${k}: ${e.module}@${e.version}`);
      }
      await c.client.settled();
    }
  });

  it('a forged record with a tile forged to match: the tile does not hash up to the signed head, so both are fetched again and the forgery is refused', async () => {
    const kept = entries.slice(0, 40);
    const cacheDir = await seededCache(pool, kept, 'pack-forge');
    const file = packFile(cacheDir, db.name);
    const lines = readFileSync(file, 'utf8').split('\n');
    const tileAt = lines.findIndex((l) => l.startsWith('tile tile/8/0/000'));
    assert.ok(tileAt > 0, 'the pack holds the level-0 tile of these records');
    const victim = kept[5];
    const headAt = lines.findIndex((l) => l.split(' ')[2] === victim.module && l.split(' ')[3] === victim.version);
    const id = Number(lines[headAt].split(' ')[0]);
    const count = Number(lines[headAt].split(' ')[4]);
    // A record of our own making under the victim's name, and its leaf hash put into the tile at its id.
    const forged = text(victim).replace(/h1:[A-Za-z0-9+/]{43}=/, `h1:${'F'.repeat(43)}=`);
    assert.notEqual(forged, text(victim));
    lines.splice(headAt + 1, count, ...forged.slice(0, -1).split('\n'));
    const [tag, tilePath, data] = lines[tileAt].split(' ');
    const hashes = Buffer.from(data, 'base64');
    Buffer.from(recordHashOfText(forged)).copy(hashes, id * 32);
    lines[tileAt] = [tag, tilePath, hashes.toString('base64')].join(' ');
    writeFileSync(file, lines.join('\n'));

    const c = pool.client({ cacheDir });
    db.requests.length = 0;
    const r = await c.client.lookupRecord(victim.module, victim.version);
    assert.equal(r.text, text(victim), 'the database\'s record, not the forgery');
    assert.ok(tiles(db.requests).length > 0, 'the tiles were fetched again');
    assert.deepEqual(lookupsIn(db.requests).length, 1, 'the forged record was looked up again');
    for (const e of kept) assert.equal((await c.client.lookupRecord(e.module, e.version)).text, text(e));
    await c.client.settled();
    assert.ok(!readFileSync(file, 'utf8').includes(forged), 'the forgery is not written back');
  });
});
