import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, type ITopicMetadata } from 'kafkajs';
import { untilLeaders } from './kafka-client';

/** A broker's error, as kafkajs makes it from the error code of a response. */
const brokerError = (type: string, message: string) => Object.assign(new KafkaJSProtocolError(message), { type });

const unknownTopic = () => brokerError('UNKNOWN_TOPIC_OR_PARTITION', 'This server does not host this topic-partition');

function topic(name: string, leaders: number[]): ITopicMetadata {
  return {
    name,
    partitions: leaders.map((leader, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader,
      replicas: [1],
      isr: [1],
    })),
  };
}

/** An admin whose metadata answers are given in turn: a topic list, or an error to throw. */
function admin(answers: (ITopicMetadata[] | Error)[]) {
  const asked: string[][] = [];
  return {
    asked,
    fetchTopicMetadata: ({ topics }: { topics: string[] }) => {
      asked.push(topics);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('asked once too often');
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve({ topics: answer });
    },
  };
}

describe('untilLeaders', () => {
  it('asks again while the broker does not know a topic yet, or has no leader for it, and returns once it answers without an error', async () => {
    const leadersLost = new KafkaJSNumberOfRetriesExceeded(
      brokerError('LEADER_NOT_AVAILABLE', 'There is no leader for this topic-partition'),
      { retryCount: 5, retryTime: 1000 },
    );
    const broker = admin([unknownTopic(), leadersLost, [topic('a', [1, 1, 1]), topic('b', [1, 1, 1])]]);
    await untilLeaders(broker, ['a', 'b']);
    expect(broker.asked).toEqual([
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('throws any other error at once', async () => {
    const refused = brokerError('TOPIC_AUTHORIZATION_FAILED', 'Not authorized to access topics');
    const broker = admin([refused]);
    await expect(untilLeaders(broker, ['a'])).rejects.toBe(refused);
    expect(broker.asked).toHaveLength(1);
  });

  it('gives up after its wait, naming what was lacking', async () => {
    await expect(untilLeaders(admin([unknownTopic()]), ['a'], 0)).rejects.toThrow(
      'topics created, but not ready after 0 ms: This server does not host this topic-partition',
    );
  });
});
