import { type ListProjectsRequestJson } from '@parkledger/contracts';
import { type GatewayCaller } from '../auth/gateway-caller';
import { type PipelineClient } from '../grpc/pipeline.client';
import { ProjectsGatewayService } from './projects.gateway-service';

/** A pipeline that answers ListProjects from `total` projects, `limit` a page, and records each request. */
const pipeline = (total: number) => {
  const requests: ListProjectsRequestJson[] = [];
  const client = {
    call: (rpc: string, _caller: GatewayCaller, request: ListProjectsRequestJson) => {
      if (rpc !== 'ListProjects') throw new Error(rpc);
      requests.push(request);
      const start = Number(request.page?.cursor === '' ? 0 : request.page?.cursor);
      const end = Math.min(total, start + (request.page?.limit ?? 0));
      return Promise.resolve({
        projects: Array.from({ length: end - start }, (_, i) => ({ id: `p${start + i}` })),
        nextCursor: end < total ? String(end) : '',
      });
    },
  };
  return { service: new ProjectsGatewayService(client as unknown as PipelineClient), requests };
};

const caller = {} as GatewayCaller;

describe('ProjectsGatewayService.listAll', () => {
  it('reads every page, 200 at a time, with the filter on each', async () => {
    const { service, requests } = pipeline(450);
    const all = await service.listAll(caller, { parkId: 'park', limit: 7 });
    expect(all.map((p) => p.id)).toEqual(Array.from({ length: 450 }, (_, i) => `p${i}`));
    expect(requests.map((r) => [r.page?.cursor, r.page?.limit, r.parkId])).toEqual([
      ['', 200, 'park'],
      ['200', 200, 'park'],
      ['400', 200, 'park'],
    ]);
  });

  it('refuses more than 10,000 rows with a 413 export-too-large rather than cut the file short', async () => {
    const { service } = pipeline(10_001);
    await expect(service.listAll(caller, {})).rejects.toMatchObject({ code: 'export-too-large', kind: 'too-large' });
    expect((await pipeline(10_000).service.listAll(caller, {})).length).toBe(10_000);
  });
});
