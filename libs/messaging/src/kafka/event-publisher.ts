import { Partitioners, type IHeaders, type Kafka, type Producer } from 'kafkajs';
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
  /** whether the broker answers a metadata request now: tells a bad record from a broker outage */
  reachable(): Promise<boolean>;
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
