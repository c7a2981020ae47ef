import { withArticle } from '@parkledger/contracts';
import { ErrorKind } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { AwardError, AwardErrorCode } from './award.errors';

const forbidden = (caller: Caller, what: string) =>
  new AwardError(AwardErrorCode.Forbidden, ErrorKind.Forbidden, `${withArticle(caller.role)} cannot ${what}`);

/** Admins run every policy; a policy officer the policies its token names. */
export const runsPolicy = (caller: Caller, policy: string): boolean =>
  caller.role === 'admin' || (caller.role === 'policy-officer' && caller.policyScope.includes(policy));

/** Admins and policy officers publish policies and record, review and settle awards; which ones, runsPolicy says. */
export function assertAwardWriter(caller: Caller): void {
  if (caller.role !== 'admin' && caller.role !== 'policy-officer') throw forbidden(caller, 'change policies or awards');
}

/** Publishing a policy, or recording an application under it, is for those who run it. */
export function assertRunsPolicy(caller: Caller, policy: string): void {
  assertAwardWriter(caller);
  if (!runsPolicy(caller, policy)) throw forbidden(caller, `act under policy ${policy}: its token does not name it`);
}

/** Policies are published documents: every role reads them but fund managers, who reach nothing here. */
export function assertPolicyReader(caller: Caller): void {
  if (caller.role === 'fund-manager') throw forbidden(caller, 'read policies or awards');
}

/**
 * An evaluation's trace shows the year's budget and the limits every enterprise shares: admins,
 * auditors and policy officers read it, not park managers, who see only their enterprises' awards.
 */
export function assertEvaluationReader(caller: Caller): void {
  if (caller.role === 'park-manager' || caller.role === 'fund-manager') {
    throw forbidden(
      caller,
      "read an evaluation: its trace shows the policy's budget and every enterprise's use of its limits",
    );
  }
}

/**
 * The awards a caller reads: admins and auditors every one, a policy officer those of the policies
 * it runs, a park manager those of enterprises settled, on the award date, in its park subtrees.
 * Fund managers none.
 */
export type AwardScope =
  { kind: 'all' } | { kind: 'policies'; policies: readonly string[] } | { kind: 'parks'; parks: readonly string[] };

export function awardScopeOf(caller: Caller): AwardScope {
  switch (caller.role) {
    case 'admin':
    case 'auditor':
      return { kind: 'all' };
    case 'policy-officer':
      return { kind: 'policies', policies: caller.policyScope };
    case 'park-manager':
      return { kind: 'parks', parks: caller.parkScope };
    case 'fund-manager':
      throw forbidden(caller, 'read policies or awards');
  }
}
