/**
 * Who may call the policy and award routes. Policies are published documents: every role reads them
 * but fund managers, who reach nothing of the awards. Which awards a reader sees, the service decides:
 * a policy officer those of the policies its token names, a park manager those of enterprises settled
 * in its parks on the award date.
 */
export const AWARD_READERS = ['admin', 'policy-officer', 'auditor', 'park-manager'] as const;
export const AWARD_WRITERS = ['admin', 'policy-officer'] as const;
/** An evaluation's trace shows the policy's budget and every enterprise's use of its limits: not for park managers. */
export const EVALUATION_READERS = ['admin', 'policy-officer', 'auditor'] as const;
