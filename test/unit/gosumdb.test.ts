import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseGosumdb, KNOWN_GOSUMDB } from '../../server/src/goenv/gosumdb';
import { parseVerifierKey } from '../../server/src/goenv/verifierKey';

const REFERENCE = readFileSync(path.join(__dirname, '../fixtures/reference/go-error-messages.md'), 'utf8');

/** Section 5 of the recording: each GOSUMDB value and the go command's error for it. */
function recordedGosumdbErrors(): Array<{ gosumdb: string; error: string }> {
  const section = REFERENCE.slice(REFERENCE.indexOf('## 5. Invalid GOSUMDB'), REFERENCE.indexOf('## 6. GOSUMDB=off'));
  const out: Array<{ gosumdb: string; error: string }> = [];
  const re = /GOSUMDB='([^']*)'[\s\S]*?verifying go\.mod: (.*)\n/g;
  for (let m = re.exec(section); m; m = re.exec(section)) out.push({ gosumdb: m[1], error: m[2] });
  return out;
}

const TEST_KEY = 'sumdb.test+cac2548b+AbInWkGQY3h6n4OG7o71yomfQi58FHQScmelV01ROAe4';

describe('GOSUMDB parsing, as the go command reads it', () => {
  it('reproduces every invalid GOSUMDB error the real go command printed', () => {
    const cases = recordedGosumdbErrors();
    assert.ok(cases.length >= 4, `expected the recorded cases, found ${cases.length}`);
    for (const { gosumdb, error } of cases) {
      const r = parseGosumdb(gosumdb);
      assert.equal(r.kind, 'error', gosumdb);
      assert.equal(r.kind === 'error' && r.message, error, gosumdb);
    }
  });

  it('accepts the key-and-URL setting the recording used successfully', () => {
    const r = parseGosumdb(`${TEST_KEY} http://127.0.0.1:38379`);
    assert.equal(r.kind, 'db');
    if (r.kind !== 'db') return;
    assert.equal(r.name, 'sumdb.test');
    assert.equal(r.verifierKey, TEST_KEY);
    assert.equal(r.url, 'http://127.0.0.1:38379');
    assert.equal(r.directUrl, 'https://sumdb.test');
    assert.equal(r.knownName, false);
  });

  it('knows sum.golang.org by name and substitutes the real key', () => {
    const r = parseGosumdb('sum.golang.org');
    assert.equal(r.kind, 'db');
    if (r.kind !== 'db') return;
    assert.equal(r.verifierKey, 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8');
    assert.equal(r.knownName, true);
    assert.equal(r.url, undefined);
    assert.equal(r.directUrl, 'https://sum.golang.org');
    assert.ok(parseVerifierKey(KNOWN_GOSUMDB['sum.golang.org']).ok, 'the built-in key itself verifies');
  });

  it('treats exactly "sum.golang.google.cn" as sum.golang.org reached at https://sum.golang.google.cn', () => {
    const r = parseGosumdb('sum.golang.google.cn');
    assert.equal(r.kind, 'db');
    if (r.kind !== 'db') return;
    assert.equal(r.name, 'sum.golang.org');
    assert.equal(r.url, 'https://sum.golang.google.cn');
    assert.equal(r.alias, 'sum.golang.google.cn');
  });

  const table: Array<[string, string]> = [
    ['', 'missing GOSUMDB'],
    ['   ', 'missing GOSUMDB'],
    ['sum.golang.google.cn https://x', 'invalid GOSUMDB: malformed verifier id'], // only the exact value is an alias
    [' sum.golang.google.cn', 'invalid GOSUMDB: malformed verifier id'],
    ['sum.golang.org+https://goproxy.cn/sumdb/sum.golang.org', 'invalid GOSUMDB: malformed verifier id'],
    ['sum.golang.org,sum.golang.google.cn', 'invalid GOSUMDB: malformed verifier id'],
    ['gosum.io', 'invalid GOSUMDB: malformed verifier id'],
    ['sumdb.test+cac2548+AbInWkGQY3h6n4OG7o71yomfQi58FHQScmelV01ROAe4', 'invalid GOSUMDB: malformed verifier id'],
    ['sumdb.test+cac2548g+AbInWkGQY3h6n4OG7o71yomfQi58FHQScmelV01ROAe4', 'invalid GOSUMDB: malformed verifier id'],
    ['sumdb.test+cac2548b+AbInWkGQY3h6n4OG7o71yomfQi58FHQScmelV01ROAe', 'invalid GOSUMDB: malformed verifier id'],
    ['sumdb.test+cac2548c+AbInWkGQY3h6n4OG7o71yomfQi58FHQScmelV01ROAe4', 'invalid GOSUMDB: invalid verifier hash'],
    ['sum.golang.org a b', 'invalid GOSUMDB: too many fields'],
    [`${TEST_KEY} ://bad-url`, 'invalid GOSUMDB URL: parse "://bad-url": missing protocol scheme'],
    [`${TEST_KEY} http://h:port`, 'invalid GOSUMDB URL: parse "http://h:port": invalid port ":port" after host'],
    [`${TEST_KEY} http://%zz`, 'invalid GOSUMDB URL: parse "http://%zz": invalid URL escape "%zz"'],
  ];
  for (const [value, message] of table) {
    it(`rejects ${JSON.stringify(value)} with "${message}"`, () => {
      const r = parseGosumdb(value);
      assert.deepEqual(r.kind === 'error' ? r.message : r.kind, message);
    });
  }

  it('accepts a tab or several spaces between key and URL (Go splits on any white space)', () => {
    for (const sep of ['\t', '   ', ' \r']) {
      const r = parseGosumdb(`sum.golang.org${sep}https://sum.golang.google.cn`);
      assert.equal(r.kind === 'db' && r.url, 'https://sum.golang.google.cn', JSON.stringify(sep));
    }
  });

  it('says off for off and nothing else', () => {
    assert.equal(parseGosumdb('off').kind, 'off');
    assert.equal(parseGosumdb('Off').kind, 'error');
    assert.equal(parseGosumdb('off ').kind, 'error');
  });

  it('rejects a key whose algorithm byte is not Ed25519 with Go\'s words', () => {
    // A key with algorithm byte 2 and a matching hash, built like note.NewVerifier expects.
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    const key = Buffer.concat([Buffer.from([2]), Buffer.alloc(32, 7)]);
    const hash = createHash('sha256').update('x.test\n').update(key).digest().readUInt32BE(0).toString(16).padStart(8, '0');
    const r = parseGosumdb(`x.test+${hash}+${key.toString('base64')}`);
    assert.equal(r.kind === 'error' && r.message, 'invalid GOSUMDB: unknown verifier algorithm');
  });

  it('rejects database names that are not host[/path], showing the URL Go parsed', () => {
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    const keyFor = (name: string) => {
      const key = Buffer.concat([Buffer.from([1]), Buffer.alloc(32, 9)]);
      const hash = createHash('sha256').update(name + '\n').update(key).digest().readUInt32BE(0).toString(16).padStart(8, '0');
      return `${name}+${hash}+${key.toString('base64')}`;
    };
    const slash = parseGosumdb(keyFor('sum.example.com/'));
    assert.equal(slash.kind === 'error' && slash.message,
      'invalid sumdb name (must be host[/path]): sum.example.com/ {Scheme:https Opaque: User: Host:sum.example.com Path:/ RawPath: OmitHost:false ForceQuery:false RawQuery: Fragment: RawFragment:}');
    // url.URL's *Userinfo is printed by its String method (gosumdbGoDifferential.test.ts runs the go command).
    const user = parseGosumdb(keyFor('user@host'));
    assert.match(user.kind === 'error' ? user.message : '', / User:user Host:host /);
    const query = parseGosumdb(keyFor('sum.example.com?x=1'));
    assert.match(query.kind === 'error' ? query.message : '', /^invalid sumdb name \(must be host\[\/path\]\): sum\.example\.com\?x=1 \{.*RawQuery:x=1 /);
    const ok = parseGosumdb(keyFor('example.com/sumdb'));
    assert.equal(ok.kind === 'db' && ok.directUrl, 'https://example.com/sumdb');
  });
});
