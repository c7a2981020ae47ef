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
  /** what the fund invests in: a demo project or a demo enterprise, by key */
  target: { project: string } | { enterprise: string };
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
  /** a re-investment requirement (返投): the fund's region, a ratio of a partner's commitment */
  reinvestment?: { ratio: string; partner: string };
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
    // illustrative: 1.2 times Yankuang's commitment invested in the port's parks
    reinvestment: { ratio: '1.2', partner: 'yankuang' },
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
        target: { project: 'heze-nearshore-protein' },
        form: 'equity',
        amount: '150000000.00',
        on: '2021-04-15',
        valued: ['2023-12-31', '240000000.00'],
      },
      {
        key: 'sphcc-equity',
        target: { project: 'heze-sphcc-anti-coronavirus' },
        form: 'equity',
        amount: '60000000.00',
        on: '2021-06-01',
      },
      {
        key: 'sphcc-angel',
        target: { project: 'heze-sphcc-anti-coronavirus' },
        form: 'angel',
        amount: '20000000.00',
        on: '2021-06-01',
      },
      ...others.map((project, i) => ({
        key: `${project}-equity`,
        target: { project },
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

/** What Guangzhou Huangpu's sci-tech mother fund invested, exactly: "about RMB 76.11 billion". */
export const HUANGPU_INVESTED_TOTAL = '76110000000.00';
/** Of it, what went to returnee-founded enterprises: "RMB 18.54 billion". */
export const HUANGPU_RETURNEE_INVESTED_TOTAL = '18540000000.00';
/** The district's commitment, the fund's reported size: RMB 50 billion. */
export const HUANGPU_DISTRICT_COMMITMENT = '50000000000.00';
/** Illustrative social capital raised alongside, so that the fund can invest what was reported. */
export const HUANGPU_SOCIAL_CAPITAL_COMMITMENT = '26110000000.00';

/** The two calls of the whole commitment: [effective, due, amount]; they sum to HUANGPU_INVESTED_TOTAL. */
const HUANGPU_CALLS: [string, string, string][] = [
  ['2021-03-01', '2021-03-31', '40000000000.00'],
  ['2022-03-01', '2022-03-31', '36110000000.00'],
];
/** Enterprises invested in during 2021, paid from the first call; the rest from 2022-04 on. */
const HUANGPU_FIRST_YEAR = 120;
/** Amounts are whole multiples of RMB 10,000 (1,000,000 fen). */
const UNIT_FEN = 1_000_000n;

const fenOf = (amount: string): bigint => {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
};
const yuan = (fen: bigint): string => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

/**
 * Splits `totalFen` over the weights in whole units, by the largest remainder (ties to the earlier
 * one), so the parts sum to exactly the total.
 */
function split(totalFen: bigint, weights: readonly bigint[]): bigint[] {
  const units = totalFen / UNIT_FEN;
  const sum = weights.reduce((a, b) => a + b, 0n);
  const floors = weights.map((w) => (units * w) / sum);
  let left = units - floors.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, remainder: (units * w) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  const parts = [...floors];
  for (const { i } of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left -= 1n;
  }
  return parts.map((part) => part * UNIT_FEN);
}

/**
 * Guangzhou Huangpu's sci-tech mother fund (广州黄埔科创母基金). The sources give a RMB 50 billion fund
 * and about RMB 76.11 billion invested in 274 enterprises, RMB 18.54 billion of it in returnee-founded
 * ones; the ledger never invests more cash than was paid in, so the RMB 50 billion here is the
 * Huangpu District government's commitment and the other RMB 26.11 billion is illustrative social
 * capital raised alongside it (a placeholder partner). Both are called in full (2021 and 2022) and
 * paid on the due dates, and invested once in each of the 274 enterprises (equity, angel or loan,
 * illustrative amounts in whole RMB 10,000s between about RMB 90 and 470 million) so the totals are
 * exactly the reported ones: 2021's investments from the first call, the rest from April 2022 on.
 * One non-returnee investment is written off in full, the tolerated 100% loss.
 */
function huangpuFund(enterprises: readonly { key: string; returneeFounded?: boolean }[]): DemoFund {
  const weights = enterprises.map((_, i) => BigInt(100 + ((i * 37) % 400)));
  const returnee = enterprises.map((e) => e.returneeFounded === true);
  const group = (founded: boolean, totalFen: bigint) => {
    const members = enterprises.flatMap((_, i) => (returnee[i] === founded ? [i] : []));
    const parts = split(
      totalFen,
      members.map((i) => weights[i] as bigint),
    );
    return new Map(members.map((i, j) => [i, parts[j] as bigint]));
  };
  const returneeFen = fenOf(HUANGPU_RETURNEE_INVESTED_TOTAL);
  const amounts = new Map([...group(true, returneeFen), ...group(false, fenOf(HUANGPU_INVESTED_TOTAL) - returneeFen)]);
  const writtenOff = enterprises.findIndex((_, i) => i >= 200 && returnee[i] === false);
  return {
    key: 'guangzhou-huangpu-sci-tech-mother',
    nameZh: '广州黄埔科创母基金',
    nameEn: 'Guangzhou Huangpu Sci-tech Mother Fund',
    kind: 'mother',
    manager: 'Guangzhou Huangpu sci-tech mother fund manager (placeholder)',
    vintageOn: '2021-01-01',
    region: ['guangzhou-huangpu'],
    committedOn: '2021-01-15',
    partners: [
      {
        key: 'huangpu-district',
        name: 'Guangzhou Huangpu District People’s Government',
        kind: 'government',
        role: 'LP',
        commitment: HUANGPU_DISTRICT_COMMITMENT,
      },
      {
        key: 'social-capital',
        name: 'Social capital co-investors (placeholder)',
        kind: 'private',
        role: 'LP',
        commitment: HUANGPU_SOCIAL_CAPITAL_COMMITMENT,
      },
    ],
    calls: HUANGPU_CALLS,
    investments: enterprises.map(({ key }, i) => {
      const form = i % 7 === 3 ? 'angel' : i % 11 === 5 ? 'loan' : 'equity';
      return {
        key: `${key}-${form}`,
        target: { enterprise: key },
        form,
        amount: yuan(amounts.get(i) ?? 0n),
        on:
          i < HUANGPU_FIRST_YEAR
            ? isoPlusDays('2021-04-15', i * 2)
            : isoPlusDays('2022-04-15', (i - HUANGPU_FIRST_YEAR) * 6),
        ...(i === writtenOff ? { writtenOffOn: '2024-06-30' } : {}),
      };
    }),
    fees: [],
  };
}

function isoPlusDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Every demo fund: Heze's (in 26 of the port's signed projects, by key), Shanghai's mother funds and
 * sub-funds, and Guangzhou Huangpu's sci-tech mother fund (in the Huangpu enterprises, by key).
 */
export const demoFunds = (
  hezeProjectKeys: readonly string[],
  huangpuEnterprises: readonly { key: string; returneeFounded?: boolean }[],
): DemoFund[] => [hezeFund(hezeProjectKeys), ...shanghaiFunds(), huangpuFund(huangpuEnterprises)];
