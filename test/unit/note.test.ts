// Signed notes against Go's own vectors (sumdb/note/note_test.go), a cosigned real note, and every
// real sum.golang.org note we hold, verified with the real key.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  InvalidSignatureError,
  NoteError,
  UnknownVerifierError,
  UnverifiedNoteError,
  generateKeyPair,
  keyHash,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierList,
  type Verifier,
  type Verifiers,
} from '../../server/src/sumdb/note';

const REF = path.join(__dirname, '..', 'fixtures', 'reference');
const vectors = fs.readFileSync(path.join(REF, 'vectors', 'note-signed-notes.txt'), 'utf8');

function keyLine(label: string): string {
  const m = vectors.match(new RegExp(`^${label}\\s*=\\s*(\\S+)$`, 'm'));
  assert.ok(m, `vector ${label} missing`);
  return m[1];
}
function block(section: string): string {
  const i = vectors.indexOf(`[${section}]`);
  assert.ok(i >= 0, `section ${section} missing`);
  const start = vectors.indexOf('<<<\n', i) + 4;
  return vectors.slice(start, vectors.indexOf('>>>', start));
}

const PETER_VKEY = keyLine('verifier PeterNeumann');
const PETER_SKEY = keyLine('signer   PeterNeumann');
const ENOCH_VKEY = keyLine('verifier EnochRoot   ');
const TEXT = block('note text signed in TestSign / TestOpen');
const SIGNED = block('expected output of Sign(text, PeterNeumann signer)');
const PETER_SIG = SIGNED.slice(TEXT.length + 1);
const ENOCH_SIG = block('EnochRoot signature line over the same text');
const SUM_GOLANG_ORG = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const peter = parseVerifierKey(PETER_VKEY);
const enoch = parseVerifierKey(ENOCH_VKEY);

function openError(msg: Uint8Array, known: Verifiers): Error {
  try {
    openNote(msg, known);
  } catch (err) {
    return err as Error;
  }
  assert.fail('openNote accepted the note');
}

describe('signed notes: keys', () => {
  it('a published verifier key parses with its name and key hash', () => {
    assert.equal(peter.name, 'PeterNeumann');
    assert.equal(peter.keyHash, 0xc74f20a3);
    assert.equal(enoch.name, 'EnochRoot');
    assert.equal(enoch.keyHash, 0xaf0cfe78);
  });

  it('the key hash is the first four bytes of SHA-256(name, newline, key)', () => {
    const key = Buffer.from(PETER_VKEY.split('+')[2], 'base64');
    assert.equal(keyHash('PeterNeumann', key), 0xc74f20a3);
  });

  it('the real sum.golang.org key parses even though its base64 contains pluses', () => {
    const v = parseVerifierKey(SUM_GOLANG_ORG);
    assert.equal(v.name, 'sum.golang.org');
    assert.equal(v.keyHash, 0x033de0ae);
  });

  it('a key of the wrong length is a malformed verifier id', () => {
    assert.throws(() => parseVerifierKey(keyLine('bad-verifier \\(wrong length key, adjusted hash\\)')), { message: 'malformed verifier id' });
  });

  it('a key of an unknown algorithm is rejected with Go\'s text', () => {
    assert.throws(() => parseVerifierKey(keyLine('bad-verifier \\(unknown algorithm, adjusted hash\\)')), { message: 'unknown verifier algorithm' });
  });

  it('every truncation and every one-byte change of a verifier key is rejected', () => {
    for (let i = 0; i < PETER_VKEY.length; i++) {
      assert.throws(() => parseVerifierKey(PETER_VKEY.slice(0, i)), NoteError, `prefix ${i}`);
      const mutated = PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      assert.throws(() => parseVerifierKey(mutated), NoteError, `mutation at ${i}: ${mutated}`);
    }
    for (let i = 1; i < PETER_VKEY.length; i++) {
      assert.throws(() => parseVerifierKey(PETER_VKEY.slice(i)), NoteError, `suffix ${i}`);
    }
  });

  it('every truncation and every one-byte change of a signer key is rejected', () => {
    for (let i = 0; i < PETER_SKEY.length; i++) {
      assert.throws(() => parseSignerKey(PETER_SKEY.slice(0, i)), NoteError, `prefix ${i}`);
      const mutated = PETER_SKEY.slice(0, i) + String.fromCharCode(PETER_SKEY.charCodeAt(i) + 1) + PETER_SKEY.slice(i + 1);
      assert.throws(() => parseSignerKey(mutated), NoteError, `mutation at ${i}: ${mutated}`);
    }
  });

  it('a wrong key hash is reported as an invalid verifier hash', () => {
    assert.throws(() => parseVerifierKey(PETER_VKEY.replace('c74f20a3', 'c74f20a4')), { message: 'invalid verifier hash' });
  });

  it('a comma list or a URL glued to the name is a malformed verifier id, as GOSUMDB users meet it', () => {
    assert.throws(() => parseVerifierKey('sum.golang.org,sum.golang.google.cn'), { message: 'malformed verifier id' });
    assert.throws(() => parseVerifierKey('sum.golang.org+https://sum.golang.google.cn'), { message: 'malformed verifier id' });
  });

  it('names with spaces, including non-ASCII spaces, are refused', () => {
    const key = PETER_VKEY.slice(PETER_VKEY.indexOf('+'));
    assert.throws(() => parseVerifierKey('Peter Neumann' + key), { message: 'malformed verifier id' });
    assert.throws(() => parseVerifierKey('Peter\u00a0Neumann' + key), { message: 'malformed verifier id' });
    assert.throws(() => parseVerifierKey('Peter\u3000Neumann' + key), { message: 'malformed verifier id' });
  });

  it('a generated key pair signs notes its verifier key accepts', () => {
    const { signerKey, verifierKey } = generateKeyPair('localhost.localdev/sumdb');
    const signer = parseSignerKey(signerKey);
    const verifier = parseVerifierKey(verifierKey);
    assert.equal(signer.keyHash, verifier.keyHash);
    const n = openNote(signNote({ text: 'hello\n' }, signer), verifierList(verifier));
    assert.equal(n.text, 'hello\n');
    assert.deepEqual(n.sigs.map((s) => s.name), ['localhost.localdev/sumdb']);
  });

  it('Go\'s published test database signer key matches its verifier key', () => {
    const client = fs.readFileSync(path.join(REF, 'vectors', 'sumdb-client-test.txt'), 'utf8');
    const vkey = client.match(/^verifier = (\S+)$/m)![1];
    const skey = client.match(/^signer   = (\S+)$/m)![1];
    const signer = parseSignerKey(skey);
    const verifier = parseVerifierKey(vkey);
    assert.equal(signer.name, 'localhost.localdev/sumdb');
    assert.equal(signer.keyHash, verifier.keyHash);
    assert.ok(openNote(signNote({ text: 'go.sum database tree\n1\nAAAA\n' }, signer), verifierList(verifier)));
  });
});

describe('signed notes: signing', () => {
  const signer = parseSignerKey(PETER_SKEY);

  it('signing Go\'s sample text reproduces Go\'s signed bytes exactly', () => {
    assert.equal(Buffer.from(signNote({ text: TEXT }, signer)).toString('utf8'), SIGNED);
  });

  it('text without a final newline cannot be signed', () => {
    assert.throws(() => signNote({ text: 'abc' }, signer), { message: 'malformed note' });
  });

  it('existing signatures with bad names or mismatched hashes are refused', () => {
    assert.throws(() => signNote({ text: TEXT, sigs: [{ name: 'a+b', keyHash: 0, base64: '' }] }), { message: 'malformed note' });
    assert.throws(() => signNote({ text: TEXT, sigs: [{ name: 'PeterNeumann', keyHash: 0xc74f20a3, base64: 'BADHASH=' }] }), { message: 'malformed note' });
  });

  it('re-signing replaces the signer\'s old signature', () => {
    const out = signNote({ text: TEXT, sigs: [{ name: 'PeterNeumann', keyHash: 0xc74f20a3, base64: 'BADSIGN=' }] }, signer);
    assert.equal(Buffer.from(out).toString('utf8'), SIGNED);
  });

  it('a second signer appends after the existing signature, as in Go\'s doc example', () => {
    const n = openNote(bytes(TEXT + '\n' + PETER_SIG + ENOCH_SIG), verifierList(peter));
    const twice = signNote(n, signer);
    assert.equal(Buffer.from(twice).toString('utf8'), TEXT + '\n' + ENOCH_SIG + PETER_SIG);
  });
});

describe('signed notes: opening', () => {
  const both = bytes(TEXT + '\n' + PETER_SIG + ENOCH_SIG);

  it('the doubly signed note from the reference file opens with both keys', () => {
    const msg = fs.readFileSync(path.join(REF, 'vectors', 'note-peter-enoch.note'));
    const n = openNote(msg, verifierList(peter, enoch));
    assert.equal(n.text, TEXT);
    assert.deepEqual(n.sigs.map((s) => s.name), ['PeterNeumann', 'EnochRoot']);
    assert.deepEqual(n.unverifiedSigs, []);
  });

  it('a signature by an unknown key is kept as unverified', () => {
    const n = openNote(both, verifierList(peter));
    assert.deepEqual(n.sigs, [{ name: 'PeterNeumann', keyHash: 0xc74f20a3, base64: PETER_SIG.trim().split(' ')[2] }]);
    assert.deepEqual(n.unverifiedSigs.map((s) => [s.name, s.keyHash]), [['EnochRoot', 0xaf0cfe78]]);
  });

  it('a note signed only by unknown keys reports no verifiable signatures and carries the note', () => {
    const err = openError(both, verifierList());
    assert.ok(err instanceof UnverifiedNoteError);
    assert.equal(err.message, 'note has no verifiable signatures');
    assert.equal(err.note.text, TEXT);
    assert.equal(err.note.unverifiedSigs.length, 2);
  });

  it('two known keys with the same name and hash are ambiguous', () => {
    const err = openError(bytes(TEXT + '\n' + ENOCH_SIG), verifierList(enoch, peter, enoch));
    assert.equal(err.message, 'ambiguous key EnochRoot+af0cfe78');
    // An unused duplicate does no harm.
    assert.ok(openNote(bytes(TEXT + '\n' + PETER_SIG), verifierList(enoch, peter, enoch)));
  });

  it('more than 100 signatures is a malformed note', () => {
    const msg = bytes(TEXT + '\n' + PETER_SIG.repeat(101));
    assert.equal(openError(msg, verifierList(peter)).message, 'malformed note');
    assert.equal(openError(msg, verifierList()).message, 'malformed note');
  });

  it('a tampered signature is an invalid signature for that key', () => {
    const sig = bytes(PETER_SIG);
    const msg = Buffer.concat([bytes(TEXT + '\n'), sig.subarray(0, 60), bytes('ABCD'), sig.subarray(60)]);
    const err = openError(msg, verifierList(peter));
    assert.ok(err instanceof InvalidSignatureError);
    assert.equal(err.message, 'invalid signature for key PeterNeumann+c74f20a3');
  });

  it('a tampered text fails the signature check', () => {
    const err = openError(bytes(TEXT.replace('answer', 'Answer') + '\n' + PETER_SIG), verifierList(peter));
    assert.equal(err.message, 'invalid signature for key PeterNeumann+c74f20a3');
  });

  it('repeated signatures are dropped and repeated unknown ones listed once', () => {
    const enochABCD = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5nABCD2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
    const msg = bytes(TEXT + '\n' + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + enochABCD);
    const n = openNote(msg, verifierList(peter));
    assert.deepEqual(n.sigs.map((s) => s.name), ['PeterNeumann']);
    assert.deepEqual(n.unverifiedSigs.map((s) => s.base64), [ENOCH_SIG.trim().split(' ')[2], enochABCD.trim().split(' ')[2]]);
  });

  const malformed: [string, Uint8Array][] = [
    ['text only', bytes(TEXT)],
    ['text and blank line but no signatures', bytes(TEXT + '\n')],
    ['signature without final newline', bytes(TEXT + '\n' + PETER_SIG.trimEnd())],
    ['a control character', bytes('\x01' + TEXT + '\n' + PETER_SIG)],
    ['invalid UTF-8', Buffer.concat([Buffer.of(0xff), bytes(TEXT + '\n' + PETER_SIG)])],
    ['a space in the signer name', bytes(TEXT + '\n' + PETER_SIG.replace('PeterNeumann', 'Bad Name').trimEnd())],
    ['a line after the signatures that is not a signature', bytes(TEXT + '\n' + PETER_SIG + 'Unexpected line.\n')],
    ['a surrogate encoded in UTF-8', Buffer.concat([Buffer.of(0xed, 0xa0, 0x80), bytes(TEXT + '\n' + PETER_SIG)])],
    ['a carriage return', bytes(TEXT.replace('\n', '\r\n') + '\n' + PETER_SIG)],
    ['unpadded base64', bytes(TEXT + '\n' + PETER_SIG.replace('=\n', '\n'))],
    ['empty input', new Uint8Array(0)],
  ];
  for (const [what, msg] of malformed) {
    it(`a note with ${what} is malformed`, () => {
      assert.equal(openError(msg, verifierList(peter)).message, 'malformed note');
    });
  }

  it('a key list that answers with the wrong key is caught', () => {
    const liar: Verifiers = { verifier: () => peter };
    const renamed = bytes(TEXT + '\n' + PETER_SIG.replace('PeterNeumann', 'CarmenSandiego'));
    assert.equal(openError(renamed, liar).message, "verifier name or hash doesn't match signature");
    const rehashed = bytes(TEXT + '\n' + PETER_SIG.replace('x08g', 'xxxx'));
    assert.equal(openError(rehashed, liar).message, "verifier name or hash doesn't match signature");
  });

  it('a key list that fails for another reason passes the error through', () => {
    const broken: Verifiers = { verifier: () => { throw new Error('key store offline'); } };
    assert.equal(openError(bytes(TEXT + '\n' + PETER_SIG), broken).message, 'key store offline');
  });

  it('an unknown key lookup names the key', () => {
    assert.throws(() => verifierList().verifier('x', 1), (e: unknown) => e instanceof UnknownVerifierError && e.message === 'unknown key x+00000001');
  });
});

describe('signed notes: real sum.golang.org data', () => {
  const sumdb = parseVerifierKey(SUM_GOLANG_ORG);

  it('a real tree note cosigned by three witnesses verifies every known signature', () => {
    const keys = fs.readFileSync(path.join(REF, 'vectors', 'note-sumdb-6476701-cosigned.keys.txt'), 'utf8')
      .split('\n').filter((l) => l && !l.startsWith('#'));
    const verifiers: Verifier[] = keys.map(parseVerifierKey);
    assert.equal(verifiers.length, 4);
    const msg = fs.readFileSync(path.join(REF, 'vectors', 'note-sumdb-6476701-cosigned.note'));
    const n = openNote(msg, verifierList(...verifiers));
    assert.deepEqual(n.sigs.map((s) => s.name), ['sum.golang.org', 'monkeys', 'bananas', 'witness']);
    // With only the database key, the witnesses become unverified cosignatures.
    const only = openNote(msg, verifierList(sumdb));
    assert.equal(only.sigs.length, 1);
    assert.equal(only.unverifiedSigs.length, 3);
  });

  it('a cosignature reused under an unknown name stays unverified', () => {
    const msg = fs.readFileSync(path.join(REF, 'vectors', 'note-sumdb-6476701-cosigned.note'), 'utf8');
    const witnessSig = msg.match(/^— witness (\S+)$/m)![1];
    const n = openNote(bytes(msg + `— random1 ${witnessSig}\n`), verifierList(sumdb));
    assert.deepEqual(n.unverifiedSigs.map((s) => s.name), ['monkeys', 'bananas', 'witness', 'random1']);
  });

  const realDir = path.join(REF, 'sumdb-real');
  for (const file of fs.readdirSync(realDir).sort()) {
    it(`the real sum.golang.org response ${file} verifies with the real key`, () => {
      const body = fs.readFileSync(path.join(realDir, file));
      // A lookup body is "id\ntext\n\n" followed by the signed tree note; a /latest body is just the note.
      const start = /^\d+\n/.test(body.toString('latin1', 0, 24)) ? body.indexOf('\n\n') + 2 : 0;
      const n = openNote(body.subarray(start), verifierList(sumdb));
      assert.ok(n.text.startsWith('go.sum database tree\n'));
      assert.equal(n.sigs.length, 1);
      const flipped = Buffer.from(body.subarray(start));
      flipped[n.text.indexOf('\n') + 2] ^= 1; // a digit of the tree size
      assert.throws(() => openNote(flipped, verifierList(sumdb)), InvalidSignatureError);
    });
  }
});
