import { asOneStatement, type Statement } from '@parkledger/messaging';
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
 * stored response without changing anything (and the caller hears it was a replay), and with
 * another fingerprint is refused. A refused or failed write stores nothing, so its repeat runs again.
 *
 * `work` reads and checks through `tx`, and puts the changes nothing after them reads into `writes`:
 * they go to the database after it returns, with the stored response, as one statement
 * (asOneStatement), so a write costs a round trip for its changes rather than one each.
 */
export async function once<T>(
  dataSource: DataSource,
  caller: Caller,
  work: (tx: EntityManager, writes: Statement[]) => Promise<T>,
): Promise<T> {
  const request = caller.request;
  return dataSource.transaction(async (tx) => {
    if (request !== undefined) {
      // The claim: a concurrent repeat's insert waits on this row until this transaction ends,
      // then finds the answer (commit) or claims the key itself (rollback).
      const claimed: unknown[] = await tx.query(
        `INSERT INTO processed_requests (request_id, fingerprint, response) VALUES ($1, $2, 'null')
         ON CONFLICT (request_id) DO NOTHING RETURNING 1`,
        [request.key, request.fingerprint],
      );
      if (claimed.length === 0) {
        const done: { response: T; fingerprint: string }[] = await tx.query(
          'SELECT response, fingerprint FROM processed_requests WHERE request_id = $1',
          [request.key],
        );
        const first = done[0];
        if (first === undefined) throw new Error(`request ${request.key} neither claimed nor answered`);
        if (first.fingerprint !== request.fingerprint) throw keyReused();
        request.replayed?.();
        return first.response;
      }
    }
    const writes: Statement[] = [];
    const result = await work(tx, writes);
    if (request !== undefined) {
      writes.push({
        text: 'UPDATE processed_requests SET response = $2 WHERE request_id = $1',
        params: [request.key, JSON.stringify(result ?? null)],
      });
    }
    if (writes.length > 0) {
      const { text, params } = asOneStatement(writes);
      await tx.query(text, params);
    }
    return result;
  });
}
