import { randomBytes } from 'node:crypto';

/**
 * Makes UUIDv7s (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids
 * made in the same millisecond in order, then random bits. Ids from one generator never go
 * backwards, even when the clock does.
 */
export function uuidv7Generator(clock: () => number = Date.now): () => string {
  let lastMs = 0;
  let sequence = 0;
  return () => {
    const now = clock();
    if (now > lastMs) {
      lastMs = now;
      sequence = randomBytes(2).readUInt16BE(0) & 0x1ff;
    } else {
      sequence += 1;
      if (sequence > 0xfff) {
        lastMs += 1;
        sequence = 0;
      }
    }
    const bytes = randomBytes(16);
    bytes.writeUIntBE(lastMs, 0, 6);
    bytes[6] = 0x70 | (sequence >> 8);
    bytes[7] = sequence & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** The process's UUIDv7 generator. */
export const uuidv7: () => string = uuidv7Generator();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const isUuid = (value: string): boolean => UUID.test(value);
export const isUuidV7 = (value: string): boolean => UUID_V7.test(value);

/** The creation time carried in a UUIDv7. */
export function uuidv7Time(id: string): Date {
  if (!isUuidV7(id)) throw new Error(`not a UUIDv7: ${id}`);
  return new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16));
}
