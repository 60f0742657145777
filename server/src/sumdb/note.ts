// Owns: signed notes as golang.org/x/mod/sumdb/note defines them — verifier and signer keys
// ("name+hash+key", "PRIVATE+KEY+name+hash+key"), opening notes against known keys, and signing.
// Must never: do I/O, import vscode, or report a note as verified unless an Ed25519 check passed.

import crypto = require('node:crypto');
import { isUtf8 } from 'node:buffer';
import { decodeStdBase64, encodeStdBase64 } from './base64';

export interface Verifier {
  readonly name: string;
  readonly keyHash: number;
  verify(msg: Uint8Array, sig: Uint8Array): boolean;
}

export interface Signer {
  readonly name: string;
  readonly keyHash: number;
  sign(msg: Uint8Array): Uint8Array;
}

export interface Verifiers {
  /** Returns the verifier for name+keyHash, or throws UnknownVerifierError. */
  verifier(name: string, keyHash: number): Verifier;
}

export interface Signature {
  name: string;
  keyHash: number;
  base64: string;
}

export interface Note {
  text: string;
  sigs: Signature[];
  unverifiedSigs: Signature[];
}

export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The note parsed, but no known key signed it. The parsed note rides along. */
export class UnverifiedNoteError extends NoteError {
  constructor(readonly note: Note) {
    super('note has no verifiable signatures');
  }
}

/** A known key rejected its signature: the note was tampered with or signed by an impostor. */
export class InvalidSignatureError extends NoteError {
  constructor(readonly keyName: string, readonly keyHash: number) {
    super(`invalid signature for key ${keyName}+${hex8(keyHash)}`);
  }
}

export class UnknownVerifierError extends NoteError {
  constructor(readonly keyName: string, readonly keyHash: number) {
    super(`unknown key ${keyName}+${hex8(keyHash)}`);
  }
}

/** Two known keys share a name and hash: the key list itself is compromised. */
export class AmbiguousVerifierError extends NoteError {
  constructor(readonly keyName: string, readonly keyHash: number) {
    super(`ambiguous key ${keyName}+${hex8(keyHash)}`);
  }
}

const ALG_ED25519 = 1;
const MAX_SIGNATURES = 100;
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SIG_PREFIX = Buffer.from('— ', 'utf8');
const NEWLINE = 0x0a;

export function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** First four bytes, big-endian, of SHA-256(name + "\n" + key). */
export function keyHash(name: string, key: Uint8Array): number {
  const h = crypto.createHash('sha256');
  h.update(name, 'utf8');
  h.update('\n');
  h.update(key);
  return h.digest().readUInt32BE(0);
}

// Go's unicode.IsSpace is exactly the Unicode White_Space property (shared/utf8.ts).
const BAD_NAME_CHAR = /[\p{White_Space}+]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Non-empty, well-formed, and free of spaces and pluses. */
export function isValidName(name: string): boolean {
  return name !== '' && !BAD_NAME_CHAR.test(name) && !LONE_SURROGATE.test(name);
}

function chop(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

function parseKeyHash(hash16: string): number | undefined {
  return /^[0-9a-fA-F]{8}$/.test(hash16) ? parseInt(hash16, 16) : undefined;
}

class Ed25519Verifier implements Verifier {
  constructor(readonly name: string, readonly keyHash: number, private readonly key: crypto.KeyObject) {}

  verify(msg: Uint8Array, sig: Uint8Array): boolean {
    if (sig.length !== 64) return false;
    try {
      return crypto.verify(null, msg, this.key, sig);
    } catch {
      return false;
    }
  }
}

class Ed25519Signer implements Signer {
  constructor(readonly name: string, readonly keyHash: number, private readonly key: crypto.KeyObject) {}

  sign(msg: Uint8Array): Uint8Array {
    return crypto.sign(null, msg, this.key);
  }
}

function ed25519PublicKey(raw: Uint8Array): crypto.KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

function ed25519PrivateKey(seed: Uint8Array): crypto.KeyObject {
  return crypto.createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Parses "name+hash+base64(alg||key)". Splits on the first two pluses only: names cannot hold '+', keys can. */
export function parseVerifierKey(vkey: string): Verifier {
  const [name, rest] = chop(vkey, '+');
  const [hash16, key64] = chop(rest, '+');
  const hash = parseKeyHash(hash16);
  const key = decodeStdBase64(key64);
  if (hash === undefined || key === undefined || !isValidName(name) || key.length === 0) {
    throw new NoteError('malformed verifier id');
  }
  if (hash !== keyHash(name, key)) throw new NoteError('invalid verifier hash');
  if (key[0] !== ALG_ED25519) throw new NoteError('unknown verifier algorithm');
  if (key.length !== 33) throw new NoteError('malformed verifier id');
  return new Ed25519Verifier(name, hash, ed25519PublicKey(key.subarray(1)));
}

/** Parses "PRIVATE+KEY+name+hash+base64(alg||seed)". Go reports signer-key errors with the verifier wording. */
export function parseSignerKey(skey: string): Signer {
  const [priv1, r1] = chop(skey, '+');
  const [priv2, r2] = chop(r1, '+');
  const [name, r3] = chop(r2, '+');
  const [hash16, key64] = chop(r3, '+');
  const hash = parseKeyHash(hash16);
  const key = decodeStdBase64(key64);
  if (priv1 !== 'PRIVATE' || priv2 !== 'KEY' || hash === undefined || key === undefined || !isValidName(name) || key.length === 0) {
    throw new NoteError('malformed verifier id');
  }
  if (key[0] !== ALG_ED25519) throw new NoteError('unknown verifier algorithm');
  if (key.length !== 33) throw new NoteError('malformed verifier id');
  const privateKey = ed25519PrivateKey(key.subarray(1));
  // The hash names the public key, so it can only be checked once the public key is derived.
  const publicKey = rawPublicKey(crypto.createPublicKey(privateKey));
  if (hash !== keyHash(name, Buffer.concat([Buffer.of(ALG_ED25519), publicKey]))) {
    throw new NoteError('invalid verifier hash');
  }
  return new Ed25519Signer(name, hash, privateKey);
}

function rawPublicKey(key: crypto.KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

/** A fresh Ed25519 key pair in note encoding. Unlike Go, refuses names no note could carry. */
export function generateKeyPair(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidName(name)) throw new NoteError('malformed verifier id');
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = pkcs8.subarray(pkcs8.length - 32);
  const pub = Buffer.concat([Buffer.of(ALG_ED25519), rawPublicKey(publicKey)]);
  const priv = Buffer.concat([Buffer.of(ALG_ED25519), seed]);
  const h = hex8(keyHash(name, pub));
  return {
    signerKey: `PRIVATE+KEY+${name}+${h}+${priv.toString('base64')}`,
    verifierKey: `${name}+${h}+${pub.toString('base64')}`,
  };
}

/** Known keys, looked up by name and key hash. */
export function verifierList(...vs: Verifier[]): Verifiers {
  const byKey = new Map<string, Verifier[]>();
  for (const v of vs) {
    const k = `${v.name}+${v.keyHash}`;
    const list = byKey.get(k);
    if (list) list.push(v);
    else byKey.set(k, [v]);
  }
  return {
    verifier(name: string, hash: number): Verifier {
      const list = byKey.get(`${name}+${hash}`);
      if (!list) throw new UnknownVerifierError(name, hash);
      if (list.length > 1) throw new AmbiguousVerifierError(name, hash);
      return list[0];
    },
  };
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Parses a signed note and checks its signatures against the known keys.
 * Signatures by unknown keys are kept as unverified; a known key's bad signature is fatal.
 */
export function openNote(msg: Uint8Array, known: Verifiers): Note {
  const buf = asBuffer(msg);
  // Valid UTF-8, and no ASCII control characters other than newline.
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b < 0x20 && b !== NEWLINE) throw new NoteError('malformed note');
  }
  if (!isUtf8(buf)) throw new NoteError('malformed note');

  // The signature block follows the last blank line and ends in a newline.
  const split = buf.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note');
  const textBytes = buf.subarray(0, split + 1);
  let sigs = buf.subarray(split + 2);
  if (sigs.length === 0 || sigs[sigs.length - 1] !== NEWLINE) throw new NoteError('malformed note');

  const note: Note = { text: textBytes.toString('utf8'), sigs: [], unverifiedSigs: [] };
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  let numSig = 0;
  while (sigs.length > 0) {
    const nl = sigs.indexOf(NEWLINE);
    const lineBytes = sigs.subarray(0, nl);
    sigs = sigs.subarray(nl + 1);
    if (!lineBytes.subarray(0, SIG_PREFIX.length).equals(SIG_PREFIX)) throw new NoteError('malformed note');
    const line = lineBytes.subarray(SIG_PREFIX.length).toString('utf8');
    const [name, b64] = chop(line, ' ');
    const raw = decodeStdBase64(b64);
    if (raw === undefined || !isValidName(name) || b64 === '' || raw.length < 5) throw new NoteError('malformed note');
    const hash = raw.readUInt32BE(0);
    const sig = raw.subarray(4);

    // Bound the work a hostile note can cause.
    if (++numSig > MAX_SIGNATURES) throw new NoteError('malformed note');

    let v: Verifier;
    try {
      v = known.verifier(name, hash);
    } catch (err) {
      if (!(err instanceof UnknownVerifierError)) throw err;
      if (!seenUnverified.has(line)) {
        seenUnverified.add(line);
        note.unverifiedSigs.push({ name, keyHash: hash, base64: b64 });
      }
      continue;
    }
    if (v.name !== name || v.keyHash !== hash) {
      throw new NoteError("verifier name or hash doesn't match signature");
    }
    const id = `${name}+${hash}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!v.verify(textBytes, sig)) throw new InvalidSignatureError(name, hash);
    note.sigs.push({ name, keyHash: hash, base64: b64 });
  }

  if (note.sigs.length === 0) throw new UnverifiedNoteError(note);
  return note;
}

/**
 * Signs the note text with each signer. Existing signatures come first, then the new ones;
 * an existing signature by one of the signers' keys is dropped in favour of the fresh one.
 */
export function signNote(
  n: { text: string; sigs?: Signature[]; unverifiedSigs?: Signature[] },
  ...signers: Signer[]
): Uint8Array {
  if (!n.text.endsWith('\n')) throw new NoteError('malformed note');
  const text = Buffer.from(n.text, 'utf8');
  const fresh: string[] = [];
  const have = new Set<string>();
  for (const s of signers) {
    have.add(`${s.name}+${s.keyHash}`);
    if (!isValidName(s.name)) throw new NoteError('invalid signer');
    const sig = s.sign(text);
    const raw = Buffer.alloc(4 + sig.length);
    raw.writeUInt32BE(s.keyHash >>> 0, 0);
    raw.set(sig, 4);
    fresh.push(`— ${s.name} ${encodeStdBase64(raw)}\n`);
  }

  const out: string[] = [n.text, '\n'];
  for (const list of [n.sigs ?? [], n.unverifiedSigs ?? []]) {
    for (const sig of list) {
      if (!isValidName(sig.name)) throw new NoteError('malformed note');
      if (have.has(`${sig.name}+${sig.keyHash}`)) continue;
      // The key hash is stated twice; refuse to emit a signature whose two copies disagree.
      const raw = decodeStdBase64(sig.base64);
      if (raw === undefined || raw.length < 4 || raw.readUInt32BE(0) !== sig.keyHash) throw new NoteError('malformed note');
      out.push(`— ${sig.name} ${sig.base64}\n`);
    }
  }
  out.push(...fresh);
  return Buffer.from(out.join(''), 'utf8');
}
