import { type Hash } from './merkle';
import { NoteError, openNote, signNote, type SignerKey, type VerifierKey } from './note';

/**
 * A checkpoint (c2sp.org/tlog-checkpoint): the log's origin, its tree size and its root hash, as
 * the text of a signed note. The log signs no extension lines.
 */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
}

/** The checkpoint's note text: three lines, each ending in a newline. */
export function checkpointText({ origin, size, root }: Checkpoint): string {
  if (origin === '' || /[\s+]/u.test(origin)) throw new NoteError(`an origin has no spaces or "+": ${origin}`);
  if (!Number.isSafeInteger(size) || size < 0) throw new NoteError(`a tree size is a whole number: ${size}`);
  if (root.length !== 32) throw new NoteError('a root hash is 32 bytes');
  return `${origin}\n${size}\n${root.toString('base64')}\n`;
}

export function signCheckpoint(checkpoint: Checkpoint, key: SignerKey): string {
  return signNote(checkpointText(checkpoint), key);
}

/**
 * The checkpoint a note holds, once `key`'s signature on it verifies and its origin is `origin`;
 * a NoteError otherwise.
 */
export function openCheckpoint(note: string, key: VerifierKey, origin: string): Checkpoint {
  const lines = openNote(note, key).split('\n');
  const [from = '', size = '', root = ''] = lines;
  if (from !== origin) throw new NoteError(`the checkpoint is of ${JSON.stringify(from)}, not of ${origin}`);
  if (!/^(0|[1-9][0-9]*)$/u.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new NoteError(`the checkpoint's tree size is not a number: ${JSON.stringify(size)}`);
  }
  const hash = Buffer.from(root, 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== root) {
    throw new NoteError(`the checkpoint's root is not base64 of 32 bytes: ${JSON.stringify(root)}`);
  }
  if (lines.length < 4 || lines.slice(3, -1).some((line) => line === '')) {
    throw new NoteError('a checkpoint is three lines, then extension lines that are not empty');
  }
  return { origin: from, size: Number(size), root: hash };
}
