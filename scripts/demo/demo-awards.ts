import { type MilestoneKind } from '@parkledger/contracts';

/**
 * The Jinan 2019 policy's demo: published for the Jinan High-tech Zone (Medical Valley and Life
 * Science City below it), then milestones and applications of the four named Jinan enterprises
 * that exercise every item, 1a to 7, and every limit. Each step says what it must come to, exactly;
 * the loader checks it, so a change that moves a figure stops the demo.
 */
export const JINAN_POLICY = 'jinan-2019-biomedical';
/** the parks the policy covers: every park below them too */
export const JINAN_POLICY_PARKS = ['jiz'];

/** What an award must stand at after its step: its status, the amount granted, and the reason, if any. */
export interface Outcome {
  status: 'submitted' | 'granted' | 'rejected' | 'paid' | 'revoked';
  granted: string;
  reason?: string;
}

export type DemoAwardStep =
  /** a regulator's feed, entered in the enterprise's file: it gives its item's award with no application */
  | {
      kind: 'milestone';
      key: string;
      enterprise: string;
      milestone: MilestoneKind;
      on: string;
      facts: object;
      item: string;
      expect: Outcome;
    }
  /** an application, reviewed: granted as evaluated, granted in part, or rejected */
  | {
      kind: 'application';
      key: string;
      enterprise: string;
      item: string;
      on: string;
      facts: object;
      project?: string;
      review: { decision: 'grant'; amount?: string; reason?: string } | { decision: 'reject'; reason: string };
      expect: Outcome;
    }
  /** a policy officer's one-step confirmation of an award a milestone proposed */
  | { kind: 'confirm'; of: string; expect: Outcome }
  | { kind: 'pay'; of: string; on: string; expect: Outcome }
  | { kind: 'revoke'; of: string; reason: string; expect: Outcome }
  | {
      kind: 'recapture';
      of: string;
      amount: string;
      on: string;
      reason: string;
      expect: Outcome & { recaptured: string };
    };

const granted = (amount: string, reason?: string): Outcome => ({
  status: 'granted',
  granted: amount,
  ...(reason === undefined ? {} : { reason }),
});
const rejected = (reason: string): Outcome => ({ status: 'rejected', granted: '0.00', reason });

const qiluTrials = Array.from({ length: 12 }, (_, i): DemoAwardStep => {
  const n = String(i + 1).padStart(2, '0');
  return {
    kind: 'milestone',
    key: `qilu-2a-${n}`,
    enterprise: 'qilu',
    milestone: 'clinical-trial-approval',
    on: `2021-${String(Math.floor(i / 2) + 1).padStart(2, '0')}-${i % 2 === 0 ? '10' : '25'}`,
    facts: { project: `QL-CT-2021-${n}`, drugClass: i % 3 === 0 ? 1 : 2 },
    item: '2a',
    expect: granted('500000.00'),
  };
});

const xuanzhuApprovals = (['FDA', 'EMA', 'PMDA', 'FDA', 'EMA', 'PMDA'] as const).map((agency, i): DemoAwardStep => ({
  kind: 'milestone',
  key: `xuanzhu-5d-${i + 1}`,
  enterprise: 'xuanzhu',
  milestone: 'international-approval',
  on: `2022-0${i + 1}-15`,
  facts: { product: `XZP-${3287 + i}`, agency },
  item: '5d',
  expect:
    i < 5
      ? granted('1000000.00')
      : rejected('the cap of 5,000,000.00 CNY per enterprise under item 5d left only 0.00 CNY'),
}));

export const DEMO_AWARD_STEPS: DemoAwardStep[] = [
  // Qilu Pharmaceutical, Jinan Medical Valley
  {
    kind: 'milestone',
    key: 'qilu-1a',
    enterprise: 'qilu',
    milestone: 'new-drug-approval',
    on: '2021-03-15',
    facts: { product: 'QL1604 (class 1 PD-1 antibody)', drugClass: 1 },
    item: '1a',
    expect: granted('20000000.00'),
  },
  { kind: 'pay', of: 'qilu-1a', on: '2021-04-30', expect: { status: 'paid', granted: '20000000.00' } },
  {
    kind: 'milestone',
    key: 'qilu-1a-again',
    enterprise: 'qilu',
    milestone: 'new-drug-approval',
    on: '2021-08-02',
    facts: { product: 'QL1604 (class 1 PD-1 antibody)', drugClass: 1 },
    item: '1a',
    expect: rejected('at most 1 award per enterprise and product under item 1a, and 1 granted'),
  },
  ...qiluTrials,
  { kind: 'pay', of: 'qilu-2a-01', on: '2021-06-30', expect: { status: 'paid', granted: '500000.00' } },
  {
    kind: 'recapture',
    of: 'qilu-2a-01',
    amount: '200000.00',
    on: '2021-09-30',
    reason: 'the trial’s second arm was stopped; its share is returned',
    expect: { status: 'paid', granted: '500000.00', recaptured: '200000.00' },
  },
  {
    kind: 'milestone',
    key: 'qilu-2a-13',
    enterprise: 'qilu',
    milestone: 'clinical-trial-approval',
    on: '2021-10-20',
    facts: { project: 'QL-CT-2021-13', drugClass: 1 },
    item: '2a',
    expect: granted(
      '200000.00',
      'the cap of 6,000,000.00 CNY per enterprise and year under item 2a left only 200,000.00 CNY',
    ),
  },
  {
    kind: 'milestone',
    key: 'qilu-2a-14',
    enterprise: 'qilu',
    milestone: 'clinical-trial-approval',
    on: '2021-11-20',
    facts: { project: 'QL-CT-2021-14', drugClass: 2 },
    item: '2a',
    expect: rejected('the cap of 6,000,000.00 CNY per enterprise and year under item 2a left only 0.00 CNY'),
  },
  {
    kind: 'milestone',
    key: 'qilu-2a-2022',
    enterprise: 'qilu',
    milestone: 'clinical-trial-approval',
    on: '2022-01-10',
    facts: { project: 'QL-CT-2022-01', drugClass: 1 },
    item: '2a',
    expect: granted('500000.00'),
  },
  ...[6, 9, 12].map((rank, i): DemoAwardStep => ({
    kind: 'milestone',
    key: `qilu-3-${i + 1}`,
    enterprise: 'qilu',
    milestone: 'consistency-evaluation',
    on: `2021-0${i + 4}-18`,
    facts: {
      product: ['Rosuvastatin calcium tablets', 'Entecavir tablets', 'Ticagrelor tablets'][i],
      rankInChina: rank,
    },
    item: '3',
    expect: granted('3500000.00'),
  })),
  {
    kind: 'milestone',
    key: 'qilu-3-4',
    enterprise: 'qilu',
    milestone: 'consistency-evaluation',
    on: '2021-08-18',
    facts: { product: 'Olmesartan medoxomil tablets', rankInChina: 7 },
    item: '3',
    expect: rejected('at most 3 awards per enterprise under item 3, and 3 granted'),
  },
  {
    kind: 'milestone',
    key: 'qilu-3-5',
    enterprise: 'qilu',
    milestone: 'consistency-evaluation',
    on: '2021-09-18',
    facts: { product: 'Apixaban tablets', rankInChina: 2 },
    item: '3',
    expect: granted('4000000.00'),
  },
  {
    kind: 'application',
    key: 'qilu-4b',
    enterprise: 'qilu',
    item: '4b',
    on: '2021-11-05',
    facts: { project: 'Qilu biologics pilot plant, provincial platform', purchaseAmount: '20000000.00' },
    project: 'jinan-qilu-expansion',
    review: { decision: 'grant' },
    expect: granted(
      '3000000.00',
      'the cap of 3,000,000.00 CNY per enterprise and project under item 4b left only 3,000,000.00 CNY',
    ),
  },
  { kind: 'pay', of: 'qilu-4b', on: '2021-12-15', expect: { status: 'paid', granted: '3000000.00' } },

  // Xuanzhu Biopharm, Jinan Medical Valley
  {
    kind: 'application',
    key: 'xuanzhu-1b',
    enterprise: 'xuanzhu',
    item: '1b',
    on: '2021-06-08',
    facts: { product: 'XZP-5695 (class 2 improved new drug)', reviewedAmount: '3000000.00' },
    review: { decision: 'grant' },
    expect: granted('3000000.00'),
  },
  { kind: 'pay', of: 'xuanzhu-1b', on: '2021-07-20', expect: { status: 'paid', granted: '3000000.00' } },
  ...xuanzhuApprovals,
  {
    kind: 'milestone',
    key: 'xuanzhu-2a',
    enterprise: 'xuanzhu',
    milestone: 'clinical-trial-approval',
    on: '2022-02-14',
    facts: { project: 'XZP-3621 phase I', drugClass: 1 },
    item: '2a',
    expect: granted('500000.00'),
  },

  // Shandong ACV Biotech, Jinan Life Science City
  {
    kind: 'milestone',
    key: 'acv-5a-3',
    enterprise: 'acv',
    milestone: 'glp-items',
    on: '2021-05-12',
    facts: { glpItems: 3 },
    item: '5a',
    expect: granted('1000000.00'),
  },
  { kind: 'pay', of: 'acv-5a-3', on: '2021-06-30', expect: { status: 'paid', granted: '1000000.00' } },
  {
    kind: 'milestone',
    key: 'acv-5a-5',
    enterprise: 'acv',
    milestone: 'glp-items',
    on: '2022-02-20',
    facts: { glpItems: 5 },
    item: '5a',
    expect: granted('2000000.00'),
  },
  ...['Oncology', 'Infectious diseases'].map((discipline, i): DemoAwardStep => ({
    kind: 'milestone',
    key: `acv-5b-${i + 1}`,
    enterprise: 'acv',
    milestone: 'gcp-discipline',
    on: `2021-0${i + 7}-01`,
    facts: { discipline },
    item: '5b',
    expect: granted('500000.00'),
  })),
  {
    kind: 'milestone',
    key: 'acv-5b-again',
    enterprise: 'acv',
    milestone: 'gcp-discipline',
    on: '2021-10-01',
    facts: { discipline: 'Oncology' },
    item: '5b',
    expect: rejected('at most 1 award per enterprise and discipline under item 5b, and 1 granted'),
  },
  {
    kind: 'milestone',
    key: 'acv-5c',
    enterprise: 'acv',
    milestone: 'cnas-accreditation',
    on: '2021-07-01',
    facts: {},
    item: '5c',
    expect: granted('200000.00'),
  },
  {
    kind: 'revoke',
    of: 'acv-5c',
    reason: 'the accreditation was suspended before payment',
    expect: { status: 'revoked', granted: '200000.00', reason: 'the accreditation was suspended before payment' },
  },
  {
    kind: 'milestone',
    key: 'acv-5c-again',
    enterprise: 'acv',
    milestone: 'cnas-accreditation',
    on: '2022-03-01',
    facts: {},
    item: '5c',
    expect: granted('200000.00'),
  },
  {
    kind: 'milestone',
    key: 'acv-1c',
    enterprise: 'acv',
    milestone: 'device-registration',
    on: '2021-09-09',
    facts: { product: 'ACV needle-free injector', deviceClass: 3, innovative: true, ivd: false },
    item: '1c',
    expect: { status: 'submitted', granted: '0.00' },
  },
  { kind: 'confirm', of: 'acv-1c', expect: granted('2000000.00') },
  {
    kind: 'application',
    key: 'acv-1d',
    enterprise: 'acv',
    item: '1d',
    on: '2021-09-20',
    facts: { product: 'ACV needle-free injector' },
    review: { decision: 'grant' },
    expect: granted('1000000.00'),
  },
  {
    kind: 'application',
    key: 'acv-2b',
    enterprise: 'acv',
    item: '2b',
    on: '2021-12-01',
    facts: { product: 'ACV rabies antibody autoinjector' },
    review: { decision: 'grant' },
    expect: granted('500000.00'),
  },
  {
    kind: 'milestone',
    key: 'acv-2c',
    enterprise: 'acv',
    milestone: 'device-registration',
    on: '2022-01-18',
    facts: { product: 'ACV cold-chain temperature logger', deviceClass: 2, innovative: false, ivd: false },
    item: '2c',
    expect: granted('200000.00'),
  },

  // Yinfeng Biological Group, Jinan Life Science City
  {
    kind: 'milestone',
    key: 'yinfeng-4a',
    enterprise: 'yinfeng',
    milestone: 'platform-approval',
    on: '2021-10-12',
    facts: { platform: 'National Cell Therapy Technology Innovation Centre', level: 'national' },
    item: '4a',
    expect: { status: 'submitted', granted: '0.00' },
  },
  { kind: 'confirm', of: 'yinfeng-4a', expect: granted('5000000.00') },
  { kind: 'pay', of: 'yinfeng-4a', on: '2021-12-20', expect: { status: 'paid', granted: '5000000.00' } },
  {
    kind: 'application',
    key: 'yinfeng-6',
    enterprise: 'yinfeng',
    item: '6',
    on: '2022-03-10',
    facts: { project: 'Yinfeng European R&D centre (acquisition)', expenses: '3400000.00' },
    review: { decision: 'grant' },
    expect: granted(
      '3000000.00',
      'the cap of 3,000,000.00 CNY per enterprise and project under item 6 left only 3,000,000.00 CNY',
    ),
  },
  {
    kind: 'application',
    key: 'yinfeng-7',
    enterprise: 'yinfeng',
    item: '7',
    on: '2022-04-01',
    facts: { talent: 'Chief scientist, cell therapy', reviewedAmount: '1500000.00' },
    review: { decision: 'grant' },
    expect: granted('1500000.00'),
  },
  {
    kind: 'milestone',
    key: 'yinfeng-3',
    enterprise: 'yinfeng',
    milestone: 'consistency-evaluation',
    on: '2022-05-06',
    facts: { product: 'Yinfeng human albumin', rankInChina: 1 },
    item: '3',
    expect: granted('4000000.00'),
  },
  {
    kind: 'application',
    key: 'yinfeng-1b',
    enterprise: 'yinfeng',
    item: '1b',
    on: '2022-06-01',
    facts: { product: 'Cord blood stem cell preparation (supplement)', reviewedAmount: '2000000.00' },
    review: { decision: 'reject', reason: 'a supplementary application, not a new drug approval' },
    expect: rejected('a supplementary application, not a new drug approval'),
  },
];
