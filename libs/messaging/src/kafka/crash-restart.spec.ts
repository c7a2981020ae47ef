import { EventEmitter } from 'node:events';
import { type Consumer } from 'kafkajs';
import pino from 'pino';
import { restartAfterCrash } from './crash-restart';

/** What restartAfterCrash uses of a kafkajs consumer: its CRASH event and disconnect. */
function fakeConsumer() {
  const events = new EventEmitter();
  const consumer = {
    events: { CRASH: 'consumer.crash' },
    on: (event: string, listener: (e: unknown) => void) => events.on(event, listener),
    disconnect: jest.fn(() => Promise.resolve()),
  };
  const crash = (restart: boolean) =>
    events.emit('consumer.crash', { payload: { error: new Error('Failed to find group coordinator'), restart } });
  return { consumer: consumer as unknown as Consumer, disconnect: consumer.disconnect, crash };
}

const settle = async (ms: number) => {
  await jest.advanceTimersByTimeAsync(ms);
};

describe('restartAfterCrash', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const logger = pino({ level: 'silent' });

  it('starts a new consumer after a crash kafkajs will not restart from, and leaves one it will to kafkajs', async () => {
    const { consumer, disconnect, crash } = fakeConsumer();
    const restart = jest.fn(() => Promise.resolve());
    restartAfterCrash(consumer, { group: 'g', logger, stopped: () => false, restart, firstDelayMs: 1000 });
    crash(true);
    await settle(10_000);
    expect(restart).not.toHaveBeenCalled();
    crash(false);
    await settle(999);
    expect(restart).not.toHaveBeenCalled();
    await settle(1);
    expect(disconnect).toHaveBeenCalledTimes(1); // the crashed one, before the new one starts
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('tries again while a start fails, and gives up once its owner stops', async () => {
    const { consumer, crash } = fakeConsumer();
    let stopped = false;
    const restart = jest.fn(() => Promise.reject(new Error('brokers still down')));
    restartAfterCrash(consumer, { group: 'g', logger, stopped: () => stopped, restart, firstDelayMs: 1000 });
    crash(false);
    await settle(1000 + 5000 + 5000);
    expect(restart.mock.calls.length).toBeGreaterThanOrEqual(3);
    stopped = true;
    const tried = restart.mock.calls.length;
    await settle(60_000);
    expect(restart).toHaveBeenCalledTimes(tried);
  });

  it('starts nothing when the crash comes while its owner stops', async () => {
    const { consumer, crash } = fakeConsumer();
    const restart = jest.fn(() => Promise.resolve());
    restartAfterCrash(consumer, { group: 'g', logger, stopped: () => true, restart });
    crash(false);
    await settle(60_000);
    expect(restart).not.toHaveBeenCalled();
  });
});
