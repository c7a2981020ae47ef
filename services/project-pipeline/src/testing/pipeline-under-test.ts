import { decodeEvent, encodeEvent, envelopeHeaders, parseEnvelope, type EventType } from '@parkledger/contracts';
import { Outbox, type ConsumedEvent } from '@parkledger/messaging';
import { uuidv7 } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { migratedDatabase, type MigratedDatabase } from '@parkledger/testing';
import { loadProjectPipelineConfig } from '../config/project-pipeline.config';
import { createDataSource } from '../database/data-source';
import { KnownParksRepository } from '../projects/known-parks.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import { PublicSupportRepository } from '../public-support/public-support.repository';
import { PublicSupportService } from '../public-support/public-support.service';

/** The schema the integration specs migrate and query by name (`pipeline.known_parks`). */
const SPEC_SCHEMA = 'pipeline';

/** A caller who may do everything, for the specs that are not about scopes. */
export const admin: Caller = { subject: 'admin', role: 'admin', parkScope: [], fundScope: [], policyScope: [] };

/** The CloudEvents headers the park registry puts on an event of an aggregate at a version. */
export const registryHeaders = (type: EventType, id: string, version: number) =>
  envelopeHeaders({
    id: uuidv7(),
    source: '/parkledger/park-registry',
    type,
    time: new Date().toISOString(),
    subject: id,
    aggregateType: type.split('.')[1] as string,
    aggregateVersion: String(version),
  });

/** A registry event as the consumer hands it to the read model, without a broker in between. */
export function consumed(type: EventType, id: string, version: number, payload: object): ConsumedEvent {
  const headers = registryHeaders(type, id, version);
  const bytes = encodeEvent(type, payload as never);
  return { envelope: parseEnvelope(headers), event: decodeEvent(type, bytes), topic: 't', partition: 0, offset: '0' };
}

export interface PipelineUnderTest extends MigratedDatabase {
  projects: ProjectsService;
  support: PublicSupportService;
}

/**
 * The pipeline's projects and public-support services on a migrated database of the calling spec's
 * own, wired as AppModule wires them but without Nest, gRPC or Kafka: the rules and the SQL under them.
 */
export async function pipelineUnderTest(label: string): Promise<PipelineUnderTest> {
  const database = await migratedDatabase(label, SPEC_SCHEMA, (env) =>
    createDataSource(loadProjectPipelineConfig(env), SPEC_SCHEMA),
  );
  const projects = new ProjectsRepository();
  const known = new KnownParksRepository();
  return {
    ...database,
    projects: new ProjectsService(
      database.dataSource,
      projects,
      known,
      new Outbox(SPEC_SCHEMA, '/parkledger/project-pipeline'),
    ),
    support: new PublicSupportService(database.dataSource, new PublicSupportRepository(), projects, known),
  };
}
