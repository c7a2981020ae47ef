import { type Pool } from 'pg';
import pino from 'pino';
import { type EventPublisher } from '../kafka/event-publisher';
import { OutboxRelay } from './outbox-relay';

describe('OutboxRelay', () => {
  // its batch size is written into its prepared select: only a whole number from 1 may be
  const relay = (batchSize: number) =>
    new OutboxRelay({
      schema: 'relay_test',
      pool: {} as Pool,
      connection: {},
      publisher: {} as EventPublisher,
      logger: pino({ level: 'silent' }),
      batchSize,
    });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a batch size of %s', (batchSize) => {
    expect(() => relay(batchSize)).toThrow(`batchSize must be a whole number from 1, got ${batchSize}`);
  });

  it('takes a whole number from 1', () => {
    expect(relay(1)).toBeInstanceOf(OutboxRelay);
  });
});
