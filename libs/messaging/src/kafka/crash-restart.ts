import { type Consumer, type ConsumerRunConfig, type ConsumerSubscribeTopics } from 'kafkajs';
import { type Logger } from 'pino';
import { backoffMs, sleep } from '../sql';

export interface CrashRestartOptions {
  group: string;
  logger: Logger;
  /** true once the consumer's owner is stopping: nothing is started again then */
  stopped: () => boolean;
  /**
   * starts a new consumer in place of the crashed one, where the owner's stop finds it; throws,
   * leaving nothing started, when it can't (tried again later)
   */
  restart: () => Promise<void>;
  /** the wait before the first start (default 1 s); backoffMs's after one that failed */
  firstDelayMs?: number;
}

/**
 * Starts a consumer again when kafkajs has given it up. kafkajs restarts a crashed consumer only when
 * the error is retriable; after one that is not ("Failed to find group coordinator", while a cluster
 * that has just come back elects its leaders) the consumer stays stopped, its group without a
 * member, and the service runs on reading nothing. Its owner then gets a new consumer, which reads
 * on from the group's committed offsets (what was applied and not yet committed comes again, and is
 * absorbed), after a wait, again and again until one starts or the owner stops.
 */
export function restartAfterCrash(consumer: Consumer, options: CrashRestartOptions): void {
  const { group, logger, stopped, restart } = options;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || stopped()) return;
    logger.error(
      { group, err: payload.error.message },
      'consumer: crashed, and kafkajs will not restart it; starting a new one',
    );
    void (async () => {
      for (let attempt = 0; ; attempt += 1) {
        await sleep(attempt === 0 ? (options.firstDelayMs ?? 1000) : backoffMs(attempt));
        await consumer.disconnect().catch(() => undefined);
        if (stopped()) return;
        try {
          await restart();
          logger.info({ group }, 'consumer: started again after its crash');
          return;
        } catch (error) {
          logger.warn({ group, err: (error as Error).message }, 'consumer: could not start again, trying again');
        }
      }
    })();
  });
}

/**
 * Connects, subscribes and runs a consumer; one that fails on the way is disconnected before the
 * error goes on, so nothing half-started is left (a start after a crash is tried again).
 */
export async function runConsumer(
  consumer: Consumer,
  subscription: ConsumerSubscribeTopics,
  config: ConsumerRunConfig,
): Promise<void> {
  try {
    await consumer.connect();
    await consumer.subscribe(subscription);
    await consumer.run(config);
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
}
