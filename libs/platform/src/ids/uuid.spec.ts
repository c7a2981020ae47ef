import { isUuid, isUuidV7, uuidv7, uuidv7Generator, uuidv7Time } from './uuid';

describe('uuidv7', () => {
  it('has the version 7 and RFC 9562 variant bits', () => {
    const id = uuidv7();
    expect(isUuidV7(id)).toBe(true);
    expect(isUuid(id)).toBe(true);
  });

  it('carries its creation time', () => {
    const next = uuidv7Generator(() => Date.UTC(2026, 10, 22, 6, 0, 0, 123));
    expect(uuidv7Time(next()).toISOString()).toBe('2026-11-22T06:00:00.123Z');
  });

  it('sorts in creation order, also within one millisecond', () => {
    const next = uuidv7Generator(() => Date.UTC(2030, 0, 1));
    const ids = Array.from({ length: 5000 }, () => next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never goes backwards when the clock does', () => {
    let now = Date.UTC(2030, 0, 1, 0, 0, 1);
    const next = uuidv7Generator(() => now);
    const first = next();
    now -= 1000;
    const second = next();
    expect(second > first).toBe(true);
    expect(uuidv7Time(second).getTime()).toBe(Date.UTC(2030, 0, 1, 0, 0, 1));
  });

  it('refuses what is not a UUIDv7', () => {
    expect(isUuidV7('0190b6a0-0000-4000-8000-000000000000')).toBe(false);
    expect(() => uuidv7Time('nope')).toThrow('not a UUIDv7');
  });
});
