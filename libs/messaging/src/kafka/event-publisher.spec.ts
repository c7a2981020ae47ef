import {
  KafkaJSBrokerNotFound,
  KafkaJSConnectionError,
  KafkaJSLockTimeout,
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

/** kafkajs's types declare no message for these, but they take one, as kafkajs throws them */
const BrokerNotFound = KafkaJSBrokerNotFound as unknown as new (message: string) => Error;
const LockTimeout = KafkaJSLockTimeout as unknown as new (message: string) => Error;

/**
 * What kafkajs's retrier throws once its retries are spent, and what an outer retrier makes of an
 * inner one's error; an error the producer does not retry reaches the caller as it is.
 */
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
    ['a new leader that lost the producer', protocolError('UNKNOWN_PRODUCER_ID', false)],
    ['a metadata refresh that ran out of retries', notRetried(protocolError('LEADER_NOT_AVAILABLE', true))],
    ["a wait for a broker's lock that timed out", new LockTimeout('Timeout while acquiring lock')],
    ['an unwrapped connection error', new KafkaJSConnectionError('Connection error: socket hang up')],
  ])('takes %s for an outage', (_, error) => {
    expect(isClusterOutage(error)).toBe(true);
  });

  it.each([
    ['a topic the cluster does not have', retriesSpent(protocolError('UNKNOWN_TOPIC_OR_PARTITION', true))],
    ['a record too large', protocolError('MESSAGE_TOO_LARGE', false)],
    ['a record too large, wrapped', notRetried(protocolError('MESSAGE_TOO_LARGE', false))],
    ['a topic it may not write', notRetried(protocolError('TOPIC_AUTHORIZATION_FAILED', false))],
    ['an error not from kafkajs', new TypeError('header value is not a string')],
    ['something not an error', 'no'],
  ])('does not take %s for an outage', (_, error) => {
    expect(isClusterOutage(error)).toBe(false);
  });
});
