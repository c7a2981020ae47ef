/** Who may read the audit log: declared once for the audit controller. */
export const AUDIT_READERS = ['admin', 'auditor'] as const;
