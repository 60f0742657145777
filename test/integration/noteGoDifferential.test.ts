// Signed notes beside Go's own golang.org/x/mod/sumdb/note (Debian's copy, test/support/go-note): seeded
// mutations of real notes and of their verifier keys, opened by both, must give the same text and signatures or
// the same error, word for word. The unit tests (note.test.ts) hold Go's vectors; this holds Go's behaviour.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateKeyPair, keyHash, openNote, parseSignerKey, parseVerifierKey, signNote, UnverifiedNoteError, verifierList, type Signature } from '../../server/src/sumdb/note';
import { mutate, prng } from '../support/fuzz';
import { goProgramBeforeSuite } from '../support/goProgramSuite';

const VECTORS = path.join(__dirname, '..', 'fixtures', 'reference', 'vectors');
const REAL = path.join(__dirname, '..', 'fixtures', 'reference', 'sumdb-real');
const SUM_GOLANG_ORG = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

interface Case { keys: string[]; note: Buffer }
type Outcome = { keyError: string } | { error: string; unverified?: string[] } | { text: string; sigs: string[]; unverified: string[] };

/** The notes the mutations start from, each with the keys that sign it. */
function baseCases(): Case[] {
  const cosignedKeys = fs.readFileSync(path.join(VECTORS, 'note-sumdb-6476701-cosigned.keys.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const cases: Case[] = [{ keys: cosignedKeys, note: fs.readFileSync(path.join(VECTORS, 'note-sumdb-6476701-cosigned.note')) }];
  for (const file of fs.readdirSync(REAL).sort().slice(0, 3)) {
    const body = fs.readFileSync(path.join(REAL, file));
    const start = /^\d+\n/.test(body.toString('latin1', 0, 24)) ? body.indexOf('\n\n') + 2 : 0;
    cases.push({ keys: [SUM_GOLANG_ORG], note: body.subarray(start) });
  }
  const a = generateKeyPair('example.com/db');
  const b = generateKeyPair('witness');
  const signed = signNote({ text: 'go.sum database tree\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n' }, parseSignerKey(a.signerKey), parseSignerKey(b.signerKey));
  cases.push({ keys: [a.verifierKey, b.verifierKey], note: Buffer.from(signed) });
  return cases;
}

/** Bytes that matter to the note format: controls, a carriage return, invalid UTF-8, dashes that are not the em dash. */
const ODD = ['\x00', '\x01', '\t', '\r', '\x7f', '\n', '\n\n', ' ', '+', '—', '-', '–', '=', '\xff', '\xc3', '\xe2\x80'];

/** One seeded change of a note's bytes: text edits, an odd byte, a signature line repeated or changed. */
function mutateNote(rand: () => number, note: Buffer): Buffer {
  const r = rand();
  const at = Math.floor(rand() * (note.length + 1));
  if (r < 0.3) return Buffer.from(mutate(rand, note.toString('utf8'), 1 + Math.floor(rand() * 2)), 'utf8');
  if (r < 0.55) return Buffer.concat([note.subarray(0, at), Buffer.from(ODD[Math.floor(rand() * ODD.length)], 'latin1'), note.subarray(at)]);
  if (r < 0.65) return note.subarray(0, at);
  const lines = note.toString('utf8').split('\n');
  const sigAt = lines.findIndex((l) => l.startsWith('— '));
  if (sigAt < 0) return note;
  const i = sigAt + Math.floor(rand() * Math.max(1, lines.length - 1 - sigAt));
  if (r < 0.75) lines.splice(i, 0, lines[i]);
  else if (r < 0.85) lines[i] = lines[i].replace(/[A-Za-z0-9+/](?==*$)/, (c) => (c === 'A' ? 'B' : 'A'));
  else if (r < 0.9) {
    // Go's limit is 100 signature lines: exactly 100 or 101 (the last line of the note is empty).
    for (let total = 100 + Math.floor(rand() * 2); lines.length - 1 - sigAt < total;) lines.splice(sigAt, 0, lines[sigAt]);
  }
  else lines[i] = lines[i].replace(/^— (\S+)/, (_m, name: string) => `— ${mutate(rand, name, 1)}`);
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** One seeded change of a key list: a key edited, dropped, or listed twice. */
function mutateKeys(rand: () => number, keys: string[]): string[] {
  const out = [...keys];
  const i = Math.floor(rand() * out.length);
  const r = rand();
  // Encoded as UTF-8 and back, as Go reads it (a lone surrogate becomes U+FFFD on both sides).
  if (r < 0.6) out[i] = Buffer.from(mutate(rand, out[i], 1), 'utf8').toString('utf8');
  else if (r < 0.8) out.splice(i, 1);
  else out.push(out[i]);
  return out;
}

/** JSON with sorted keys: Go writes a map's keys in order. */
const canonical = (o: Outcome): string => JSON.stringify(o, Object.keys(o).sort());

const sigText = (list: Signature[]): string[] => list.map((s) => `${s.name}+${s.keyHash.toString(16).padStart(8, '0')} ${s.base64}`);

function ours(c: Case): Outcome {
  let verifiers;
  try {
    verifiers = c.keys.map(parseVerifierKey);
  } catch (err) {
    return { keyError: (err as Error).message };
  }
  try {
    const n = openNote(c.note, verifierList(...verifiers));
    return { text: n.text, sigs: sigText(n.sigs), unverified: sigText(n.unverifiedSigs) };
  } catch (err) {
    return err instanceof UnverifiedNoteError ? { error: err.message, unverified: sigText(err.note.unverifiedSigs) } : { error: (err as Error).message };
  }
}

describe("signed notes beside Go's golang.org/x/mod/sumdb/note", function () {
  this.timeout(120_000);
  const goProgram = goProgramBeforeSuite('go-note');

  function goOutcomes(cases: Case[]): Outcome[] {
    return goProgram.ask<Outcome>(cases.map((c) => ({ keys: c.keys, note: c.note.toString('base64') })));
  }

  it('the notes mutations start from open alike, every signature verified', () => {
    const cases = baseCases();
    const go = goOutcomes(cases);
    assert.ok(go.every((o) => 'sigs' in o && o.sigs.length > 0), JSON.stringify(go));
    assert.deepEqual(cases.map(ours), go);
  });

  it('3,000 seeded mutations of notes and keys: the same text and signatures, or the same error, as Go', () => {
    const bases = baseCases();
    const cases: Case[] = [];
    for (let seed = 0; seed < 3000; seed++) {
      const rand = prng(seed);
      const base = bases[seed % bases.length];
      const r = rand();
      cases.push(r < 0.65 ? { keys: base.keys, note: mutateNote(rand, base.note) }
        : r < 0.85 ? { keys: mutateKeys(rand, base.keys), note: base.note }
          : { keys: mutateKeys(rand, base.keys), note: mutateNote(rand, base.note) });
    }
    // Keys whose hash matches: only then does Go look at the algorithm and the key's length.
    for (const [alg, length] of [[2, 32], [0, 32], [1, 31], [1, 33], [1, 0]]) {
      const key = Buffer.concat([Buffer.from([alg]), Buffer.alloc(length, 7)]);
      cases.push({ keys: [`crafted+${keyHash('crafted', key).toString(16).padStart(8, '0')}+${key.toString('base64')}`], note: bases[0].note });
    }
    const go = goOutcomes(cases);
    const differ = cases.flatMap((c, i) => {
      const o = ours(c);
      return canonical(o) === canonical(go[i]) ? []
        : [`seed ${i}: keys ${JSON.stringify(c.keys)} note ${JSON.stringify(c.note.toString('latin1'))}\n  Go   ${JSON.stringify(go[i])}\n  ours ${JSON.stringify(o)}`];
    });
    assert.equal(differ.length, 0, `${differ.length} differ; the first:\n${differ.slice(0, 5).join('\n')}`);
    // The seeds reach each of Go's answers: opened, and every error a note or a key can get.
    const kinds = new Set(go.map((o) => ('keyError' in o ? o.keyError : 'error' in o ? o.error.replace(/ for key .*/, '') : 'opened')));
    for (const k of ['opened', 'malformed note', 'note has no verifiable signatures', 'invalid signature', 'malformed verifier id', 'invalid verifier hash', 'unknown verifier algorithm']) {
      assert.ok(kinds.has(k), `no seed reached "${k}": ${[...kinds].join(' | ')}`);
    }
  });
});
