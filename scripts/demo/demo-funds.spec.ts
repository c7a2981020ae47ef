import { isUscc } from '@parkledger/platform';
import { DEMO_ENTERPRISES, DEMO_PARKS, DEMO_PROJECTS, HUANGPU_ENTERPRISES } from './demo-data';
import {
  HUANGPU_DISTRICT_COMMITMENT,
  HUANGPU_INVESTED_TOTAL,
  HUANGPU_RETURNEE_INVESTED_TOTAL,
  HUANGPU_SOCIAL_CAPITAL_COMMITMENT,
  SHANGHAI_SUB_FUND_TOTAL,
  demoFunds,
  type DemoFund,
} from './demo-funds';
import { demoUscc } from './demo-uscc';

/** Exact minor units of a decimal string, without floats. */
const fen = (amount: string): bigint => {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
};
const sum = (amounts: readonly string[]): bigint => amounts.reduce((total, amount) => total + fen(amount), 0n);

const hezeProjectKeys = DEMO_PROJECTS.filter((p) => p.key.startsWith('heze-')).map((p) => p.key);
const funds = demoFunds(hezeProjectKeys, HUANGPU_ENTERPRISES);
const fund = (key: string): DemoFund => {
  const found = funds.find((f) => f.key === key);
  if (found === undefined) throw new Error(`no demo fund ${key}`);
  return found;
};
const enterpriseOf = (investment: DemoFund['investments'][number]): string =>
  'enterprise' in investment.target ? investment.target.enterprise : '';

describe('Guangzhou Huangpu’s sci-tech mother fund in the demo', () => {
  const huangpu = fund('guangzhou-huangpu-sci-tech-mother');
  const enterprises = new Map(DEMO_ENTERPRISES.map((e) => [e.key, e]));

  it('is a mother fund of the district’s RMB 50 billion and illustrative social capital, all called', () => {
    expect(huangpu).toMatchObject({ kind: 'mother', nameEn: 'Guangzhou Huangpu Sci-tech Mother Fund' });
    expect(huangpu.nameZh).toBe('广州黄埔科创母基金');
    expect(huangpu.partners.map((p) => [p.kind, p.commitment])).toEqual([
      ['government', '50000000000.00'],
      ['private', '26110000000.00'],
    ]);
    expect(HUANGPU_DISTRICT_COMMITMENT).toBe('50000000000.00');
    expect(HUANGPU_SOCIAL_CAPITAL_COMMITMENT).toBe('26110000000.00');
    const committed = sum(huangpu.partners.map((p) => p.commitment));
    expect(committed).toBe(fen(HUANGPU_INVESTED_TOTAL));
    expect(sum(huangpu.calls.map(([, , amount]) => amount))).toBe(committed);
  });

  it('invests once in each of exactly 274 distinct demo enterprises, no project', () => {
    expect(huangpu.investments).toHaveLength(274);
    const targets = huangpu.investments.map(enterpriseOf);
    expect(new Set(targets).size).toBe(274);
    expect(targets.every((key) => enterprises.has(key))).toBe(true);
    expect(new Set(huangpu.investments.map((i) => i.key)).size).toBe(274);
    expect(new Set(huangpu.investments.map((i) => i.form))).toEqual(new Set(['equity', 'angel', 'loan']));
  });

  it('invests exactly RMB 76,110,000,000.00, of it exactly RMB 18,540,000,000.00 in returnee-founded enterprises', () => {
    expect(HUANGPU_INVESTED_TOTAL).toBe('76110000000.00');
    expect(HUANGPU_RETURNEE_INVESTED_TOTAL).toBe('18540000000.00');
    expect(sum(huangpu.investments.map((i) => i.amount))).toBe(7_611_000_000_000n);
    const returnee = huangpu.investments.filter((i) => enterprises.get(enterpriseOf(i))?.returneeFounded === true);
    expect(sum(returnee.map((i) => i.amount))).toBe(1_854_000_000_000n);
    expect(returnee.length).toBeGreaterThan(0);
    expect(returnee.length).toBeLessThan(274);
    expect(huangpu.investments.every((i) => fen(i.amount) > 0n)).toBe(true);
  });

  it('never invests more than was paid in, as of any investment date', () => {
    const paidBy = (day: string) => sum(huangpu.calls.filter(([, due]) => due <= day).map(([, , amount]) => amount));
    const dated = [...huangpu.investments].sort((a, b) => a.on.localeCompare(b.on));
    let invested = 0n;
    for (const investment of dated) {
      invested += fen(investment.amount);
      expect(invested <= paidBy(investment.on)).toBe(true);
    }
    expect(huangpu.fees).toEqual([]);
  });

  it('invests in an enterprise only once it has settled, and writes off at most one after investing', () => {
    for (const investment of huangpu.investments) {
      const settled = enterprises.get(enterpriseOf(investment))?.settlesIn?.on ?? '9999-12-31';
      expect(settled <= investment.on).toBe(true);
    }
    const writeOffs = huangpu.investments.filter((i) => i.writtenOffOn !== undefined);
    expect(writeOffs.length).toBeLessThanOrEqual(1);
    for (const i of writeOffs) expect((i.writtenOffOn ?? '') > i.on).toBe(true);
  });
});

describe('the Huangpu demo enterprises', () => {
  it('are 274 placeholders with valid, distinct USCCs of Huangpu District, settled in the Overseas Returnee Town', () => {
    expect(HUANGPU_ENTERPRISES).toHaveLength(274);
    expect(HUANGPU_ENTERPRISES.every((e) => e.name.endsWith('(placeholder)'))).toBe(true);
    expect(HUANGPU_ENTERPRISES.every((e) => e.division === '440112' && e.industryFields.length > 0)).toBe(true);
    expect(HUANGPU_ENTERPRISES.every((e) => e.settlesIn?.park === 'huangpu-returnee-town')).toBe(true);
    const town = DEMO_PARKS.find((p) => p.key === 'huangpu-returnee-town');
    expect(town).toMatchObject({ kind: 'park', parent: 'guangzhou-huangpu', nameZh: '广州黄埔海归小镇' });
    const codes = DEMO_ENTERPRISES.map((e) => demoUscc(e.key, e.division));
    expect(codes.every(isUscc)).toBe(true);
    expect(new Set(codes).size).toBe(DEMO_ENTERPRISES.length);
    expect(new Set(DEMO_ENTERPRISES.map((e) => e.key)).size).toBe(DEMO_ENTERPRISES.length);
  });

  it('leave the other demo enterprises without the attribute, so their requests stay as they were', () => {
    const others = DEMO_ENTERPRISES.filter((e) => !e.key.startsWith('huangpu-'));
    expect(others).toHaveLength(12);
    expect(others.some((e) => 'returneeFounded' in e)).toBe(false);
  });
});

describe('the Heze and Shanghai demo funds, unchanged', () => {
  it('commits exactly RMB 3,000,000,000.00 to Heze’s fund and invests it in exactly 26 distinct projects', () => {
    const heze = fund('heze-industrial-development');
    expect(sum(heze.partners.map((p) => p.commitment))).toBe(300_000_000_000n);
    const projects = heze.investments.map((i) => ('project' in i.target ? i.target.project : ''));
    expect(projects.every((key) => hezeProjectKeys.includes(key))).toBe(true);
    expect(new Set(projects).size).toBe(26);
    expect(heze.investments).toHaveLength(27);
  });

  it('commits exactly the Shanghai sub-fund total from the two Shanghai mother funds to 18 sub-funds', () => {
    const mothers = new Set(['shanghai-biopharma-mother', 'shanghai-future-industry']);
    const subs = funds.filter((f) => f.kind === 'sub');
    expect(subs).toHaveLength(18);
    const fromMothers = subs.flatMap((f) => f.partners.filter((p) => p.fund !== undefined && mothers.has(p.fund)));
    expect(fromMothers).toHaveLength(18);
    expect(sum(fromMothers.map((p) => p.commitment))).toBe(fen(SHANGHAI_SUB_FUND_TOTAL));
    expect(SHANGHAI_SUB_FUND_TOTAL).toBe('5960000000.00');
  });
});
