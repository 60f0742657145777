// GOPROXY lists read beside the go command itself: on seeded lists of entries (URLs, bare hosts, keywords,
// schemes Go refuses, broken URLs) and separators, the go command (`go mod download`, nothing but loopback
// reachable) stops on a list it cannot read with exactly our error, and goes on past every list we accept.
import assert from 'node:assert/strict';
import { parseGoproxy } from '../../server/src/goenv/goproxy';
import { randomInts } from '../support/fuzz';
import { goOnPath } from '../support/goEnv';
import { goModDownload, GREET } from '../support/goModDownload';

const ENTRIES = ['https://127.0.0.1:9', 'http://127.0.0.1:9/p', '127.0.0.1:9', 'localhost:9', 'direct', 'off', 'noproxy', 'proxy', 'ftp://x',
  'file:///tmp/gosum-doctor-no-proxy', 'file://host/srv', 'file:relative', 'https://u:s@127.0.0.1:x', '', ' ', 'HTTPS://127.0.0.1:9', '/abs/path',
  'https://127.0.0.1:9/%zz', 'https://[::1', 'mirror', 'mirror.example', 'https://127.0.0.1:9?x=1', 'https://127.0.0.1:9#f', 'https:opaque'];
const SEPARATORS = [',', '|', ', ', ' ,', ',,', '||', ' '];

function seededList(seed: number): string {
  const int = randomInts(seed);
  let list = ENTRIES[int(ENTRIES.length)];
  for (let n = int(3); n > 0; n--) list += SEPARATORS[int(SEPARATORS.length)] + ENTRIES[int(ENTRIES.length)];
  return list;
}

/** The go command's words when it cannot read the list at all. */
const LIST_ERROR = /^go: example\.com\/greet@v1\.1\.0: (invalid proxy URL|invalid file:\/\/ proxy URL|GOPROXY list is not the empty string|parse ")/;

describe('GOPROXY lists beside the go command', function () {
  this.timeout(240_000);
  before(function () {
    if (!goOnPath()) this.skip();
  });

  it('120 seeded lists: the lists Go refuses, with its words; the lists it reads, read', async () => {
    // An empty GOPROXY is no setting: the go command takes its default then (as goenv/resolve.ts does).
    const lists = [...new Set(Array.from({ length: 120 }, (_, seed) => seededList(seed)))].filter((l) => l !== '');
    const differ: string[] = [];
    let refused = 0;
    for (let from = 0; from < lists.length; from += 8) {
      await Promise.all(lists.slice(from, from + 8).map(async (GOPROXY) => {
        const go = (await goModDownload({ GOPROXY, GOSUMDB: 'off' })).split('\n')[0];
        const ours = parseGoproxy(GOPROXY, { platform: 'linux' });
        if (!ours.ok) {
          refused++;
          if (go !== `go: ${GREET.module}@${GREET.version}: ${ours.error}`) differ.push(`${JSON.stringify(GOPROXY)}: Go ${JSON.stringify(go)}, ours ${JSON.stringify(ours.error)}`);
        } else if (LIST_ERROR.test(go)) {
          differ.push(`${JSON.stringify(GOPROXY)}: Go ${JSON.stringify(go)}, ours reads it`);
        }
      }));
    }
    assert.deepEqual(differ, []);
    assert.ok(refused > 10 && refused < lists.length - 10, `${refused} of ${lists.length} refused`);
  });
});
