import { randomBytes } from 'node:crypto';
import { entryHeaders, entryLeaf, type Hash } from '@parkledger/tlog';
import { type Kafka } from 'kafkajs';

/** A record as Kafka holds it: where, its headers as text, its exact value, and the leaf it is in the log's tree. */
export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  value: Buffer;
  leaf: Hash;
}

export const placeOf = (topic: string, partition: number, offset: string) => `${topic}/${partition}/${offset}`;

/**
 * Every record of the topics, from the first Kafka still holds to the ends they had when it started, read by a
 * consumer group of its own that it deletes after: nothing of the system's is moved.
 */
export function readTopics(
  kafka: Kafka,
  topics: readonly string[],
  progress: (read: number, total: number) => void,
): Promise<{ records: KafkaRecord[]; lows: Map<string, bigint> }> {
  return readTopicsAs(kafka, topics, progress, (record) => record);
}

/** {@link readTopics}, keeping of each record only what `keep` makes of it, as it is read. */
export async function readTopicsAs<T>(
  kafka: Kafka,
  topics: readonly string[],
  progress: (read: number, total: number) => void,
  keep: (record: KafkaRecord) => T,
): Promise<{ records: T[]; lows: Map<string, bigint> }> {
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((topic) => existing.has(topic));
  const remaining = new Map<string, bigint>();
  /** each partition's first offset Kafka still holds: below it, retention dropped the records */
  const lows = new Map<string, bigint>();
  let total = 0n;
  for (const topic of present) {
    for (const end of await admin.fetchTopicOffsets(topic)) {
      lows.set(`${topic}/${end.partition}`, BigInt(end.low));
      if (BigInt(end.high) > BigInt(end.low)) {
        remaining.set(`${topic}/${end.partition}`, BigInt(end.high));
        total += BigInt(end.high) - BigInt(end.low);
      }
    }
  }
  const records: T[] = [];
  if (remaining.size > 0) {
    const groupId = `audit-verify-${randomBytes(6).toString('hex')}`;
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topics: present, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          // a batch a partition at a time: one callback for thousands of records
          eachBatch: ({ batch }) => {
            const key = `${batch.topic}/${batch.partition}`;
            const end = remaining.get(key);
            if (end === undefined) return Promise.resolve();
            for (const message of batch.messages) {
              const offset = BigInt(message.offset);
              if (offset >= end) break;
              const headers = entryHeaders(message.headers);
              const value = message.value ?? Buffer.alloc(0);
              // hashed as it comes, while the next batch is fetched
              records.push(
                keep({
                  topic: batch.topic,
                  partition: batch.partition,
                  offset: message.offset,
                  headers,
                  value,
                  leaf: entryLeaf({ headers, value }),
                }),
              );
              if (records.length % 10_000 === 0) progress(records.length, Number(total));
              if (offset + 1n >= end) remaining.delete(key);
            }
            if (remaining.size === 0) resolve();
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  await admin.disconnect();
  return { records, lows };
}
