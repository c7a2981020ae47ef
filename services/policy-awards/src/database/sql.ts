import { type PoolClient } from 'pg';
import { type EntityManager } from 'typeorm';

/**
 * What the repositories need of a connection: a query that answers its rows. A TypeORM
 * EntityManager is one; a consumer's inbox transaction (a pg client) becomes one with sqlOf.
 */
export type Sql = Pick<EntityManager, 'query'>;

export const sqlOf = (client: PoolClient): Sql => ({
  query: async <T>(text: string, params?: unknown[]): Promise<T> => (await client.query(text, params)).rows as T,
});
