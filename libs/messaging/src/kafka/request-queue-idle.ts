/**
 * kafkajs 2.2.4's request queue (one a broker connection) schedules a check of its pending requests
 * after each check, whether or not any request waits: with nothing pending and no throttle, the
 * delay it computes is negative, so a timer fires every millisecond for as long as the connection
 * lives (kafkajs issues #1556, #1704; the fixes were never released, and kafkajs is no longer
 * maintained). Each service spent ~30 ms of CPU a second on it while idle, the gateway included,
 * and its event loop woke ~1,000 times a second whatever the load.
 *
 * Replaced here, once, for every connection the process opens: a check is scheduled only when a
 * request waits (at once after a throttle ends, else after kafkajs's own 10 ms) or a throttle is yet
 * to end. A request that can't be sent at once is pushed to `pending` and schedules its check
 * through this method; one in flight that ends checks the queue itself.
 */
// kafkajs's internals, not in its types: the version this was written for is checked below
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as {
  new (options: Record<string, unknown>): IdleAwareQueue;
  prototype: IdleAwareQueue;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('kafkajs/package.json') as { version: string };

/** What the replacement reads and sets of a kafkajs RequestQueue. */
export interface IdleAwareQueue {
  pending: unknown[];
  /** ms since the epoch; -1 when never throttled */
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests: (this: IdleAwareQueue) => void;
  scheduleCheckPendingRequests: (this: IdleAwareQueue) => void;
}

/** kafkajs's delay before a pending request is checked again when no throttle says when. */
const CHECK_PENDING_MS = 10;

const KAFKAJS_PATCHED_VERSION = '2.2.4';

if (version !== KAFKAJS_PATCHED_VERSION) {
  throw new Error(
    `kafkajs ${version}: libs/messaging/src/kafka/request-queue-idle.ts replaces a method of kafkajs ${KAFKAJS_PATCHED_VERSION}'s request queue; check that version's fix is still needed and still right`,
  );
}

/** kafkajs's own method, kept for the spec that shows what it did. */
export const kafkajsScheduleCheck = RequestQueue.prototype.scheduleCheckPendingRequests;

RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(
  this: IdleAwareQueue,
): void {
  if (this.throttleCheckTimeoutId !== null) return; // a check is already due
  const throttled = this.throttledUntil - Date.now();
  if (this.pending.length === 0 && throttled <= 0) return; // nothing waits for a check
  const delay = throttled > 0 ? throttled : CHECK_PENDING_MS;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delay);
};

/** kafkajs's RequestQueue class, for the spec. */
export const KafkajsRequestQueue = RequestQueue;
