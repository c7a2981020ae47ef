import { Injectable } from '@nestjs/common';
import {
  type AwardFiguresJson,
  type GetAwardsReportRequestJson,
  type GetAwardsReportResponseJson,
  type GetBudgetReportRequestJson,
  type GetBudgetReportResponseJson,
  type GetCapsReportRequestJson,
  type GetCapsReportResponseJson,
  moneyJson,
} from '@parkledger/contracts';
import { ErrorKind, isUuid } from '@parkledger/platform';
import { FieldCheck, type Caller } from '@parkledger/service-kit';
import { DataSource } from 'typeorm';
import { AwardError, AwardErrorCode } from '../awards/award.errors';
import { readOnly } from '../database/read-only';
import { type Sql } from '../database/sql';
import { PoliciesRepository, type PolicyVersionRow } from '../policies/policies.repository';
import { policyNotFound } from '../policies/policies.service';
import { parsePolicyDocument } from '../policies/policy-document';
import { type AwardFigures, awardsReport } from './award-figures';
import { budgetYears, versionInForce } from './budget-figures';
import { capFigures } from './cap-figures';
import { assertBudgetReader, policyReportScope } from './report-access';
import { ReportsRepository } from './reports.repository';

/**
 * What a policy office reads of a policy: its awards counted and summed, the caps an enterprise has
 * left, the budget each year has left. Each from one snapshot of the service's own tables.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: PoliciesRepository,
    private readonly reports: ReportsRepository,
  ) {}

  /** The awards of a year of award dates (or every year) by status and money: in all, by item, by enterprise. */
  async awards(caller: Caller, request: GetAwardsReportRequestJson): Promise<GetAwardsReportResponseJson> {
    const policy = request.policy ?? '';
    const scope = policyReportScope(caller, policy);
    const check = new FieldCheck(AwardErrorCode.Invalid);
    const year = yearOf(check, request.year, 0);
    check.done();
    return readOnly(this.dataSource, async (tx) => {
      await this.versions(tx, policy);
      const report = awardsReport(await this.reports.awardGroups(tx, policy, year, scope));
      return {
        policy,
        year: String(year),
        scope: scope.kind === 'parks' ? 'parks' : 'all',
        totals: report.totals.map(figuresJson),
        byItem: report.byItem.map(({ item, figures }) => ({ item, figures: figuresJson(figures) })),
        byEnterprise: report.byEnterprise.map(({ enterpriseId, figures }) => ({
          enterpriseId,
          figures: figuresJson(figures),
        })),
      };
    });
  }

  /**
   * Each money cap the version in force at the year's end keeps per enterprise, for the
   * enterprise: bound, used and remaining, per year (the year asked) and in total.
   */
  async caps(caller: Caller, request: GetCapsReportRequestJson): Promise<GetCapsReportResponseJson> {
    const policy = request.policy ?? '';
    const scope = policyReportScope(caller, policy);
    const check = new FieldCheck(AwardErrorCode.Invalid);
    const year = yearOf(check, request.year, thisYear());
    const enterpriseId = request.enterpriseId ?? '';
    if (!isUuid(enterpriseId)) check.fail('enterpriseId', 'uuid', 'enterpriseId must be an enterprise id (a UUID)');
    check.done();
    return readOnly(this.dataSource, async (tx) => {
      const versions = await this.versions(tx, policy);
      const row = versionInForce(
        versions.map((v) => ({ ...v, effectiveFrom: v.effective_from })),
        `${String(year).padStart(4, '0')}-12-31`,
      );
      if (row === undefined) {
        const first = versions.map((v) => v.effective_from).sort()[0] ?? '';
        const message = `no version of policy ${policy} is in force in ${year}: the first takes effect on ${first}`;
        throw new AwardError(AwardErrorCode.PolicyNotInForce, ErrorKind.Invalid, message, [
          { field: 'year', rule: 'policy-in-force', message },
        ]);
      }
      const within = scope.kind === 'parks' ? { parks: scope.parks, year } : null;
      if (!(await this.reports.enterpriseKnown(tx, policy, enterpriseId, within))) {
        throw new AwardError(AwardErrorCode.EnterpriseNotFound, ErrorKind.NotFound, `no enterprise ${enterpriseId}`);
      }
      const document = parsePolicyDocument(row.document);
      const caps = capFigures(document, enterpriseId, year, await this.reports.capUsage(tx, policy, enterpriseId));
      const money = (amount: bigint) => moneyJson(amount, document.currency);
      return {
        policy,
        enterpriseId,
        year: String(year),
        policyVersion: String(row.version),
        caps: caps.map((cap) => ({
          item: cap.item,
          per: cap.per,
          key: cap.key,
          bound: money(cap.bound),
          used: money(cap.used),
          remaining: money(cap.remaining),
        })),
      };
    });
  }

  /** Each year's budget, what the awards standing of the year use of it, and what is left. */
  async budget(caller: Caller, request: GetBudgetReportRequestJson): Promise<GetBudgetReportResponseJson> {
    const policy = request.policy ?? '';
    assertBudgetReader(caller, policy);
    return readOnly(this.dataSource, async (tx) => {
      const versions = (await this.versions(tx, policy)).map((row) => {
        const document = parsePolicyDocument(row.document);
        return {
          version: row.version,
          effectiveFrom: row.effective_from,
          currency: document.currency,
          budgetPerYear: document.budgetPerYear,
        };
      });
      const years = budgetYears(versions, await this.reports.budgetUsage(tx, policy), thisYear());
      return {
        policy,
        years: years.map((y) => ({
          year: String(y.year),
          policyVersion: String(y.policyVersion),
          budget: moneyJson(y.budget, y.currency),
          used: moneyJson(y.used, y.currency),
          remaining: moneyJson(y.remaining, y.currency),
        })),
      };
    });
  }

  /** Every version of the policy, or a 404 when it has none. */
  private async versions(executor: Sql, policy: string): Promise<PolicyVersionRow[]> {
    const versions = await this.policies.history(executor, policy);
    if (versions.length === 0) throw policyNotFound(policy, 0);
    return versions;
  }
}

const thisYear = () => new Date().getUTCFullYear();

/** A calendar year from the request (int64 as text), or the default for none (0). */
function yearOf(check: FieldCheck, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '' || text === '0') return fallback;
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1) {
    check.fail('year', 'year', 'year must be a calendar year, e.g. 2021');
    return fallback;
  }
  return Number(text);
}

function figuresJson(figures: AwardFigures): AwardFiguresJson {
  const money = (amount: bigint) => moneyJson(amount, figures.currency);
  return {
    currency: figures.currency,
    cases: figures.cases.toString(),
    submitted: figures.submitted.toString(),
    granted: figures.granted.toString(),
    paid: figures.paid.toString(),
    rejected: figures.rejected.toString(),
    revoked: figures.revoked.toString(),
    recaptured: figures.recaptured.toString(),
    grantedAmount: money(figures.grantedAmount),
    paidAmount: money(figures.paidAmount),
    recapturedAmount: money(figures.recapturedAmount),
    revokedAmount: money(figures.revokedAmount),
    netAmount: money(figures.netAmount),
  };
}
