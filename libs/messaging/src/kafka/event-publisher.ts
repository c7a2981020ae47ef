import { KafkaJSError, KafkaJSProtocolError, Partitioners, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import { brokerUp } from '../metrics/messaging-metrics';

export interface OutboundRecord {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** The Kafka port: publish records durably (acks=all) and in order per key, or throw. */
export interface EventPublisher {
  publish(records: readonly OutboundRecord[]): Promise<void>;
  /** whether the cluster answers a metadata request now: tells Kafka away from a failure of some records */
  reachable(): Promise<boolean>;
  /**
   * Whether a failed `publish` was an outage the cluster gets over by itself (a broker away, a
   * partition without a leader, a timeout), not a refusal of the records (a topic the cluster does
   * not have, a record too large): the relay counts the second against a record, never the first.
   */
  outage(error: unknown): boolean;
  close(): Promise<void>;
}

/** The kafkajs adapter: an idempotent producer, acks=all, one request in flight to keep order. */
export class KafkajsEventPublisher implements EventPublisher {
  private producer: Producer | undefined;

  constructor(private readonly kafka: Kafka) {}

  async publish(records: readonly OutboundRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, { key: string; value: Buffer; headers: IHeaders }[]>();
    for (const record of records) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key, value: record.value, headers: record.headers });
      byTopic.set(record.topic, messages);
    }
    let producer: Producer;
    try {
      producer = await this.connected();
    } catch (error) {
      brokerUp.set(0);
      throw error;
    }
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      brokerUp.set(1);
    } catch (error) {
      // Start over with a fresh connection next time: the broker may have gone away.
      this.producer = undefined;
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  outage(error: unknown): boolean {
    return isClusterOutage(error);
  }

  async reachable(): Promise<boolean> {
    const admin = this.kafka.admin({ retry: { retries: 1 } });
    try {
      await admin.connect();
      await admin.describeCluster();
      brokerUp.set(1);
      return true;
    } catch {
      brokerUp.set(0);
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect();
  }

  private async connected(): Promise<Producer> {
    if (this.producer !== undefined) return this.producer;
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }
}

/**
 * Kafka's protocol errors that kafkajs gives up on but that say the producer's state went stale in
 * a failover (a new leader does not know its sequence numbers or its id): not the records' fault.
 */
const PRODUCER_STATE_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'DUPLICATE_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

/** kafkajs's own timeouts, which it does not retry: waiting for a broker's lock, say */
const TIMEOUT_ERRORS = new Set(['KafkaJSTimeout', 'KafkaJSLockTimeout']);

/**
 * Whether a kafkajs failure, or any error it was caused by, is one the cluster recovers from by
 * itself: a connection refused or closed, a broker missing from the metadata, a timeout, or a
 * protocol error Kafka calls retriable (a partition without a leader, too few in-sync replicas), but
 * not a topic the cluster does not know, which stays so until someone creates it. While one broker
 * of three is down the others answer, so whether the cluster answers can't tell these apart.
 */
export function isClusterOutage(error: unknown): boolean {
  for (let link: unknown = error, depth = 0; link instanceof Error && depth < 10; link = link.cause, depth += 1) {
    if (!(link instanceof KafkaJSError)) continue;
    if (TIMEOUT_ERRORS.has(link.name)) return true;
    if (link instanceof KafkaJSProtocolError) {
      if (PRODUCER_STATE_ERRORS.has(link.type)) return true;
      if (link.retriable && link.type !== 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    } else if (link.retriable) {
      return true;
    }
  }
  return false;
}
