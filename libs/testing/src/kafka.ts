import { randomBytes } from 'node:crypto';
import { type Kafka, type KafkaMessage } from 'kafkajs';
import { createKafka, ensureTopics } from '@parkledger/messaging';
import { testInfra } from './infra';

export interface TestKafka {
  kafka: Kafka;
  brokers: string[];
  /** a prefix that makes every topic of this test file its own */
  topicPrefix: string;
}

export async function testKafka(label: string): Promise<TestKafka> {
  const { kafkaBrokers } = await testInfra();
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: `pltest-${label}` });
  return { kafka, brokers: kafkaBrokers, topicPrefix: `pltest.${label}.${randomBytes(3).toString('hex')}.` };
}

export async function createTestTopics(kafka: Kafka, topics: readonly string[], partitions = 3): Promise<void> {
  for (const topic of topics) {
    if (!topic.startsWith('pltest.')) throw new Error(`refusing to create non-test topic ${topic}`);
  }
  await ensureTopics(kafka, topics, partitions);
}

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

function plainHeaders(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return headers;
}

/** Reads a topic from the beginning up to its current end offsets. */
export async function readTopic(kafka: Kafka, topic: string): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.filter((e) => e.high !== e.low).map((e) => [e.partition, BigInt(e.high)]));
  const records: ReadRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `pltest-reader-${randomBytes(6).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reading ${topic} timed out`)), 120_000);
    consumer
      .run({
        eachMessage: ({ partition, message }) => {
          records.push({
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? '',
            value: message.value ?? Buffer.alloc(0),
            headers: plainHeaders(message),
          });
          const end = remaining.get(partition);
          if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(partition);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return records;
}
