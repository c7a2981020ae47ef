import { clusterId } from './kafka';

describe('a new KRaft cluster id', () => {
  it('is 16 bytes of base64url that never starts with "-", which kafka-storage would read as an option', () => {
    // 1 id in 64 started with '-' before: among 5,000, some would (all but certainly)
    const ids = Array.from({ length: 5_000 }, () => clusterId());
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id) && Buffer.from(id, 'base64url').length === 16)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
