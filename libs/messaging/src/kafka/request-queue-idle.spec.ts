import { KafkajsRequestQueue, kafkajsScheduleCheck, type IdleAwareQueue } from './request-queue-idle';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function queue(): IdleAwareQueue {
  return new KafkajsRequestQueue({
    maxInFlightRequests: null,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    clientId: 'spec',
    broker: 'localhost:9092',
    logger: silent,
  });
}

describe("kafkajs's request queue, idle", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('schedules no check when nothing waits and nothing throttles it', () => {
    const idle = queue();
    const checks = jest.spyOn(idle, 'checkPendingRequests');
    idle.scheduleCheckPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
    jest.advanceTimersByTime(1000);
    expect(checks).not.toHaveBeenCalled();
  });

  it("kafkajs's own method checked it every millisecond, for ever", () => {
    const idle = queue();
    // the check kafkajs schedules runs checkPendingRequests, which schedules the next through this
    idle.scheduleCheckPendingRequests = kafkajsScheduleCheck;
    const checks = jest.spyOn(idle, 'checkPendingRequests');
    idle.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(1000);
    expect(checks.mock.calls.length).toBeGreaterThanOrEqual(500);
    if (idle.throttleCheckTimeoutId !== null) clearTimeout(idle.throttleCheckTimeoutId);
  });

  it('checks a request that waits 10 ms later, as kafkajs does, and only once for two', () => {
    const waiting = queue();
    const checks = jest.spyOn(waiting, 'checkPendingRequests').mockImplementation(() => undefined);
    waiting.pending.push({});
    waiting.scheduleCheckPendingRequests();
    waiting.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(9);
    expect(checks).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(checks).toHaveBeenCalledTimes(1);
    expect(waiting.throttleCheckTimeoutId).toBeNull();
  });

  it.each([
    ['a request waits behind a throttle: when it ends', [{}], 30, 30],
    ['no request waits yet: when the throttle ends all the same', [], 30, 30],
    ['a request waits and its throttle ends as it is read (kafkajs PR 1532): 10 ms later', [{}], 0, 10],
  ])('checks %s', (_, pending, throttleMs, checkedAfterMs) => {
    const throttled = queue();
    const checks = jest.spyOn(throttled, 'checkPendingRequests').mockImplementation(() => undefined);
    throttled.pending.push(...pending);
    throttled.throttledUntil = Date.now() + throttleMs;
    throttled.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(checkedAfterMs - 1);
    expect(checks).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('checks again, through kafkajs, while a request still cannot be sent', () => {
    const waiting = queue();
    // a queue that may have no request in flight sends nothing: the request stays pending
    (waiting as unknown as { maxInFlightRequests: number }).maxInFlightRequests = 0;
    waiting.pending.push({});
    const checks = jest.spyOn(waiting, 'checkPendingRequests');
    waiting.checkPendingRequests();
    jest.advanceTimersByTime(30);
    expect(checks).toHaveBeenCalledTimes(4); // the first, then every 10 ms
    waiting.pending.length = 0;
    jest.advanceTimersByTime(10); // the last check finds nothing and schedules none
    jest.advanceTimersByTime(1000);
    expect(checks).toHaveBeenCalledTimes(5);
  });

  it('is in place in any process that loads createKafka', () => {
    jest.isolateModules(() => {
      // a fresh copy of kafkajs, patched only if the Kafka client's module loads the replacement
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./kafka-client');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Fresh = require('kafkajs/src/network/requestQueue') as typeof KafkajsRequestQueue;
      expect(Fresh).not.toBe(KafkajsRequestQueue);
      const idle = new Fresh({ clientId: 'spec', broker: 'localhost:9092', logger: silent });
      idle.scheduleCheckPendingRequests();
      expect(idle.throttleCheckTimeoutId).toBeNull();
    });
  });
});
