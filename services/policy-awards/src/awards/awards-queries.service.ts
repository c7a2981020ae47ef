import { Injectable } from '@nestjs/common';
import {
  type GetAwardRequestJson,
  type GetAwardResponseJson,
  type ListAwardsRequestJson,
  type ListAwardsResponseJson,
} from '@parkledger/contracts';
import { isUuid } from '@parkledger/platform';
import { FieldCheck, pageOf, pageRequest, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { awardScopeOf } from './award-access';
import { awardJson } from './award-json';
import { awardNotFound } from './award-writes';
import { AwardErrorCode } from './award.errors';
import { AwardsRepository } from './awards.repository';

const STATUSES = ['submitted', 'granted', 'rejected', 'paid', 'revoked'] as const;

/** Awards and applications as they stand, one or a filtered page. */
@Injectable()
export class AwardsQueriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly awards: AwardsRepository,
  ) {}

  async get(caller: Caller, request: GetAwardRequestJson): Promise<GetAwardResponseJson> {
    const scope = awardScopeOf(caller);
    const id = request.id ?? '';
    const award = isUuid(id) ? await this.awards.find(this.dataSource.manager, id, scope) : undefined;
    if (award === undefined) throw awardNotFound(id);
    return { award: awardJson(award) };
  }

  async list(caller: Caller, request: ListAwardsRequestJson): Promise<ListAwardsResponseJson> {
    const scope = awardScopeOf(caller);
    const page = pageRequest(request.page);
    const check = new FieldCheck(AwardErrorCode.Invalid);
    const status = request.status ?? '';
    if (status !== '') check.oneOf('status', status, STATUSES);
    const enterpriseId = request.enterpriseId ?? '';
    if (enterpriseId !== '' && !isUuid(enterpriseId)) check.fail('enterpriseId', 'uuid', 'enterpriseId must be a UUID');
    check.done();
    const rows = await this.awards.list(
      this.dataSource.manager,
      scope,
      { policy: request.policy ?? '', enterpriseId, item: request.item ?? '', status },
      page,
    );
    const { items, nextCursor } = pageOf(rows, page.limit);
    return { awards: items.map(awardJson), nextCursor };
  }
}
