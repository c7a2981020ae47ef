import { type JournalEntryJson } from '@parkledger/contracts';
import { type ConsumedEvent } from '@parkledger/messaging';
import { DomainError, uuidv7 } from '@parkledger/platform';
import { consumedEvent, outcomeOf } from '@parkledger/testing';
import { type Caller } from '@parkledger/service-kit';
import { applyTargetEvent } from './read-model/targets-read-model';
import { admin, ledgerUnderTest, type LedgerUnderTest } from './testing/ledger-under-test';

const cny = (yuan: string) => {
  const [whole = '0', fraction = ''] = yuan.replace(/,/g, '').split('.');
  return { minorUnits: (BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0')).toString(), currency: 'CNY' };
};
const yuan = (money: { minorUnits?: string } | undefined): string => {
  const minor = BigInt(money?.minorUnits ?? '0');
  const sign = minor < 0n ? '-' : '';
  const abs = minor < 0n ? -minor : minor;
  return `${sign}${(abs / 100n).toLocaleString('en-US')}.${String(abs % 100n).padStart(2, '0')}`;
};

const projectRegistered = (id: string, parkId = uuidv7(), enterpriseId = uuidv7()): ConsumedEvent =>
  consumedEvent('parkledger.project.registered.v1', id, 1, { project: { id, parkId, enterpriseId, nameEn: 'P' } });

describe('the fund ledger against Postgres', () => {
  let ledger: LedgerUnderTest;
  const project = uuidv7();

  const newFund = async (name: string, vintageOn = '2021-01-01') =>
    ledger.funds.register(admin, {
      nameZh: name,
      nameEn: name,
      kind: 'guidance',
      currency: 'CNY',
      manager: 'Manager',
      vintageOn,
    });
  const commit = (fundId: string, name: string, amount: string, effectiveOn = '2021-01-10') =>
    ledger.funds.commitPartner(admin, {
      fundId,
      name,
      kind: 'government',
      role: 'LP',
      commitment: cny(amount),
      effectiveOn,
    });
  /** A fund whose one partner committed `amount` and paid it all in on `paidOn`: that much cash. */
  const fundWithCash = async (name: string, amount: string, paidOn: string, partnerName: string) => {
    const fundId = (await newFund(name)).id ?? '';
    const partner = (await commit(fundId, partnerName, amount)).partner?.id ?? '';
    const called = await ledger.capital.call(admin, {
      fundId,
      amount: cny(amount),
      effectiveOn: '2021-02-01',
      dueOn: '2021-03-01',
    });
    await ledger.capital.receive(admin, {
      fundId,
      callId: called.call?.id ?? '',
      partnerId: partner,
      amount: cny(amount),
      effectiveOn: paidOn,
    });
    return { fundId, partner };
  };
  const balance = async (fundId: string, account: string, extra: { asOf?: string; knownAt?: string } = {}) => {
    const { balances } = await ledger.reports.balancesOf(admin, { fundId, accountPrefix: account, ...extra });
    return yuan(balances?.find((b) => b.account === account)?.balance);
  };

  beforeAll(async () => {
    ledger = await ledgerUnderTest('ledger');
    const client = await ledger.pool(1).connect();
    try {
      await applyTargetEvent(projectRegistered(project), client);
      await applyTargetEvent(projectRegistered(project), client); // a redelivery changes nothing
    } finally {
      client.release();
    }
  });

  afterAll(() => ledger?.stop());

  it('keeps one read-model row per project however often its event comes', async () => {
    const rows: unknown[] = await ledger.dataSource.query('SELECT * FROM ledger.known_projects WHERE id = $1', [
      project,
    ]);
    expect(rows).toHaveLength(1);
  });

  describe('a fund from commitment to distribution, with exact figures', () => {
    let fundId: string;
    let a: string;
    let b: string;
    let contributionA: JournalEntryJson;
    let fee: JournalEntryJson;

    beforeAll(async () => {
      fundId = (await newFund('Scenario fund')).id ?? '';
      a = (await commit(fundId, 'Partner A', '600,000.00')).partner?.id ?? '';
      b = (await commit(fundId, 'Partner B', '400,000.00')).partner?.id ?? '';
      const { call } = await ledger.capital.call(admin, {
        fundId,
        amount: cny('500,000.00'),
        effectiveOn: '2021-02-01',
        dueOn: '2021-03-01',
      });
      const callId = call?.id ?? '';
      expect(call?.shares?.map((s) => [s.partnerId, yuan(s.amount)])).toEqual([
        [a, '300,000.00'],
        [b, '200,000.00'],
      ]);
      contributionA = (
        await ledger.capital.receive(admin, {
          fundId,
          callId,
          partnerId: a,
          amount: cny('300,000.00'),
          effectiveOn: '2021-02-20',
        })
      ).entry as JournalEntryJson;
      await ledger.capital.receive(admin, {
        fundId,
        callId,
        partnerId: b,
        amount: cny('150,000.00'),
        effectiveOn: '2021-02-25',
      });
      const { investment } = await ledger.portfolio.invest(admin, {
        fundId,
        targetKind: 'project',
        targetId: project,
        form: 'equity',
        amount: cny('300,000.00'),
        effectiveOn: '2021-04-01',
      });
      await ledger.portfolio.value(admin, {
        fundId,
        investmentId: investment?.id ?? '',
        fairValue: cny('360,000.00'),
        effectiveOn: '2021-12-31',
      });
      const distribution = await ledger.capital.distribute(admin, {
        fundId,
        amount: cny('100,000.00'),
        effectiveOn: '2022-06-30',
      });
      expect(distribution.shares?.map((s) => [s.partnerId, yuan(s.amount)])).toEqual([
        [a, '66,666.67'],
        [b, '33,333.33'],
      ]);
      fee = (await ledger.capital.fee(admin, { fundId, amount: cny('10,000.00'), effectiveOn: '2022-06-30' }))
        .entry as JournalEntryJson;
    });

    it('reports the figures fund managers report', async () => {
      const figures = await ledger.reports.figures(admin, { fundId, asOf: '2022-12-31' });
      expect({
        committed: yuan(figures.committed),
        called: yuan(figures.called),
        paidIn: yuan(figures.paidIn),
        unfunded: yuan(figures.unfunded),
        investments: figures.investmentsCount,
        investedAtCost: yuan(figures.investedAtCost),
        distributed: yuan(figures.distributed),
        fees: yuan(figures.fees),
        cash: yuan(figures.cash),
        nav: yuan(figures.nav),
        capacity: yuan(figures.remainingCapacity),
        ratios: [figures.dpi, figures.rvpi, figures.tvpi],
      }).toEqual({
        committed: '1,000,000.00',
        called: '500,000.00',
        paidIn: '450,000.00',
        unfunded: '500,000.00',
        investments: '1',
        investedAtCost: '300,000.00',
        distributed: '100,000.00',
        fees: '10,000.00',
        cash: '40,000.00',
        nav: '400,000.00',
        capacity: '590,000.00',
        ratios: ['0.2222', '0.8889', '1.1111'],
      });
      expect(figures.netIrr).toMatch(/^-?\d+\.\d{6}$/);
    });

    it('lists what is overdue: the half of B’s share it has not paid by the due date', async () => {
      const { overdue } = await ledger.capital.overdue(admin, { fundId, asOf: '2021-03-02' });
      expect(overdue?.map((o) => [o.partnerId, yuan(o.called), yuan(o.received), yuan(o.outstanding)])).toEqual([
        [b, '200,000.00', '150,000.00', '50,000.00'],
      ]);
      expect((await ledger.capital.overdue(admin, { fundId, asOf: '2021-03-01' })).overdue).toEqual([]);
    });

    it('answers a balance as of any date from its days', async () => {
      expect(await balance(fundId, 'cash', { asOf: '2021-02-20' })).toBe('300,000.00');
      expect(await balance(fundId, 'cash', { asOf: '2021-03-31' })).toBe('450,000.00');
      expect(await balance(fundId, 'cash', { asOf: '2021-04-01' })).toBe('150,000.00');
      expect(await balance(fundId, 'cash')).toBe('40,000.00');
    });

    it('refuses a date before the fund existed and a known-at time in the future, saying why', async () => {
      expect(await outcomeOf(ledger.reports.balancesOf(admin, { fundId, asOf: '2020-12-31' }))).toBe(
        'before-fund-start after-fund-start',
      );
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      expect(await outcomeOf(ledger.reports.balancesOf(admin, { fundId, knownAt: tomorrow }))).toBe(
        'ledger-invalid not-future',
      );
      expect(await outcomeOf(ledger.reports.balancesOf(admin, { fundId, knownAt: '2020-01-01T00:00:00Z' }))).toBe(
        'before-fund-start after-fund-registered',
      );
    });

    it('reverses an entry once; a reversal that would overdraw the cash is refused naming the limit', async () => {
      const reverse = (entryId: string) =>
        ledger.reversals.reverse(admin, { fundId, entryId, effectiveOn: '2022-07-01', reason: 'booked twice' });
      const knownBefore = new Date().toISOString();
      await reverse(fee.id ?? '');
      expect(await balance(fundId, 'cash')).toBe('50,000.00');
      expect(await balance(fundId, 'fees')).toBe('0.00');
      expect(await outcomeOf(reverse(fee.id ?? ''))).toBe('entry-already-reversed');
      expect(
        await outcomeOf(
          ledger.reversals.reverse(admin, {
            fundId,
            entryId: contributionA.id ?? '',
            effectiveOn: '2021-02-19',
            reason: 'before the fact',
          }),
        ),
      ).toBe('ledger-invalid on-or-after-original');
      // A's 300,000.00 is mostly invested: taking it back would leave the cash below zero
      expect(await outcomeOf(reverse(contributionA.id ?? ''))).toBe('ledger-limit-exceeded cash');
      // as first reported, the fee stands; as since corrected, it doesn't
      expect(await balance(fundId, 'fees', { asOf: '2022-12-31', knownAt: knownBefore })).toBe('10,000.00');
      expect(await balance(fundId, 'fees', { asOf: '2022-12-31' })).toBe('0.00');
    });
  });

  describe('limits, held under concurrency', () => {
    it('lets exactly 20 of 32 racing calls of 50,000.00 take a 1,000,000.00 commitment', async () => {
      const fundId = (await newFund('Race for the commitment')).id ?? '';
      const partner = (await commit(fundId, 'Only partner', '1,000,000.00')).partner?.id ?? '';
      const results = await Promise.all(
        Array.from({ length: 32 }, () =>
          outcomeOf(
            ledger.capital.call(admin, {
              fundId,
              amount: cny('50,000.00'),
              effectiveOn: '2021-02-01',
              dueOn: '2021-03-01',
            }),
          ),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(20);
      expect(results.filter((r) => r === 'ledger-limit-exceeded unfunded-commitment')).toHaveLength(12);
      expect(await balance(fundId, `unfunded:${partner}`)).toBe('0.00');
      expect(await balance(fundId, `receivable:${partner}`)).toBe('1,000,000.00');
    });

    it('lets exactly 10 of 32 racing investments of 10,000.00 take 100,000.00 of cash', async () => {
      const { fundId } = await fundWithCash('Race for the cash', '100,000.00', '2021-02-10', 'Only partner');
      const results = await Promise.all(
        Array.from({ length: 32 }, () =>
          outcomeOf(
            ledger.portfolio.invest(admin, {
              fundId,
              targetKind: 'project',
              targetId: project,
              form: 'angel',
              amount: cny('10,000.00'),
              effectiveOn: '2021-03-01',
            }),
          ),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(10);
      expect(results.filter((r) => r === 'ledger-limit-exceeded cash')).toHaveLength(22);
      expect(await balance(fundId, 'cash')).toBe('0.00');
      const negative: unknown[] = await ledger.dataSource.query(
        'SELECT * FROM ledger.account_balances WHERE fund_id = $1 AND balance < 0 AND floor_zero',
        [fundId],
      );
      expect(negative).toEqual([]);
    });

    it('checks a backdated payment against the cash on its date, not only today', async () => {
      const { fundId } = await fundWithCash('Backdated', '100,000.00', '2021-02-20', 'Only partner');
      const fee = (effectiveOn: string) => ledger.capital.fee(admin, { fundId, amount: cny('20,000.00'), effectiveOn });
      let refusal: unknown;
      try {
        await fee('2021-02-19');
      } catch (error) {
        refusal = error;
      }
      expect((refusal as Error).message).toBe(
        'no investment, distribution or fee above the cash the fund holds on its date: cash would fall to -20000.00 CNY on 2021-02-19',
      );
      expect(await outcomeOf(fee('2021-02-21'))).toBe('ok');
      expect(await balance(fundId, 'cash')).toBe('80,000.00');
    });

    it('refuses an exit or a write-off above the remaining cost, and takes a 100% write-off as normal', async () => {
      const { fundId } = await fundWithCash('Write-off', '100,000.00', '2021-02-20', 'Only partner');
      const { investment } = await ledger.portfolio.invest(admin, {
        fundId,
        targetKind: 'project',
        targetId: project,
        form: 'equity',
        amount: cny('80,000.00'),
        effectiveOn: '2021-03-01',
      });
      const investmentId = investment?.id ?? '';
      const exit = await ledger.portfolio.exit(admin, {
        fundId,
        investmentId,
        cost: cny('30,000.00'),
        proceeds: cny('45,000.00'),
        effectiveOn: '2021-06-01',
      });
      expect(yuan(exit.gain)).toBe('15,000.00');
      expect(
        await outcomeOf(
          ledger.portfolio.writeOff(admin, {
            fundId,
            investmentId,
            amount: cny('50,000.01'),
            effectiveOn: '2021-07-01',
          }),
        ),
      ).toBe('ledger-limit-exceeded remaining-cost');
      expect(
        await outcomeOf(
          ledger.portfolio.writeOff(admin, {
            fundId,
            investmentId,
            amount: cny('50,000.00'),
            effectiveOn: '2021-07-01',
          }),
        ),
      ).toBe('ok');
      const figures = await ledger.reports.figures(admin, { fundId, asOf: '2021-12-31' });
      expect([yuan(figures.writtenOff), yuan(figures.realisedProceeds), yuan(figures.nav)]).toEqual([
        '50,000.00',
        '45,000.00',
        '65,000.00',
      ]);
      // nothing left to value; and no entry on the investment dated before its latest
      const value = (effectiveOn: string) =>
        ledger.portfolio.value(admin, { fundId, investmentId, fairValue: cny('500.00'), effectiveOn });
      expect(await outcomeOf(value('2021-08-01'))).toBe('investment-closed');
      expect(await outcomeOf(value('2021-06-30'))).toBe('ledger-invalid on-or-after-latest-entry');
    });

    it('takes no contribution on a reversed call, and lists only standing calls as overdue', async () => {
      const fundId = (await newFund('Reversed call')).id ?? '';
      const partnerId = (await commit(fundId, 'Only partner', '200.00')).partner?.id ?? '';
      const call = (dueOn: string) =>
        ledger.capital.call(admin, { fundId, amount: cny('100.00'), effectiveOn: '2021-02-01', dueOn });
      const [a, b] = [await call('2021-03-01'), await call('2021-03-02')];
      await ledger.reversals.reverse(admin, {
        fundId,
        entryId: a.entry?.id ?? '',
        effectiveOn: '2021-02-02',
        reason: 'called twice',
      });
      const pay = (callId: string) =>
        ledger.capital.receive(admin, { fundId, callId, partnerId, amount: cny('100.00'), effectiveOn: '2021-02-10' });
      expect(await outcomeOf(pay(a.call?.id ?? ''))).toBe('capital-call-not-found');
      const overdue = await ledger.capital.overdue(admin, { fundId, asOf: '2021-04-01' });
      expect(overdue.overdue?.map((o) => o.callId)).toEqual([b.call?.id]);
      expect(await outcomeOf(pay(b.call?.id ?? ''))).toBe('ok');
    });

    it('refuses an investment in a project its read model does not know, naming the field', async () => {
      const fundId = (await newFund('Unknown target')).id ?? '';
      expect(
        await outcomeOf(
          ledger.portfolio.invest(admin, {
            fundId,
            targetKind: 'project',
            targetId: uuidv7(),
            form: 'loan',
            amount: cny('1.00'),
            effectiveOn: '2021-03-01',
          }),
        ),
      ).toBe('investment-target-unknown known-project');
    });
  });

  it('reports a re-investment requirement from the registry’s parks and settlements, and the returnee-founded share', async () => {
    // the region: a district with a park under it; an enterprise settled there, one elsewhere
    const [district, park, elsewhere] = [uuidv7(), uuidv7(), uuidv7()];
    const [local, returnee, away] = [uuidv7(), uuidv7(), uuidv7()];
    const [projectInPark, projectAway] = [uuidv7(), uuidv7()];
    const events = [
      consumedEvent('parkledger.park.registered.v1', district, 1, { park: { id: district, nameEn: 'District' } }),
      consumedEvent('parkledger.park.registered.v1', park, 1, {
        park: { id: park, parentId: district, nameEn: 'Park' },
      }),
      consumedEvent('parkledger.park.registered.v1', elsewhere, 1, { park: { id: elsewhere, nameEn: 'Elsewhere' } }),
      consumedEvent('parkledger.enterprise.registered.v1', local, 1, { enterprise: { id: local, name: 'Local' } }),
      consumedEvent('parkledger.enterprise.registered.v1', returnee, 1, {
        enterprise: { id: returnee, name: 'Returnee' },
      }),
      consumedEvent('parkledger.enterprise.registered.v1', away, 1, { enterprise: { id: away, name: 'Away' } }),
      // the registry learns later that one was founded by returnees; an older copy doesn't undo it
      consumedEvent('parkledger.enterprise.updated.v1', returnee, 2, {
        enterprise: { id: returnee, name: 'Returnee', returneeFounded: true },
      }),
      consumedEvent('parkledger.enterprise.registered.v1', returnee, 1, {
        enterprise: { id: returnee, name: 'Returnee' },
      }),
      consumedEvent('parkledger.settlement.settled.v1', local, 1, {
        settlement: { id: local, enterpriseId: local, parkId: park, settledOn: '2021-03-01' },
      }),
      // settled in the region, but only after the investment
      consumedEvent('parkledger.settlement.settled.v1', returnee, 1, {
        settlement: { id: returnee, enterpriseId: returnee, parkId: park, settledOn: '2021-12-01' },
      }),
      consumedEvent('parkledger.settlement.settled.v1', away, 1, {
        settlement: { id: away, enterpriseId: away, parkId: elsewhere, settledOn: '2021-01-01' },
      }),
      projectRegistered(projectInPark, park, returnee),
      projectRegistered(projectAway, elsewhere, away),
    ];
    const client = await ledger.pool(1).connect();
    try {
      for (const event of events) await applyTargetEvent(event, client);
    } finally {
      client.release();
    }

    const { fundId, partner: government } = await fundWithCash(
      'Re-investment',
      '100,000.00',
      '2021-02-10',
      'Government',
    );
    const invest = (targetKind: string, targetId: string, amount: string) =>
      ledger.portfolio.invest(admin, {
        fundId,
        targetKind,
        targetId,
        form: 'equity',
        amount: cny(amount),
        effectiveOn: '2021-06-01',
      });
    await invest('enterprise', local, '30,000.00'); // settled in the region on the day: counts
    await invest('enterprise', returnee, '20,000.00'); // settled there only later: doesn't
    await invest('enterprise', away, '10,000.00'); // elsewhere
    await invest('project', projectInPark, '15,000.00'); // a project in the region: counts
    await invest('project', projectAway, '5,000.00');

    expect(await outcomeOf(ledger.reinvestment.report(admin, { fundId, asOf: '2021-12-31' }))).toBe(
      'ledger-invalid requirement-stated',
    );
    const stated = await ledger.reinvestment.state(admin, {
      fundId,
      requirement: { regionParkIds: [district], ratio: '0.60', partnerId: government, effectiveOn: '2021-01-15' },
    });
    expect(stated.requirement?.ratio).toBe('0.6');
    const report = await ledger.reinvestment.report(admin, { fundId, asOf: '2021-12-31' });
    expect([report.commitment, report.required, report.counted, report.shortfall].map(yuan)).toEqual([
      '100,000.00',
      '60,000.00',
      '45,000.00',
      '15,000.00',
    ]);
    expect(report.achievedRatio).toBe('0.4500');
    expect(report.investments?.map((line) => [line.targetId, line.counts, line.why])).toEqual([
      [local, true, 'enterprise settled in the region on the investment date'],
      [returnee, false, 'outside the region'],
      [away, false, 'outside the region'],
      [projectInPark, true, 'project in the region'],
      [projectAway, false, 'outside the region'],
    ]);
    expect(
      await outcomeOf(
        ledger.reinvestment.state(admin, {
          fundId,
          requirement: { regionParkIds: [district], ratio: '0', partnerId: government, effectiveOn: '2021-01-15' },
        }),
      ),
    ).toBe('ledger-invalid ratio');

    // the returnee-founded enterprise, directly (20,000.00) and through its project (15,000.00), of 80,000.00
    const figures = await ledger.reports.figures(admin, { fundId, asOf: '2021-12-31' });
    expect([yuan(figures.investedInReturneeFounded), figures.returneeFoundedShare]).toEqual(['35,000.00', '0.4375']);
  });

  describe('an import of many entries in one request', () => {
    let fundId: string;
    let investmentId: string;
    const feeEntry = (effectiveOn: string, amount: string, memo = 'imported fee') => ({
      effectiveOn,
      operation: 'fee',
      memo,
      postings: [
        { account: 'fees', amount: cny(amount) },
        { account: 'cash', amount: { ...cny(amount), minorUnits: `-${cny(amount).minorUnits}` } },
      ],
    });
    const entriesOf = async () => {
      const rows = await ledger.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM ledger.journal_entries WHERE fund_id = $1',
        [fundId],
      );
      return rows[0]?.n ?? 0;
    };

    beforeAll(async () => {
      ({ fundId } = await fundWithCash('Imports', '100,000.00', '2021-02-10', 'Only partner'));
      investmentId =
        (
          await ledger.portfolio.invest(admin, {
            fundId,
            targetKind: 'project',
            targetId: project,
            form: 'equity',
            amount: cny('50,000.00'),
            effectiveOn: '2021-03-01',
          })
        ).investment?.id ?? '';
    });

    it('writes 1,000 entries at once, in order, with their balances', async () => {
      const entries = Array.from({ length: 1000 }, (_, i) =>
        i % 2 === 0
          ? feeEntry('2022-01-03', '10.00', `fee ${i}`)
          : {
              effectiveOn: '2022-01-04',
              operation: 'value',
              memo: `value ${i}`,
              postings: [
                { account: `valuation:${investmentId}`, amount: cny('1.00') },
                { account: 'unrealised-gain', amount: { minorUnits: '-100', currency: 'CNY' } },
              ],
            },
      );
      const before = await entriesOf();
      const { entryIds } = await ledger.imports.importEntries(admin, { fundId, entries });
      expect(entryIds).toHaveLength(1000);
      expect((await entriesOf()) - before).toBe(1000);
      expect(await balance(fundId, 'fees')).toBe('5,000.00');
      expect(await balance(fundId, 'cash')).toBe('45,000.00');
      expect(await balance(fundId, `valuation:${investmentId}`)).toBe('500.00');
    });

    it('refuses the whole import when one entry breaks a limit, naming that entry', async () => {
      const entries = Array.from({ length: 800 }, (_, i) => feeEntry('2022-02-01', i === 699 ? '45,000.00' : '0.01'));
      const before = await entriesOf();
      let refusal: DomainError | undefined;
      try {
        await ledger.imports.importEntries(admin, { fundId, entries });
      } catch (error) {
        refusal = error as DomainError;
      }
      expect(refusal?.code).toBe('ledger-limit-exceeded');
      expect(refusal?.fields[0]).toMatchObject({ field: 'entries[699]', rule: 'cash' });
      expect(refusal?.message).toBe(
        'no investment, distribution or fee above the cash the fund holds on its date: entries[699] takes cash below zero; it would fall to -7.99 CNY on 2022-02-01',
      );
      expect(await entriesOf()).toBe(before);
      expect(await balance(fundId, 'cash')).toBe('45,000.00');
    });

    it('names an entry with an account the fund does not have, or dated in a closed period', async () => {
      const stranger = uuidv7();
      const entries = [
        feeEntry('2022-03-01', '1.00'),
        {
          effectiveOn: '2022-03-01',
          operation: 'distribute',
          postings: [
            { account: `distributed:${stranger}`, amount: cny('1.00') },
            { account: 'cash', amount: { minorUnits: '-100', currency: 'CNY' } },
          ],
        },
      ];
      expect(await outcomeOf(ledger.imports.importEntries(admin, { fundId, entries }))).toBe(
        'ledger-invalid known-account',
      );
      const early = {
        effectiveOn: '2021-02-15', // before the investment was made, on 2021-03-01
        operation: 'value',
        postings: [
          { account: `valuation:${investmentId}`, amount: cny('1.00') },
          { account: 'unrealised-gain', amount: { minorUnits: '-100', currency: 'CNY' } },
        ],
      };
      expect(await outcomeOf(ledger.imports.importEntries(admin, { fundId, entries: [early] }))).toBe(
        'ledger-invalid on-or-after-latest-entry',
      );
      await ledger.funds.closePeriod(admin, { fundId, through: '2022-02-28' });
      expect(
        await outcomeOf(
          ledger.imports.importEntries(admin, {
            fundId,
            entries: [feeEntry('2022-03-01', '1.00'), feeEntry('2022-02-28', '1.00')],
          }),
        ),
      ).toBe('period-closed period-closed');
    });
  });

  describe('reports by partner', () => {
    /** A fund: partners by name with their commitments, one call paid as given, dated as given. */
    const fundWith = async (
      name: string,
      commitments: [string, string][],
      call: { amount: string; on: string; payments: [string, string, string][] },
    ) => {
      const fundId = (await newFund(name)).id ?? '';
      const ids = new Map<string, string>();
      for (const [partner, amount] of commitments)
        ids.set(partner, (await commit(fundId, partner, amount)).partner?.id ?? '');
      const called = await ledger.capital.call(admin, {
        fundId,
        amount: cny(call.amount),
        effectiveOn: call.on,
        dueOn: '2021-03-31',
      });
      for (const [partner, amount, on] of call.payments) {
        await ledger.capital.receive(admin, {
          fundId,
          callId: called.call?.id ?? '',
          partnerId: ids.get(partner) ?? '',
          amount: cny(amount),
          effectiveOn: on,
        });
      }
      return { fundId, ids };
    };
    const statement = async (fundId: string, partnerId: string, from: string, to: string) => {
      const { statement: s } = await ledger.partnerReports.capitalAccount(admin, { fundId, partnerId, from, to });
      return [
        s?.beginningBalance,
        s?.contributions,
        s?.distributions,
        s?.managementFees,
        s?.gainsLosses,
        s?.endingBalance,
      ].map(yuan);
    };

    it('gives each partner an ILPA capital account statement whose endings sum to the NAV', async () => {
      const { fundId, ids } = await fundWith(
        'Capital accounts',
        [
          ['A', '600,000.00'],
          ['B', '400,000.00'],
        ],
        {
          amount: '500,000.00',
          on: '2021-02-01',
          payments: [
            ['A', '300,000.00', '2021-02-20'],
            ['B', '150,000.00', '2021-02-25'],
          ],
        },
      );
      const { investment } = await ledger.portfolio.invest(admin, {
        fundId,
        targetKind: 'project',
        targetId: project,
        form: 'equity',
        amount: cny('300,000.00'),
        effectiveOn: '2021-04-01',
      });
      await ledger.portfolio.value(admin, {
        fundId,
        investmentId: investment?.id ?? '',
        fairValue: cny('360,000.00'),
        effectiveOn: '2021-12-31',
      });
      await ledger.capital.distribute(admin, { fundId, amount: cny('100,000.00'), effectiveOn: '2022-06-30' });
      await ledger.capital.fee(admin, { fundId, amount: cny('10,000.00'), effectiveOn: '2022-06-30' });
      const a = ids.get('A') ?? '';
      const b = ids.get('B') ?? '';
      // beginning, contributions, distributions, fees, gains and losses, ending
      expect(await statement(fundId, a, '2021-01-01', '2021-12-31')).toEqual([
        '0.00',
        '300,000.00',
        '0.00',
        '0.00',
        '40,000.00',
        '340,000.00',
      ]);
      expect(await statement(fundId, b, '2021-01-01', '2021-12-31')).toEqual([
        '0.00',
        '150,000.00',
        '0.00',
        '0.00',
        '20,000.00',
        '170,000.00',
      ]);
      expect(await statement(fundId, a, '2022-01-01', '2022-12-31')).toEqual([
        '340,000.00',
        '0.00',
        '-66,666.67',
        '-6,666.67',
        '0.00',
        '266,666.66',
      ]);
      expect(await statement(fundId, b, '2022-01-01', '2022-12-31')).toEqual([
        '170,000.00',
        '0.00',
        '-33,333.33',
        '-3,333.33',
        '0.00',
        '133,333.34',
      ]);
      const { statement: bEnd } = await ledger.partnerReports.capitalAccount(admin, {
        fundId,
        partnerId: b,
        from: '2021-01-01',
        to: '2021-12-31',
      });
      expect([bEnd?.commitment, bEnd?.paidIn, bEnd?.calledUnpaid, bEnd?.unfundedCommitment].map(yuan)).toEqual([
        '400,000.00',
        '150,000.00',
        '50,000.00',
        '200,000.00',
      ]);
      const nav = async (asOf: string) => yuan((await ledger.reports.figures(admin, { fundId, asOf })).nav);
      expect([await nav('2021-12-31'), await nav('2022-12-31')]).toEqual(['510,000.00', '400,000.00']);
      const refusal = (from: string, to: string, partnerId = a) =>
        outcomeOf(ledger.partnerReports.capitalAccount(admin, { fundId, partnerId, from, to }));
      expect(await refusal('2020-12-31', '2021-12-31')).toBe('before-fund-start after-fund-start');
      expect(await refusal('2022-02-01', '2022-01-31')).toBe('ledger-invalid on-or-before-to');
      expect(await refusal('2021-01-01', '2021-12-31', uuidv7())).toBe('partner-not-found');
    });

    it('looks through a mother fund into its sub-funds’ investments, pro rata to its paid-in share', async () => {
      const mother = (await newFund('Mother')).id ?? '';
      const sub = (await newFund('Sub-fund 1')).id ?? '';
      const inSub = await ledger.funds.commitPartner(admin, {
        fundId: sub,
        name: 'Mother',
        kind: 'fund',
        role: 'LP',
        partnerFundId: mother,
        commitment: cny('300,000.00'),
        effectiveOn: '2021-01-10',
      });
      const other = await commit(sub, 'Other', '600,000.00');
      const called = await ledger.capital.call(admin, {
        fundId: sub,
        amount: cny('300,000.00'),
        effectiveOn: '2021-02-01',
        dueOn: '2021-03-01',
      });
      for (const [partnerId, amount] of [
        [inSub.partner?.id ?? '', '100,000.00'],
        [other.partner?.id ?? '', '200,000.00'],
      ] as const) {
        await ledger.capital.receive(admin, {
          fundId: sub,
          callId: called.call?.id ?? '',
          partnerId,
          amount: cny(amount),
          effectiveOn: '2021-02-10',
        });
      }
      const invest = async (form: string, amount: string) =>
        (
          await ledger.portfolio.invest(admin, {
            fundId: sub,
            targetKind: 'project',
            targetId: project,
            form,
            amount: cny(amount),
            effectiveOn: '2021-03-01',
          })
        ).investment?.id ?? '';
      const i1 = await invest('equity', '100,000.01');
      const i2 = await invest('angel', '150,000.01');
      await invest('loan', '10,000.00');
      await ledger.portfolio.exit(admin, {
        fundId: sub,
        investmentId: i2,
        cost: cny('50,000.01'),
        proceeds: cny('60,000.00'),
        effectiveOn: '2021-06-01',
      });
      const look = async (asOf: string) => {
        const answer = await ledger.partnerReports.lookThrough(admin, { fundId: mother, asOf });
        return answer.subFunds?.map((s) => ({
          share: s.share,
          lines: Object.fromEntries(
            (s.investments ?? []).map((line): [string, string[]] => [
              line.investmentId ?? '',
              [yuan(line.remainingCost), yuan(line.lookThrough)],
            ]),
          ),
          total: yuan(s.lookThrough),
        }));
      };
      expect((await look('2021-12-31'))?.[0]).toMatchObject({
        share: '0.333333',
        lines: { [i1]: ['100,000.01', '33,333.34'], [i2]: ['100,000.00', '33,333.33'] },
      });
      expect((await look('2021-12-31'))?.[0]?.total).toBe('70,000.00'); // 210,000.01 × 1/3, truncated
      expect((await ledger.partnerReports.lookThrough(admin, { fundId: sub, asOf: '2021-12-31' })).subFunds).toEqual(
        [],
      );
      const manager: Caller = { subject: 'fm', role: 'fund-manager', parkScope: [], fundScope: [sub], policyScope: [] };
      expect(await outcomeOf(ledger.partnerReports.lookThrough(manager, { fundId: mother }))).toBe('fund-not-found');
    });
  });

  it('closes the books: an entry dated in the closed period is refused with the date, the next one goes in', async () => {
    const fundId = (await newFund('Closing')).id ?? '';
    await commit(fundId, 'Only partner', '100,000.00');
    await ledger.funds.closePeriod(admin, { fundId, through: '2021-12-31' });
    expect(await outcomeOf(commit(fundId, 'Late partner', '1.00', '2021-12-15'))).toBe('period-closed period-closed');
    expect(await outcomeOf(commit(fundId, 'Late partner', '1.00', '2022-01-05'))).toBe('ok');
    expect(await outcomeOf(ledger.funds.closePeriod(admin, { fundId, through: '2021-06-30' }))).toBe(
      'period-closed after-last-close',
    );
  });

  it('shows a fund manager only its funds: another fund answers as a missing one; an auditor writes nothing', async () => {
    const mine = (await newFund('Mine')).id ?? '';
    const theirs = (await newFund('Theirs')).id ?? '';
    const manager: Caller = { subject: 'fm', role: 'fund-manager', parkScope: [], fundScope: [mine], policyScope: [] };
    const auditor: Caller = { subject: 'au', role: 'auditor', parkScope: [], fundScope: [], policyScope: [] };
    expect((await ledger.funds.get(manager, mine)).id).toBe(mine);
    expect(await outcomeOf(ledger.funds.get(manager, theirs))).toBe('fund-not-found');
    expect((await ledger.funds.list(manager, {})).funds?.map((f) => f.id)).toEqual([mine]);
    expect(await outcomeOf(ledger.funds.commitPartner(manager, { fundId: theirs }))).toBe('ledger-invalid required');
    expect(
      await outcomeOf(
        ledger.funds.commitPartner(manager, {
          fundId: theirs,
          name: 'X',
          kind: 'private',
          role: 'LP',
          commitment: cny('1.00'),
          effectiveOn: '2021-02-01',
        }),
      ),
    ).toBe('fund-not-found');
    expect(
      await outcomeOf(ledger.capital.fee(auditor, { fundId: mine, amount: cny('1.00'), effectiveOn: '2021-02-01' })),
    ).toBe('forbidden');
    // a fund it doesn't manage can't be named as a partner: answered as if it didn't exist
    const asPartner = (partnerFundId: string) =>
      outcomeOf(
        ledger.funds.commitPartner(manager, {
          fundId: mine,
          name: `Fund ${partnerFundId}`,
          kind: 'fund',
          role: 'LP',
          partnerFundId,
          commitment: cny('1.00'),
          effectiveOn: '2021-02-01',
        }),
      );
    expect([await asPartner(theirs), await asPartner(uuidv7())]).toEqual([
      'ledger-invalid known-fund',
      'ledger-invalid known-fund',
    ]);
  });
});
