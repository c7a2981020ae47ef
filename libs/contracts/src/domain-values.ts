/** The values that the contracts' string-typed fields take. */
export const PARK_KINDS = ['city-or-district', 'high-tech-zone', 'park', 'zone-or-area'] as const;
export type ParkKind = (typeof PARK_KINDS)[number];

export const INDUSTRY_FIELDS = [
  'biological-medicine',
  'chemical-medicine',
  'tcm-and-natural-medicine',
  'medical-devices',
  'diagnostics',
  'health-services',
  'other',
] as const;
export type IndustryField = (typeof INDUSTRY_FIELDS)[number];

export const FUND_KINDS = ['guidance', 'mother', 'sub', 'direct'] as const;
export const PARTNER_KINDS = ['government', 'state-owned', 'private', 'park-vehicle', 'fund'] as const;
export const PARTNER_ROLES = ['LP', 'GP'] as const;
export const INVESTMENT_TARGET_KINDS = ['project', 'enterprise'] as const;
export const INVESTMENT_FORMS = ['equity', 'angel', 'loan'] as const;

/** What a journal entry was made by. */
export const JOURNAL_OPERATIONS = [
  'commit',
  'call',
  'contribution',
  'invest',
  'value',
  'exit',
  'write-off',
  'distribute',
  'fee',
  'reverse',
] as const;
export type JournalOperation = (typeof JOURNAL_OPERATIONS)[number];

/** What a journal import may book: operations that are journal entries and nothing besides. */
export const IMPORTABLE_OPERATIONS = [
  'value',
  'exit',
  'write-off',
  'distribute',
  'fee',
] as const satisfies readonly JournalOperation[];
export const MAX_IMPORTED_ENTRIES = 1000;

export const ROLES = ['admin', 'park-manager', 'fund-manager', 'policy-officer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** "an admin", "a park-manager": for messages that name a role. */
export const withArticle = (role: Role): string => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
