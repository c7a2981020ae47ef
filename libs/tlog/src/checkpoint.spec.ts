import { openCheckpoint, signCheckpoint } from './checkpoint';
import { EMPTY_ROOT, leafHash } from './merkle';
import { generateSignerKey, NoteError, parseSignerKey, signNote } from './note';

const ORIGIN = 'parkledger.test/audit';
const key = parseSignerKey(generateSignerKey(ORIGIN));
const root = leafHash(Buffer.from('x'));

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  it('are the origin, the size and the base64 root, signed, and open as they were signed', () => {
    const note = signCheckpoint({ origin: ORIGIN, size: 20852163, root }, key);
    expect(note.startsWith(`${ORIGIN}\n20852163\n${root.toString('base64')}\n\n\u2014 ${ORIGIN} `)).toBe(true);
    expect(openCheckpoint(note, key.verifier, ORIGIN)).toEqual({ origin: ORIGIN, size: 20852163, root });
  });

  it('open for the empty tree', () => {
    const note = signCheckpoint({ origin: ORIGIN, size: 0, root: EMPTY_ROOT }, key);
    expect(openCheckpoint(note, key.verifier, ORIGIN).size).toBe(0);
  });

  it("refuse another log's checkpoint", () => {
    const other = parseSignerKey(generateSignerKey('parkledger.test/other'));
    const note = signCheckpoint({ origin: 'parkledger.test/other', size: 1, root }, other);
    expect(() => openCheckpoint(note, other.verifier, ORIGIN)).toThrow('not of parkledger.test/audit');
  });

  it.each([
    ['a size with a leading zero', `${ORIGIN}\n01\n${root.toString('base64')}\n`],
    ['a size that is not a number', `${ORIGIN}\nten\n${root.toString('base64')}\n`],
    ['a root that is not 32 bytes', `${ORIGIN}\n1\n${root.subarray(1).toString('base64')}\n`],
    ['no root', `${ORIGIN}\n1\n`],
  ])('refuse %s, signed or not', (_, text) => {
    expect(() => openCheckpoint(signNote(text, key), key.verifier, ORIGIN)).toThrow(NoteError);
  });
});
