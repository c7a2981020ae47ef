import { allTopics, topicOf } from '@parkledger/contracts';
import { TOPIC_RETENTION_HOURS, TOPIC_SEGMENT_HOURS } from '@parkledger/platform';
import { Kafka, logLevel, type Admin, type ITopicConfig, type LogEntry } from 'kafkajs';
import { type Logger } from 'pino';
import { deadLetterTopic } from '../inbox/dead-letter';
import { sleep } from '../sql';
import './request-queue-idle'; // every connection this process opens stops polling its queue when idle

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function createKafka({ brokers, clientId, logger }: KafkaOptions): Kafka {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 5000 },
    logLevel: logger === undefined ? logLevel.NOTHING : logLevel.WARN,
    logCreator:
      () =>
      ({ level, label, log }: LogEntry) => {
        const { message, ...rest } = log;
        logger?.[LEVELS[level] ?? 'info']({ kafka: label, ...rest }, message);
      },
  });
}

const HOUR_MS = 3_600_000;

/** The partitions of a topic a service creates (the Helm chart's KafkaTopics have as many). */
export const TOPIC_PARTITIONS = 3;

/**
 * How long a consumer's fetch waits at the broker while its partitions have no new records
 * (kafkajs's `maxWaitTimeInMs`, 5 s by default). With kafkajs's `minBytes` of 1, a record that
 * arrives ends the wait at once, so this costs no latency. It is how long stopping a consumer waits
 * for its fetch to come back, and an idle consumer heartbeats, and so hears of a rebalance, only
 * between fetches.
 */
export const IDLE_FETCH_WAIT_MS = 1_000;

/**
 * The audit log's signed checkpoints are kept for good: an auditor checks a new one against the
 * old ones, which Kafka must not have dropped.
 */
const keptForever = (topic: string) => topic.endsWith(topicOf('parkledger.checkpoint.signed.v1'));

/**
 * The config a topic is created with: parkledger's retention (the inbox retention is checked
 * against it; the checkpoints' topic keeps everything) and segment roll. The Helm chart's
 * KafkaTopics carry the same (scripts/helm/chart-files.ts).
 */
export function topicConfig(topic: string): Record<string, string> {
  return {
    'retention.ms': keptForever(topic) ? '-1' : String(TOPIC_RETENTION_HOURS * HOUR_MS),
    'segment.ms': String(TOPIC_SEGMENT_HOURS * HOUR_MS),
  };
}

/** Creates the topics that are missing, with topicConfig; the broker never creates topics by itself. */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  numPartitions = TOPIC_PARTITIONS,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = topics
      .filter((topic) => !existing.has(topic))
      .map((topic) => ({
        topic,
        numPartitions,
        replicationFactor: -1,
        configEntries: Object.entries(topicConfig(topic)).map(([name, value]) => ({ name, value })),
      }));
    if (missing.length === 0) return;
    // kafkajs's own wait for leaders gives up on a topic the broker does not know yet, and a broker
    // may answer so for a moment after creating it: waited for here instead
    await admin.createTopics({ topics: missing, waitForLeaders: false });
    await untilLeaders(
      admin,
      missing.map((config) => config.topic),
    );
  } finally {
    await admin.disconnect();
  }
}

/** What a broker answers, for a moment, about a topic it has just created. */
const NOT_YET_KNOWN = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

function notYetKnown(error: unknown): boolean {
  const { type, cause } = error as { type?: string; cause?: { type?: string } };
  return NOT_YET_KNOWN.has(type ?? '') || NOT_YET_KNOWN.has(cause?.type ?? '');
}

/**
 * Waits until every partition of `topics` has a leader: until the broker answers their metadata
 * without an error (kafkajs throws on any partition's error code). A broker that does not know a
 * topic yet, or has no leader for it yet, is asked again every 100 ms for up to `waitMs`.
 */
export async function untilLeaders(
  admin: Pick<Admin, 'fetchTopicMetadata'>,
  topics: string[],
  waitMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await admin.fetchTopicMetadata({ topics });
      return;
    } catch (error) {
      if (!notYetKnown(error)) throw error;
      if (Date.now() >= deadline) {
        throw new Error(`topics created, but not ready after ${waitMs} ms: ${(error as Error).message}`);
      }
    }
    await sleep(100);
  }
}

/** Every topic of the event registry and its dead-letter topic, with the prefix: what a service creates. */
export function registryTopics(prefix = ''): string[] {
  return allTopics().flatMap((topic) => [`${prefix}${topic}`, deadLetterTopic(`${prefix}${topic}`)]);
}
