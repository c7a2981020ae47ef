import { asOneStatement, prepared, type Statement } from '@parkledger/messaging';
import { DomainError, ErrorKind, inSpan } from '@parkledger/platform';
import { type DataSource, type EntityManager } from 'typeorm';
import { type Caller } from './caller';

/** How long a repeat waits for the first request with its key to end before it is told to retry. */
const CLAIM_WAIT = '5s';

const inProgress = (): DomainError<'idempotency-key-in-progress'> =>
  new DomainError(
    'idempotency-key-in-progress',
    ErrorKind.Conflict,
    'a request with this Idempotency-Key is still running; retry later',
  );

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
 * A repeat that comes while the first still runs waits for it, up to CLAIM_WAIT, then is refused
 * with 409 idempotency-key-in-progress, so repeats can't pile up on the connections.
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
  // the transaction's span: the events it writes carry it to their consumers
  return inSpan('write transaction', { attributes: { 'db.system.name': 'postgresql' } }, () =>
    dataSource.transaction(async (tx) => {
      if (request !== undefined) {
        const first = await claim<T>(tx, request.key, request.fingerprint);
        if (first !== undefined) {
          if (first.fingerprint !== request.fingerprint) throw keyReused();
          request.replayed?.();
          return first.response;
        }
      }
      const writes: Statement[] = [];
      const result = await work(tx, writes);
      if (request !== undefined) writes.push({ text: ANSWER, params: [request.key, JSON.stringify(result ?? null)] });
      if (writes.length > 0) {
        const { text, params } = asOneStatement(writes);
        await tx.query(text, params);
      }
      return result;
    }),
  );
}

/**
 * Claims the request key in this transaction, or finds the answer of the request that had it.
 * A concurrent repeat's insert waits on the claimed row until that transaction ends (bounded by a
 * lock timeout set in the same statement and set back when the insert is done), then finds the answer
 * (commit) or claims the key itself (rollback). An answer pruned between the two statements is
 * claimed again.
 */
async function claim<T>(
  tx: EntityManager,
  key: string,
  fingerprint: string,
): Promise<{ response: T; fingerprint: string } | undefined> {
  for (;;) {
    let claimed: { n: number }[];
    try {
      claimed = await tx.query(CLAIM, [key, fingerprint, CLAIM_WAIT]);
    } catch (error) {
      if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE) throw inProgress();
      throw error;
    }
    if (claimed[0]?.n === 1) return undefined;
    const done: { response: T; fingerprint: string }[] = await tx.query(
      'SELECT response, fingerprint FROM processed_requests WHERE request_id = $1',
      [key],
    );
    if (done[0] !== undefined) return done[0];
  }
}

/**
 * A request key's claim (prepared: every keyed write runs it, and its one plan is a lookup of the
 * key). The wait is the claim's alone: the lock timeout goes back to what it was once the insert is
 * done (the count needs it done), so the write's own locks wait as long as they would without a key.
 */
const CLAIM = prepared(
  `WITH wait AS (SELECT current_setting('lock_timeout') AS was, set_config('lock_timeout', $3, true)),
        claim AS (INSERT INTO processed_requests (request_id, fingerprint, response)
                    SELECT $1, $2, 'null' FROM wait
                  ON CONFLICT (request_id) DO NOTHING RETURNING 1),
        done AS (SELECT count(*)::int AS n FROM claim)
   SELECT done.n, set_config('lock_timeout', wait.was, true) FROM done, wait`,
);

/** The request's answer, stored with its change. */
const ANSWER = prepared('UPDATE processed_requests SET response = $2 WHERE request_id = $1');

const LOCK_NOT_AVAILABLE = '55P03';
