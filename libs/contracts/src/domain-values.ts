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

/** The kind of a milestone's fact: text, a whole number, yes or no, or one of a few words. */
export type MilestoneFactType = 'text' | 'integer' | 'boolean' | readonly string[];

/**
 * The milestones an enterprise's file (一企一档) records, as a regulator's feed would, each with the
 * facts it records. Every fact is required. A policy item can name a kind as its trigger and read
 * these facts.
 */
export const MILESTONE_FACTS = {
  /** a new drug approved for production, of its class (1 for a Class 1 new drug) */
  'new-drug-approval': { product: 'text', drugClass: 'integer' },
  /** a new drug approved into clinical trials, of its class */
  'clinical-trial-approval': { project: 'text', drugClass: 'integer' },
  /** a medical device registered, of its class (II or III as 2 or 3) */
  'device-registration': { product: 'text', deviceClass: 'integer', innovative: 'boolean', ivd: 'boolean' },
  /** a generic drug through the consistency evaluation, with its rank among China's passes */
  'consistency-evaluation': { product: 'text', rankInChina: 'integer' },
  'platform-approval': { platform: 'text', level: ['national', 'provincial'] },
  /** the GLP items the enterprise's certification now covers, in all */
  'glp-items': { glpItems: 'integer' },
  'gcp-discipline': { discipline: 'text' },
  'cnas-accreditation': {},
  'international-approval': { product: 'text', agency: ['FDA', 'EMA', 'PMDA'] },
} as const satisfies Record<string, Record<string, MilestoneFactType>>;

export type MilestoneKind = keyof typeof MILESTONE_FACTS;
export const MILESTONE_KINDS = Object.keys(MILESTONE_FACTS) as MilestoneKind[];

/** A policy's key, the same in every version: lowercase words joined by hyphens, e.g. "jinan-2019-biomedical". */
export const POLICY_KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const POLICY_KEY_MAX_LENGTH = 80;
export const isPolicyKey = (key: string): boolean =>
  key.length <= POLICY_KEY_MAX_LENGTH && POLICY_KEY_PATTERN.test(key);

/** What the audit log records as looking wrong in what it read: the kinds its anomalies are listed by. */
export const AUDIT_ANOMALY_KINDS = ['missing', 'conflicting-id', 'conflicting-version', 'undecodable'] as const;
export type AuditAnomalyKind = (typeof AUDIT_ANOMALY_KINDS)[number];
