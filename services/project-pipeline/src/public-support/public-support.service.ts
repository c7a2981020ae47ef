import { Injectable } from '@nestjs/common';
import {
  moneyJson,
  type GetParkPublicSupportRequestJson,
  type GetParkPublicSupportResponseJson,
  type GetProjectPublicSupportRequestJson,
  type GetProjectPublicSupportResponseJson,
  type PublicSupportJson,
} from '@parkledger/contracts';
import { FieldCheck, type Caller } from '@parkledger/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { KnownParksRepository } from '../projects/known-parks.repository';
import { assertVisiblePark, visibleProject } from '../projects/project-scope';
import { ProjectsRepository } from '../projects/projects.repository';
import { awardRowScope, fundRowScope } from './public-support-access';
import { publicSupportFigures, type CompletedRow } from './public-support-figures';
import { PublicSupportErrorCode } from './public-support.errors';
import { PublicSupportRepository } from './public-support.repository';

/**
 * Public support of a project or of a park's projects: the fund money invested and the award money
 * paid, from the read model of the fund ledger's and the awards service's events, against the
 * completed investment the pipeline knows. The project or park is read as the pipeline scopes them;
 * within it, fund and award rows as their owners let the caller read them.
 */
@Injectable()
export class PublicSupportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly support: PublicSupportRepository,
    private readonly projects: ProjectsRepository,
    private readonly known: KnownParksRepository,
  ) {}

  async forProject(
    caller: Caller,
    request: GetProjectPublicSupportRequestJson,
  ): Promise<GetProjectPublicSupportResponseJson> {
    const asOf = this.asOfOf(request.asOf);
    return this.reading(async (tx) => {
      const deps = { projects: this.projects, known: this.known };
      const project = await visibleProject(deps, tx, caller, request.id ?? '');
      const [support, [completed]] = await this.figures(tx, caller, [project.id], asOf);
      return {
        projectId: project.id,
        parkId: project.park_id,
        asOf: asOf ?? '',
        currency: project.currency,
        completedAsOf: completed?.completedAsOf ?? '',
        support,
      };
    });
  }

  async forPark(caller: Caller, request: GetParkPublicSupportRequestJson): Promise<GetParkPublicSupportResponseJson> {
    const asOf = this.asOfOf(request.asOf);
    const parkId = request.parkId ?? '';
    return this.reading(async (tx) => {
      await assertVisiblePark(this.known, tx, caller, parkId);
      const projectIds = (await this.projects.inSubtree(tx, parkId)).map((project) => project.id);
      const [support] = await this.figures(tx, caller, projectIds, asOf);
      return { parkId, asOf: asOf ?? '', projectCount: String(projectIds.length), support };
    });
  }

  /** One snapshot for every read of an answer, so its rows and totals agree with one another. */
  private reading<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  private asOfOf(asOf: string | undefined): string | null {
    const check = new FieldCheck(PublicSupportErrorCode.Invalid);
    const date = check.date('asOf', asOf, { required: false });
    check.done();
    return date;
  }

  private async figures(
    tx: EntityManager,
    caller: Caller,
    projectIds: readonly string[],
    asOf: string | null,
  ): Promise<[PublicSupportJson, (CompletedRow & { completedAsOf: string | null })[]]> {
    const funds = await this.support.fundRows(tx, projectIds, asOf);
    const policies = await this.support.policyRows(tx, projectIds, asOf);
    const completed = await this.support.completed(tx, projectIds, asOf);
    const figures = publicSupportFigures(
      { funds, policies, completed },
      { funds: fundRowScope(caller), awards: awardRowScope(caller) },
    );
    const support: PublicSupportJson = {
      funds: figures.funds.map((row) => ({
        fundId: row.fundId,
        invested: moneyJson(row.investedMinor, row.currency),
        investments: String(row.investments),
      })),
      policies: figures.policies.map((row) => ({
        policy: row.policy,
        paid: moneyJson(row.paidMinor, row.currency),
        recaptured: moneyJson(row.recapturedMinor, row.currency),
        netPaid: moneyJson(row.paidMinor - row.recapturedMinor, row.currency),
        awards: String(row.awards),
      })),
      totals: figures.totals.map((t) => ({
        currency: t.currency,
        fundInvested: moneyJson(t.fundInvestedMinor, t.currency),
        awardsNetPaid: moneyJson(t.awardsNetPaidMinor, t.currency),
        publicMoney: moneyJson(t.publicMoneyMinor, t.currency),
        completedInvestment: moneyJson(t.completedMinor, t.currency),
        ...(t.publicShareBasisPoints === null ? {} : { publicShareBasisPoints: t.publicShareBasisPoints.toString() }),
      })),
      fundsWithheld: figures.fundsWithheld,
      awardsWithheld: figures.awardsWithheld,
    };
    return [support, completed];
  }
}
