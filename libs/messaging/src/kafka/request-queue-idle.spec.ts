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

  it('checks when a throttle ends, whether or not a request waits yet', () => {
    const throttled = queue();
    const checks = jest.spyOn(throttled, 'checkPendingRequests').mockImplementation(() => undefined);
    throttled.throttledUntil = Date.now() + 50;
    throttled.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(49);
    expect(checks).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(checks).toHaveBeenCalledTimes(1);
  });
});
