import { type ThrottlerStorage } from '@nestjs/throttler';

/** What `increment` answers (the package does not export the record's type from its index). */
export type RateLimitRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Keys looked at per request for idleness: two, so the sweep outpaces the one key a request can add. */
const SWEEP_STEPS_PER_REQUEST = 2;

/** A new queue's slots; it doubles when full and halves while a quarter full, never below this. */
const MIN_CAPACITY = 8;

/**
 * The expiry times of one key's hits, soonest first, in a ring buffer. The built-in storage filters
 * the whole list on every request, so its cost grows with the hits in the window; here a request
 * drops only the hits that expired and appends one. Resizing copies the live hits, but only after
 * pushes or drops in proportion to what it copies (amortised constant), and a Float64Array copies
 * them as one block: compacting a plain array of 60,000 numbers stalled a request for ~3 ms.
 * Between requests it holds fewer than four times the live hits, 8 bytes each, or MIN_CAPACITY.
 */
class HitQueue {
  private times = new Float64Array(MIN_CAPACITY);
  private head = 0;
  private count = 0;

  /** live hits, i.e. not yet dropped */
  get size(): number {
    return this.count;
  }

  /** slots held: what the memory bound is about */
  get capacity(): number {
    return this.times.length;
  }

  get soonest(): number | undefined {
    return this.count > 0 ? this.at(0) : undefined;
  }

  get latest(): number | undefined {
    return this.count > 0 ? this.at(this.count - 1) : undefined;
  }

  push(expiresAt: number): void {
    if (this.count === this.times.length) this.resize(this.times.length * 2);
    // Later expiries move one place back so the soonest stays at the head: none do while the ttl is
    // constant (ours is); a ttl shorter than an earlier call's gets the built-in storage's exact count.
    let index = this.count;
    for (; index > 0 && this.at(index - 1) > expiresAt; index--) this.put(index, this.at(index - 1));
    this.put(index, expiresAt);
    this.count++;
  }

  /** Drops the hits that expired by `now` (alive while expiry > now, as in the built-in storage). */
  dropExpired(now: number): void {
    while (this.count > 0 && this.at(0) <= now) {
      this.head = (this.head + 1) & (this.times.length - 1);
      this.count--;
    }
    let capacity = this.times.length;
    while (capacity > MIN_CAPACITY && this.count * 4 <= capacity) capacity /= 2;
    if (capacity !== this.times.length) this.resize(capacity);
  }

  clear(): void {
    this.times = new Float64Array(MIN_CAPACITY);
    this.head = 0;
    this.count = 0;
  }

  /** the index-th live hit; the capacity is a power of two, so the wrap is a mask */
  private at(index: number): number {
    return this.times[(this.head + index) & (this.times.length - 1)] as number;
  }

  private put(index: number, expiresAt: number): void {
    this.times[(this.head + index) & (this.times.length - 1)] = expiresAt;
  }

  private resize(capacity: number): void {
    const next = new Float64Array(capacity);
    const end = this.head + this.count;
    const wrapped = Math.max(end - this.times.length, 0);
    next.set(this.times.subarray(this.head, end - wrapped));
    next.set(this.times.subarray(0, wrapped), this.count - wrapped);
    this.times = next;
    this.head = 0;
  }
}

/** One key's state: the same fields as the built-in storage's record, for the same answers. */
interface KeyState {
  /** the end of the fixed window behind X-RateLimit-Reset: a new one starts with the first request after it */
  windowEndsAt: number;
  blocked: boolean;
  blockEndsAt: number;
  /** per throttler name; the guard puts the name in the key, so in practice there is one */
  hits: Map<string, HitQueue>;
}

/**
 * The rate limit's in-memory storage: the answers of @nestjs/throttler 6.7.1's ThrottlerStorageService
 * (every field, computed the same way, quirks included) at a constant amortised cost per request
 * instead of one proportional to the caller's hits in the window (issue 10).
 *
 * Idle keys are forgotten lazily: each request looks at the next two keys in the map's order and
 * drops those with nothing live (no hit in the window, no block in force). A full round therefore
 * takes fewer requests than keys, so the map holds little more than the keys active in the last
 * window and needs no timer; with no requests it doesn't grow either. Each key's queue holds at most
 * limit + 1 hits (a blocked request records none). The built-in forgets the same keys, but on a
 * one-minute timer; when differs only in timeToBlockExpire of an answer that isn't blocked, which
 * the guard doesn't read.
 */
export class RateLimitStorage implements ThrottlerStorage {
  private readonly keys = new Map<string, KeyState>();
  private sweep = this.keys.entries();

  /** `now` is a clock in milliseconds, for tests; Date.now by default (read per call, so fake timers apply). */
  constructor(private readonly now: () => number = () => Date.now()) {}

  /** keys held, idle ones not yet forgotten included */
  get size(): number {
    return this.keys.size;
  }

  /** What one key holds: its live hits and the slots its queue takes (what the memory bound is about). */
  held(key: string, throttlerName: string): { hits: number; slots: number } | undefined {
    const hits = this.keys.get(key)?.hits.get(throttlerName);
    return hits === undefined ? undefined : { hits: hits.size, slots: hits.capacity };
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<RateLimitRecord> {
    const now = this.now();
    const record = this.hit(key, ttl, limit, blockDuration, throttlerName, now);
    this.forgetIdleKeys(now);
    return Promise.resolve(record);
  }

  private hit(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
    now: number,
  ): RateLimitRecord {
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { windowEndsAt: now + ttl, blocked: false, blockEndsAt: 0, hits: new Map() };
      this.keys.set(key, state);
    }
    let hits = state.hits.get(throttlerName);
    if (hits === undefined) {
      hits = new HitQueue();
      state.hits.set(throttlerName, hits);
    }
    hits.dropExpired(now);

    let timeToExpire = Math.ceil((state.windowEndsAt - now) / 1000);
    if (timeToExpire <= 0) {
      state.windowEndsAt = now + ttl;
      timeToExpire = Math.ceil((state.windowEndsAt - now) / 1000);
    }

    // Without a block the limit is a plain sliding window, and a refused request records no hit.
    if (blockDuration <= 0) {
      const refused = hits.size >= limit;
      if (!refused) hits.push(now + ttl);
      const soonest = hits.soonest;
      return {
        totalHits: hits.size + (refused ? 1 : 0),
        timeToExpire,
        isBlocked: refused,
        timeToBlockExpire: !refused ? 0 : soonest === undefined ? timeToExpire : Math.ceil((soonest - now) / 1000),
      };
    }

    // With one (the guard passes the ttl when none is configured, so this is ours): the request over
    // the limit is recorded and starts the block; while it lasts nothing is recorded; the first
    // request after it starts afresh with this one hit. The built-in never re-checks the limit then.
    if (!state.blocked) hits.push(now + ttl);
    if (hits.size > limit && !state.blocked) {
      state.blocked = true;
      state.blockEndsAt = now + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((state.blockEndsAt - now) / 1000);
    if (timeToBlockExpire <= 0 && state.blocked) {
      state.blocked = false;
      hits.clear();
      hits.push(now + ttl);
    }
    return { totalHits: hits.size, timeToExpire, isBlocked: state.blocked, timeToBlockExpire };
  }

  private forgetIdleKeys(now: number): void {
    for (let step = 0; step < SWEEP_STEPS_PER_REQUEST; step++) {
      let next = this.sweep.next();
      if (next.done === true) {
        this.sweep = this.keys.entries();
        next = this.sweep.next();
        if (next.done === true) return;
      }
      const [key, state] = next.value;
      if (isIdle(state, now)) this.keys.delete(key);
    }
  }
}

/** Idle as the built-in storage's sweep decides it: forgetting such a key changes no answer the guard reads. */
function isIdle(state: KeyState, now: number): boolean {
  if (state.blocked && state.blockEndsAt > now) return false;
  if (state.windowEndsAt > now) return false;
  for (const hits of state.hits.values()) {
    const latest = hits.latest;
    if (latest !== undefined && latest > now) return false;
  }
  return true;
}
