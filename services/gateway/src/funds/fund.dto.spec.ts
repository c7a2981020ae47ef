import { type ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@parkledger/platform';
import { strictValidation } from '../http/validation';
import {
  BalancesQuery,
  CallCapitalDto,
  CapitalAccountQuery,
  ChangeCommitmentDto,
  CommitPartnerDto,
  DistributeDto,
  RealiseExitDto,
  RegisterFundDto,
} from './fund.dto';

const pipe = strictValidation();
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });
const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

/** The broken rules, as `field: rule` in order; none when the input is taken. */
async function refusal(value: object, metadata: ArgumentMetadata): Promise<string[]> {
  try {
    await pipe.transform(value, metadata);
  } catch (error) {
    if (error instanceof DomainError) return error.fields.map((f) => `${f.field}: ${f.rule}`).sort();
    throw error;
  }
  return [];
}

const cny = (amount: string) => ({ amount, currency: 'CNY' });

describe('fund requests', () => {
  const fund = {
    nameZh: '菏泽市产业发展基金',
    nameEn: 'Heze Industrial Development Fund',
    kind: 'guidance',
    currency: 'CNY',
    manager: 'Heze Investment',
    vintageOn: '2021-06-30',
  };

  it('register a fund with a known kind and currency, on a calendar date, over unique park ids', async () => {
    expect(await refusal(fund, body(RegisterFundDto))).toEqual([]);
    const parks = ['0194f8a2-1c3e-7b4d-9a10-2f6c1d9e8b70'];
    expect(await refusal({ ...fund, regionParkIds: parks }, body(RegisterFundDto))).toEqual([]);
    expect(
      await refusal(
        { ...fund, kind: 'hedge', currency: 'cny', vintageOn: '2021-02-29', regionParkIds: ['x', ...parks, ...parks] },
        body(RegisterFundDto),
      ),
    ).toEqual(
      [
        'kind: isIn',
        'currency: isIn',
        'vintageOn: isCalendarDate',
        'regionParkIds: arrayUnique',
        'regionParkIds: isUuid',
      ].sort(),
    );
  });

  it('commit a partner with a positive commitment in a decimal string, never a float', async () => {
    const partner = { name: 'Yankuang', kind: 'state-owned', role: 'LP', effectiveOn: '2021-07-01' };
    expect(await refusal({ ...partner, commitment: cny('3000000000.00') }, body(CommitPartnerDto))).toEqual([]);
    expect(await refusal({ ...partner, commitment: cny('0.00') }, body(CommitPartnerDto))).toEqual([
      'commitment: positive',
    ]);
    expect(await refusal({ ...partner, commitment: { amount: 3e9, currency: 'CNY' } }, body(CommitPartnerDto))).toEqual(
      ['commitment.amount: isString', 'commitment.amount: matches'],
    );
    expect(await refusal({ ...partner, commitment: cny('-5.00') }, body(CommitPartnerDto))).toContain(
      'commitment.amount: matches',
    );
    expect(await refusal({ ...partner, commitment: cny('1.005') }, body(CommitPartnerDto))).toEqual([
      'commitment.amount: currency-decimals',
      'commitment.amount: matches',
    ]);
    expect(await refusal({ ...partner, role: 'lp' }, body(CommitPartnerDto))).toEqual([
      'commitment: isDefined',
      'role: isIn',
    ]);
  });

  it('change a commitment by a signed amount other than zero', async () => {
    const on = { effectiveOn: '2022-01-01' };
    expect(await refusal({ ...on, change: cny('-500000000.00') }, body(ChangeCommitmentDto))).toEqual([]);
    expect(await refusal({ ...on, change: cny('250000000') }, body(ChangeCommitmentDto))).toEqual([]);
    expect(await refusal({ ...on, change: cny('0.00') }, body(ChangeCommitmentDto))).toEqual(['change: non-zero']);
    expect(await refusal({ ...on, change: cny('-0.00') }, body(ChangeCommitmentDto))).toEqual(['change: non-zero']);
    expect(await refusal({ ...on, change: { amount: '-1.5', currency: 'JPY' } }, body(ChangeCommitmentDto))).toEqual([
      'change.amount: currency-decimals',
    ]);
  });

  it('call capital with a positive amount and both dates', async () => {
    const call = { amount: cny('600000000.00'), effectiveOn: '2022-03-01', dueOn: '2022-03-31' };
    expect(await refusal(call, body(CallCapitalDto))).toEqual([]);
    expect(await refusal({ ...call, amount: cny('0'), dueOn: undefined }, body(CallCapitalDto))).toEqual([
      'amount: positive',
      'dueOn: isCalendarDate',
    ]);
  });

  it('realise an exit with a positive cost and proceeds of zero or more', async () => {
    const exit = { cost: cny('100.00'), proceeds: cny('0.00'), effectiveOn: '2025-03-31' };
    expect(await refusal(exit, body(RealiseExitDto))).toEqual([]);
    expect(await refusal({ ...exit, cost: cny('0.00') }, body(RealiseExitDto))).toEqual(['cost: positive']);
  });

  it('distribute with or without shares, each share checked and no field unknown', async () => {
    const distribution = { amount: cny('100.00'), effectiveOn: '2025-04-30' };
    expect(await refusal(distribution, body(DistributeDto))).toEqual([]);
    const share = { partnerId: '0194f8a2-1c3e-7b4d-9a10-2f6c1d9e8b70', amount: cny('100.00') };
    expect(await refusal({ ...distribution, shares: [share] }, body(DistributeDto))).toEqual([]);
    expect(
      await refusal(
        { ...distribution, shares: [{ ...share, partnerId: 'p1', extra: 1 }, { amount: 5 }] },
        body(DistributeDto),
      ),
    ).toEqual([
      'shares.0.extra: unknown-field',
      'shares.0.partnerId: isUuid',
      'shares.1.amount: nestedValidation',
      'shares.1.partnerId: isUuid',
    ]);
  });

  it('ask for balances as known at an RFC 3339 instant', async () => {
    expect(await refusal({ asOf: '2024-12-31', knownAt: '2025-01-15T00:00:00Z' }, query(BalancesQuery))).toEqual([]);
    expect(await refusal({ knownAt: '2025-01-15' }, query(BalancesQuery))).toEqual(['knownAt: isInstant']);
  });

  it('ask for a capital account over a period of two calendar dates, both required', async () => {
    expect(await refusal({ from: '2024-01-01', to: '2024-12-31' }, query(CapitalAccountQuery))).toEqual([]);
    expect(await refusal({ from: '2024-02-30' }, query(CapitalAccountQuery))).toEqual([
      'from: isCalendarDate',
      'to: isCalendarDate',
    ]);
  });
});
