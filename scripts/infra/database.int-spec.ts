import { freshDatabase, type TestDatabase } from '@parkledger/testing';
import { Client } from 'pg';
import { provisionSql } from './database';
import { devPassword } from './services';

// Every service has a role that can write its own schema and nothing else.
describe('database roles and schemas', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await freshDatabase('roles');
    const pool = db.pool(1);
    await pool.query(provisionSql(db.name));
    await pool.query(provisionSql(db.name)); // idempotent
  });

  afterAll(async () => {
    await db.drop();
  });

  async function as<T>(role: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ ...db.config, user: role, password: devPassword(role) });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  it('lets a service write its own schema, found first on its search path', async () => {
    await as('park_registry', async (client) => {
      await client.query('CREATE TABLE parks (id int PRIMARY KEY)');
      await client.query('INSERT INTO parks VALUES (1)');
      const { rows } = await client.query('SELECT schemaname FROM pg_tables WHERE tablename = $1', ['parks']);
      expect(rows).toEqual([{ schemaname: 'park_registry' }]);
    });
  });

  it("refuses a service another service's schema", async () => {
    await as('project_pipeline', async (client) => {
      await expect(client.query('SELECT * FROM park_registry.parks')).rejects.toThrow(
        'permission denied for schema park_registry',
      );
      await expect(client.query('CREATE TABLE park_registry.sneaky (id int)')).rejects.toThrow(
        'permission denied for schema park_registry',
      );
      await expect(client.query('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(
        'permission denied for schema public',
      );
    });
  });
});
