import { type KafkaMessage } from 'kafkajs';
import { type OutboundRecord } from '../kafka/event-publisher';

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** The original record, untouched, with why and where it failed in dlq_* headers. */
export function deadLetterRecord(
  source: { topic: string; partition: number; message: KafkaMessage },
  consumer: string,
  reason: string,
): OutboundRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(source.message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return {
    topic: deadLetterTopic(source.topic),
    key: source.message.key?.toString() ?? '',
    value: source.message.value ?? Buffer.alloc(0),
    headers: {
      ...headers,
      dlq_reason: reason,
      dlq_consumer: consumer,
      dlq_topic: source.topic,
      dlq_partition: String(source.partition),
      dlq_offset: source.message.offset,
      dlq_time: new Date().toISOString(),
    },
  };
}
