// A relay process for the delivery proofs. With PAUSE_AFTER_PUBLISH_MS it prints "sent <n>"
// after a batch is on Kafka and waits before marking it, so a test can SIGKILL it in that gap.
import { Pool, type ClientConfig } from 'pg';
import pino from 'pino';
import { KafkajsEventPublisher } from '../src/kafka/event-publisher';
import { createKafka } from '../src/kafka/kafka-client';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { PROBE_SCHEMA } from './probe-service';

const connection = JSON.parse(process.env.PG_CONFIG ?? '{}') as ClientConfig;
const pauseMs = Number(process.env.PAUSE_AFTER_PUBLISH_MS ?? 0);
const logger = pino({ level: 'warn' }, pino.destination(2));
const relay = new OutboxRelay({
  schema: PROBE_SCHEMA,
  pool: new Pool({ ...connection, max: 2 }),
  connection,
  publisher: new KafkajsEventPublisher(
    createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'pltest-relay' }),
  ),
  logger,
  batchSize: Number(process.env.BATCH_SIZE ?? 500),
  ...(pauseMs > 0
    ? {
        afterPublish: async (positions: readonly string[]) => {
          process.stdout.write(`sent ${positions.length}\n`);
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        },
      }
    : {}),
});
relay.start();
process.stdout.write('relay started\n');
process.on('SIGTERM', () => {
  void relay.stop().then(() => process.exit(0));
});
