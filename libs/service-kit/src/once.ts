import { DomainError, ErrorKind } from '@parkledger/platform';
import { type DataSource, type EntityManager } from 'typeorm';
import { type Caller } from './caller';

const keyReused = (): DomainError<'idempotency-key-reused'> =>
  new DomainError(
    'idempotency-key-reused',
    ErrorKind.Invalid,
    'this Idempotency-Key was already used for another request',
    [
      {
        field: 'Idempotency-Key',
        rule: 'idempotency-key-reused',
        message: 'a key is for one request: the same method, path and body',
      },
    ],
  );

/**
 * Runs a write in one transaction, at most once per request key: the response is stored with the
 * change and the request's fingerprint; a repeat of the key with the same fingerprint gets the
 * stored response without changing anything, and with another fingerprint is refused.
 */
export async function once<T>(
  dataSource: DataSource,
  caller: Caller,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  const request = caller.request;
  return dataSource.transaction(async (tx) => {
    if (request !== undefined) {
      // the lock makes a concurrent repeat wait for the first and then see its answer
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [request.key]);
      const done: { response: T; fingerprint: string }[] = await tx.query(
        'SELECT response, fingerprint FROM processed_requests WHERE request_id = $1',
        [request.key],
      );
      if (done[0] !== undefined) {
        if (done[0].fingerprint !== request.fingerprint) throw keyReused();
        return done[0].response;
      }
    }
    const result = await work(tx);
    if (request !== undefined) {
      await tx.query('INSERT INTO processed_requests (request_id, fingerprint, response) VALUES ($1, $2, $3)', [
        request.key,
        request.fingerprint,
        JSON.stringify(result ?? null),
      ]);
    }
    return result;
  });
}
