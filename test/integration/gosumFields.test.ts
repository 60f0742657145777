// Differential test: how our go.sum reading splits a line into fields, against the real go command. Go splits
// with strings.Fields (unicode.IsSpace); a line whose separators it takes for spaces is an entry it checks (a
// wrong hash is a checksum mismatch), any other line is not read as one (no entry: "missing go.sum entry").
// The module's go.mod sits in a scratch module cache, so go needs no network.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EMPTY_GO_MOD_HASH, parseGoSum } from '../../server/src/parse/gosum';
import { hashGoMod } from '../../server/src/sumdb/dirhash';
import { auditSetup } from '../support/auditSetup';
import { inBatches, IsolatedGo } from '../support/goModEdit';
import { startSumdbServer } from '../support/sumdbServer';

const MODULE = 'example.com/a';
const GO_MOD = `module ${MODULE}\n`;
/** Not the hash of GO_MOD: go reports a checksum mismatch when it reads the line as an entry. */
const WRONG = 'h1:KlQV+7CEdqJ7E/eXKgVs27RMjFZn2I0x44SjauCGNkY=';
const MAIN = `module x\n\ngo 1.19\n\nrequire ${MODULE} v1.0.0\n`;

/** Separators worth asking about: ASCII and Unicode spaces, and look-alikes that are not spaces. */
const SEPARATORS = [
  ' ', '\t', '\v', '\f', '\r', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029',
  '\u202f', '\u205f', '\u3000', '\u200b', '\ufeff', '\u180e', '\u00ad', '\u0000', '\u2060',
];

describe('go.sum fields are split as the go command splits them (differential)', function () {
  this.timeout(120_000);
  let go: IsolatedGo;

  before(() => {
    go = new IsolatedGo();
    const cached = path.join(go.root, 'gopath', 'pkg', 'mod', 'cache', 'download', MODULE, '@v');
    mkdirSync(cached, { recursive: true });
    writeFileSync(path.join(cached, 'v1.0.0.mod'), GO_MOD);
    writeFileSync(path.join(cached, 'v1.0.0.info'), '{"Version":"v1.0.0"}');
  });
  after(() => go?.dispose());

  /** Whether go reads `text` as go.sum's one entry (a checksum mismatch) and whether we do, in its own directory. */
  async function bothRead(text: string, dir: string, label: string): Promise<{ goReads: boolean; weRead: boolean }> {
    mkdirSync(path.join(go.root, dir), { recursive: true });
    writeFileSync(path.join(go.root, dir, 'go.sum'), text);
    const r = await go.run(dir, MAIN, ['list', '-m', 'all']);
    const goReads = /checksum mismatch/.test(r.stderr);
    assert.ok(goReads || /missing go\.sum entry/.test(r.stderr), `${label}: ${r.stderr}`);
    const ours = parseGoSum(text);
    const weRead = ours.lines.length === 1 && ours.lines[0].module === MODULE && ours.lines[0].hash === WRONG;
    assert.equal(weRead || ours.malformed.length === 1, true, `${label}: neither entry nor malformed`);
    return { goReads, weRead };
  }

  it('every separator: an entry for Go exactly when it is one for us', async () => {
    const verdicts = await inBatches(SEPARATORS, 4, async (sep, i) => {
      const label = `U+${sep.charCodeAt(0).toString(16)}`;
      const { goReads, weRead } = await bothRead(`${MODULE}${sep}v1.0.0/go.mod${sep}${WRONG}\n`, `sep${i}`, label);
      return { sep: `U+${sep.charCodeAt(0).toString(16).padStart(4, '0')}`, goReads, weRead };
    });
    assert.deepEqual(verdicts.map((v) => [v.sep, v.weRead]), verdicts.map((v) => [v.sep, v.goReads]));
    // Both answers occur: the comparison could fail either way.
    assert.ok(verdicts.some((v) => v.goReads) && verdicts.some((v) => !v.goReads));
  });

  it('every line ending the fast path and the exact path take: an entry for Go exactly when it is one for us', async () => {
    const endings = ['\n', '\r\n', '\r\r\n', ' \n', '\t\n', '', '\r', '\u0085\n', '\u00a0\n'];
    const verdicts = await inBatches(endings, 4, async (end, i) => {
      const { goReads, weRead } = await bothRead(`${MODULE} v1.0.0/go.mod ${WRONG}${end}`, `end${i}`, JSON.stringify(end));
      return { end, goReads, weRead };
    });
    assert.deepEqual(verdicts.map((v) => [v.end, v.weRead]), verdicts.map((v) => [v.end, v.goReads]));
  });

  it('the hash of an empty go.mod that old go commands wrote: go drops the line unread, and our audit asks nothing and calls it ignored', async () => {
    mkdirSync(path.join(go.root, 'empty'), { recursive: true });
    const text = `${MODULE} v1.0.0/go.mod ${EMPTY_GO_MOD_HASH}\n`;
    writeFileSync(path.join(go.root, 'empty', 'go.sum'), text);
    const r = await go.run('empty', MAIN, ['list', '-m', 'all']);
    assert.match(r.stderr, /missing go\.sum entry/);
    assert.doesNotMatch(r.stderr, /checksum mismatch/);
    // A database holding the real line: asked about this one, it would read as a mismatch (a false SECURITY ERROR).
    const db = await startSumdbServer({ goSumLines: [`${MODULE} v1.0.0/go.mod ${hashGoMod(Buffer.from(GO_MOD))}`] });
    const a = await auditSetup({ GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY: 'off' });
    try {
      const result = await a.auditor.audit(parseGoSum(text));
      assert.deepEqual(result.verdicts.map((v) => v.status), ['ignored']);
      assert.equal(result.lookups, 0);
      assert.equal(db.requests.filter((q) => q.includes('/lookup/')).length, 0);
    } finally {
      await a.close();
      await db.close();
    }
  });
});
