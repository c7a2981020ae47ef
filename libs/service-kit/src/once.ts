import { type CallerJson } from '@parkledger/contracts';
import { type DataSource, type EntityManager } from 'typeorm';

/**
 * Runs a write in one transaction, at most once per request id: the response is stored with the
 * change, and a repeat of the request id gets it back without changing anything.
 */
export async function once<T>(
  dataSource: DataSource,
  caller: CallerJson | undefined,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  const requestId = caller?.requestId ?? '';
  return dataSource.transaction(async (tx) => {
    if (requestId !== '') {
      // the lock makes a concurrent repeat wait for the first and then see its answer
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [requestId]);
      const done: { response: T }[] = await tx.query('SELECT response FROM processed_requests WHERE request_id = $1', [
        requestId,
      ]);
      if (done[0] !== undefined) return done[0].response;
    }
    const result = await work(tx);
    if (requestId !== '') {
      await tx.query('INSERT INTO processed_requests (request_id, response) VALUES ($1, $2)', [
        requestId,
        JSON.stringify(result ?? null),
      ]);
    }
    return result;
  });
}
