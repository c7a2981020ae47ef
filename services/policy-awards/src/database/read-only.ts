import { type DataSource, type EntityManager } from 'typeorm';

/**
 * Runs the work in a read-only transaction on one snapshot (REPEATABLE READ): the reports see one
 * state of every table, and a simulation can write nothing, whatever it runs (Postgres refuses any
 * write with read_only_sql_transaction, 25006).
 */
export function readOnly<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction('REPEATABLE READ', async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    return work(tx);
  });
}
