/**
 * Who may read a policy's reports: declared once for the policy-reports controller. The awards
 * service decides what each reader counts: a policy officer only its policies' (any other policy is
 * a 404), a park manager only the awards of enterprises settled in its parks on the award date, and
 * the caps of an enterprise settled there in the year. The budget is the policy office's: not a
 * park manager's.
 */
export const POLICY_REPORT_READERS = ['admin', 'auditor', 'policy-officer', 'park-manager'] as const;
export const POLICY_BUDGET_READERS = ['admin', 'auditor', 'policy-officer'] as const;
