import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDecimal } from '@parkledger/platform';
import { type Application, evaluate, type Evaluation, type StandingAward } from '../evaluation/evaluate';
import { parsePolicyDocument, type PolicyDocument } from '../policies/policy-document';

/** The Jinan 2019 policy as committed, its document as JSON, before it is read. */
export const JINAN_2019_JSON = join(__dirname, '..', '..', 'policies', 'jinan-2019-biomedical.json');
export const JINAN_PARK = '01900000-0000-7000-8000-0000000000a1';

export function jinanDocument(): Record<string, unknown> {
  return JSON.parse(readFileSync(JINAN_2019_JSON, 'utf8')) as Record<string, unknown>;
}

/** The committed policy, published for one park. */
export function jinan2019(): PolicyDocument {
  return parsePolicyDocument({ ...jinanDocument(), parks: [JINAN_PARK] });
}

/** Yuan as minor units: yuan('3,000,000') is 300000000n. */
export const yuan = (text: string): bigint => parseDecimal(text.replaceAll(',', ''), 2);

/**
 * A policy office's book for scenario tests: every evaluation is granted as proposed (when above 0)
 * and stands until revoked or recaptured, as the service keeps them.
 */
export class AwardBook {
  readonly awards: (StandingAward & { revoked: boolean })[] = [];

  constructor(readonly policy: PolicyDocument = jinan2019()) {}

  /** Evaluates the application against what stands, and grants what it proposes. */
  apply(item: string, enterprise: string, awardOn: string, facts: Application['facts'] = {}): Evaluation {
    const standing = this.awards.filter((award) => !award.revoked);
    const budgetUsed = standing
      .filter((award) => award.awardOn.slice(0, 4) === awardOn.slice(0, 4))
      .reduce((sum, award) => sum + award.amount, 0n);
    const evaluation = evaluate(this.policy, { item, enterprise, awardOn, facts }, { awards: standing, budgetUsed });
    if (evaluation.amount > 0n) {
      const { amount, tiers } = evaluation;
      this.awards.push({ item, enterprise, awardOn, facts: evaluation.facts, amount, tiers, revoked: false });
    }
    return evaluation;
  }

  /** Revokes the n-th award granted (0-based): it frees its count and its share of the caps. */
  revoke(n: number): void {
    const award = this.awards[n];
    if (award === undefined) throw new Error(`no award ${n}`);
    award.revoked = true;
  }

  /** Recaptures part of the n-th award granted: what it stands at less the amount. */
  recapture(n: number, amount: bigint): void {
    const award = this.awards[n];
    if (award === undefined || amount > award.amount) throw new Error(`award ${n} stands at less than ${amount}`);
    award.amount -= amount;
  }
}
