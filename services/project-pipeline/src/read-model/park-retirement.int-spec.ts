import { decodeEvent, encodeEvent, envelopeHeaders, parseEnvelope, type EventType } from '@parkledger/contracts';
import { Outbox, type ConsumedEvent } from '@parkledger/messaging';
import { DomainError, uuidv7 } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { databaseEnv, freshDatabase, type TestDatabase } from '@parkledger/testing';
import { Pool } from 'pg';
import { type DataSource } from 'typeorm';
import { loadProjectPipelineConfig } from '../config/project-pipeline.config';
import { createDataSource } from '../database/data-source';
import { KnownParksRepository } from '../projects/known-parks.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import { applyRegistryEvent, applyRegistryEvents } from './registry-read-model';

const admin: Caller = { subject: 'admin', role: 'admin', parkScope: [] };

/** A registry event as the consumer hands it over. */
function consumed(type: EventType, id: string, version: number, payload: object): ConsumedEvent {
  const headers = envelopeHeaders({
    id: uuidv7(),
    source: '/parkledger/park-registry',
    type,
    time: new Date().toISOString(),
    subject: id,
    aggregateType: type.split('.')[1] as string,
    aggregateVersion: String(version),
  });
  const bytes = encodeEvent(type, payload as never);
  return { envelope: parseEnvelope(headers), event: decodeEvent(type, bytes), topic: 't', partition: 0, offset: '0' };
}

describe("the pipeline's read model learns retirements", () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let pool: Pool;
  let projects: ProjectsService;

  beforeAll(async () => {
    db = await freshDatabase('pipeline_retirement');
    await db.pool(1).query('CREATE SCHEMA pipeline');
    const config = loadProjectPipelineConfig({
      NODE_ENV: 'test',
      HTTP_PORT: '1',
      KAFKA_CLIENT_ID: 'test',
      ...databaseEnv(db),
    });
    dataSource = createDataSource(config, 'pipeline');
    await dataSource.initialize();
    await dataSource.runMigrations();
    pool = new Pool({ ...db.config, options: '-c search_path=pipeline', max: 1 });
    projects = new ProjectsService(
      dataSource,
      new ProjectsRepository(),
      new KnownParksRepository(),
      new Outbox('pipeline', '/parkledger/project-pipeline'),
    );
  });

  afterAll(async () => {
    await pool.end();
    await dataSource.destroy();
    await db.drop();
  });

  it('refuses a new project in a retired park with 422, one event at a time and folded in a run', async () => {
    const enterprise = uuidv7();
    const oneByOne = uuidv7();
    const inRun = uuidv7();
    const park = (id: string, version: number, retiredOn = '') => ({
      park: { id, nameEn: `park ${id}`, version: BigInt(version), retiredOn },
    });
    const client = await pool.connect();
    try {
      await applyRegistryEvent(
        consumed('parkledger.enterprise.registered.v1', enterprise, 1, { enterprise: { id: enterprise, name: 'E' } }),
        client,
      );
      await applyRegistryEvent(consumed('parkledger.park.registered.v1', oneByOne, 1, park(oneByOne, 1)), client);
      await applyRegistryEvent(
        consumed('parkledger.park.retired.v1', oneByOne, 2, park(oneByOne, 2, '2025-06-30')),
        client,
      );
      await applyRegistryEvents(
        [
          consumed('parkledger.park.registered.v1', inRun, 1, park(inRun, 1)),
          consumed('parkledger.park.retired.v1', inRun, 2, park(inRun, 2, '2025-07-01')),
        ],
        client,
      );
    } finally {
      client.release();
    }
    expect(
      await dataSource.query(
        "SELECT id::text, to_char(retired_on, 'YYYY-MM-DD') AS retired_on FROM pipeline.known_parks ORDER BY retired_on",
      ),
    ).toEqual([
      { id: oneByOne, retired_on: '2025-06-30' },
      { id: inRun, retired_on: '2025-07-01' },
    ]);

    for (const parkId of [oneByOne, inRun]) {
      let caught: unknown;
      try {
        await projects.register(admin, {
          parkId,
          enterpriseId: enterprise,
          industryField: 'other',
          nameZh: '项目',
          nameEn: 'project',
          plannedInvestment: { minorUnits: '100', currency: 'CNY' },
          stage: 'LEAD',
          effectiveOn: '2025-08-01',
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError<string>).toProblem()).toMatchObject({
        status: 422,
        code: 'project-park-retired',
        errors: [{ field: 'parkId', rule: 'park-in-use' }],
      });
    }
  });
});
