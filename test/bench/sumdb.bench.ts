// Checksum-database client figures: cold verification of every record of telegraf's go.sum against our
// test database (plain and with 20 ms added per response), lookups per second verified from the disk cache
// (a new client: remembered head, verified-record index, cached tiles) and from memory, and peak heap. The
// database runs in a child process (sumdbServerProcess.ts), so its CPU is not in these figures.
// Prints figures; asserts nothing.
import { rmSync } from 'node:fs';
import { groupGoSumLines } from '../support/sumdb-log';
import { clientFor, goSumFixture, readGoSum, tempDir } from '../support/sumdb-client-setup';
import { spawnSumdbServer, type ChildSumdbServer } from './sumdbServerProcess';

const TELEGRAF = 'influxdata_telegraf.go.sum';

interface Figure { name: string; value: string }

function peakSampler(): { stop(): { heapMB: number; rssMB: number } } {
  let heap = 0;
  let rss = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed);
    rss = Math.max(rss, m.rss);
  };
  const timer = setInterval(sample, 5);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { heapMB: heap / 2 ** 20, rssMB: rss / 2 ** 20 };
    },
  };
}

interface Measured { ms: number; heapMB: number; rssMB: number; requests: number; tiles: number; connections: number }

/** Times `work`, with the database's request counts over it and our peak memory. */
async function measured(db: ChildSumdbServer, work: () => Promise<unknown>): Promise<Measured> {
  const before = await db.stats();
  const peak = peakSampler();
  const t = performance.now();
  await work();
  const ms = performance.now() - t;
  const mem = peak.stop();
  const after = await db.stats();
  return {
    ms, ...mem,
    requests: after.requests - before.requests, tiles: after.tiles - before.tiles, connections: after.connections - before.connections,
  };
}

async function runSumdbBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const lines = readGoSum(TELEGRAF);
  const entries = groupGoSumLines(lines);

  let t = performance.now();
  const db = await spawnSumdbServer({ goSumPath: goSumFixture(TELEGRAF) });
  figures.push({ name: `test database started in a child process from telegraf (${lines.length} lines, ${db.records} module versions)`, value: `${(performance.now() - t).toFixed(0)} ms` });

  const all = (c: ReturnType<typeof clientFor>) => Promise.all(entries.map((e) => c.client.lookup(e.module, e.version)));
  const cacheDirs: string[] = [];
  try {
    for (const latency of [0, 20]) {
      await db.setLatency(latency);
      const cacheDir = tempDir('bench');
      cacheDirs.push(cacheDir);
      const c = clientFor(db, { cacheDir, transport: { connections: 16 } });
      const m = await measured(db, () => all(c));
      figures.push({
        name: `cold verification of all ${entries.length} records, HTTP/1.1, 16 connections, +${latency} ms/response`,
        value: `${m.ms.toFixed(0)} ms (${m.requests} requests: ${m.tiles} tiles; ${m.connections} connections; peak heap ${m.heapMB.toFixed(0)} MB, rss ${m.rssMB.toFixed(0)} MB)`,
      });

      if (latency === 0) {
        t = performance.now();
        await all(c);
        const warm = performance.now() - t;
        figures.push({ name: 'same client again (verified records in memory)', value: `${((entries.length / warm) * 1000).toFixed(0)} lookups/s` });
      }
      await c.close();
    }

    await db.setLatency(0);
    const fromDisk = clientFor(db, { cacheDir: cacheDirs[0] });
    const m = await measured(db, () => all(fromDisk));
    figures.push({
      name: 'fresh client, every record verified from our disk cache (remembered head, index entry checked against authenticated tiles)',
      value: `${((entries.length / m.ms) * 1000).toFixed(0)} lookups/s (${m.ms.toFixed(0)} ms, ${m.requests} requests, peak heap ${m.heapMB.toFixed(0)} MB)`,
    });
    await fromDisk.close();

    const offline = clientFor(db, { cacheDir: cacheDirs[0], offline: true });
    t = performance.now();
    for (const e of entries) await offline.client.lookup(e.module, e.version);
    const seq = performance.now() - t;
    figures.push({ name: 'offline, one lookup at a time from the disk cache', value: `${((entries.length / seq) * 1000).toFixed(0)} lookups/s` });
    await offline.close();
  } finally {
    await db.close();
    cacheDirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  }
  return figures;
}

runSumdbBench().then(
  (figures) => {
    for (const f of figures) console.log(`${f.name}: ${f.value}`);
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
