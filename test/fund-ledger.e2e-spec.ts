import { decodeEvent, parseEnvelope } from '@parkledger/contracts';
import { eventually, readTopic } from '@parkledger/testing';
import { loadDemo } from '../scripts/demo/load';
import {
  HUANGPU_INVESTED_TOTAL,
  HUANGPU_RETURNEE_INVESTED_TOTAL,
  SHANGHAI_SUB_FUND_TOTAL,
} from '../scripts/demo/demo-funds';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

interface Money {
  amount: string;
  currency: string;
}
interface Fund {
  id: string;
  nameEn: string;
  kind: string;
  version: string;
}
interface Entry {
  id: string;
  postings: { account: string; amount: Money }[];
}
interface Problem {
  status: number;
  code: string;
  detail: string;
}

const admin = devToken('admin', [], 'e2e-admin');
const auditor = devToken('auditor', [], 'e2e-auditor');
const cny = (amount: string): Money => ({ amount, currency: 'CNY' });

/** Exact decimal strings of minor units, for summing money from the API without floats. */
const fen = (money: Money): bigint => {
  const [whole = '0', fraction = '00'] = money.amount.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return money.amount.startsWith('-') ? -value : value;
};

describe('fund ledger through the gateway and Kafka', () => {
  let system: RunningSystem;
  let funds: Fund[];
  let heze: Fund;

  const get = async <T>(path: string, token = auditor) => {
    const reply = await call<T>(system.base, 'GET', `/api/v1${path}`, { token });
    if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const post = <T>(path: string, body: object, token = admin, key?: string) =>
    call<T>(system.base, 'POST', `/api/v1${path}`, {
      token,
      body,
      ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
    });

  beforeAll(async () => {
    system = await startSystem('funds');
    await loadDemo(system.base);
    funds = (await get<{ items: Fund[] }>('/funds?limit=200')).items;
    const found = funds.find((fund) => fund.nameEn === 'Heze Industrial Development Fund');
    if (found === undefined) throw new Error('the demo has no Heze fund');
    heze = found;
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('reports the Heze fund’s figures exactly as the demo loads them', async () => {
    const figures = await get<Record<string, Money | string | null>>(`/funds/${heze.id}/figures?asOf=2024-12-31`);
    const amount = (name: string) => (figures[name] as Money).amount;
    expect({
      committed: amount('committed'),
      called: amount('called'),
      paidIn: amount('paidIn'),
      unfunded: amount('unfunded'),
      investments: figures.investmentsCount,
      investedAtCost: amount('investedAtCost'),
      writtenOff: amount('writtenOff'),
      realised: amount('realisedProceeds'),
      distributed: amount('distributed'),
      fees: amount('fees'),
      cash: amount('cash'),
      nav: amount('nav'),
      capacity: amount('remainingCapacity'),
      ratios: [figures.dpi, figures.rvpi, figures.tvpi],
    }).toEqual({
      committed: '3000000000.00',
      called: '3000000000.00',
      paidIn: '3000000000.00',
      unfunded: '0.00',
      investments: 27,
      investedAtCost: '2630000000.00',
      writtenOff: '100000000.00',
      realised: '0.00',
      distributed: '0.00',
      fees: '60000000.00',
      cash: '310000000.00',
      nav: '2930000000.00',
      capacity: '310000000.00',
      ratios: ['0.0000', '0.9767', '0.9767'],
    });
    expect(figures.netIrr).toBe('-0.007081');
  });

  it('invests the Heze fund in exactly 26 of the port’s projects, one of them with equity and angel money', async () => {
    const { items } = await get<{ items: { targetId: string; form: string }[] }>(
      `/funds/${heze.id}/investments?limit=200`,
    );
    expect(items).toHaveLength(27);
    expect(new Set(items.map((i) => i.targetId)).size).toBe(26);
    const partners = await get<{ items: { name: string; commitment: Money }[] }>(`/funds/${heze.id}/partners`);
    expect(partners.items.reduce((sum, p) => sum + fen(p.commitment), 0n)).toBe(300_000_000_000n);
    expect(partners.items.map((p) => p.name)).toEqual([
      'Yankuang Group',
      'Shanghai Shanlan Capital',
      'Qiaobei Capital',
      'Heze Modern Medical Port investment vehicle (placeholder)',
    ]);
  });

  it('reports the Heze fund’s re-investment: 1.2 times Yankuang’s commitment, all of it in the port’s parks', async () => {
    const report = await get<{
      requirement: { ratio: string };
      commitment: Money;
      required: Money;
      counted: Money;
      shortfall: Money;
      achievedRatio: string;
      investments: { counts: boolean }[];
    }>(`/funds/${heze.id}/reinvestment?asOf=2024-12-31`);
    expect([report.requirement.ratio, report.commitment.amount, report.required.amount]).toEqual([
      '1.2',
      '1200000000.00',
      '1440000000.00',
    ]);
    expect([report.counted.amount, report.shortfall.amount, report.achievedRatio]).toEqual([
      '2630000000.00',
      '0.00',
      '2.1917',
    ]);
    expect(report.investments.filter((line) => line.counts)).toHaveLength(27);
  });

  it('gives the Heze partners capital account statements whose ending balances sum to the fund’s NAV', async () => {
    const partners = await get<{ items: { id: string }[] }>(`/funds/${heze.id}/partners`);
    let endings = 0n;
    for (const partner of partners.items) {
      const statement = await get<{ beginningBalance: Money; endingBalance: Money; contributions: Money }>(
        `/funds/${heze.id}/partners/${partner.id}/capital-account?from=2021-01-01&to=2024-12-31`,
      );
      expect(statement.beginningBalance.amount).toBe('0.00');
      endings += fen(statement.endingBalance);
    }
    expect(endings).toBe(293_000_000_000n); // the NAV as of 2024-12-31
    const backwards = await call<Problem & { errors: { field: string }[] }>(
      system.base,
      'GET',
      `/api/v1/funds/${heze.id}/partners/${partners.items[0]?.id ?? ''}/capital-account?from=2024-02-01&to=2024-01-31`,
      { token: auditor },
    );
    expect([backwards.status, backwards.body.code, backwards.body.errors[0]?.field]).toEqual([
      422,
      'ledger-invalid',
      'from',
    ]);
  });

  it('looks through Shanghai’s biopharmaceutical mother fund into its 12 sub-funds', async () => {
    const mother = funds.find((f) => f.nameEn === 'Shanghai Biopharmaceutical Mother Fund')?.id ?? '';
    const look = await get<{ subFunds: { share: string | null; lookThrough: Money }[]; totals: Money[] }>(
      `/funds/${mother}/look-through?asOf=2024-12-31`,
    );
    expect(look.subFunds).toHaveLength(12);
    expect(look.subFunds.every((sub) => sub.share === null && sub.lookThrough.amount === '0.00')).toBe(true);
    const before = await get<{ subFunds: unknown[] }>(`/funds/${mother}/look-through?asOf=2024-03-14`);
    expect(before.subFunds).toEqual([]);
  });

  it('has Shanghai’s two mother funds commit exactly the stated total to 18 sub-funds', async () => {
    const mothers = new Set(
      funds.filter((f) => f.kind === 'mother' && f.nameEn.startsWith('Shanghai ')).map((f) => f.id),
    );
    const subs = funds.filter((f) => f.kind === 'sub');
    expect([mothers.size, subs.length]).toEqual([2, 18]);
    let total = 0n;
    for (const sub of subs) {
      const { items } = await get<{ items: { kind: string; partnerFundId: string | null; commitment: Money }[] }>(
        `/funds/${sub.id}/partners`,
      );
      for (const partner of items) {
        if (partner.kind === 'fund' && mothers.has(partner.partnerFundId ?? '')) total += fen(partner.commitment);
      }
    }
    expect(total).toBe(fen(cny(SHANGHAI_SUB_FUND_TOTAL)));
  });

  it('has Guangzhou Huangpu’s mother fund invest exactly the reported totals in 274 enterprises', async () => {
    const huangpu = funds.find((f) => f.nameEn === 'Guangzhou Huangpu Sci-tech Mother Fund')?.id ?? '';
    const all = async <T extends { id: string }>(path: string): Promise<T[]> => {
      const items: T[] = [];
      for (let cursor: string | null = ''; cursor !== null;) {
        const sep = path.includes('?') ? '&' : '?';
        const page: { items: T[]; nextCursor: string | null } = await get(
          `${path}${sep}limit=200${cursor === '' ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      }
      return items;
    };
    const investments = await all<{ id: string; targetKind: string; targetId: string; cost: Money }>(
      `/funds/${huangpu}/investments`,
    );
    expect(investments).toHaveLength(274);
    expect(new Set(investments.map((i) => i.targetKind))).toEqual(new Set(['enterprise']));
    expect(new Set(investments.map((i) => i.targetId)).size).toBe(274);
    const total = investments.reduce((sum, i) => sum + fen(i.cost), 0n);
    expect(total).toBe(fen(cny(HUANGPU_INVESTED_TOTAL)));
    // the returnee-founded share, from the registry's attribute
    const returnees = new Set((await all<{ id: string }>('/enterprises?returneeFounded=true')).map((e) => e.id));
    const returneeTotal = investments
      .filter((i) => returnees.has(i.targetId))
      .reduce((sum, i) => sum + fen(i.cost), 0n);
    expect(returneeTotal).toBe(fen(cny(HUANGPU_RETURNEE_INVESTED_TOTAL)));
    const figures = await get<Record<string, Money | number | null>>(`/funds/${huangpu}/figures?asOf=2024-12-31`);
    expect([
      (figures.committed as Money).amount,
      (figures.paidIn as Money).amount,
      figures.investmentsCount,
      (figures.investedAtCost as Money).amount,
      (figures.cash as Money).amount,
    ]).toEqual(['76110000000.00', '76110000000.00', 274, '76110000000.00', '0.00']);
    // the fund report's own returnee-founded figures, from the ledger's read model of the registry
    expect([(figures.investedInReturneeFounded as Money).amount, figures.returneeFoundedShare]).toEqual([
      '18540000000.00',
      '0.2436',
    ]);
  });

  it('shows a fund manager its own fund only; others reach no fund data', async () => {
    const manager = devToken('fund-manager', [], 'e2e-heze-fund-manager', 600, [heze.id]);
    const mine = await call<{ items: Fund[] }>(system.base, 'GET', '/api/v1/funds', { token: manager });
    expect(mine.body.items.map((f) => f.id)).toEqual([heze.id]);
    const other = funds.find((f) => f.id !== heze.id)?.id ?? '';
    const foreign = await call<Problem>(system.base, 'GET', `/api/v1/funds/${other}/figures`, { token: manager });
    const missing = await call<Problem>(
      system.base,
      'GET',
      '/api/v1/funds/01900000-0000-7000-8000-000000000000/figures',
      { token: manager },
    );
    expect([foreign.status, foreign.body.code]).toEqual([404, 'fund-not-found']);
    expect(foreign.body.detail.replace(other, 'X')).toBe(missing.body.detail.replace(/[0-9a-f-]{36}/, 'X'));
    for (const token of [
      devToken('park-manager', [heze.id]),
      devToken('policy-officer', [], 'dev-policy-officer', undefined, [], ['jinan-2019-biomedical']),
    ]) {
      expect((await call(system.base, 'GET', `/api/v1/funds/${heze.id}`, { token })).status).toBe(403);
    }
    const write = await post(`/funds/${heze.id}/fees`, { amount: cny('1.00'), effectiveOn: '2024-01-01' }, auditor);
    expect(write.status).toBe(403);
  });

  it('reverses an entry once, closes the books, and shows a balance as reported and as corrected', async () => {
    const fund = await post<Fund>('/funds', {
      nameZh: '测试基金',
      nameEn: 'E2E fund',
      kind: 'direct',
      currency: 'CNY',
      manager: 'E2E',
      vintageOn: '2023-01-01',
    });
    expect(fund.status).toBe(201);
    const id = fund.body.id;
    const partner = await post<{ partner: { id: string } }>(`/funds/${id}/partners`, {
      name: 'Only partner',
      kind: 'private',
      role: 'LP',
      commitment: cny('1000.00'),
      effectiveOn: '2023-01-02',
    });
    const called = await post<{ call: { id: string } }>(`/funds/${id}/capital-calls`, {
      amount: cny('1000.00'),
      effectiveOn: '2023-01-03',
      dueOn: '2023-01-31',
    });
    await post(`/funds/${id}/contributions`, {
      callId: called.body.call.id,
      partnerId: partner.body.partner.id,
      amount: cny('1000.00'),
      effectiveOn: '2023-01-20',
    });
    const fee = await post<{ entry: Entry }>(`/funds/${id}/fees`, { amount: cny('100.00'), effectiveOn: '2023-03-01' });
    expect(fee.status).toBe(200);
    const reported = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reversal = { effectiveOn: '2023-03-02', reason: 'charged to the wrong fund' };
    const first = await post<{ entry: Entry }>(`/funds/${id}/entries/${fee.body.entry.id}/reversal`, reversal);
    expect(first.status).toBe(200);
    expect(first.body.entry.postings.map((p) => [p.account, p.amount.amount])).toEqual([
      ['fees', '-100.00'],
      ['cash', '100.00'],
    ]);
    const again = await post<Problem>(`/funds/${id}/entries/${fee.body.entry.id}/reversal`, reversal);
    expect([again.status, again.body.code]).toEqual([409, 'entry-already-reversed']);

    const fees = async (query: string) =>
      (await get<{ balances: { account: string; balance: Money }[] }>(`/funds/${id}/balances?${query}`)).balances.find(
        (b) => b.account === 'fees',
      )?.balance.amount;
    expect(await fees(`asOf=2023-12-31&knownAt=${reported}`)).toBe('100.00');
    expect(await fees('asOf=2023-12-31')).toBe('0.00');
    const early = await call<Problem>(system.base, 'GET', `/api/v1/funds/${id}/balances?asOf=2022-12-31`, {
      token: auditor,
    });
    expect([early.status, early.body.code]).toEqual([422, 'before-fund-start']);

    expect((await post(`/funds/${id}/period-closes`, { through: '2023-12-31' })).status).toBe(200);
    const late = await post<Problem>(`/funds/${id}/fees`, { amount: cny('1.00'), effectiveOn: '2023-06-30' });
    expect([late.status, late.body.code]).toEqual([409, 'period-closed']);
    expect(late.body.detail).toContain('2023-12-31');
    expect((await post(`/funds/${id}/fees`, { amount: cny('1.00'), effectiveOn: '2024-01-02' })).status).toBe(200);
  });

  it('imports 1,000 entries in one request, all or none, naming the entry that breaks a limit', async () => {
    const fund = await post<Fund>('/funds', {
      nameZh: '导入基金',
      nameEn: 'E2E import fund',
      kind: 'direct',
      currency: 'CNY',
      manager: 'E2E',
      vintageOn: '2023-01-01',
    });
    const id = fund.body.id;
    const partner = await post<{ partner: { id: string } }>(`/funds/${id}/partners`, {
      name: 'Only partner',
      kind: 'private',
      role: 'LP',
      commitment: cny('100000.00'),
      effectiveOn: '2023-01-02',
    });
    const called = await post<{ call: { id: string } }>(`/funds/${id}/capital-calls`, {
      amount: cny('100000.00'),
      effectiveOn: '2023-01-03',
      dueOn: '2023-01-31',
    });
    await post(`/funds/${id}/contributions`, {
      callId: called.body.call.id,
      partnerId: partner.body.partner.id,
      amount: cny('100000.00'),
      effectiveOn: '2023-01-20',
    });
    const fee = (amount: string, i: number) => ({
      effectiveOn: '2023-06-30',
      operation: 'fee',
      memo: `fee ${i}`,
      postings: [
        { account: 'fees', amount: cny(amount) },
        { account: 'cash', amount: cny(`-${amount}`) },
      ],
    });
    const imported = await post<{ entryIds: string[] }>(
      `/funds/${id}/journal-imports`,
      { entries: Array.from({ length: 1000 }, (_, i) => fee('1.00', i)) },
      admin,
      'e2e-import-1',
    );
    expect(imported.status).toBe(201);
    expect(imported.body.entryIds).toHaveLength(1000);
    const refused = await post<Problem & { errors: { field: string; rule: string }[] }>(
      `/funds/${id}/journal-imports`,
      { entries: Array.from({ length: 10 }, (_, i) => fee(i === 7 ? '98994.00' : '1.00', i)) },
    );
    expect([refused.status, refused.body.code, refused.body.errors[0]]).toMatchObject([
      409,
      'ledger-limit-exceeded',
      { field: 'entries[7]', rule: 'cash' },
    ]);
    const unbalanced = await post<Problem & { errors: { field: string }[] }>(`/funds/${id}/journal-imports`, {
      entries: [
        {
          ...fee('1.00', 0),
          postings: [
            { account: 'fees', amount: cny('1.00') },
            { account: 'cash', amount: cny('-0.99') },
          ],
        },
      ],
    });
    expect([unbalanced.status, unbalanced.body.errors[0]?.field]).toEqual([422, 'entries[0].postings']);
    const cash = (
      await get<{ balances: { account: string; balance: Money }[] }>(`/funds/${id}/balances`)
    ).balances.find((b) => b.account === 'cash');
    expect(cash?.balance.amount).toBe('99000.00');
  });

  it('puts every fund event on Kafka with its postings, from which every balance rebuilds exactly', async () => {
    const topic = `${system.topicPrefix}parkledger.funds.v1`;
    const all = (await get<{ items: Fund[] }>('/funds?limit=200')).items;
    const expected = all.reduce((sum, fund) => sum + Number(fund.version), 0);
    let records: Awaited<ReturnType<typeof readTopic>> = [];
    await eventually(
      'the demo funds’ events on Kafka',
      async () => {
        records = await readTopic(system.kafka, topic);
        return records.length >= expected;
      },
      60_000,
    );
    const rebuilt = new Map<string, Map<string, bigint>>();
    const versions = new Map<string, bigint[]>();
    for (const record of records) {
      const envelope = parseEnvelope(record.headers);
      expect(record.key).toBe(envelope.subject);
      versions.set(envelope.subject, [...(versions.get(envelope.subject) ?? []), BigInt(envelope.aggregateVersion)]);
      const event = decodeEvent(envelope.type, record.value);
      const entries =
        'entries' in event.payload ? event.payload.entries : 'entry' in event.payload ? [event.payload.entry] : [];
      const balances = rebuilt.get(envelope.subject) ?? new Map<string, bigint>();
      for (const posting of entries.flatMap((entry) => entry?.postings ?? [])) {
        balances.set(posting.account, (balances.get(posting.account) ?? 0n) + (posting.amount?.minorUnits ?? 0n));
      }
      rebuilt.set(envelope.subject, balances);
    }
    expect(all.length).toBeGreaterThan(funds.length); // the funds this file made besides the demo's
    for (const fund of all) {
      // one event per version, 1..n in order, on the fund's partition
      const seen = versions.get(fund.id) ?? [];
      expect(seen).toEqual(Array.from({ length: Number(fund.version) }, (_, i) => BigInt(i + 1)));
      const { balances } = await get<{ balances: { account: string; balance: Money }[] }>(`/funds/${fund.id}/balances`);
      const served = new Map(balances.map((b) => [b.account, fen(b.balance)]));
      expect(rebuilt.get(fund.id) ?? new Map()).toEqual(served);
    }
  }, 120_000);
});
