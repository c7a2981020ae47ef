import { freshDatabase, type TestDatabase } from '@parkledger/testing';
import { DataSource } from 'typeorm';
import { Outbox } from '../src/outbox/outbox';
import { MESSAGING_MIGRATIONS } from '../src/schema/messaging-schema';

// Services use TypeORM: its migration creates the messaging tables, and an EntityManager inside a
// TypeORM transaction is the outbox's transaction.
describe('outbox with TypeORM', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await freshDatabase('typeorm_outbox');
    const setup = db.pool(1);
    await setup.query('CREATE SCHEMA registry_test');
    dataSource = new DataSource({
      type: 'postgres',
      host: db.config.host,
      port: db.config.port,
      username: db.config.user,
      password: db.config.password as string,
      database: db.name,
      schema: 'registry_test',
      migrations: MESSAGING_MIGRATIONS,
      migrationsTableName: 'migrations',
      synchronize: false,
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('runs the messaging migrations once', async () => {
    expect((await dataSource.runMigrations()).map((m) => m.name)).toEqual([
      'CreateMessagingTables1763798400000',
      'CountInboxDeliveries1764000000000',
      'SetAsideAndDeadLetter1764600000000',
      'PruneRequestAnswers1765000000000',
    ]);
    expect(await dataSource.runMigrations()).toEqual([]);
  });

  it('appends in a TypeORM transaction and rolls back with it', async () => {
    const outbox = new Outbox('registry_test', '/parkledger/test');
    const event = (version: number) => ({
      type: 'parkledger.probe.emitted.v1' as const,
      aggregateId: 'probe-t',
      aggregateVersion: version,
      payload: { probeId: 'probe-t', sequence: BigInt(version) },
    });
    await dataSource.transaction((manager) => outbox.append(manager, [event(1)]));
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.append(manager, [event(2)]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await dataSource.query<{ aggregate_version: string }[]>(
      'SELECT aggregate_version FROM registry_test.outbox ORDER BY position',
    );
    expect(rows).toEqual([{ aggregate_version: '1' }]);
  });
});
