import { type Statement } from '@parkledger/messaging';
import { ErrorKind } from '@parkledger/platform';
import { type Sql } from '../database/sql';
import { evaluate, type Evaluation, keptPerEnterprise, readsStanding } from '../evaluation/evaluate';
import { type PolicyDocument, type PolicyItem } from '../policies/policy-document';
import { AwardError, AwardErrorCode } from './award.errors';
import { type AwardRow, type AwardsRepository } from './awards.repository';
import { type AwardKeys, grantUsage } from './usage';

/** The item of the version an award is evaluated under, or a 422 when that version has none. */
export function itemOf(document: PolicyDocument, award: AwardRow, version: number): PolicyItem {
  const item = document.items.find((candidate) => candidate.id === award.item);
  if (item === undefined) {
    throw new AwardError(
      AwardErrorCode.Invalid,
      ErrorKind.Invalid,
      `policy version ${version} has no item ${award.item}`,
    );
  }
  return item;
}

/** The award's keys for its limits' usage: the thresholds it was paid, or those given. */
export const keysOf = (award: AwardRow, tiers: readonly number[] = award.tiers): AwardKeys => ({
  enterprise: award.enterprise_id,
  awardOn: award.award_on,
  facts: award.facts,
  tiers,
});
/** The calendar year of the award date: the year of its yearly caps and of the budget it uses. */
export const yearOf = (award: AwardRow): number => Number(award.award_on.slice(0, 4));
const thresholdsOf = (item: PolicyItem) =>
  item.rule.kind === 'tiers' ? item.rule.tiers.map((tier) => tier.atLeast) : [];

/**
 * Takes the locks of everything a grant of the award would use (the year's budget, each limit's
 * row for its key) before it is evaluated, so two grants racing for the last of a cap queue and the
 * second sees what the first left.
 */
export async function lockForGrant(
  sql: Sql,
  awards: AwardsRepository,
  document: PolicyDocument,
  item: PolicyItem,
  award: AwardRow,
): Promise<void> {
  const usage = grantUsage(item, keysOf(award, thresholdsOf(item)), 1n);
  await awards.lockUsage(sql, award.policy, item.id, yearOf(award), document.budgetPerYear, usage);
}

/** What a grant of `amount` uses of the item's limits and of the year's budget, as statements. */
export function grantUses(
  awards: AwardsRepository,
  document: PolicyDocument,
  item: PolicyItem,
  award: AwardRow,
  evaluation: Evaluation,
  amount: bigint,
): Statement[] {
  const usage = grantUsage(item, keysOf(award, evaluation.tiers), amount);
  return awards.use(award.policy, item.id, yearOf(award), document.budgetPerYear, usage, amount);
}

/**
 * What the policy gives the award against the awards that stand: the rule and the limits, and
 * nothing, with the reason first in the trace, for an enterprise not settled in a covered park on
 * the award date.
 */
export async function evaluateAward(
  sql: Sql,
  awards: AwardsRepository,
  document: PolicyDocument,
  award: AwardRow,
  version: number,
  eligible: boolean,
): Promise<Evaluation> {
  const item = document.items.find((candidate) => candidate.id === award.item);
  const enterprise = item !== undefined && keptPerEnterprise(item) ? award.enterprise_id : null;
  const standing =
    item === undefined || readsStanding(item) ? await awards.standing(sql, award.policy, award.item, enterprise) : [];
  const budgetUsed = await awards.budgetUsed(sql, award.policy, yearOf(award));
  const application = {
    item: award.item,
    enterprise: award.enterprise_id,
    awardOn: award.award_on,
    facts: award.facts,
  };
  const evaluation = evaluate(document, application, { awards: standing, budgetUsed });
  if (eligible) return evaluation;
  const reason = `not settled on ${award.award_on} in a park the policy covers (version ${version})`;
  return {
    ...evaluation,
    amount: 0n,
    outcome: 'refused',
    reason,
    tiers: [],
    trace: [{ step: 'eligibility', what: reason, amount: 0n }, ...evaluation.trace],
  };
}
