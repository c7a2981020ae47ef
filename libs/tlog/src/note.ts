import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

/**
 * Signed notes (c2sp.org/signed-note) with Ed25519 keys, in the key encodings of Go's
 * golang.org/x/mod/sumdb/note, so a checkpoint this log signs opens with any tool of that ecosystem:
 *   verifier key  <name>+<key id, 8 hex>+<base64(0x01 || 32-byte public key)>
 *   signer key    PRIVATE+KEY+<name>+<key id>+<base64(0x01 || 32-byte seed)>
 */

const ED25519 = 0x01;
const SIGNATURE_LINE = '\u2014 ';
/** the note text and its signatures together; more would be a note no one should sign or read */
const MAX_NOTE_BYTES = 1_000_000;
// DER framing of a raw 32-byte Ed25519 key (RFC 8410), which node:crypto reads and writes
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class NoteError extends Error {}

export interface VerifierKey {
  name: string;
  /** the key id: SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian */
  id: number;
  publicKey: Buffer;
  /** the encoded key, as configured and printed */
  text: string;
}

export interface SignerKey {
  /** the 32-byte Ed25519 seed: the secret */
  seed: Buffer;
  /** the key that verifies its signatures */
  verifier: VerifierKey;
}

function keyId(name: string, publicKey: Buffer): number {
  const hash = createHash('sha256')
    .update(name)
    .update(Buffer.from([0x0a, ED25519]))
    .update(publicKey)
    .digest();
  return hash.readUInt32BE(0);
}

const hexId = (id: number) => id.toString(16).padStart(8, '0');

function checkName(name: string): void {
  if (name === '' || /[\s+]/u.test(name)) {
    throw new NoteError(`a key name must be non-empty, without spaces or "+": ${JSON.stringify(name)}`);
  }
}

/** The key material after the 0x01 type byte, or a NoteError naming what is wrong. */
function keyBytes(encoded: string, what: string): Buffer {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.toString('base64') !== encoded || bytes.length !== 33 || bytes[0] !== ED25519) {
    throw new NoteError(`${what}: not base64 of 0x01 and 32 bytes of an Ed25519 key`);
  }
  return bytes.subarray(1);
}

function publicKeyOfSeed(seed: Buffer): Buffer {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return spki.subarray(SPKI_PREFIX.length);
}

/** The first `count` fields of a key text split at "+", then the rest (base64 may hold a "+"). */
function fields(text: string, count: number): string[] | undefined {
  const parts = text.split('+');
  if (parts.length < count + 1) return undefined;
  return [...parts.slice(0, count), parts.slice(count).join('+')];
}

export function parseVerifierKey(text: string): VerifierKey {
  const parts = fields(text, 2);
  if (parts === undefined) throw new NoteError('a verifier key is <name>+<key id>+<key>');
  const [name = '', id = '', encoded = ''] = parts;
  checkName(name);
  const publicKey = keyBytes(encoded, 'the verifier key');
  if (!/^[0-9a-f]{8}$/u.test(id) || parseInt(id, 16) !== keyId(name, publicKey)) {
    throw new NoteError(`the verifier key's id ${id} is not the id of its name and key`);
  }
  return { name, id: keyId(name, publicKey), publicKey, text };
}

export function parseSignerKey(text: string): SignerKey {
  const parts = fields(text, 4);
  if (parts === undefined || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new NoteError('a signer key is PRIVATE+KEY+<name>+<key id>+<key>');
  }
  const [, , name = '', id = '', encoded = ''] = parts;
  checkName(name);
  const seed = keyBytes(encoded, 'the signer key');
  const publicKey = publicKeyOfSeed(seed);
  if (!/^[0-9a-f]{8}$/u.test(id) || parseInt(id, 16) !== keyId(name, publicKey)) {
    throw new NoteError(`the signer key's id ${id} is not the id of its name and key`);
  }
  return { seed, verifier: { name, id: keyId(name, publicKey), publicKey, text: verifierKeyText(name, publicKey) } };
}

const typed = (key: Buffer) => Buffer.concat([Buffer.from([ED25519]), key]).toString('base64');

function verifierKeyText(name: string, publicKey: Buffer): string {
  return `${name}+${hexId(keyId(name, publicKey))}+${typed(publicKey)}`;
}

/** A new Ed25519 signer key, as text (a secret: parseSignerKey gives its verifier key). */
export function generateSignerKey(name: string): string {
  checkName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  return `PRIVATE+KEY+${name}+${hexId(keyId(name, publicKeyOfSeed(seed)))}+${typed(seed)}`;
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('a note text ends in a newline');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/u.test(text)) throw new NoteError('a note holds no control character but newline');
}

/** The note: its text, a blank line, and the key's signature line. */
export function signNote(text: string, key: SignerKey): string {
  checkText(text);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, key.seed]), format: 'der', type: 'pkcs8' });
  const id = Buffer.alloc(4);
  id.writeUInt32BE(key.verifier.id);
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  return `${text}\n${SIGNATURE_LINE}${key.verifier.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/**
 * The text of a note that `key` signed, or a NoteError: a malformed note, a signature of this key
 * that does not verify, or no signature of this key at all. Other keys' signatures are ignored, as
 * the format requires.
 */
export function openNote(note: string, key: VerifierKey): string {
  if (Buffer.byteLength(note) > MAX_NOTE_BYTES) throw new NoteError('the note is too large');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('a note has a blank line before its signatures');
  const text = note.slice(0, split + 1);
  checkText(text);
  const lines = note.slice(split + 2).split('\n');
  if (lines.pop() !== '' || lines.length === 0)
    throw new NoteError('a note ends in signature lines, each ending in a newline');
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, key.publicKey]), format: 'der', type: 'spki' });
  let verified = false;
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_LINE)) throw new NoteError(`not a signature line: ${JSON.stringify(line)}`);
    const [name = '', encoded = '', ...more] = line.slice(SIGNATURE_LINE.length).split(' ');
    const signature = Buffer.from(encoded, 'base64');
    if (more.length > 0 || signature.toString('base64') !== encoded || signature.length < 5) {
      throw new NoteError(`a malformed signature line: ${JSON.stringify(line)}`);
    }
    if (name !== key.name || signature.readUInt32BE(0) !== key.id) continue; // another key's
    if (!verify(null, Buffer.from(text, 'utf8'), publicKey, signature.subarray(4))) {
      throw new NoteError(`the signature of ${key.name}+${hexId(key.id)} does not verify`);
    }
    verified = true;
  }
  if (!verified) throw new NoteError(`the note has no signature of ${key.name}+${hexId(key.id)}`);
  return text;
}
