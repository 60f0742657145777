// The session files' form (tlsSessions.ts): only a whole file written for this very key, young enough, gives a session back.
import assert from 'node:assert/strict';
import { sessionFromFile } from '../../server/src/transport/tlsSessions';

const KEY = 'sum.golang.org:443 h2,http/1.1 direct 0123abcd';
const SESSION = Buffer.from('30820330020101', 'hex');
const file = (magic: string, savedAt: string, key: string, session: Buffer) => Buffer.concat([Buffer.from(`${magic}\n${savedAt}\n${key}\n`), session]);
const MAGIC = 'gosum-doctor tls session 1';

describe('TLS session files', () => {
  it('gives back the session written for the key', () => {
    assert.deepEqual(sessionFromFile(file(MAGIC, '1000', KEY, SESSION), KEY, 1500, 1000), SESSION);
  });

  it('gives nothing for another key, another form, a cut file, an empty session, or a time that is not one', () => {
    const now = 1500;
    for (const bad of [
      file(MAGIC, '1000', `${KEY}x`, SESSION),
      file('gosum-doctor tls session 2', '1000', KEY, SESSION),
      file(MAGIC, '1000', KEY, Buffer.alloc(0)),
      file(MAGIC, '1e3', KEY, SESSION),
      file(MAGIC, '', KEY, SESSION),
      Buffer.from(`${MAGIC}\n1000\n${KEY}`),
      Buffer.from(`${MAGIC}\n`),
    ]) assert.equal(sessionFromFile(bad, KEY, now, 1000), undefined, bad.toString('latin1'));
  });

  it('gives nothing older than the limit, nor saved in the future (a clock that moved back)', () => {
    assert.equal(sessionFromFile(file(MAGIC, '1000', KEY, SESSION), KEY, 2001, 1000), undefined);
    assert.deepEqual(sessionFromFile(file(MAGIC, '1000', KEY, SESSION), KEY, 2000, 1000), SESSION);
    assert.equal(sessionFromFile(file(MAGIC, '1000', KEY, SESSION), KEY, 999, 1000), undefined);
  });
});
