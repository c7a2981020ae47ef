import {
  KafkaJSBrokerNotFound,
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import { isClusterOutage } from './event-publisher';

/** A protocol error as kafkajs makes one from a broker's error code (its type and retriable flag are Kafka's). */
function protocolError(type: string, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(type), { type, code: 0, retriable }));
}

/** kafkajs's types declare no message for it, but it takes one, as kafkajs throws it */
const BrokerNotFound = KafkaJSBrokerNotFound as unknown as new (message: string) => Error;

/** What kafkajs's retrier throws once its retries are spent, and on an error it does not retry. */
const retriesSpent = (cause: Error) => new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 3000 });
const notRetried = (cause: Error) => Object.assign(new KafkaJSNonRetriableError(cause), { cause });

describe('isClusterOutage', () => {
  it.each([
    ['a broker refusing connections', retriesSpent(new KafkaJSConnectionError('connect ECONNREFUSED 127.0.0.1:29094'))],
    [
      'a broker missing from the metadata',
      retriesSpent(new BrokerNotFound('Broker 3 not found in the cached metadata')),
    ],
    ['a request timing out', retriesSpent(new KafkaJSRequestTimeoutError('Request Produce timed out'))],
    ['a partition without a leader', retriesSpent(protocolError('LEADER_NOT_AVAILABLE', true))],
    ['a leader that moved', retriesSpent(protocolError('NOT_LEADER_FOR_PARTITION', true))],
    ['too few in-sync replicas', retriesSpent(protocolError('NOT_ENOUGH_REPLICAS', true))],
    ['a new leader that lost the producer', notRetried(protocolError('UNKNOWN_PRODUCER_ID', false))],
    ['an unwrapped connection error', new KafkaJSConnectionError('Connection error: socket hang up')],
  ])('takes %s for an outage', (_, error) => {
    expect(isClusterOutage(error)).toBe(true);
  });

  it.each([
    ['a topic the cluster does not have', retriesSpent(protocolError('UNKNOWN_TOPIC_OR_PARTITION', true))],
    ['a record too large', notRetried(protocolError('MESSAGE_TOO_LARGE', false))],
    ['a topic it may not write', notRetried(protocolError('TOPIC_AUTHORIZATION_FAILED', false))],
    ['an error not from kafkajs', new TypeError('header value is not a string')],
    ['something not an error', 'no'],
  ])('does not take %s for an outage', (_, error) => {
    expect(isClusterOutage(error)).toBe(false);
  });
});
