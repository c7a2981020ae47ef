/**
 * Who may ask for public support: every role that reads projects. The pipeline then shows each only
 * the fund and award rows its owners' rules let it read, and says what it withheld.
 */
export const PUBLIC_SUPPORT_READERS = ['admin', 'park-manager', 'fund-manager', 'policy-officer', 'auditor'] as const;
