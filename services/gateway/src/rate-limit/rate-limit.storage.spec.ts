import { ThrottlerStorageService } from '@nestjs/throttler';
import { type RateLimitRecord, RateLimitStorage } from './rate-limit.storage';

const MINUTE = 60_000;
const NAME = 'default';

/** A storage on a clock the test moves by hand. */
function clocked(start = 0) {
  const clock = { now: start };
  return { clock, storage: new RateLimitStorage(() => clock.now) };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;

describe('the rate limit storage', () => {
  describe('the limit', () => {
    it('lets exactly `limit` requests through in the window and blocks the next, as the guard calls it', async () => {
      const { storage } = clocked();
      // the guard passes the ttl as the block duration when none is configured (our case)
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await storage.increment('subject:a', MINUTE, 5, MINUTE, NAME));
      expect(answers.map((answer) => [answer.totalHits, answer.isBlocked])).toEqual([
        [1, false],
        [2, false],
        [3, false],
        [4, false],
        [5, false],
        [6, true],
      ]);
      expect(answers[5]).toEqual({ totalHits: 6, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 60 });
    });

    it('is exact without a block too: `limit` pass, the next is refused and not counted as a hit', async () => {
      const { storage } = clocked();
      for (let i = 1; i <= 3; i++) {
        expect(await storage.increment('k', MINUTE, 3, 0, NAME)).toMatchObject({ totalHits: i, isBlocked: false });
      }
      expect(await storage.increment('k', MINUTE, 3, 0, NAME)).toEqual({
        totalHits: 4,
        timeToExpire: 60,
        isBlocked: true,
        timeToBlockExpire: 60,
      });
      expect(storage.held('k', NAME)?.hits).toBe(3);
    });

    it('counts each key apart', async () => {
      const { storage } = clocked();
      await storage.increment('subject:a', MINUTE, 1, MINUTE, NAME);
      expect(await storage.increment('subject:b', MINUTE, 1, MINUTE, NAME)).toMatchObject({ isBlocked: false });
      expect(await storage.increment('subject:a', MINUTE, 1, MINUTE, NAME)).toMatchObject({ isBlocked: true });
    });
  });

  describe('time', () => {
    it('lets a hit expire exactly ttl after it (a sliding window when there is no block)', async () => {
      const { clock, storage } = clocked();
      const at = async (now: number) => {
        clock.now = now;
        return storage.increment('k', 1000, 2, 0, NAME);
      };
      expect(await at(0)).toMatchObject({ totalHits: 1, isBlocked: false });
      expect(await at(400)).toMatchObject({ totalHits: 2, isBlocked: false });
      expect(await at(999)).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
      expect(await at(1000)).toMatchObject({ totalHits: 2, isBlocked: false }); // the hit of 0 is gone
      expect(await at(1399)).toMatchObject({ isBlocked: true });
      expect(await at(1400)).toMatchObject({ totalHits: 2, isBlocked: false });
    });

    it('lets hits expire under a block duration too, and blocks for the block duration once over the limit', async () => {
      const { clock, storage } = clocked();
      const at = async (now: number) => {
        clock.now = now;
        return storage.increment('k', 1000, 2, 5000, NAME);
      };
      expect(await at(0)).toMatchObject({ totalHits: 1, isBlocked: false });
      expect(await at(500)).toMatchObject({ totalHits: 2, isBlocked: false });
      expect(await at(1000)).toMatchObject({ totalHits: 2, isBlocked: false }); // the hit of 0 expired
      expect(await at(1100)).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 5 });
      expect(await at(6099)).toMatchObject({ totalHits: 0, isBlocked: true, timeToBlockExpire: 1 });
      expect(await at(6100)).toMatchObject({ totalHits: 1, isBlocked: false }); // afresh with this hit
    });

    it('reports the fixed window behind X-RateLimit-Reset in seconds, restarting after it ends', async () => {
      const { clock, storage } = clocked();
      expect(await storage.increment('k', MINUTE, 100, MINUTE, NAME)).toMatchObject({ timeToExpire: 60 });
      clock.now = 59_001;
      expect(await storage.increment('k', MINUTE, 100, MINUTE, NAME)).toMatchObject({ timeToExpire: 1 });
      clock.now = 60_000;
      expect(await storage.increment('k', MINUTE, 100, MINUTE, NAME)).toMatchObject({ timeToExpire: 60 });
    });
  });

  describe('against the built-in ThrottlerStorageService on the same calls and the same (fake) clock', () => {
    let builtIn: ThrottlerStorageService;

    beforeEach(() => {
      jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
      builtIn = new ThrottlerStorageService();
    });

    afterEach(() => {
      builtIn.onApplicationShutdown();
      jest.useRealTimers();
    });

    const settings = [
      { ttl: 1000, limit: 3, blockDuration: 1000 }, // as the guard calls it: block = ttl
      { ttl: 1000, limit: 3, blockDuration: 0 },
      { ttl: 1000, limit: 1, blockDuration: 4000 },
      { ttl: 5000, limit: 4, blockDuration: 700 },
      { ttl: MINUTE, limit: 5, blockDuration: MINUTE },
    ];
    const steps = [0, 0, 1, 50, 120, 333, 700, 999, 1000, 1001, 2500, 4000];

    it.each(settings)('answers every field the same for one key (%o)', async ({ ttl, limit, blockDuration }) => {
      const ours = new RateLimitStorage();
      const next = random(ttl + limit + blockDuration);
      // under a minute of fake time and one key: neither storage forgets it, so even the fields the
      // guard never reads (timeToBlockExpire of a request let through) must agree
      for (let elapsed = 0; elapsed < 55_000;) {
        const step = pick(next, steps);
        elapsed += step;
        jest.advanceTimersByTime(step);
        const expected = await builtIn.increment('k', ttl, limit, blockDuration, NAME);
        expect(await ours.increment('k', ttl, limit, blockDuration, NAME)).toEqual(expected);
      }
    });

    /** What the guard reads: timeToBlockExpire only when blocked (see isIdle in the storage). */
    const asGuardReads = (record: RateLimitRecord) =>
      record.isBlocked ? record : { ...record, timeToBlockExpire: 'not read' };

    it.each(settings)(
      'answers what the guard reads the same for many keys over ten minutes, idle keys forgotten (%o)',
      async ({ ttl, limit, blockDuration }) => {
        const ours = new RateLimitStorage();
        const next = random(7 * ttl + limit);
        const keys = ['subject:a', 'subject:b', 'address:10.0.0.9', 'address:203.0.113.7', 'subject:c'];
        for (let elapsed = 0; elapsed < 10 * MINUTE;) {
          const step = next() < 0.02 ? 3 * ttl + blockDuration : pick(next, steps);
          elapsed += step;
          jest.advanceTimersByTime(step); // runs the built-in's own sweep every minute
          const key = pick(next, keys);
          const expected = await builtIn.increment(key, ttl, limit, blockDuration, NAME);
          const actual = await ours.increment(key, ttl, limit, blockDuration, NAME);
          expect(asGuardReads(actual)).toEqual(asGuardReads(expected));
        }
      },
    );

    it('agrees when the ttl changes from call to call (hits then expire out of order)', async () => {
      const ours = new RateLimitStorage();
      const next = random(42);
      // a limit of 25 with these steps grows, wraps and shrinks the queue while it reorders
      for (const [limit, blockDuration] of [
        [4, 0],
        [4, 1500],
        [25, 0],
        [25, 1500],
      ] as const) {
        const key = `k${limit}/${blockDuration}`;
        for (let i = 0; i < 3000; i++) {
          jest.advanceTimersByTime(pick(next, limit > 4 ? [0, 1, 5, 20, 50, 300] : [0, 1, 50, 120, 333, 700]));
          const ttl = pick(next, [300, 1000, 2000]);
          const expected = await builtIn.increment(key, ttl, limit, blockDuration, NAME);
          expect(await ours.increment(key, ttl, limit, blockDuration, NAME)).toEqual(expected);
        }
      }
    });
  });

  describe('memory', () => {
    it('forgets keys that went idle, while other requests come in', async () => {
      const { clock, storage } = clocked();
      for (let i = 0; i < 1000; i++) await storage.increment(`address:${i}`, 1000, 10, 1000, NAME);
      expect(storage.size).toBe(1000);

      clock.now = 999; // all still live
      for (let i = 0; i < 600; i++) await storage.increment('subject:busy', 1000, 10_000, 1000, NAME);
      expect(storage.size).toBe(1001);

      clock.now = 1000; // every hit of the 1000 addresses expired
      for (let i = 0; i < 600; i++) await storage.increment('subject:busy', 1000, 10_000, 1000, NAME);
      expect(storage.size).toBe(1);
      expect(storage.held('address:0', NAME)).toBeUndefined();
    });

    it('keeps a blocked key for as long as its block lasts, even with no live hit', async () => {
      const { clock, storage } = clocked();
      await storage.increment('subject:greedy', 1000, 1, 10_000, NAME);
      await storage.increment('subject:greedy', 1000, 1, 10_000, NAME); // blocked until 10 000

      clock.now = 5000;
      for (let i = 0; i < 10; i++) await storage.increment('subject:busy', 1000, 100, 1000, NAME);
      expect(storage.size).toBe(2);
      expect(await storage.increment('subject:greedy', 1000, 1, 10_000, NAME)).toMatchObject({ isBlocked: true });

      clock.now = 10_000;
      for (let i = 0; i < 10; i++) await storage.increment('subject:busy', 1000, 100, 1000, NAME);
      expect(storage.size).toBe(1);
    });

    it('holds a bounded number of keys under a stream of one-off callers', async () => {
      const { clock, storage } = clocked();
      let most = 0;
      // a new address every 10 ms with a 1 s ttl: about 100 keys are live at any time
      for (let i = 0; i < 20_000; i++) {
        clock.now = i * 10;
        await storage.increment(`address:${i}`, 1000, 10, 1000, NAME);
        most = Math.max(most, storage.size);
      }
      expect(most).toBeLessThanOrEqual(300);
    });
  });

  describe('cost', () => {
    // Asserted on the data structure, not on timing: per request the work is the hits that expired
    // (dropped) plus the copying when the queue resizes; neither grows with the hits in the window.
    it.each([1200, 24_000])(
      'does a constant amount of work per request with %i hits in the window',
      async (perMinute) => {
        const { clock, storage } = clocked();
        const every = MINUTE / perMinute;
        let dropped = 0;
        let copied = 0;
        let mostSlots = 0;
        for (let i = 0; i < 3 * perMinute; i++) {
          clock.now = i * every;
          const before = storage.held('k', NAME) ?? { hits: 0, slots: 0 };
          const answer = await storage.increment('k', MINUTE, perMinute, MINUTE, NAME);
          const after = storage.held('k', NAME) ?? { hits: 0, slots: 0 };
          expect(answer.isBlocked).toBe(false);
          dropped += before.hits + 1 - after.hits;
          if (after.slots !== before.slots) copied += Math.max(before.hits, after.hits); // a resize moves the live hits
          mostSlots = Math.max(mostSlots, after.slots);
        }
        const requests = 3 * perMinute;
        expect(storage.held('k', NAME)?.hits).toBe(perMinute); // a full window of live hits
        expect(dropped / requests).toBeLessThanOrEqual(1); // each request drops what expired, no more
        expect(copied / requests).toBeLessThanOrEqual(1); // the built-in copies every live hit, every request
        expect(mostSlots).toBeLessThanOrEqual(2 * perMinute);
      },
    );

    it('gives the memory back when the traffic falls', async () => {
      const { clock, storage } = clocked();
      for (let i = 0; i < 24_000; i++) {
        clock.now = i * 2.5;
        await storage.increment('k', MINUTE, 24_000, MINUTE, NAME);
      }
      expect(storage.held('k', NAME)?.slots).toBeGreaterThanOrEqual(24_000);
      for (let second = 60; second < 180; second++) {
        clock.now = second * 1000; // one request a second
        await storage.increment('k', MINUTE, 24_000, MINUTE, NAME);
      }
      const held = storage.held('k', NAME);
      expect(held?.hits).toBe(60);
      expect(held?.slots).toBeLessThan(4 * 60);
    });
  });
});
