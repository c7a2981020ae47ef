import { IdempotentConsumer, type EventHandler, type RunHandler } from '@parkledger/messaging';
import { type ServiceParts } from './service-main';

/**
 * A service's consumer of another service's topics, with its inbox in the service's own schema and
 * on the service's pool, broker and logger. The name goes after the group prefix and the topics after
 * the topic prefix, so a rebuild beside the running service (another KAFKA_GROUP_PREFIX) reads the
 * same topics in a group of its own.
 */
export function serviceConsumer(
  parts: ServiceParts,
  options: {
    name: string;
    topics: readonly string[];
    handle: EventHandler;
    handleRun?: RunHandler;
    /** its effects write outbox rows (the awards a milestone gives): each commit wakes the relay */
    writesOutbox?: boolean;
  },
): IdempotentConsumer {
  return new IdempotentConsumer({
    consumer: `${parts.groupPrefix}${options.name}`,
    topics: options.topics.map((topic) => `${parts.topicPrefix}${topic}`),
    schema: parts.schema,
    kafka: parts.kafka,
    pool: parts.pool,
    publisher: parts.publisher,
    handle: options.handle,
    handleRun: options.handleRun,
    logger: parts.logger,
    ...(options.writesOutbox === true ? { afterCommit: () => parts.relay.rowsCommitted() } : {}),
  });
}
