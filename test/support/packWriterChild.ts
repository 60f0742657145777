// Owns: a child process that replaces a database's pack in a cache directory through the real store, with a pack
// big enough that its write takes a while: the existing pack's records plus `filler` made-up entries (records
// the database never signed). It prints "writing" once the store holds the lock and starts writing, so that a
// test can kill it with SIGKILL in the middle. Test tooling only; it never reaches the network.
import { SumdbStore } from '../../server/src/sumdb/store';
import { RecordIndex } from '../../server/src/sumdb/recordIndex';

interface PackWriterArgs {
  cacheDir: string;
  name: string;
  verifierKey: string;
  filler: number;
}

async function main(args: PackWriterArgs): Promise<void> {
  const store = new SumdbStore({ cacheDir: args.cacheDir });
  const index = new RecordIndex(args.verifierKey, args.filler + 100_000);
  await store.updateIndex(args.name, async (onDisk) => {
    if (onDisk) await index.merge(onDisk);
    for (let i = 0; i < args.filler; i++) {
      const m = `example.com/filler/m${i}`;
      index.set(`${m}@v1.0.0`, { id: i, treeSize: i + 1, text: `${m} v1.0.0 h1:${'A'.repeat(43)}=\n${m} v1.0.0/go.mod h1:${'B'.repeat(43)}=\n` });
    }
    const chunks = await index.format();
    process.stdout.write('writing\n');
    return chunks;
  });
  process.stdout.write('done\n');
}

main(JSON.parse(process.argv[2]) as PackWriterArgs).catch((err) => {
  process.stderr.write(String(err) + '\n');
  process.exit(1);
});
