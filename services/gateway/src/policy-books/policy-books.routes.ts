/** Who may read a policy's budget books: declared once for the policy-books controller. */
export const POLICY_BOOK_READERS = ['admin', 'auditor', 'policy-officer'] as const;
