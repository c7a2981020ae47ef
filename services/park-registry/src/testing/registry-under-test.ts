import { Outbox } from '@parkledger/messaging';
import { DomainError } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { migratedDatabase, type MigratedDatabase } from '@parkledger/testing';
import { loadParkRegistryConfig } from '../config/park-registry.config';
import { createDataSource } from '../database/data-source';
import { EnterprisesRepository } from '../enterprises/enterprises.repository';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { MilestonesService } from '../milestones/milestones.service';
import { ParksRepository } from '../parks/parks.repository';
import { ParksService } from '../parks/parks.service';
import { SettlementsRepository } from '../settlements/settlements.repository';
import { SettlementsService } from '../settlements/settlements.service';

/** The schema the integration specs migrate and query by name (`registry.parks`, `registry.outbox`). */
const SPEC_SCHEMA = 'registry';

/** A caller who may do everything, for the specs that are not about scopes. */
export const admin: Caller = { subject: 'admin-1', role: 'admin', parkScope: [], fundScope: [], policyScope: [] };

/** What a call was refused with; a call that succeeds, or fails with anything but a DomainError, fails the test. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const refused = error as DomainError<string>;
    return { code: refused.code, status: refused.toProblem().status, message: refused.message };
  }
  throw new Error('expected a refusal');
}

export interface RegistryUnderTest extends MigratedDatabase {
  parks: ParksService;
  enterprises: EnterprisesService;
  settlements: SettlementsService;
  milestones: MilestonesService;
}

/**
 * The registry's services on a migrated database of the calling spec's own, wired as AppModule wires
 * them but without Nest, gRPC or Kafka: the rules and the SQL under them, nothing in front.
 */
export async function registryUnderTest(label: string): Promise<RegistryUnderTest> {
  const database = await migratedDatabase(label, SPEC_SCHEMA, (env) =>
    createDataSource(loadParkRegistryConfig(env), SPEC_SCHEMA),
  );
  const { dataSource } = database;
  const outbox = new Outbox(SPEC_SCHEMA, '/parkledger/park-registry');
  const parks = new ParksService(dataSource, new ParksRepository(), outbox);
  return {
    ...database,
    parks,
    enterprises: new EnterprisesService(dataSource, new EnterprisesRepository(), outbox),
    settlements: new SettlementsService(
      dataSource,
      new SettlementsRepository(),
      new EnterprisesRepository(),
      parks,
      outbox,
    ),
    milestones: new MilestonesService(dataSource, new MilestonesRepository(), new EnterprisesRepository(), outbox),
  };
}
