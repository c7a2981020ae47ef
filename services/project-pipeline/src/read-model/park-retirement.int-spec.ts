import { DomainError, uuidv7 } from '@parkledger/platform';
import { admin, consumed, pipelineUnderTest, type PipelineUnderTest } from '../testing/pipeline-under-test';
import { applyRegistryEvent, applyRegistryEvents } from './registry-read-model';

describe("the pipeline's read model learns retirements", () => {
  let pipeline: PipelineUnderTest;

  beforeAll(async () => {
    pipeline = await pipelineUnderTest('pipeline_retirement');
  });

  afterAll(() => pipeline?.stop());

  it('refuses a new project in a retired park with 422, one event at a time and folded in a run', async () => {
    const enterprise = uuidv7();
    const oneByOne = uuidv7();
    const inRun = uuidv7();
    const park = (id: string, version: number, retiredOn = '') => ({
      park: { id, nameEn: `park ${id}`, version: BigInt(version), retiredOn },
    });
    const client = await pipeline.pool(1).connect();
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
      await pipeline.dataSource.query(
        "SELECT id::text, to_char(retired_on, 'YYYY-MM-DD') AS retired_on FROM pipeline.known_parks ORDER BY retired_on",
      ),
    ).toEqual([
      { id: oneByOne, retired_on: '2025-06-30' },
      { id: inRun, retired_on: '2025-07-01' },
    ]);

    for (const parkId of [oneByOne, inRun]) {
      let caught: unknown;
      try {
        await pipeline.projects.register(admin, {
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
