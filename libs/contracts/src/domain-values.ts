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

export const ROLES = ['admin', 'park-manager', 'fund-manager', 'policy-officer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** "an admin", "a park-manager": for messages that name a role. */
export const withArticle = (role: Role): string => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
