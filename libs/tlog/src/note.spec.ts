import { generateSignerKey, NoteError, openNote, parseSignerKey, parseVerifierKey, signNote } from './note';

// The example key and note of Go's golang.org/x/mod/sumdb/note, the reference implementation of
// c2sp.org/signed-note. Ed25519 is deterministic, so signing the text must give its signature exactly.
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const SIGNATURE =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const NOTE = `${TEXT}\n${SIGNATURE}`;

describe('signed notes, against the reference example', () => {
  it('reads the keys, and the signer key gives the verifier key', () => {
    const verifier = parseVerifierKey(VKEY);
    expect(verifier).toMatchObject({ name: 'PeterNeumann', id: 0xc74f20a3, text: VKEY });
    expect(parseSignerKey(SKEY).verifier).toEqual(verifier);
  });

  it('signs the text into the reference note, byte for byte', () => {
    expect(signNote(TEXT, parseSignerKey(SKEY))).toBe(NOTE);
  });

  it('opens the reference note with the verifier key', () => {
    expect(openNote(NOTE, parseVerifierKey(VKEY))).toBe(TEXT);
  });

  it('refuses the note once its text is changed', () => {
    expect(() => openNote(NOTE.replace('cryptography', 'cryptographY'), parseVerifierKey(VKEY))).toThrow(
      'does not verify',
    );
  });

  it("ignores other keys' signatures, and refuses a note without one of its key", () => {
    const other = parseSignerKey(generateSignerKey('parkledger.test/other'));
    const cosigned = `${NOTE}${signNote(TEXT, other).slice(TEXT.length + 1)}`;
    expect(openNote(cosigned, parseVerifierKey(VKEY))).toBe(TEXT);
    expect(openNote(cosigned, other.verifier)).toBe(TEXT);
    expect(() => openNote(signNote(TEXT, other), parseVerifierKey(VKEY))).toThrow('no signature of PeterNeumann');
  });

  it.each([
    ['a text without its final newline', `${TEXT.slice(0, -1)}\n${SIGNATURE}`],
    ['no blank line', `${TEXT}${SIGNATURE}`],
    ['a signature line without its newline', NOTE.slice(0, -1)],
    ['a line that is not a signature', `${NOTE}not a signature\n`],
    ['a control character', NOTE.replace('problem,', 'problem,\t')],
  ])('refuses a malformed note: %s', (_, note) => {
    expect(() => openNote(note, parseVerifierKey(VKEY))).toThrow(NoteError);
  });

  it.each([
    ['a short key', VKEY.slice(0, -4)],
    ['another id', VKEY.replace('c74f20a3', 'c74f20a4')],
    ['another name', VKEY.replace('PeterNeumann', 'PeterNeuman')],
    ['a missing part', 'PeterNeumann+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['a signer key', SKEY],
  ])('refuses a verifier key with %s', (_, key) => {
    expect(() => parseVerifierKey(key)).toThrow(NoteError);
  });

  it('refuses a signer key whose id is not its own', () => {
    expect(() => parseSignerKey(SKEY.replace('c74f20a3', '00000000'))).toThrow(NoteError);
  });

  it('generates keys that sign notes their verifier opens', () => {
    const key = parseSignerKey(generateSignerKey('parkledger.test/audit'));
    expect(key.verifier.name).toBe('parkledger.test/audit');
    expect(openNote(signNote('a\nb\n', key), parseVerifierKey(key.verifier.text))).toBe('a\nb\n');
  });
});
