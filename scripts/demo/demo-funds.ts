// The demo funds, from shared/domain/README.md (Funds). Keys are stable Idempotency-Keys.
// Where the sources give a total but not its parts, the split is illustrative: marked so.

export interface DemoPartner {
  key: string;
  name: string;
  kind: 'government' | 'state-owned' | 'private' | 'park-vehicle' | 'fund';
  role: 'LP' | 'GP';
  /** for kind fund: the demo fund that commits */
  fund?: string;
  /** CNY, decimal string */
  commitment: string;
}

export interface DemoInvestment {
  key: string;
  /** a demo project key */
  project: string;
  form: 'equity' | 'angel' | 'loan';
  amount: string;
  on: string;
  /** a fair value as of a date */
  valued?: [on: string, fairValue: string];
  /** written off in full on this date */
  writtenOffOn?: string;
}

export interface DemoFund {
  key: string;
  nameZh: string;
  nameEn: string;
  kind: 'guidance' | 'mother' | 'sub' | 'direct';
  manager: string;
  vintageOn: string;
  /** demo park keys */
  region?: string[];
  committedOn: string;
  partners: DemoPartner[];
  /** capital calls of the whole commitment: [effective, due, amount] */
  calls: [on: string, due: string, amount: string][];
  investments: DemoInvestment[];
  fees: [on: string, amount: string][];
}

const HEZE_INVESTED_PROJECTS = 26;

/**
 * Heze's industrial development fund: RMB 3,000,000,000.00 from Yankuang, Shanghai Shanlan
 * Capital, Qiaobei Capital and the port's own vehicle (the split among them is illustrative),
 * called in two halves and invested in exactly 26 of the port's 40 signed projects: a co-investment
 * in the nearshore protein project, equity and angel money in the Shanghai Public Health Clinical
 * Center's anti-coronavirus drug project, and one project written off in full.
 */
function hezeFund(hezeProjectKeys: readonly string[]): DemoFund {
  const others = hezeProjectKeys
    .filter((key) => key !== 'heze-nearshore-protein' && key !== 'heze-sphcc-anti-coronavirus')
    .slice(0, HEZE_INVESTED_PROJECTS - 2);
  return {
    key: 'heze-industrial-development',
    nameZh: '菏泽产业发展基金',
    nameEn: 'Heze Industrial Development Fund',
    kind: 'guidance',
    manager: 'Heze Modern Medical Port fund management company (placeholder)',
    vintageOn: '2021-01-01',
    region: ['heze-port'],
    committedOn: '2021-01-15',
    partners: [
      { key: 'yankuang', name: 'Yankuang Group', kind: 'state-owned', role: 'LP', commitment: '1200000000.00' },
      { key: 'shanlan', name: 'Shanghai Shanlan Capital', kind: 'private', role: 'LP', commitment: '600000000.00' },
      { key: 'qiaobei', name: 'Qiaobei Capital', kind: 'private', role: 'LP', commitment: '600000000.00' },
      {
        key: 'port-vehicle',
        name: 'Heze Modern Medical Port investment vehicle (placeholder)',
        kind: 'park-vehicle',
        role: 'GP',
        commitment: '600000000.00',
      },
    ],
    calls: [
      ['2021-03-01', '2021-03-31', '1500000000.00'],
      ['2022-01-10', '2022-02-10', '1500000000.00'],
    ],
    investments: [
      {
        key: 'nearshore-co-investment',
        project: 'heze-nearshore-protein',
        form: 'equity',
        amount: '150000000.00',
        on: '2021-04-15',
        valued: ['2023-12-31', '240000000.00'],
      },
      {
        key: 'sphcc-equity',
        project: 'heze-sphcc-anti-coronavirus',
        form: 'equity',
        amount: '60000000.00',
        on: '2021-06-01',
      },
      {
        key: 'sphcc-angel',
        project: 'heze-sphcc-anti-coronavirus',
        form: 'angel',
        amount: '20000000.00',
        on: '2021-06-01',
      },
      ...others.map((project, i) => ({
        key: `${project}-equity`,
        project,
        form: 'equity' as const,
        amount: '100000000.00',
        on: i < 10 ? '2021-09-01' : '2022-03-01',
        ...(i === 5 ? { writtenOffOn: '2023-06-30' } : {}),
      })),
    ],
    fees: [
      ['2021-12-31', '30000000.00'],
      ['2022-12-31', '30000000.00'],
    ],
  };
}

/** The exact total Shanghai's two mother funds commit to their 18 sub-funds: "nearly RMB 6 billion". */
export const SHANGHAI_SUB_FUND_TOTAL = '5960000000.00';

/**
 * Shanghai's biopharmaceutical mother fund (RMB 22.5 billion) and Future Industry Fund (RMB 15
 * billion), and the 18 sub-funds they commit to: 12 and 6, RMB 5,960,000,000.00 in all (the
 * sources say "nearly 6 billion"; the figure and its split are illustrative). Each sub-fund has its
 * mother fund as a partner of kind fund, and a GP of its own.
 */
function shanghaiFunds(): DemoFund[] {
  const mother = (key: string, nameZh: string, nameEn: string, commitment: string): DemoFund => ({
    key,
    nameZh,
    nameEn,
    kind: 'mother',
    manager: 'Shanghai State-owned Capital Investment (placeholder)',
    vintageOn: '2024-01-01',
    committedOn: '2024-01-15',
    partners: [
      {
        key: 'shanghai',
        name: 'Shanghai Municipal Finance Bureau (placeholder)',
        kind: 'government',
        role: 'LP',
        commitment,
      },
    ],
    calls: [],
    investments: [],
    fees: [],
  });
  // the mothers' commitments: 12 × 340,000,000.00 = 4,080,000,000.00 from the biopharmaceutical fund,
  // 5 × 313,333,333.33 + 313,333,333.35 = 1,880,000,000.00 from the Future Industry Fund
  const subFund = (i: number, parent: string, commitment: string): DemoFund => ({
    key: `shanghai-sub-${String(i + 1).padStart(2, '0')}`,
    nameZh: `上海生物医药子基金 ${i + 1}（暂名）`,
    nameEn: `Shanghai biopharmaceutical sub-fund ${i + 1} (placeholder)`,
    kind: 'sub',
    manager: `Sub-fund GP ${i + 1} (placeholder)`,
    vintageOn: '2024-03-01',
    committedOn: '2024-03-15',
    partners: [
      { key: 'mother', name: 'Mother fund', kind: 'fund', role: 'LP', fund: parent, commitment },
      { key: 'gp', name: `Sub-fund GP ${i + 1} (placeholder)`, kind: 'private', role: 'GP', commitment: '10000000.00' },
    ],
    calls: [],
    investments: [],
    fees: [],
  });
  return [
    mother(
      'shanghai-biopharma-mother',
      '上海生物医药产业母基金',
      'Shanghai Biopharmaceutical Mother Fund',
      '22500000000.00',
    ),
    mother('shanghai-future-industry', '上海未来产业基金', 'Shanghai Future Industry Fund', '15000000000.00'),
    ...Array.from({ length: 12 }, (_, i) => subFund(i, 'shanghai-biopharma-mother', '340000000.00')),
    ...Array.from({ length: 6 }, (_, i) =>
      subFund(12 + i, 'shanghai-future-industry', i < 5 ? '313333333.33' : '313333333.35'),
    ),
  ];
}

export const demoFunds = (hezeProjectKeys: readonly string[]): DemoFund[] => [
  hezeFund(hezeProjectKeys),
  ...shanghaiFunds(),
];
