// The transparency log's parsers and proof checks beside Go's own golang.org/x/mod/sumdb/tlog (Debian's copy,
// test/support/go-tlog): seeded mutations of real records and tree notes, tile paths, and inclusion and
// consistency proofs, answered by both, must agree (the result, or the error word for word). Where a value is
// past what a JS number holds exactly (2^53), ours refuses what Go reads: that is named and counted, not hidden.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tlog from '../../server/src/sumdb/tlog';
import type { Hash, HashReader } from '../../server/src/sumdb/tlog';
import { mutate, prng } from '../support/fuzz';
import { goProgramBeforeSuite } from '../support/goProgramSuite';

const REAL = path.join(__dirname, '..', 'fixtures', 'reference', 'sumdb-real');

type Ask =
  | { op: 'record'; data: string }
  | { op: 'tree'; text: string }
  | { op: 'tile'; path: string }
  | { op: 'checkRecord' | 'checkTree'; proof: string[]; t: number; th: string; n: number; h: string };
type Answer = Record<string, unknown>;

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/** Ours, in go-tlog's shape. */
async function ours(a: Ask): Promise<Answer> {
  try {
    switch (a.op) {
      case 'record': {
        const r = tlog.parseRecord(Buffer.from(a.data, 'base64'));
        return { id: r.id, text: b64(r.text), rest: b64(r.rest) };
      }
      case 'tree': {
        const t = tlog.parseTree(a.text);
        return { n: t.n, hash: b64(t.hash) };
      }
      case 'tile': {
        const t = tlog.parseTilePath(a.path);
        return { h: t.h, l: t.l, n: t.n, w: t.w, path: tlog.tilePath(t) };
      }
      default: {
        const check = a.op === 'checkRecord' ? tlog.checkRecord : tlog.checkTree;
        check(a.proof.map(hashOf), a.t, hashOf(a.th), a.n, hashOf(a.h));
        return { ok: true };
      }
    }
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Go reads a hash as its first 32 bytes, zero-filled: the same here. */
function hashOf(s: string): Hash {
  const h = Buffer.alloc(tlog.HASH_SIZE);
  Buffer.from(s, 'base64').copy(h);
  return h;
}

/** An in-memory log of n records, its stored hashes as a server keeps them. */
class MemoryLog implements HashReader {
  readonly hashes: Hash[] = [];
  size = 0;
  async add(text: string): Promise<void> {
    this.hashes.push(...(await tlog.storedHashes(this.size, Buffer.from(text), this)));
    this.size++;
  }
  async readHashes(indexes: number[]): Promise<Hash[]> {
    return indexes.map((x) => this.hashes[x]);
  }
}

/** Byte edits that matter to these formats: controls, invalid UTF-8, signs, zeros, digits, blank lines. */
const ODD = ['\x00', '\x01', '\r', '\x7f', '\n', '\n\n', ' ', '+', '-', '0', '9', '=', '/', '.', '\xff', '\xc3'];

function mutateBytes(rand: () => number, data: Buffer): Buffer {
  const r = rand();
  const at = Math.floor(rand() * (data.length + 1));
  if (r < 0.35) return Buffer.from(mutate(rand, data.toString('utf8'), 1), 'utf8');
  if (r < 0.7) return Buffer.concat([data.subarray(0, at), Buffer.from(ODD[Math.floor(rand() * ODD.length)], 'latin1'), data.subarray(at)]);
  if (r < 0.85) return data.subarray(0, at);
  return Buffer.concat([data.subarray(0, at), data.subarray(at + 1)]);
}

/** Numbers around the edges Go's strconv and ours read differently, or alike. */
const NUMBERS = ['0', '-1', '+5', '007', '9007199254740991', '9007199254740992', '9223372036854775807', '9223372036854775808', '00000000000000000000005', '1e3', ''];

function recordAsks(rand: () => number, bodies: Buffer[]): Ask[] {
  const asks: Ask[] = bodies.map((d) => ({ op: 'record', data: b64(d) }));
  for (let i = 0; i < 1500; i++) {
    const base = bodies[i % bodies.length];
    const data = rand() < 0.15 ? Buffer.concat([Buffer.from(NUMBERS[Math.floor(rand() * NUMBERS.length)]), base.subarray(base.indexOf(0x0a))]) : mutateBytes(rand, base);
    asks.push({ op: 'record', data: b64(data) });
  }
  return asks;
}

function treeAsks(rand: () => number, texts: string[]): Ask[] {
  const asks: Ask[] = texts.map((text) => ({ op: 'tree', text }));
  for (let i = 0; i < 1000; i++) {
    const base = texts[i % texts.length];
    // Valid UTF-8 only: a tree's text is a verified note's text.
    const text = rand() < 0.2 ? base.replace(/\n\d+\n/, `\n${NUMBERS[Math.floor(rand() * NUMBERS.length)]}\n`) : mutateBytes(rand, Buffer.from(base)).toString('utf8');
    asks.push({ op: 'tree', text });
  }
  return asks;
}

function tileAsks(rand: () => number): Ask[] {
  const asks: Ask[] = [];
  for (let i = 0; i < 1000; i++) {
    const h = 1 + Math.floor(rand() * 30);
    const t = { h, l: Math.floor(rand() * 4) - (rand() < 0.1 ? 1 : 0), n: Math.floor(rand() * 2 ** Math.floor(rand() * 40)), w: 1 + Math.floor(rand() * 2 ** Math.min(h, 10)) };
    let p = tlog.tilePath({ ...t, w: Math.min(t.w, 2 ** h) });
    if (rand() < 0.6) p = mutateBytes(rand, Buffer.from(p)).toString('latin1');
    asks.push({ op: 'tile', path: p });
  }
  return asks;
}

async function proofAsks(rand: () => number): Promise<Ask[]> {
  const log = new MemoryLog();
  for (let i = 0; i < 300; i++) await log.add(`example.com/m${i} v1.0.${i} h1:x\n`);
  const asks: Ask[] = [];
  for (let i = 0; i < 1500; i++) {
    const t = 1 + Math.floor(rand() * 300);
    const n = Math.floor(rand() * t) + (rand() < 0.5 ? 0 : 1);
    const th = await tlog.treeHash(t, log);
    const tree = rand() < 0.5;
    let proof = tree ? await tlog.proveTree(t, Math.max(n, 1), log).catch(() => [] as Hash[]) : await tlog.proveRecord(t, Math.min(n, t - 1), log);
    let h = tree ? await tlog.treeHash(Math.max(n, 1), log) : (await log.readHashes([tlog.storedHashIndex(0, Math.min(n, t - 1))]))[0];
    let [tt, nn] = [t, tree ? Math.max(n, 1) : Math.min(n, t - 1)];
    const r = rand();
    if (r < 0.15) proof = proof.map((p, j) => (j === Math.floor(rand() * proof.length) ? Buffer.from(p).fill(p[0] ^ 1, 0, 1) : p));
    else if (r < 0.25) proof = proof.slice(0, -1);
    else if (r < 0.35) proof = [...proof, th];
    else if (r < 0.45) nn += rand() < 0.5 ? 1 : -1;
    else if (r < 0.55) tt += rand() < 0.5 ? 1 : -1;
    else if (r < 0.6) h = th;
    else if (r < 0.65) [tt, nn] = [nn, tt];
    asks.push({ op: tree ? 'checkTree' : 'checkRecord', proof: proof.map(b64), t: tt, th: b64(th), n: nn, h: b64(h) });
  }
  return asks;
}

/** Where JS numbers stop: a count or id past 2^53 - 1 that Go reads and ours refuses. */
function pastSafeIntegers(a: Ask, go: Answer): boolean {
  const big = (s: string) => /^[+-]?0*\d{16,}$/.test(s) && !Number.isSafeInteger(Number(s));
  if (a.op === 'record') return 'id' in go && big(Buffer.from(a.data, 'base64').toString('latin1').split('\n')[0]);
  if (a.op === 'tree') return 'n' in go && big(a.text.split('\n')[1] ?? '');
  return false;
}

describe("the transparency log beside Go's golang.org/x/mod/sumdb/tlog", function () {
  this.timeout(120_000);
  const goProgram = goProgramBeforeSuite('go-tlog');

  async function compare(asks: Ask[], kinds: string[]): Promise<void> {
    const go = goProgram.ask<Answer>(asks);
    const differ: string[] = [];
    let past = 0;
    const seen = new Set<string>();
    for (let i = 0; i < asks.length; i++) {
      const o = await ours(asks[i]);
      seen.add('error' in go[i] ? String(go[i].error).replace(/".*"/, '"…"') : 'ok');
      if (JSON.stringify(o, Object.keys(o).sort()) === JSON.stringify(go[i], Object.keys(go[i]).sort())) continue;
      if (pastSafeIntegers(asks[i], go[i]) && 'error' in o) {
        past++;
        continue;
      }
      differ.push(`${JSON.stringify(asks[i])}\n  Go   ${JSON.stringify(go[i])}\n  ours ${JSON.stringify(o)}`);
    }
    assert.equal(differ.length, 0, `${differ.length} of ${asks.length} differ; the first:\n${differ.slice(0, 4).join('\n')}`);
    for (const k of kinds) assert.ok(seen.has(k), `no seed reached "${k}": ${[...seen].join(' | ')}`);
    if (past > 0) console.log(`      (${past} of ${asks.length} hold a number past 2^53 that Go reads and we refuse)`);
  }

  const realBodies = fs.readdirSync(REAL).sort().map((f) => fs.readFileSync(path.join(REAL, f)));

  it('records: real lookup bodies and 1,500 seeded mutations read as ParseRecord reads them', async () => {
    const bodies = realBodies.filter((b) => /^\d+\n/.test(b.toString('latin1', 0, 24)));
    assert.ok(bodies.length > 0);
    await compare(recordAsks(prng(1), bodies), ['ok', 'malformed record data']);
  });

  it('tree notes: real ones and 1,000 seeded mutations read as ParseTree reads them', async () => {
    const texts = realBodies.map((b) => {
      const note = /^\d+\n/.test(b.toString('latin1', 0, 24)) ? b.subarray(b.indexOf('\n\n') + 2) : b;
      return note.toString('utf8').slice(0, note.indexOf('\n\n') + 1);
    });
    await compare(treeAsks(prng(2), texts), ['ok', 'malformed tree note']);
  });

  it('tile paths: 1,000 seeded paths, valid and mutated, read as ParseTilePath reads them', async () => {
    await compare(tileAsks(prng(3)), ['ok', 'malformed tile path "…"']);
  });

  it('inclusion and consistency proofs: 1,500 seeded proofs, sound and broken, checked as CheckRecord and CheckTree check them', async () => {
    await compare(await proofAsks(prng(4)), ['ok', 'invalid transparency proof', 'tlog: invalid inputs in CheckRecord', 'tlog: invalid inputs in CheckTree']);
  });
});
