import { withArticle } from '@parkledger/contracts';
import { ErrorKind } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { type AwardScope, awardScopeOf, runsPolicy } from '../awards/award-access';
import { AwardError, AwardErrorCode } from '../awards/award.errors';
import { policyNotFound } from '../policies/policies.service';

/**
 * Whose awards a report over a policy counts, as the awards are read: admins and auditors every
 * one; a policy officer every one of a policy it runs, and of any other nothing (a 404, as for a
 * policy that does not exist); a park manager only those of enterprises settled, on the award date,
 * in its parks; fund managers nothing (403).
 */
export function policyReportScope(caller: Caller, policy: string): AwardScope {
  const scope = awardScopeOf(caller);
  if (scope.kind === 'policies' && !scope.policies.includes(policy)) throw policyNotFound(policy, 0);
  return scope;
}

/**
 * A policy's budget is the policy office's, and what it used is every enterprise's awards: admins,
 * auditors and the officers of the policy read it (another officer as if it did not exist); park
 * and fund managers not.
 */
export function assertBudgetReader(caller: Caller, policy: string): void {
  if (caller.role === 'park-manager' || caller.role === 'fund-manager') {
    throw new AwardError(
      AwardErrorCode.Forbidden,
      ErrorKind.Forbidden,
      `${withArticle(caller.role)} cannot read a policy's budget`,
    );
  }
  if (caller.role === 'policy-officer' && !runsPolicy(caller, policy)) throw policyNotFound(policy, 0);
}
