// GOSUMDB read beside the go command itself: on seeded values (keys and names, edited; known names and the
// alias; URLs after the key), the go command (`go mod download` from a module proxy on 127.0.0.1, nothing else
// reachable) stops on a value it cannot use with exactly our error, `invalid GOSUMDB: malformed verifier id` and
// the rest, and goes on to the database for every value we accept.
import assert from 'node:assert/strict';
import { parseGosumdb } from '../../server/src/goenv/gosumdb';
import { generateKeyPair, keyHash } from '../../server/src/sumdb/note';
import { mutate, prng, randomInts } from '../support/fuzz';
import { goOnPath } from '../support/goEnv';
import { goModDownload, GREET, MODULES } from '../support/goModDownload';
import { startGoproxyServer, type GoproxyServer } from '../support/goproxyServer';

const SUM_GOLANG_ORG = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

/** A verifier key for `name` whose hash is right, so that Go goes on to check the name itself. */
function keyFor(name: string): string {
  const key = Buffer.concat([Buffer.from([1]), Buffer.alloc(32, 9)]);
  return `${name}+${keyHash(name, key).toString(16).padStart(8, '0')}+${key.toString('base64')}`;
}

const KEYS = [SUM_GOLANG_ORG, generateKeyPair('sumdb.test').verifierKey, keyFor('example.com/sumdb'), keyFor('sum.example.com/'),
  keyFor('sum.example.com?x=1'), keyFor('sum.example.com#f'), keyFor('Sum.Example.COM'), keyFor('sum.example.com:8443'), keyFor('sum%20db'),
  keyFor('[::1]'), keyFor('user@host'), 'sum.golang.org', 'sum.golang.google.cn', 'off', 'sum.golang.org,https://goproxy.cn'];
const URLS = ['', ' http://127.0.0.1:9', ' https://127.0.0.1:9/sub', ' ht%tp://x', ' http://[::1', ' http://127.0.0.1:9 extra', '\thttp://127.0.0.1:9', '  https://127.0.0.1:9?x'];

function seeded(seed: number): string {
  const int = randomInts(seed);
  let key = KEYS[int(KEYS.length)];
  // Edited keys, as people paste them: a character changed, lost or added (valid UTF-8 only, as an env var is).
  if (int(3) === 0) key = Buffer.from(mutate(prng(seed + 1), key, 1), 'utf8').toString('utf8');
  return key + URLS[int(URLS.length)];
}

/** The go command's words when it cannot use the value at all. */
const SETTING_ERROR = /verifying go\.mod: (invalid GOSUMDB|invalid sumdb name|missing GOSUMDB)/;

describe('GOSUMDB beside the go command', function () {
  this.timeout(240_000);
  let gp: GoproxyServer;
  before(async function () {
    if (!goOnPath()) this.skip();
    gp = await startGoproxyServer(MODULES);
  });
  after(async () => { await gp?.close(); });

  it('150 seeded values: the values Go refuses, with its words; the values it uses, used', async () => {
    // An empty or blank GOSUMDB is no setting to the go command (it takes sum.golang.org).
    const values = [...new Set(Array.from({ length: 150 }, (_, seed) => seeded(seed)))].filter((v) => v.trim() !== '');
    const differ: string[] = [];
    let refused = 0;
    for (let from = 0; from < values.length; from += 8) {
      await Promise.all(values.slice(from, from + 8).map(async (GOSUMDB) => {
        const go = (await goModDownload({ GOPROXY: gp.url, GOSUMDB })).split('\n')[0];
        const ours = parseGosumdb(GOSUMDB);
        if (ours.kind === 'error') {
          refused++;
          // A name that does not parse as a URL host crashes the go command (a nil *url.URL printed); we say why.
          if (go.startsWith('panic: runtime error: invalid memory address') && ours.message === `invalid sumdb name (must be host[/path]): ${GOSUMDB.split('+')[0]}`) return;
          const want = `go: ${GREET.module}@${GREET.version}: verifying go.mod: ${ours.message}`;
          if (go !== want) differ.push(`${JSON.stringify(GOSUMDB)}: Go ${JSON.stringify(go)}, ours ${JSON.stringify(want)}`);
        } else if (SETTING_ERROR.test(go)) {
          differ.push(`${JSON.stringify(GOSUMDB)}: Go ${JSON.stringify(go)}, ours takes it`);
        }
      }));
    }
    assert.deepEqual(differ, []);
    assert.ok(refused > 10 && refused < values.length - 10, `${refused} of ${values.length} refused`);
  });
});
