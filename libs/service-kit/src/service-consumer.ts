import { IdempotentConsumer, type EventHandler, type RunHandler } from '@parkledger/messaging';
import { type ServiceParts } from './service-main';

/** How a consumer applies events: one by one, and optionally a run at once (the same result, fewer statements). */
export interface ConsumerHandlers {
  handle: EventHandler;
  handleRun?: RunHandler;
}

/**
 * A table of a read model as `npm run replay` compares it, row for row, with its rebuild: in the
 * service's schema, unqualified.
 */
export interface ReadModelTable {
  table: string;
  /** the columns that name a row (the table's key): the report's example keys */
  key: readonly string[];
  /** columns a rebuild can't reproduce (the time a row was first seen): left out of the comparison */
  ignore?: readonly string[];
  /** only the rows this consumer fills, when the service writes the table too (an SQL condition) */
  where?: string;
}

/**
 * A consumer whose effects are a read model: rows the service fills only from other services' events,
 * each a function of the events alone (newer aggregate versions win; keys the events carry), with no
 * ids of its own and no outbox rows. `npm run replay` rebuilds these tables from offset 0 into a fresh
 * database with the same handlers, and compares them with the live ones.
 */
export interface ReadModelConsumer extends ConsumerHandlers {
  /** its consumer group after the group prefix, and its key in the inbox */
  name: string;
  topics: readonly string[];
  /** every table its handlers write */
  readModel: readonly ReadModelTable[];
}

/**
 * A consumer whose effects are the service's own new facts (rows with fresh ids, outbox rows, events
 * on Kafka): a rebuild would make other facts, or publish them again, so `npm run replay` never runs it.
 */
export interface NewFactsConsumer {
  name: string;
  topics: readonly string[];
  /** why a replay leaves it out: said in the replay's report */
  notReplayed: string;
  /** its handlers, built from the running service's parts (its pool, its outbox) */
  handlers(parts: ServiceParts): ConsumerHandlers & {
    /** its effects write outbox rows (the awards a milestone gives): each commit wakes the relay */
    writesOutbox?: boolean;
  };
}

/**
 * A consumer the service builds itself rather than as an IdempotentConsumer (the audit log reads
 * whole batches into a log of its own), with why `npm run replay` leaves it out. serviceConsumers
 * starts nothing for it: the service does.
 */
export interface ServiceBuiltConsumer {
  name: string;
  topics: readonly string[];
  notReplayed: string;
  /** the file that builds it, under the service's folder (`src/log/audit.consumer.ts`) */
  builtIn: string;
}

/**
 * A consumer as a service declares it, with its replay decision, in the list its `src/consumers.ts`
 * exports: main.ts starts that list (serviceConsumers) and `npm run replay` reads it, so a consumer
 * can't be started without a decision (scripts/replay/replay-decisions.spec.ts checks every service).
 */
export type ConsumerDeclaration = ReadModelConsumer | NewFactsConsumer | ServiceBuiltConsumer;

export const isReadModel = (declared: ConsumerDeclaration): declared is ReadModelConsumer => 'readModel' in declared;

/**
 * A service's consumers of other services' topics, as it declares them (but those it builds itself),
 * with their inboxes in the service's own schema and on the service's pool, broker and logger. A name
 * goes after the group prefix and the topics after the topic prefix, so a rebuild beside the running
 * service (another KAFKA_GROUP_PREFIX) reads the same topics in groups of its own.
 */
export function serviceConsumers(
  parts: ServiceParts,
  declarations: readonly ConsumerDeclaration[],
): IdempotentConsumer[] {
  return declarations.flatMap((declared) => {
    if ('builtIn' in declared) return [];
    const { handle, handleRun, writesOutbox } = isReadModel(declared)
      ? { ...declared, writesOutbox: false }
      : declared.handlers(parts);
    return new IdempotentConsumer({
      consumer: `${parts.groupPrefix}${declared.name}`,
      topics: declared.topics.map((topic) => `${parts.topicPrefix}${topic}`),
      schema: parts.schema,
      kafka: parts.kafka,
      pool: parts.pool,
      publisher: parts.publisher,
      handle,
      handleRun,
      logger: parts.logger,
      ...(writesOutbox === true ? { afterCommit: () => parts.relay.rowsCommitted() } : {}),
    });
  });
}
