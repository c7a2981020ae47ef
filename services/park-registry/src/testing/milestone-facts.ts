import { type MilestoneKind } from '@parkledger/contracts';

/** Good facts of every milestone kind, as a regulator's feed would give them. */
export const GOOD_FACTS: Record<MilestoneKind, Record<string, unknown>> = {
  'new-drug-approval': { product: 'XZP-3287 tablets', drugClass: 1 },
  'clinical-trial-approval': { project: 'XZP-6019 phase I', drugClass: 2 },
  'device-registration': { product: 'PET-CT scanner', deviceClass: 3, innovative: true, ivd: false },
  'consistency-evaluation': { product: 'amlodipine besylate tablets', rankInChina: 2 },
  'platform-approval': { platform: 'Shandong engineering research centre', level: 'provincial' },
  'glp-items': { glpItems: 5 },
  'gcp-discipline': { discipline: 'oncology' },
  'cnas-accreditation': {},
  'international-approval': { product: 'XZP-3287 tablets', agency: 'FDA' },
};
