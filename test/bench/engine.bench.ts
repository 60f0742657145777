// Speed of the pure verification engine: note verification, record proofs through tiles, h1 hashing.
// Prints figures; asserts nothing about time (speed targets live here, never in unit tests).

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tlog from '../../server/src/sumdb/tlog';
import { openNote, parseVerifierKey, verifierList } from '../../server/src/sumdb/note';
import { hash1, hashGoMod } from '../../server/src/sumdb/dirhash';

const REF = path.join(__dirname, '..', 'fixtures', 'reference');

async function time(label: string, count: number, fn: (i: number) => unknown): Promise<void> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await fn(i);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${label.padEnd(52)} ${count.toString().padStart(7)} in ${ms.toFixed(1).padStart(8)} ms  = ${Math.round((count / ms) * 1000).toLocaleString('en-US').padStart(10)}/s`);
}

async function main(): Promise<void> {
  const key = verifierList(parseVerifierKey('sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8'));
  const note = fs.readFileSync(path.join(REF, 'sumdb-real', '31.txt'));
  await time('openNote (real sum.golang.org tree head)', 5000, () => openNote(note, key));

  // A log of 20,000 records served as height-8 tiles, as a checksum database would.
  const N = 20_000;
  const hashes: tlog.Hash[] = [];
  const storage: tlog.HashReader = { readHashes: async (ix) => ix.map((x) => hashes[x]) };
  const records: Buffer[] = [];
  await time('storedHashes (append a record)', N, async (i) => {
    const rec = Buffer.from(`example.com/mod${i} v1.0.${i} h1:AAAA\nexample.com/mod${i} v1.0.${i}/go.mod h1:BBBB\n`);
    records.push(rec);
    hashes.push(...(await tlog.storedHashes(i, rec, storage)));
  });
  const tree: tlog.Tree = { n: N, hash: await tlog.treeHash(N, storage) };
  const tileCache = new Map<string, Uint8Array>();
  const tiles: tlog.TileReader = {
    height: () => 8,
    readTiles: async (ts) => Promise.all(ts.map(async (t) => {
      const p = tlog.tilePath(t);
      let d = tileCache.get(p);
      if (!d) tileCache.set(p, (d = await tlog.readTileData(t, storage)));
      return d;
    })),
    saveTiles: () => {},
  };
  const thr = tlog.tileHashReader(tree, tiles);
  await time('prove+check record inclusion through tiles', 5000, async (i) => {
    const n = (i * 7919) % N;
    const p = await tlog.proveRecord(N, n, thr);
    tlog.checkRecord(p, N, tree.hash, n, tlog.recordHash(records[n]));
  });
  await time('prove+check tree consistency through tiles', 2000, async (i) => {
    const n = 1 + ((i * 104729) % N);
    const old = await tlog.treeHash(n, storage);
    tlog.checkTree(await tlog.proveTree(N, n, thr), N, tree.hash, n, old);
  });
  await time('parseRecord + recordHash of a lookup body', 20000, (i) => {
    const msg = tlog.formatRecord(i, records[i % N]);
    tlog.recordHash(tlog.parseRecord(msg).text);
  });

  const goMod = fs.readFileSync(path.join(REF, 'gomod', 'influxdata_telegraf.go.mod'));
  await time(`hashGoMod (${goMod.length} byte go.mod)`, 20000, () => hashGoMod(goMod));
  const files = Array.from({ length: 500 }, (_, i) => ({ name: `example.com/m@v1.0.0/pkg${i % 37}/file${i}.go`, data: Buffer.alloc(4096, i) }));
  await time('hash1 of a 500-file, 2 MB module', 200, () => hash1(files));
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, heap used ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
